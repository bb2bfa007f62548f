/* Hand-written equivalent of what `npx convex codegen` emits (no deployment is reachable
   here): untyped function references, and the installed components. */
import { anyApi, componentsGeneric } from "convex/server";

export const api = anyApi;
export const internal = anyApi;
export const components = componentsGeneric();
