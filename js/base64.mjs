// Base64 → bytes without Node APIs (Convex's isolate, workerd, edge and browsers all have atob;
// Convex's isolate also has Uint8Array.fromBase64).
export function decodeBase64(text) {
  if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(text);
  // Node and "use node" actions: native, about 20× faster than the loop below for 3 MB.
  if (typeof globalThis.Buffer?.from === "function") return globalThis.Buffer.from(text, "base64");
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
