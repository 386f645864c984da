//! 256-bit division for wasm32, where `u128` arithmetic is a call into compiler-builtins.
//!
//! ethnum's `U256` division works in `u128` halves: natively each half-division is one or two
//! instructions, but wasm32 has only 64-bit integer operations, so every `u128` multiply and
//! divide becomes a builtin call (BENCHMARKS.md, "WebAssembly versus native": 45% of the WASM
//! time). [`div`] divides with 32-bit digits and 64-bit arithmetic only (Knuth, TAOCP vol. 2,
//! 4.3.1, algorithm D, in the form of Warren, *Hacker's Delight*, `divmnu64`). Integer division
//! has one answer, so it equals ethnum's bit for bit (property test below); the StableSwap math
//! uses it on wasm32 only.

use ethnum::U256;

/// `a / b` rounded down; panics when `b` is zero, as `/` does. [`div`] on wasm32, ethnum's
/// division elsewhere: the same quotient, so native and WASM runs stay equal.
pub fn quotient(a: U256, b: U256) -> U256 {
    #[cfg(target_arch = "wasm32")]
    return div(a, b).expect("division by zero");
    #[cfg(not(target_arch = "wasm32"))]
    return a / b;
}

/// `a / b` for `u128` (panics when `b` is zero), as [`quotient`].
pub fn quotient_u128(a: u128, b: u128) -> u128 {
    #[cfg(target_arch = "wasm32")]
    return div(U256::from(a), U256::from(b))
        .expect("division by zero")
        .as_u128();
    #[cfg(not(target_arch = "wasm32"))]
    return a / b;
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
    let (bh, bl) = b.into_words();
    if ah == 0 && bh == 0 && al <= u64::MAX as u128 {
        // Both fit in 64 bits (then so does b): one native division.
        return Some(U256::from((al as u64 / bl as u64) as u128));
    }
    let u = digits(ah, al);
    let v = digits(bh, bl);
    let m = significant(&u);
    let n = significant(&v);
    let mut q = [0u32; 8];
    if n == 1 {
        let d = v[0] as u64;
        let mut rem = 0u64;
        for j in (0..m).rev() {
            let cur = (rem << 32) | u[j] as u64;
            q[j] = (cur / d) as u32;
            rem = cur % d;
        }
        return Some(from_digits(&q));
    }
    // Normalise so the divisor's top digit has its high bit set.
    let s = v[n - 1].leading_zeros();
    let shl = |x: u32, lower: u32| -> u32 {
        if s == 0 {
            x
        } else {
            (x << s) | (lower >> (32 - s))
        }
    };
    let mut vn = [0u32; 8];
    for i in (1..n).rev() {
        vn[i] = shl(v[i], v[i - 1]);
    }
    vn[0] = v[0] << s;
    let mut un = [0u32; 9];
    un[m] = if s == 0 { 0 } else { u[m - 1] >> (32 - s) };
    for i in (1..m).rev() {
        un[i] = shl(u[i], u[i - 1]);
    }
    un[0] = u[0] << s;
    const B: u64 = 1 << 32;
    let (top, next) = (vn[n - 1] as u64, vn[n - 2] as u64);
    for j in (0..=m - n).rev() {
        // Estimate the quotient digit from the top two digits, then correct it (at most 2).
        let num = ((un[j + n] as u64) << 32) | un[j + n - 1] as u64;
        let mut qhat = num / top;
        let mut rhat = num % top;
        while qhat >= B || qhat * next > ((rhat << 32) | un[j + n - 2] as u64) {
            qhat -= 1;
            rhat += top;
            if rhat >= B {
                break;
            }
        }
        // Multiply and subtract.
        let mut k: i64 = 0;
        for i in 0..n {
            let p = qhat * vn[i] as u64;
            let t = un[i + j] as i64 - k - (p & 0xFFFF_FFFF) as i64;
            un[i + j] = t as u32;
            k = (p >> 32) as i64 - (t >> 32);
        }
        let t = un[j + n] as i64 - k;
        un[j + n] = t as u32;
        q[j] = qhat as u32;
        if t < 0 {
            // Subtracted too much: add the divisor back.
            q[j] = q[j].wrapping_sub(1);
            let mut c: u64 = 0;
            for i in 0..n {
                let t = un[i + j] as u64 + vn[i] as u64 + c;
                un[i + j] = t as u32;
                c = t >> 32;
            }
            un[j + n] = un[j + n].wrapping_add(c as u32);
        }
    }
    Some(from_digits(&q))
}

/// Little-endian 32-bit digits of the 256-bit number with words `hi`, `lo`.
fn digits(hi: u128, lo: u128) -> [u32; 8] {
    let mut d = [0u32; 8];
    for i in 0..4 {
        d[i] = (lo >> (32 * i)) as u32;
        d[i + 4] = (hi >> (32 * i)) as u32;
    }
    d
}

/// The number of digits up to the highest non-zero one (at least 1).
fn significant(d: &[u32; 8]) -> usize {
    d.iter().rposition(|&x| x != 0).map_or(1, |i| i + 1)
}

fn from_digits(d: &[u32; 8]) -> U256 {
    let word = |k: usize| (0..4).fold(0u128, |acc, i| acc | (d[k + i] as u128) << (32 * i));
    U256::from_words(word(4), word(0))
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
        }

        /// Digits at the edges (0, 1, 2^31, 2^32 - 1, ...) reach the quotient corrections and
        /// the add-back step, which random digits almost never do.
        #[test]
        fn equals_ethnum_on_edge_digits(
            ad in proptest::collection::vec(edge_digit(), 8),
            bd in proptest::collection::vec(edge_digit(), 8),
            blen in 1usize..=8,
        ) {
            let mut b = [0u32; 8];
            b[..blen].copy_from_slice(&bd[..blen]);
            let a = from_digits(&ad.try_into().unwrap());
            let b = from_digits(&b);
            prop_assert_eq!(div(a, b), a.checked_div(b));
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
