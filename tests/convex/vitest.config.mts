// convex-test for the sync triggers helper, configured so authcore resolves as the Convex
// bundler resolves it in production (the `convex` export condition → the inline entry).
import { defineConfig } from "vitest/config";

export default defineConfig({
  ssr: { resolve: { conditions: ["convex", "module", "node", "development|production"] } },
  test: {
    environment: "edge-runtime",
    include: ["tests/**/*.test.ts"],
    // A real Better Auth server for the Convex action recipe (Node side; the tests run in edge-runtime).
    globalSetup: ["./global-setup.mjs"],
    server: { deps: { inline: ["convex-test", "authcore", "@convex-dev/better-auth"] } },
    testTimeout: 60000,
  },
});
