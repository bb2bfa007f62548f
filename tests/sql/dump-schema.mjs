// What the real Better Auth migrates: `getSchema()` of better-auth 1.6.34 and 1.7.25 with no
// plugin, each common plugin alone, and all of them (passkey from the separate
// @better-auth/passkey package, installed per line under tests/sql/passkey-<version>/), written to
// tests/vectors/better-auth-schema/<version>.json. The Rust table of the SQL doctor
// (src/doctor/sql/expected.rs) is compared with these files field by field
// (tests/doctor_sql_schema.rs).
//
//   node tests/sql/dump-schema.mjs           # (re)write the vectors
//   node tests/sql/dump-schema.mjs --check   # fail if the installed packages say otherwise
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { passkeyPlugin } from "./passkey.mjs";
import { dirname, join } from "node:path";

const dir = join(dirname(fileURLToPath(import.meta.url)), "..", "vectors", "better-auth-schema");
const check = process.argv.includes("--check");
const PLUGINS = ["jwt", "twoFactor", "admin", "username", "organization", "passkey"];
let failed = false;

for (const v of ["1.6", "1.7"]) {
  const { getSchema } = await import(`better-auth-${v}/db`);
  const { passkey, version: passkeyVersion } = await passkeyPlugin(v);
  const P = { ...(await import(`better-auth-${v}/plugins`)), passkey };
  const pkg = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.resolve(`better-auth-${v}`))), "..", "package.json"), "utf8"));
  const sets = { core: [], ...Object.fromEntries(PLUGINS.map((p) => [p, [p]])), all: PLUGINS };
  const out = { source: `getSchema() of better-auth ${pkg.version} with @better-auth/passkey ${passkeyVersion} (tests/sql/dump-schema.mjs)`, version: pkg.version, sets: {} };
  for (const [name, list] of Object.entries(sets)) {
    const schema = getSchema({ plugins: list.map((p) => P[p]()), emailAndPassword: { enabled: true } });
    const models = {};
    for (const [model, t] of Object.entries(schema)) {
      models[model] = {};
      for (const [field, f] of Object.entries(t.fields)) {
        models[model][field] = {
          type: f.type,
          required: f.required !== false,
          unique: !!f.unique,
          index: !!f.index,
          references: f.references ? `${f.references.model}.${f.references.field}` : null,
          onDelete: f.references ? (f.references.onDelete ?? "cascade") : null,
          default: f.defaultValue !== undefined,
        };
      }
    }
    out.sets[name] = { plugins: list, models };
  }
  const file = join(dir, `${v}.json`);
  const text = JSON.stringify(out, null, 1) + "\n";
  if (check) {
    if (readFileSync(file, "utf8") !== text) {
      console.error(`dump-schema: ${file} differs from better-auth ${pkg.version}'s getSchema(); run node tests/sql/dump-schema.mjs`);
      failed = true;
    }
  } else {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, text);
  }
}
if (failed) process.exit(1);
