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
