// Next.js route handler (app/api/me/route.js): the signed-in user from the Better Auth cookies,
// or from `Authorization: Bearer <jwt>` checked against the JWT plugin's JWKS.
import { readSessionToken, readCookieCache, AuthError } from "authcore";

const secret = process.env.BETTER_AUTH_SECRET;

export function makeGET({ verifyBearerJwt } = {}) {
  return async function GET(request) {
    try {
      const auth = request.headers.get("authorization") ?? "";
      if (/^bearer /i.test(auth) && verifyBearerJwt) {
        const claims = await verifyBearerJwt(auth.slice(7).trim());
        return Response.json({ via: "jwt", userId: claims.sub, email: claims.email });
      }
      const token = readSessionToken(request, { secret });
      const cache = token && readCookieCache(request, { secret });
      if (!token || !cache || cache.session.token !== token) {
        return Response.json({ error: "unauthenticated" }, { status: 401 }); // or ask auth.api.getSession
      }
      return Response.json({ via: "cookie", userId: cache.user.id, email: cache.user.email });
    } catch (e) {
      if (e instanceof AuthError) return Response.json({ error: e.code }, { status: 401 });
      throw e;
    }
  };
}

export const GET = makeGET();
