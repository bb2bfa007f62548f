// `npx authcore doctor | fix | gen-export` (the installed package's bin, WASM) against the native
// `authcore` binary (cargo build --bin authcore): the same stdout byte for byte, the same exit
// codes, the same help text, byte-identical generated and fixed ZIPs for deterministic
// operations, the input never modified, dry runs writing nothing; and the JS API reading an
// export through a windowed source, never whole.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { inflateRawSync } from "node:zlib";
import { diagnoseExport, fixExport, generateExport } from "authcore/doctor";
import { verifyPasswordSync } from "authcore";

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "../..");
const NPX_CLI = join(dirname(createRequire(import.meta.url).resolve("authcore/package.json")), "dist", "cli.mjs");
const TARGET = process.env.CARGO_TARGET_DIR ? resolve(ROOT, process.env.CARGO_TARGET_DIR) : join(ROOT, "target");
const NATIVE = process.env.AUTHCORE_NATIVE_BIN ?? join(TARGET, "debug", "authcore");
const SAMPLE = join(ROOT, "examples", "sample-export.zip");
/** The secret `authcore gen-export` encrypts jwks private keys with (examples/sample-export.md). */
const GEN_SECRET = "authcore-gen-export-secret-0123456789abcdef";
/** Every code `gen-export --inject` takes (src/doctor/gen.rs INJECTABLE). */
const INJECTABLE = [
  "AUTH_USER_WITHOUT_APP_USER", "APP_USER_WITHOUT_AUTH_USER", "APP_USER_UNLINKED", "DUPLICATE_APP_USER",
  "DUPLICATE_AUTH_EMAIL", "EMAIL_MISMATCH", "ORPHAN_ACCOUNT", "ORPHAN_SESSION", "NO_SIGN_IN_METHOD",
  "DUPLICATE_CREDENTIAL_ACCOUNT", "PASSWORD_HASH_INVALID", "ADMIN_MISMATCH", "LEGACY_USERID_FIELD",
  "MULTIPLE_JWKS", "IMPORT_INVALID_JSON", "IMPORT_DOCUMENT_TOO_LARGE", "IMPORT_INVALID_ID",
  "IMPORT_FOREIGN_TABLE_ID", "IMPORT_DUPLICATE_ID", "IMPORT_INTEGER_FOR_FLOAT", "IMPORT_INVALID_CREATION_TIME",
  "IMPORT_MISSING_FIELD", "IMPORT_UNKNOWN_FIELD", "IMPORT_WRONG_TYPE", "IMPORT_INVALID_FIELD_NAME",
];

let dir;
/** The environment without BETTER_AUTH_SECRET (both CLIs fall back to it for --secret). */
const BASE_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "BETTER_AUTH_SECRET"));

/** Run a command; resolves `{ code, stdout, stderr }` (stdout as a Buffer). */
function run(cmd, args, { cwd, input, env } = {}) {
  return new Promise((ok) => {
    const child = execFile(
      cmd,
      args,
      { cwd, env: { ...BASE_ENV, ...env }, encoding: "buffer", maxBuffer: 1 << 28 },
      (err, stdout, stderr) => ok({ code: err ? err.code : 0, stdout, stderr: stderr.toString() }),
    );
    child.stdin.on("error", () => {}); // the command may exit without reading stdin
    child.stdin.end(input ?? "");
  });
}
const native = (args, o) => run(NATIVE, args, o);
const npx = (args, o) => run(process.execPath, [NPX_CLI, ...args], o);

/** Both CLIs: same exit code and byte-identical stdout. Returns the native result. */
async function same(args, o, expectCode) {
  const [a, b] = await Promise.all([native(args, o), npx(args, o)]);
  const what = `authcore ${args.join(" ")}`;
  assert.equal(b.code, a.code, `${what}: exit codes differ (native stderr: ${a.stderr}; npx stderr: ${b.stderr})`);
  assert.ok(a.stdout.equals(b.stdout), `${what}: stdout differs\n--- native\n${a.stdout}\n--- npx\n${b.stdout}`);
  if (expectCode !== undefined) assert.equal(a.code, expectCode, `${what}: exit ${a.code}, stderr ${a.stderr}`);
  return a;
}

const sha256 = (path) => createHash("sha256").update(readFileSync(path)).digest("hex");

/** The entries of a ZIP (central directory), inflated: Map name → Buffer. */
function zipEntries(path) {
  const buf = readFileSync(path);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, `${path}: no end of central directory`);
  let count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map();
  while (count-- > 0) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50);
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString("utf8");
    const data = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(data, data + csize);
    out.set(name, method === 8 ? inflateRawSync(raw) : Buffer.from(raw));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

function lines(entries, name) {
  return entries.get(name).toString("utf8").split("\n").filter((l) => l !== "");
}

before(async () => {
  if (!process.env.AUTHCORE_NATIVE_BIN) {
    const r = spawnSync("cargo", ["build", "--bin", "authcore"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
    assert.equal(r.status, 0, "cargo build --bin authcore failed");
  }
  dir = mkdtempSync(join(tmpdir(), "authcore-npx-"));
  const gen = (name, ...args) => native(["gen-export", ...args, "-o", join(dir, name)]);
  const results = await Promise.all([
    gen("clean.zip", "--users", "120", "--seed", "3"),
    gen("all.zip", "--users", "60", "--seed", "4", "--inject", INJECTABLE.join(",")),
    ...INJECTABLE.map((c) => gen(`${c}.zip`, "--users", "40", "--seed", "5", "--inject", c)),
  ]);
  for (const r of results) assert.equal(r.code, 0, r.stderr);
  writeFileSync(join(dir, "not-a-zip.zip"), "this is not a zip file\n");
});

test("help text is the native CLI's, for every command", async () => {
  for (const args of [
    ["doctor", "--help"],
    ["doctor", "-h"],
    ["fix", "--help"],
    ["gen-export", "--help"],
    ["fix", "-o", "x", "in.zip", "set-password", "--help"],
    ["fix", "-o", "x", "in.zip", "delete-user", "--help"],
    ["fix", "-o", "x", "in.zip", "create-user", "--help"],
    ["fix", "-o", "x", "in.zip", "drop-sessions", "-h"],
    ["fix", "-o", "x", "in.zip", "drop-jwks", "--help"],
    ["fix", "-o", "x", "in.zip", "sync", "--help"],
    ["fix", "-o", "x", "in.zip", "float-numbers", "--help"],
    ["doctor", "in.zip", "--json", "--help"],
  ]) {
    const r = await same(args, {}, 0);
    assert.match(r.stdout.toString(), /^Usage: authcore /m);
  }
});

test("one command line: help, version and usage errors are clap's, stdout, stderr and exit code byte for byte", async () => {
  // npx parses with the native binary's own clap definition (src/cli.rs in the tooling WASM), so
  // whatever clap prints itself (help at every level, the version, each kind of usage error and
  // its suggestions) is the same text on the same stream with the same exit code.
  const clean = join(dir, "clean.zip");
  const out = join(dir, "never-written.zip");
  const cases = [
    [], ["--help"], ["-h"], ["help"], ["--version"], ["-V"], ["help", "doctor"], ["help", "fix"],
    ["help", "gen-export"], ["help", "password"], ["help", "token"], ["help", "fix", "set-password"],
    ["fix", "help"], ["fix", "help", "delete-user"], ["password", "--help"], ["password", "hash", "--help"],
    ["password", "verify", "-h"], ["token", "--help"], ["token", "inspect", "--help"], ["token", "explain", "--help"],
    ["dcotor"], ["no-such-command"], ["--bogus"], ["doctor"], ["doctor", clean, "extra"], ["doctor", "--bogus", clean],
    ["doctor", "--jsn", clean], ["doctor", "--json", "--json", clean], ["doctor", clean, "--secret"],
    ["doctor", "--database-url-env"], ["doctor", "--json=yes", clean],
    ["gen-export"], ["gen-export", "--users", "10"], ["gen-export", "--users", "ten", "-o", out],
    ["gen-export", "--users", "-1", "-o", out], ["gen-export", "--users", "18446744073709551616", "-o", out],
    ["gen-export", "--level", "x", "-o", out], ["gen-export", "-o"],
    ["fix", clean], ["fix", clean, "-o", out, "bogus"], ["fix", clean, "-o", out, "delete-user"],
    ["fix", clean, "-o", out, "set-password", "--email", "user1@example.com"],
    ["fix", clean, "-o", out, "drop-jwks", "--bogus"],
    ["fix", clean, "-o", out, "delete-user", "--email", "a@b.c", "--keep-app-row", "--soft-delete"],
    ["fix", clean, "--sql", "x.sql", "-o", out, "drop-jwks"], ["fix", clean, "--apply", "--sql", "x.sql", "drop-jwks"],
    ["fix", clean, "-o", out, "create-user", "--email", "a@b.c", "--password-stdin"],
    ["password"], ["password", "hash", "--salt"], ["token"], ["token", "explain"], ["token", "inspect", "a", "b"],
  ];
  for (const args of cases) {
    const [a, b] = await Promise.all([native(args), npx(args)]);
    const what = `authcore ${args.join(" ")}`;
    assert.equal(b.code, a.code, `${what}: exit codes differ`);
    assert.ok(a.stdout.equals(b.stdout), `${what}: stdout differs\n--- native\n${a.stdout}\n--- npx\n${b.stdout}`);
    assert.equal(b.stderr, a.stderr, `${what}: stderr differs`);
    assert.ok(a.stdout.length + a.stderr.length > 0, `${what}: clap printed nothing`);
  }
  assert.ok(!existsSync(out));
  const version = await npx(["--version"]);
  const pkg = JSON.parse(readFileSync(join(dirname(NPX_CLI), "..", "package.json"), "utf8"));
  assert.equal(version.stdout.toString(), `authcore ${pkg.version}\n`);
});

test("doctor: clean and injected exports print the same report, human and --json, with the same exit code", async () => {
  const clean = await same(["doctor", join(dir, "clean.zip")], {}, 0);
  assert.match(clean.stdout.toString(), /0 errors/);
  await same(["doctor", "--json", join(dir, "clean.zip")], {}, 0);
  const all = await same(["doctor", join(dir, "all.zip")], {}, 1);
  for (const code of ["AUTH_USER_WITHOUT_APP_USER", "MULTIPLE_JWKS", "IMPORT_INTEGER_FOR_FLOAT"]) {
    assert.match(all.stdout.toString(), new RegExp(code));
  }
  const json = await same(["doctor", join(dir, "all.zip"), "--json"], {}, 1);
  const report = JSON.parse(json.stdout);
  assert.ok(report.findings.length > 0 && report.summary.errors > 0);
});

test("doctor: each injectable finding alone, human and --json", async () => {
  await Promise.all(
    INJECTABLE.map(async (code) => {
      const zip = join(dir, `${code}.zip`);
      const human = await same(["doctor", zip]);
      assert.match(human.stdout.toString(), new RegExp(code), code);
      const json = await same(["doctor", zip, "--json"]);
      assert.ok(JSON.parse(json.stdout).summary.byCode[code] >= 1, code);
    }),
  );
});

test("doctor: options (--admin-email, --secret or BETTER_AUTH_SECRET, table and field names) give the same report", async () => {
  const zip = join(dir, "all.zip");
  await same(["doctor", zip, "--admin-email", "user1@example.com", "--admin-email=user0@example.com"]);
  await same(["doctor", zip, "--secret", GEN_SECRET, "--json"]);
  await same(["doctor", zip, "--secret", "the wrong secret, at least 32 characters long"]);
  await same(["doctor", zip], { env: { BETTER_AUTH_SECRET: "another wrong secret of 32+ characters" } });
  await same(["doctor", zip, "--app-table", "members", "--link-field", "userId", "--email-field", "mail"]);
  await same(["doctor", join(dir, "clean.zip"), "--component", "auth", "--json"]);
});

test("doctor: the bundled sample export", { skip: !existsSync(SAMPLE) && "examples/sample-export.zip is not on this branch" }, async () => {
  await same(["doctor", SAMPLE], {}, 1);
  await same(["doctor", SAMPLE, "--json", "--admin-email", "user1@example.com", "--secret", GEN_SECRET], {}, 1);
});

test("usage and I/O errors exit 2 in both, with nothing on stdout", async () => {
  const clean = join(dir, "clean.zip");
  for (const args of [
    [],
    ["doctor"],
    ["doctor", clean, "extra"],
    ["doctor", "--bogus", clean],
    ["doctor", "--json", "--json", clean],
    ["doctor", clean, "--secret"],
    ["doctor", join(dir, "missing.zip")],
    ["doctor", join(dir, "not-a-zip.zip")],
    ["doctor", dir],
    ["no-such-command"],
    ["gen-export", "--users", "10"],
    ["gen-export", "--users", "ten", "-o", join(dir, "x.zip")],
    ["gen-export", "--users", "10", "--inject", "NOT_A_CODE", "-o", join(dir, "x.zip")],
    ["fix", clean],
    ["fix", clean, "-o", join(dir, "x.zip")],
    ["fix", clean, "-o", join(dir, "x.zip"), "bogus"],
    ["fix", clean, "-o", join(dir, "x.zip"), "delete-user"],
    ["fix", clean, "-o", join(dir, "x.zip"), "set-password", "--email", "user1@example.com"],
    ["fix", clean, "-o", join(dir, "x.zip"), "drop-jwks", "--bogus"],
    ["fix", clean, "-o", join(dir, "x.zip"), "delete-user", "--email", "user1@example.com", "--keep-app-row", "--soft-delete"],
    ["fix", clean, "-o", join(dir, "x.zip"), "sync", "--policy", join(dir, "missing-policy.json")],
  ]) {
    const r = await same(args, {}, 2);
    assert.equal(r.stdout.length, 0, `authcore ${args.join(" ")}`);
  }
  assert.ok(!existsSync(join(dir, "x.zip")));
});

test("gen-export writes byte-identical ZIPs", async () => {
  const out = mkdtempSync(join(dir, "gen-"));
  for (const args of [
    ["--users", "50", "--seed", "9"],
    ["--users", "80", "--seed", "18446744073709551615", "--level", "9", "--inject", "MULTIPLE_JWKS,ORPHAN_SESSION"],
    ["--users", "40", "--inject", "AUTH_USER_WITHOUT_APP_USER", "--inject", "IMPORT_WRONG_TYPE", "--level", "6"],
  ]) {
    await same(["gen-export", ...args, "-o", join(out, "native.zip")], { cwd: out }, 0);
    rmSync(join(out, "native.zip"));
    const [a, b] = await Promise.all([
      native(["gen-export", ...args, "-o", "native.zip"], { cwd: out }),
      npx(["gen-export", ...args, "-o", "npx.zip"], { cwd: out }),
    ]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    assert.equal(sha256(join(out, "npx.zip")), sha256(join(out, "native.zip")), args.join(" "));
    assert.deepEqual(readdirSync(out).sort(), ["native.zip", "npx.zip"]); // no temporary file left
    rmSync(join(out, "native.zip"));
    rmSync(join(out, "npx.zip"));
  }
});

/** Run the same fix with both CLIs in two directories, output `out.zip` relative to each. */
async function fixBoth(input, op, { input: stdin } = {}) {
  const base = mkdtempSync(join(dir, "fix-"));
  const dirs = { native: join(base, "native"), npx: join(base, "npx") };
  for (const d of Object.values(dirs)) spawnSync("mkdir", [d]);
  const args = ["fix", input, "-o", "out.zip", ...op];
  const [a, b] = await Promise.all([
    native(args, { cwd: dirs.native, input: stdin }),
    npx(args, { cwd: dirs.npx, input: stdin }),
  ]);
  return { a, b, dirs };
}

test("fix: deterministic operations write byte-identical ZIPs and print the same plan; the input is unchanged", async () => {
  for (const [zip, op] of [
    ["clean.zip", ["drop-sessions"]],
    ["all.zip", ["drop-jwks"]],
    ["clean.zip", ["delete-user", "--email", "user7@example.com"]],
    ["clean.zip", ["delete-user", "--email", "USER8@example.com", "--keep-app-row"]],
    ["all.zip", ["--component", "betterAuth", "--app-table", "users", "drop-sessions"]],
    ["IMPORT_INTEGER_FOR_FLOAT.zip", ["float-numbers"]],
    ["IMPORT_INVALID_CREATION_TIME.zip", ["float-numbers"]],
  ]) {
    const input = join(dir, zip);
    const hash = sha256(input);
    const { a, b, dirs } = await fixBoth(input, op);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    assert.ok(a.stdout.equals(b.stdout), `stdout differs:\n${a.stdout}\n---\n${b.stdout}`);
    assert.match(a.stdout.toString(), /^wrote out\.zip$/m);
    assert.equal(sha256(join(dirs.npx, "out.zip")), sha256(join(dirs.native, "out.zip")), op.join(" "));
    assert.deepEqual(readdirSync(dirs.npx), ["out.zip"]);
    assert.equal(sha256(input), hash, "input modified");
  }
  // The fixed export reads back: no session rows left, the same doctor report from both CLIs.
  const { dirs } = await fixBoth(join(dir, "clean.zip"), ["drop-sessions"]);
  const entries = zipEntries(join(dirs.npx, "out.zip"));
  assert.equal(lines(entries, "_components/betterAuth/session/documents.jsonl").length, 0);
  assert.equal(lines(entries, "_components/betterAuth/user/documents.jsonl").length, 120);
  await same(["doctor", join(dirs.npx, "out.zip")], {}, 0);
});

test("fix --dry-run prints the same plan and writes nothing", async () => {
  const input = join(dir, "clean.zip");
  const hash = sha256(input);
  for (const op of [
    ["drop-sessions", "--dry-run"],
    ["--dry-run", "delete-user", "--email", "user2@example.com"],
  ]) {
    const base = mkdtempSync(join(dir, "dry-"));
    const r = await same(["fix", input, "-o", join(base, "out.zip"), ...op], { cwd: base }, 0);
    assert.match(r.stdout.toString(), /^would /m);
    assert.doesNotMatch(r.stdout.toString(), /^wrote /m);
    assert.deepEqual(readdirSync(base), []);
  }
  assert.equal(sha256(input), hash);
});

test("fix: set-password and create-user (random salt and ids) give equivalent exports; errors exit 2", async () => {
  const input = join(dir, "clean.zip");
  const hash = sha256(input);
  const password = "correct horse battery staple";
  for (const op of [
    ["set-password", "--email", "user5@example.com", "--password-stdin"],
    ["create-user", "--email", "new.admin@example.com", "--name", "New Admin", "--admin", "--password-stdin"],
  ]) {
    const { a, b, dirs } = await fixBoth(input, op, { input: `${password}\n` });
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const [ea, eb] = [zipEntries(join(dirs.native, "out.zip")), zipEntries(join(dirs.npx, "out.zip"))];
    assert.deepEqual([...eb.keys()], [...ea.keys()]);
    // The npx-written credential account verifies with the password from stdin.
    const email = op[2];
    const user = lines(eb, "_components/betterAuth/user/documents.jsonl")
      .map((l) => JSON.parse(l))
      .find((u) => u.email === email.toLowerCase());
    assert.ok(user, `${email} in the npx output`);
    const account = lines(eb, "_components/betterAuth/account/documents.jsonl")
      .map((l) => JSON.parse(l))
      .find((x) => x.userId === user._id && x.providerId === "credential");
    assert.ok(verifyPasswordSync({ hash: account.password, password }));
    assert.ok(!verifyPasswordSync({ hash: account.password, password: password + "!" }));
    // Both outputs get the same doctor report (ids differ, findings do not).
    const [da, db] = await Promise.all([
      native(["doctor", join(dirs.native, "out.zip"), "--admin-email", "new.admin@example.com"]),
      native(["doctor", join(dirs.npx, "out.zip"), "--admin-email", "new.admin@example.com"]),
    ]);
    assert.equal(db.code, da.code);
    assert.ok(db.stdout.equals(da.stdout), `${db.stdout}\n---\n${da.stdout}`);
  }
  assert.equal(sha256(input), hash);
  // No password on stdin, the output being the input, an unknown user: exit 2, nothing written.
  const base = mkdtempSync(join(dir, "err-"));
  await same(["fix", input, "-o", join(base, "o.zip"), "set-password", "--email", "user5@example.com", "--password-stdin"], { input: "" }, 2);
  await same(["fix", input, "-o", input, "drop-sessions"], {}, 2);
  await same(["fix", input, "-o", join(base, "o.zip"), "delete-user", "--email", "nobody@example.com"], {}, 2);
  assert.deepEqual(readdirSync(base), []);
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith(".tmp")), []);
  assert.equal(sha256(input), hash);
});

test("fix: sync and soft delete (new ids, the time) leave exports the doctor reports identically", async () => {
  const policy = join(dir, "policy.json");
  writeFileSync(policy, JSON.stringify({ adminFields: { role: "admin" } }));
  for (const [zip, op] of [
    ["all.zip", ["sync", "--admin-email", "user0@example.com"]],
    ["AUTH_USER_WITHOUT_APP_USER.zip", ["sync", "--policy", policy]],
    ["clean.zip", ["delete-user", "--email", "user9@example.com", "--soft-delete"]],
  ]) {
    const input = join(dir, zip);
    const hash = sha256(input);
    const { a, b, dirs } = await fixBoth(input, op);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    assert.equal(b.stdout.toString().split("\n").length, a.stdout.toString().split("\n").length);
    const [da, db] = await Promise.all([
      native(["doctor", join(dirs.native, "out.zip"), "--json"]),
      native(["doctor", join(dirs.npx, "out.zip"), "--json"]),
    ]);
    assert.equal(db.code, da.code, op.join(" "));
    assert.deepEqual(JSON.parse(db.stdout).summary, JSON.parse(da.stdout).summary, op.join(" "));
    assert.equal(sha256(input), hash);
  }
});

test("API: diagnoseExport reads a windowed source (never the whole file) and matches the CLI", async () => {
  const path = join(dir, "big.zip");
  writeFileSync(path, generateExport({ users: 8000, seed: 11 }));
  const bytes = readFileSync(path);
  assert.ok(bytes.length > 2 << 20, `${bytes.length} bytes`);
  let calls = 0;
  let largest = 0;
  let total = 0;
  const source = {
    size: bytes.length,
    read(offset, length) {
      calls++;
      largest = Math.max(largest, length);
      total += length;
      return bytes.subarray(offset, offset + length);
    },
  };
  let progressed = 0;
  const r = diagnoseExport(source, { onProgress: (done) => (progressed = done) });
  assert.ok(largest <= 1 << 20 && largest < bytes.length, `largest read ${largest}`);
  assert.ok(calls > 4, `${calls} reads`);
  assert.ok(total < bytes.length * 1.6, `read ${total} bytes of ${bytes.length}`);
  assert.ok(progressed > bytes.length / 2, `progress ${progressed}`);
  const cli = await same(["doctor", "--json", path], {}, 0);
  assert.equal(r.json, cli.stdout.toString());
  assert.equal(r.text, (await native(["doctor", path])).stdout.toString());
  assert.deepEqual(diagnoseExport(bytes).report, r.report);
  assert.equal(r.report.summary.authUsers, 8000);
});

test("API: fixExport in memory equals the CLI's output; bad arguments throw AuthError codes", () => {
  const input = readFileSync(join(dir, "clean.zip"));
  const { actions, bytes } = fixExport(input, { op: "delete-user", email: "user7@example.com" });
  assert.ok(actions.length > 0);
  const fixedByCli = spawnSync(process.execPath, [NPX_CLI, "fix", join(dir, "clean.zip"), "-o", join(dir, "api-cli.zip"), "delete-user", "--email", "user7@example.com"]);
  assert.equal(fixedByCli.status, 0, fixedByCli.stderr?.toString());
  assert.ok(Buffer.from(bytes).equals(readFileSync(join(dir, "api-cli.zip"))));
  assert.throws(() => diagnoseExport({ size: -1, read: () => new Uint8Array() }), { code: "ERR_INVALID_ARGUMENT" });
  assert.throws(() => diagnoseExport(input, { adminEmails: "not a list" }), { code: "ERR_INVALID_ARGUMENT" });
  assert.throws(() => diagnoseExport(new Uint8Array(100)), { code: "ERR_EXPORT_IO" });
  assert.throws(
    () => diagnoseExport({ size: input.length, read: () => { throw new Error("disk on fire"); } }),
    (e) => e.code === "ERR_EXPORT_IO" && /disk on fire/.test(e.message),
  );
  assert.throws(() => fixExport(input, { op: "set-password", email: "user1@example.com" }), { code: "ERR_INVALID_ARGUMENT" });
  assert.throws(() => fixExport(input, { op: "explode" }), { code: "ERR_INVALID_ARGUMENT" });
  assert.equal(statSync(join(dir, "clean.zip")).size, input.length);
});

after(() => dir && rmSync(dir, { recursive: true, force: true }));

/**
 * `path`'s ZIP with one more stored entry named `name` appended after the others, as Python's
 * `zipfile` does in append mode: the central directory then lists `name` twice.
 */
function appendEntry(path, name, text) {
  const buf = readFileSync(path);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdStart = buf.readUInt32LE(eocd + 16);
  const data = Buffer.from(text, "utf8");
  const nameBytes = Buffer.from(name, "utf8");
  const crc = zlibCrc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  central.writeUInt32LE(cdStart, 42);
  const newCdStart = cdStart + 30 + nameBytes.length + data.length;
  const end = Buffer.from(buf.subarray(eocd, eocd + 22));
  end.writeUInt16LE(count + 1, 8);
  end.writeUInt16LE(count + 1, 10);
  end.writeUInt32LE(cdSize + 46 + nameBytes.length, 12);
  end.writeUInt32LE(newCdStart, 16);
  return Buffer.concat([buf.subarray(0, cdStart), local, nameBytes, data, buf.subarray(cdStart, cdStart + cdSize), central, nameBytes, end]);
}

function zlibCrc32(data) {
  let c = ~0;
  for (const b of data) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

test("issue 16: a ZIP that repeats an entry name is reported by doctor and refused by fix (native and npx), nothing written", async () => {
  const input = join(dir, "duplicate-entry.zip");
  writeFileSync(input, appendEntry(join(dir, "clean.zip"), "users/documents.jsonl", ""));
  assert.equal(zipEntries(input).size, zipEntries(join(dir, "clean.zip")).size); // the reader sees one copy
  const d = await same(["doctor", input, "--json"], {}, 1);
  const report = JSON.parse(d.stdout);
  assert.ok(report.findings.some((f) => f.code === "IMPORT_DUPLICATE_ENTRY" && f.severity === "error"), d.stdout.toString());
  const { a, b, dirs } = await fixBoth(input, ["drop-sessions"]);
  for (const r of [a, b]) {
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /ERR_FIX_AMBIGUOUS|IMPORT_DUPLICATE_ENTRY/);
  }
  assert.deepEqual(readdirSync(dirs.native), []);
  assert.deepEqual(readdirSync(dirs.npx), []);
});

test("issue 16: fix refuses to edit a table whose _ids repeat (native and npx), nothing written", async () => {
  // IMPORT_DUPLICATE_ID.zip repeats a session line; delete-user deletes session rows by _id.
  const input = join(dir, "IMPORT_DUPLICATE_ID.zip");
  const sessions = lines(zipEntries(input), "_components/betterAuth/session/documents.jsonl");
  const ids = sessions.map((l) => JSON.parse(l)._id);
  const dupId = ids.find((id, i) => ids.indexOf(id) !== i);
  assert.ok(dupId, "the generated export repeats a session _id");
  const owner = JSON.parse(sessions.find((l) => JSON.parse(l)._id === dupId)).userId;
  const user = lines(zipEntries(input), "_components/betterAuth/user/documents.jsonl").map((l) => JSON.parse(l)).find((u) => u._id === owner);
  const { a, b, dirs } = await fixBoth(input, ["delete-user", "--email", user.email]);
  for (const r of [a, b]) {
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /IMPORT_DUPLICATE_ID/);
    assert.ok(r.stderr.includes(dupId), r.stderr);
  }
  assert.deepEqual(readdirSync(dirs.native), []);
  assert.deepEqual(readdirSync(dirs.npx), []);
});
