// Hostile calls of every exported function, interleaved with real calls, then real work that
// must all succeed (issue 16, part 1). Runtime-neutral (no Node imports): the Node test runs it on
// the main thread and through the worker pool, tests/runtimes/edge-runtime runs it in an isolate.
//
// The values are what a caller (or an attacker who controls a parsed request body) can pass:
// throwing getters, Proxies with throwing traps, revoked Proxies, class instances with getters on
// their prototype, cyclic and 10,000-deep objects and arrays, huge strings, symbols, BigInt,
// functions, typed arrays, Maps, Dates, Promises. Before the plain-data boundary, a throwing
// getter read by the bindings unwound WASM frames without restoring the stack pointer (2,849 such
// calls broke the instance for good) and a cyclic `legacy` option overflowed the WASM stack.

const SECRET = "hostile-battery-secret-0123456789-abcdefghijklmnop";
const NOW = 1_700_000_000_000;
// An ES256 key and token (sub "u2", iat NOW, exp NOW + 600 s) made once by node:crypto
// (tests/js/support/ec-node.mjs): fixed, so every runtime checks the same bytes.
const ES_PUBLIC_JWK = {
  kty: "EC",
  x: "CHSQLM-1BJnvLEmiAJ2kqfUPZoOuuZDTXX-S0fMlZz8",
  y: "n_mdsWbrTXkxcsFZfh0Ta8JuJHmK3IFgVXRu8Cz29tA",
  crv: "P-256",
  alg: "ES256",
  kid: "battery-es256",
};
const ES_JWT =
  "eyJhbGciOiJFUzI1NiIsImtpZCI6ImJhdHRlcnktZXMyNTYifQ.eyJzdWIiOiJ1MiIsImlhdCI6MTcwMDAwMDAwMCwiZXhwIjoxNzAwMDAwNjAwfQ.VmaK0MR3jsOw54FRKwex-ahY_ljG7yGkZS2q5Fl9ZJd6ARLe3YClvAGJ7lGkknsIShTRVJh95AyaJVXfVF989Q";

function boom() {
  throw new Error("boom");
}

/** [label, () => value]: a fresh value per call (some are consumed or mutated). */
export function hostileValues() {
  const cyclic = {};
  cyclic.self = cyclic;
  cyclic.list = [cyclic];
  let deep = {};
  for (let i = 0; i < 10_000; i++) deep = { a: deep };
  let deepArray = [];
  for (let i = 0; i < 10_000; i++) deepArray = [deepArray];
  const trapAll = new Proxy(
    {},
    { get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom, apply: boom },
  );
  const lyingProxy = new Proxy(
    {},
    {
      ownKeys: () => ["hash", "password", "secret", "legacy", "jwks"],
      getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true }),
      get: (_, k) => (k === Symbol.toPrimitive ? undefined : cyclic),
    },
  );
  const arrayProxy = new Proxy([], { get: (t, k) => (k === "length" ? 2 ** 32 - 1 : boom()) });
  const revocable = Proxy.revocable({}, {});
  revocable.revoke();
  class Getters {
    get hash() { return boom(); }
    get password() { return boom(); }
    get maxPasswordLength() { return boom(); }
    get legacy() { return boom(); }
    get secret() { return boom(); }
    get jwks() { return boom(); }
    get now() { return boom(); }
    get algorithms() { return boom(); }
    get session() { return boom(); }
    get user() { return boom(); }
    get headers() { return boom(); }
    get op() { return boom(); }
  }
  const ownGetters = {};
  for (const k of ["hash", "password", "maxPasswordLength", "legacy", "secret", "jwks", "now", "strategy", "cookiePrefix", "authUser", "appUsers", "policy", "email"]) {
    Object.defineProperty(ownGetters, k, { get: boom, enumerable: true });
  }
  class Plain {
    constructor() {
      this.hash = "x";
      this.password = "y";
      this.secret = SECRET;
    }
  }
  const huge = "A".repeat(1 << 20);
  const throwingIndex = [1, 2, 3];
  Object.defineProperty(throwingIndex, 1, { get: boom, enumerable: true });
  return [
    ["throwing-getter class instance", () => new Getters()],
    ["own throwing getters", () => ownGetters],
    ["Proxy throwing on every trap", () => trapAll],
    ["lying Proxy (every member cyclic)", () => lyingProxy],
    ["array Proxy with length 2^32-1", () => arrayProxy],
    ["revoked Proxy", () => revocable.proxy],
    ["cyclic object", () => cyclic],
    ["legacy: cyclic", () => ({ legacy: { a: cyclic }, maxPasswordLength: 128 })],
    ["10,000-deep object", () => deep],
    ["legacy: 10,000-deep", () => ({ legacy: deep })],
    ["10,000-deep array", () => deepArray],
    ["secret: 10,000-deep array", () => ({ secret: deepArray, jwks: deep })],
    ["array with a throwing index", () => throwingIndex],
    ["huge string (1 MiB)", () => huge],
    ["symbol", () => Symbol("s")],
    ["BigInt", () => 10n ** 40n],
    ["function", () => () => "x"],
    ["Uint8Array", () => new Uint8Array(4096).fill(65)],
    ["Float64Array", () => new Float64Array(8)],
    ["DataView", () => new DataView(new ArrayBuffer(8))],
    ["ArrayBuffer", () => new ArrayBuffer(16)],
    ["class instance", () => new Plain()],
    ["Map", () => new Map([["secret", SECRET]])],
    ["Date", () => new Date(NaN)],
    ["Promise", () => Promise.resolve("x")],
    ["options with hostile members", () => ({ secret: 1n, jwks: cyclic, now: Symbol("n"), algorithms: trapAll, legacy: new Getters(), strategy: deep })],
  ];
}

/**
 * A plausible first argument per function, so a hostile value reaches the later parameters. The
 * password functions get a password over the 64 KiB ceiling every call enforces (there is no
 * default length limit): the options (where hostile values go) are read first, and then the call
 * ends without a scrypt hash (10,000 of those would take half an hour in WASM). hashPassword/hashPasswordSync take one argument: a valid first one
 * would only make every such call a real hash.
 */
function firstArgs(api, fixtures) {
  const long = "p".repeat(64 * 1024 + 1);
  return {
    verifyPasswordSync: { hash: fixtures.hash, password: long },
    inspectPasswordHash: fixtures.hash,
    hashPasswordWithSalt: long,
    verifyPassword: { hash: fixtures.hash, password: long },
    readSessionToken: fixtures.cookieHeader,
    verifySignedCookieValue: fixtures.signedValue,
    readCookieCache: fixtures.cacheHeader,
    readCookieCacheSync: fixtures.cacheHeader,
    readCookieCacheWithReason: fixtures.cacheHeader,
    readCookieCacheWithReasonSync: fixtures.cacheHeader,
    signCookieCache: { session: { id: "s" }, user: { id: "u" } },
    verifyJwt: fixtures.jwt,
    verifyJws: fixtures.jwt,
    verifyJwtSync: fixtures.jwt,
    verifyJwsSync: fixtures.jwt,
    signJwt: { sub: "1" },
    signJws: "payload",
    decryptPrivateKey: "00",
    explainToken: fixtures.jwt,
  };
}

// Functions whose work is the app's own I/O through objects it passes (a Convex ctx, a Better
// Auth component): what those objects throw is the app's error and is passed on as it is.
const APP_IO = new Set(["findSyncCandidates", "applySyncDecision", "syncAuthUser"]);
// Not a function to call.
const SKIP = new Set(["AuthError"]);

/** Deterministic PRNG (mulberry32; tests/js/support/better-auth.mjs has the same, but this
 * module is bundled into isolates and cannot import that Node-only one). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fixed inputs for the real calls (made with the package itself, checked by the real calls). */
export async function makeFixtures(api) {
  const password = "correct horse battery staple";
  const hash = api.hashPasswordWithSalt(password, "00112233445566778899aabbccddeeff");
  const signedValue = api.signSessionToken("session-token-1", SECRET);
  const cookieHeader = `better-auth.session_token=${signedValue}`;
  const { value } = api.signCookieCache(
    { session: { id: "s1", token: "session-token-1", userId: "u1", expiresAt: new Date(NOW + 3_600_000) }, user: { id: "u1", email: "a@example.com" } },
    { secret: SECRET, now: NOW },
  );
  const cacheHeader = `${cookieHeader}; better-auth.session_data=${value}`;
  const jwt = api.signJwt({ sub: "u1" }, { secret: SECRET, now: NOW, expiresIn: 600 });
  // The request path verifies ES256 but does not sign it (authcore/keys does): a fixed token.
  return { password, hash, signedValue, cookieHeader, cacheHeader, jwt, esJwt: ES_JWT, jwks: { keys: [ES_PUBLIC_JWK] } };
}

/** The cheap real checks: cookie, cache, HS256 and ES256 JWTs. Throws on any wrong answer. */
function realChecks(api, f) {
  const t = api.readSessionToken(f.cookieHeader, { secret: SECRET });
  if (t !== "session-token-1") throw new Error(`readSessionToken gave ${t}`);
  const c = api.readCookieCacheSync(f.cacheHeader, { secret: SECRET, now: NOW });
  if (c?.user?.id !== "u1") throw new Error(`readCookieCache gave ${JSON.stringify(c)}`);
  if (api.verifyJwtSync(f.jwt, { secret: SECRET, now: NOW }).payload.sub !== "u1") throw new Error("HS256 JWT");
  if (api.verifyJwtSync(f.esJwt, { jwks: f.jwks, now: NOW }).payload.sub !== "u2") throw new Error("ES256 JWT");
}

/** What calling `fn` throws or rejects with, or null. */
export async function settle(fn) {
  try {
    const r = fn();
    if (r && typeof r.then === "function") await r;
    return null;
  } catch (e) {
    return e;
  }
}

/**
 * Run `calls` hostile calls round-robin over every exported function (random hostile values in
 * random positions, seeded), with a real cookie/JWT check after every 10 and a real password
 * verification after every 1000. Returns `{ calls, functions, bad: [descriptions] }`: `bad`
 * lists calls that threw something other than an AuthError, or an ERR_INTERNAL AuthError.
 * Throws if a real call fails.
 */
export async function runHostileCalls(api, { calls = 10_000, seed = 16, fixtures }) {
  const f = fixtures ?? (await makeFixtures(api));
  const values = hostileValues();
  const first = firstArgs(api, f);
  const names = Object.keys(api).filter((n) => typeof api[n] === "function" && !SKIP.has(n)).sort();
  const rand = rng(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const bad = [];
  for (let i = 0; i < calls; i++) {
    const name = names[i % names.length];
    const [label, make] = pick(values);
    const shape = Math.floor(rand() * 4);
    const args =
      shape === 0 ? [make()] : shape === 1 ? [make(), make()] : shape === 2 && name in first ? [first[name], make()] : [{}, make()];
    const e = await settle(() => api[name](...args));
    if (e) {
      const isAuth = e instanceof api.AuthError;
      const appError = APP_IO.has(name) && !isAuth; // the app's ctx threw: passed on as it is
      if (!isAuth && !appError) bad.push(`${name}(${label}, shape ${shape}) threw ${e?.constructor?.name}: ${e?.message}`);
      else if (isAuth && e.code === "ERR_INTERNAL") bad.push(`${name}(${label}, shape ${shape}) gave ERR_INTERNAL: ${e.message}`);
    }
    if (i % 10 === 9) realChecks(api, f);
    if (i % 1000 === 999 && api.verifyPasswordSync({ hash: f.hash, password: f.password }) !== true) {
      throw new Error(`verifyPasswordSync failed after ${i + 1} hostile calls`);
    }
  }
  return { calls, functions: names.length, bad };
}

/**
 * The real work after the hostile calls: `n` hashes (async, through the pool where there is
 * one), `n` verifications of them, `n` cookie/cache/JWT checks. Throws on the first failure.
 */
export async function realWork(api, { n = 100, fixtures }) {
  const f = fixtures ?? (await makeFixtures(api));
  const hashes = await Promise.all(Array.from({ length: n }, (_, i) => api.hashPassword(`password ${i}`)));
  const ok = await Promise.all(hashes.map((h, i) => api.verifyPassword({ hash: h, password: `password ${i}` })));
  const bad = ok.findIndex((x) => x !== true);
  if (bad >= 0) throw new Error(`verifyPassword of hash ${bad} gave ${ok[bad]}`);
  if ((await api.verifyPassword({ hash: hashes[0], password: "wrong" })) !== false) throw new Error("a wrong password verified");
  for (let i = 0; i < n; i++) realChecks(api, f);
  return { hashes: hashes.length };
}

/**
 * What proves each narrower entry's own instance still serves after its hostile calls (each
 * entry has its own WASM instance). `f` is makeFixtures' result (made with the request path).
 */
const CANARIES = {
  // A real scrypt verification costs ~100 ms in WASM: every 1,000th canary; the others parse.
  passwords: (api, f, i) => {
    if (api.inspectPasswordHash(f.hash).algorithm !== "better-auth-scrypt") throw new Error("authcore/passwords no longer parses a hash");
    if (i % 1000 === 999 && api.verifyPasswordSync({ hash: f.hash, password: f.password }) !== true) throw new Error("authcore/passwords no longer verifies");
  },
  keys: (api, f) => {
    if (api.verifyJwtSync(f.esJwt, { jwks: f.jwks, now: NOW }).payload.sub !== "u2") throw new Error("authcore/keys no longer verifies ES256");
    const { privateJwk, publicJwk } = api.generateKeyPair("EdDSA");
    const t = api.signJwt({ sub: "k" }, { privateJwk, now: NOW, expiresIn: 600 });
    if (api.verifyJwtSync(t, { jwks: { keys: [publicJwk] }, now: NOW }).payload.sub !== "k") throw new Error("authcore/keys no longer signs");
  },
  doctor: (api) => {
    const users = api.diagnoseExport(api.generateExport({ users: 3, seed: 1 })).report.summary.authUsers;
    if (users !== 3) throw new Error(`authcore/doctor diagnosed ${users} users in a 3-user export`);
  },
};

/**
 * Every public entry in one runtime: `calls` hostile calls on the request path (runHostileCalls),
 * `entryCalls` on each of authcore/passwords, /keys, /doctor (round-robin over their own exports,
 * each hostile value hundreds of times, a canary of their own instance after every 10), then the
 * request path's real work. `entries`
 * is `{ authcore, passwords, keys, doctor }` (the modules the runtime imported). Returns
 * `{ calls, functions, bad, hashes, entries: { name: { calls, functions } } }`.
 */
export async function runEveryEntry(entries, { calls = 10_000, entryCalls = 4_000, n = 100, seed = 16 } = {}) {
  const { authcore: api, ...others } = entries;
  const f = await makeFixtures(api);
  const main = await runHostileCalls(api, { calls, seed, fixtures: f });
  const bad = [...main.bad];
  const per = { authcore: { calls: main.calls, functions: main.functions } };
  for (const [name, mod] of Object.entries(others)) {
    const canary = CANARIES[name];
    if (!canary) throw new Error(`no canary for entry ${name}`);
    const names = Object.keys(mod).filter((k) => typeof mod[k] === "function" && !SKIP.has(k)).sort();
    const first = firstArgs(mod, f);
    const values = hostileValues();
    const rand = rng(seed + names.length);
    const started = Date.now();
    for (let i = 0; i < entryCalls; i++) {
      const fn = names[i % names.length];
      const [label, make] = values[Math.floor(rand() * values.length)];
      const shape = Math.floor(rand() * 4);
      const args = shape === 0 ? [make()] : shape === 1 ? [make(), make()] : shape === 2 && fn in first ? [first[fn], make()] : [{}, make()];
      const e = await settle(() => mod[fn](...args));
      if (e && !(e instanceof mod.AuthError)) bad.push(`${name} ${fn}(${label}, shape ${shape}) threw ${e?.constructor?.name}: ${e?.message}`);
      else if (e && e.code === "ERR_INTERNAL") bad.push(`${name} ${fn}(${label}, shape ${shape}) gave ERR_INTERNAL: ${e.message}`);
      if (i % 10 === 9) canary(mod, f, i);
    }
    canary(mod, f, 999);
    per[name] = { calls: entryCalls, functions: names.length, ms: Date.now() - started };
  }
  const w = await realWork(api, { n, fixtures: f });
  return { calls: main.calls, functions: main.functions, bad, hashes: w.hashes, entries: per };
}
