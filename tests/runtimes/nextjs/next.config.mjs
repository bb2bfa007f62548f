import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// tests/runtimes is the root: the routes import the shared fixture from ../common.
const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** @type {import('next').NextConfig} */
export default {
  output: "standalone",
  turbopack: { root },
  outputFileTracingRoot: root,
};
