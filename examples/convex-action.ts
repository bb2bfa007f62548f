// convex/http.ts (a Convex HTTP action): a request from the browser or another service carrying
// the user's Better Auth JWT (the JWT plugin's /api/auth/token) as `Authorization: Bearer`,
// verified against the auth server's JWKS. Run as written by tests/convex/tests/recipe.test.ts
// (convex-test) against a real Better Auth server.
//
//   npx convex env set BETTER_AUTH_URL https://app.example.com
import { httpActionGeneric as httpAction, httpRouter } from "convex/server"; // in an app: httpAction from "./_generated/server"
import { AuthError, betterAuthJwtPreset, createRemoteJwks, verifyJwt } from "authcore";
import type { RemoteJwks } from "authcore";

let jwks: RemoteJwks | undefined; // module scope: the key set stays cached while the isolate lives

export const me = httpAction(async (_ctx, request) => {
  const baseURL = process.env["BETTER_AUTH_URL"];
  const jwtOptions = betterAuthJwtPreset(baseURL); // unset: ERR_CONFIG_BASE_URL_MISSING, a deployment error (500)
  const url = `${baseURL}/api/auth/jwks`;
  if (jwks?.url !== url) jwks = createRemoteJwks(url);
  const bearer = /^bearer (.+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
  if (!bearer) return Response.json({ error: "NO_TOKEN" }, { status: 401 });
  try {
    const { payload } = await verifyJwt<{ email?: string }>(bearer, { ...jwtOptions, jwks });
    // Here: ctx.runQuery(internal.users.byAuthId, { authId: payload.sub }) in a real app.
    return Response.json({ userId: payload.sub, email: payload.email });
  } catch (e) {
    if (e instanceof AuthError && e.code === "ERR_JWKS_FETCH_FAILED") return Response.json({ error: e.code }, { status: 503 });
    if (e instanceof AuthError) return Response.json({ error: e.code }, { status: 401 });
    throw e;
  }
});

const http = httpRouter();
http.route({ path: "/api/me", method: "GET", handler: me });
export default http;
