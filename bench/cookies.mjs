// Cookie verification: authcore (WASM, synchronous) against Better Auth's own code paths from
// node_modules, in ONE process, interleaved batches, medians of ROUNDS rounds.
//
//   bash bench/run.sh     or     ROUNDS=15 BATCH=2000 node bench/cookies.mjs
//
//   signed session cookie: authcore readSessionToken(header)  vs  better-call's getSignedCookie
//     path (parseCookies → lastIndexOf → atob → WebCrypto importKey + HMAC verify), and the same
//     with the CryptoKey cached (WebCrypto's best case; better-call imports a key per call)
//   cookie cache (compact, jwt, jwe): authcore readCookieCache  vs  better-auth 1.7 getCookieCache
import { readSessionToken, readCookieCacheSync } from "authcore";
import { parseCookies } from "better-call";
import { getCryptoKey, verifySignature, signCookieValue } from "../node_modules/better-call/dist/crypto.mjs";

const ROUNDS = Number(process.env.ROUNDS ?? 15);
const BATCH = Number(process.env.BATCH ?? 2000);
const SECRET = "bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
const TOKEN = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
const NAME = "better-auth.session_token";

const header = `theme=dark; ${NAME}=${await signCookieValue(TOKEN, SECRET)}; other=1`;

// better-call's getSignedCookie, step for step (dist/context.mjs), minus the context object.
async function betterCallGetSignedCookie(h, key) {
  const value = parseCookies(h).get(NAME);
  if (!value) return null;
  const pos = value.lastIndexOf(".");
  if (pos < 1) return null;
  const signedValue = value.substring(0, pos);
  const signature = value.substring(pos + 1);
  if (signature.length !== 44 || !signature.endsWith("=")) return null;
  return (await verifySignature(signature, signedValue, key ?? (await getCryptoKey(SECRET)))) ? signedValue : false;
}
const cachedKey = await getCryptoKey(SECRET);

// Cookie caches written by a real betterAuth() instance (1.7) for each strategy.
async function cacheHeader(strategy) {
  const { betterAuth } = await import("better-auth-1.7");
  const { memoryAdapter } = await import("better-auth-1.7/adapters/memory");
  const auth = betterAuth({
    database: memoryAdapter({ user: [], session: [], account: [], verification: [] }),
    secret: SECRET, baseURL: "http://127.0.0.1:3000", telemetry: { enabled: false }, logger: { disabled: true },
    emailAndPassword: { enabled: true }, session: { cookieCache: { enabled: true, strategy, maxAge: 300 } },
  });
  const res = await auth.handler(new Request("http://127.0.0.1:3000/api/auth/sign-up/email", {
    method: "POST", headers: { "content-type": "application/json", origin: "http://127.0.0.1:3000" },
    body: JSON.stringify({ email: "bench@example.com", password: "correct horse battery", name: "Bench" }),
  }));
  return res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
}
const { getCookieCache } = await import("better-auth-1.7/cookies");
const compact = await cacheHeader("compact");
const jwe = await cacheHeader("jwe");
const jwt = await cacheHeader("jwt");
const jwtHeaders = new Headers({ cookie: jwt });
const compactHeaders = new Headers({ cookie: compact });
const jweHeaders = new Headers({ cookie: jwe });

const cases = {
  "signed session cookie": {
    authcore: () => readSessionToken(header, { secret: SECRET }),
    "better-call (key per call)": () => betterCallGetSignedCookie(header),
    "better-call (cached key)": () => betterCallGetSignedCookie(header, cachedKey),
  },
  "cookie cache, compact": {
    authcore: () => readCookieCacheSync(compact, { secret: SECRET, strategy: "compact" }),
    "better-auth getCookieCache": () => getCookieCache(compactHeaders, { secret: SECRET, strategy: "compact" }),
  },
  "cookie cache, jwt (HS256)": {
    authcore: () => readCookieCacheSync(jwt, { secret: SECRET, strategy: "jwt" }),
    "better-auth getCookieCache": () => getCookieCache(jwtHeaders, { secret: SECRET, strategy: "jwt" }),
  },
  "cookie cache, jwe": {
    authcore: () => readCookieCacheSync(jwe, { secret: SECRET, strategy: "jwe" }),
    "better-auth getCookieCache": () => getCookieCache(jweHeaders, { secret: SECRET, strategy: "jwe" }),
  },
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

console.log(`cookie verification; ${ROUNDS} interleaved rounds of ${BATCH}; Node ${process.version}\n`);
console.log("| case | implementation | median ops/s | authcore × |");
console.log("|---|---|---:|---:|");
for (const [name, peers] of Object.entries(cases)) {
  for (const [k, fn] of Object.entries(peers)) {
    const r = await fn();
    const ok = typeof r === "string" ? r === TOKEN : r && r.user?.email === "bench@example.com";
    if (!ok) throw new Error(`${name}: ${k} did not verify: ${JSON.stringify(r)}`);
  }
  const rates = Object.fromEntries(Object.keys(peers).map((k) => [k, []]));
  for (let i = 0; i < ROUNDS; i++) {
    const order = Object.keys(peers);
    if (i % 2) order.reverse();
    for (const k of order) {
      const fn = peers[k];
      const t = performance.now();
      for (let j = 0; j < BATCH; j++) await fn();
      rates[k].push(BATCH / ((performance.now() - t) / 1000));
    }
  }
  const ours = median(rates.authcore);
  for (const k of Object.keys(peers)) {
    const m = median(rates[k]);
    const ratio = k === "authcore" ? "" : `${(ours / m).toFixed(2)}×`;
    console.log(`| ${name} | ${k} | ${Math.round(m).toLocaleString("en-US")} | ${ratio} |`);
  }
}
