// End to end: a real Better Auth (1.6.34) on the real component (registered in convex-test
// with @convex-dev/better-auth/test), whose adapter fires the triggers after its own writes.
import { createClient } from "@convex-dev/better-auth";
import { betterAuth } from "better-auth";
import { createPasswordHasher, createSyncTriggers } from "authcore";
import { v } from "convex/values";
import { components, internal } from "./_generated/api";
import { mutation } from "./_generated/server";

const client = createClient(components.betterAuth, {
  authFunctions: internal.e2e,
  triggers: createSyncTriggers({ adminEmails: ["boss@example.com"], onDelete: "soft-delete" }),
});
export const { onCreate, onUpdate, onDelete } = client.triggersApi();

const createAuth = (ctx: any) =>
  betterAuth({
    baseURL: "http://127.0.0.1:3000",
    secret: "authcore-convex-test-secret-0123456789abcdef",
    database: client.adapter(ctx),
    emailAndPassword: { enabled: true, password: createPasswordHasher() },
    logger: { disabled: true },
  });

export const signUp = mutation({
  args: { email: v.string(), name: v.string() },
  handler: async (ctx, { email, name }) => {
    const res = await createAuth(ctx).api.signUpEmail({ body: { email, name, password: "correct horse battery" } });
    return res.user.id;
  },
});

export const markVerified = mutation({
  args: { id: v.string() },
  handler: async (ctx, { id }) => {
    const auth = await createAuth(ctx).$context;
    await auth.internalAdapter.updateUser(id, { emailVerified: true });
  },
});

export const removeUser = mutation({
  args: { id: v.string() },
  handler: async (ctx, { id }) => {
    const auth = await createAuth(ctx).$context;
    await auth.internalAdapter.deleteUser(id);
  },
});
