// Preloaded (node --import) before a bundle for Convex's default runtime runs: make Node look
// like the isolate where it matters for a package. The isolate runs V8 with --js-base-64, so
// `Uint8Array.fromBase64` exists there (Node 20 lacks it: the Convex bundler emits it for
// .wasm imports); it has no Buffer, setImmediate or CommonJS globals.
if (typeof Uint8Array.fromBase64 !== "function") {
  Object.defineProperty(Uint8Array, "fromBase64", {
    configurable: true,
    writable: true,
    value: function fromBase64(text) {
      const bin = atob(text);
      const out = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
      return out;
    },
  });
}
for (const name of ["Buffer", "setImmediate", "clearImmediate", "global"]) delete globalThis[name];

// The V8 flags the isolate runs with must really be on in this process.
let evalAllowed = true;
try {
  new Function("return 1");
} catch (e) {
  if (e instanceof EvalError) evalAllowed = false;
}
if (evalAllowed) throw new Error("isolate-env: run with --disallow-code-generation-from-strings");
if (!process.execArgv.includes("--no-wasm-async-compilation")) throw new Error("isolate-env: run with --no-wasm-async-compilation");
