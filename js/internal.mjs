// Shared secrets between an app's own services: constant-time comparison, and requests signed
// with a timestamp and an HMAC instead of a plain bearer. This layer turns strings, bodies and
// Requests into bytes and reads the clock; every decision is the WASM core's.
import * as wasm from "./wasm/authcore.js";
import { AuthError, objectArg, callCore as call, guard } from "./errors.mjs";

const encoder = new TextEncoder();

/** Header names of a signed internal request (lower-case, as `Headers` returns them). */
export const INTERNAL_TIMESTAMP_HEADER = "x-authcore-timestamp";
export const INTERNAL_SIGNATURE_HEADER = "x-authcore-signature";

function secretBytes(v, name) {
  if (typeof v === "string") return encoder.encode(v);
  if (v instanceof Uint8Array) return new Uint8Array(v);
  if (v instanceof ArrayBuffer) return new Uint8Array(v.slice(0));
  throw new AuthError(
    "ERR_INVALID_ARGUMENT",
    `${name} must be a string or bytes${v === undefined ? " (is the environment variable set?)" : ""}`,
  );
}

/**
 * Whether two shared secrets are equal, in constant time and without leaking the expected
 * secret's length (both are HMAC'd, the digests compared). For `args.setupSecret ===
 * process.env.ADMIN_SECRET` and bearer checks. Strings compare as UTF-8.
 * @throws {AuthError} `ERR_INVALID_ARGUMENT` when either is not a string or bytes (an unset
 * environment variable is a configuration error, never "equal").
 */
export const secretsEqual = guard(function secretsEqual(a, b) {
  const x = secretBytes(a, "secretsEqual's first argument");
  const y = secretBytes(b, "secretsEqual's second argument");
  return call(wasm.secrets_equal, x, y);
});

function bodyBytes(body) {
  if (body === undefined || body === null) return new Uint8Array(0);
  if (typeof body === "string") return encoder.encode(body);
  if (body instanceof Uint8Array) return new Uint8Array(body);
  if (body instanceof ArrayBuffer) return new Uint8Array(body.slice(0));
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength));
  throw new AuthError("ERR_INVALID_ARGUMENT", "body must be a string, bytes or undefined (sign the exact bytes you send)");
}

/** Path and query as WHATWG URL parsing gives them (what `new Request(url).url` holds). */
function urlText(url) {
  if (url instanceof URL) return url.href;
  if (typeof url !== "string") throw new AuthError("ERR_INVALID_ARGUMENT", "url must be a string or URL");
  if (url.startsWith("/")) {
    try {
      const u = new URL(url, "http://internal.invalid");
      return u.pathname + u.search;
    } catch {
      return url; // the core says what is wrong
    }
  }
  try {
    return new URL(url).href;
  } catch {
    throw new AuthError("ERR_INVALID_ARGUMENT", "url must be absolute or a path starting with /");
  }
}

function secretArg(options) {
  const { secret } = options;
  if (secret === undefined || secret === null) {
    throw new AuthError("ERR_INVALID_ARGUMENT", "secret is required (is the environment variable set?)");
  }
  return secret;
}

/**
 * Sign a request to another service of the app: the headers to add to it.
 * `request`: `{ method?, url, body? }` (body: the exact string or bytes sent); `options`:
 * `{ secret, now? }` (secret: at least 32 bytes; a list signs with its first).
 * @returns {{ "x-authcore-timestamp": string, "x-authcore-signature": string }}
 */
export const signInternalRequest = guard(function signInternalRequest(request, options) {
  const { method = "GET", url, body } = objectArg(request, "request");
  const o = objectArg(options, "options");
  const now = o.now instanceof Date ? o.now.getTime() : (o.now ?? Date.now());
  const h = call(wasm.internal_sign, method, urlText(url), bodyBytes(body), secretArg(o), now);
  return { [INTERNAL_TIMESTAMP_HEADER]: h.timestamp, [INTERNAL_SIGNATURE_HEADER]: h.signature };
});

function header(headers, name) {
  if (headers == null) return null;
  if (typeof headers.get === "function") return headers.get(name);
  const v = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(", ") : (v ?? null);
}

/**
 * Verify a signed internal request: a `Request` (its body is read from a clone, so the handler
 * can still read it) or its parts `{ method, url, headers, body }`. `options`: `{ secret,
 * maxSkew? (seconds, default 300), now? }`; a list of secrets accepts any of them (rotation).
 * Resolves to `{ method, path, timestamp }`.
 * @throws {AuthError} `ERR_INTERNAL_SIGNATURE_MISSING`, `ERR_INTERNAL_SIGNATURE_INVALID`,
 * `ERR_INTERNAL_REQUEST_EXPIRED`; configuration: `ERR_INTERNAL_SECRET_WEAK`, `ERR_INVALID_ARGUMENT`.
 */
export const verifyInternalRequest = guard(async function verifyInternalRequest(request, options) {
  const o = objectArg(options, "options");
  const secret = secretArg(o);
  let method, url, headers, body;
  if (typeof Request !== "undefined" && request instanceof Request) {
    ({ method, url, headers } = request);
    body = method === "GET" || method === "HEAD" ? undefined : new Uint8Array(await request.clone().arrayBuffer());
  } else {
    ({ method = "GET", url, headers, body } = objectArg(request, "request"));
  }
  const now = o.now instanceof Date ? o.now.getTime() : (o.now ?? Date.now());
  return call(
    wasm.internal_verify,
    method,
    urlText(url),
    bodyBytes(body),
    header(headers, INTERNAL_TIMESTAMP_HEADER),
    header(headers, INTERNAL_SIGNATURE_HEADER),
    secret,
    o.maxSkew,
    now,
  );
});
