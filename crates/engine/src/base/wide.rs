//! 256-bit multiplication and division for wasm32, where `u128` arithmetic is a call into
//! compiler-builtins.
//!
//! ethnum's `U256` works in `u128` halves: natively each half-product or half-division is one or
//! two instructions, but wasm32 has only 64-bit integer operations, so every `u128` multiply and
//! divide becomes a builtin call (`__multi3`, `__udivti3`; BENCHMARKS.md, "WebAssembly versus
//! native"). The routines here work on 32-bit digits with 64-bit arithmetic only, and skip the
//! digits above a number's highest non-zero one (the engine's values are wei amounts times wad
//! scalings, usually below 2^160): [`mul`] is schoolbook multiplication, [`div`] Knuth's
//! algorithm D (TAOCP vol. 2, 4.3.1, in the form of Warren, *Hacker's Delight*, `divmnu64`),
//! [`mul_add_div`] both in one pass for `u128` operands. Integer products and quotients have
//! one answer, so these equal ethnum's bit for bit (property tests below, which run on every
//! target); the dispatchers [`product`], [`quotient`] and [`mul_add_quotient`] use them on
//! wasm32 and ethnum or `u128` natively.

use ethnum::U256;

/// `a * b`, or `None` when it exceeds 256 bits (as `U256::checked_mul`). [`mul`] on wasm32,
/// ethnum's multiplication elsewhere: the same product, so native and WASM runs stay equal.
#[inline]
pub fn product(a: U256, b: U256) -> Option<U256> {
    #[cfg(target_arch = "wasm32")]
    return mul(a, b);
    #[cfg(not(target_arch = "wasm32"))]
    return a.checked_mul(b);
}

/// `a / b` rounded down; panics when `b` is zero, as `/` does. [`div`] on wasm32, ethnum's
/// division elsewhere: the same quotient, so native and WASM runs stay equal.
#[inline]
pub fn quotient(a: U256, b: U256) -> U256 {
    #[cfg(target_arch = "wasm32")]
    return div(a, b).expect("division by zero");
    #[cfg(not(target_arch = "wasm32"))]
    return a / b;
}

/// `(a * b + c) / d` rounded down (the numerator is below 2^256 for every `u128` operand);
/// panics when `d` is zero. [`mul_add_div`] on wasm32, ethnum elsewhere.
#[inline]
pub fn mul_add_quotient(a: u128, b: u128, c: u128, d: u128) -> U256 {
    #[cfg(target_arch = "wasm32")]
    return mul_add_div(a, b, c, d).expect("division by zero");
    #[cfg(not(target_arch = "wasm32"))]
    {
        // One u128 division when the numerator fits (the same quotient).
        if let Some(n) = a.checked_mul(b).and_then(|p| p.checked_add(c)) {
            return U256::from(n / d);
        }
        (U256::from(a) * U256::from(b) + U256::from(c)) / U256::from(d)
    }
}

/// `a * b`, or `None` when the product exceeds 256 bits (as `U256::checked_mul`).
#[inline]
pub fn mul(a: U256, b: U256) -> Option<U256> {
    let (ah, al) = a.into_words();
    let (bh, bl) = b.into_words();
    if ah == 0 && bh == 0 {
        return Some(from_limbs(&mul_4x4(al, bl)));
    }
    if ah != 0 && bh != 0 {
        return None; // both at least 2^128
    }
    // One factor is at least 2^128, the other below.
    let (big, small) = if ah != 0 { (a, bl) } else { (b, al) };
    if small >> 32 == 0 {
        return mul_digit(&limbs(big), small as u64).map(|w| from_limbs(&w));
    }
    multiply(
        &limbs(big),
        len(big),
        &limbs(U256::from(small)),
        len(U256::from(small)),
    )
    .map(|w| from_limbs(&w))
}

/// `a / b` rounded down, or `None` when `b` is zero (as `U256::checked_div`).
pub fn div(a: U256, b: U256) -> Option<U256> {
    if b == U256::ZERO {
        return None;
    }
    if a < b {
        return Some(U256::ZERO);
    }
    let (ah, al) = a.into_words();
    if ah == 0 && al >> 64 == 0 {
        // Both fit in 64 bits (b <= a): one native division.
        return Some(U256::from((al as u64 / b.as_u64()) as u128));
    }
    Some(from_limbs(&divide(&limbs(a), len(a), b)))
}

/// `(a * b + c) / d` rounded down, or `None` when `d` is zero. The numerator
/// `a * b + c <= (2^128 - 1)^2 + 2^128 - 1 < 2^256` never overflows.
pub fn mul_add_div(a: u128, b: u128, c: u128, d: u128) -> Option<U256> {
    if d == 0 {
        return None;
    }
    let w = mul_4x4(a, b);
    // Add c; the carry stops below the top, as the sum is below 2^256.
    let (lo, carry) = (w[0] as u128 | (w[1] as u128) << 64).overflowing_add(c);
    let hi = (w[2] as u128 | (w[3] as u128) << 64) + carry as u128;
    if hi == 0 && lo >> 64 == 0 {
        // The numerator fits in 64 bits: one native division (or none when d is larger).
        let q = if d >> 64 == 0 {
            lo as u64 / d as u64
        } else {
            0
        };
        return Some(U256::from(q as u128));
    }
    let n = U256::from_words(hi, lo);
    Some(from_limbs(&divide(&limbs(n), len(n), U256::from(d))))
}

/// Little-endian 64-bit limbs of a 256-bit number: its 32-bit digit `i` is half of limb `i / 2`.
/// Digits are stored and loaded a limb at a time (two 32-bit stores read back as one 64-bit load
/// stall the processor).
type Limbs = [u64; 4];

const LOW: u64 = 0xFFFF_FFFF;

/// The 256-bit product of two 128-bit numbers, schoolbook on 32-bit digits; the rows of zero
/// digits of `a` are skipped.
#[inline(always)]
fn mul_4x4(a: u128, b: u128) -> Limbs {
    let digits = |x: u128| [0, 32, 64, 96].map(|k| (x >> k) as u64 & LOW);
    let (u, v) = (digits(a), digits(b));
    let mut w = [0u64; 8];
    for i in 0..4 {
        if u[i] == 0 {
            continue;
        }
        let mut carry = 0u64;
        for j in 0..4 {
            // At most (2^32 - 1)^2 + 2 (2^32 - 1) = 2^64 - 1: no overflow.
            let t = u[i] * v[j] + w[i + j] + carry;
            w[i + j] = t & LOW;
            carry = t >> 32;
        }
        w[i + 4] = carry;
    }
    [0, 2, 4, 6].map(|k| w[k] | w[k + 1] << 32)
}

/// `u * k` for `k < 2^32`, or `None` when it exceeds 256 bits.
fn mul_digit(u: &Limbs, k: u64) -> Option<Limbs> {
    let mut w = [0u64; 4];
    let mut carry = 0u64;
    for (wi, &ui) in w.iter_mut().zip(u) {
        let lo = (ui & LOW) * k + carry;
        let hi = (ui >> 32) * k + (lo >> 32);
        *wi = (lo & LOW) | hi << 32;
        carry = hi >> 32;
    }
    (carry == 0).then_some(w)
}

/// `u * v` for `u` of `m` and `v` of `n` significant digits, or `None` when it exceeds 256 bits;
/// schoolbook, rows of zero digits skipped.
fn multiply(u: &Limbs, m: usize, v: &Limbs, n: usize) -> Option<Limbs> {
    if m + n > 9 {
        // u >= 2^(32(m-1)) and v >= 2^(32(n-1)): the product is at least 2^256.
        return None;
    }
    let mut w = [0u64; 9];
    for i in 0..m {
        let ui = digit(u, i);
        if ui == 0 {
            continue;
        }
        let mut carry = 0u64;
        for j in 0..n {
            let t = ui * digit(v, j) + w[i + j] + carry;
            w[i + j] = t & LOW;
            carry = t >> 32;
        }
        w[i + n] = carry;
    }
    (w[8] == 0).then(|| [0, 2, 4, 6].map(|k| w[k] | w[k + 1] << 32))
}

/// The quotient of `u` (`m` significant digits) by a positive `b`.
fn divide(u: &Limbs, m: usize, b: U256) -> Limbs {
    let v = limbs(b);
    match len(b) {
        1 => divide_digit(u, m, v[0]),
        2 => knuth::<2>(u, m, &v),
        3 => knuth::<3>(u, m, &v),
        4 => knuth::<4>(u, m, &v),
        5 => knuth::<5>(u, m, &v),
        6 => knuth::<6>(u, m, &v),
        7 => knuth::<7>(u, m, &v),
        _ => knuth::<8>(u, m, &v),
    }
}

/// The quotient of `u` (`m` significant digits) by `d` in `1..2^32`: one 64-bit division per
/// digit.
fn divide_digit(u: &Limbs, m: usize, d: u64) -> Limbs {
    let mut q = [0u64; 4];
    let mut rem = 0u64;
    for j in (0..m).rev() {
        let cur = (rem << 32) | digit(u, j);
        let qj = cur / d;
        q[j / 2] |= qj << (32 * (j % 2));
        rem = cur - qj * d;
    }
    q
}

/// The quotient of `u` (`m <= 8` significant digits) by `v` of `N >= 2` significant digits:
/// algorithm D with the running remainder in `N` locals (one per digit, which the compiler keeps
/// in registers) rather than in memory.
#[inline]
fn knuth<const N: usize>(u: &Limbs, m: usize, v: &Limbs) -> Limbs {
    let mut q = [0u64; 4];
    if m < N {
        return q;
    }
    // Normalise so the divisor's top digit has its high bit set, and shift u the same way
    // (one digit longer: un's limb 4).
    let s = (digit(v, N - 1) as u32).leading_zeros();
    let carried = |lo: u64| lo >> 1 >> (63 - s); // lo >> (64 - s), 0 for s = 0
    let mut vn = [0u64; N];
    for (i, vi) in vn.iter_mut().enumerate() {
        let below = if i > 0 { digit(v, i - 1) } else { 0 };
        *vi = (((digit(v, i) << 32) | below) << s >> 32) & LOW;
    }
    let mut un = [0u64; 5];
    un[0] = u[0] << s;
    for i in 1..4 {
        un[i] = u[i] << s | carried(u[i - 1]);
    }
    un[4] = carried(u[3]);
    let nd = |i: usize| un[i / 2] >> (32 * (i % 2)) & LOW;
    // The remainder so far, r[N - 1] its most significant digit: the top N digits of u.
    let mut r = [0u64; N];
    for (i, ri) in r.iter_mut().enumerate() {
        *ri = nd(m + 1 - N + i);
    }
    for j in (0..=m - N).rev() {
        q[j / 2] |= (knuth_step(&mut r, nd(j), &vn) as u64) << (32 * (j % 2));
    }
    q
}

/// One step of algorithm D: the quotient digit of the `N + 1` digits `r, d` (`r` most
/// significant, below `vn`) by the normalised divisor `vn`, with `r` replaced by the remainder.
#[inline(always)]
fn knuth_step<const N: usize>(r: &mut [u64; N], d: u64, vn: &[u64; N]) -> u32 {
    const B: u64 = 1 << 32;
    let (top, next) = (vn[N - 1], vn[N - 2]);
    // Estimate the digit from the top two digits, then correct it (at most 2).
    let num = (r[N - 1] << 32) | r[N - 2];
    let mut qhat = num / top;
    let mut rhat = num - qhat * top;
    let third = if N >= 3 { r[N.saturating_sub(3)] } else { d };
    while qhat >= B || qhat * next > ((rhat << 32) | third) {
        qhat -= 1;
        rhat += top;
        if rhat >= B {
            break;
        }
    }
    // Multiply and subtract: t = (r, d) - qhat * vn, its top digit dropped (zero, or -1 when
    // qhat was one too large).
    let mut t = [0i64; N];
    let mut k: i64 = 0;
    for i in 0..N {
        let p = qhat * vn[i];
        let digit = if i == 0 { d } else { r[i - 1] };
        t[i] = digit as i64 - k - (p & LOW) as i64;
        k = (p >> 32) as i64 - (t[i] >> 32);
    }
    let mut qd = qhat as u32;
    if (r[N - 1] as i64) < k {
        // Subtracted too much: add the divisor back.
        qd = qd.wrapping_sub(1);
        let mut c = 0u64;
        for i in 0..N {
            let x = (t[i] as u64 & LOW) + vn[i] + c;
            t[i] = x as i64;
            c = x >> 32;
        }
    }
    for i in 0..N {
        r[i] = t[i] as u64 & LOW;
    }
    qd
}

/// The number of significant 32-bit digits of `x` (0 for zero).
fn len(x: U256) -> usize {
    (256 - x.leading_zeros() as usize).div_ceil(32)
}

/// 32-bit digit `i < 8` of `l`.
#[inline]
fn digit(l: &Limbs, i: usize) -> u64 {
    l[i / 2] >> (32 * (i % 2)) & LOW
}

fn limbs(x: U256) -> Limbs {
    let (hi, lo) = x.into_words();
    [lo as u64, (lo >> 64) as u64, hi as u64, (hi >> 64) as u64]
}

fn from_limbs(l: &Limbs) -> U256 {
    U256::from_words(
        l[2] as u128 | (l[3] as u128) << 64,
        l[0] as u128 | (l[1] as u128) << 64,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A 256-bit number with about `bits` significant bits.
    fn wide(bits: u32, hi: u128, lo: u128) -> U256 {
        let x = U256::from_words(hi, lo);
        if bits >= 256 {
            x
        } else {
            x >> (256 - bits)
        }
    }

    /// A number whose 32-bit digits are `d`, least significant first (missing ones zero).
    fn of_digits(d: &[u32]) -> U256 {
        let mut l = [0u64; 4];
        for (i, &x) in d.iter().enumerate() {
            l[i / 2] |= (x as u64) << (32 * (i % 2));
        }
        from_limbs(&l)
    }

    #[test]
    fn reference_values() {
        let d = U256::from(200_000u128) * U256::from(10u128).pow(18); // D of a 200k-ETH pool
        let dd = d * d;
        assert_eq!(div(dd, d), Some(d));
        assert_eq!(div(dd + U256::ONE, d), Some(d));
        assert_eq!(div(dd - U256::ONE, d), Some(d - U256::ONE));
        assert_eq!(div(U256::MAX, U256::ONE), Some(U256::MAX));
        assert_eq!(div(U256::MAX, U256::MAX), Some(U256::ONE));
        assert_eq!(div(U256::ONE, U256::ZERO), None);
        assert_eq!(div(U256::from(7u128), U256::from(9u128)), Some(U256::ZERO));
        assert_eq!(mul(d, d), Some(dd));
        assert_eq!(mul(U256::MAX, U256::ONE), Some(U256::MAX));
        assert_eq!(mul(U256::MAX, U256::from(2u8)), None);
        assert_eq!(
            mul(U256::ONE << 128u32, U256::ONE << 127u32),
            Some(U256::ONE << 255u32)
        );
        assert_eq!(mul(U256::ONE << 128u32, U256::ONE << 128u32), None);
        assert_eq!(mul(U256::ZERO, U256::MAX), Some(U256::ZERO));
        let top = U256::MAX - U256::from(u128::MAX); // (2^128 - 1)^2 + 2^128 - 1
        assert_eq!(mul_add_div(u128::MAX, u128::MAX, u128::MAX, 1), Some(top));
        assert_eq!(mul_add_div(10, 1, 2, 3), Some(U256::from(4u8)));
        assert_eq!(mul_add_div(1, 1, 1, 0), None);
    }

    fn mul_add_div_reference(a: u128, b: u128, c: u128, d: u128) -> Option<U256> {
        (U256::from(a) * U256::from(b) + U256::from(c)).checked_div(U256::from(d))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        #[test]
        fn equals_ethnum(abits in 1u32..=256, bbits in 1u32..=256,
                         ah in any::<u128>(), al in any::<u128>(),
                         bh in any::<u128>(), bl in any::<u128>()) {
            let a = wide(abits, ah, al);
            let b = wide(bbits, bh, bl);
            prop_assert_eq!(div(a, b), a.checked_div(b));
            prop_assert_eq!(mul(a, b), a.checked_mul(b));
            prop_assert_eq!(product(a, b), a.checked_mul(b));
            if b != U256::ZERO {
                prop_assert_eq!(quotient(a, b), a / b);
            }
        }

        /// Digits at the edges (0, 1, 2^31, 2^32 - 1, ...) reach the quotient corrections and
        /// the add-back step, which random digits almost never do.
        #[test]
        fn equals_ethnum_on_edge_digits(
            ad in proptest::collection::vec(edge_digit(), 8),
            bd in proptest::collection::vec(edge_digit(), 8),
            alen in 1usize..=8,
            blen in 1usize..=8,
        ) {
            let (a, b) = (of_digits(&ad), of_digits(&bd[..blen]));
            prop_assert_eq!(div(a, b), a.checked_div(b));
            let a = of_digits(&ad[..alen]);
            prop_assert_eq!(mul(a, b), a.checked_mul(b));
        }

        #[test]
        fn mul_add_div_equals_ethnum(abits in 0u32..=128, bbits in 0u32..=128,
                                     cbits in 0u32..=128, dbits in 1u32..=128,
                                     a in any::<u128>(), b in any::<u128>(),
                                     c in any::<u128>(), d in any::<u128>()) {
            let cut = |x: u128, bits: u32| x.checked_shr(128 - bits).unwrap_or(0);
            let (a, b, c, d) = (cut(a, abits), cut(b, bbits), cut(c, cbits), cut(d, dbits));
            prop_assert_eq!(mul_add_div(a, b, c, d), mul_add_div_reference(a, b, c, d));
            if d != 0 {
                prop_assert_eq!(Some(mul_add_quotient(a, b, c, d)), mul_add_div_reference(a, b, c, d));
            }
        }

        #[test]
        fn mul_add_div_equals_ethnum_on_edge_digits(
            ds in proptest::collection::vec(edge_digit(), 16),
            lens in proptest::collection::vec(0usize..=4, 4),
        ) {
            let word = |k: usize| of_digits(&ds[4 * k..4 * k + lens[k]]).as_u128();
            let (a, b, c, d) = (word(0), word(1), word(2), word(3));
            prop_assert_eq!(mul_add_div(a, b, c, d), mul_add_div_reference(a, b, c, d));
        }
    }

    fn edge_digit() -> impl Strategy<Value = u32> {
        prop_oneof![
            Just(0u32),
            Just(1),
            Just(0x7FFF_FFFF),
            Just(0x8000_0000),
            Just(0xFFFF_FFFE),
            Just(0xFFFF_FFFF),
            any::<u32>(),
        ]
    }
}
