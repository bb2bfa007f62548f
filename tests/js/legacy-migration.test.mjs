// Legacy password formats and the migration adapter, against the reference implementations
// installed from the registries at test time: bcryptjs, hash-wasm (Argon2), firebase-scrypt,
// Python's hashlib (Django's PBKDF2 format), lucia (what @convex-dev/auth uses), and a real
// betterAuth() instance for the rehash-on-login flow. Legacy formats are verified by
// `authcore/passwords`; the request path (`authcore`) recognises them and refuses to verify them
// (its WASM leaves their algorithms out, issue 17).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";
import { argon2id, argon2i } from "hash-wasm";
import { FirebaseScrypt } from "firebase-scrypt";
import { Scrypt as LuciaScrypt } from "lucia";
import {
  AuthError,
  betterAuthMigration,
  inspectPasswordHash,
  verifyPassword,
  verifyPasswordSync,
} from "authcore/passwords";
import * as requestPath from "authcore";
import {
  BASE_URL,
  SECRET,
  SEED,
  VERSIONS,
  loadBetterAuth,
  makeAuth,
  memoryDb,
  mulberry32,
  randomPassword,
} from "./support/better-auth.mjs";

const rand = mulberry32(SEED ^ 0x1e6ac7);
const passwords = [
  "correct horse battery staple",
  "pässwörd-ÅΩ",
  "🔐 emoji 🦀",
  ...Array.from({ length: 5 }, () => randomPassword(rand, 8 + Math.floor(rand() * 24))),
];
const legacy = { legacy: true };
const wrong = (pw) => `x${pw}`;

test(`bcryptjs hashes verify, wrong passwords fail (seed ${SEED})`, () => {
  for (const pw of passwords) {
    const hash = bcrypt.hashSync(pw, 8);
    assert.equal(verifyPasswordSync({ hash, password: pw }, legacy), true, hash);
    assert.equal(verifyPasswordSync({ hash, password: wrong(pw) }, legacy), false);
    // $2a$/$2y$ name the same algorithm.
    for (const p of ["$2a$", "$2y$"]) {
      assert.equal(verifyPasswordSync({ hash: p + hash.slice(4), password: pw }, legacy), true);
    }
    assert.equal(inspectPasswordHash(hash).algorithm, "bcrypt");
  }
  // bcrypt reads 72 bytes; bcryptjs and authcore agree on what follows being ignored.
  const long = "é".repeat(40); // 80 UTF-8 bytes
  const hash = bcrypt.hashSync(long, 8);
  const cut = Buffer.from(long).subarray(0, 72).toString() + "different tail";
  assert.equal(bcrypt.compareSync(cut, hash), true);
  assert.equal(verifyPasswordSync({ hash, password: cut }, legacy), true);
});

test("hash-wasm Argon2id and Argon2i hashes verify", async () => {
  for (const pw of passwords.slice(0, 4)) {
    for (const [fn, alg] of [[argon2id, "argon2id"], [argon2i, "argon2i"]]) {
      const hash = await fn({
        password: pw, salt: randomBytes(16), parallelism: 1 + Math.floor(rand() * 2),
        iterations: 2, memorySize: 4096 + Math.floor(rand() * 4096), hashLength: 32, outputType: "encoded",
      });
      assert.equal(await verifyPassword({ hash, password: pw }, legacy), true, hash);
      assert.equal(await verifyPassword({ hash, password: wrong(pw) }, legacy), false);
      assert.equal(inspectPasswordHash(hash).algorithm, alg);
    }
  }
});

test("Django PBKDF2 hashes (built with Python's hashlib) verify", () => {
  const py = `import sys, hashlib, base64
algo, pw, salt, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
dk = hashlib.pbkdf2_hmac(algo, pw.encode(), salt.encode(), n)
print("pbkdf2_%s$%d$%s$%s" % (algo, n, salt, base64.b64encode(dk).decode()))`;
  for (const pw of passwords.slice(0, 4)) {
    for (const algo of ["sha256", "sha1"]) {
      const salt = randomBytes(9).toString("base64url");
      const hash = execFileSync("python3", ["-c", py, algo, pw, salt, "20000"], { encoding: "utf8" }).trim();
      assert.equal(verifyPasswordSync({ hash, password: pw }, legacy), true, hash);
      assert.equal(verifyPasswordSync({ hash, password: wrong(pw) }, legacy), false);
      assert.equal(inspectPasswordHash(hash).algorithm, `pbkdf2-${algo}`);
    }
  }
});

test("firebase-scrypt hashes verify, with parameters embedded or passed", async () => {
  const firebase = {
    signerKey: randomBytes(64).toString("base64"),
    saltSeparator: randomBytes(2).toString("base64"),
    rounds: 8,
    memCost: 14,
  };
  const fb = new FirebaseScrypt(firebase);
  for (const pw of passwords.slice(0, 4)) {
    const salt = randomBytes(12).toString("base64");
    const h = await fb.hash(pw, salt);
    const embedded = `$fbscrypt$v=1,n=14,r=8,p=1,ss=${firebase.saltSeparator},sk=${firebase.signerKey}$${salt}$${h}`;
    const bare = `$fbscrypt$v=1$${salt}$${h}`;
    assert.equal(await verifyPassword({ hash: embedded, password: pw }, legacy), true);
    assert.equal(await verifyPassword({ hash: bare, password: pw }, { legacy: { firebase } }), true);
    assert.equal(await verifyPassword({ hash: bare, password: wrong(pw) }, { legacy: { firebase } }), false);
    assert.equal(await fb.verify(pw, salt, h), true); // the peer agrees with itself
  }
  await assert.rejects(
    verifyPassword({ hash: `$fbscrypt$v=1$AAAA$AAAA`, password: "x" }, legacy),
    (e) => e instanceof AuthError && e.code === "ERR_INVALID_ARGUMENT",
  );
  await assert.rejects(
    verifyPassword({ hash: "$fbscrypt$v=1$AAAA$AAAA", password: "x" }, { legacy: { firebase: { ...firebase, signerKey: "%%%" } } }),
    (e) => e.code === "ERR_INVALID_ARGUMENT",
  );
});

test("Lucia / Convex Auth scrypt hashes are Better Auth hashes (no legacy mode needed)", async () => {
  const lucia = new LuciaScrypt();
  for (const pw of passwords) {
    const hash = await lucia.hash(pw);
    assert.equal(await verifyPassword({ hash, password: pw }), true);
    assert.equal(inspectPasswordHash(hash).needsRehash, false);
    assert.equal(await lucia.verify(hash, pw), true);
  }
});

test("legacy formats are refused unless asked for; over-cost hashes cost nothing", async () => {
  const hash = bcrypt.hashSync("pw", 4);
  await assert.rejects(verifyPassword({ hash, password: "pw" }), (e) => e.code === "ERR_HASH_UNSUPPORTED");
  const slow = "$2b$31$" + hash.slice(7);
  await assert.rejects(verifyPassword({ hash: slow, password: "pw" }, legacy), (e) => e.code === "ERR_HASH_COST_TOO_HIGH");
  assert.throws(() => inspectPasswordHash("$argon2id$v=19$m=4194304,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g"), (e) => e.code === "ERR_HASH_COST_TOO_HIGH");
  assert.throws(() => inspectPasswordHash("pbkdf2_sha256$x$salt$aGFzaA=="), (e) => e.code === "ERR_HASH_MALFORMED");
  assert.throws(() => betterAuthMigration({ legacy: { firebase: { signerKey: 1 } } }), (e) => e.code === "ERR_INVALID_ARGUMENT");
});

for (const v of VERSIONS) {
  test(`better-auth ${v.version}: a bcrypt user signs in and is moved to Better Auth's format`, async () => {
    const ba = await loadBetterAuth(v);
    const db = memoryDb();
    // Seed the account as a migration would: the user's old bcrypt hash in `account.password`.
    const setup = makeAuth(ba, db);
    await setup.api.signUpEmail({ body: { email: "old@example.com", password: "placeholder-pw", name: "Old" } });
    const account = db.account.find((a) => a.providerId === "credential");
    account.password = bcrypt.hashSync("legacy password", 8);

    // A default instance cannot verify it (Better Auth's own verify throws or refuses).
    await assert.rejects(setup.api.signInEmail({ body: { email: "old@example.com", password: "legacy password" } }));

    const seen = [];
    const migration = betterAuthMigration({ onRehash: (info) => seen.push(info) });
    const auth = ba.betterAuth({
      database: ba.memoryAdapter(db),
      secret: SECRET,
      baseURL: BASE_URL,
      telemetry: { enabled: false },
      logger: { disabled: true },
      emailAndPassword: { enabled: true, password: migration.password },
      plugins: [migration.plugin()],
    });
    await assert.rejects(auth.api.signInEmail({ body: { email: "old@example.com", password: "wrong password" } }));
    assert.match(account.password, /^\$2[aby]\$/, "a failed sign-in changes nothing");

    const res = await auth.api.signInEmail({ body: { email: "old@example.com", password: "legacy password" } });
    assert.ok(res.token);
    assert.equal(seen.length, 1);
    assert.equal(seen[0].algorithm, "bcrypt");
    const after = db.account.find((a) => a.providerId === "credential");
    assert.match(after.password, /^[0-9a-f]{32}:[0-9a-f]{128}$/, "rewritten in Better Auth's format");
    assert.equal(after.password, seen[0].newHash);
    // Better Auth's own verify (a default instance) now signs the user in.
    assert.ok((await makeAuth(ba, db).api.signInEmail({ body: { email: "old@example.com", password: "legacy password" } })).token);
    assert.equal(await ba.verifyPassword({ hash: after.password, password: "legacy password" }), true);
  });
}

test("the request path (authcore) recognises legacy hashes, refuses to verify them, and names authcore/passwords", async () => {
  const hash = bcrypt.hashSync("correct horse battery staple", 4);
  assert.equal(typeof requestPath.betterAuthMigration, "undefined", "betterAuthMigration is in authcore/passwords only");
  for (let i = 0; i < 2000; i++) {
    const info = requestPath.inspectPasswordHash(hash);
    assert.equal(info.algorithm, "bcrypt");
    assert.equal(info.needsRehash, true);
    assert.throws(
      () => requestPath.verifyPasswordSync({ hash, password: "correct horse battery staple" }, legacy),
      (e) => e instanceof requestPath.AuthError && e.code === "ERR_INVALID_ARGUMENT" && e.message.includes("authcore/passwords"),
    );
    assert.throws(
      () => requestPath.verifyPasswordSync({ hash, password: "correct horse battery staple" }),
      (e) => e instanceof requestPath.AuthError && e.code === "ERR_HASH_UNSUPPORTED",
    );
  }
  await assert.rejects(requestPath.verifyPassword({ hash, password: "x" }, legacy), { code: "ERR_INVALID_ARGUMENT" });
  await assert.rejects(requestPath.verifyPassword({ hash, password: "x" }), { code: "ERR_HASH_UNSUPPORTED" });
  // The same instance still serves Better Auth's own format, and authcore/passwords verifies the legacy hash.
  const ba = requestPath.hashPasswordSync("pw");
  assert.equal(requestPath.verifyPasswordSync({ hash: ba, password: "pw" }), true);
  assert.equal(await requestPath.verifyPassword({ hash: ba, password: "pw" }), true);
  assert.equal(verifyPasswordSync({ hash, password: "correct horse battery staple" }, legacy), true);
});
