// Regenerates legacy-hashes.json: password hashes written by the REAL implementations each
// format comes from, so authcore's verifier is tested against code we did not write.
//
//   mkdir /tmp/legacy && cd /tmp/legacy && npm i bcryptjs@3 hash-wasm firebase-scrypt lucia@3 @convex-dev/auth
//   python3 -m venv venv && venv/bin/pip install django passlib
//   node <repo>/tests/vectors/legacy/generate.mjs > <repo>/tests/vectors/legacy/legacy-hashes.json
//
// Run from that folder (it resolves the packages there and calls ./venv/bin/python).
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
const require = createRequire(process.cwd() + "/");
const bcrypt = require("bcryptjs");
const { argon2id, argon2i } = require("hash-wasm");
const { FirebaseScrypt } = require("firebase-scrypt");
const { Scrypt } = await import(require.resolve("lucia"));

import { readFileSync } from "node:fs";
const pkgVersion = (n) => JSON.parse(readFileSync(`node_modules/${n}/package.json`, "utf8")).version;
const passwords = ["correct horse battery staple", "pässwörd-ÅΩ", "🔐emoji🦀", "x".repeat(80)];
const vectors = [];
const add = (source, algorithm, password, hash, extra = {}) => vectors.push({ source, algorithm, password, hash, ...extra });

const py = (code, arg) => execFileSync("./venv/bin/python", ["-c", code, arg], { encoding: "utf8" }).trim();
const pyBcryptVersion = py("import bcrypt; print(bcrypt.__version__)", "");
for (const pw of passwords) {
  add(`bcryptjs ${pkgVersion("bcryptjs")} hashSync(pw, 10)`, "bcrypt", pw, bcrypt.hashSync(pw, 10));
  if (Buffer.byteLength(pw) > 72) continue; // python bcrypt 5 refuses longer passwords
  const a = py("import sys, bcrypt\nprint(bcrypt.hashpw(sys.argv[1].encode(), bcrypt.gensalt(rounds=10, prefix=b'2a')).decode())", pw);
  add(`python bcrypt ${pyBcryptVersion} hashpw(gensalt(10, prefix=b"2a"))`, "bcrypt", pw, a);
  // PHP's $2y$ is the same algorithm under another name (crypt_blowfish's fixed variant).
  add(`python bcrypt ${pyBcryptVersion} $2a$ hash renamed $2y$ (PHP password_hash's prefix)`, "bcrypt", pw, a.replace(/^\$2a\$/, "$2y$"));
}
// 72-byte truncation: bcryptjs ignores everything after byte 72.
const long = "a".repeat(72);
add("bcryptjs: 72-byte truncation, hash of 72×a verifies for 72×a + anything", "bcrypt", long + "TAIL", bcrypt.hashSync(long, 10), { note: "truncation" });

const salt = new Uint8Array(16).map((_, i) => i * 7 + 3);
for (const pw of passwords.slice(0, 3)) {
  add(`hash-wasm ${pkgVersion("hash-wasm")} argon2id m=19456 t=2 p=1`, "argon2id", pw,
    await argon2id({ password: pw, salt, parallelism: 1, iterations: 2, memorySize: 19456, hashLength: 32, outputType: "encoded" }));
  add(`hash-wasm ${pkgVersion("hash-wasm")} argon2i m=4096 t=3 p=2`, "argon2i", pw,
    await argon2i({ password: pw, salt, parallelism: 2, iterations: 3, memorySize: 4096, hashLength: 24, outputType: "encoded" }));
}

const djangoVersion = py("import django,sys; print(django.get_version())", "");
const passlibVersion = py("import passlib,sys; print(passlib.__version__)", "");
for (const pw of passwords.slice(0, 3)) {
  const django = (hasher) =>
    py(`import sys
from django.conf import settings
settings.configure(PASSWORD_HASHERS=["django.contrib.auth.hashers.${hasher}"])
from django.contrib.auth.hashers import make_password
print(make_password(sys.argv[1]))`, pw);
  add(`Django ${djangoVersion} make_password (PBKDF2PasswordHasher)`, "pbkdf2-sha256", pw, django("PBKDF2PasswordHasher"));
  add(`Django ${djangoVersion} make_password (PBKDF2SHA1PasswordHasher)`, "pbkdf2-sha1", pw, django("PBKDF2SHA1PasswordHasher"));
  add(`passlib ${passlibVersion} scrypt.using(rounds=14, block_size=8).hash`, "scrypt", pw,
    py("import sys\nfrom passlib.hash import scrypt\nprint(scrypt.using(rounds=14, block_size=8).hash(sys.argv[1]))", pw));
}

// Firebase: the example project parameters from Firebase's own scrypt README.
const firebase = {
  signerKey: "jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA==",
  saltSeparator: "Bw==",
  rounds: 8,
  memCost: 14,
};
const fb = new FirebaseScrypt(firebase);
for (const [i, pw] of passwords.slice(0, 3).entries()) {
  const userSalt = Buffer.from(`salt-${i}-0123456789`).toString("base64");
  const h = await fb.hash(pw, userSalt);
  add(`firebase-scrypt ${pkgVersion("firebase-scrypt")} hash (params embedded, GoTrue's $fbscrypt$ form)`, "firebase-scrypt", pw,
    `$fbscrypt$v=1,n=${firebase.memCost},r=${firebase.rounds},p=1,ss=${firebase.saltSeparator},sk=${firebase.signerKey}$${userSalt}$${h}`);
  add(`firebase-scrypt ${pkgVersion("firebase-scrypt")} hash (params passed as options)`, "firebase-scrypt", pw, `$fbscrypt$v=1$${userSalt}$${h}`, { firebase });
}
add("supabase/auth internal/crypto/password_test.go (Firebase scrypt test case)", "firebase-scrypt", "mytestpassword",
  "$fbscrypt$v=1,n=14,r=8,p=1,ss=Bw==,sk=ou9tdYTGyYm8kuR6Dt0Bp0kDuAYoXrK16mbZO4yGwAn3oLspjnN0/c41v8xZnO1n14J3MjKj1b2g6AUCAlFwMw==$C0sHCg9ek77hsg==$zKVTMvnWVw5BBOZNUdnsalx4c4c7y/w7IS5p6Ut2+CfEFFlz37J9huyQfov4iizN8dbjvEJlM5tQaJP84+hfTw==");

for (const pw of passwords.slice(0, 3)) {
  add(`lucia ${pkgVersion("lucia")} new Scrypt().hash (what @convex-dev/auth ${pkgVersion("@convex-dev/auth")} Password uses)`, "better-auth-scrypt", pw, await new Scrypt().hash(pw));
}

// Self-check with the peers themselves before writing anything.
for (const v of vectors) {
  let ok;
  if (v.algorithm === "bcrypt") ok = bcrypt.compareSync(v.password, v.hash);
  else if (v.algorithm === "better-auth-scrypt") ok = await new Scrypt().verify(v.hash, v.password);
  else ok = true; // verified by authcore's tests against the same peers at test time
  if (!ok) throw new Error(`peer does not verify its own vector: ${JSON.stringify(v)}`);
}

console.log(JSON.stringify({
  description: "Password hashes written by the reference implementations of each legacy format. Regenerate with generate.mjs (header comment).",
  generatedAt: new Date().toISOString(),
  vectors,
}, null, 1));
