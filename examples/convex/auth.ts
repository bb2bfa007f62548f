// convex/auth.ts: Better Auth on Convex, with the app's users table kept in sync by authcore.
// The triggers run inside the component's own mutation (same transaction as the auth write).
import { createClient, type GenericCtx } from "@convex-dev/better-auth";
import { convex } from "@convex-dev/better-auth/plugins";
import { betterAuth } from "better-auth";
import { createSyncTriggers, createPasswordHasher, type SyncTriggerOptions } from "authcore";
import { components, internal } from "./_generated/api";
import type { DataModel } from "./_generated/dataModel";
import { query } from "./_generated/server";
import authConfig from "./auth.config";

/** How auth users map onto `users`. Everything not given here has a documented default. */
export const syncPolicy: SyncTriggerOptions = {
  // table: "users", linkField: "authId", linkIndex: "by_authId", emailField: "email",
  // emailIndex: "by_email", fields: { email, name, image, emailVerified } (the defaults)
  defaults: { role: "user", plan: "free" },
  adminEmails: (process.env.ADMIN_EMAIL ?? "").split(",").filter(Boolean),
  adminFields: { role: "admin" },
  linkByEmail: "verified-only", // an existing row is linked only once the email is verified
  onDelete: "soft-delete", // keep the row (invoices, posts...) and stamp deletedAt
};

export const authComponent = createClient<DataModel>(components.betterAuth, {
  authFunctions: internal.auth,
  triggers: createSyncTriggers(syncPolicy),
});

// The component calls these after each write to its user table.
export const { onCreate, onUpdate, onDelete } = authComponent.triggersApi();

export const createAuth = (ctx: GenericCtx<DataModel>) =>
  betterAuth({
    baseURL: process.env.SITE_URL,
    database: authComponent.adapter(ctx),
    emailAndPassword: {
      enabled: true,
      requireEmailVerification: true,
      password: createPasswordHasher(), // Better Auth's scrypt format, in WASM
    },
    plugins: [convex({ authConfig })],
  });

/** The signed-in user's app row (what the rest of the app reads). */
export const me = query({
  args: {},
  handler: async (ctx) => {
    const authUser = await authComponent.safeGetAuthUser(ctx);
    if (!authUser) return null;
    return ctx.db
      .query("users")
      .withIndex("by_authId", (q) => q.eq("authId", authUser._id))
      .unique();
  },
});
