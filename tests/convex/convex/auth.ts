// Three apps in one: the same @convex-dev/better-auth client with three sync policies. Each
// exports the component's trigger mutations (`triggersApi()`), which dispatch to the
// `triggers` option exactly as the component calls them after its own writes.
import { createClient } from "@convex-dev/better-auth";
import { createSyncTriggers, syncFromAuth } from "authcore";
import { components, internal } from "./_generated/api";
import { mutation } from "./_generated/server";

const common = {
  adminEmails: ["Boss@Example.com"],
  defaults: { plan: "free" },
  onReject: async (ctx: any, decision: any, authUser: any) => {
    await ctx.db.insert("rejections", { code: decision.code, authId: authUser._id });
  },
};

export const authComponent = createClient(components.betterAuth, {
  authFunctions: internal.auth,
  triggers: createSyncTriggers(common),
});
export const { onCreate, onUpdate, onDelete } = authComponent.triggersApi();

const soft = createClient(components.betterAuth, {
  authFunctions: internal.auth,
  triggers: createSyncTriggers({ ...common, onDelete: "soft-delete" }),
});
export const { onCreate: softOnCreate, onDelete: softOnDelete } = soft.triggersApi();

const keep = createClient(components.betterAuth, {
  authFunctions: internal.auth,
  triggers: createSyncTriggers({ ...common, onDelete: "keep", linkByEmail: "never" }),
});
export const { onCreate: keepOnCreate, onDelete: keepOnDelete } = keep.triggersApi();

const profiles = createClient(components.betterAuth, {
  authFunctions: internal.auth,
  triggers: createSyncTriggers({
    table: "profiles",
    linkField: "betterAuthId",
    linkIndex: "by_auth",
    emailField: "contactEmail",
    emailIndex: "by_contact",
    fields: { email: "contactEmail", name: "displayName" },
    adminEmails: ["boss@example.com"],
    adminFields: { isAdmin: true },
    nonAdminFields: { isAdmin: false },
    linkByEmail: "always",
  }),
});
export const { onCreate: profilesOnCreate, onUpdate: profilesOnUpdate } = profiles.triggersApi();

// Sync on sign-in instead of triggers. getAuthUser normally reads the component's tables; here
// it reads a stand-in table by the identity's subject, as the component does.
const standIn = {
  getAuthUser: async (ctx: any) => {
    const identity = await ctx.auth.getUserIdentity();
    if (!identity) throw new Error("Unauthenticated");
    const doc = await ctx.db.get(identity.subject);
    if (!doc) throw new Error("Unauthenticated");
    return doc;
  },
};
export const syncUser = mutation({ args: {}, handler: syncFromAuth(standIn, common) });
