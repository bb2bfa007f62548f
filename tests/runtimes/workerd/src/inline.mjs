// The same Worker through the inline entry (WASM bytes compiled at run time): workerd forbids
// that, so this one must fail to start with a CompileError.
import * as authcore from "authcore/inline";
import * as passwords from "authcore/passwords";
import * as doctor from "authcore/doctor";
import * as keys from "authcore/keys";
import { compute } from "../../common/fixture.mjs";

export default {
  async fetch(request) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    return Response.json(await compute(authcore, { passwords, doctor, keys }));
  },
};
