// convex-test, configured so authcore resolves exactly as the Convex bundler resolves it in
// production (the `convex` condition → the inline entry), not through Vite's default
// `node` condition; the authcore entry files actually loaded are recorded for the test to check.
import { defineConfig, type Plugin } from "vitest/config";

const recordAuthcoreEntries: Plugin = {
  name: "record-authcore-entries",
  enforce: "post",
  transform(code, id) {
    const m = /node_modules\/authcore\/dist\/(index\.[\w.]+\.mjs)$/.exec(id.split("?")[0]);
    if (!m) return null;
    return `${code}\n;(globalThis.__authcoreEntries ??= []).push(${JSON.stringify(m[1])});\n`;
  },
};

export default defineConfig({
  plugins: [recordAuthcoreEntries],
  ssr: { resolve: { conditions: ["convex", "module", "node", "development|production"] } },
  test: {
    environment: "edge-runtime",
    include: ["tests/**/*.test.ts"],
    server: { deps: { inline: ["convex-test", "authcore"] } },
    testTimeout: 60000,
  },
});
