// convex/users.ts: the alternative to triggers, for apps that sync on sign-in. Call
// `syncUser` from the client once after each sign-in; it creates, links or patches the row.
import { syncFromAuth } from "authcore";
import { mutation } from "./_generated/server";
import { authComponent, syncPolicy } from "./auth";

export const syncUser = mutation({
  args: {},
  handler: syncFromAuth(authComponent, syncPolicy),
});
