// `authcore token inspect|explain` as the native binary runs it (src/command.rs, compiled into this
// entry's WASM with the `commands` feature): `npx authcore token …` is built on it.
import * as wasm from "./wasm/authcore.js";
import { callCore as call, guard } from "./errors.mjs";
import { stdinArg, objectArg } from "./command-io.mjs";

/**
 * Run `authcore token inspect|explain`: `args` is what `parseCommandLine` (authcore/doctor)
 * returns for it (`{ op: "inspect" | "explain", value, … }`); `io` what the command may read,
 * read beforehand: `{ stdin?, env?: { BETTER_AUTH_SECRETS?, BETTER_AUTH_SECRET?, AUTH_SECRET? },
 * files?: { [path]: { text } | { error } }, now? }` (`now`: epoch milliseconds, default
 * Date.now()). Returns `{ stdout, exitCode }`: exactly what the native binary prints and its exit
 * code (0 valid, 1 invalid); its errors are AuthErrors (the native binary exits 2).
 */
export const runTokenCommand = guard(function runTokenCommand(args, io) {
  const { stdin: _, ...rest } = objectArg(io, "io");
  return call(wasm.command_token, args, stdinArg(io), rest);
});
