// Express middleware: accept a Better Auth session from its cookies (signed session_token +
// cookie cache) or from `Authorization: Bearer <jwt>` (JWT plugin), with no call to the auth
// server. `app.use(betterAuthSession({ secret, jwks, baseURL }))`; jwks = GET /api/auth/jwks.
import { readSessionToken, readCookieCache, verifyJwt, createLocalJwks, AuthError } from "authcore";

export function betterAuthSession({ secret, jwks, baseURL, cookiePrefix }) {
  const keys = jwks && createLocalJwks(jwks);
  // `__Secure-` cookies exactly when Better Auth uses them (an https baseURL).
  const secure = baseURL ? baseURL.startsWith("https://") : undefined;
  return (req, res, next) => {
    try {
      const bearer = /^bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1];
      if (bearer && keys) {
        const { payload } = verifyJwt(bearer, { jwks: keys, issuer: baseURL, audience: baseURL });
        req.auth = { via: "jwt", userId: payload.sub, user: payload };
        return next();
      }
      // null wherever Better Auth sees no session: absent, forged, rotated-away secret, expired.
      const token = readSessionToken(req, { secret, cookiePrefix, secure });
      const cache = token && readCookieCache(req, { secret, cookiePrefix, secure });
      if (!token || !cache || cache.session.token !== token) {
        return res.status(401).json({ code: "NO_SESSION" }); // or fall back to auth.api.getSession
      }
      req.auth = { via: "cookie", userId: cache.user.id, user: cache.user, session: cache.session };
      next();
    } catch (e) {
      // A refused Bearer JWT (verifyJwt throws jose's codes).
      if (e instanceof AuthError) return res.status(401).json({ code: e.code });
      next(e);
    }
  };
}
