// Express middleware: accept a Better Auth session from its cookies (signed session_token,
// cookie cache) or from `Authorization: Bearer <jwt>` (JWT plugin / Convex JWT), without a
// round trip to the auth server. `app.use(betterAuthSession({ secret, jwks, issuer, audience }))`.
import { readSessionToken, readCookieCache, verifySignedCookieValue, AuthError } from "authcore";

export function betterAuthSession({ secret, cookiePrefix, verifyBearerJwt }) {
  return (req, res, next) => {
    try {
      const auth = req.headers.authorization ?? "";
      if (/^bearer /i.test(auth)) {
        const value = auth.slice(7).trim();
        if (value.split(".").length === 3 && verifyBearerJwt) {
          req.auth = { kind: "jwt", claims: verifyBearerJwt(value) };
        } else {
          req.auth = { kind: "bearer", token: verifySignedCookieValue(value, secret) };
        }
        return next();
      }
      const token = readSessionToken(req, { secret, cookiePrefix });
      if (!token) return res.status(401).json({ code: "NO_SESSION" });
      const cache = readCookieCache(req, { secret, cookiePrefix }); // null: absent or expired
      if (cache && cache.session.token !== token) return res.status(401).json({ code: "CACHE_MISMATCH" });
      req.auth = { kind: "cookie", token, user: cache?.user ?? null, session: cache?.session ?? null };
      next();
    } catch (e) {
      if (e instanceof AuthError) return res.status(401).json({ code: e.code });
      next(e);
    }
  };
}
