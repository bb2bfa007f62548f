// Base64 → bytes without Node APIs (Convex's isolate, workerd, edge and browsers all have atob;
// Convex's isolate also has Uint8Array.fromBase64).
export function decodeBase64(text) {
  if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(text);
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
