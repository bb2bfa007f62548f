//! ECDSA verification (ES256, ES384, ES512: P-256, P-384 and P-521 with SHA-256/384/512) without
//! the p256/p384/p521 crates, so the request-path WASM links neither them nor primeorder,
//! crypto-bigint or rfc6979 (issue 17; signing and key generation stay on those crates, behind
//! the `keys` feature).
//!
//! Verification handles public data only (key, message, signature), so variable time is fine.
//! Field and scalar arithmetic: Montgomery multiplication on little-endian `u32` limbs with `u64`
//! products (wasm32 multiplies 64-bit integers natively; 128-bit products are emulated), generic
//! over the limb count (8, 12 and 17). Points: Jacobian coordinates, `a = -3` doubling, mixed
//! Jacobian + affine additions; `u1·G + u2·Q` by interleaved wNAF (Shamir's trick) over small
//! tables of odd multiples in affine form: `G`'s computed once per curve (32 points, at first
//! use: memory, not bytes of the module), `Q`'s once per key when it is imported (8 points). The
//! final inversion is avoided: `x(R) ≡ r (mod n)` is checked as `r·Z² = X` or, when `r + n < p`,
//! `(r + n)·Z² = X`.
//!
//! Checked against Wycheproof's P-256, P-384 and P-521 P1363 suites (tests/tokens_vectors.rs)
//! and, natively, against signatures of the p256/p384/p521 crates (tests below).

use std::sync::OnceLock;

/// A residue (Montgomery form unless said otherwise) or a plain integer: little-endian limbs.
type Fe<const N: usize> = [u32; N];

/// `a < b`.
fn lt<const N: usize>(a: &Fe<N>, b: &Fe<N>) -> bool {
    for i in (0..N).rev() {
        if a[i] != b[i] {
            return a[i] < b[i];
        }
    }
    false
}

fn is_zero<const N: usize>(a: &Fe<N>) -> bool {
    a.iter().all(|&x| x == 0)
}

/// `a += b`, returning the carry out.
fn add_in_place<const N: usize>(a: &mut Fe<N>, b: &Fe<N>) -> bool {
    let mut c = 0u64;
    for i in 0..N {
        let s = u64::from(a[i]) + u64::from(b[i]) + c;
        a[i] = s as u32;
        c = s >> 32;
    }
    c != 0
}

/// `a -= b`, returning the borrow out.
fn sub_in_place<const N: usize>(a: &mut Fe<N>, b: &Fe<N>) -> bool {
    let mut borrow = 0i64;
    for i in 0..N {
        let d = i64::from(a[i]) - i64::from(b[i]) + borrow;
        a[i] = d as u32;
        borrow = d >> 32;
    }
    borrow != 0
}

/// Big-endian bytes → limbs, or `None` when the value does not fit in `N` limbs.
fn from_be<const N: usize>(bytes: &[u8]) -> Option<Fe<N>> {
    let mut out = [0u32; N];
    for (i, &b) in bytes.iter().rev().enumerate() {
        if b == 0 {
            continue;
        }
        *out.get_mut(i / 4)? |= u32::from(b) << (8 * (i % 4));
    }
    Some(out)
}

fn from_hex<const N: usize>(hex: &str) -> Fe<N> {
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0))
        .collect();
    from_be(&bytes).unwrap_or([0; N])
}

/// Bit `i` of `k` (0 above its limbs).
fn bit<const N: usize>(k: &Fe<N>, i: usize) -> u32 {
    k.get(i / 32).map_or(0, |l| (l >> (i % 32)) & 1)
}

fn bit_len<const N: usize>(k: &Fe<N>) -> usize {
    (0..N)
        .rev()
        .find(|&i| k[i] != 0)
        .map_or(0, |i| 32 * i + 32 - k[i].leading_zeros() as usize)
}

/// Largest limb count (P-521), for the fixed-size double-width buffers.
const MAX_LIMBS: usize = 17;

/// Arithmetic modulo an odd `m` below `2^(32N)` (the field prime or the group order).
struct Modulus<const N: usize> {
    m: Fe<N>,
    /// `-m⁻¹ mod 2^32`.
    m0inv: u32,
    /// For the three field primes, `m = 2^(32·k) - 1 + Σ c·2^(32·i)` with few terms (NIST's
    /// generalised Mersenne primes, all `≡ -1 mod 2^32`): `(i, c)` for each term but the `-1`.
    /// Montgomery reduction then adds a few shifted copies of each quotient limb instead of a
    /// full limb-by-limb product ([`Modulus::redc_sparse`]). `None` for the group orders.
    sparse: Option<&'static [(usize, i64)]>,
    /// `R² mod m`, `R = 2^(32N)`.
    r2: Fe<N>,
    /// `R mod m`: 1 in Montgomery form.
    one: Fe<N>,
}

impl<const N: usize> Modulus<N> {
    fn new(m: Fe<N>, sparse: Option<&'static [(usize, i64)]>) -> Self {
        let mut inv: u32 = 1;
        for _ in 0..5 {
            inv = inv.wrapping_mul(2u32.wrapping_sub(m[0].wrapping_mul(inv)));
        }
        let mut md = Modulus {
            m,
            m0inv: inv.wrapping_neg(),
            sparse,
            r2: [0; N],
            one: [0; N],
        };
        let mut x = [0u32; N];
        x[0] = 1;
        for _ in 0..32 * N {
            x = md.add(&x, &x);
        }
        md.one = x;
        for _ in 0..32 * N {
            x = md.add(&x, &x);
        }
        md.r2 = x;
        md
    }

    /// `a + b mod m` for `a, b < m`.
    #[inline]
    fn add(&self, a: &Fe<N>, b: &Fe<N>) -> Fe<N> {
        let mut r = *a;
        if add_in_place(&mut r, b) || !lt(&r, &self.m) {
            sub_in_place(&mut r, &self.m);
        }
        r
    }

    /// `a - b mod m` for `a, b < m`.
    #[inline]
    fn sub(&self, a: &Fe<N>, b: &Fe<N>) -> Fe<N> {
        let mut r = *a;
        if sub_in_place(&mut r, b) {
            add_in_place(&mut r, &self.m);
        }
        r
    }

    /// `-a mod m`.
    fn neg(&self, a: &Fe<N>) -> Fe<N> {
        self.sub(&[0; N], a)
    }

    /// `a·b·R⁻¹ mod m` for `a, b < m`, fully reduced.
    #[inline]
    fn mul(&self, a: &Fe<N>, b: &Fe<N>) -> Fe<N> {
        match self.sparse {
            Some(terms) => {
                let mut t = [0u32; 2 * MAX_LIMBS];
                for i in 0..N {
                    let ai = u64::from(a[i]);
                    let mut c = 0u64;
                    for j in 0..N {
                        let s = u64::from(t[i + j]) + ai * u64::from(b[j]) + c;
                        t[i + j] = s as u32;
                        c = s >> 32;
                    }
                    t[i + N] = c as u32;
                }
                self.redc_sparse(&t, terms)
            }
            None => self.mul_cios(a, b),
        }
    }

    /// `a²·R⁻¹ mod m` (the product: a dedicated squaring with variable-length inner loops measured
    /// no faster natively).
    #[inline]
    fn sqr(&self, a: &Fe<N>) -> Fe<N> {
        self.mul(a, a)
    }

    /// Montgomery reduction `t·R⁻¹ mod m` of a double-width `t < m·R` for a sparse `m ≡ -1 mod
    /// 2^32`: the quotient limb is `q = t_i` itself, and adding `q·m` at limb `i` cancels limb `i`
    /// (the `-1` term) and adds `c·q` at limb `i + k` for each term `(k, c)`. Signed 64-bit
    /// accumulators hold the pending carries (each receives a few terms below 2^42).
    #[inline]
    #[allow(clippy::neg_multiply)] // the terms' signs as written in the primes
    fn redc_sparse(&self, t: &[u32; 2 * MAX_LIMBS], terms: &[(usize, i64)]) -> Fe<N> {
        let mut acc = [0i64; 2 * MAX_LIMBS + 1];
        for i in 0..2 * N {
            acc[i] = i64::from(t[i]);
        }
        // The terms as constants per prime (a loop over the slice would index `acc` at run time:
        // no unrolling, every accumulator in memory).
        macro_rules! steps {
            ($(($k:expr, $c:expr)),*) => {
                for i in 0..N {
                    let v = acc[i];
                    let q = v & 0xffff_ffff;
                    acc[i + 1] += (v - q) >> 32;
                    $(acc[i + $k] += $c * q;)*
                }
            };
        }
        match terms {
            [(3, 1), (6, 1), (7, -1), (8, 1)] => steps!((3, 1), (6, 1), (7, -1), (8, 1)),
            [(1, 1), (3, -1), (4, -1), (12, 1)] => steps!((1, 1), (3, -1), (4, -1), (12, 1)),
            [(16, 512)] => steps!((16, 512)),
            _ => {
                for i in 0..N {
                    let v = acc[i];
                    let q = v & 0xffff_ffff;
                    acc[i + 1] += (v - q) >> 32;
                    for &(k, c) in terms {
                        acc[i + k] += c * q;
                    }
                }
            }
        }
        let mut r = [0u32; N];
        let mut c = 0i64;
        for j in 0..N {
            let v = acc[N + j] + c;
            r[j] = v as u32;
            c = v >> 32;
        }
        // The result is below 2m: one subtraction at most (c is the bit above the N limbs).
        if c != 0 || !lt(&r, &self.m) {
            sub_in_place(&mut r, &self.m);
        }
        r
    }

    /// `a·b·R⁻¹ mod m` for `a, b < m` (CIOS Montgomery multiplication), fully reduced.
    #[inline]
    fn mul_cios(&self, a: &Fe<N>, b: &Fe<N>) -> Fe<N> {
        let m = &self.m;
        let mut t = [0u32; N];
        let mut t_n: u32 = 0;
        for &ai in a.iter() {
            let ai = u64::from(ai);
            let mut c = 0u64;
            for j in 0..N {
                let s = u64::from(t[j]) + ai * u64::from(b[j]) + c;
                t[j] = s as u32;
                c = s >> 32;
            }
            let s = u64::from(t_n) + c;
            t_n = s as u32;
            let t_n1 = (s >> 32) as u32;
            let q = u64::from(t[0].wrapping_mul(self.m0inv));
            let s = u64::from(t[0]) + q * u64::from(m[0]);
            let mut c = s >> 32;
            for j in 1..N {
                let s = u64::from(t[j]) + q * u64::from(m[j]) + c;
                t[j - 1] = s as u32;
                c = s >> 32;
            }
            let s = u64::from(t_n) + c;
            t[N - 1] = s as u32;
            t_n = t_n1 + (s >> 32) as u32;
        }
        if t_n != 0 || !lt(&t, m) {
            sub_in_place(&mut t, m);
        }
        t
    }

    /// Plain `a < m` into Montgomery form.
    fn to_mont(&self, a: &Fe<N>) -> Fe<N> {
        self.mul(a, &self.r2)
    }

    /// `a^e` in Montgomery form (`e` plain), 4-bit fixed windows.
    fn pow(&self, a: &Fe<N>, e: &Fe<N>) -> Fe<N> {
        let mut table = [self.one; 16];
        for i in 1..16 {
            table[i] = self.mul(&table[i - 1], a);
        }
        let mut acc = self.one;
        for w in (0..8 * N).rev() {
            for _ in 0..4 {
                acc = self.sqr(&acc);
            }
            let d = (e[w / 8] >> (4 * (w % 8))) & 15;
            if d != 0 {
                acc = self.mul(&acc, &table[d as usize]);
            }
        }
        acc
    }

    /// Plain `a⁻¹ mod m` for plain `0 < a < m`, `m` odd, `gcd(a, m) = 1` (binary extended
    /// Euclid, variable time: for public values only). About 2·bits halvings and subtractions
    /// of `N` limbs instead of Fermat's ~1.25·bits Montgomery products.
    fn inv_plain_vartime(&self, a: &Fe<N>) -> Fe<N> {
        let m = &self.m;
        let mut one = [0u32; N];
        one[0] = 1;
        let (mut u, mut v) = (*a, *m);
        let (mut x1, mut x2) = (one, [0u32; N]);
        // x / 2 mod m: (x + m) / 2 when x is odd (m is odd), with the carry as the top bit.
        let halve = |x: &mut Fe<N>| {
            let carry = if x[0] & 1 == 1 {
                add_in_place(x, m)
            } else {
                false
            };
            for i in 0..N {
                let hi = if i + 1 < N {
                    x[i + 1] << 31
                } else {
                    u32::from(carry) << 31
                };
                x[i] = (x[i] >> 1) | hi;
            }
        };
        let shr1 = |x: &mut Fe<N>| {
            for i in 0..N {
                let hi = if i + 1 < N { x[i + 1] << 31 } else { 0 };
                x[i] = (x[i] >> 1) | hi;
            }
        };
        while u != one && v != one {
            if is_zero(&u) || is_zero(&v) {
                return [0; N]; // not invertible (cannot happen for 0 < a < m, m prime)
            }
            while u[0] & 1 == 0 {
                shr1(&mut u);
                halve(&mut x1);
            }
            while v[0] & 1 == 0 {
                shr1(&mut v);
                halve(&mut x2);
            }
            if !lt(&u, &v) {
                sub_in_place(&mut u, &v);
                x1 = self.sub(&x1, &x2);
            } else {
                sub_in_place(&mut v, &u);
                x2 = self.sub(&x2, &x1);
            }
        }
        if u == one {
            x1
        } else {
            x2
        }
    }

    /// `a⁻¹` in Montgomery form (Fermat: `a^(m-2)`, `m` prime), `a ≠ 0`.
    fn inv(&self, a: &Fe<N>) -> Fe<N> {
        let mut e = self.m;
        sub_in_place(&mut e, &from_hex::<N>("02"));
        self.pow(a, &e)
    }
}

/// An affine point (Montgomery-form coordinates), never the point at infinity.
#[derive(Clone, Copy)]
struct Affine<const N: usize> {
    x: Fe<N>,
    y: Fe<N>,
}

/// A Jacobian point `(X/Z², Y/Z³)`; `Z = 0` is the point at infinity.
#[derive(Clone, Copy)]
struct Jacobian<const N: usize> {
    x: Fe<N>,
    y: Fe<N>,
    z: Fe<N>,
}

/// Odd multiples `P, 3P, …` kept by `G` (at first use) and by each key.
const G_WINDOW: usize = 7;
const Q_WINDOW: usize = 5;

/// One of the three curves: `y² = x³ - 3x + b` over `p`, a base point of prime order `n`.
pub(crate) struct Curve<const N: usize> {
    p: Modulus<N>,
    n: Modulus<N>,
    /// `b` in Montgomery form.
    b: Fe<N>,
    /// Odd multiples `G, 3G, …, (2^(G_WINDOW-1) - 1)·G`.
    g_table: Vec<Affine<N>>,
    /// Bytes of a coordinate and of each half of a signature (32, 48, 66).
    len: usize,
    /// Bits of `n`.
    n_bits: usize,
}

struct Params {
    p: &'static str,
    n: &'static str,
    b: &'static str,
    gx: &'static str,
    gy: &'static str,
    len: usize,
    /// `p`'s terms for [`Modulus::redc_sparse`].
    sparse: &'static [(usize, i64)],
}

// NIST SP 800-186 §3.2.1 (the same constants as the p256/p384/p521 crates).
const P256: Params = Params {
    p: "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff",
    n: "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551",
    b: "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b",
    gx: "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296",
    gy: "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5",
    len: 32,
    // 2^256 - 2^224 + 2^192 + 2^96 - 1
    sparse: &[(3, 1), (6, 1), (7, -1), (8, 1)],
};
const P384: Params = Params {
    p: "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff",
    n: "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973",
    b: "b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef",
    gx: "aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7",
    gy: "3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f",
    len: 48,
    // 2^384 - 2^128 - 2^96 + 2^32 - 1
    sparse: &[(1, 1), (3, -1), (4, -1), (12, 1)],
};
const P521: Params = Params {
    p: "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    n: "01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409",
    b: "0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00",
    gx: "00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66",
    gy: "011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650",
    len: 66,
    // 2^521 - 1 = 2^(32·16) · 2^9 - 1
    sparse: &[(16, 512)],
};

/// P-256 (8 limbs).
pub(crate) fn p256() -> &'static Curve<8> {
    static C: OnceLock<Curve<8>> = OnceLock::new();
    C.get_or_init(|| Curve::new(&P256))
}

/// P-384 (12 limbs).
pub(crate) fn p384() -> &'static Curve<12> {
    static C: OnceLock<Curve<12>> = OnceLock::new();
    C.get_or_init(|| Curve::new(&P384))
}

/// P-521 (17 limbs).
pub(crate) fn p521() -> &'static Curve<17> {
    static C: OnceLock<Curve<17>> = OnceLock::new();
    C.get_or_init(|| Curve::new(&P521))
}

impl<const N: usize> Curve<N> {
    fn new(c: &Params) -> Self {
        let p = Modulus::new(from_hex(c.p), Some(c.sparse));
        let n = Modulus::new(from_hex(c.n), None);
        let b = p.to_mont(&from_hex(c.b));
        let g = Affine {
            x: p.to_mont(&from_hex(c.gx)),
            y: p.to_mont(&from_hex(c.gy)),
        };
        let n_bits = bit_len(&n.m);
        let mut curve = Curve {
            p,
            n,
            b,
            g_table: Vec::new(),
            len: c.len,
            n_bits,
        };
        curve.g_table = curve.odd_multiples(&g, G_WINDOW);
        curve
    }

    /// `2P` (dbl-2001-b, `a = -3`: 3M + 5S). Infinity stays infinity.
    fn double(&self, pt: &Jacobian<N>) -> Jacobian<N> {
        let f = &self.p;
        let delta = f.sqr(&pt.z);
        let gamma = f.sqr(&pt.y);
        let beta = f.mul(&pt.x, &gamma);
        let t = f.mul(&f.sub(&pt.x, &delta), &f.add(&pt.x, &delta));
        let alpha = f.add(&f.add(&t, &t), &t);
        let beta2 = f.add(&beta, &beta);
        let beta4 = f.add(&beta2, &beta2);
        let beta8 = f.add(&beta4, &beta4);
        let x3 = f.sub(&f.sqr(&alpha), &beta8);
        let yz = f.add(&pt.y, &pt.z);
        let z3 = f.sub(&f.sub(&f.sqr(&yz), &gamma), &delta);
        let g2 = f.sqr(&gamma);
        let g2x2 = f.add(&g2, &g2);
        let g2x4 = f.add(&g2x2, &g2x2);
        let g2x8 = f.add(&g2x4, &g2x4);
        let y3 = f.sub(&f.mul(&alpha, &f.sub(&beta4, &x3)), &g2x8);
        Jacobian {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// `P + Q` for Jacobian `P` and affine `Q` (8M + 3S), any inputs (equal, opposite, infinity).
    fn add_affine(&self, pt: &Jacobian<N>, q: &Affine<N>) -> Jacobian<N> {
        let f = &self.p;
        if is_zero(&pt.z) {
            return Jacobian {
                x: q.x,
                y: q.y,
                z: f.one,
            };
        }
        let z1z1 = f.sqr(&pt.z);
        let u2 = f.mul(&q.x, &z1z1);
        let s2 = f.mul(&q.y, &f.mul(&pt.z, &z1z1));
        let h = f.sub(&u2, &pt.x);
        let r = f.sub(&s2, &pt.y);
        if is_zero(&h) {
            return if is_zero(&r) {
                self.double(pt)
            } else {
                Jacobian {
                    x: f.one,
                    y: f.one,
                    z: [0; N],
                }
            };
        }
        let hh = f.sqr(&h);
        let hhh = f.mul(&h, &hh);
        let v = f.mul(&pt.x, &hh);
        let x3 = f.sub(&f.sub(&f.sqr(&r), &hhh), &f.add(&v, &v));
        let y3 = f.sub(&f.mul(&r, &f.sub(&v, &x3)), &f.mul(&pt.y, &hhh));
        let z3 = f.mul(&pt.z, &h);
        Jacobian {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// `P, 3P, 5P, …, (2^(w-1) - 1)·P` in affine form (one inversion for all: Montgomery's trick).
    /// `P` has prime order `n`, so no multiple below `n` is infinity.
    fn odd_multiples(&self, pt: &Affine<N>, w: usize) -> Vec<Affine<N>> {
        let f = &self.p;
        let count = 1usize << (w - 2);
        let base = Jacobian {
            x: pt.x,
            y: pt.y,
            z: f.one,
        };
        let twice = self.double(&base);
        // twice in affine form for the mixed additions: one inversion.
        let zi = f.inv(&twice.z);
        let zi2 = f.sqr(&zi);
        let twice = Affine {
            x: f.mul(&twice.x, &zi2),
            y: f.mul(&twice.y, &f.mul(&zi2, &zi)),
        };
        let mut jac = Vec::with_capacity(count);
        jac.push(base);
        for i in 1..count {
            let next = self.add_affine(&jac[i - 1], &twice);
            jac.push(next);
        }
        // Batch inversion of the Z coordinates.
        let mut prefix = Vec::with_capacity(count);
        let mut acc = f.one;
        for q in &jac {
            prefix.push(acc);
            acc = f.mul(&acc, &q.z);
        }
        let mut inv = f.inv(&acc);
        let mut out = vec![*pt; count];
        for i in (0..count).rev() {
            let zi = f.mul(&inv, &prefix[i]);
            inv = f.mul(&inv, &jac[i].z);
            let zi2 = f.sqr(&zi);
            out[i] = Affine {
                x: f.mul(&jac[i].x, &zi2),
                y: f.mul(&jac[i].y, &f.mul(&zi2, &zi)),
            };
        }
        out
    }

    /// `y² = x³ - 3x + b` for Montgomery-form `x`, `y`.
    fn on_curve(&self, pt: &Affine<N>) -> bool {
        let f = &self.p;
        let x3 = f.mul(&f.sqr(&pt.x), &pt.x);
        let three_x = f.add(&f.add(&pt.x, &pt.x), &pt.x);
        let rhs = f.add(&f.sub(&x3, &three_x), &self.b);
        f.sqr(&pt.y) == rhs
    }

    /// A public key from its big-endian affine coordinates (`len` bytes each): both below `p` and
    /// on the curve (the point at infinity has no affine form). `None` otherwise.
    pub(crate) fn public_key(&'static self, x: &[u8], y: &[u8]) -> Option<PublicKey<N>> {
        if x.len() != self.len || y.len() != self.len {
            return None;
        }
        let (xi, yi) = (from_be::<N>(x)?, from_be::<N>(y)?);
        if !lt(&xi, &self.p.m) || !lt(&yi, &self.p.m) {
            return None;
        }
        let q = Affine {
            x: self.p.to_mont(&xi),
            y: self.p.to_mont(&yi),
        };
        if !self.on_curve(&q) {
            return None;
        }
        let mut sec1 = Vec::with_capacity(2 * self.len);
        sec1.extend_from_slice(x);
        sec1.extend_from_slice(y);
        Some(PublicKey {
            curve: self,
            table: self.odd_multiples(&q, Q_WINDOW),
            xy: sec1,
        })
    }
}

/// Width-`w` non-adjacent form of `k` (little-endian digits, odd or 0, `|d| < 2^(w-1)`).
fn wnaf<const N: usize>(k: &Fe<N>, w: usize) -> Vec<i8> {
    let bits = 32 * N + 1;
    let mut out = vec![0i8; bits + 1];
    let width = 1u32 << w;
    let mut carry = 0u32;
    let mut pos = 0;
    while pos < bits {
        let mut window = carry;
        for j in 0..w {
            window += bit(k, pos + j) << j;
        }
        if window & 1 == 0 {
            // Bit `pos` plus the carry is even: digit 0 here, the carry (if any) moves up a bit.
            pos += 1;
            continue;
        }
        if window < width / 2 {
            carry = 0;
            out[pos] = window as i8;
        } else {
            carry = 1;
            out[pos] = (window as i32 - width as i32) as i8;
        }
        pos += w;
    }
    out
}

/// A checked public key on one curve, with its odd multiples for [`PublicKey::verify`].
#[derive(Clone)]
pub(crate) struct PublicKey<const N: usize> {
    curve: &'static Curve<N>,
    /// `Q, 3Q, …, 15Q`.
    table: Vec<Affine<N>>,
    /// `x ‖ y`, big-endian, `len` bytes each (to compare keys).
    xy: Vec<u8>,
}

impl<const N: usize> PartialEq for PublicKey<N> {
    fn eq(&self, other: &Self) -> bool {
        self.xy == other.xy
    }
}

impl<const N: usize> PublicKey<N> {
    /// `x ‖ y`, big-endian, fixed length.
    #[cfg_attr(not(feature = "keys"), allow(dead_code))]
    pub(crate) fn xy(&self) -> &[u8] {
        &self.xy
    }

    /// ECDSA verification (SEC 1 §4.1.4) of the P1363 signature `r ‖ s` (`len` bytes each) over
    /// the message digest `hash`. `r` and `s` must be in `[1, n-1]`; the digest is truncated to
    /// the order's bit length.
    pub(crate) fn verify(&self, hash: &[u8], sig: &[u8]) -> bool {
        let c = self.curve;
        let (n, f) = (&c.n, &c.p);
        if sig.len() != 2 * c.len {
            return false;
        }
        let (Some(r), Some(s)) = (from_be::<N>(&sig[..c.len]), from_be::<N>(&sig[c.len..])) else {
            return false;
        };
        if is_zero(&r) || is_zero(&s) || !lt(&r, &n.m) || !lt(&s, &n.m) {
            return false;
        }
        // e: the leftmost n_bits of the digest, reduced mod n (e < 2^n_bits < 2n).
        let take = c.n_bits.div_ceil(8).min(hash.len());
        let Some(mut e) = from_be::<N>(&hash[..take]) else {
            return false;
        };
        if hash.len() * 8 > c.n_bits {
            let shift = take * 8 - c.n_bits;
            if shift > 0 {
                for i in 0..N {
                    let hi = if i + 1 < N {
                        e[i + 1] << (32 - shift)
                    } else {
                        0
                    };
                    e[i] = (e[i] >> shift) | hi;
                }
            }
        }
        if !lt(&e, &n.m) {
            sub_in_place(&mut e, &n.m);
        }
        // w = s⁻¹ (Montgomery form); u1 = e·w, u2 = r·w come out plain from one Montgomery product.
        // Binary inversion, not Fermat's: a fifth of an ES256 verification's time before.
        let w = n.to_mont(&n.inv_plain_vartime(&s));
        let u1 = n.mul(&e, &w);
        let u2 = n.mul(&r, &w);
        let d1 = wnaf(&u1, G_WINDOW);
        let d2 = wnaf(&u2, Q_WINDOW);
        let top = (0..d1.len()).rev().find(|&i| d1[i] != 0 || d2[i] != 0);
        let mut acc = Jacobian {
            x: f.one,
            y: f.one,
            z: [0; N],
        };
        if let Some(top) = top {
            for i in (0..=top).rev() {
                if !is_zero(&acc.z) {
                    acc = c.double(&acc);
                }
                for (d, table) in [(d1[i], &c.g_table), (d2[i], &self.table)] {
                    if d != 0 {
                        let pt = table[(d.unsigned_abs() >> 1) as usize];
                        let pt = if d > 0 {
                            pt
                        } else {
                            Affine {
                                x: pt.x,
                                y: f.neg(&pt.y),
                            }
                        };
                        acc = c.add_affine(&acc, &pt);
                    }
                }
            }
        }
        if is_zero(&acc.z) {
            return false;
        }
        // x(R) = X/Z² ≡ r (mod n), x(R) < p < 2n: X = r·Z² or X = (r + n)·Z² when r + n < p.
        let z2 = f.sqr(&acc.z);
        if f.mul(&f.to_mont(&r), &z2) == acc.x {
            return true;
        }
        let mut rn = r;
        if !add_in_place(&mut rn, &n.m) && lt(&rn, &f.m) {
            return f.mul(&f.to_mont(&rn), &z2) == acc.x;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The wNAF digits are odd (or 0), below `2^(w-1)` in magnitude, at least `w` apart, and sum
    /// back to `k`.
    #[test]
    fn wnaf_sums_back() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for round in 0..2000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let k = if round < 3 {
                [u64::MAX, 0, 1][round]
            } else {
                seed
            };
            let limbs: Fe<2> = [k as u32, (k >> 32) as u32];
            for w in [2usize, 4, 5, 7] {
                let d = wnaf(&limbs, w);
                let mut sum: i128 = 0;
                let mut last: Option<usize> = None;
                for (i, &di) in d.iter().enumerate() {
                    if di != 0 {
                        assert!(di % 2 != 0 && (di.unsigned_abs() as u32) < 1 << (w - 1));
                        if let Some(l) = last {
                            assert!(i - l >= w, "digits too close");
                        }
                        last = Some(i);
                        sum += i128::from(di) << i;
                    }
                }
                assert_eq!(sum, i128::from(k), "k {k:#x} w {w}");
            }
        }
    }

    /// Field arithmetic against plain `u128` arithmetic on a 61-bit prime (2 limbs).
    #[test]
    fn montgomery_agrees_with_u128() {
        let p: u64 = (1 << 61) - 1;
        for sparse in [None, Some(&[(1usize, 1i64 << 29)][..])] {
            let m = Modulus::<2>::new([p as u32, (p >> 32) as u32], sparse);
            let to = |x: u64| -> Fe<2> { m.to_mont(&[x as u32, (x >> 32) as u32]) };
            let back = |x: &Fe<2>| -> u64 {
                let v = m.mul(x, &[1, 0]);
                u64::from(v[0]) | u64::from(v[1]) << 32
            };
            let mut seed = 0x1234_5678u64;
            for _ in 0..5000 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let a = seed % p;
                let b = seed.rotate_left(29) % p;
                let (am, bm) = (to(a), to(b));
                assert_eq!(
                    back(&m.mul(&am, &bm)),
                    (u128::from(a) * u128::from(b) % u128::from(p)) as u64
                );
                assert_eq!(back(&m.add(&am, &bm)), (a + b) % p);
                assert_eq!(back(&m.sub(&am, &bm)), (a + p - b) % p);
                assert_eq!(
                    back(&m.sqr(&am)),
                    (u128::from(a) * u128::from(a) % u128::from(p)) as u64
                );
                if a != 0 {
                    assert_eq!(back(&m.mul(&m.inv(&am), &am)), 1);
                }
            }
        }
    }

    /// The binary inversion agrees with Fermat's on each group order and field prime.
    #[test]
    fn binary_inversion_agrees_with_fermat() {
        fn check<const N: usize>(c: &'static Curve<N>) {
            let mut seed = 0xdead_beef_u64;
            for m in [&c.n, &c.p] {
                for round in 0..200 {
                    let mut a = [0u32; N];
                    for l in a.iter_mut() {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        *l = seed as u32;
                    }
                    if round == 0 {
                        a = [0; N];
                        a[0] = 1;
                    } else if round == 1 {
                        a = m.m;
                        sub_in_place(&mut a, &from_hex::<N>("01"));
                    }
                    while !lt(&a, &m.m) {
                        sub_in_place(&mut a, &m.m);
                    }
                    if is_zero(&a) {
                        continue;
                    }
                    let fermat = m.mul(&m.inv(&m.to_mont(&a)), &from_hex::<N>("01"));
                    assert_eq!(m.inv_plain_vartime(&a), fermat);
                }
            }
        }
        check(p256());
        check(p384());
        check(p521());
    }

    /// Hostile input: signatures of every length and edge value (0, n, n-1, all ones) and random
    /// coordinates, thousands of times: all refused, no panic.
    #[test]
    fn hostile_signatures_and_keys_are_refused() {
        fn run<const N: usize>(c: &'static Curve<N>) {
            let mut seed = 0x0123_4567_89ab_cdefu64;
            let mut next = || {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                seed as u8
            };
            // The generator as a key.
            let g = c.g_table[0];
            let to_be = |x: &Fe<N>| -> Vec<u8> {
                let v = c.p.mul(x, &from_hex::<N>("01"));
                (0..c.len)
                    .rev()
                    .map(|i| (v[i / 4] >> (8 * (i % 4))) as u8)
                    .collect()
            };
            let key = c
                .public_key(&to_be(&g.x), &to_be(&g.y))
                .expect("G is a valid key");
            let n_be: Vec<u8> = (0..c.len)
                .rev()
                .map(|i| (c.n.m[i / 4] >> (8 * (i % 4))) as u8)
                .collect();
            let mut n1 = c.n.m;
            sub_in_place(&mut n1, &from_hex::<N>("01"));
            let n1_be: Vec<u8> = (0..c.len)
                .rev()
                .map(|i| (n1[i / 4] >> (8 * (i % 4))) as u8)
                .collect();
            let edges = [vec![0u8; c.len], n_be.clone(), n1_be, vec![0xff; c.len]];
            let h = [0x5au8; 64];
            for round in 0..3000 {
                let len = if round % 3 == 0 {
                    next() as usize
                } else {
                    2 * c.len
                };
                let mut sig: Vec<u8> = (0..len).map(|_| next()).collect();
                if len == 2 * c.len && round % 5 == 1 {
                    sig[..c.len].copy_from_slice(&edges[round % 4]);
                    sig[c.len..].copy_from_slice(&edges[(round / 4) % 4]);
                }
                let hl = 1 + next() as usize % 64;
                assert!(!key.verify(&h[..hl], &sig), "round {round}");
                let x: Vec<u8> = (0..c.len).map(|_| next()).collect();
                let y: Vec<u8> = (0..c.len).map(|_| next()).collect();
                assert!(
                    c.public_key(&x, &y).is_none(),
                    "a random point on the curve"
                );
                assert!(c.public_key(&n_be, &y).is_none() || c.len == 66);
                assert!(c.public_key(&x[1..], &y).is_none());
            }
            // The curve's shared table is untouched (verification keeps no other state).
            assert!(c.g_table.iter().all(|t| c.on_curve(t)));
        }
        run(p256());
        run(p384());
        run(p521());
    }

    /// Each field prime's sparse terms add up to the prime: `2^(32k)·c` summed, minus 1.
    #[test]
    fn sparse_terms_match_the_primes() {
        for c in [&P256, &P384, &P521] {
            let mut v = [0u32; MAX_LIMBS + 1];
            for &(k, coef) in c.sparse {
                // ±coef·2^(32k) on 18 limbs, two's complement.
                let mut add = [0u32; MAX_LIMBS + 1];
                add[k] = coef.unsigned_abs() as u32;
                if coef < 0 {
                    sub_in_place(&mut v, &add);
                } else {
                    add_in_place(&mut v, &add);
                }
            }
            let mut one = [0u32; MAX_LIMBS + 1];
            one[0] = 1;
            sub_in_place(&mut v, &one);
            assert_eq!(v, from_hex::<{ MAX_LIMBS + 1 }>(c.p), "{}", c.p);
        }
    }

    /// The base points are on their curves and have order `n` (`n·G` is infinity: `(n-1)·G = -G`).
    #[test]
    fn generators_have_order_n() {
        fn check<const N: usize>(c: &'static Curve<N>) {
            let g = c.g_table[0];
            assert!(c.on_curve(&g));
            for t in &c.g_table {
                assert!(c.on_curve(t));
            }
            // (n - 1)·G by the double-and-add ladder over affine additions.
            let mut k = c.n.m;
            sub_in_place(&mut k, &from_hex::<N>("01"));
            let mut acc = Jacobian {
                x: c.p.one,
                y: c.p.one,
                z: [0; N],
            };
            for i in (0..bit_len(&k)).rev() {
                acc = c.double(&acc);
                if bit(&k, i) == 1 {
                    acc = c.add_affine(&acc, &g);
                }
            }
            let f = &c.p;
            let z2 = f.sqr(&acc.z);
            assert_eq!(f.mul(&g.x, &z2), acc.x);
            assert_eq!(f.mul(&f.neg(&g.y), &f.mul(&z2, &acc.z)), acc.y);
            // and one more G gives infinity
            assert!(is_zero(&c.add_affine(&acc, &g).z));
        }
        check(p256());
        check(p384());
        check(p521());
    }

    /// `r ‖ (n - s)`.
    #[cfg(feature = "keys")]
    fn negate_s<const N: usize>(c: &Curve<N>, sig: &[u8]) -> Vec<u8> {
        let s = from_be::<N>(&sig[c.len..]).unwrap();
        let mut ns = c.n.m;
        sub_in_place(&mut ns, &s);
        let mut out = sig[..c.len].to_vec();
        for i in (0..c.len).rev() {
            out.push((ns[i / 4] >> (8 * (i % 4))) as u8);
        }
        out
    }

    /// Natively, against the p256/p384/p521 crates: their signatures over random messages with
    /// random keys verify here, and any flipped bit of the signature, the message or the key's
    /// coordinates is refused.
    #[cfg(feature = "keys")]
    #[test]
    fn verifies_what_the_curve_crates_sign() {
        use rand_core::TryRng as _;
        use sha2::Digest as _;
        use signature::Signer as _;
        let mut rng = crate::rng::OsRng;
        macro_rules! run {
            ($crate_:ident, $curve:expr, $hash:ty, $len:expr) => {{
                for round in 0..24 {
                    use crypto_common::Generate as _;
                    let sk = $crate_::ecdsa::SigningKey::try_generate_from_rng(&mut rng).unwrap();
                    let pt = sk.verifying_key().to_sec1_point(false);
                    let xy = &pt.as_bytes()[1..];
                    let key = $curve.public_key(&xy[..$len], &xy[$len..]).expect("key");
                    let mut msg = vec![0u8; (rng.try_next_u32().unwrap() % 200) as usize];
                    rng.try_fill_bytes(&mut msg).unwrap();
                    let sig: $crate_::ecdsa::Signature = sk.sign(&msg);
                    let sig = sig.to_bytes().to_vec();
                    let h = <$hash>::digest(&msg);
                    assert!(
                        key.verify(&h, &sig),
                        "{} round {round}",
                        stringify!($crate_)
                    );
                    // Low-s and high-s are both valid ECDSA: (r, n - s) verifies too.
                    assert!(key.verify(&h, &negate_s($curve, &sig)), "high s");
                    for i in [0, $len - 1, $len, 2 * $len - 1, (round * 7) % (2 * $len)] {
                        for b in [0x01u8, 0x80] {
                            let mut bad = sig.clone();
                            bad[i] ^= b;
                            assert!(!key.verify(&h, &bad), "flipped sig byte {i}");
                        }
                    }
                    let mut m2 = msg.clone();
                    m2.push(0);
                    assert!(!key.verify(&<$hash>::digest(&m2), &sig));
                    let mut y2 = xy[$len..].to_vec();
                    y2[$len - 1] ^= 1;
                    assert!(
                        $curve.public_key(&xy[..$len], &y2).is_none(),
                        "off-curve key"
                    );
                }
            }};
        }
        run!(p256, p256(), sha2::Sha256, 32);
        run!(p384, p384(), sha2::Sha384, 48);
        run!(p521, p521(), sha2::Sha512, 66);
    }
}
