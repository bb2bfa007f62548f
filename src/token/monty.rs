//! Montgomery arithmetic for the RSA *public* operation (`s^e mod n`, public
//! `s`, `e` and `n`, so variable time is fine). crypto-bigint has a dedicated squaring only for
//! a few 64-bit-limb widths; RSA-2048 in WASM (32-bit limbs, 64 of them) falls back to a general
//! multiplication. A square costs ~1.5·k² limb products here against 2·k² for a multiplication,
//! and `e = 65537` is 16 squarings and one multiplication, so this is about a quarter faster.
//!
//! Limbs are little-endian `u32` (WASM) or `u64` (64-bit native targets, about three times as
//! fast there); `R = 2^(8·len)` for byte strings of `len` bytes, the same `R` crypto-bigint uses
//! for that precision, so its Montgomery form can be passed in directly.

macro_rules! montgomery {
    ($name:ident, $l:ty, $w:ty, $sw:ty) => {
        /// Montgomery arithmetic on one limb width.
        mod $name {
            type L = $l;
            type W = $w;
            type SW = $sw;
            const BITS: u32 = L::BITS;

            /// `-n⁻¹ mod 2^BITS` for odd `n0` (Newton's iteration: each step doubles the correct bits;
            /// six steps reach 64).
            fn neg_inv(n0: L) -> L {
                let mut inv: L = 1;
                for _ in 0..6 {
                    inv = inv.wrapping_mul((2 as L).wrapping_sub(n0.wrapping_mul(inv)));
                }
                inv.wrapping_neg()
            }

            /// Montgomery reduction of `t` (2k+1 limbs, value < n·R) into `out` (k limbs): `t·R⁻¹ mod n`.
            fn reduce(t: &mut [L], n: &[L], n0inv: L, out: &mut [L]) {
                let k = n.len();
                for i in 0..k {
                    let m = t[i].wrapping_mul(n0inv);
                    let mut carry: W = 0;
                    for (tj, nj) in t[i..i + k].iter_mut().zip(n) {
                        let s = W::from(*tj) + W::from(m) * W::from(*nj) + carry;
                        *tj = s as L;
                        carry = s >> BITS;
                    }
                    let mut idx = i + k;
                    while carry != 0 && idx < t.len() {
                        let s = W::from(t[idx]) + carry;
                        t[idx] = s as L;
                        carry = s >> BITS;
                        idx += 1;
                    }
                }
                // The result t[k..=2k] is below 2n: subtract n once if it is ≥ n.
                let top = t[2 * k];
                let hi = &t[k..2 * k];
                if top != 0 || !less_than(hi, n) {
                    let mut borrow: SW = 0;
                    for ((o, h), nj) in out.iter_mut().zip(hi).zip(n) {
                        let d = SW::from(*h) - SW::from(*nj) + borrow;
                        *o = d as L;
                        borrow = d >> BITS;
                    }
                } else {
                    out.copy_from_slice(hi);
                }
            }

            /// `a < b` for equal-length little-endian limb slices.
            fn less_than(a: &[L], b: &[L]) -> bool {
                for (x, y) in a.iter().rev().zip(b.iter().rev()) {
                    if x != y {
                        return x < y;
                    }
                }
                false
            }

            /// `out = a·b·R⁻¹ mod n`.
            fn mul(a: &[L], b: &[L], n: &[L], n0inv: L, t: &mut [L], out: &mut [L]) {
                let k = n.len();
                t.fill(0);
                for (i, &ai) in a.iter().enumerate() {
                    let mut carry: W = 0;
                    for (tj, &bj) in t[i..i + k].iter_mut().zip(b) {
                        let s = W::from(*tj) + W::from(ai) * W::from(bj) + carry;
                        *tj = s as L;
                        carry = s >> BITS;
                    }
                    t[i + k] = carry as L;
                }
                reduce(t, n, n0inv, out);
            }

            /// `out = a²·R⁻¹ mod n`: the off-diagonal products once, doubled, plus the diagonal.
            fn square(a: &[L], n: &[L], n0inv: L, t: &mut [L], out: &mut [L]) {
                let k = n.len();
                t.fill(0);
                for i in 0..k {
                    let ai = W::from(a[i]);
                    let mut carry: W = 0;
                    for (tj, &aj) in t[2 * i + 1..i + k].iter_mut().zip(&a[i + 1..]) {
                        let s = W::from(*tj) + ai * W::from(aj) + carry;
                        *tj = s as L;
                        carry = s >> BITS;
                    }
                    t[i + k] = carry as L;
                }
                // Double (the top bit of t[2k-1] moves into t[2k], which is 0 at the end since a² < R²).
                let mut hi_bit: L = 0;
                for x in t[..2 * k].iter_mut() {
                    let nx = (*x << 1) | hi_bit;
                    hi_bit = *x >> (BITS - 1);
                    *x = nx;
                }
                // Add the diagonal a[i]² at limb 2i.
                let mut carry: W = 0;
                for i in 0..k {
                    let sq = W::from(a[i]) * W::from(a[i]);
                    let lo = W::from(t[2 * i]) + W::from(sq as L) + carry;
                    t[2 * i] = lo as L;
                    let hi = W::from(t[2 * i + 1]) + (sq >> BITS) + (lo >> BITS);
                    t[2 * i + 1] = hi as L;
                    carry = hi >> BITS;
                }
                t[2 * k] = hi_bit + carry as L;
                reduce(t, n, n0inv, out);
            }

            /// `base^e mod n` (see [`super::pow_public_le`]) on limbs of this width.
            pub(super) fn pow_public(
                base_mont: &[L],
                n: &[L],
                e_bits_msb_first: &[bool],
            ) -> Vec<L> {
                let k = n.len();
                let n0inv = neg_inv(n.first().copied().unwrap_or(1));
                let mut t = vec![0 as L; 2 * k + 1];
                let mut x = base_mont.to_vec();
                let mut y = vec![0 as L; k];
                for &bit in e_bits_msb_first.iter().skip(1) {
                    square(&x, n, n0inv, &mut t, &mut y);
                    std::mem::swap(&mut x, &mut y);
                    if bit {
                        mul(&x, base_mont, n, n0inv, &mut t, &mut y);
                        std::mem::swap(&mut x, &mut y);
                    }
                }
                // Out of Montgomery form: x·R⁻¹.
                t.fill(0);
                t[..k].copy_from_slice(&x);
                reduce(&mut t, n, n0inv, &mut y);
                y
            }

            /// Little-endian bytes (a multiple of the limb size long) → little-endian limbs.
            pub(super) fn limbs_le(bytes: &[u8]) -> Vec<L> {
                const N: usize = (L::BITS / 8) as usize;
                bytes
                    .chunks(N)
                    .map(|c| {
                        let mut w = [0u8; N];
                        w[..c.len()].copy_from_slice(c);
                        L::from_le_bytes(w)
                    })
                    .collect()
            }

            /// Little-endian limbs → little-endian bytes.
            pub(super) fn bytes_le(limbs: &[L]) -> Vec<u8> {
                limbs.iter().flat_map(|l| l.to_le_bytes()).collect()
            }
        }
    };
}

montgomery!(m32, u32, u64, i64);
montgomery!(m64, u64, u128, i128);

/// `base^e mod n` for the RSA public operation, on little-endian byte strings of equal length
/// (crypto-bigint's `to_le_bytes`): `base_mont_le` is `base·R mod n` with `R = 2^(8·len)`, the
/// `R` crypto-bigint uses for that precision, `e` is given by its bits (most significant first,
/// the leading bit set). Returns the plain result, fully reduced, as `len` little-endian bytes.
/// `n` must be odd and `base < n`.
///
/// `R` depends only on the byte length, so any limb width that divides it computes the same
/// value: 64-bit limbs (a 64×64→128 multiply) where the length allows and the target has one,
/// 32-bit limbs in WASM, where 128-bit products are emulated.
pub(crate) fn pow_public_le(
    base_mont_le: &[u8],
    n_le: &[u8],
    e_bits_msb_first: &[bool],
) -> Vec<u8> {
    if cfg!(target_pointer_width = "64") && n_le.len().is_multiple_of(8) {
        m64::bytes_le(&m64::pow_public(
            &m64::limbs_le(base_mont_le),
            &m64::limbs_le(n_le),
            e_bits_msb_first,
        ))
    } else {
        m32::bytes_le(&m32::pow_public(
            &m32::limbs_le(base_mont_le),
            &m32::limbs_le(n_le),
            e_bits_msb_first,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crypto_bigint::modular::{BoxedMontyForm, BoxedMontyParams};
    use crypto_bigint::{BoxedUint, Odd};

    /// Compare with crypto-bigint's own exponentiation for random odd moduli and exponents.
    #[test]
    fn agrees_with_crypto_bigint() {
        let mut seed = 0x1234_5678_9abc_def0u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for &bits in &[64u32, 256, 1024, 2048, 2080] {
            for _ in 0..6 {
                let bytes: Vec<u8> = (0..bits / 8).map(|_| next() as u8).collect();
                let mut nb = bytes.clone();
                nb[0] |= 0x80; // full width
                let last = nb.len() - 1;
                nb[last] |= 1; // odd
                let n = BoxedUint::from_be_slice(&nb, bits).unwrap();
                let params = BoxedMontyParams::new_vartime(Odd::new(n.clone()).unwrap());
                let sb: Vec<u8> = (0..bits / 8).map(|_| next() as u8).collect();
                let s = BoxedUint::from_be_slice(&sb, bits).unwrap() % n.to_nz().unwrap();
                for e in [3u64, 65537, (next() >> 31) | 1] {
                    let mont = BoxedMontyForm::new(s.clone(), &params);
                    let want = mont
                        .pow(&BoxedUint::from_be_slice(&e.to_be_bytes(), 64).unwrap())
                        .retrieve();
                    let ebits: Vec<bool> = (0..64 - e.leading_zeros())
                        .rev()
                        .map(|i| e >> i & 1 == 1)
                        .collect();
                    let (b, m) = (mont.as_montgomery().to_le_bytes(), n.to_le_bytes());
                    let want = want.to_le_bytes().to_vec();
                    assert_eq!(pow_public_le(&b, &m, &ebits), want, "bits {bits} e {e}");
                    // Both limb widths, whichever the target picks.
                    let narrow = m32::pow_public(&m32::limbs_le(&b), &m32::limbs_le(&m), &ebits);
                    assert_eq!(
                        m32::bytes_le(&narrow),
                        want,
                        "32-bit limbs, bits {bits} e {e}"
                    );
                    if m.len().is_multiple_of(8) {
                        let wide = m64::pow_public(&m64::limbs_le(&b), &m64::limbs_le(&m), &ebits);
                        assert_eq!(
                            m64::bytes_le(&wide),
                            want,
                            "64-bit limbs, bits {bits} e {e}"
                        );
                    }
                }
            }
        }
    }
}
