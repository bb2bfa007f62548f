// Convex's default runtime (V8 isolate): a mutation, a query and an action that import authcore.
// The Convex bundler resolves authcore with the `convex` condition (the inline entry).
import * as authcore from "authcore";
import * as passwords from "authcore/passwords";
import * as doctor from "authcore/doctor";
import * as keys from "authcore/keys";
import { hashPassword, verifyPassword, AuthError } from "authcore";
import { v } from "convex/values";
import { action, mutation, query } from "./_generated/server";
import { compute } from "../../common/fixture.mjs";
import { runEveryEntry } from "../../common/hostile-battery.mjs";

/** The fixture outputs, computed inside a mutation. */
export const fixtureMutation = mutation({ args: {}, handler: async () => compute(authcore, { passwords, doctor, keys }) });

/** The fixture outputs, computed inside an action. */
export const fixtureAction = action({ args: {}, handler: async () => compute(authcore, { passwords, doctor, keys }) });

/** Issues 16 and 17: hostile calls over every entry's exports in the isolate, then real work. */
export const hostileAction = action({
  args: {},
  handler: async () => runEveryEntry({ authcore, passwords, keys, doctor }, { calls: 10000, entryCalls: 4000, n: 100 }),
});

/** What an app does: store a hash at sign-up... */
export const signUp = mutation({
  args: { email: v.string(), password: v.string() },
  handler: async (ctx, { email, password }) => {
    const passwordHash = await hashPassword(password);
    return ctx.db.insert("users", { email, passwordHash });
  },
});

/** ...and check it at sign-in; a coded AuthError comes back as its code. */
export const signIn = query({
  args: { email: v.string(), password: v.string() },
  handler: async (ctx, { email, password }) => {
    const user = await ctx.db
      .query("users")
      .withIndex("by_email", (q) => q.eq("email", email))
      .unique();
    if (!user) return "no such user";
    try {
      return (await verifyPassword({ hash: user.passwordHash, password })) ? "ok" : "wrong password";
    } catch (e) {
      return e instanceof AuthError ? e.code : "not an AuthError";
    }
  },
});
