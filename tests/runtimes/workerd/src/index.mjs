// A Cloudflare Worker that imports authcore (wrangler resolves the `workerd` condition).
import * as authcore from "authcore";
import { compute } from "../../common/fixture.mjs";

export default {
  async fetch() {
    try {
      return Response.json(await compute(authcore));
    } catch (e) {
      return new Response(String((e && e.stack) || e), { status: 500 });
    }
  },
};
