// convex/schema.ts: the app's own users table, linked to the Better Auth component's user by
// `authId`. The two indexes are the ones createSyncTriggers looks candidates up with
// (policy.linkIndex / policy.emailIndex; these are the defaults).
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  users: defineTable({
    authId: v.optional(v.string()), // the component user's _id; unset on rows not yet linked
    email: v.string(),
    name: v.optional(v.string()),
    image: v.optional(v.string()),
    emailVerified: v.optional(v.boolean()),
    role: v.optional(v.union(v.literal("admin"), v.literal("user"))),
    plan: v.optional(v.string()),
    deletedAt: v.optional(v.number()), // set by onDelete: "soft-delete"
  })
    .index("by_authId", ["authId"])
    .index("by_email", ["email"]),
});
