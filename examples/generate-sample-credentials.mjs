// Regenerates sample-credentials.json with the REAL Better Auth hasher (not authcore), so the
// demo proves authcore reads what Better Auth wrote. Run from the repo root after `npm ci`:
//   node examples/generate-sample-credentials.mjs > examples/sample-credentials.json
// BA_CRYPTO may point at another better-auth install's crypto module.
const mod = process.env.BA_CRYPTO ?? "better-auth-1.6/crypto";
const { hashPassword } = await import(mod);
const users = [
  { email: "ada@example.com", password: "correct horse battery staple" },
  { email: "grace@example.com", password: "ｐａｓｓｗｏｒｄ①" }, // fullwidth: NFKC → "password1"
  { email: "linus@example.com", password: "Ångström-ﬁ²Ⅻ" }, // decomposed Å, ligature, superscript
  { email: "admin@example.com", password: "🔐 admin-pass 🦀" },
];
const out = [];
for (const u of users) out.push({ ...u, hash: await hashPassword(u.password) });
console.log(
  JSON.stringify(
    {
      provenance: "hashes produced by better-auth's own hashPassword (better-auth/crypto, 1.6.34)",
      users: out,
    },
    null,
    2,
  ),
);
