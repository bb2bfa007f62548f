// Secret rotation, `__Secure-` cookie names and cookie-cache versions, held against real
// `betterAuth()` instances (memory adapter) of both installed lines at the HTTP level
// (`auth.handler(new Request(...))`): whatever session Better Auth's /get-session serves from a
// Cookie header, authcore's readSessionToken/readCookieCache read; whatever it refuses, they
// refuse (null). The oracle is always the Better Auth instance.
//
// Observing the cookie cache through HTTP: once the issued cookies are collected, the session
// rows are deleted from the database, so /get-session can only answer from the cache: a
// session in the answer means Better Auth accepted the cache (and the signed token before it).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  readSessionToken,
  readSessionTokenWithReason,
  readCookieCacheSync,
  readCookieCacheWithReasonSync,
  signSessionToken,
  signCookieCache,
  parseSecretsEnv,
} from "authcore";
import { VERSIONS, cookieHeaderOf as headerOf, postForCookies } from "./support/better-auth.mjs";

const OLD = "old-secret-rotated-away-because-it-leaked-0123456789";
const NEW = "new-secret-current-after-the-rotation-abcdefghijklmn";
const FOREIGN = "another-deployment's-secret-zyxwvutsrqponmlkjihgfedcba";
const HTTP = "http://127.0.0.1:3000";
const HTTPS = "https://app.example.com";

async function instance(alias, db, { secrets, secret, strategy, baseURL = HTTP, useSecureCookies, version } = {}) {
  const { betterAuth } = await import(alias);
  const { memoryAdapter } = await import(`${alias}/adapters/memory`);
  const cookieCache = strategy ? { enabled: true, strategy, maxAge: 300, ...(version ? { version } : {}) } : undefined;
  const auth = betterAuth({
    database: memoryAdapter(db),
    ...(secrets ? { secrets } : {}),
    ...(secret ? { secret } : {}),
    baseURL,
    telemetry: { enabled: false },
    logger: { disabled: true },
    emailAndPassword: { enabled: true },
    ...(cookieCache ? { session: { cookieCache } } : {}),
    ...(useSecureCookies !== undefined ? { advanced: { useSecureCookies } } : {}),
  });
  const req = (path, init = {}) =>
    auth.handler(new Request(`${baseURL}/api/auth${path}`, { ...init, headers: { origin: baseURL, ...init.headers } }));
  return { auth, db, baseURL, req };
}

const freshDb = () => ({ user: [], session: [], account: [], verification: [] });

const signUp = (inst, email = "alice@example.com") =>
  postForCookies(inst, "/sign-up/email", { email, password: "correct horse battery", name: "Alice" });

const signIn = (inst, email = "alice@example.com") =>
  postForCookies(inst, "/sign-in/email", { email, password: "correct horse battery" });

/** The session /get-session serves for a Cookie header (null when none). */
async function served(inst, cookie) {
  const res = await inst.req("/get-session", { headers: { cookie } });
  assert.equal(res.status, 200);
  return res.json();
}

const tokenOf = (cookies, name = "better-auth.session_token") => decodeURIComponent(cookies.get(name)).replace(/\.[^.]*$/, "");

for (const v of VERSIONS) {
  describe(`better-auth ${v.version}: secrets rotation, as /get-session answers`, () => {
    test("signed session cookie: the current secret only; acceptPreviousSecrets is an explicit grace period", async () => {
      const db = freshDb();
      const before = await instance(v.alias, db, { secrets: [{ version: 1, value: OLD }] });
      const after = await instance(v.alias, db, { secrets: [{ version: 2, value: NEW }, { version: 1, value: OLD }] });
      const oldCookies = await signUp(before);
      const newCookies = await signIn(after);
      const rotated = parseSecretsEnv("2:" + NEW + ",1:" + OLD);
      const cases = [
        ["issued before the rotation (old secret)", headerOf(oldCookies)],
        ["issued after the rotation (new secret)", headerOf(newCookies)],
        ["forged with the rotated-away secret", `better-auth.session_token=${signSessionToken(tokenOf(newCookies), OLD)}`],
        ["signed with a foreign secret", `better-auth.session_token=${signSessionToken(tokenOf(newCookies), FOREIGN)}`],
      ];
      let accepted = 0;
      for (const [label, h] of cases) {
        const lib = await served(after, h);
        const mine = readSessionToken(h, { secret: rotated });
        assert.equal(mine !== null, lib !== null, `${label}: Better Auth ${lib ? "serves a session" : "serves none"}, authcore read ${mine}`);
        if (lib) {
          assert.equal(mine, lib.session.token, label);
          accepted++;
        } else {
          assert.equal(readSessionTokenWithReason(h, { secret: rotated }).reason.code, "ERR_COOKIE_SIGNATURE_INVALID", label);
        }
      }
      assert.equal(accepted, 1, "only the cookie signed with the current secret is a session");
      // The grace period is explicit: the old cookie reads again, foreign ones still do not.
      assert.equal(readSessionToken(cases[0][1], { secret: rotated, acceptPreviousSecrets: true }), tokenOf(oldCookies));
      assert.equal(readSessionToken(cases[3][1], { secret: rotated, acceptPreviousSecrets: true }), null);
      // Before the rotation, the old instance takes its own cookie (the oracle is not blind).
      assert.equal((await served(before, cases[0][1])).session.token, tokenOf(oldCookies));
    });

    for (const strategy of ["compact", "jwt", "jwe"]) {
      test(`${strategy} cookie cache: accepted and refused exactly as Better Auth does after a rotation`, async () => {
        const db = freshDb();
        const before = await instance(v.alias, db, { secrets: [{ version: 1, value: OLD }], strategy });
        const after = await instance(v.alias, db, { secrets: [{ version: 2, value: NEW }, { version: 1, value: OLD }], strategy });
        const rotated = [{ version: 2, value: NEW }, { version: 1, value: OLD }];
        const oldCookies = await signUp(before);
        const newCookies = await signIn(after);
        const cacheName = "better-auth.session_data";
        const issuedOld = readCookieCacheSync(headerOf(oldCookies), { secret: OLD, strategy });
        assert.ok(issuedOld, "the cache Better Auth issued before the rotation reads under the old secret");
        // Better Auth needs a valid signed token next to the cache, under the current secret:
        // the cache's own session token, signed with NEW (as Better Auth would after rotation).
        const withToken = (cache, token) => `better-auth.session_token=${signSessionToken(token, NEW)}; ${cache}`;
        const forge = (secret) => {
          const { cookies } = signCookieCache(
            { session: issuedOld.session, user: { ...issuedOld.user, name: "Mallory", role: "admin" } },
            { secret, strategy },
          );
          return cookies.map((c) => `${c.name}=${c.value}`).join("; ");
        };
        const cases = [
          ["issued before the rotation", withToken(`${cacheName}=${oldCookies.get(cacheName)}`, tokenOf(oldCookies))],
          ["issued after the rotation", withToken(`${cacheName}=${newCookies.get(cacheName)}`, tokenOf(newCookies))],
          ["forged admin cache, rotated-away secret", withToken(forge(OLD), tokenOf(oldCookies))],
          ["forged admin cache, current secret (the oracle can see a forgery succeed)", withToken(forge(NEW), tokenOf(oldCookies))],
          ["forged admin cache, foreign secret", withToken(forge(FOREIGN), tokenOf(oldCookies))],
        ];
        // From here on /get-session can only answer from the cache.
        db.session.length = 0;
        const expectations = [];
        for (const [label, h] of cases) {
          const lib = await served(after, h);
          const mine = readCookieCacheSync(h, { secret: rotated, strategy });
          const token = readSessionToken(h, { secret: rotated });
          assert.ok(token, `${label}: the token is signed with the current secret`);
          assert.equal(mine !== null, lib !== null, `${label}: Better Auth ${lib ? "serves the cache" : "refuses it"}, authcore ${mine ? "reads it" : "does not"}`);
          if (lib) {
            assert.equal(mine.user.name, lib.user.name, label);
            assert.equal(mine.session.token, lib.session.token, label);
          } else {
            assert.equal(readCookieCacheWithReasonSync(h, { secret: rotated, strategy }).reason.code, "ERR_COOKIE_CACHE_INVALID", label);
          }
          expectations.push(`${label}: ${lib ? "accepted" : "refused"}`);
        }
        // What Better Auth does, written down so a change in either library is seen.
        const decryptsEveryVersion = strategy === "jwe";
        assert.deepEqual(expectations, [
          `issued before the rotation: ${decryptsEveryVersion ? "accepted" : "refused"}`,
          "issued after the rotation: accepted",
          `forged admin cache, rotated-away secret: ${decryptsEveryVersion ? "accepted" : "refused"}`,
          "forged admin cache, current secret (the oracle can see a forgery succeed): accepted",
          "forged admin cache, foreign secret: refused",
        ]);
        // The grace period is opt-in and widens signatures only.
        const grace = readCookieCacheSync(cases[0][1], { secret: rotated, strategy, acceptPreviousSecrets: true });
        assert.ok(grace, "acceptPreviousSecrets reads the pre-rotation cache");
        assert.equal(readCookieCacheSync(cases[4][1], { secret: rotated, strategy, acceptPreviousSecrets: true }), null);
      });
    }

    test("jwe cache written under the legacy (unversioned) secret decrypts after moving to versioned secrets", async () => {
      const db = freshDb();
      const legacy = await instance(v.alias, db, { secret: OLD, strategy: "jwe" });
      const versioned = await instance(v.alias, db, { secret: OLD, secrets: [{ version: 2, value: NEW }], strategy: "jwe" });
      const cookies = await signUp(legacy);
      const h = `better-auth.session_token=${signSessionToken(tokenOf(cookies), NEW)}; better-auth.session_data=${cookies.get("better-auth.session_data")}`;
      db.session.length = 0;
      const lib = await served(versioned, h);
      const mine = readCookieCacheSync(h, { secret: [{ version: 2, value: NEW }, OLD] });
      assert.equal(mine !== null, lib !== null, `Better Auth ${lib ? "accepts" : "refuses"}`);
      assert.ok(lib, "Better Auth decrypts JWE with the legacy secret too");
      assert.equal(mine.session.token, lib.session.token);
    });
  });

  describe(`better-auth ${v.version}: __Secure- cookie names, as /get-session answers`, () => {
    for (const cfg of [
      { label: "https baseURL", baseURL: HTTPS, secure: true },
      { label: "http baseURL", baseURL: HTTP, secure: false },
      { label: "http baseURL + useSecureCookies", baseURL: HTTP, useSecureCookies: true, secure: true },
      { label: "https baseURL + useSecureCookies: false", baseURL: HTTPS, useSecureCookies: false, secure: false },
    ]) {
      test(`${cfg.label}: only the name Better Auth reads is read`, async () => {
        const db = freshDb();
        const inst = await instance(v.alias, db, { secret: NEW, baseURL: cfg.baseURL, useSecureCookies: cfg.useSecureCookies, strategy: "compact" });
        const issued = await signUp(inst);
        const names = [...issued.keys()];
        assert.equal(names.every((n) => n.startsWith("__Secure-") === cfg.secure), true, `${names}`);
        const plain = new Map([...issued].map(([k, val]) => [k.replace(/^__Secure-/, ""), val]));
        const secure = new Map([...plain].map(([k, val]) => [`__Secure-${k}`, val]));
        const schemeSays = cfg.baseURL.startsWith("https://");
        for (const [form, m] of [["plain names", plain], ["__Secure- names", secure]]) {
          const h = headerOf(m);
          const lib = await served(inst, h);
          const request = new Request(`${cfg.baseURL}/dashboard`, { headers: { cookie: h } });
          const what = `${form}: Better Auth ${lib ? "serves a session" : "serves none"}`;
          // The explicit option, as Better Auth's configuration says.
          const explicit = readSessionToken(h, { secret: NEW, secure: cfg.secure });
          assert.equal(explicit !== null, lib !== null, `${what}; readSessionToken({ secure: ${cfg.secure} }) ${explicit}`);
          const cache = readCookieCacheSync(h, { secret: NEW, secure: cfg.secure });
          assert.equal(cache !== null, lib !== null, `${what}; readCookieCacheSync({ secure: ${cfg.secure} })`);
          // The Request's URL scheme, when the configuration follows it.
          if (cfg.useSecureCookies === undefined || cfg.useSecureCookies === schemeSays) {
            const viaUrl = readSessionToken(request, { secret: NEW });
            assert.equal(viaUrl !== null, lib !== null, `${what}; readSessionToken(Request ${cfg.baseURL}) ${viaUrl}`);
            assert.equal(readCookieCacheSync(request, { secret: NEW }) !== null, lib !== null, `${what}; readCookieCacheSync(Request)`);
          }
          if (lib) assert.equal(explicit, lib.session.token);
        }
        // Both forms sent at once: the one Better Auth reads wins, the other is never a fallback.
        const both = headerOf(new Map([...(cfg.secure ? plain : secure)].map(([k]) => [k, "forged.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%3D"]))) + "; " + headerOf(cfg.secure ? secure : plain);
        const lib = await served(inst, both);
        assert.ok(lib, "Better Auth reads its own form");
        assert.equal(readSessionToken(both, { secret: NEW, secure: cfg.secure }), lib.session.token);
      });
    }
  });

  describe(`better-auth ${v.version}: cookieCache.version, as /get-session answers`, () => {
    for (const [label, configured, ours] of [
      ["a string", "2", "2"],
      ["a function of (session, user)", (session, user) => (user.email.endsWith("@example.com") ? "v-ex" : "v-other"), (session, user) => (user.email.endsWith("@example.com") ? "v-ex" : "v-other")],
    ]) {
      for (const strategy of ["compact", "jwe"]) {
        test(`version ${label}, ${strategy}: a cache of another version is no cache`, async () => {
          const db = freshDb();
          const inst = await instance(v.alias, db, { secret: NEW, strategy, version: configured });
          const issued = await signUp(inst);
          const row = readCookieCacheSync(headerOf(issued), { secret: NEW });
          const want = typeof configured === "string" ? configured : configured(row.session, row.user);
          assert.equal(row.version, want, "Better Auth wrote the configured version");
          const token = `better-auth.session_token=${issued.get("better-auth.session_token")}`;
          const cacheOf = (version) =>
            signCookieCache({ session: row.session, user: row.user }, { secret: NEW, strategy, ...(version === undefined ? {} : { version }) })
              .cookies.map((c) => `${c.name}=${c.value}`)
              .join("; ");
          db.session.length = 0;
          let accepted = 0;
          for (const version of [want, "1", undefined, "3"]) {
            const h = `${token}; ${cacheOf(version)}`;
            const lib = await served(inst, h);
            const mine = readCookieCacheSync(h, { secret: NEW, version: ours });
            assert.equal(mine !== null, lib !== null, `cache version ${version}: Better Auth ${lib ? "accepts" : "refuses"}`);
            if (!lib) assert.equal(readCookieCacheWithReasonSync(h, { secret: NEW, version: ours }).reason.code, "ERR_COOKIE_CACHE_INVALID");
            else accepted++;
            // Without a version named, authcore does not judge it (Better Auth's getCookieCache neither).
            assert.ok(readCookieCacheSync(h, { secret: NEW }));
          }
          assert.equal(accepted, 1, "only the configured version is served");
        });
      }
    }
  });
}
