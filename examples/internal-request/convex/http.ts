// convex/http.ts: a Convex HTTP action that only your own server may call. The caller (the
// Next.js route handler in ../nextjs-route.ts) signs the request with INTERNAL_API_SECRET;
// a request that is unsigned, signed with another secret, changed on the way (method, path,
// query, body) or replayed after five minutes gets a 401 with the error code.
//
//   npx convex env set INTERNAL_API_SECRET "$(openssl rand -base64 32)"   (and the same in Next.js)
import { httpActionGeneric as httpAction, httpRouter } from "convex/server";
import { AuthError, verifyInternalRequest } from "authcore";

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

export const grantAdmin = httpAction(async (_ctx, request) => {
  try {
    await verifyInternalRequest(request, { secret: process.env["INTERNAL_API_SECRET"] });
  } catch (e) {
    if (e instanceof AuthError && e.code.startsWith("ERR_INTERNAL_") && e.code !== "ERR_INTERNAL_SECRET_WEAK") {
      return json({ error: e.code }, 401);
    }
    throw e; // a configuration error (secret unset or too short): fix the deployment
  }
  const { email } = (await request.json()) as { email: string };
  // Here: ctx.runMutation(internal.users.grantAdmin, { email }) in a real app.
  return json({ granted: email });
});

const http = httpRouter();
http.route({ path: "/internal/grant-admin", method: "POST", handler: grantAdmin });
export default http;
