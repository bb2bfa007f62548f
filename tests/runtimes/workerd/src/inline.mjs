// The same Worker through the inline entry (WASM bytes compiled at run time): workerd forbids
// that, so this one must fail to start with a CompileError.
import * as authcore from "authcore/inline";
import { compute } from "../../common/fixture.mjs";

export default {
  async fetch() {
    return Response.json(await compute(authcore));
  },
};
