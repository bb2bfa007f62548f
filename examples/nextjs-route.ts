// app/api/me/route.ts: a Next.js route handler (nodejs or edge runtime; with
// `cacheComponents: true` leave `export const runtime` out, Next.js 16 refuses it there).
// Run as written by tests/js/examples.test.mjs against a real Better Auth server.
import {
  AuthError,
  betterAuthJwtPreset,
  betterAuthSecretFromEnv,
  createRemoteJwks,
  readCookieCache,
  readSessionToken,
  verifyJwt,
} from "authcore";

// Checked when the module loads: an unset variable is ERR_CONFIG_SECRET_MISSING /
// ERR_CONFIG_BASE_URL_MISSING at start-up, not a 401 on every request.
const secret = betterAuthSecretFromEnv(); // BETTER_AUTH_SECRETS="2:new,1:old" or BETTER_AUTH_SECRET
const baseURL = process.env["BETTER_AUTH_URL"];
const jwtOptions = betterAuthJwtPreset(baseURL); // iss = aud = baseURL, exp required
const jwks = createRemoteJwks(`${baseURL}/api/auth/jwks`); // cached; an unknown kid refetches (once per cooldown)

export async function GET(request: Request): Promise<Response> {
  try {
    const bearer = /^bearer (.+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
    if (bearer) {
      const { payload } = await verifyJwt<{ email?: string }>(bearer, { ...jwtOptions, jwks });
      return Response.json({ via: "jwt", userId: payload.sub, email: payload.email });
    }
    const token = readSessionToken(request, { secret }); // the URL scheme picks __Secure- or not
    const cache = token ? await readCookieCache(request, { secret, jwks }) : null;
    if (!cache || cache.session.token !== token) return Response.json({ error: "unauthenticated" }, { status: 401 });
    return Response.json({ via: "cookie", userId: cache.user.id, email: cache.user.email });
  } catch (e) {
    if (e instanceof AuthError && e.code === "ERR_JWKS_FETCH_FAILED") return Response.json({ error: e.code }, { status: 503 });
    if (e instanceof AuthError) return Response.json({ error: e.code }, { status: 401 }); // a refused Bearer JWT
    throw e;
  }
}
