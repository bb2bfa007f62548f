// Next.js route handler (app/api/me/route.js): the signed-in user from the Better Auth cookies,
// or from `Authorization: Bearer <jwt>` checked against the JWT plugin's JWKS endpoint.
import { readSessionToken, readCookieCache, verifyJwt, createRemoteJwks, AuthError } from "authcore";

const secret = process.env.BETTER_AUTH_SECRET;
const baseURL = process.env.BETTER_AUTH_URL; // e.g. https://app.example.com
const jwks = createRemoteJwks(`${baseURL}/api/auth/jwks`); // cached, refetched on unknown kid

export async function GET(request, { keys = jwks } = {}) {
  try {
    const bearer = /^bearer (.+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
    if (bearer) {
      const { payload } = await verifyJwt(bearer, { jwks: keys, issuer: baseURL, audience: baseURL });
      return Response.json({ via: "jwt", userId: payload.sub, email: payload.email });
    }
    const token = readSessionToken(request, { secret });
    const cache = token && readCookieCache(request, { secret });
    if (!token || !cache || cache.session.token !== token) {
      return Response.json({ error: "unauthenticated" }, { status: 401 });
    }
    return Response.json({ via: "cookie", userId: cache.user.id, email: cache.user.email });
  } catch (e) {
    if (e instanceof AuthError) return Response.json({ error: e.code }, { status: 401 });
    throw e;
  }
}
