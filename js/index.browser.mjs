// Entry for browsers (and bundlers targeting them): fetch the .wasm next to this file and
// compile it asynchronously (the main thread refuses large synchronous compiles).
import init from "./wasm/authcore.js";

await init({ module_or_path: new URL("./wasm/authcore_bg.wasm", import.meta.url) });

export * from "./api.mjs";
