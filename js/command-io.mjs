// The standard input a command is given (runPasswordCommand, runTokenCommand): bytes.
import { AuthError, objectArg } from "./errors.mjs";

export { objectArg };

/** `io.stdin` as bytes: a string as UTF-8, a Uint8Array as is, absent as undefined. */
export function stdinArg(io) {
  const { stdin } = objectArg(io, "io");
  if (stdin === undefined || stdin === null) return undefined;
  if (typeof stdin === "string") return new TextEncoder().encode(stdin);
  if (stdin instanceof Uint8Array) return stdin;
  throw new AuthError("ERR_INVALID_ARGUMENT", "io.stdin must be a string or a Uint8Array");
}

/**
 * `args` as an object with only these keys (the core reads known fields by name, so a misspelt
 * one, `maxPasswordLength` for `max-password-length`, would otherwise be ignored).
 */
export function commandArgs(args, allowed, what) {
  if (args === null || typeof args !== "object" || Array.isArray(args)) {
    throw new AuthError("ERR_INVALID_ARGUMENT", `${what} arguments must be an object (parseCommandLine's args)`);
  }
  for (const k of Object.keys(args)) {
    if (!allowed.includes(k)) throw new AuthError("ERR_INVALID_ARGUMENT", `${what} arguments: unknown field \`${k}\``);
  }
  return args;
}
