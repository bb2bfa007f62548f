// Sync decisions (the Rust core decides, this file only looks rows up and writes them) and the
// `@convex-dev/better-auth` triggers helper. Nothing here imports `convex`: the helpers use the
// `ctx.db` they are given, so the package stays free of a Convex dependency.
import * as wasm from "./wasm/authcore.js";
import { AuthError, objectArg, callCore as call, guard } from "./errors.mjs";

/** Deepest nesting `plain()` follows: documents are shallow; the bound keeps cycles finite. */
const MAX_DEPTH = 32;
/** Most rows read per index lookup: decisions only need to know "none, one, or several". */
const LOOKUP_LIMIT = 10;

// Documents from Convex are already plain. Better Auth's own hooks and other callers may pass
// Date objects (→ epoch ms, as Convex stores them) or binary values (→ a marker that compares
// unequal to any auth value; only auth values are ever written back).
function plain(v, depth = 0) {
  if (v === null || typeof v !== "object") return v;
  if (depth > MAX_DEPTH) throw new AuthError("ERR_INVALID_ARGUMENT", "document nested too deeply");
  if (v instanceof Date) return v.getTime();
  if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) return { $bytes: v.byteLength };
  if (Array.isArray(v)) return v.map((x) => plain(x, depth + 1));
  const out = {};
  for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = plain(x, depth + 1);
  return out;
}

function rows(appUsers) {
  if (appUsers === undefined || appUsers === null) return [];
  if (!Array.isArray(appUsers)) throw new AuthError("ERR_INVALID_ARGUMENT", "appUsers must be an array");
  return appUsers.map((r) => plain(r));
}

/**
 * Decide what to write to the app's users table for one Better Auth user:
 * `{ kind: "create" | "patch" | "link" | "none" | "reject", ... }`. Pure: writes nothing.
 */
export const decideSync = guard(function decideSync(args) {
  const { authUser, appUsers, policy } = objectArg(args, "decideSync's argument");
  return call(wasm.sync_decide, plain(authUser), rows(appUsers), policy);
});

/**
 * Decide what deleting auth user `authId` (or `authUser._id`) does to its app row:
 * `{ kind: "delete" | "softDelete" | "keep" | "none" | "reject", ... }`. `now` defaults to
 * `Date.now()`.
 */
export const decideDelete = guard(function decideDelete(args) {
  const { authId, authUser, appUsers, policy, now = Date.now() } = objectArg(args, "decideDelete's argument");
  const id = authId ?? authUser?._id ?? authUser?.id;
  return call(wasm.sync_decide_delete, id, rows(appUsers), policy, now);
});

/** The email as Better Auth stores and looks it up (`toLowerCase()`; same in 1.6 and 1.7). */
export const canonicalEmail = guard(function canonicalEmail(email, version) {
  return call(wasm.sync_canonical_email, email, version);
});

/** Equal for emails that differ only by case, surrounding spaces or Unicode form. */
export const nearDuplicateKey = guard(function nearDuplicateKey(email) {
  return call(wasm.sync_near_duplicate_key, email);
});

/** The policy with every default filled in (validated). */
export const resolveSyncPolicy = guard(function resolveSyncPolicy(policy) {
  return call(wasm.sync_resolve_policy, policy);
});

function splitOptions(policy) {
  const { onReject, ...core } = objectArg(policy, "policy");
  if (onReject !== undefined && typeof onReject !== "function") {
    throw new AuthError("ERR_INVALID_ARGUMENT", "onReject must be a function");
  }
  return { core, resolved: resolveSyncPolicy(core), onReject };
}

function dbOf(ctx) {
  if (!ctx || typeof ctx !== "object" || !ctx.db || typeof ctx.db !== "object") {
    throw new AuthError("ERR_INVALID_ARGUMENT", "ctx must be a Convex mutation context (with ctx.db)");
  }
  return ctx.db;
}

async function lookup(ctx, p, field, index, value) {
  const db = dbOf(ctx);
  if (typeof value !== "string" || value === "") return [];
  return db
    .query(p.table)
    .withIndex(index, (q) => q.eq(field, value))
    .take(LOOKUP_LIMIT);
}

/** The app rows that could be this auth user's: by the link index, then by the email index. */
export async function findSyncCandidates(ctx, authUser, policy) {
  dbOf(ctx);
  const { resolved: p } = splitOptions(policy);
  const id = authUser?._id ?? authUser?.id;
  const byLink = await lookup(ctx, p, p.linkField, p.linkIndex, id);
  // Better Auth stores emails lower-cased; an auth user from elsewhere may not be, so both the
  // given and the canonical spelling are looked up (indexes match exactly).
  const email = authUser?.email;
  const canonical = typeof email === "string" ? canonicalEmail(email, p.betterAuthVersion) : undefined;
  const byEmail = await lookup(ctx, p, p.emailField, p.emailIndex, email);
  const byCanonical = canonical !== email ? await lookup(ctx, p, p.emailField, p.emailIndex, canonical) : [];
  const seen = new Set();
  return [...byLink, ...byEmail, ...byCanonical].filter((r) => !seen.has(r._id) && seen.add(r._id));
}

function patchOf(set, unset) {
  const patch = { ...set };
  for (const k of unset ?? []) patch[k] = undefined; // Convex removes a field patched to undefined
  return patch;
}

/**
 * Apply a decision with `ctx.db`. Returns the app row `_id` written or found (null for none,
 * reject and delete).
 */
export async function applySyncDecision(ctx, decision) {
  dbOf(ctx);
  if (!decision || typeof decision !== "object") {
    throw new AuthError("ERR_INVALID_ARGUMENT", "decision must be what decideSync or decideDelete returned");
  }
  switch (decision.kind) {
    case "create":
      return ctx.db.insert(decision.table, decision.doc);
    case "patch":
    case "link":
      await ctx.db.patch(decision.id, patchOf(decision.set, decision.unset));
      return decision.id;
    case "softDelete":
      await ctx.db.patch(decision.id, decision.set);
      return decision.id;
    case "delete":
      await ctx.db.delete(decision.id);
      return null;
    case "none":
    case "keep":
      return decision.id ?? null;
    case "reject":
      return null;
    default:
      throw new AuthError("ERR_INVALID_ARGUMENT", `unknown decision kind ${JSON.stringify(decision.kind)}`);
  }
}

async function rejected(onReject, ctx, decision, authUser) {
  if (onReject) return onReject(ctx, decision, authUser);
  // Default: write nothing and say why. The sign-up or update itself goes on: an unverified
  // user is linked later, when verifying their email fires onUpdate.
  console.warn(`authcore sync: ${decision.code}: ${decision.message}`);
}

/**
 * Look up, decide and apply for one auth user (a Convex mutation context). Returns
 * `{ decision, id }` where `id` is the app row's `_id` (null if none was written or found).
 * A reject writes nothing and calls `policy.onReject(ctx, decision, authUser)` if given.
 */
export async function syncAuthUser(ctx, authUser, policy) {
  dbOf(ctx);
  const { core, onReject } = splitOptions(policy);
  const appUsers = await findSyncCandidates(ctx, authUser, core);
  const decision = decideSync({ authUser, appUsers, policy: core });
  if (decision.kind === "reject") await rejected(onReject, ctx, decision, authUser);
  return { decision, id: await applySyncDecision(ctx, decision) };
}

/**
 * The `triggers` option of `createClient(components.betterAuth, { triggers })` from
 * `@convex-dev/better-auth`: `{ user: { onCreate(ctx, doc), onUpdate(ctx, newDoc, oldDoc),
 * onDelete(ctx, doc) } }`, keeping the app table in sync in the same transaction. The policy is
 * checked now, so a bad configuration fails at deploy time.
 */
export const createSyncTriggers = guard(function createSyncTriggers(policy) {
  const { core, resolved, onReject } = splitOptions(policy);
  const full = { ...core, onReject };
  return {
    user: {
      onCreate: async (ctx, doc) => {
        await syncAuthUser(ctx, doc, full);
      },
      onUpdate: async (ctx, newDoc) => {
        await syncAuthUser(ctx, newDoc, full);
      },
      onDelete: async (ctx, doc) => {
        const id = doc?._id ?? doc?.id;
        const appUsers = await lookup(ctx, resolved, resolved.linkField, resolved.linkIndex, id);
        const decision = decideDelete({ authId: id, appUsers, policy: core, now: Date.now() });
        if (decision.kind === "reject") await rejected(onReject, ctx, decision, doc);
        await applySyncDecision(ctx, decision);
      },
    },
  };
});

/**
 * A mutation handler for apps that sync on sign-in instead of with triggers:
 * `export const syncUser = mutation({ args: {}, handler: syncFromAuth(authComponent, policy) })`.
 * It loads the signed-in user with `authComponent.getAuthUser(ctx)` and returns `{ decision, id }`.
 */
export const syncFromAuth = guard(function syncFromAuth(authComponent, policy) {
  if (!authComponent || typeof authComponent.getAuthUser !== "function") {
    throw new AuthError("ERR_INVALID_ARGUMENT", "syncFromAuth needs the client from createClient()");
  }
  splitOptions(policy); // a bad policy fails at start-up
  return async (ctx) => syncAuthUser(ctx, await authComponent.getAuthUser(ctx), policy);
});
