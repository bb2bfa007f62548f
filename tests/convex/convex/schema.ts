import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  // The app's users table: linked to the Better Auth component's user by `authId`, found by
  // email for linking. The two indexes are what createSyncTriggers looks candidates up with.
  users: defineTable({
    authId: v.optional(v.string()),
    email: v.string(),
    name: v.optional(v.string()),
    image: v.optional(v.string()),
    emailVerified: v.optional(v.boolean()),
    role: v.optional(v.string()),
    plan: v.optional(v.string()),
    deletedAt: v.optional(v.number()),
  })
    .index("by_authId", ["authId"])
    .index("by_email", ["email"]),
  // An app with its own names: table, link field, email field, index names, a renamed field.
  profiles: defineTable({
    betterAuthId: v.optional(v.string()),
    contactEmail: v.string(),
    displayName: v.optional(v.string()),
    isAdmin: v.optional(v.boolean()),
  })
    .index("by_auth", ["betterAuthId"])
    .index("by_contact", ["contactEmail"]),
  // Stand-in for the component's user table, for the sign-in sync test (getAuthUser).
  authUsers: defineTable({ email: v.string(), name: v.string(), emailVerified: v.boolean() }),
  // Refusals reported by onReject.
  rejections: defineTable({ code: v.string(), authId: v.string() }),
});
