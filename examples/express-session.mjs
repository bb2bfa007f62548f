// Express middleware: accept a Better Auth session from its cookies (signed session_token +
// cookie cache) or from `Authorization: Bearer <jwt>` (JWT plugin), with no call to the auth
// server. `app.use(betterAuthSession({ secret, jwks, baseURL }))`; jwks = GET /api/auth/jwks.
import { readSessionToken, readCookieCache, verifyJwt, createLocalJwks, AuthError } from "authcore";

export function betterAuthSession({ secret, jwks, baseURL, cookiePrefix }) {
  const keys = jwks && createLocalJwks(jwks);
  return (req, res, next) => {
    try {
      const bearer = /^bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1];
      if (bearer && keys) {
        const { payload } = verifyJwt(bearer, { jwks: keys, issuer: baseURL, audience: baseURL });
        req.auth = { via: "jwt", userId: payload.sub, user: payload };
        return next();
      }
      const token = readSessionToken(req, { secret, cookiePrefix }); // null if no cookie
      const cache = token && readCookieCache(req, { secret, cookiePrefix }); // null: absent/expired
      if (!token || !cache || cache.session.token !== token) {
        return res.status(401).json({ code: "NO_SESSION" }); // or fall back to auth.api.getSession
      }
      req.auth = { via: "cookie", userId: cache.user.id, user: cache.user, session: cache.session };
      next();
    } catch (e) {
      if (e instanceof AuthError) return res.status(401).json({ code: e.code });
      next(e);
    }
  };
}
