// Generate tests/vectors/cookies/better-auth-cookies.json with the REAL better-auth 1.6.34 and
// 1.7.25 (workspace devDependencies better-auth-1.6 / better-auth-1.7).
//
//   node tests/vectors/cookies/generate.mjs
//
// Each flow runs a real betterAuth() instance on the memory adapter, signs a user up, and
// records the Set-Cookie headers it answers with; then the same instance's get-session is
// called with those cookies (and with the session_token only) to record that Better Auth
// itself accepts them. jwks rows come from the jwt plugin's own database writes, and their
// decryption from better-auth/crypto's symmetricDecrypt. Nothing here uses authcore.
import { writeFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const SECRET = "cookie-vectors-secret-0123456789-abcdefghijklmnop";
const OLD_SECRET = "cookie-vectors-OLD-secret-9876543210-zyxwvutsrqpon";
const BASE_URL = "http://127.0.0.1:3000";
const HTTPS_URL = "https://app.example.com";

function pkgVersion(alias, sub) {
  const p = path.join(here, "../../../node_modules", alias, sub ?? "", "package.json");
  return JSON.parse(readFileSync(p, "utf8")).version;
}

function cookieMap(setCookies) {
  const out = {};
  for (const sc of setCookies) {
    const [nv] = sc.split(";");
    const i = nv.indexOf("=");
    out[nv.slice(0, i)] = nv.slice(i + 1);
  }
  return out;
}

function cookieHeader(map, filter = () => true) {
  return Object.entries(map)
    .filter(([k, v]) => v !== "" && filter(k))
    .map(([k, v]) => `${k}=${v}`)
    .join("; ");
}

async function flow(alias, name, { strategy, https = false, prefix, bigUser = false, jwtPlugin, rotation = false, cookieCacheJwks = false }) {
  const { betterAuth } = await import(alias);
  const { memoryAdapter } = await import(`${alias}/adapters/memory`);
  const plugins = [];
  if (jwtPlugin || cookieCacheJwks) {
    const { jwt } = await import(`${alias}/plugins`);
    plugins.push(
      jwt({
        ...(jwtPlugin ? { jwks: { keyPairConfig: jwtPlugin } } : {}),
        ...(cookieCacheJwks ? { sessionCookieCache: true } : {}),
      }),
    );
  }
  const db = { user: [], session: [], account: [], verification: [], jwks: [] };
  const baseURL = https ? HTTPS_URL : BASE_URL;
  const auth = betterAuth({
    database: memoryAdapter(db),
    ...(rotation
      ? { secrets: [{ version: 2, value: SECRET }, { version: 1, value: OLD_SECRET }] }
      : { secret: SECRET }),
    baseURL,
    telemetry: { enabled: false },
    logger: { disabled: true },
    emailAndPassword: { enabled: true },
    session: { cookieCache: { enabled: true, strategy, maxAge: 300 } },
    ...(prefix ? { advanced: { cookiePrefix: prefix } } : {}),
    plugins,
  });
  const userName = bigUser ? "Big " + "x".repeat(9000) + " é\u2028\"\\/<\u0001>" : "Alice \"A\" Ünïcode \u2028";
  const res = await auth.handler(
    new Request(`${baseURL}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: baseURL },
      body: JSON.stringify({ email: `${name}@example.com`, password: "correct horse battery", name: userName }),
    }),
  );
  if (res.status !== 200) throw new Error(`${name}: sign-up ${res.status} ${await res.text()}`);
  const setCookie = res.headers.getSetCookie();
  const cookies = cookieMap(setCookie);
  const header = cookieHeader(cookies);
  const tokenName = Object.keys(cookies).find((k) => k.endsWith(".session_token"));
  const dataNames = Object.keys(cookies).filter((k) => /\.session_data(\.\d+)?$/.test(k));
  // Better Auth reads its own cookies back: with the cache, and with the token alone.
  const get = async (h) =>
    auth.handler(new Request(`${baseURL}/api/auth/get-session`, { headers: { cookie: h } }));
  const withCache = await (await get(header)).json();
  const tokenOnly = await (await get(`${tokenName}=${cookies[tokenName]}`)).json();
  const sessionRow = db.session[0];
  let jwks = null;
  let jwksRows = null;
  if (jwtPlugin || cookieCacheJwks) {
    jwks = await (await auth.handler(new Request(`${baseURL}/api/auth/jwks`))).json();
    const { symmetricDecrypt } = await import(`${alias}/crypto`);
    const key = rotation
      ? { keys: new Map([[2, SECRET], [1, OLD_SECRET]]), currentVersion: 2 }
      : SECRET;
    jwksRows = [];
    for (const row of db.jwks) {
      jwksRows.push({
        id: row.id,
        publicKey: row.publicKey,
        privateKey: row.privateKey,
        decryptedPrivateKey: await symmetricDecrypt({ key, data: JSON.parse(row.privateKey) }),
      });
    }
  }
  let cacheLibrary = null;
  try {
    const { getCookieCache } = await import(`${alias}/cookies`);
    cacheLibrary = await getCookieCache(new Headers({ cookie: header }), {
      secret: SECRET,
      strategy,
      cookiePrefix: prefix,
      isSecure: https,
      ...(cookieCacheJwks ? { jwt: { jwks, issuer: baseURL } } : {}),
    });
  } catch (e) {
    cacheLibrary = { error: String(e) };
  }
  return {
    name,
    betterAuth: alias,
    strategy,
    secret: SECRET,
    secrets: rotation ? [{ version: 2, value: SECRET }, { version: 1, value: OLD_SECRET }] : null,
    cookiePrefix: prefix ?? "better-auth",
    https,
    baseURL,
    setCookie,
    cookieHeader: header,
    sessionTokenCookie: tokenName,
    sessionDataCookies: dataNames,
    sessionToken: sessionRow.token,
    sessionRow: JSON.parse(JSON.stringify(sessionRow)),
    libraryGetSessionWithCache: withCache,
    libraryGetSessionTokenOnly: tokenOnly,
    libraryGetCookieCache: cacheLibrary,
    jwks,
    jwksRows,
  };
}

const versions = {};
const flows = [];
for (const alias of ["better-auth-1.6", "better-auth-1.7"]) {
  versions[alias] = pkgVersion(alias);
  flows.push(await flow(alias, `${alias}-compact`, { strategy: "compact" }));
  flows.push(await flow(alias, `${alias}-compact-chunked`, { strategy: "compact", bigUser: true }));
  flows.push(await flow(alias, `${alias}-jwt-https`, { strategy: "jwt", https: true }));
  flows.push(await flow(alias, `${alias}-jwe-prefix`, { strategy: "jwe", prefix: "myapp" }));
  flows.push(await flow(alias, `${alias}-jwe-chunked`, { strategy: "jwe", bigUser: true }));
  flows.push(
    await flow(alias, `${alias}-jwe-rotation-eddsa`, { strategy: "jwe", rotation: true, jwtPlugin: { alg: "EdDSA", crv: "Ed25519" } }),
  );
  flows.push(await flow(alias, `${alias}-compact-es256`, { strategy: "compact", jwtPlugin: { alg: "ES256" } }));
}
flows.push(
  await flow("better-auth-1.7", "better-auth-1.7-jwt-jwks-cache", { strategy: "jwt", cookieCacheJwks: true }),
);

// Signed values made by better-call's own signer (the one setSignedCookie uses).
const { signCookieValue } = await import(
  path.join(here, "../../../node_modules/better-call/dist/crypto.mjs")
);
const signed = [];
for (const token of ["AbCdEfGhIjKlMnOpQrStUvWxYz012345", "true", "with.dots.inside", "ünïcödé ☃"]) {
  signed.push({ token, secret: SECRET, cookieValue: await signCookieValue(token, SECRET) });
}

const out = {
  description:
    "Cookies, cookie caches (compact, jwt, jwe; chunked), signed values and encrypted jwks rows produced by the real better-auth, read back by the same library (libraryGet*). Generated by tests/vectors/cookies/generate.mjs.",
  versions: { ...versions, "better-call": pkgVersion("better-call"), node: process.version },
  generatedAt: new Date().toISOString(),
  signed,
  flows,
};
writeFileSync(path.join(here, "better-auth-cookies.json"), JSON.stringify(out, null, 1) + "\n");
console.log(`wrote ${flows.length} flows, ${signed.length} signed values`);
