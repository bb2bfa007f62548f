// A Cloudflare Worker that imports authcore (wrangler resolves the `workerd` condition).
import * as authcore from "authcore";
import * as passwords from "authcore/passwords";
import * as doctor from "authcore/doctor";
import * as keys from "authcore/keys";
import { compute } from "../../common/fixture.mjs";
import { runEveryEntry } from "../../common/hostile-battery.mjs";

export default {
  async fetch(request) {
    // A cheap answer for the harness's readiness poll (the fixture takes seconds: three entries).
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    try {
      // Issues 16 and 17: hostile calls over every entry's exports, then real work (one isolate).
      if (new URL(request.url).pathname === "/hostile") {
        return Response.json(await runEveryEntry({ authcore, passwords, keys, doctor }, { calls: 10000, entryCalls: 4000, n: 100 }));
      }
      return Response.json(await compute(authcore, { passwords, doctor, keys }));
    } catch (e) {
      return new Response(String((e && e.stack) || e), { status: 500 });
    }
  },
};
