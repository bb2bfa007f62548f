// secretsEqual and signed internal requests, against the installed package. The wire format is
// checked against node:crypto (an implementation we did not write): a service in another
// language can sign and verify from the README's description alone.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import {
  AuthError, secretsEqual, signInternalRequest, verifyInternalRequest,
  INTERNAL_TIMESTAMP_HEADER, INTERNAL_SIGNATURE_HEADER, hashPasswordSync, verifyPasswordSync,
} from "authcore";

const SECRET = "internal-api-secret-0123456789-abcdefghij";
const NOW = 1_767_225_600_500;

async function rejects(promise, code) {
  await assert.rejects(promise, (e) => e instanceof AuthError && e.code === code, code);
}

test("secretsEqual: equal, different, different lengths, bytes and strings", () => {
  assert.equal(secretsEqual("setup-secret", "setup-secret"), true);
  assert.equal(secretsEqual("setup-secret", "setup-secreT"), false);
  assert.equal(secretsEqual("setup", "setup-secret"), false);
  assert.equal(secretsEqual("", ""), true);
  assert.equal(secretsEqual("", "x"), false);
  assert.equal(secretsEqual(new TextEncoder().encode("é"), "é"), true);
  assert.equal(secretsEqual(new Uint8Array([1, 2]).buffer, new Uint8Array([1, 2])), true);
  for (const bad of [undefined, null, 1, {}, [], Symbol("s"), 10n]) {
    assert.throws(() => secretsEqual(bad, "x"), (e) => e.code === "ERR_INVALID_ARGUMENT");
    assert.throws(() => secretsEqual("x", bad), (e) => e.code === "ERR_INVALID_ARGUMENT");
  }
});

test("the signature is HMAC-SHA256 of the documented canonical string (checked with node:crypto)", () => {
  const body = '{"email":"boss@example.com"}';
  const h = signInternalRequest({ method: "post", url: "https://x.convex.site/internal/a?b=1#f", body }, { secret: SECRET, now: NOW });
  assert.equal(h[INTERNAL_TIMESTAMP_HEADER], "1767225600");
  const canonical = ["authcore-internal-v1", "POST", "/internal/a?b=1", "1767225600", createHash("sha256").update(body).digest("hex")].join("\n");
  assert.equal(h[INTERNAL_SIGNATURE_HEADER], "v1=" + createHmac("sha256", SECRET).update(canonical).digest("base64url"));
});

test("verifyInternalRequest: a Request round trip leaves the body readable; every tamper refused", async () => {
  const url = "https://x.convex.site/internal/grant?as=user";
  const body = JSON.stringify({ email: "boss@example.com" });
  const headers = signInternalRequest({ method: "POST", url, body }, { secret: SECRET, now: NOW });
  const req = new Request(url, { method: "POST", body, headers });
  const ok = await verifyInternalRequest(req, { secret: SECRET, now: NOW + 1000 });
  assert.deepEqual(ok, { method: "POST", path: "/internal/grant?as=user", timestamp: 1767225600 });
  assert.equal(await req.text(), body); // the handler can still read it
  // Parts instead of a Request, headers as a plain object (Node's IncomingMessage style).
  await verifyInternalRequest({ method: "POST", url: "/internal/grant?as=user", body, headers }, { secret: SECRET, now: NOW });
  const bad = (init, o = {}) => verifyInternalRequest(new Request(init.url ?? url, { method: init.method ?? "POST", body: init.body ?? body, headers: init.headers ?? headers }), { secret: SECRET, now: NOW, ...o });
  await rejects(bad({ method: "PUT" }), "ERR_INTERNAL_SIGNATURE_INVALID");
  await rejects(bad({ url: "https://x.convex.site/internal/other?as=user" }), "ERR_INTERNAL_SIGNATURE_INVALID");
  await rejects(bad({ url: "https://x.convex.site/internal/grant?as=admin" }), "ERR_INTERNAL_SIGNATURE_INVALID");
  await rejects(bad({ body: body.replace("boss", "eve") }), "ERR_INTERNAL_SIGNATURE_INVALID");
  await rejects(bad({ headers: { ...headers, [INTERNAL_TIMESTAMP_HEADER]: "1767225601" } }), "ERR_INTERNAL_SIGNATURE_INVALID");
  await rejects(bad({ headers: {} }), "ERR_INTERNAL_SIGNATURE_MISSING");
  await rejects(bad({}, { now: NOW + 301_000 }), "ERR_INTERNAL_REQUEST_EXPIRED");
  await rejects(bad({}, { now: NOW - 301_000 }), "ERR_INTERNAL_REQUEST_EXPIRED");
  await rejects(bad({}, { now: NOW + 61_000, maxSkew: 60 }), "ERR_INTERNAL_REQUEST_EXPIRED");
  await verifyInternalRequest(new Request(url, { method: "POST", body, headers }), { secret: SECRET, now: NOW + 299_000 });
  // The host is not signed (platforms rewrite it).
  await verifyInternalRequest(new Request("http://127.0.0.1:3210/internal/grant?as=user", { method: "POST", body, headers }), { secret: SECRET, now: NOW });
  // Rotation: the verifier lists the new secret first and still accepts the old one.
  await verifyInternalRequest({ method: "POST", url, body, headers }, { secret: ["new-secret-0123456789-abcdefghijklmnopq", SECRET], now: NOW });
  await rejects(verifyInternalRequest({ method: "POST", url, body, headers }, { secret: "new-secret-0123456789-abcdefghijklmnopq", now: NOW }), "ERR_INTERNAL_SIGNATURE_INVALID");
});

test("configuration errors are coded and thrown at once", async () => {
  const r = { method: "GET", url: "/x" };
  assert.throws(() => signInternalRequest(r, { secret: undefined }), (e) => e.code === "ERR_INVALID_ARGUMENT");
  assert.throws(() => signInternalRequest(r, { secret: "short" }), (e) => e.code === "ERR_INTERNAL_SECRET_WEAK");
  assert.throws(() => signInternalRequest({ url: "x" }, { secret: SECRET }), (e) => e.code === "ERR_INVALID_ARGUMENT");
  assert.throws(() => signInternalRequest({ url: "/x", method: "G ET" }, { secret: SECRET }), (e) => e.code === "ERR_INVALID_ARGUMENT");
  assert.throws(() => signInternalRequest({ url: "/x", body: { a: 1 } }, { secret: SECRET }), (e) => e.code === "ERR_INVALID_ARGUMENT");
  assert.throws(() => signInternalRequest({ url: "/x", body: new Uint8Array(16 * 1024 * 1024 + 1) }, { secret: SECRET }), (e) => e.code === "ERR_INTERNAL_BODY_TOO_LARGE");
  await rejects(verifyInternalRequest({ url: "/x", headers: {} }, { secret: "short" }), "ERR_INTERNAL_SECRET_WEAK");
  await rejects(verifyInternalRequest({ url: "/x", headers: {} }, {}), "ERR_INVALID_ARGUMENT");
  await rejects(verifyInternalRequest({ url: "/x", headers: {} }, { secret: SECRET, maxSkew: -1 }), "ERR_INVALID_ARGUMENT");
  await rejects(verifyInternalRequest({ url: "/x", headers: {} }, { secret: SECRET, maxSkew: 86_401 }), "ERR_INVALID_ARGUMENT");
});

test("hostile headers and arguments, 5,000 times each, then the instance still serves", async () => {
  const headers = signInternalRequest({ url: "/x" }, { secret: SECRET, now: NOW });
  const hostile = [
    { [INTERNAL_TIMESTAMP_HEADER]: "9".repeat(20_000), [INTERNAL_SIGNATURE_HEADER]: headers[INTERNAL_SIGNATURE_HEADER] },
    { [INTERNAL_TIMESTAMP_HEADER]: headers[INTERNAL_TIMESTAMP_HEADER], [INTERNAL_SIGNATURE_HEADER]: "v1=" + "A".repeat(20_000) },
    { [INTERNAL_TIMESTAMP_HEADER]: "-1", [INTERNAL_SIGNATURE_HEADER]: "v1=\u0000" },
  ];
  for (const h of hostile) {
    for (let i = 0; i < 5000; i++) {
      await rejects(verifyInternalRequest({ url: "/x", headers: h }, { secret: SECRET, now: NOW }), "ERR_INTERNAL_SIGNATURE_INVALID");
    }
  }
  for (let i = 0; i < 5000; i++) {
    assert.throws(() => signInternalRequest({ url: "/" + "a".repeat(20_000) }, { secret: SECRET }), (e) => e.code === "ERR_INVALID_ARGUMENT");
  }
  assert.deepEqual((await verifyInternalRequest({ url: "/x", headers }, { secret: SECRET, now: NOW })).path, "/x");
  const hash = hashPasswordSync("still serving");
  assert.equal(verifyPasswordSync({ hash, password: "still serving" }), true);
});
