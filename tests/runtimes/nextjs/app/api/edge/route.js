// A route handler on the Edge runtime (Next resolves authcore with the `edge-light` condition;
// the .wasm?module import becomes a WASM binding the host compiles).
import * as authcore from "authcore";
import * as passwords from "authcore/passwords";
import * as doctor from "authcore/doctor";
import * as keys from "authcore/keys";
import { compute } from "../../../../common/fixture.mjs";

export const runtime = "edge";
export const dynamic = "force-dynamic";

export async function GET() {
  return Response.json(await compute(authcore, { passwords, doctor, keys }));
}
