// The Node reference for the runtime matrix. authcore is installed here from the npm tarball;
// the ESM import (the `node` condition) gives the reference every other runtime must equal,
// after it is checked against fixed expectations (Better Auth's own hash, error codes), and
// the CommonJS `require` and the `./inline` subpath must give the same bytes.
import { createRequire } from "node:module";
import { scryptSync } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { PASSWORDS, SALT, compute } from "../common/fixture.mjs";
import { REFERENCE, WORK, check, fail, finish, pass, step } from "../common/harness.mjs";

const require = createRequire(import.meta.url);
// The other public entries (their own WASM each): compared as part of every row.
const entries = { passwords: await import("authcore/passwords"), doctor: await import("authcore/doctor"), keys: await import("authcore/keys") };
const cjsEntries = { passwords: require("authcore/passwords"), doctor: require("authcore/doctor"), keys: require("authcore/keys") };

// Facts that hold whatever the runtime; the reference itself must satisfy them.
function absoluteProblems(r) {
  const want = {
    betterAuthVector: { sameHash: true, verifies: true },
    nfkcVerifies: true,
    random: { shapes: [true, true], differ: true, verifyAsync: [true, false], verifySync: [true, false] },
  };
  const problems = [];
  for (const [k, v] of Object.entries(want)) if (!isDeepStrictEqual(r[k], v)) problems.push(`${k}: ${JSON.stringify(r[k])}`);
  const codes = {
    malformedAsync: "ERR_HASH_MALFORMED",
    malformedSync: "ERR_HASH_MALFORMED",
    emptySalt: "ERR_INVALID_ARGUMENT",
    tooLong: "ERR_PASSWORD_TOO_LONG",
    notAString: "ERR_INVALID_ARGUMENT",
  };
  for (const [k, code] of Object.entries(codes)) {
    const e = r.errors[k];
    if (!e || e.code !== code || e.name !== "AuthError" || !e.isAuthError || !e.isError) problems.push(`errors.${k}: ${JSON.stringify(e)}`);
  }
  if (r.withSalt.length !== 3 || !r.withSalt.every((h) => /^00112233445566778899aabbccddeeff:[0-9a-f]{128}$/.test(h))) problems.push(`withSalt: ${JSON.stringify(r.withSalt)}`);
  // Independently: node:crypto scrypt with Better Auth's parameters over the NFKC form.
  PASSWORDS.forEach((p, i) => {
    const key = scryptSync(p.normalize("NFKC"), SALT, 64, { N: 16384, r: 16, p: 1, maxmem: 128 * 16384 * 16 * 2 });
    if (r.withSalt[i] !== `${SALT}:${key.toString("hex")}`) problems.push(`withSalt[${i}] is not node:crypto's scrypt`);
  });
  if (new Set(r.withSalt).size !== 3) problems.push("withSalt: not three different hashes");
  for (const f of ["hashPassword", "verifyPassword", "hashPasswordSync", "verifyPasswordSync", "hashPasswordWithSalt", "AuthError"]) {
    if (!r.exports.includes(f)) problems.push(`missing export ${f}`);
  }
  return problems;
}

// The reference row runs on the machine's Node; the rows of the other supported Node lines
// (AUTHCORE_NODE_ROW=node22 …, scripts/test-runtimes.sh) must give the same bytes as it.
const row = process.env.AUTHCORE_NODE_ROW || undefined; // "" (the reference row) is no row
const label = row ?? "node";

if (row) {
  await step(`${label}-esm`, async (t) => {
    const r = await compute(await import("authcore"), entries);
    const problems = absoluteProblems(r);
    if (problems.length) return fail(`${label}-esm`, problems.join("\n"));
    check(`${label}-esm`, r, t(`Node ${process.version}`));
  });
} else {
  await step("node-esm-reference", async (t) => {
    const esm = await import("authcore");
    const r = await compute(esm, entries);
    const problems = absoluteProblems(r);
    if (problems.length) return fail("node-esm-reference", problems.join("\n"));
    mkdirSync(WORK, { recursive: true });
    writeFileSync(REFERENCE, JSON.stringify(r, null, 2) + "\n");
    pass("node-esm-reference", t(`Node ${process.version}: import → ${import.meta.resolve("authcore").replace(/.*node_modules\//, "")}; checked against node:crypto scrypt and Better Auth`));
  });
}

await step(`${label}-cjs-require`, async (t) => {
  check(`${label}-cjs-require`, await compute(require("authcore"), cjsEntries), t(`require → ${require.resolve("authcore").replace(/.*node_modules\//, "")}`));
});

await step(`${label}-inline-subpath`, async (t) => {
  check(`${label}-inline-subpath`, await compute(await import("authcore/inline"), entries), t());
});

finish();
