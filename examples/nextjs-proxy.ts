// proxy.ts (Next.js 16, next to app/): protects pages. It runs on Node (Next.js 16 deprecates
// `middleware.ts` and the Edge runtime for it). Run as written by tests/js/examples.test.mjs
// against cookies from a real Better Auth server, before and after a secret rotation.
import { betterAuthSecretFromEnv, readCookieCache, readSessionToken } from "authcore";

const secret = betterAuthSecretFromEnv(); // BETTER_AUTH_SECRETS="2:new,1:old" or BETTER_AUTH_SECRET
const baseURL = process.env["BETTER_AUTH_URL"]; // where Better Auth answers /api/auth/get-session

export async function proxy(request: Request): Promise<Response> {
  // null wherever Better Auth sees no session (absent, tampered, rotated-away secret, garbage):
  // a redirect, never a 500.
  const token = readSessionToken(request, { secret });
  if (!token) return Response.redirect(new URL("/sign-in", request.url), 307);
  const cache = await readCookieCache(request, { secret });
  let userId = cache && cache.session.token === token ? cache.user.id : null;
  const res = new Response(null, { headers: { "x-middleware-next": "1" } }); // NextResponse.next() in an app
  if (!userId) {
    // No cookie cache, or it expired (cookieCache.maxAge, 5 minutes): ask Better Auth, and pass
    // on the fresh cache it sets.
    const got = await fetch(`${baseURL ?? new URL(request.url).origin}/api/auth/get-session`, {
      headers: { cookie: request.headers.get("cookie") ?? "" },
    });
    const session = got.ok ? ((await got.json()) as { user: { id: string } } | null) : null;
    if (!session) return Response.redirect(new URL("/sign-in", request.url), 307);
    userId = session.user.id;
    for (const c of got.headers.getSetCookie()) res.headers.append("set-cookie", c);
  }
  res.headers.set("x-user-id", userId);
  return res;
}

export const config = { matcher: ["/dashboard/:path*"] };
