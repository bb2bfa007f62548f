// Next.js middleware (middleware.js; proxy.js in Next.js 16), written the usual way: no session,
// redirect to /sign-in. readSessionToken/readCookieCache answer null wherever Better Auth would
// see no session (absent, tampered, another or a rotated-away secret, expired, garbage), so
// this never turns a bad cookie into a 500. Web APIs only; in an app, `NextResponse.next()`.
import { readSessionToken, readCookieCache, parseSecretsEnv } from "authcore";

// BETTER_AUTH_SECRETS="2:new,1:old" (rotation, current first) or BETTER_AUTH_SECRET.
const env = process.env;
const secret = env.BETTER_AUTH_SECRETS ? parseSecretsEnv(env.BETTER_AUTH_SECRETS) : env.BETTER_AUTH_SECRET;

const next = () => new Response(null, { headers: { "x-middleware-next": "1" } });

export function middleware(request) {
  // The request's URL scheme decides between `__Secure-better-auth.*` and `better-auth.*`, as
  // Better Auth does for its baseURL; pass `secure` if your deployment decides otherwise.
  const token = readSessionToken(request, { secret });
  const cache = token && readCookieCache(request, { secret });
  if (!cache || cache.session.token !== token) {
    return Response.redirect(new URL("/sign-in", request.url), 307);
  }
  const res = next();
  res.headers.set("x-user-id", cache.user.id);
  return res;
}

export const config = { matcher: ["/dashboard/:path*"] };
