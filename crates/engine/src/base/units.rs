//! Time and money units (MODEL.md section 2).
//!
//! One step is one Ethereum slot of 12 s; an epoch is 32 slots; a day is 7,200 blocks.
//! Money is integer: ETH amounts in wei (`u128`), consensus-layer amounts in gwei (`u64`).
//! Fractions that touch money are integers too: basis points (1e4) or wad (1e18).

/// Seconds per block (one Ethereum slot).
pub const SECONDS_PER_BLOCK: u64 = 12;
/// Blocks per epoch (`SLOTS_PER_EPOCH` in ethereum/consensus-specs).
pub const BLOCKS_PER_EPOCH: u64 = 32;
/// Blocks per day (86,400 s / 12 s).
pub const BLOCKS_PER_DAY: u64 = 7_200;
/// Seconds per Julian year, used to turn annual rates into per-epoch amounts.
pub const SECONDS_PER_YEAR: u64 = 31_557_600;
/// Wei per ETH.
pub const WEI_PER_ETH: u128 = 1_000_000_000_000_000_000;
/// Wei per gwei.
pub const WEI_PER_GWEI: u128 = 1_000_000_000;
/// One wad (1e18): the fixed-point unit of EigenLayer magnitudes and of prices here.
pub const WAD: u128 = 1_000_000_000_000_000_000;
/// Basis points in one.
pub const BPS: u128 = 10_000;

/// Whole ETH to wei. `eth` is whole ether; returns wei.
pub const fn eth(eth: u64) -> u128 {
    eth as u128 * WEI_PER_ETH
}

/// Wei to ETH as a float, for display and behavioural thresholds only (never for balances).
pub fn wei_to_eth(wei: u128) -> f64 {
    u128_to_f64(wei) / WEI_PER_ETH as f64
}

/// A wad fixed-point value as a float (display and behaviour only).
pub fn wad_to_f64(wad: u128) -> f64 {
    u128_to_f64(wad) / WAD as f64
}

/// `x as f64` (the nearest double, ties to even) without the 128-bit conversion builtin
/// (`__floatuntidf`, a loop of shifts natively and a library call in WebAssembly): the top 64
/// significant bits, with a sticky bit for any lower one set, converted as a `u64` (one
/// instruction) and scaled by a power of two, which is exact. Bit for bit `x as f64` (tested).
#[inline]
pub fn u128_to_f64(x: u128) -> f64 {
    let hi = (x >> 64) as u64;
    if hi == 0 {
        return (x as u64) as f64;
    }
    let shift = hi.leading_zeros();
    let y = x << shift;
    let top = (y >> 64) as u64 | u64::from(y as u64 != 0);
    // 2^(64 - shift): the scale that undoes the shift and the dropped low word.
    let scale = f64::from_bits(u64::from(1023 + 64 - shift) << 52);
    top as f64 * scale
}

/// `x as u128` (truncated toward zero, saturating, 0 for NaN and negatives) through the `u64`
/// conversion below 2^64 (one instruction; `__fixunsdfti` otherwise). Bit for bit `x as u128`.
#[inline]
pub fn f64_to_u128(x: f64) -> u128 {
    if x < 18_446_744_073_709_551_616.0 {
        (x as u64) as u128
    } else {
        x as u128
    }
}

/// `a * b / d` rounded down, in 256-bit intermediate precision so that wei amounts times wad
/// prices do not overflow (`base::wide::mul_add_quotient`, which is cheap in WASM too). Returns
/// `u128::MAX` when the result does not fit (never in practice); panics when `d` is zero.
pub fn mul_div(a: u128, b: u128, d: u128) -> u128 {
    u128::try_from(crate::base::wide::mul_add_quotient(a, b, 0, d)).unwrap_or(u128::MAX)
}

/// `a * b / d` rounded up (EigenLayer's `mulDiv(..., Rounding.Up)`): `(a * b + d - 1) / d`.
pub fn mul_div_up(a: u128, b: u128, d: u128) -> u128 {
    u128::try_from(crate::base::wide::mul_add_quotient(a, b, d - 1, d)).unwrap_or(u128::MAX)
}

/// Formats wei as ETH with `decimals` decimals and thousands separators, e.g. `12,345.67 ETH`.
pub fn fmt_eth(wei: u128, decimals: usize) -> String {
    fmt_units(wei, decimals, "ETH")
}

/// An 18-decimal amount in whole units with thousands separators, `decimals` digits after the
/// point (truncated) and `symbol` after it, e.g. `fmt_units(1_500 * 10^18, 0, "rsLRT")` is
/// "1,500 rsLRT".
pub fn fmt_units(wei: u128, decimals: usize, symbol: &str) -> String {
    let whole = wei / WEI_PER_ETH;
    let frac = wei % WEI_PER_ETH;
    let mut s = group_thousands(whole);
    if decimals > 0 {
        let frac_str = format!("{frac:018}");
        s.push('.');
        s.push_str(&frac_str[..decimals.min(18)]);
    }
    s.push(' ');
    s.push_str(symbol);
    s
}

/// `1234567` -> `"1,234,567"`.
pub fn group_thousands(n: u128) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// True for 0 (serde's `skip_serializing_if` for money fields that are absent until used).
pub fn is_zero(x: &u128) -> bool {
    *x == 0
}

/// True for 0.0 (serde's `skip_serializing_if` for behaviour fields that are absent, and so
/// leave the state hash unchanged, until used).
pub fn is_zero_f64(x: &f64) -> bool {
    *x == 0.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mul_div_rounds_both_ways() {
        assert_eq!(mul_div(10, 1, 3), 3);
        assert_eq!(mul_div_up(10, 1, 3), 4);
        assert_eq!(mul_div_up(9, 1, 3), 3);
        // 1e27 wei times a wad price does not overflow.
        assert_eq!(mul_div(eth(1_000_000_000), WAD, WAD), eth(1_000_000_000));
    }

    #[test]
    fn formats_eth() {
        assert_eq!(
            fmt_eth(eth(1_234_567) + WEI_PER_ETH / 2, 2),
            "1,234,567.50 ETH"
        );
        assert_eq!(group_thousands(999), "999");
    }

    /// The conversions equal `as` bit for bit: edges, ties at every magnitude, random values
    /// of every bit length.
    #[test]
    fn conversions_equal_as() {
        let mut xs: Vec<u128> = vec![0, 1, u64::MAX as u128, 1 << 64, (1 << 64) + 1, u128::MAX];
        for k in 53..128 {
            let p = 1u128 << k;
            // Around ties: the 53rd significant bit's half, with and without lower bits.
            let half = 1u128 << (k - 53);
            for x in [
                p,
                p - 1,
                p + 1,
                p + half,
                p + half - 1,
                p + half + 1,
                p + 3 * half,
            ] {
                xs.push(x);
            }
        }
        for x in xs {
            assert_eq!(u128_to_f64(x).to_bits(), (x as f64).to_bits(), "{x}");
        }
        for x in [
            0.0,
            -1.0,
            f64::NAN,
            0.5,
            1.8446744073709552e19,
            3.0e19,
            1e40,
            f64::INFINITY,
        ] {
            assert_eq!(f64_to_u128(x), x as u128, "{x}");
        }
    }

    proptest::proptest! {
        #[test]
        fn u128_to_f64_is_as(x: u128, bits in 0u32..128) {
            let x = x >> bits;
            proptest::prop_assert_eq!(u128_to_f64(x).to_bits(), (x as f64).to_bits());
        }

        #[test]
        fn f64_to_u128_is_as(bits: u64) {
            let x = f64::from_bits(bits);
            proptest::prop_assert_eq!(f64_to_u128(x), x as u128);
        }
    }
}
