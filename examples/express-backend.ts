// A separate Express backend next to a Better Auth app: the browser's cookies (signed session
// token + cookie cache) and `Authorization: Bearer <jwt>` from the JWT plugin, checked locally.
// Run as written by tests/js/examples.test.mjs against a real Better Auth server.
import express from "express";
import type { NextFunction, Request, Response } from "express";
import {
  AuthError,
  betterAuthJwtPreset,
  betterAuthSecretFromEnv,
  createRemoteJwks,
  readCookieCache,
  readSessionToken,
  verifyJwt,
} from "authcore";

export interface Auth {
  via: "jwt" | "cookie-cache" | "get-session";
  userId: string;
  email: string | undefined;
}

/** The auth server did not answer get-session: a 503, never a 401. */
class AuthServerUnavailable extends Error {}

export function createApp(env: NodeJS.ProcessEnv = process.env) {
  // Configuration is checked once, here: an unset variable throws ERR_CONFIG_SECRET_MISSING /
  // ERR_CONFIG_BASE_URL_MISSING at start-up instead of answering 401 to every request.
  const secret = betterAuthSecretFromEnv(env); // BETTER_AUTH_SECRETS="2:new,1:old" or BETTER_AUTH_SECRET
  const baseURL = env["BETTER_AUTH_URL"]; // the auth server, e.g. https://app.example.com
  const jwtOptions = betterAuthJwtPreset(baseURL); // iss = aud = baseURL, as the jwt plugin sets them; exp required
  // Cached; a token with an unknown kid (the key was rotated) refetches at most once per cooldown.
  const jwks = createRemoteJwks(`${baseURL}/api/auth/jwks`, { cooldown: Number(env["JWKS_COOLDOWN_MS"] ?? 30_000) });
  const secure = baseURL!.startsWith("https://"); // __Secure- cookie names, as Better Auth picks them

  async function authenticate(req: Request): Promise<Auth | null> {
    const bearer = /^bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    if (bearer) {
      const { payload } = await verifyJwt<{ email?: string }>(bearer, { ...jwtOptions, jwks });
      return { via: "jwt", userId: payload.sub!, email: payload.email };
    }
    // null wherever Better Auth sees no session: absent, forged, rotated-away secret.
    const token = readSessionToken(req, { secret, secure });
    if (!token) return null;
    const cache = await readCookieCache(req, { secret, secure, jwks });
    if (cache && cache.session.token === token) return { via: "cookie-cache", userId: cache.user.id, email: cache.user.email };
    // No cache, or it expired (cookieCache.maxAge, 5 minutes by default) while the session is
    // valid: ask Better Auth (or look the token up in your database).
    const res = await fetch(`${baseURL}/api/auth/get-session`, { headers: { cookie: req.headers.cookie ?? "" } }).catch((e) => {
      throw new AuthServerUnavailable(String(e));
    });
    if (!res.ok) throw new AuthServerUnavailable(`get-session answered HTTP ${res.status}`);
    const session = (await res.json()) as { user: { id: string; email: string } } | null;
    return session && { via: "get-session", userId: session.user.id, email: session.user.email };
  }

  async function requireAuth(req: Request, res: Response, next: NextFunction) {
    try {
      const auth = await authenticate(req);
      if (!auth) return res.status(401).json({ code: "NO_SESSION" });
      res.locals["auth"] = auth;
      next();
    } catch (e) {
      // The auth server (its JWKS, get-session) is unreachable: not the user's fault, retry later.
      if (e instanceof AuthError && e.code === "ERR_JWKS_FETCH_FAILED") return res.status(503).json({ code: e.code });
      if (e instanceof AuthServerUnavailable) return res.status(503).json({ code: "AUTH_SERVER_UNAVAILABLE" });
      if (e instanceof AuthError) return res.status(401).json({ code: e.code }); // a refused Bearer JWT
      next(e);
    }
  }

  const app = express();
  app.get("/api/me", requireAuth, (_req, res) => {
    res.json(res.locals["auth"]);
  });
  return app;
}
