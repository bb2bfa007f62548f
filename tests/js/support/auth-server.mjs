// A real Better Auth server over HTTP on 127.0.0.1 (node:http + better-auth's own toNodeHandler,
// memory adapter, the JWT plugin), for the README recipes in examples/: they talk to it as an
// app talks to its auth server (GET /api/auth/jwks, /api/auth/get-session), and the tests sign
// users up and take their cookies and JWTs from it. Counts the requests per path.
import { createServer } from "node:http";

/**
 * Start Better Auth `version` ("1.6" | "1.7") on a free port. `options`: `{ secret | secrets,
 * cookieCache: { strategy, maxAge }, jwt: jwt plugin options, db (to share one memory database
 * between two servers, e.g. before and after a secret rotation) }`.
 */
export async function startAuthServer({ version = "1.7", secret, secrets, cookieCache = { strategy: "compact" }, jwt: jwtOptions = {}, db: shared } = {}) {
  const alias = `better-auth-${version}`;
  const { betterAuth } = await import(alias);
  const { memoryAdapter } = await import(`${alias}/adapters/memory`);
  const { jwt } = await import(`${alias}/plugins`);
  const { toNodeHandler } = await import(`${alias}/node`);
  const db = shared ?? { user: [], session: [], account: [], verification: [], jwks: [] };
  const hits = new Map();
  let handler = null;
  const server = createServer((req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    handler(req, res);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const baseURL = `http://127.0.0.1:${server.address().port}`;
  const auth = betterAuth({
    database: memoryAdapter(db),
    ...(secrets ? { secrets } : { secret }),
    baseURL,
    telemetry: { enabled: false },
    logger: { disabled: true },
    emailAndPassword: { enabled: true },
    session: { cookieCache: { enabled: true, ...cookieCache } },
    plugins: [jwt(jwtOptions)],
  });
  handler = toNodeHandler(auth);

  /** Sign a user up; their cookie header (session token + cache) and a JWT from /api/auth/token. */
  async function signUp(email, password = "correct horse battery staple", path = "/sign-up/email") {
    const res = await fetch(`${baseURL}/api/auth${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: baseURL },
      body: JSON.stringify({ email, password, name: email.split("@")[0] }),
    });
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
    const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    return { cookie, jwt: await token(cookie), userId: (await res.json()).user.id };
  }

  /** A JWT for the session of `cookie` (GET /api/auth/token). */
  async function token(cookie) {
    const res = await fetch(`${baseURL}/api/auth/token`, { headers: { cookie } });
    if (res.status !== 200) throw new Error(`token: HTTP ${res.status}`);
    return (await res.json()).token;
  }

  /** Sign an existing user in (same answer as signUp). */
  const signIn = (email, password) => signUp(email, password, "/sign-in/email");

  /** What Better Auth's own /get-session says of `cookie`: `{ user, session }` or null. */
  async function getSession(cookie) {
    const res = await fetch(`${baseURL}/api/auth/get-session`, { headers: cookie === undefined ? {} : { cookie } });
    return res.status === 200 ? res.json() : { status: res.status };
  }

  return {
    auth,
    signIn,
    getSession,
    baseURL,
    db,
    hits: (path) => hits.get(path) ?? 0,
    signUp,
    token,
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }),
  };
}
