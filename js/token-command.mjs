// `authcore token inspect|explain` as the native binary runs it (src/command.rs, compiled into this
// entry's WASM with the `commands` feature): `npx authcore token …` is built on it.
import * as wasm from "./wasm/authcore.js";
import { AuthError, callCore as call, guard } from "./errors.mjs";
import { commandArgs, stdinArg, objectArg } from "./command-io.mjs";

/** `{ [key]: value }` as `[key, value]` pairs (own enumerable keys), or an ERR_INVALID_ARGUMENT. */
function pairs(v, name) {
  if (v === undefined || v === null) return [];
  if (typeof v !== "object" || Array.isArray(v)) throw new AuthError("ERR_INVALID_ARGUMENT", `io.${name} must be an object`);
  return Object.entries(v);
}

/**
 * Run `authcore token inspect|explain`: `args` is what `parseCommandLine` (authcore/doctor)
 * returns for it (`{ op: "inspect" | "explain", value, … }`); `io` what the command may read,
 * read beforehand: `{ stdin?, env?: { BETTER_AUTH_SECRETS?, BETTER_AUTH_SECRET?, AUTH_SECRET? },
 * files?: { [path]: { text } | { error } }, now? }` (`now`: epoch milliseconds, default
 * Date.now()). Returns `{ stdout, exitCode }`: exactly what the native binary prints and its exit
 * code (0 valid, 1 invalid); its errors are AuthErrors (the native binary exits 2).
 */
export const runTokenCommand = guard(function runTokenCommand(args, io) {
  const o = objectArg(io, "io");
  const files = pairs(o.files, "files").map(([path, f]) => {
    const { text, error } = objectArg(f, `files[${JSON.stringify(path)}]`);
    return [path, text ?? null, error ?? null];
  });
  const prepared = { env: pairs(o.env, "env"), files };
  const a = commandArgs(
    args,
    ["op", "value", "json", "secrets", "jwks", "issuer", "audience", "now", "cookie-prefix", "strategy"],
    "token",
  );
  return call(wasm.command_token, a, stdinArg(o), prepared, o.now);
});
