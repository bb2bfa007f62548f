// Issue 16, part 6: after each call that handles a secret, the WASM instance's linear memory
// holds no copy of it. Before the fix, memory still held three copies of a private EC JWK's `d`,
// the password of a `verifyPassword`, an HMAC secret after its key set was freed, and a secret
// given in array form. The test reads the instance's memory through the test-only hooks
// (AUTHCORE_TEST_HOOKS=1) and searches it for the secret's bytes in every form the core sees.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { ecKeyPair, ecSign } from "./support/ec-node.mjs";

process.env.AUTHCORE_TEST_HOOKS = "1";
const api = await import("authcore");
const hooks = globalThis[Symbol.for("authcore.testHooks")];
// authcore/passwords (the legacy formats' entry) registers its own hooks when imported: keep both.
const pwApi = await import("authcore/passwords");
const pwHooks = globalThis[Symbol.for("authcore.testHooks")];
assert.notEqual(pwHooks, hooks);

/** Where in WASM memory any of `needles` (strings as UTF-8, or bytes) occurs. */
function copiesIn(needles, h = hooks) {
  const mem = Buffer.from(h.memory().buffer);
  const found = [];
  for (const n of needles) {
    const b = typeof n === "string" ? Buffer.from(n, "utf8") : Buffer.from(n);
    let at = mem.indexOf(b);
    while (at >= 0) {
      found.push({ needle: typeof n === "string" ? n.slice(0, 12) : `bytes(${b.length})`, at });
      at = mem.indexOf(b, at + 1);
    }
  }
  return found;
}

function assertNoCopy(what, needles, h = hooks) {
  assert.deepEqual(copiesIn(needles, h), [], `${what}: copies left in WASM memory`);
}

const b64url = (buf) => Buffer.from(buf).toString("base64url");

test("a private EC JWK's d is wiped after a refused signing, thumbprinting, public-key extraction and encryption", () => {
  // EC keys are generated and signed by authcore/keys (or node:crypto here); the request path
  // refuses to sign with them (ERR_JOSE_NOT_SUPPORTED) and must still leave no copy of d.
  const { privateJwk, publicJwk } = ecKeyPair("ES256");
  const d = privateJwk.d;
  const needles = [d, Buffer.from(d, "base64url")];
  const refused = (fn) => assert.throws(fn, (e) => e instanceof api.AuthError && e.code === "ERR_JOSE_NOT_SUPPORTED" && /authcore\/keys/.test(e.message));
  refused(() => api.generateKeyPair("ES256"));
  refused(() => api.signJwt({ sub: "1" }, { privateJwk, now: 1e12 }));
  assertNoCopy("signJwt (refused)", needles);
  refused(() => api.signJws("payload", { privateJwk: JSON.stringify(privateJwk) }));
  assertNoCopy("signJws (JSON text, refused)", needles);
  const jwt = ecSign({ sub: "1", iat: 1e9 }, privateJwk);
  api.jwkThumbprint(privateJwk);
  assertNoCopy("jwkThumbprint", needles);
  api.toPublicJwk(privateJwk);
  assertNoCopy("toPublicJwk", needles);
  const secret = "wiping-test-secret-0123456789abcdef0123";
  const stored = api.encryptPrivateKey(privateJwk, secret);
  assertNoCopy("encryptPrivateKey", [...needles, secret]);
  api.decryptPrivateKey(stored, secret);
  assertNoCopy("decryptPrivateKey", [...needles, secret]);
  const keys = api.createLocalJwks({ keys: [privateJwk] }); // a private JWK in a key set
  assert.equal(api.verifyJwtSync(jwt, { jwks: { keys: [publicJwk] }, now: 1e12 }).payload.sub, "1");
  void keys;
});

test("the password of verifyPassword / hashPassword is wiped (Better Auth scrypt and legacy formats)", async () => {
  const password = "wipe-me-correct-horse-battery-staple-\u00e9";
  const hash = api.hashPasswordSync(password);
  assertNoCopy("hashPasswordSync", [password]);
  assert.equal(api.verifyPasswordSync({ hash, password }), true);
  assertNoCopy("verifyPasswordSync", [password]);
  assert.equal(api.verifyPasswordSync({ hash, password: `${password}x` }), false);
  assertNoCopy("verifyPasswordSync (wrong)", [password]);
  // bcrypt and PBKDF2 legacy hashes of the same password, made by the reference libraries:
  // verified by authcore/passwords (its own instance), refused by the request path.
  const { default: bcrypt } = await import("bcryptjs");
  const bc = bcrypt.hashSync(password, 4);
  assert.equal(pwApi.verifyPasswordSync({ hash: bc, password }, { legacy: true }), true);
  assertNoCopy("authcore/passwords verifyPasswordSync (bcrypt)", [password], pwHooks);
  const { pbkdf2Sync } = await import("node:crypto");
  const pb = `pbkdf2_sha256$1000$salt$${pbkdf2Sync(password, "salt", 1000, 32, "sha256").toString("base64")}`;
  assert.equal(pwApi.verifyPasswordSync({ hash: pb, password }, { legacy: true }), true);
  assertNoCopy("authcore/passwords verifyPasswordSync (pbkdf2)", [password], pwHooks);
  assert.throws(() => api.verifyPasswordSync({ hash: bc, password }, { legacy: true }), { code: "ERR_INVALID_ARGUMENT" });
  assert.throws(() => api.verifyPasswordSync({ hash: pb, password }), { code: "ERR_HASH_UNSUPPORTED" });
  assertNoCopy("verifyPasswordSync (legacy refused)", [password]);
});

test("an HMAC secret is wiped once its key set is freed; a secret given in array form is wiped", () => {
  const secret = "hmac-secret-to-wipe-0123456789abcdefghij";
  const jwt = api.signJwt({ sub: "1" }, { secret, now: 1e12 });
  assertNoCopy("signJwt (secret)", [secret, b64url(secret)]);
  assert.equal(api.verifyJwtSync(jwt, { secret, now: 1e12 }).payload.sub, "1");
  assertNoCopy("verifyJwt (secret: its key set is freed)", [secret, b64url(secret)]);
  assert.equal(api.verifyJwtSync(jwt, { secret: new TextEncoder().encode(secret), now: 1e12 }).payload.sub, "1");
  assertNoCopy("verifyJwt (secret bytes)", [secret, b64url(secret)]);

  const a = "array-secret-one-0123456789abcdefghijklm";
  const b = "array-secret-two-0123456789abcdefghijklm";
  const value = api.signSessionToken("tok", a);
  assertNoCopy("signSessionToken", [a]);
  const header = `better-auth.session_token=${value}`;
  // `a` signed it and is now the previous secret: accepted only with acceptPreviousSecrets.
  assert.equal(api.readSessionToken(header, { secret: [b, a], acceptPreviousSecrets: true }), "tok");
  assertNoCopy("readSessionToken (array of strings)", [a, b]);
  assert.equal(api.readSessionToken(header, { secret: [{ version: 2, value: b }, { version: 1, value: a }], acceptPreviousSecrets: true }), "tok");
  assertNoCopy("readSessionToken (array of { version, value })", [a, b]);
  const now = 1_700_000_000_000;
  const { value: cache } = api.signCookieCache({ session: { id: "s" }, user: { id: "u" } }, { secret: [{ version: 1, value: a }], now, strategy: "jwe" });
  assertNoCopy("signCookieCache (jwe)", [a]);
  api.readCookieCacheSync(`better-auth.session_data=${cache}`, { secret: [b, a], now });
  assertNoCopy("readCookieCache (jwe, array)", [a, b]);
  api.parseSecretsEnv(`2:${b},1:${a}`);
  assertNoCopy("parseSecretsEnv", [a, b]);
});
