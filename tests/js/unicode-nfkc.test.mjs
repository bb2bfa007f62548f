// authcore's NFKC must be the NFKC Better Auth gets from the JavaScript runtime
// (`password.normalize("NFKC")`, i.e. the runtime's ICU). A Unicode-version gap between the two
// shows up only for code points the older side considers unassigned, so this sweeps every code
// point of planes 0 and 1 (plus the CJK compatibility supplement and plane 14) through both:
// long passwords (a hasher with maxPasswordLength 4096) hashed by authcore must verify with
// Better Auth's own verifyPassword. On a mismatch it narrows the failing chunk down and names
// the code points (this runtime's Unicode version is in the test name and the message).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createPasswordHasher } from "authcore";
import { VERSIONS, loadBetterAuth, describeInput } from "./support/better-auth.mjs";

const MAX = 4096;
const RANGES = [
  [0x0000, 0xd7ff],
  [0xe000, 0xffff],
  [0x10000, 0x1ffff],
  [0x2f800, 0x2fa1f], // CJK compatibility ideographs supplement (canonical singletons)
  [0xe0000, 0xe01ef], // tags and variation selectors supplement
];

function chunks(maxUnits) {
  const out = [];
  let cur = [];
  let units = 0;
  for (const [lo, hi] of RANGES) {
    for (let cp = lo; cp <= hi; cp++) {
      const u = cp > 0xffff ? 2 : 1;
      if (units + u > maxUnits) {
        out.push(cur);
        cur = [];
        units = 0;
      }
      cur.push(cp);
      units += u;
    }
  }
  if (cur.length) out.push(cur);
  return out;
}

const range = (cps) => `U+${hex(cps[0])}–U+${hex(cps[cps.length - 1])}`;
const hex = (cp) => cp.toString(16).toUpperCase().padStart(4, "0");

test(`NFKC of every code point in planes 0–1 (+2F800–2FA1F, E0000–E01EF) matches this runtime's (Unicode ${process.versions.unicode})`, async (t) => {
  const ba = await loadBetterAuth(VERSIONS[0]);
  const hasher = createPasswordHasher({ maxPasswordLength: MAX });
  // Better Auth's verify: does it accept authcore's hash of this password?
  const agrees = async (cps) => {
    const pw = String.fromCodePoint(...cps);
    return ba.verifyPassword({ hash: hasher.hashSync(pw), password: pw });
  };

  const all = chunks(MAX);
  t.diagnostic(`${all.length} passwords of up to ${MAX} UTF-16 units; runtime ICU ${process.versions.icu}, Unicode ${process.versions.unicode}`);
  // authcore (sync, this thread) on chunk i+1 overlaps Better Auth (libuv pool) on chunk i.
  const verdicts = [];
  let pending = null;
  for (const cps of all) {
    const pw = String.fromCodePoint(...cps);
    const hash = hasher.hashSync(pw);
    if (pending) verdicts.push(await pending);
    pending = ba.verifyPassword({ hash, password: pw });
  }
  verdicts.push(await pending);

  const failing = all.filter((_, i) => !verdicts[i]);
  if (failing.length === 0) return;

  // Narrow down (bounded work): in the first few failing chunks, bisect for the shortest
  // failing prefix; its last code point is where the two normalisations part.
  const report = [];
  for (const cps of failing.slice(0, 3)) {
    let lo = 1;
    let hi = cps.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (await agrees(cps.slice(0, mid))) lo = mid + 1;
      else hi = mid;
    }
    const cp = cps[lo - 1];
    const c = String.fromCodePoint(cp);
    const alone = (await agrees([cp])) ? "only after the preceding code points" : "on its own";
    report.push(
      `${range(cps)}: first difference at ${describeInput(c)} (${alone}); ` +
        `this runtime ${/\p{Cn}/u.test(c) ? "considers it unassigned" : "knows it"}, NFKC here = ${describeInput(c.normalize("NFKC"))}`,
    );
  }
  assert.fail(
    `authcore's NFKC differs from Better Auth's (String.prototype.normalize, Unicode ${process.versions.unicode}) ` +
      `in ${failing.length} chunk(s): ${failing.map(range).join(", ")}\n  ${report.join("\n  ")}\n` +
      "A code point newly assigned in authcore's Unicode tables but unassigned in the runtime's ICU " +
      "(or the reverse) hashes differently from Better Auth on this runtime.",
  );
});
