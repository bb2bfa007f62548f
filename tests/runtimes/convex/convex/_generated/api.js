/* Hand-written equivalent of what `npx convex codegen` emits: untyped function references. */
import { anyApi } from "convex/server";

export const api = anyApi;
export const internal = anyApi;
