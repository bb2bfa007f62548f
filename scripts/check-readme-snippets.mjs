// Type-checks every TypeScript and JavaScript snippet of README.md the way a strict app would
// (`tsc --noEmit --strict` plus `noPropertyAccessFromIndexSignature`, the settings of
// examples/tsconfig.json), so a snippet can no longer drift from the types. The recipes (blocks
// after `<!-- example: FILE -->`) are checked as their files by `tsc -p examples`; every other
// ```ts / ```js block is written to target/readme-snippets/ as a module of its own and checked
// here (`js` blocks with checkJs). A snippet that uses names it does not define (the `args` of a
// Convex handler, a `request`) gets them from a `<!-- snippet-prelude: … -->` line right before
// its block: TypeScript declarations, invisible on the rendered page. `./_generated/server`
// resolves as in a Convex project (Convex's generic builders, which its codegen re-exports).
//
//   node scripts/check-readme-snippets.mjs     (scripts/lint.sh; needs npm ci's typescript)
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUT = path.join(ROOT, "target", "readme-snippets");

/** The README's unmarked ts/js blocks: `{ line, lang, prelude, body }`. */
export function readmeSnippets(readme) {
  const lines = readme.split("\n");
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(ts|js)$/.exec(lines[i]);
    if (!open) {
      if (/^```/.test(lines[i])) {
        // Skip any other fenced block whole, so its closing fence is not taken for an opening.
        for (i++; i < lines.length && lines[i] !== "```"; i++);
      }
      continue;
    }
    const before = i > 0 ? lines[i - 1] : "";
    let end = i + 1;
    while (end < lines.length && lines[end] !== "```") end++;
    const body = lines.slice(i + 1, end).join("\n");
    const line = i + 1;
    i = end;
    if (/^<!-- example: /.test(before)) continue; // a recipe: tsc -p examples checks its file
    const prelude = /^<!-- snippet-prelude: (.*) -->$/.exec(before)?.[1] ?? "";
    out.push({ line, lang: open[1], prelude, body });
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const snippets = readmeSnippets(readFileSync(path.join(ROOT, "README.md"), "utf8"));
  if (snippets.length === 0) {
    console.error("check-readme-snippets: no ts/js snippet found in README.md (is the parser broken?)");
    process.exit(1);
  }
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(path.join(OUT, "_generated"), { recursive: true });
  // What `npx convex dev` generates, reduced to what the snippets use: the generic builders.
  writeFileSync(
    path.join(OUT, "_generated", "server.ts"),
    'export { actionGeneric as action, mutationGeneric as mutation, queryGeneric as query, httpActionGeneric as httpAction } from "convex/server";\n',
  );
  const files = [];
  for (const s of snippets) {
    const name = `readme-line-${s.line}.${s.lang === "ts" ? "ts" : "js"}`;
    // The prelude and the block share the first line's number in errors: the block starts on
    // the file's line 3, so an error at line N is README line s.line + N - 2.
    const text = `${s.lang === "ts" ? s.prelude : ""}\n// README.md line ${s.line}\n${s.body}\nexport {};\n`;
    writeFileSync(path.join(OUT, name), text);
    files.push(name);
  }
  const examples = JSON.parse(readFileSync(path.join(ROOT, "examples", "tsconfig.json"), "utf8"));
  const compilerOptions = {
    ...examples.compilerOptions,
    // Apps import through a bundler (Next.js, Convex, wrangler), and the libraries' own .d.ts
    // are theirs to check (better-auth's name bun:sqlite); js/*.d.ts are checked with
    // skipLibCheck off by `tsc -p examples`.
    module: "esnext",
    moduleResolution: "bundler",
    skipLibCheck: true,
    allowJs: true,
    checkJs: true,
    typeRoots: [path.join(ROOT, "node_modules", "@types")],
    paths: {
      authcore: [path.join(ROOT, "js", "index.d.ts")],
      "authcore/passwords": [path.join(ROOT, "js", "passwords.d.ts")],
      "authcore/keys": [path.join(ROOT, "js", "keys.d.ts")],
      "authcore/doctor": [path.join(ROOT, "js", "doctor.d.ts")],
    },
  };
  writeFileSync(path.join(OUT, "tsconfig.json"), JSON.stringify({ compilerOptions, files }, null, 2));
  const tsc = path.join(ROOT, "node_modules", ".bin", "tsc");
  const r = spawnSync(tsc, ["-p", OUT], { stdio: "inherit" });
  if (r.status !== 0) {
    console.error(
      "check-readme-snippets: a README snippet does not type-check (files in target/readme-snippets/ are named after the README line of their block)",
    );
    process.exit(1);
  }
  console.error(`check-readme-snippets: ${files.length} README snippets type-check (tsc --strict)`);
}
