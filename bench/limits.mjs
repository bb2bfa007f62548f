// Worst cases at the limits (docs/limits.md gives these figures), each with a peer in the same
// process where one exists, printed as times and ratios:
//
//   node bench/limits.mjs            (after scripts/build-pkg.sh + scripts/install-pkg.sh)
//
// 1. A 512 KiB Cookie header of repeated names (the duplicate-name check was a linear scan per
//    part: 433 ms per readSessionToken): authcore vs better-call's parseCookies.
// 2. The doctor on a ZIP at the 100,000-entry limit (entry lookups scanned every entry: about a
//    minute): diagnoseExport (WASM) and, when target/release/authcore exists, the native CLI.
// 3. Each legacy password format at its cost ceiling (one verification each): authcore (WASM)
//    vs node:crypto / bcryptjs / hash-wasm where they implement the format.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pbkdf2Sync, scryptSync } from "node:crypto";
import { Buffer } from "node:buffer";
import { parseCookies } from "better-call";
import bcrypt from "bcryptjs";
import { argon2id } from "hash-wasm";
import { readSessionToken, signSessionToken, verifyPasswordSync } from "authcore";
import { diagnoseExport } from "authcore/doctor";

const ms = (f) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(2));
function row(name, a, b, peer) {
  console.log(`${name.padEnd(58)} authcore ${fmt(a).padStart(8)} ms   ${peer ? `${peer} ${fmt(b).padStart(8)} ms   ratio ${(a / b).toFixed(2)}` : ""}`);
}

// ---- 1. cookie header ----
{
  const SECRET = "bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
  const signed = signSessionToken("tok", SECRET);
  // 1000 distinct names (the MAX_COOKIES limit), then repeats of them up to 512 KiB.
  const distinct = Array.from({ length: 999 }, (_, i) => `c${i}=v`);
  let header = `better-auth.session_token=${signed}; ${distinct.join("; ")}`;
  const filler = "; c1=v";
  header += filler.repeat(Math.floor((512 * 1024 - header.length) / filler.length));
  const a = median(Array.from({ length: 7 }, () => ms(() => readSessionToken(header, { secret: SECRET }))));
  const b = median(Array.from({ length: 7 }, () => ms(() => parseCookies(header))));
  row(`readSessionToken, 512 KiB header (${header.split(";").length} parts)`, a, b, "better-call parseCookies");
}

// ---- 2. doctor at the entry limit ----
{
  // A stored ZIP of 100,000 entries: _tables plus empty tables across components.
  const names = ["_tables/documents.jsonl"];
  for (let i = 0; names.length < 100_000; i++) names.push(`_components/c${i >> 4}/t${i & 15}/documents.jsonl`);
  const zip = storedZip(names.map((n) => [n, Buffer.alloc(0)]));
  const a = ms(() => diagnoseExport(zip));
  const dir = mkdtempSync(join(tmpdir(), "authcore-limits-"));
  const path = join(dir, "entries.zip");
  writeFileSync(path, zip);
  const native = new URL("../target/release/authcore", import.meta.url).pathname;
  let b;
  if (existsSync(native)) {
    const t = performance.now();
    try {
      execFileSync(native, ["doctor", path], { stdio: "ignore" });
    } catch {
      // exit 1: findings (no Better Auth component); the time is what matters
    }
    b = performance.now() - t;
  }
  row("doctor, ZIP of 100,000 entries (WASM vs native CLI)", a, b, b === undefined ? null : "native CLI");
}

// ---- 3. legacy formats at their ceilings ----
{
  const pw = "correct horse battery staple";
  const salt = Buffer.from("0123456789abcdef");
  const cases = [];
  // PBKDF2: MAX_PBKDF2_WORK = 2,000,000 HMAC iterations (one block at the iteration ceiling).
  const k256 = pbkdf2Sync(pw, "salt", 2_000_000, 32, "sha256").toString("base64");
  cases.push(["pbkdf2_sha256, 2,000,000 iterations, 32-byte key", `pbkdf2_sha256$2000000$salt$${k256}`, () => pbkdf2Sync(pw, "salt", 2_000_000, 32, "sha256"), "node:crypto"]);
  const k1 = pbkdf2Sync(pw, "salt", 1_000_000, 40, "sha1").toString("base64");
  cases.push(["pbkdf2_sha1, 1,000,000 iterations × 2 blocks (40-byte key)", `pbkdf2_sha1$1000000$salt$${k1}`, () => pbkdf2Sync(pw, "salt", 1_000_000, 40, "sha1"), "node:crypto"]);
  // scrypt PHC at MAX_SCRYPT_WORK (N·r·p = 2^20) and MAX_SCRYPT_MEMORY (64 MiB): N=2^16, r=8, p=2.
  const sk = scryptSync(pw, salt, 32, { N: 1 << 16, r: 8, p: 2, maxmem: 256 << 20 });
  const b64 = (b) => Buffer.from(b).toString("base64").replace(/=+$/, "");
  cases.push(["scrypt PHC, ln=16 r=8 p=2 (64 MiB, work 2^20)", `$scrypt$ln=16,r=8,p=2$${b64(salt)}$${b64(sk)}`, () => scryptSync(pw, salt, 32, { N: 1 << 16, r: 8, p: 2, maxmem: 256 << 20 }), "node:crypto"]);
  // bcrypt at MAX_BCRYPT_COST = 13.
  const bc = bcrypt.hashSync(pw, 13);
  cases.push(["bcrypt, cost 13", bc, () => bcrypt.compareSync(pw, bc), "bcryptjs"]);
  // Argon2id at MAX_ARGON2_MEMORY_KIB × 4 passes (MAX_ARGON2_WORK_KIB), 1 lane.
  const a2 = await argon2id({ password: pw, salt, parallelism: 1, iterations: 4, memorySize: 65536, hashLength: 32, outputType: "encoded" });
  let a2peer = 0;
  {
    const t = performance.now();
    await argon2id({ password: pw, salt, parallelism: 1, iterations: 4, memorySize: 65536, hashLength: 32, outputType: "encoded" });
    a2peer = performance.now() - t;
  }
  cases.push(["argon2id, m=65536 KiB, t=4, p=1", a2, null, "hash-wasm", a2peer]);
  for (const [name, hash, peer, peerName, peerMs] of cases) {
    let ok;
    const a = ms(() => {
      ok = verifyPasswordSync({ hash, password: pw }, { legacy: true });
    });
    if (ok !== true) throw new Error(`${name}: did not verify`);
    row(name, a, peer ? ms(peer) : peerMs, peerName);
  }
}

/** A ZIP of stored entries ([name, bytes]). */
function storedZip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const n = Buffer.from(name);
    const l = Buffer.alloc(30);
    l.writeUInt32LE(0x04034b50, 0);
    l.writeUInt16LE(20, 4);
    l.writeUInt16LE(n.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(n.length, 28);
    c.writeUInt32LE(offset, 42);
    locals.push(l, n, data);
    centrals.push(c, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  // More than 65,535 entries: ZIP64 end of central directory record and locator.
  const z64 = Buffer.alloc(56);
  z64.writeUInt32LE(0x06064b50, 0);
  z64.writeBigUInt64LE(44n, 4);
  z64.writeUInt16LE(45, 12);
  z64.writeUInt16LE(45, 14);
  z64.writeBigUInt64LE(BigInt(entries.length), 24);
  z64.writeBigUInt64LE(BigInt(entries.length), 32);
  z64.writeBigUInt64LE(BigInt(cd.length), 40);
  z64.writeBigUInt64LE(BigInt(offset), 48);
  const loc = Buffer.alloc(20);
  loc.writeUInt32LE(0x07064b50, 0);
  loc.writeBigUInt64LE(BigInt(offset + cd.length), 8);
  loc.writeUInt32LE(1, 16);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0xffff, 8);
  end.writeUInt16LE(0xffff, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, z64, loc, end]);
}
