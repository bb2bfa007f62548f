// The HTTP routes of the examples, as they are: the internal-request example's router
// (examples/internal-request) with the Convex action recipe's route (examples/convex-action.ts).
import http from "../../../examples/internal-request/convex/http";
import { me } from "../../../examples/convex-action";

http.route({ path: "/api/me", method: "GET", handler: me });
export default http;
