//! Montgomery arithmetic for the RSA *public* operation (`s^e mod n`, public
//! `s`, `e` and `n`, so variable time is fine): the whole of RS*/PS* verification's big-number
//! code, so the request-path WASM links neither the `rsa` crate nor crypto-bigint's boxed
//! integers (issue 17). A square costs ~1.5·k² limb products here against 2·k² for a
//! multiplication, and `e = 65537` is 16 squarings and one multiplication.
//!
//! Limbs are little-endian `u32` (WASM) or `u64` (64-bit native targets, about three times as
//! fast there); `R = 2^(8·len)` for byte strings of `len` bytes. The tests compare every
//! result with crypto-bigint's exponentiation.

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

            /// `x^e` in Montgomery form (`x` and the result are Montgomery residues).
            fn pow_mont(
                x0: &[L],
                n: &[L],
                n0inv: L,
                e_bits_msb_first: &[bool],
                t: &mut [L],
            ) -> Vec<L> {
                let mut x = x0.to_vec();
                let mut y = vec![0 as L; n.len()];
                for &bit in e_bits_msb_first.iter().skip(1) {
                    square(&x, n, n0inv, t, &mut y);
                    std::mem::swap(&mut x, &mut y);
                    if bit {
                        mul(&x, x0, n, n0inv, t, &mut y);
                        std::mem::swap(&mut x, &mut y);
                    }
                }
                x
            }

            /// `x = 2x mod n` for `x < n`.
            fn double_mod(x: &mut [L], n: &[L]) {
                let mut hi_bit: L = 0;
                for xi in x.iter_mut() {
                    let nx = (*xi << 1) | hi_bit;
                    hi_bit = *xi >> (BITS - 1);
                    *xi = nx;
                }
                if hi_bit != 0 || !less_than(x, n) {
                    let mut borrow: SW = 0;
                    for (xi, nj) in x.iter_mut().zip(n) {
                        let d = SW::from(*xi) - SW::from(*nj) + borrow;
                        *xi = d as L;
                        borrow = d >> BITS;
                    }
                }
            }

            /// `R² mod n` with `R = 2^(BITS·k)`: `2^(bits(n)-1)` doubled up to `2R mod n` (the
            /// Montgomery form of 2), then raised to the power `BITS·k` in Montgomery form, which
            /// is the Montgomery form of `R`, i.e. `R² mod n`. `n` must be odd and above 2.
            pub(super) fn r2(n: &[L]) -> Vec<L> {
                let k = n.len();
                let n0inv = neg_inv(n.first().copied().unwrap_or(1));
                let top = (0..k).rev().find(|&i| n[i] != 0).unwrap_or(0);
                let bits = top * BITS as usize + (BITS - n[top].leading_zeros()) as usize;
                let mut x = vec![0 as L; k];
                let b = bits.saturating_sub(1);
                x[b / BITS as usize] = (1 as L) << (b % BITS as usize);
                for _ in 0..(BITS as usize * k + 1 - b) {
                    double_mod(&mut x, n);
                }
                let e = BITS as usize * k;
                let e_bits: Vec<bool> = (0..usize::BITS - e.leading_zeros())
                    .rev()
                    .map(|i| e >> i & 1 == 1)
                    .collect();
                let mut t = vec![0 as L; 2 * k + 1];
                pow_mont(&x, n, n0inv, &e_bits, &mut t)
            }

            /// `base^e mod n` (see [`super::pow_public_le`]) on limbs of this width.
            pub(super) fn pow_public(
                base: &[L],
                r2: &[L],
                n: &[L],
                e_bits_msb_first: &[bool],
            ) -> Vec<L> {
                let k = n.len();
                let n0inv = neg_inv(n.first().copied().unwrap_or(1));
                let mut t = vec![0 as L; 2 * k + 1];
                // Into Montgomery form: base·R²·R⁻¹ = base·R.
                let mut base_mont = vec![0 as L; k];
                mul(base, r2, n, n0inv, &mut t, &mut base_mont);
                let x = pow_mont(&base_mont, n, n0inv, e_bits_msb_first, &mut t);
                // Out of Montgomery form: x·R⁻¹.
                let mut y = vec![0 as L; k];
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

/// Whether the 64-bit limbs are used for a modulus of `len` bytes.
fn wide(len: usize) -> bool {
    cfg!(target_pointer_width = "64") && len.is_multiple_of(8)
}

/// `R² mod n` for [`pow_public_le`], with `R = 2^(8·len)` for the `len` little-endian bytes of
/// `n` (odd, above 2). Computed once per key.
pub(crate) fn r2_le(n_le: &[u8]) -> Vec<u8> {
    if wide(n_le.len()) {
        m64::bytes_le(&m64::r2(&m64::limbs_le(n_le)))
    } else {
        m32::bytes_le(&m32::r2(&m32::limbs_le(n_le)))
    }
}

/// `base^e mod n` for the RSA public operation, on little-endian byte strings of equal length,
/// a multiple of 4 bytes: `base < n` (plain, not in Montgomery form), `r2_le` is [`r2_le`] of
/// `n`, `e` is given by its bits (most significant first, the leading bit set). Returns the
/// result, fully reduced, as `len` little-endian bytes. `n` must be odd.
///
/// `R` depends only on the byte length, so any limb width that divides it computes the same
/// value: 64-bit limbs (a 64×64→128 multiply) where the length allows and the target has one,
/// 32-bit limbs in WASM, where 128-bit products are emulated.
pub(crate) fn pow_public_le(
    base_le: &[u8],
    r2_le: &[u8],
    n_le: &[u8],
    e_bits_msb_first: &[bool],
) -> Vec<u8> {
    if wide(n_le.len()) {
        m64::bytes_le(&m64::pow_public(
            &m64::limbs_le(base_le),
            &m64::limbs_le(r2_le),
            &m64::limbs_le(n_le),
            e_bits_msb_first,
        ))
    } else {
        m32::bytes_le(&m32::pow_public(
            &m32::limbs_le(base_le),
            &m32::limbs_le(r2_le),
            &m32::limbs_le(n_le),
            e_bits_msb_first,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crypto_bigint::modular::{BoxedMontyForm, BoxedMontyParams};
    use crypto_bigint::{BoxedUint, Odd, Resize};

    /// Compare with crypto-bigint's own exponentiation for random odd moduli and exponents, and
    /// `R² mod n` with crypto-bigint's reduction.
    #[test]
    fn agrees_with_crypto_bigint() {
        let mut seed = 0x1234_5678_9abc_def0u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for &bits in &[64u32, 256, 1024, 2047, 2048, 2080, 3072] {
            let len = bits.div_ceil(64) as usize * 8; // storage: a multiple of 8 bytes
            for round in 0..6 {
                let mut nb: Vec<u8> = (0..bits.div_ceil(8)).map(|_| next() as u8).collect();
                // full width for the bit count, or (round 5) a modulus well below the storage
                let lead = bits - (nb.len() as u32 - 1) * 8;
                nb[0] &= ((1u16 << lead) - 1) as u8;
                nb[0] |= 1 << (lead - 1);
                if round == 5 {
                    nb[0] = 0;
                    nb[1] |= 0x80;
                }
                let last = nb.len() - 1;
                nb[last] |= 1; // odd
                let prec = len as u32 * 8;
                let n = BoxedUint::from_be_slice(&nb, prec).unwrap();
                let params = BoxedMontyParams::new_vartime(Odd::new(n.clone()).unwrap());
                let m = n.to_le_bytes().to_vec();
                assert_eq!(m.len(), len);
                let r2 = r2_le(&m);
                // R² mod n by plain reduction of 2^(16·len).
                let mut rr = BoxedUint::zero_with_precision(2 * prec + 64);
                rr = rr.wrapping_add(BoxedUint::one_with_precision(2 * prec + 64).shl(2 * prec));
                let want_r2 = rr.rem_vartime(&n.clone().resize(2 * prec + 64).to_nz().unwrap());
                let mut want_r2 = want_r2.to_le_bytes().to_vec();
                assert!(want_r2[len..].iter().all(|&b| b == 0));
                want_r2.truncate(len);
                assert_eq!(r2, want_r2, "R² bits {bits}");
                let sb: Vec<u8> = (0..len).map(|_| next() as u8).collect();
                let s = BoxedUint::from_be_slice(&sb, prec).unwrap() % n.to_nz().unwrap();
                for e in [3u64, 65537, (next() >> 31) | 1] {
                    let mont = BoxedMontyForm::new(s.clone(), &params);
                    let want = mont
                        .pow(&BoxedUint::from_be_slice(&e.to_be_bytes(), 64).unwrap())
                        .retrieve();
                    let ebits: Vec<bool> = (0..64 - e.leading_zeros())
                        .rev()
                        .map(|i| e >> i & 1 == 1)
                        .collect();
                    let b = s.to_le_bytes().to_vec();
                    let want = want.to_le_bytes().to_vec();
                    assert_eq!(
                        pow_public_le(&b, &r2, &m, &ebits),
                        want,
                        "bits {bits} e {e}"
                    );
                    // Both limb widths, whichever the target picks.
                    let narrow = m32::pow_public(
                        &m32::limbs_le(&b),
                        &m32::limbs_le(&r2),
                        &m32::limbs_le(&m),
                        &ebits,
                    );
                    assert_eq!(
                        m32::bytes_le(&narrow),
                        want,
                        "32-bit limbs, bits {bits} e {e}"
                    );
                    assert_eq!(m32::bytes_le(&m32::r2(&m32::limbs_le(&m))), r2);
                    let wide = m64::pow_public(
                        &m64::limbs_le(&b),
                        &m64::limbs_le(&r2),
                        &m64::limbs_le(&m),
                        &ebits,
                    );
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
