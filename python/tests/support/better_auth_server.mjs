// Real Better Auth servers on loopback for the Python suite: one `betterAuth()` instance per
// configuration (better-auth 1.6.34 and 1.7.25 from the workspace devDependencies
// `better-auth-1.6` / `better-auth-1.7`, memory adapter, JWT plugin), each on its own
// 127.0.0.1 port through better-auth's own `toNodeHandler`. Nothing here uses authcore: the
// Python tests sign up over HTTP and verify what Better Auth itself set and issued.
//
//   node python/tests/support/better_auth_server.mjs '<json config>'
//
// Prints one JSON line `{ "instances": [{ name, alias, version, strategy, alg, baseURL,
// secret, cookieCacheJwks }] }` once every server listens, then serves until killed.
import http from "node:http";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const SECRET = "python-suite-secret-0123456789-abcdefghijklmnopqrstuvwxyz";

function version(alias) {
  const p = path.join(here, "../../../node_modules", alias, "package.json");
  return JSON.parse(readFileSync(p, "utf8")).version;
}

const DEFAULT = [
  { alias: "better-auth-1.6", strategy: "compact", alg: "EdDSA" },
  { alias: "better-auth-1.6", strategy: "jwt", alg: "RS256" },
  { alias: "better-auth-1.6", strategy: "jwe", alg: "ES256", cookiePrefix: "myapp" },
  { alias: "better-auth-1.7", strategy: "compact", alg: "EdDSA" },
  { alias: "better-auth-1.7", strategy: "jwt", alg: "RS256" },
  { alias: "better-auth-1.7", strategy: "jwe", alg: "ES256", cookiePrefix: "myapp" },
  { alias: "better-auth-1.7", strategy: "jwt", alg: "EdDSA", cookieCacheJwks: true },
];

async function start(cfg) {
  const { betterAuth } = await import(cfg.alias);
  const { memoryAdapter } = await import(`${cfg.alias}/adapters/memory`);
  const { jwt } = await import(`${cfg.alias}/plugins`);
  const { toNodeHandler } = await import(`${cfg.alias}/node`);
  let handler = null;
  let db = null;
  const server = http.createServer((req, res) => (req.url.startsWith("/__test/") ? testApi(db, req, res) : handler(req, res)));
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const baseURL = `http://127.0.0.1:${server.address().port}`;
  db = { user: [], session: [], account: [], verification: [], jwks: [] };
  const auth = betterAuth({
    database: memoryAdapter(db),
    secret: SECRET,
    baseURL,
    telemetry: { enabled: false },
    logger: { disabled: true },
    emailAndPassword: { enabled: true },
    session: { cookieCache: { enabled: true, strategy: cfg.strategy, maxAge: 300 } },
    ...(cfg.cookiePrefix ? { advanced: { cookiePrefix: cfg.cookiePrefix } } : {}),
    plugins: [
      jwt({
        jwks: { keyPairConfig: { alg: cfg.alg } },
        ...(cfg.cookieCacheJwks ? { sessionCookieCache: true } : {}),
      }),
    ],
  });
  handler = toNodeHandler(auth);
  const name = `${cfg.alias}-${cfg.strategy}-${cfg.alg}${cfg.cookieCacheJwks ? "-jwks-cache" : ""}`;
  return {
    name,
    alias: cfg.alias,
    version: version(cfg.alias),
    strategy: cfg.strategy,
    alg: cfg.alg,
    cookiePrefix: cfg.cookiePrefix ?? "better-auth",
    cookieCacheJwks: !!cfg.cookieCacheJwks,
    baseURL,
    secret: SECRET,
  };
}

// Test-only access to the memory database: the credential rows Better Auth wrote
// (GET /__test/credential?email=) and replacing a user's stored hash (POST /__test/credential
// { email, hash }), so the suite can check hashes both ways through Better Auth's own sign-in.
async function testApi(db, req, res) {
  const url = new URL(req.url, "http://x");
  const send = (status, body) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  let body = "";
  for await (const chunk of req) body += chunk;
  const email = req.method === "GET" ? url.searchParams.get("email") : JSON.parse(body || "{}").email;
  const user = db.user.find((u) => u.email === email);
  const account = user && db.account.find((a) => a.userId === user.id && a.providerId === "credential");
  if (!account) return send(404, { error: "no such user" });
  if (req.method === "POST") account.password = JSON.parse(body).hash;
  send(200, { userId: user.id, password: account.password });
}

const configs = process.argv[2] ? JSON.parse(process.argv[2]) : DEFAULT;
const instances = [];
for (const c of configs) instances.push(await start(c));
process.stdout.write(JSON.stringify({ instances, node: process.version }) + "\n");
// Serve until the test session kills this process (by PID); also stop if the parent goes away.
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
