// How the async password functions run. By default inline (isolates: Convex, workerd, edge,
// browsers, where hashing on the calling thread is the only option); the Node entry installs a
// worker-thread pool so scrypt does not block the event loop.
import { toAuthError } from "./errors.mjs";

let runner = null;

/** @internal Install a runner `{ run(op, args, inline) => Promise }` (Node entry only). */
export function setRunner(r) {
  runner = r;
}

/** Run `inline(...args)` on the installed runner, or inline when there is none. */
export async function runAsync(op, args, inline) {
  if (runner) return runner.run(op, args, inline);
  try {
    return inline(...args);
  } catch (e) {
    throw toAuthError(e);
  }
}
