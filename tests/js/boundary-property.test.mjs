// Property test of the JS → WASM boundary (issue 16, part 1) with fast-check: random values of
// every kind (nested objects and arrays, null-prototype objects, boxed values, Maps, Sets,
// typed arrays, sparse arrays, Dates, symbols, BigInt, functions, strings with lone surrogates)
// plus values that fight back (throwing getters, Proxies with throwing or lying traps, cycles)
// into every exported function: each call returns a value or throws an AuthError with a code
// other than ERR_INTERNAL, and the instance answers real calls correctly afterwards.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { settle } from "../runtimes/common/hostile-battery.mjs";

process.env.AUTHCORE_TEST_HOOKS = "1";
const api = await import("authcore");
const hooks = globalThis[Symbol.for("authcore.testHooks")];
const { AuthError } = api;

const SECRET = "property-test-secret-0123456789-abcdefghijkl";
const NOW = 1_700_000_000_000;
const HASH = api.hashPasswordWithSalt("pw", "00112233445566778899aabbccddeeff");
const JWT = api.signJwt({ sub: "p" }, { secret: SECRET, now: NOW });
// App I/O functions take the app's own objects (a Convex ctx) and pass on what those throw.
const APP_IO = new Set(["findSyncCandidates", "applySyncDecision", "syncAuthUser"]);
const NAMES = Object.keys(api).filter((n) => typeof api[n] === "function" && n !== "AuthError").sort();

function boom() {
  throw new Error("boom");
}

/** Values that run code when authcore reads them. */
const fighting = fc.oneof(
  fc.constantFrom(...["hash", "password", "secret", "legacy", "jwks", "maxPasswordLength", "now", "session", "user"]).map((k) => {
    const o = {};
    Object.defineProperty(o, k, { get: boom, enumerable: true });
    return o;
  }),
  fc.constant(null).map(() => ({ lazy: () => new Proxy({}, { get: boom, ownKeys: boom, getPrototypeOf: boom, has: boom, getOwnPropertyDescriptor: boom }) })),
  fc.anything().map((v) => ({ lazy: () => new Proxy({}, { ownKeys: () => ["secret", "hash"], getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true }), get: () => v }) })),
  fc.constant(null).map(() => {
    const c = {};
    c.c = c;
    return { legacy: { c }, secret: [c], jwks: c };
  }),
  fc.integer({ min: 65, max: 2000 }).map((n) => {
    let d = {};
    for (let i = 0; i < n; i++) d = { legacy: d };
    return d;
  }),
  fc.constant(null).map(() => ({
    lazy: () => {
      const p = Proxy.revocable({}, {});
      p.revoke();
      return p.proxy;
    },
  })),
);

// Values travel as thunks: fast-check itself inspects generated values (for a clone method),
// which a revoked or throwing Proxy would not survive.
const thunk = (arb) => arb.map((v) => () => (v !== null && typeof v === "object" && typeof v.lazy === "function" && Object.keys(v).length === 1 ? v.lazy() : v));
const value = fc.oneof(
  { weight: 4, arbitrary: fc.anything({ withBoxedValues: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true, withObjectString: true, withDate: true, withBigInt: true, withUnicodeString: true, maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom(Symbol("s"), () => 1, 2n ** 70n, new ArrayBuffer(4), new DataView(new ArrayBuffer(4)), new Float32Array(3)) },
  { weight: 2, arbitrary: fighting },
  // (every alternative becomes a thunk below)
  { weight: 1, arbitrary: fc.record({ hash: fc.constant(HASH), password: fc.string() }) },
  { weight: 1, arbitrary: fc.record({ secret: fc.oneof(fc.constant(SECRET), fc.array(fc.anything(), { maxLength: 3 })), now: fc.anything() }) },
);


function assertSound() {
  assert.equal(api.verifyPasswordSync({ hash: HASH, password: "pw" }), true);
  assert.equal(api.verifyJwtSync(JWT, { secret: SECRET, now: NOW }).payload.sub, "p");
  assert.equal(api.readSessionToken(`better-auth.session_token=${api.signSessionToken("t", SECRET)}`, { secret: SECRET }), "t");
}

test("random values into every exported function give a value or a coded AuthError, never a broken instance", async () => {
  const retired = hooks?.retiredInstances() ?? 0;
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...NAMES), fc.array(thunk(value), { minLength: 0, maxLength: 3 }), async (name, thunks) => {
      const e = await settle(() => api[name](...thunks.map((t) => t())));
      if (e === null || (APP_IO.has(name) && !(e instanceof AuthError))) return true;
      assert.ok(e instanceof AuthError, `${name} threw ${e?.constructor?.name}: ${e?.message}`);
      assert.match(e.code, /^ERR_[A-Z0-9_]+$/);
      assert.notEqual(e.code, "ERR_INTERNAL", `${name}: ${e.message}`);
      return true;
    }),
    { numRuns: 3000, seed: 16, endOnFailure: true },
  );
  assertSound();
  assert.equal(hooks?.retiredInstances() ?? 0, retired, "no random value needed an instance retirement");
});

test("the copy authcore reads runs each getter once and never under WASM", () => {
  let reads = 0;
  const options = {};
  Object.defineProperty(options, "maxPasswordLength", { get: () => (++reads, 128), enumerable: true });
  assert.equal(api.verifyPasswordSync({ hash: HASH, password: "pw" }, options), true);
  assert.equal(reads, 1);
});
