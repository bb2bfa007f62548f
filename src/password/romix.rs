//! scrypt (RFC 7914) for the WASM builds, shaped for V8's tiering (issue 17, start-up).
//!
//! V8 runs a new WASM function in its baseline compiler (Liftoff) and compiles hot functions
//! with TurboFan in the background, but it has no on-stack replacement for WASM: a call already
//! running stays in baseline code until it returns. The `scrypt` crate's ROMix is one function
//! (its BlockMix/Salsa20/8 is inlined into it by LTO) that runs for the whole hash, so a
//! process's first hash ran entirely in Liftoff, about 2x slower than the next one. Here ROMix
//! calls [`block_mix`] (never inlined) 2·N times per hash: it is hot after a few hundred calls,
//! V8 tiers it up, and the rest of the first hash runs the optimised code.
//!
//! BlockMix is the `scrypt` crate's own SIMD128 code (0.12, `block_mix/simd128.rs`, MIT OR
//! Apache-2.0, RustCrypto), on the same diagonal word order (`shuffle_in`/`shuffle_out`); PBKDF2
//! is the `pbkdf2` crate. Native builds keep calling `scrypt::scrypt` (no tiering there): the
//! tests below check this ROMix against it with the portable BlockMix, and tests/passwords.rs
//! runs the RFC 7914 and Better Auth vectors through the WASM build (`wasm-pack test --node`,
//! and the JS suites against real Better Auth).

use pbkdf2::pbkdf2_hmac;
use sha2::Sha256;
use zeroize::Zeroize;

/// scrypt with validated parameters (`n` a power of two > 1, `r`, `p` > 0, memory and work
/// under the caller's ceilings, `out` non-empty).
pub(super) fn scrypt(password: &[u8], salt: &[u8], n: usize, r: usize, p: usize, out: &mut [u8]) {
    let r128 = r * 128;
    let mut b = vec![0u8; p * r128];
    pbkdf2_hmac::<Sha256>(password, salt, 1, &mut b);
    let mut v = vec![0u8; n * r128];
    let mut t = vec![0u8; r128];
    for chunk in b.chunks_mut(r128) {
        ro_mix(chunk, &mut v, &mut t, n);
    }
    pbkdf2_hmac::<Sha256>(password, &b, 1, out);
    b.zeroize();
    t.zeroize();
}

/// ROMix (RFC 7914 §5) in place on `b` (128·r bytes), with `v` (N·128·r) and `t` (128·r).
fn ro_mix(b: &mut [u8], v: &mut [u8], t: &mut [u8], n: usize) {
    let len = b.len();
    block::shuffle_in(b);
    for chunk in v.chunks_mut(len) {
        chunk.copy_from_slice(b);
        block::block_mix(chunk, b);
    }
    for _ in 0..n {
        // Integerify: the first word of the last 64-byte block (word 0 is in place after the
        // shuffle), mod N.
        let at = len - 64;
        let j = u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]) as usize & (n - 1);
        for ((o, x), y) in t.iter_mut().zip(b.iter()).zip(&v[j * len..(j + 1) * len]) {
            *o = x ^ y;
        }
        block::block_mix(t, b);
    }
    block::shuffle_out(b);
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
use simd128 as block;
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
use soft as block;

/// Salsa20 words in diagonal order (the `scrypt` crate's `PIVOT_ABCD`), so that each SIMD row
/// holds one diagonal.
#[cfg(any(test, all(target_arch = "wasm32", target_feature = "simd128")))]
const PIVOT: [usize; 16] = [0, 5, 10, 15, 4, 9, 14, 3, 8, 13, 2, 7, 12, 1, 6, 11];

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd128 {
    use super::PIVOT;
    use core::arch::wasm32::*;

    pub(super) fn shuffle_in(b: &mut [u8]) {
        super::shuffle(b, |t, i| t[PIVOT[i]]);
    }

    pub(super) fn shuffle_out(b: &mut [u8]) {
        super::shuffle(b, |t, i| t[PIVOT.iter().position(|&p| p == i).unwrap_or(0)]);
    }

    /// BlockMix_{Salsa20/8, r} (RFC 7914 §4) from `input` to `output`, on shuffled blocks.
    /// Never inlined: see the module comment.
    #[inline(never)]
    pub(super) fn block_mix(input: &[u8], output: &mut [u8]) {
        macro_rules! rol {
            ($w:expr, $amt:literal) => {{
                let w = $w;
                v128_or(u32x4_shl(w, $amt), u32x4_shr(w, 32 - $amt))
            }};
        }
        assert!(input.len().is_multiple_of(128) && output.len() == input.len());
        let [mut a, mut b, mut c, mut d] = load(&input[input.len() - 64..]);
        for (i, chunk) in input.chunks_exact(64).enumerate() {
            let [ca, cb, cc, cd] = load(chunk);
            a = v128_xor(a, ca);
            b = v128_xor(b, cb);
            c = v128_xor(c, cc);
            d = v128_xor(d, cd);
            let saves = [a, b, c, d];
            // Eight rounds; swapping b and d turns the column round into the row round.
            for _ in 0..8 {
                b = v128_xor(b, rol!(u32x4_add(a, d), 7));
                c = v128_xor(c, rol!(u32x4_add(b, a), 9));
                d = v128_xor(d, rol!(u32x4_add(c, b), 13));
                a = v128_xor(a, rol!(u32x4_add(d, c), 18));
                d = i32x4_shuffle::<1, 2, 3, 0>(d, d);
                c = i32x4_shuffle::<2, 3, 0, 1>(c, c);
                b = i32x4_shuffle::<3, 0, 1, 2>(b, b);
                (b, d) = (d, b);
            }
            a = u32x4_add(a, saves[0]);
            b = u32x4_add(b, saves[1]);
            c = u32x4_add(c, saves[2]);
            d = u32x4_add(d, saves[3]);
            let pos = if i % 2 == 0 {
                (i / 2) * 64
            } else {
                (i / 2) * 64 + input.len() / 2
            };
            store([a, b, c, d], &mut output[pos..pos + 64]);
        }
    }

    /// A 64-byte block as four rows of little-endian words (without `unsafe`: LLVM turns the
    /// word reads into `v128.load`s).
    #[inline(always)]
    fn load(block: &[u8]) -> [v128; 4] {
        [
            row(&block[..16]),
            row(&block[16..32]),
            row(&block[32..48]),
            row(&block[48..64]),
        ]
    }

    #[inline(always)]
    fn row(b: &[u8]) -> v128 {
        u32x4(
            u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
            u32::from_le_bytes([b[4], b[5], b[6], b[7]]),
            u32::from_le_bytes([b[8], b[9], b[10], b[11]]),
            u32::from_le_bytes([b[12], b[13], b[14], b[15]]),
        )
    }

    #[inline(always)]
    fn store(rows: [v128; 4], block: &mut [u8]) {
        for (r, row) in rows.into_iter().enumerate() {
            let words = [
                u32x4_extract_lane::<0>(row),
                u32x4_extract_lane::<1>(row),
                u32x4_extract_lane::<2>(row),
                u32x4_extract_lane::<3>(row),
            ];
            for (k, w) in words.into_iter().enumerate() {
                block[16 * r + 4 * k..16 * r + 4 * k + 4].copy_from_slice(&w.to_le_bytes());
            }
        }
    }
}

/// Rewrite each 64-byte block's sixteen little-endian words as `pick(words, i)` for word `i`.
#[cfg(any(test, all(target_arch = "wasm32", target_feature = "simd128")))]
fn shuffle(b: &mut [u8], pick: impl Fn(&[u32; 16], usize) -> u32) {
    for chunk in b.chunks_exact_mut(64) {
        let mut t = [0u32; 16];
        for (w, c) in t.iter_mut().zip(chunk.chunks_exact(4)) {
            *w = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        }
        for (i, c) in chunk.chunks_exact_mut(4).enumerate() {
            c.copy_from_slice(&pick(&t, i).to_le_bytes());
        }
    }
}

/// The portable BlockMix (RFC 7914 §4 with Salsa20/8 from the `salsa20` crate), words in
/// natural order: what the tests run natively.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod soft {
    pub(super) fn shuffle_in(_: &mut [u8]) {}
    pub(super) fn shuffle_out(_: &mut [u8]) {}

    #[inline(never)]
    pub(super) fn block_mix(input: &[u8], output: &mut [u8]) {
        let mut x = [0u32; 16];
        for (w, c) in x.iter_mut().zip(input[input.len() - 64..].chunks_exact(4)) {
            *w = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        }
        for (i, chunk) in input.chunks_exact(64).enumerate() {
            for (w, c) in x.iter_mut().zip(chunk.chunks_exact(4)) {
                *w ^= u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
            }
            salsa20_8(&mut x);
            let pos = if i % 2 == 0 {
                (i / 2) * 64
            } else {
                (i / 2) * 64 + input.len() / 2
            };
            for (w, o) in x.iter().zip(output[pos..pos + 64].chunks_exact_mut(4)) {
                o.copy_from_slice(&w.to_le_bytes());
            }
        }
    }

    /// Salsa20/8 core (RFC 7914 §3) in place.
    fn salsa20_8(b: &mut [u32; 16]) {
        let mut x = *b;
        let qr = |x: &mut [u32; 16], a: usize, b: usize, c: usize, d: usize| {
            x[b] ^= x[a].wrapping_add(x[d]).rotate_left(7);
            x[c] ^= x[b].wrapping_add(x[a]).rotate_left(9);
            x[d] ^= x[c].wrapping_add(x[b]).rotate_left(13);
            x[a] ^= x[d].wrapping_add(x[c]).rotate_left(18);
        };
        for _ in 0..4 {
            qr(&mut x, 0, 4, 8, 12);
            qr(&mut x, 5, 9, 13, 1);
            qr(&mut x, 10, 14, 2, 6);
            qr(&mut x, 15, 3, 7, 11);
            qr(&mut x, 0, 1, 2, 3);
            qr(&mut x, 5, 6, 7, 4);
            qr(&mut x, 10, 11, 8, 9);
            qr(&mut x, 15, 12, 13, 14);
        }
        for (o, i) in b.iter_mut().zip(x) {
            *o = o.wrapping_add(i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// This ROMix (with the portable BlockMix natively) against the `scrypt` crate, over
    /// parameters and inputs the RFC vectors do not reach (r up to 5, p up to 3, odd lengths).
    #[test]
    fn matches_the_scrypt_crate() {
        let mut seed = 0x9e37_79b9u32;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed
        };
        for log_n in 1..=8u8 {
            for r in 1..=5usize {
                for p in 1..=3usize {
                    let pw: Vec<u8> = (0..next() % 40).map(|_| next() as u8).collect();
                    let salt: Vec<u8> = (0..next() % 40).map(|_| next() as u8).collect();
                    let len = 1 + (next() % 100) as usize;
                    let mut ours = vec![0u8; len];
                    scrypt(&pw, &salt, 1 << log_n, r, p, &mut ours);
                    let mut theirs = vec![0u8; len];
                    let params = scrypt::Params::new(log_n, r as u32, p as u32).unwrap();
                    scrypt::scrypt(&pw, &salt, &params, &mut theirs).unwrap();
                    assert_eq!(ours, theirs, "log_n={log_n} r={r} p={p}");
                }
            }
        }
    }

    /// The diagonal order and its inverse (what the SIMD BlockMix relies on).
    #[test]
    fn shuffle_round_trips() {
        let mut b: Vec<u8> = (0..128u8).collect();
        let orig = b.clone();
        shuffle(&mut b, |t, i| t[PIVOT[i]]);
        assert_ne!(b, orig);
        shuffle(&mut b, |t, i| {
            t[PIVOT.iter().position(|&p| p == i).unwrap_or(0)]
        });
        assert_eq!(b, orig);
    }
}
