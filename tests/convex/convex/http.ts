// The internal-request example's HTTP routes, as they are (examples/internal-request).
export { default } from "../../../examples/internal-request/convex/http";
