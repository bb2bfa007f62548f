// app/api/admin/grant/route.ts (Next.js): calls the Convex HTTP action in ./convex/http.ts,
// signing the request instead of sending INTERNAL_API_SECRET as a plain bearer.
import { signInternalRequest } from "authcore";

export async function POST(request: Request): Promise<Response> {
  // ...check the caller's own session first (readCookieCache / readSessionToken)...
  const { email } = (await request.json()) as { email: string };
  const url = `${process.env["CONVEX_SITE_URL"]}/internal/grant-admin`;
  const body = JSON.stringify({ email });
  const signed = signInternalRequest({ method: "POST", url, body }, { secret: process.env["INTERNAL_API_SECRET"] });
  const res = await fetch(url, { method: "POST", body, headers: { ...signed, "content-type": "application/json" } });
  return Response.json(await res.json(), { status: res.status });
}
