//! Montgomery arithmetic on 32-bit limbs for the RSA *public* operation (`s^e mod n`, public
//! `s`, `e` and `n`, so variable time is fine). crypto-bigint has a dedicated squaring only for
//! a few 64-bit-limb widths; RSA-2048 in WASM (32-bit limbs, 64 of them) falls back to a general
//! multiplication. A square costs ~1.5·k² limb products here against 2·k² for a multiplication,
//! and `e = 65537` is 16 squarings and one multiplication, so this is about a quarter faster.
//!
//! Limbs are little-endian `u32`; `R = 2^(32·k)` with `k` the limb count, the same `R`
//! crypto-bigint uses for a modulus of `32·k` bits of precision, so its Montgomery form can be
//! passed in directly.

/// `-n⁻¹ mod 2³²` for odd `n0` (Newton's iteration: each step doubles the correct bits).
fn neg_inv(n0: u32) -> u32 {
    let mut inv: u32 = 1;
    for _ in 0..5 {
        inv = inv.wrapping_mul(2u32.wrapping_sub(n0.wrapping_mul(inv)));
    }
    inv.wrapping_neg()
}

/// Montgomery reduction of `t` (2k+1 limbs, value < n·R) into `out` (k limbs): `t·R⁻¹ mod n`.
fn reduce(t: &mut [u32], n: &[u32], n0inv: u32, out: &mut [u32]) {
    let k = n.len();
    for i in 0..k {
        let m = t[i].wrapping_mul(n0inv);
        let mut carry = 0u64;
        for (tj, nj) in t[i..i + k].iter_mut().zip(n) {
            let s = u64::from(*tj) + u64::from(m) * u64::from(*nj) + carry;
            *tj = s as u32;
            carry = s >> 32;
        }
        let mut idx = i + k;
        while carry != 0 && idx < t.len() {
            let s = u64::from(t[idx]) + carry;
            t[idx] = s as u32;
            carry = s >> 32;
            idx += 1;
        }
    }
    // The result t[k..=2k] is below 2n: subtract n once if it is ≥ n.
    let top = t[2 * k];
    let hi = &t[k..2 * k];
    if top != 0 || !less_than(hi, n) {
        let mut borrow = 0i64;
        for ((o, h), nj) in out.iter_mut().zip(hi).zip(n) {
            let d = i64::from(*h) - i64::from(*nj) + borrow;
            *o = d as u32;
            borrow = d >> 32;
        }
    } else {
        out.copy_from_slice(hi);
    }
}

/// `a < b` for equal-length little-endian limb slices.
fn less_than(a: &[u32], b: &[u32]) -> bool {
    for (x, y) in a.iter().rev().zip(b.iter().rev()) {
        if x != y {
            return x < y;
        }
    }
    false
}

/// `out = a·b·R⁻¹ mod n`.
fn mul(a: &[u32], b: &[u32], n: &[u32], n0inv: u32, t: &mut [u32], out: &mut [u32]) {
    let k = n.len();
    t.fill(0);
    for (i, &ai) in a.iter().enumerate() {
        let mut carry = 0u64;
        for (tj, &bj) in t[i..i + k].iter_mut().zip(b) {
            let s = u64::from(*tj) + u64::from(ai) * u64::from(bj) + carry;
            *tj = s as u32;
            carry = s >> 32;
        }
        t[i + k] = carry as u32;
    }
    reduce(t, n, n0inv, out);
}

/// `out = a²·R⁻¹ mod n`: the off-diagonal products once, doubled, plus the diagonal.
fn square(a: &[u32], n: &[u32], n0inv: u32, t: &mut [u32], out: &mut [u32]) {
    let k = n.len();
    t.fill(0);
    for i in 0..k {
        let ai = u64::from(a[i]);
        let mut carry = 0u64;
        for (tj, &aj) in t[2 * i + 1..i + k].iter_mut().zip(&a[i + 1..]) {
            let s = u64::from(*tj) + ai * u64::from(aj) + carry;
            *tj = s as u32;
            carry = s >> 32;
        }
        t[i + k] = carry as u32;
    }
    // Double (the top bit of t[2k-1] moves into t[2k], which is 0 at the end since a² < R²).
    let mut hi_bit = 0u32;
    for x in t[..2 * k].iter_mut() {
        let nx = (*x << 1) | hi_bit;
        hi_bit = *x >> 31;
        *x = nx;
    }
    // Add the diagonal a[i]² at limb 2i.
    let mut carry = 0u64;
    for i in 0..k {
        let sq = u64::from(a[i]) * u64::from(a[i]);
        let lo = u64::from(t[2 * i]) + (sq & 0xffff_ffff) + carry;
        t[2 * i] = lo as u32;
        let hi = u64::from(t[2 * i + 1]) + (sq >> 32) + (lo >> 32);
        t[2 * i + 1] = hi as u32;
        carry = hi >> 32;
    }
    t[2 * k] = hi_bit + carry as u32;
    reduce(t, n, n0inv, out);
}

/// `base^e mod n` where `base_mont` is `base·R mod n` (k limbs) and `e` is given by its bits
/// (most significant first, the leading bit set). Returns the plain (non-Montgomery) result,
/// fully reduced, as k little-endian limbs. `n` must be odd and `base_mont < n`.
pub(crate) fn pow_public(base_mont: &[u32], n: &[u32], e_bits_msb_first: &[bool]) -> Vec<u32> {
    let k = n.len();
    let n0inv = neg_inv(n.first().copied().unwrap_or(1));
    let mut t = vec![0u32; 2 * k + 1];
    let mut x = base_mont.to_vec();
    let mut y = vec![0u32; k];
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

/// Little-endian bytes (a multiple of 4 long) → little-endian u32 limbs.
pub(crate) fn limbs_le(bytes: &[u8]) -> Vec<u32> {
    bytes
        .chunks(4)
        .map(|c| {
            let mut w = [0u8; 4];
            w[..c.len()].copy_from_slice(c);
            u32::from_le_bytes(w)
        })
        .collect()
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
                    let got = pow_public(
                        &limbs_le(&mont.as_montgomery().to_le_bytes()),
                        &limbs_le(&n.to_le_bytes()),
                        &ebits,
                    );
                    assert_eq!(got, limbs_le(&want.to_le_bytes()), "bits {bits} e {e}");
                }
            }
        }
    }
}
