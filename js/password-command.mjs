// `authcore password hash|verify` as the native binary runs it (src/command.rs, compiled into this
// entry's WASM with the `commands` feature): `npx authcore password …` is built on it.
import * as wasm from "./wasm/authcore.js";
import { callCore as call, guard } from "./errors.mjs";
import { commandArgs, stdinArg } from "./command-io.mjs";

/**
 * Run `authcore password hash|verify`: `args` is what `parseCommandLine` (authcore/doctor) returns
 * for it (`{ op: "hash" | "verify", … }`), `io.stdin` the standard input (the password on its
 * first line; string or bytes). Returns `{ stdout, exitCode }`: exactly what the native binary
 * prints and its exit code (0, or 1 for `verify`'s mismatch); its errors are AuthErrors (the
 * native binary prints them and exits 2).
 */
export const runPasswordCommand = guard(function runPasswordCommand(args, io) {
  const a = commandArgs(args, ["op", "salt", "hash", "legacy", "max-password-length"], "password");
  return call(wasm.command_password, a, stdinArg(io));
});
