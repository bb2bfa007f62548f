// Regenerates js-emails.json and js-lowercase.json from Node and the real Better Auth packages
// (devDependencies better-auth-1.6 = better-auth@1.6.34, better-auth-1.7 = better-auth@1.7.25).
//   node tests/vectors/sync/generate.mjs
// - js-lowercase.json: String.fromCodePoint(c).toLowerCase() for every code point whose result
//   differs from the input (this Node's ICU/Unicode version is recorded).
// - js-emails.json: toLowerCase / trim / the near-duplicate key for tricky emails, and whether
//   each version's real internalAdapter.findUserByEmail (memory adapter) finds a stored email.
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

const changed = [];
for (let cp = 0; cp <= 0x10ffff; cp++) {
  if (cp >= 0xd800 && cp <= 0xdfff) continue;
  const s = String.fromCodePoint(cp);
  const l = s.toLowerCase();
  if (l !== s) changed.push([cp, l]);
}
writeFileSync(
  join(here, "js-lowercase.json"),
  JSON.stringify({
    source: "node tests/vectors/sync/generate.mjs: String.fromCodePoint(cp).toLowerCase() !== itself",
    node: process.version,
    unicode: process.versions.unicode,
    icu: process.versions.icu,
    changed,
  }) + "\n",
);

const inputs = [
  "ada@example.com", "Ada@Example.COM", " ada@example.com ", "\tada@example.com\n",
  "\ufeffada@example.com", "\u0085ada@example.com", "\u00a0ada@example.com\u3000",
  "\u2028ada@example.com\u2029", "\u200bada@example.com",
  // Turkish dotted and dotless I, German sharp s, Kelvin and Angstrom signs.
  "\u0130stanbul@example.com", "I\u0131i\u0130@example.com", "STRASSE\u1E9E@example.com",
  "\u212Aelvin@example.com", "\u212Bngstrom@example.com",
  // Final sigma: at word end, before the @, before a dot, alone, after a case-ignorable.
  "\u039F\u0394\u03A5\u03A3\u03A3\u0395\u03A5\u03A3@example.com", "\u03A3@example.com",
  "A\u03A3@example.com", "A\u03A3.B@example.com", "A\u03A3B@example.com", "A.\u03A3@example.com",
  "A\u0301\u03A3@example.com", "A\u03A3\u0301@example.com", "A'\u03A3@example.com",
  // NFC vs NFD.
  "Jos\u00e9@example.com", "Jose\u0301@example.com", "JOS\u00c9@example.com", "JOSE\u0301@example.com",
  "\u1E9B\u0323@example.com", "\u01C5@example.com", "\u01C4@example.com",
  // Fullwidth, Cherokee, Deseret (astral), Georgian Mtavruli.
  "\uFF21\uFF24\uFF21@example.com", "\u13A0\u13A1@example.com", "\u{10400}\u{10401}@example.com",
  "\u1C90\u1C91@example.com", "",
];
const nfcLower = (s) => s.normalize("NFC").toLowerCase();
const cases = inputs.map((input) => ({
  input,
  toLowerCase: input.toLowerCase(),
  trim: input.trim(),
  nearDuplicateKey: nfcLower(input.trim()),
}));

async function finder(pkg) {
  const { betterAuth } = await import(`${pkg}`);
  const { memoryAdapter } = await import(`${pkg}/adapters/memory`);
  return async (stored, asked) => {
    const db = { user: [], session: [], account: [], verification: [] };
    const auth = betterAuth({
      database: memoryAdapter(db),
      secret: "vector-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
      baseURL: "http://127.0.0.1:3000",
      logger: { disabled: true },
    });
    const ctx = await auth.$context;
    const now = new Date(0);
    // Stored as-is (a row written by hand or by an import), then looked up the way sign-in does.
    db.user.push({ id: "u1", email: stored, name: "x", emailVerified: false, createdAt: now, updatedAt: now });
    const found = await ctx.internalAdapter.findUserByEmail(asked.toLowerCase());
    return found !== null;
  };
}
const f16 = await finder("better-auth-1.6");
const f17 = await finder("better-auth-1.7");
const pairs = [
  ["ada@example.com", "ADA@example.com"],
  ["ada@example.com", " ada@example.com"],
  ["jos\u00e9@example.com", "JOS\u00c9@example.com"],
  ["jos\u00e9@example.com", "JOSE\u0301@example.com"],
  ["jose\u0301@example.com", "Jos\u00e9@example.com"],
  ["i\u0307stanbul@example.com", "\u0130stanbul@example.com"],
  ["\u03bf\u03b4\u03c5\u03c3\u03c3\u03b5\u03c5\u03c2@example.com", "\u039F\u0394\u03A5\u03A3\u03A3\u0395\u03A5\u03A3@example.com"],
  ["Ada@Example.com", "ada@example.com"],
];
const matches = [];
for (const [stored, asked] of pairs) {
  matches.push({ stored, asked, v1_6: await f16(stored, asked), v1_7: await f17(stored, asked) });
}
writeFileSync(
  join(here, "js-emails.json"),
  JSON.stringify(
    {
      source: "node tests/vectors/sync/generate.mjs (better-auth 1.6.34 and 1.7.25, memory adapter)",
      node: process.version,
      cases,
      matches,
    },
    null,
    1,
  ) + "\n",
);
console.log(`${changed.length} changed code points; ${cases.length} cases; ${matches.length} matches`);
console.log(JSON.stringify(matches));
