// Password hashing benchmark: Better Auth's scrypt (N=16384, r=16, p=1, dkLen=64) in every
// implementation a Better Auth user could run, in ONE Node process, interleaved round by
// round (so machine noise hits all peers alike), medians of ROUNDS runs.
//
//   bash bench/run.sh            (builds what it needs, then runs this file)
//   ROUNDS=30 node bench/passwords.mjs
//
// Peers:
//   authcore        hashPassword from the installed npm package (WASM, +simd128)
//   noble           @noble/hashes scryptAsync: Better Auth's default on isolates
//                   (Convex, Workers, Edge) — the same call @better-auth/utils makes
//   node:crypto     crypto.scrypt (OpenSSL): Better Auth's default on Node
//   hash-wasm       hash-wasm's scrypt (another WASM build)
//   native          authcore's Rust release build, over a pipe (its own timer)
import { spawn } from "node:child_process";
import { scrypt as nodeScrypt } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createInterface } from "node:readline";
import { gzipSync } from "node:zlib";
import { scryptAsync } from "@noble/hashes/scrypt.js";
import { scrypt as hashWasmScrypt } from "hash-wasm";
import { hashPassword, hashPasswordWithSalt } from "authcore";

const ROUNDS = Number(process.env.ROUNDS ?? 15);
const N = 16384, r = 16, p = 1, dkLen = 64;
const PASSWORD = "correct horse battery staple";
const SALT = "00112233445566778899aabbccddeeff";
const NATIVE = process.env.NATIVE_BIN ?? "target/release/examples/scrypt-bench";

// The native peer answers one line per request: "<ms> <hash>".
const native = spawn(NATIVE, { stdio: ["pipe", "pipe", "inherit"] });
const nativeLines = createInterface({ input: native.stdout })[Symbol.asyncIterator]();
async function nativeHash() {
  native.stdin.write(PASSWORD + "\n");
  const { value } = await nativeLines.next();
  const [ms, hash] = value.split(" ");
  return { ms: Number(ms), hash };
}

const hex = (u8) => Buffer.from(u8).toString("hex");
const peers = {
  authcore: async () => hashPassword(PASSWORD),
  noble: async () =>
    hex(await scryptAsync(PASSWORD.normalize("NFKC"), SALT, { N, r, p, dkLen, maxmem: 128 * N * r * 2 })),
  "node:crypto": () =>
    new Promise((res, rej) =>
      nodeScrypt(PASSWORD.normalize("NFKC"), SALT, dkLen, { N, r, p, maxmem: 128 * N * r * 2 }, (e, k) =>
        e ? rej(e) : res(k.toString("hex")),
      ),
    ),
  "hash-wasm": async () =>
    hashWasmScrypt({ password: PASSWORD.normalize("NFKC"), salt: SALT, costFactor: N, blockSize: r, parallelism: p, hashLength: dkLen, outputType: "hex" }),
  native: null, // timed by the child
};

// Sanity: every peer computes the same key for the same salt (else the race means nothing).
const expected = hashPasswordWithSalt(PASSWORD, SALT).split(":")[1];
const nodeKey = await new Promise((res) =>
  nodeScrypt(PASSWORD, SALT, dkLen, { N, r, p, maxmem: 128 * N * r * 2 }, (_, k) => res(k.toString("hex"))),
);
const nativeKey = (await nativeHash()).hash.split(":")[1];
const hwKey = await peers["hash-wasm"]();
const nobleKey = await peers.noble();
for (const [name, key] of Object.entries({ "node:crypto": nodeKey, native: nativeKey, "hash-wasm": hwKey, noble: nobleKey })) {
  if (key !== expected) throw new Error(`${name} computed a different key; the benchmark would be meaningless`);
}

const times = Object.fromEntries(Object.keys(peers).map((k) => [k, []]));
// Warm-up: one untimed run each (JIT, WASM tier-up, first 32 MiB allocation).
for (const [name, fn] of Object.entries(peers)) (fn ? await fn() : await nativeHash());

for (let round = 0; round < ROUNDS; round++) {
  const order = Object.keys(peers);
  // Rotate the order each round so no peer always runs first or last.
  for (let i = 0; i < round % order.length; i++) order.push(order.shift());
  for (const name of order) {
    if (name === "native") {
      times.native.push((await nativeHash()).ms);
      continue;
    }
    const t = performance.now();
    await peers[name]();
    times[name].push(performance.now() - t);
  }
}
native.stdin.end();

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const med = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));

console.log(`scrypt N=${N} r=${r} p=${p} dkLen=${dkLen}; ${ROUNDS} interleaved rounds; Node ${process.version}\n`);
console.log("| implementation | median ms | × noble | × node:crypto |");
console.log("|---|---:|---:|---:|");
for (const [k, v] of Object.entries(med)) {
  console.log(`| ${k} | ${v.toFixed(1)} | ${(v / med.noble).toFixed(2)} | ${(v / med["node:crypto"]).toFixed(2)} |`);
}

const require = createRequire(import.meta.url);
const wasmPath = require.resolve("authcore/authcore_bg.wasm");
const wasm = readFileSync(wasmPath);
console.log(`\n.wasm: ${wasm.length} bytes raw, ${gzipSync(wasm, { level: 9 }).length} bytes gzipped`);

const a = med.authcore / med.noble, b = med.authcore / med["node:crypto"];
console.log(`\ngoal authcore ≤ 0.35× noble: ${a.toFixed(2)} ${a <= 0.35 ? "met" : "NOT met"}`);
console.log(`goal authcore ≤ 0.70× node:crypto: ${b.toFixed(2)} ${b <= 0.7 ? "met" : "NOT met"}`);
