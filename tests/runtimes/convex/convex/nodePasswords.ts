"use node";
// Convex's Node.js runtime ("use node"): bundled by the Convex CLI with platform "node", still
// with the `convex` condition (the inline entry).
import * as authcore from "authcore";
import * as passwords from "authcore/passwords";
import * as doctor from "authcore/doctor";
import * as keys from "authcore/keys";
import { action } from "./_generated/server";
import { compute } from "../../common/fixture.mjs";

export const fixtureNodeAction = action({ args: {}, handler: async () => compute(authcore, { passwords, doctor, keys }) });
