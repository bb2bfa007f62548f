// Hostile arguments for every exported function of the installed package: wrong types,
// `undefined`/`null`, huge strings, lone UTF-16 surrogates, prototype-polluting and exotic
// objects. Every call must either return or throw an AuthError with a stable code (never
// ERR_INTERNAL, never a TypeError or a WASM RuntimeError), and the WASM instance must still
// answer correctly afterwards (a Better Auth vector and a JWT round trip after each function).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as api from "authcore";
import * as passwordsApi from "authcore/passwords";
import * as doctorApi from "authcore/doctor";
import * as keysApi from "authcore/keys";

const { AuthError } = api;
const vectors = JSON.parse(
  readFileSync(new URL("../vectors/better-auth/better-auth-1.6.34.json", import.meta.url), "utf8"),
);
const PW = vectors.passwords.vectors[0];

const HUGE = "A".repeat(16 * 1024 * 1024);
const circular = {};
circular.self = circular;
const polluting = JSON.parse('{"__proto__":{"polluted":"yes","isAdmin":true},"constructor":{"prototype":{"polluted":"yes"}}}');
const nullProto = Object.assign(Object.create(null), { hash: "x", password: "y", secret: "s" });
const lying = { toString: () => "x", valueOf: () => 1, toJSON: () => ({ __proto__: { polluted: 1 } }), length: -1 };
const sparse = [];
sparse[1_000_000] = "x";

/** [label, value] */
const HOSTILE = [
  ["undefined", undefined],
  ["null", null],
  ["true", true],
  ["0", 0],
  ["-0", -0],
  ["NaN", NaN],
  ["Infinity", -Infinity],
  ["2**64", 2 ** 64],
  ["bigint", 10n ** 30n],
  ["symbol", Symbol("s")],
  ["function", () => "x"],
  ["empty string", ""],
  ["lone high surrogate", "\uD800"],
  ["lone low surrogate", "a\uDC00b"],
  ["reversed pair", "\uDFFF\uD800"],
  ["NUL", "a\u0000b"],
  ["huge string", HUGE],
  ["dots", "...."],
  ["fake JWT", "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0."],
  ["fake header", "better-auth.session_token=a.b; better-auth.session_data.0=x; better-auth.session_data.99=y"],
  ["array", ["a", 1, null]],
  ["sparse array", sparse],
  ["object", { a: 1 }],
  ["empty object", {}],
  ["polluting object", polluting],
  ["null-prototype object", nullProto],
  ["lying object", lying],
  ["circular object", circular],
  ["Date", new Date(NaN)],
  ["Map", new Map([["secret", "s"]])],
  ["Uint8Array", new Uint8Array(1024)],
  ["ArrayBuffer", new ArrayBuffer(8)],
  ["Proxy", new Proxy({}, {})],
  ["options with hostile members", { secret: 1n, jwks: circular, now: "yesterday", algorithms: "HS256", maxPasswordLength: -1, legacy: polluting, strategy: {} }],
];

// A plausible first argument per function, so the hostile value reaches the later parameters.
const FIRST = {
  hashPasswordSync: "pw",
  verifyPasswordSync: { hash: PW.hash, password: PW.password },
  inspectPasswordHash: PW.hash,
  hashPasswordWithSalt: "pw",
  hashPassword: "pw",
  verifyPassword: { hash: PW.hash, password: PW.password },
  readSessionToken: "better-auth.session_token=a.b",
  verifySignedCookieValue: "a.LyGK8BAfUElWZb2Tf6k2SDtCWhrtPfjgaZpNyVt41rA=",
  signSessionToken: "token",
  readCookieCache: "better-auth.session_data=e30",
  readCookieCacheSync: "better-auth.session_data=e30",
  readCookieCacheWithReason: "better-auth.session_data=e30",
  readCookieCacheWithReasonSync: "better-auth.session_data=e30",
  signCookieCache: { session: {}, user: {} },
  verifyJwt: "a.b.c",
  verifyJwtSync: "a.b.c",
  verifyJwsSync: "a.b.c",
  verifyJws: "a.b.c",
  signJwt: { sub: "1" },
  signJws: "payload",
  secretsEqual: "secret",
  signInternalRequest: { method: "POST", url: "/internal", body: "{}" },
  verifyInternalRequest: { method: "POST", url: "/internal", body: "{}", headers: {} },
};

// Functions that only build something (their results do I/O when called; not called here).
const SKIP = new Set(["AuthError"]);
const names = Object.keys(api).filter((n) => typeof api[n] === "function" && !SKIP.has(n)).sort();

const SECRET = "hostile-test-secret-0123456789-abcdefghijklmnop";

/** The instance still answers correctly: a real Better Auth hash and a JWT round trip. */
function assertInstanceWorks(after) {
  assert.equal(api.verifyPasswordSync({ hash: PW.hash, password: PW.password }), true, `after ${after}`);
  const jwt = api.signJwt({ sub: "canary" }, { secret: SECRET, now: 1_700_000_000_000 });
  const v = api.verifyJwtSync(jwt, { secret: SECRET, now: 1_700_000_000_000 });
  assert.equal(v.payload.sub, "canary", `after ${after}`);
}

function check(name, label, outcome) {
  if (outcome.ok) return;
  const e = outcome.error;
  assert.ok(
    e instanceof AuthError,
    `${name}(${label}) threw a ${e?.constructor?.name}, not an AuthError: ${e?.message}`,
  );
  assert.match(e.code, /^ERR_[A-Z0-9_]+$/, `${name}(${label}): code ${e.code}`);
  assert.notEqual(e.code, "ERR_INTERNAL", `${name}(${label}): ${e.message}`);
}

async function settle(fn) {
  try {
    const r = fn();
    if (r && typeof r.then === "function") await r;
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  }
}

test("the canary works before anything else", () => assertInstanceWorks("start"));

for (const name of names) {
  test(`${name}: hostile arguments give a coded AuthError and leave the instance working`, async () => {
    const fn = api[name];
    for (const [label, h] of HOSTILE) {
      check(name, label, await settle(() => fn(h)));
      check(name, `${label}, ${label}`, await settle(() => fn(h, h)));
      if (name in FIRST) check(name, `valid, ${label}`, await settle(() => fn(FIRST[name], h)));
      check(name, `{}, ${label}`, await settle(() => fn({}, h)));
    }
    assertInstanceWorks(name);
    assert.equal(Object.prototype.polluted, undefined, "Object.prototype was polluted");
    assert.equal({}.isAdmin, undefined, "Object.prototype was polluted");
  });
}

// The other public entries (issue 17): each has its own WASM instance, so each gets the same
// hostile calls and then proves its own instance still serves (and the request path's too).
// authcore/keys' canary: an RSA key it generated (once: 2048-bit generation is slow in WASM)
// signs with PS256; both its instance and the request path's verify.
const KEYS_RSA = keysApi.generateKeyPair("PS256");
const OTHER_ENTRIES = [
  ["authcore/passwords", passwordsApi, () => assert.equal(passwordsApi.verifyPasswordSync({ hash: PW.hash, password: PW.password }), true)],
  [
    "authcore/keys",
    keysApi,
    () => {
      const { privateJwk, publicJwk } = KEYS_RSA;
      const t = keysApi.signJwt({ sub: "k" }, { privateJwk });
      assert.equal(keysApi.verifyJwtSync(t, { jwks: publicJwk }).payload.sub, "k");
      assert.equal(api.verifyJwtSync(t, { jwks: publicJwk }).payload.sub, "k");
    },
  ],
  ["authcore/doctor", doctorApi, () => assert.equal(doctorApi.diagnoseExport(doctorApi.generateExport({ users: 3, seed: 1 })).report.summary.authUsers, 3)],
];
for (const [entry, mod, canary] of OTHER_ENTRIES) {
  const fns = Object.keys(mod).filter((n) => typeof mod[n] === "function" && !SKIP.has(n)).sort();
  test(`${entry} exports functions to test`, () => assert.ok(fns.length >= 4, fns.join(", ")));
  for (const name of fns) {
    test(`${entry} ${name}: hostile arguments give a coded AuthError and leave the instance working`, async () => {
      const fn = mod[name];
      for (const [label, h] of HOSTILE) {
        check(name, label, await settle(() => fn(h)));
        check(name, `${label}, ${label}`, await settle(() => fn(h, h)));
        if (name in FIRST) check(name, `valid, ${label}`, await settle(() => fn(FIRST[name], h)));
        check(name, `{}, ${label}`, await settle(() => fn({}, h)));
      }
      canary();
      assertInstanceWorks(`${entry} ${name}`);
      assert.equal(Object.prototype.polluted, undefined, "Object.prototype was polluted");
    });
  }
}

test("parseCommandLine: oversized command lines are refused before clap, thousands of times, then it still parses", () => {
  const tooMany = Array.from({ length: 1025 }, () => "--json");
  const tooLong = ["doctor", "x".repeat((64 << 10) + 1)];
  const holes = ["doctor", , "x.zip"]; // eslint-disable-line no-sparse-arrays
  for (let i = 0; i < 2000; i++) {
    for (const argv of [tooMany, tooLong, holes, [1], "doctor"]) {
      assert.throws(() => doctorApi.parseCommandLine(argv), (e) => e instanceof doctorApi.AuthError && e.code === "ERR_INVALID_ARGUMENT");
    }
  }
  const ok = doctorApi.parseCommandLine(["doctor", "x".repeat(64 << 10)]);
  assert.equal(ok.command, "doctor");
  assert.equal(doctorApi.parseCommandLine(["gen-export", "-o", "out.zip"]).args.users, "100");
  assert.equal(doctorApi.parseCommandLine(["--version"]).exitCode, 0);
});

test("no prototype pollution through parsed JSON (cookie cache, JWT claims)", () => {
  const session = JSON.parse('{"id":"s","userId":"u","expiresAt":"2099-01-01T00:00:00.000Z","__proto__":{"polluted":1}}');
  const user = JSON.parse('{"id":"u","email":"a@b.c","__proto__":{"isAdmin":true}}');
  const now = 1_700_000_000_000;
  const { value } = api.signCookieCache({ session, user }, { secret: SECRET, now });
  const read = api.readCookieCacheSync(`better-auth.session_data=${value}`, { secret: SECRET, now });
  assert.equal(read.user.email, "a@b.c");
  assert.equal(Object.prototype.polluted, undefined);
  assert.equal({}.isAdmin, undefined);
  assert.equal(read.user.isAdmin, undefined);
  const jwt = api.signJwt(JSON.parse('{"sub":"1","__proto__":{"polluted":1}}'), { secret: SECRET, now });
  api.verifyJwtSync(jwt, { secret: SECRET, now });
  assert.equal(Object.prototype.polluted, undefined);
});

test("betterAuthMigration refuses options that are not an object before reading them (a 1 MiB string was spread into a million-key object)", () => {
  for (const mod of [passwordsApi]) { // betterAuthMigration is authcore/passwords' only (issue 17)
    for (const bad of ["x".repeat(1 << 20), "legacy", 5, true, Symbol("o"), 10n]) {
      for (let i = 0; i < 1000; i++) {
        assert.throws(
          () => mod.betterAuthMigration(bad),
          (e) => e instanceof mod.AuthError && e.code === "ERR_INVALID_ARGUMENT" && /options must be an object/.test(e.message),
        );
      }
    }
    assert.equal(typeof mod.betterAuthMigration().hash, "function");
    assert.equal(typeof mod.betterAuthMigration(null).verify, "function");
  }
});
