// Legacy password verification (migrations): authcore's WASM against the JS/WASM peers a
// Node or edge app would otherwise use, in ONE process, interleaved, medians of ROUNDS runs.
//
//   bash bench/run.sh     or     ROUNDS=15 node bench/legacy.mjs
//
//   bcrypt cost 10 verify:            authcore (legacy: true)  vs  bcryptjs compare
//   argon2id m=19 MiB t=2 p=1 verify: authcore (legacy: true)  vs  hash-wasm argon2Verify
import bcrypt from "bcryptjs";
import { argon2id, argon2Verify } from "hash-wasm";
import { verifyPasswordSync } from "authcore";

const ROUNDS = Number(process.env.ROUNDS ?? 15);
const PASSWORD = "correct horse battery staple";
const bcryptHash = bcrypt.hashSync(PASSWORD, 10);
const argonHash = await argon2id({
  password: PASSWORD, salt: new Uint8Array(16).fill(7), parallelism: 1, iterations: 2,
  memorySize: 19456, hashLength: 32, outputType: "encoded",
});

const cases = {
  "bcrypt cost 10": {
    authcore: async () => verifyPasswordSync({ hash: bcryptHash, password: PASSWORD }, { legacy: true }),
    bcryptjs: async () => bcrypt.compare(PASSWORD, bcryptHash),
  },
  "argon2id m=19MiB t=2": {
    authcore: async () => verifyPasswordSync({ hash: argonHash, password: PASSWORD }, { legacy: true }),
    "hash-wasm": async () => argon2Verify({ password: PASSWORD, hash: argonHash }),
  },
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

console.log(`legacy verify; ${ROUNDS} interleaved rounds; Node ${process.version}\n`);
console.log("| case | implementation | median ms | × peer |");
console.log("|---|---|---:|---:|");
for (const [name, peers] of Object.entries(cases)) {
  for (const fn of Object.values(peers)) if ((await fn()) !== true) throw new Error(`${name}: a peer failed to verify`);
  const times = Object.fromEntries(Object.keys(peers).map((k) => [k, []]));
  for (let i = 0; i < ROUNDS; i++) {
    const order = Object.keys(peers);
    if (i % 2) order.reverse();
    for (const k of order) {
      const t = performance.now();
      await peers[k]();
      times[k].push(performance.now() - t);
    }
  }
  const [ours, peer] = Object.keys(peers);
  const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  console.log(`| ${name} | ${ours} | ${m[ours].toFixed(1)} | ${(m[ours] / m[peer]).toFixed(2)} |`);
  console.log(`| ${name} | ${peer} | ${m[peer].toFixed(1)} | 1.00 |`);
  console.log(`goal ${name}: authcore at least as fast as ${peer}: ${m[ours] <= m[peer] ? "met" : "NOT met"}`);
}
