// Shared helpers for the tests that hold authcore against the real Better Auth from npm.
//
// Both Better Auth lines are devDependencies of the workspace under npm aliases, so they are
// installed side by side, each with its own @better-auth/core and @better-auth/utils:
//   "better-auth-1.6": "npm:better-auth@1.6.34"  (what @convex-dev/better-auth 0.12 requires)
//   "better-auth-1.7": "npm:better-auth@1.7.25"  (npm `latest`)
// Nothing here knows authcore's answers: expectations come from Better Auth itself, from
// node:crypto's scrypt (a third witness) or from the published vectors in tests/vectors/better-auth.
import { createRequire } from "node:module";
import { createHash, scryptSync } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const VERSIONS = [
  { alias: "better-auth-1.6", version: "1.6.34", core: "1.6.34", utils: "0.4.2" },
  { alias: "better-auth-1.7", version: "1.7.25", core: "1.7.25", utils: "0.5.1" },
];

export const SECRET = "authcore-tests-secret-0123456789abcdef0123456789abcdef";
export const BASE_URL = "http://127.0.0.1:3000";

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(here, "../../..");
export const VECTORS_FILE = path.resolve(REPO, "tests/vectors/better-auth/better-auth-1.6.34.json");

/** Walk up from a resolved file to the package.json of the package that contains it. */
function owningPackage(file) {
  let dir = path.dirname(file);
  for (;;) {
    const pj = path.join(dir, "package.json");
    try {
      const json = JSON.parse(readFileSync(pj, "utf8"));
      if (json.name && json.version) return { dir, name: json.name, version: json.version };
    } catch {}
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${file}`);
    dir = up;
  }
}

/**
 * Load one Better Auth line: its `better-auth/crypto` password functions (the ones it uses by
 * default, `@better-auth/utils/password` under the `node` condition = node:crypto scrypt),
 * `betterAuth`, `memoryAdapter`, and the versions its own dependencies resolved to.
 */
export async function loadBetterAuth(v) {
  const cryptoUrl = import.meta.resolve(`${v.alias}/crypto`);
  const crypto = await import(`${v.alias}/crypto`);
  const { betterAuth } = await import(v.alias);
  const { memoryAdapter } = await import(`${v.alias}/adapters/memory`);
  const baPkg = owningPackage(fileURLToPath(cryptoUrl));
  // Resolve the dependencies the way better-auth's own files do (from inside its dist/).
  const req = createRequire(fileURLToPath(cryptoUrl));
  const utilsPasswordFile = req.resolve("@better-auth/utils/password");
  const utilsPkg = owningPackage(utilsPasswordFile);
  const corePkg = owningPackage(req.resolve("@better-auth/core"));
  return {
    ...v,
    hashPassword: crypto.hashPassword,
    verifyPassword: crypto.verifyPassword,
    betterAuth,
    memoryAdapter,
    resolved: { betterAuth: baPkg, core: corePkg, utils: utilsPkg },
    /**
     * The pure-JS (@noble/hashes) implementation of the same utils version: what Better Auth
     * runs under non-node export conditions (Convex's default runtime, edge, browsers).
     * Imported by file, because the `node` condition always wins inside Node.
     */
    async loadNoble() {
      const m = await import(pathToFileURL(path.join(utilsPkg.dir, "dist", "password.mjs")).href);
      return { hashPassword: m.hashPassword, verifyPassword: (d) => m.verifyPassword(d.hash, d.password) };
    },
  };
}

/** The cookies of `Set-Cookie` headers (`res.headers.getSetCookie()`) as a Map, cleared ones left out. */
export function cookieMap(setCookies) {
  const out = new Map();
  for (const sc of setCookies) {
    const [nv] = sc.split(";");
    const i = nv.indexOf("=");
    if (nv.slice(i + 1) !== "") out.set(nv.slice(0, i), nv.slice(i + 1));
  }
  return out;
}

/** A Cookie header from a Map of cookies. */
export const cookieHeaderOf = (m) => [...m].map(([k, v]) => `${k}=${v}`).join("; ");

/**
 * POST a JSON body to an instance's auth route (`inst.req(path, init)` wraps `auth.handler`),
 * expect 200, and return the cookies it set (sign-up, sign-in).
 */
export async function postForCookies(inst, path, body) {
  const res = await inst.req(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return cookieMap(res.headers.getSetCookie());
}

/** A fresh in-memory database object for `memoryAdapter`. */
export function memoryDb() {
  return { user: [], session: [], account: [], verification: [] };
}

/** A real `betterAuth()` instance on the memory adapter; `password` overrides hash/verify. */
export function makeAuth(ba, db, { password, maxPasswordLength } = {}) {
  return ba.betterAuth({
    database: ba.memoryAdapter(db),
    secret: SECRET,
    baseURL: BASE_URL,
    telemetry: { enabled: false },
    logger: { disabled: true },
    emailAndPassword: {
      enabled: true,
      ...(maxPasswordLength ? { maxPasswordLength } : {}),
      ...(password ? { password } : {}),
    },
  });
}

/** Better Auth's hash format computed with node:crypto directly (a third, independent witness). */
export function witnessHash(password, salt, { nfkc = true } = {}) {
  const key = scryptSync(nfkc ? password.normalize("NFKC") : password, salt, 64, {
    N: 16384,
    r: 16,
    p: 1,
    maxmem: 128 * 16384 * 16 * 2,
  });
  return `${salt}:${key.toString("hex")}`;
}

/**
 * The HMAC key scrypt's PBKDF2-HMAC-SHA256 really uses for a password, as Better Auth computes
 * it: UTF-8 (each lone surrogate becomes U+FFFD, as in Buffer and TextEncoder) of the NFKC form;
 * keys over 64 bytes are SHA-256'd first, shorter ones are zero-padded to 64 bytes. So "",
 * "\0" and "\0\0" are the same scrypt password (an HMAC property, in Better Auth too).
 */
export function scryptKeyBlock(password) {
  let bytes = Buffer.from(password.normalize("NFKC"), "utf8");
  if (bytes.length > 64) bytes = createHash("sha256").update(bytes).digest();
  const block = Buffer.alloc(64);
  bytes.copy(block);
  return block;
}

/** Whether Better Auth's scrypt cannot tell the two passwords apart. */
export function sameScryptInput(a, b) {
  return scryptKeyBlock(a).equals(scryptKeyBlock(b));
}

/** Readable, unambiguous rendering of a password for test names (invisible characters escaped). */
export function show(s, max = 48) {
  const esc = JSON.stringify(s).replace(
    /[\u007f-\u00a0\u00ad\u034f\u115f\u1160\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return esc.length > max ? `${esc.slice(0, max)}…" (${s.length} units)` : esc;
}

export function describeInput(s) {
  const cps = Array.from(s, (c) => c.codePointAt(0).toString(16).toUpperCase().padStart(4, "0"));
  return `${JSON.stringify(s)} [${s.length} UTF-16 units; U+${cps.slice(0, 40).join(" U+")}${cps.length > 40 ? " …" : ""}]`;
}

// ---------------------------------------------------------------------------------------------
// Seeded PRNG (mulberry32): deterministic by default, AUTHCORE_TEST_SEED=<int> to explore.

export const SEED = (() => {
  const env = process.env.AUTHCORE_TEST_SEED;
  if (env !== undefined && env !== "") {
    const n = Number(env);
    if (!Number.isInteger(n)) throw new Error(`AUTHCORE_TEST_SEED must be an integer, got ${env}`);
    return n >>> 0;
  }
  return 0x5eed1234;
})();

export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Code point pools for random passwords: weighted toward what NFKC and UTF-8 care about.
const POOLS = [
  [0x20, 0x7e], // ASCII printable
  [0x20, 0x7e],
  [0x00, 0x1f], // C0 controls
  [0xa0, 0x24f], // Latin-1 supplement (NBSP, ª, ², ¼ …) and Latin Extended
  [0x300, 0x36f], // combining diacritics
  [0x1100, 0x11ff], // Hangul conjoining jamo
  [0x3130, 0x318f], // Hangul compatibility jamo
  [0xac00, 0xd7a3], // Hangul syllables
  [0x4e00, 0x9fff], // CJK
  [0x2150, 0x218f], // number forms (½, Ⅻ, ⅷ)
  [0x2070, 0x209f], // superscripts, subscripts
  [0xfb00, 0xfb06], // Latin ligatures
  [0xfb50, 0xfdff], // Arabic presentation forms A
  [0xff01, 0xff5e], // fullwidth ASCII
  [0x3300, 0x33ff], // CJK compatibility squares
  [0x1d400, 0x1d7ff], // mathematical alphanumerics (astral, NFKC → ASCII/Greek)
  [0x1f300, 0x1faff], // emoji (astral)
  [0x1f3fb, 0x1f3ff], // skin-tone modifiers
  [0x200b, 0x200f], // zero-width and direction marks, ZWJ
  [0xfe00, 0xfe0f], // variation selectors
];

/** A random password of exactly `units` UTF-16 code units (never a lone surrogate). */
export function randomPassword(rand, units) {
  let s = "";
  while (s.length < units) {
    const [lo, hi] = POOLS[Math.floor(rand() * POOLS.length)];
    let cp = lo + Math.floor(rand() * (hi - lo + 1));
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    let c = String.fromCodePoint(cp);
    if (s.length + c.length > units) c = String.fromCharCode(0x21 + Math.floor(rand() * 94));
    s += c;
  }
  return s;
}

/** Repeat `unit` and pad with ASCII to exactly `n` UTF-16 code units. */
export function exactly(n, unit, pad = "x") {
  let s = "";
  while (s.length + unit.length <= n) s += unit;
  while (s.length < n) s += pad;
  return s;
}

// ---------------------------------------------------------------------------------------------
// The password corpus. `equiv`: other spellings that must verify (computed, not assumed: every
// candidate's expected result is sameScryptInput). `near`: look-alikes that must not.

function nfd(s) {
  return s.normalize("NFD");
}

const HANDPICKED = [
  // NFKC-sensitive
  { label: "fullwidth + circled digit", pw: "ｐａｓｓｗｏｒｄ①", equiv: ["password1"], near: ["ｐａｓｓｗｏｒｄ②", "password"] },
  { label: "ligatures ﬁ ﬂ ﬃ", pw: "ﬁnance ﬂow ﬃ", equiv: ["finance flow ffi"], near: ["ﬁnance ﬂow ﬀ"] },
  { label: "superscripts", pw: "x²+y³=z⁴", equiv: ["x2+y3=z4"], near: ["x²+y³=z⁵", "x²+y³=z⁴ "] },
  { label: "roman numerals Ⅻ Ⅳ ⅷ", pw: "Ⅻ Ⅳ ⅷ", equiv: ["XII IV viii"], near: ["Ⅺ Ⅳ ⅷ", "xii IV viii"] },
  { label: "composed é (NFC)", pw: "café-crème", equiv: [nfd("café-crème")], near: ["cafe-creme", "cafè-crème"] },
  { label: "decomposed é (NFD)", pw: "cafe\u0301-cre\u0300me", equiv: ["café-crème"], near: ["cafe-creme"] },
  { label: "Hangul syllables", pw: "한국어비밀번호", equiv: [nfd("한국어비밀번호")], near: ["한국어비밀번오"] },
  { label: "Hangul conjoining jamo", pw: "\u1112\u1161\u11ab\u1100\u1173\u11af", equiv: ["한글"], near: ["\u1112\u1161\u11ab\u1100\u1173\u11b0"] },
  { label: "Hangul compatibility jamo", pw: "ㅎㅏㄴㄱㅡㄹ", equiv: ["ㅎㅏㄴㄱㅡㄹ".normalize("NFKC")], near: ["ㅎㅏㄴㄱㅡㅁ"] },
  { label: "vector Ångström-ﬁ²Ⅻ (decomposed Å)", pw: "A\u030angstro\u0308m-ﬁ²Ⅻ", equiv: ["Ångström-fi2XII"], near: ["Angstrom-fi2XII"] },
  { label: "Kelvin, Ohm, Angstrom signs; Greek ϐϑ", pw: "\u212a\u2126\u212bϐϑΐ", equiv: ["KΩÅβθΐ"], near: ["kΩÅβθΐ", "KΩÅβθι"] },
  { label: "Arabic ligature ﷺ (NFKC ×18)", pw: "ﷺ salla", equiv: ["ﷺ salla".normalize("NFKC")], near: ["ﷻ salla"] },
  { label: "CJK squares ㍿ ㎏ ㌔", pw: "㍿㎏㌔", equiv: ["株式会社kgキロ"], near: ["㍿㎏㌕"] },
  { label: "fractions, long s, circled", pw: "½ ¼ ſ ẛ ⓐ⑴⒜", equiv: ["1⁄2 1⁄4 s ṡ a(1)(a)"], near: ["½ ¾ ſ ẛ ⓐ⑴⒜"] },
  { label: "math bold (astral → ASCII)", pw: "𝐩𝐚𝐬𝐬𝟏𝟐", equiv: ["pass12"], near: ["𝐩𝐚𝐬𝐬𝟏𝟑"] },
  { label: "Vietnamese stacked diacritics", pw: "Tiếng Việt mật khẩu", equiv: [nfd("Tiếng Việt mật khẩu")], near: ["Tieng Viet mat khau"] },
  { label: "combining marks in either order", pw: "a\u0302\u0323", equiv: ["a\u0323\u0302", "ậ"], near: ["a\u0302"] },
  // emoji
  { label: "emoji", pw: "😀🙃🔐", near: ["😀🙃🔑"] },
  { label: "ZWJ family", pw: "👨‍👩‍👧‍👦", near: ["👨👩👧👦", "👨‍👩‍👧‍👧"] },
  { label: "skin tones", pw: "👍🏽👋🏿", near: ["👍🏼👋🏿", "👍👋"] },
  { label: "ZWJ + skin tone", pw: "🧑🏾‍💻👩🏻‍❤️‍💋‍👨🏼", near: ["🧑🏾‍💻👩🏻‍❤️‍💋‍👨🏽"] },
  { label: "flags and keycaps", pw: "🇺🇦🇯🇵1️⃣#️⃣", near: ["🇺🇦🇯🇵1️⃣*️⃣"] },
  { label: "variation selector VS16", pw: "☺️pass", near: ["☺pass"] },
  // exactly 128 UTF-16 code units (Better Auth's default maxPasswordLength)
  { label: "128 × 'a'", pw: "a".repeat(128), near: ["a".repeat(127)] },
  { label: "64 × 😀 (128 units, astral)", pw: "😀".repeat(64) },
  { label: "126 ASCII + 🔐 (128 units)", pw: exactly(126, "p") + "🔐" },
  { label: "128 × ﬁ (NFKC → 256 chars)", pw: "ﬁ".repeat(128), near: ["ﬁ".repeat(127) + "ﬂ"] },
  { label: "64 × e+U+0301 (NFKC → 64 chars)", pw: "e\u0301".repeat(64), equiv: ["é".repeat(64)] },
  { label: "128 × ﷺ (NFKC → 2304 chars)", pw: "ﷺ".repeat(128) },
  { label: "mixed astral/BMP/NFKC to 128 units", pw: exactly(128, "𝐩é한ﬁ😀") },
  { label: "ZWJ families to 128 units", pw: exactly(128, "👨‍👩‍👧‍👦", "7") },
  { label: "127 ASCII + lone high surrogate (128 units)", pw: exactly(127, "q") + "\ud83d", equiv: [exactly(127, "q") + "\ufffd"] },
  // whitespace and control characters
  { label: "leading/trailing spaces", pw: "  spaced out  ", near: ["spaced out", "  spaced out "] },
  { label: "tab CR LF, line/paragraph separators", pw: "tab\there\nnew\r\nline\u2028sep\u2029", near: ["tab here\nnew\r\nline\u2028sep\u2029", "tab\there\nnew\nline\u2028sep\u2029"] },
  { label: "NUL inside", pw: "nul\u0000byte", near: ["nulbyte", "nul\u0001byte"] },
  // HMAC zero-pads short keys: "", "\0" and "\0\0" are one scrypt password in Better Auth.
  { label: "NUL alone (HMAC zero padding)", pw: "\u0000", equiv: ["\u0000\u0000", ""], near: ["\u0001"] },
  { label: "empty string", pw: "", equiv: ["\u0000"], near: [" "] },
  { label: "NBSP, ideographic space (NFKC → space)", pw: "no\u00a0break\u3000wide", equiv: ["no break wide"], near: ["nobreakwide"] },
  { label: "zero-width chars (NFKC keeps them)", pw: "zero\u200bwidth\u200d\ufeff", near: ["zerowidth"] },
  { label: "ESC sequences and DEL", pw: "\u001b[31mred\u001b[0m\u007f", near: ["\u001b[32mred\u001b[0m\u007f"] },
  // lone surrogates (UTF-8 encoding makes each one U+FFFD in Better Auth)
  { label: "lone high surrogate", pw: "\ud800", equiv: ["\ufffd", "\udfff"], near: ["\ufffd\ufffd"] },
  { label: "lone low surrogate inside", pw: "a\udc00b", equiv: ["a\ufffdb"], near: ["ab"] },
  { label: "reversed surrogate pair", pw: "\ude00\ud83d", equiv: ["\ufffd\ufffd"], near: ["😀"] },
  // the rest
  { label: "vector: correct horse battery staple", pw: "correct horse battery staple", near: ["Correct horse battery staple"] },
  { label: "colons in the password", pw: "pass:word:with:colons", near: ["pass:word:with:colon"] },
  { label: "quotes, backslashes, format strings", pw: "\\\"'`${}%s%n", near: ["\\\"'`${}%s%d"] },
  { label: "RTL text, bidi override, Devanagari", pw: "שלום\u202eabc नमस्ते", near: ["שלום abc नमस्ते"] },
  { label: "private use, noncharacters, U+10FFFF", pw: "\ue000\uffff\ufdd0\u{10ffff}", near: ["\ue001\uffff\ufdd0\u{10ffff}"] },
  { label: "Turkish dotted İ (no case folding)", pw: "İstanbul", near: ["istanbul", "Istanbul"] },
  { label: "case sensitive", pw: "Password123!", near: ["password123!", "PASSWORD123!"] },
];

/** Hand-picked inputs plus `randomCount` seeded random ones (lengths 1..128 units). */
export function passwordCorpus(randomCount = 8) {
  const rand = mulberry32(SEED);
  const random = [];
  for (let i = 0; i < randomCount; i++) {
    // Bias toward the boundary: a quarter are exactly 128 units.
    const units = i % 4 === 0 ? 128 : 1 + Math.floor(rand() * 128);
    random.push({ label: `random #${i} (seed ${SEED})`, pw: randomPassword(rand, units) });
  }
  return [...HANDPICKED, ...random].map((e) => ({ equiv: [], near: [], ...e }));
}

/**
 * A wrong password one character away: the middle code point replaced by an ASCII letter, chosen
 * so that the scrypt input really differs (a replacement could be NFKC-equal to the original).
 */
export function oneCharChanged(pw) {
  const cps = Array.from(pw);
  if (cps.length === 0) return "x";
  const i = Math.floor(cps.length / 2);
  for (const r of ["x", "y", "Z", "0", "#"]) {
    if (r === cps[i]) continue;
    const copy = cps.slice();
    copy[i] = r;
    const candidate = copy.join("");
    if (!sameScryptInput(candidate, pw)) return candidate;
  }
  throw new Error(`could not mutate ${describeInput(pw)}`);
}

/** A salt hex string from a hash `salt:key`. */
export function saltOf(hash) {
  return hash.slice(0, hash.indexOf(":"));
}

/** Run `fn` on every item with at most `limit` running at once; results in order. */
export async function mapLimit(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Settle a sync or async call to { ok, value } | { ok: false, error } for comparisons. */
export async function settle(fn) {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    return { ok: false, error };
  }
}

export function showOutcome(o) {
  if (o.ok) return `returned ${JSON.stringify(o.value)}`;
  const e = o.error;
  return `threw ${e?.constructor?.name ?? typeof e}${e?.code ? ` ${e.code}` : ""}: ${e?.message ?? String(e)}`;
}
