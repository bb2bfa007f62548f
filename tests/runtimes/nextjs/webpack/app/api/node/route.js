// A route handler on the Node.js runtime (Next resolves authcore with the `node` condition).
import * as authcore from "authcore";
import * as passwords from "authcore/passwords";
import * as doctor from "authcore/doctor";
import * as keys from "authcore/keys";
import { compute } from "../../../../../common/fixture.mjs";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET() {
  return Response.json(await compute(authcore, { passwords, doctor, keys }));
}
