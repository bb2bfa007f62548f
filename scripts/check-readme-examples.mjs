// The README's recipes are the content of files under examples/ (which the tests run and tsc
// type-checks): each code block right after a `<!-- example: examples/FILE -->` line must equal
// that file. `node scripts/check-readme-examples.mjs` checks (scripts/lint.sh); `--write`
// copies the files into the README. Also used by assemble-pkg.mjs's README generation.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const MARKER = /^<!-- example: (examples\/[\w./-]+) -->\n```(\w*)\n[\s\S]*?^```$/gm;

/** The README text with every marked block replaced by its file's content, and the blocks found. */
export function syncExamples(readme) {
  const found = [];
  const text = readme.replace(MARKER, (_block, file, lang) => {
    const body = readFileSync(path.join(ROOT, file), "utf8").replace(/\n+$/, "");
    found.push(file);
    return `<!-- example: ${file} -->\n\`\`\`${lang}\n${body}\n\`\`\``;
  });
  return { text, found };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = path.join(ROOT, "README.md");
  const readme = readFileSync(file, "utf8");
  const { text, found } = syncExamples(readme);
  if (found.length === 0) {
    console.error("check-readme-examples: no `<!-- example: … -->` block in README.md");
    process.exit(1);
  }
  if (process.argv.includes("--write")) {
    writeFileSync(file, text);
    console.error(`check-readme-examples: wrote ${found.length} blocks`);
  } else if (text !== readme) {
    console.error("check-readme-examples: README.md's recipes differ from their files under examples/; run node scripts/check-readme-examples.mjs --write");
    process.exit(1);
  } else {
    console.error(`check-readme-examples: ${found.length} recipes match their files`);
  }
}
