// `npx authcore password | token` (the installed package's bin: src/command.rs in the
// authcore/passwords and authcore/keys WASM) against the native `authcore` binary (cargo build
// --bin authcore, the same src/command.rs natively): the same stdout byte for byte and the same
// exit code for every command, on inputs we did not write: Better Auth's own password vector and
// the cookies the real Better Auth set (tests/vectors), legacy hashes from the reference
// implementations, and ES256 / EdDSA JWTs that jose signs here.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import * as jose from "jose";
import { parseCommandLine } from "authcore/doctor";
import { runPasswordCommand } from "authcore/passwords";
import { runTokenCommand } from "authcore/keys";
import { AuthError } from "authcore";

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "../..");
const NPX_CLI = join(dirname(createRequire(import.meta.url).resolve("authcore/package.json")), "dist", "cli.mjs");
const TARGET = process.env.CARGO_TARGET_DIR ? resolve(ROOT, process.env.CARGO_TARGET_DIR) : join(ROOT, "target");
const NATIVE = process.env.AUTHCORE_NATIVE_BIN ?? join(TARGET, "debug", "authcore");
const vectors = (p) => JSON.parse(readFileSync(join(ROOT, "tests/vectors", p), "utf8"));
const BA = vectors("better-auth/better-auth-1.6.34.json");
const COOKIES = vectors("cookies/better-auth-cookies.json");
const LEGACY = vectors("legacy/legacy-hashes.json");

/** The environment without the variables `token explain` reads. */
const BASE_ENV = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !["BETTER_AUTH_SECRETS", "BETTER_AUTH_SECRET", "AUTH_SECRET"].includes(k)),
);

function run(cmd, args, { input, env } = {}) {
  return new Promise((ok) => {
    const child = execFile(cmd, args, { env: { ...BASE_ENV, ...env }, encoding: "buffer", maxBuffer: 1 << 26 }, (err, stdout, stderr) =>
      ok({ code: err ? err.code : 0, stdout, stderr: stderr.toString() }),
    );
    child.stdin.on("error", () => {});
    child.stdin.end(input ?? "");
  });
}

/** Both CLIs: same exit code, byte-identical stdout, and an `authcore: … (ERR_…)` line for exit 2. */
async function same(args, o = {}, expectCode) {
  const [a, b] = await Promise.all([run(NATIVE, args, o), run(process.execPath, [NPX_CLI, ...args], o)]);
  const what = `authcore ${args.join(" ").slice(0, 200)}`;
  assert.equal(b.code, a.code, `${what}: exit codes differ (native stderr: ${a.stderr}; npx stderr: ${b.stderr})`);
  assert.ok(a.stdout.equals(b.stdout), `${what}: stdout differs\n--- native\n${a.stdout}\n--- npx\n${b.stdout}`);
  if (expectCode !== undefined) assert.equal(a.code, expectCode, `${what}: exit ${a.code}, stderr ${a.stderr}`);
  if (a.code === 2) {
    // Same error code; the wording of I/O errors may differ (Rust's io::Error vs Node's).
    const code = (s) => /\((ERR_[A-Z_]+)\)\n$/.exec(s)?.[1];
    assert.ok(code(a.stderr), `${what}: native stderr ${a.stderr}`);
    assert.equal(code(b.stderr), code(a.stderr), `${what}: native ${a.stderr} npx ${b.stderr}`);
  }
  return a;
}

let dir;
before(() => {
  if (!process.env.AUTHCORE_NATIVE_BIN) {
    const r = spawnSync("cargo", ["build", "--bin", "authcore"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
    assert.equal(r.status, 0, "cargo build --bin authcore failed");
  }
  dir = mkdtempSync(join(tmpdir(), "authcore-npx-commands-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test("password hash: Better Auth's own vector with its salt, byte for byte in both CLIs", async () => {
  const v = BA.passwords.vectors[0];
  const salt = v.hash.split(":")[0];
  const out = await same(["password", "hash", "--salt", salt], { input: `${v.password}\n` }, 0);
  assert.equal(out.stdout.toString(), `${v.hash}\n`);
});

test("password hash without a salt: each CLI's random hash verifies in the other", async () => {
  const pw = "correct horse battery staple";
  const [a, b] = await Promise.all([
    run(NATIVE, ["password", "hash"], { input: `${pw}\n` }),
    run(process.execPath, [NPX_CLI, "password", "hash"], { input: `${pw}\n` }),
  ]);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
  assert.match(b.stdout.toString(), /^[0-9a-f]{32}:[0-9a-f]{128}\n$/);
  assert.notEqual(a.stdout.toString(), b.stdout.toString());
  for (const [hash, other] of [[a.stdout, NPX_CLI], [b.stdout, NATIVE]]) {
    const args = ["password", "verify", "--hash", hash.toString().trim()];
    const r = other === NATIVE ? await run(NATIVE, args, { input: pw }) : await run(process.execPath, [NPX_CLI, ...args], { input: pw });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.toString(), "ok\n");
  }
});

test("password verify: ok / mismatch / errors, every stdin shape, the same in both CLIs", async () => {
  const v = BA.passwords.vectors[0];
  const cases = [
    [["password", "verify", "--hash", v.hash], `${v.password}\n`, 0],
    [["password", "verify", "--hash", v.hash], `${v.password}\r\n`, 0],
    [["password", "verify", "--hash", v.hash], v.password, 0], // no newline
    [["password", "verify", "--hash", v.hash], `${v.password}\nsecond line\n`, 0],
    [["password", "verify", "--hash", v.hash], `${v.password}!\n`, 1],
    [["password", "verify", "--hash", v.hash], "", 1],
    [["password", "verify", "--hash", v.hash], Buffer.from([0xff, 0xfe, 0x0a]), 2], // not UTF-8
    [["password", "verify", "--hash", v.hash], "x".repeat(64 * 1024 + 10), 2], // too long
    [["password", "verify", "--hash", "not-a-hash"], "pw\n", 2],
    [["password", "verify", "--hash", v.hash, "--max-password-length", "3"], "long password\n", 2],
    [["password", "verify", "--hash", v.hash, "--max-password-length", "0"], "pw\n", 2],
    [["password", "hash", "--salt", "00112233445566778899aabbccddeeff"], "ｆｕｌｌｗｉｄｔｈ\n", 0], // NFKC
    [["password", "hash", "--salt", ""], "pw\n", 2],
    [["password", "hash", "--max-password-length", "4"], "12345\n", 2],
  ];
  for (const [args, input, code] of cases) await same(args, { input }, code);
});

test("password verify --legacy: hashes from the reference implementations (bcryptjs, Python, Django, Firebase), the same in both CLIs", async () => {
  for (const v of LEGACY.vectors) {
    const args = ["password", "verify", "--legacy", "--hash", v.hash];
    // Firebase hashes without their parameters embedded need them from the project: an error.
    const code = v.hash.startsWith("$fbscrypt$") && !/ss=/.test(v.hash) ? 2 : 0;
    await same(args, { input: `${v.password}\n` }, code);
    // A wrong first character (bcrypt reads only the first 72 bytes: a suffix could still match).
    await same(args, { input: `!${v.password}\n` }, code === 0 ? 1 : 2);
    // Without --legacy a legacy hash is refused, as Better Auth's own verify would.
    if (v.algorithm !== "better-auth-scrypt") await same(["password", "verify", "--hash", v.hash], { input: `${v.password}\n` }, 2);
  }
});

test("token inspect and explain: every cookie flow the real Better Auth set, text and --json", async () => {
  for (const f of COOKIES.flows) {
    const now = String(Math.trunc(f.libraryGetCookieCache?.updatedAt ?? Date.parse(COOKIES.generatedAt)));
    const jwks = f.jwks ? join(dir, `${f.name}.jwks.json`) : null;
    if (jwks) writeFileSync(jwks, typeof f.jwks === "string" ? f.jwks : JSON.stringify(f.jwks));
    const opts = [...(f.cookiePrefix !== "better-auth" ? ["--cookie-prefix", f.cookiePrefix] : []), "--now", now];
    // A jwt cookie cache signed with the JWT plugin's keys is checked against its JWKS.
    if (jwks && f.strategy === "jwt") opts.push("--jwks", jwks);
    await same(["token", "inspect", f.cookieHeader], {}, 0);
    await same(["token", "inspect", "--json", "-"], { input: `${f.cookieHeader}\n` }, 0);
    // What Better Auth set, at the time it set it, under its secret: valid.
    await same(["token", "explain", f.cookieHeader, "--secret", f.secret, ...opts], {}, 0);
    // The same Cookie header against a JWKS: a JWT verifier would refuse it (exit 1, saying why).
    if (jwks) await same(["token", "explain", f.cookieHeader, "--jwks", jwks, "--now", now], {}, 1);
    await same(["token", "explain", "--json", "-", ...opts], { input: f.cookieHeader, env: { BETTER_AUTH_SECRET: f.secret } }, 0);
    if (Array.isArray(f.secrets) && f.secrets.length) {
      const env = f.secrets.map((s) => (typeof s === "string" ? s : `${s.version}:${s.value}`)).join(",");
      await same(["token", "explain", f.cookieHeader, ...opts], { env: { BETTER_AUTH_SECRETS: env } }, 0);
    }
    // Wrong secret, another time, another audience: invalid (exit 1) with every reason.
    await same(["token", "explain", f.cookieHeader, "--secret", "wrong-secret-wrong-secret", "--now", "2030-01-01T00:00:00Z", "--audience", "convex"], {}, 1);
  }
});

test("token explain: JWTs jose signs (ES256, EdDSA) against a JWKS file; missing and broken files exit 2", async () => {
  for (const alg of ["ES256", "EdDSA"]) {
    const { publicKey, privateKey } = await jose.generateKeyPair(alg, { extractable: true, crv: alg === "EdDSA" ? "Ed25519" : undefined });
    const jwk = { ...(await jose.exportJWK(publicKey)), kid: `k-${alg}`, alg };
    const path = join(dir, `${alg}.jwks.json`);
    writeFileSync(path, JSON.stringify({ keys: [jwk] }));
    const iat = 1_800_000_000;
    const jwt = await new jose.SignJWT({ sub: "user_1", email: "a@example.com" })
      .setProtectedHeader({ alg, kid: jwk.kid })
      .setIssuedAt(iat)
      .setExpirationTime(iat + 900)
      .setIssuer("https://app.example.com")
      .setAudience("convex")
      .sign(privateKey);
    const at = (s) => ["--now", `${s}s`];
    await same(["token", "explain", jwt, "--jwks", path, ...at(iat + 60), "--issuer", "https://app.example.com", "--audience", "convex"], {}, 0);
    await same(["token", "explain", `Bearer ${jwt}`, "--jwks", path, ...at(iat + 60), "--json"], {}, 0);
    await same(["token", "explain", jwt, "--jwks", path, ...at(iat + 3600)], {}, 1); // expired
    await same(["token", "explain", jwt, "--jwks", path, ...at(iat + 60), "--audience", "other"], {}, 1);
    await same(["token", "inspect", jwt], {}, 0);
  }
  const jwt = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln";
  await same(["token", "explain", jwt, "--jwks", join(dir, "missing.json")], {}, 2);
  writeFileSync(join(dir, "bad-utf8.json"), Buffer.from([0xff, 0xfe]));
  await same(["token", "explain", jwt, "--jwks", join(dir, "bad-utf8.json")], {}, 2);
  await same(["token", "explain", jwt, "--jwks", dir], {}, 2); // a directory
  await same(["token", "inspect", "not a token"], {}, 2);
  await same(["token", "inspect", "-"], { input: "" }, 2);
  await same(["token", "explain", jwt, "--now", "yesterday"], {}, 2);
  await same(["token", "explain", jwt, "--strategy", "nope", "--secret", "s".repeat(32)], {}, 2);
});

test("runPasswordCommand / runTokenCommand: parseCommandLine's args in, the binary's output out", () => {
  const v = BA.passwords.vectors[0];
  const salt = v.hash.split(":")[0];
  const p = parseCommandLine(["password", "hash", "--salt", salt]);
  assert.equal(p.command, "password");
  assert.deepEqual(runPasswordCommand(p.args, { stdin: `${v.password}\n` }), { stdout: `${v.hash}\n`, exitCode: 0 });
  const verify = parseCommandLine(["password", "verify", "--hash", v.hash]).args;
  assert.deepEqual(runPasswordCommand(verify, { stdin: new TextEncoder().encode("nope") }), { stdout: "mismatch\n", exitCode: 1 });
  // What each command reads, as the core says (the CLI reads exactly that before running it).
  assert.deepEqual(p.reads, { stdin: { max: 64 * 1024 + 3, line: true }, env: [], files: [] });
  assert.deepEqual(parseCommandLine(["token", "inspect", "abc"]).reads, { stdin: null, env: [], files: [] });
  assert.deepEqual(parseCommandLine(["token", "explain", "-", "--jwks", "k.json"]).reads, {
    stdin: { max: 512 * 1024 + 1, line: false },
    env: ["BETTER_AUTH_SECRETS", "BETTER_AUTH_SECRET", "AUTH_SECRET"],
    files: ["k.json"],
  });
  const f = COOKIES.flows[0];
  const t = parseCommandLine(["token", "explain", "-", "--now", "2030-01-01T00:00:00Z"]);
  const r = runTokenCommand(t.args, { stdin: f.cookieHeader, env: { BETTER_AUTH_SECRET: f.secret } });
  assert.equal(r.exitCode, 1);
  assert.match(r.stdout, /FAIL ERR_/);
  // Bad arguments are coded errors, and the instance keeps serving after thousands of them.
  const bad = [
    [() => runPasswordCommand({ op: "hash", nope: 1 }, { stdin: "x" }), "ERR_INVALID_ARGUMENT"],
    [() => runPasswordCommand(null, {}), "ERR_INVALID_ARGUMENT"],
    [() => runPasswordCommand({ op: "hash", maxPasswordLength: 3 }, { stdin: "12345" }), "ERR_INVALID_ARGUMENT"],
    [() => runPasswordCommand({ op: "verify", salt: "x", hash: "a:b" }, { stdin: "x" }), "ERR_INVALID_ARGUMENT"],
    [() => runPasswordCommand({ op: "rehash" }, { stdin: "x" }), "ERR_INVALID_ARGUMENT"],
    [() => runTokenCommand({ op: "inspect", value: "x", jwks: "k.json", json: false }, {}), "ERR_INVALID_ARGUMENT"],
    [() => runTokenCommand({ op: "explain", value: 42 }, {}), "ERR_INVALID_ARGUMENT"],
    [() => runPasswordCommand(verify, { stdin: 42 }), "ERR_INVALID_ARGUMENT"],
    [() => runTokenCommand({ op: "inspect", value: "-", json: false }, { stdin: "" }), "ERR_TOKEN_UNRECOGNIZED"],
    [() => runTokenCommand(t.args, { now: Number.NaN, stdin: "x" }), "ERR_INVALID_ARGUMENT"],
    [() => runTokenCommand(t.args, { files: { a: { text: "x", error: "y" } } }), "ERR_INVALID_ARGUMENT"],
  ];
  for (let i = 0; i < 2000; i++) {
    for (const [call, code] of bad) {
      assert.throws(call, (e) => e instanceof AuthError && e.code === code);
    }
  }
  assert.deepEqual(runPasswordCommand(p.args, { stdin: `${v.password}\n` }), { stdout: `${v.hash}\n`, exitCode: 0 });
  assert.equal(runTokenCommand(t.args, { stdin: f.cookieHeader, env: { BETTER_AUTH_SECRET: f.secret } }).exitCode, 1);
});
