// The passkey plugin lives in its own package, @better-auth/passkey, whose releases pin peers
// (@better-auth/utils) that the better-auth release they go with does not; so each line is
// installed on its own under tests/sql/passkey-<version>/ (scripts/setup.sh, npm ci with
// legacy-peer-deps) beside a better-auth of the same release, and loaded from there:
// 1.6 → @better-auth/passkey 1.6.33, 1.7 → 1.7.6 (the newest of each line; none is
// numbered 1.6.34 or 1.7.25).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/** `{ passkey, version }`: the plugin factory of the package installed for `line` ("1.6" | "1.7"). */
export async function passkeyPlugin(line) {
  const dir = join(here, `passkey-${line}`, "node_modules", "@better-auth", "passkey");
  let pkg;
  try {
    pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  } catch {
    throw new Error(`@better-auth/passkey for ${line} is not installed in tests/sql/passkey-${line}; bash scripts/setup.sh`);
  }
  const entry = pkg.exports?.["."]?.default;
  if (typeof entry !== "string") throw new Error(`@better-auth/passkey ${pkg.version}: no "." export`);
  const mod = await import(pathToFileURL(join(dir, entry)).href);
  return { passkey: mod.passkey, version: pkg.version };
}
