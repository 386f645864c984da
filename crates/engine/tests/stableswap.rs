//! Tests of the Curve StableSwap port against MODEL.md section 7 and the invariant's properties.

use ethnum::U256;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use restake_engine::amm::stableswap::{
    get_d, get_dy, get_y, quote_exchange, spot_price, SwapQuote, FEE_DENOMINATOR,
};
use restake_engine::amm::AmmError;

/// One ETH (or stETH) in wei.
const ETH: u128 = 1_000_000_000_000_000_000;
/// The pool's fee in MODEL.md section 7's self-check: 0.04% of FEE_DENOMINATOR.
const FEE: u128 = 4_000_000;
/// The ETH/stETH pool's A.
const AMP: u128 = 50;

/// A pool of whole-ETH balances, in wei.
fn pool(coin0_eth: u128, coin1_eth: u128) -> [u128; 2] {
    [coin0_eth * ETH, coin1_eth * ETH]
}

/// `spot_price` of a pool the test knows to be valid, as a wad.
fn price(balances: [u128; 2], i: usize, j: usize) -> u128 {
    spot_price(balances, AMP, i, j).expect("valid pool")
}

/// `get_d` of a pool the test knows to be valid, in wei.
fn invariant(balances: [u128; 2]) -> u128 {
    get_d(balances, AMP).expect("valid pool")
}

/// `spot_price` as a float, for tolerance checks only.
fn spot(balances: [u128; 2], i: usize, j: usize) -> f64 {
    spot_price(balances, AMP, i, j).expect("valid pool") as f64 / ETH as f64
}

/// Balances after `quote` executes, as the doc of `SwapQuote` prescribes.
fn apply(balances: [u128; 2], i: usize, j: usize, dx: u128, quote: SwapQuote) -> [u128; 2] {
    let mut after = balances;
    after[i] += dx;
    after[j] -= quote.dy + quote.admin_fee;
    after
}

#[test]
fn model_self_check_swap_output() {
    let out = get_dy(pool(10_000, 10_000), AMP, FEE, 1, 0, 1_000 * ETH);
    assert_eq!(out, Ok(997_624_930_109_512_139_135));
}

#[test]
fn balanced_pool_is_symmetric() {
    let balances = pool(10_000, 10_000);
    assert_eq!(get_d(balances, AMP), Ok(20_000 * ETH));
    assert_eq!(spot_price(balances, AMP, 0, 1), Ok(ETH));
    assert_eq!(spot_price(balances, AMP, 1, 0), Ok(ETH));
    for dx in [ETH / 1_000, ETH, 777 * ETH, 5_000 * ETH] {
        assert_eq!(
            get_dy(balances, AMP, FEE, 0, 1, dx),
            get_dy(balances, AMP, FEE, 1, 0, dx)
        );
    }
}

#[test]
fn steth_june_2022_spot_price() {
    // Mid-June 2022: ~111,300 ETH (coin 0) vs ~491,000 stETH (coin 1), A = 50.
    let balances = pool(111_300, 491_000);
    let price = spot_price(balances, AMP, 1, 0).expect("valid pool");
    // Exact value, checked independently with rational arithmetic on the same formula.
    assert_eq!(price, 937_381_757_420_169_784);
    assert!((spot(balances, 1, 0) - 0.937).abs() <= 0.005);
    // The reverse price is the reciprocal, up to rounding.
    let reverse = spot_price(balances, AMP, 0, 1).expect("valid pool");
    let product = U256::from(price) * U256::from(reverse) / U256::from(ETH);
    assert!(product.abs_diff(U256::from(ETH)) <= U256::from(2u8));
}

#[test]
fn spot_price_matches_a_tiny_trade() {
    let pools = [
        pool(10_000, 10_000),
        pool(111_300, 491_000),
        pool(491_000, 111_300),
        pool(1_000_000, 1_000),
        pool(5_000, 200_000),
    ];
    for amp in [1, AMP, 2_000] {
        for balances in pools {
            for (i, j) in [(0, 1), (1, 0)] {
                // A trade of 1e-11 of the pool: far below any price impact at 1e-9, far above the
                // contract's 1-wei roundings.
                let dx = balances[i] / 100_000_000_000;
                let dy = get_dy(balances, amp, 0, i, j, dx).expect("valid trade");
                let price = spot_price(balances, amp, i, j).expect("valid pool");
                let trade_value = U256::from(dy) * U256::from(ETH);
                let spot_value = U256::from(price) * U256::from(dx);
                let gap = trade_value.abs_diff(spot_value) * U256::from(1_000_000_000u128);
                assert!(gap <= spot_value, "amp {amp} pool {balances:?} {i}->{j}");
            }
        }
    }
}

#[test]
fn larger_trades_get_more_at_a_worse_price() {
    let balances = pool(111_300, 491_000);
    let mut previous: Option<(u128, u128)> = None;
    let mut dx = ETH;
    while dx <= 100_000 * ETH {
        let quote = quote_exchange(balances, AMP, FEE, 0, 1, 0, dx).expect("valid trade");
        if let Some((prev_dx, prev_dy)) = previous {
            assert!(quote.dy > prev_dy, "dy must grow with dx");
            // Average price dy/dx must not rise: dy * prev_dx <= prev_dy * dx.
            assert!(
                U256::from(quote.dy) * U256::from(prev_dx) <= U256::from(prev_dy) * U256::from(dx)
            );
        }
        // Selling stETH pushes its marginal price down.
        let after = apply(balances, 1, 0, dx, quote);
        assert!(price(after, 1, 0) < price(balances, 1, 0));
        previous = Some((dx, quote.dy));
        dx *= 2;
    }
}

#[test]
fn get_y_agrees_with_get_dy() {
    let balances = pool(111_300, 491_000);
    let dx = 2_500 * ETH;
    let y = get_y(1, 0, balances[1] + dx, balances, AMP).expect("valid pool");
    assert_eq!(get_dy(balances, AMP, 0, 1, 0, dx), Ok(balances[0] - y - 1));
}

#[test]
fn fee_split_follows_exchange() {
    let balances = pool(10_000, 10_000);
    let dx = 1_000 * ETH;
    let before_fee = get_dy(balances, AMP, 0, 1, 0, dx).expect("valid trade");
    let quote = quote_exchange(balances, AMP, FEE, 5_000_000_000, 1, 0, dx).expect("valid trade");
    assert_eq!(quote.dy, 997_624_930_109_512_139_135);
    assert_eq!(quote.dy + quote.fee, before_fee);
    assert_eq!(quote.fee, before_fee * FEE / FEE_DENOMINATOR);
    assert_eq!(quote.admin_fee, quote.fee / 2);
}

#[test]
fn invariant_does_not_decrease_after_a_swap_with_fee() {
    let pools = [pool(10_000, 10_000), pool(111_300, 491_000), pool(3, 7)];
    for balances in pools {
        for admin_fee in [0, 5_000_000_000, FEE_DENOMINATOR] {
            for (i, j) in [(0, 1), (1, 0)] {
                for dx in [ETH / 1_000, ETH, balances[i] / 3, balances[i] * 4] {
                    let quote = quote_exchange(balances, AMP, FEE, admin_fee, i, j, dx)
                        .expect("valid trade");
                    let after = apply(balances, i, j, dx, quote);
                    assert!(
                        invariant(after) >= invariant(balances),
                        "{balances:?} {i}->{j} {dx}"
                    );
                }
            }
        }
    }
}

#[test]
fn bad_inputs_are_errors() {
    let balances = pool(10_000, 10_000);
    assert_eq!(
        get_dy(balances, AMP, FEE, 1, 1, ETH),
        Err(AmmError::SameCoin)
    );
    assert_eq!(
        get_dy(balances, AMP, FEE, 0, 2, ETH),
        Err(AmmError::BadIndex)
    );
    assert_eq!(
        get_dy(balances, AMP, FEE, 2, 0, ETH),
        Err(AmmError::BadIndex)
    );
    assert_eq!(spot_price(balances, AMP, 0, 0), Err(AmmError::SameCoin));
    assert_eq!(get_y(0, 3, ETH, balances, AMP), Err(AmmError::BadIndex));
    assert_eq!(
        get_dy([0, 10 * ETH], AMP, FEE, 0, 1, ETH),
        Err(AmmError::EmptyPool)
    );
    assert_eq!(
        get_dy([10 * ETH, 0], AMP, FEE, 0, 1, ETH),
        Err(AmmError::EmptyPool)
    );
    assert_eq!(
        spot_price([0, 10 * ETH], AMP, 0, 1),
        Err(AmmError::EmptyPool)
    );
    assert_eq!(get_d([0, 10 * ETH], AMP), Err(AmmError::EmptyPool));
    assert_eq!(get_y(0, 1, 0, balances, AMP), Err(AmmError::EmptyPool));
    assert_eq!(get_d([0, 0], AMP), Ok(0));
    assert_eq!(get_d(balances, 0), Err(AmmError::InvalidAmp));
    assert_eq!(
        get_dy(balances, 0, FEE, 0, 1, ETH),
        Err(AmmError::InvalidAmp)
    );
    assert_eq!(
        get_dy(balances, AMP, FEE_DENOMINATOR + 1, 0, 1, ETH),
        Err(AmmError::InvalidFee)
    );
    assert_eq!(
        quote_exchange(balances, AMP, FEE, FEE_DENOMINATOR + 1, 0, 1, ETH),
        Err(AmmError::InvalidFee)
    );
    // The contract reverts on `xp[j] - y - 1` when the trade is too small to pay out anything.
    assert_eq!(
        get_dy(balances, AMP, FEE, 0, 1, 0),
        Err(AmmError::ZeroOutput)
    );
    assert_eq!(
        get_dy(balances, AMP, FEE, 0, 1, u128::MAX),
        Err(AmmError::Overflow)
    );
    // D * D does not fit 256 bits: the contract's get_D would revert.
    assert_eq!(get_d([u128::MAX, u128::MAX], AMP), Err(AmmError::Overflow));
    // A 100% fee pays nothing but is a valid trade.
    assert_eq!(get_dy(balances, AMP, FEE_DENOMINATOR, 0, 1, ETH), Ok(0));
}

/// A u128 of random bit length, so that small, typical and extreme magnitudes all occur.
fn any_u128(rng: &mut ChaCha8Rng) -> u128 {
    let bits = rng.random_range(0..=128u32);
    if bits == 0 {
        0
    } else {
        rng.random::<u128>() >> (128 - bits)
    }
}

#[test]
fn no_input_panics() {
    // Seeded, so every run checks the same 3,000 cases.
    let mut rng = ChaCha8Rng::seed_from_u64(0x5745_4150);
    for _ in 0..3_000 {
        let balances = [any_u128(&mut rng), any_u128(&mut rng)];
        let amp = any_u128(&mut rng) >> rng.random_range(0..128u32);
        let fee = rng.random_range(0..=FEE_DENOMINATOR + 10);
        let admin_fee = rng.random_range(0..=FEE_DENOMINATOR + 10);
        let (i, j) = (rng.random_range(0..3usize), rng.random_range(0..3usize));
        let dx = any_u128(&mut rng);
        let _ = get_d(balances, amp);
        let _ = get_y(i, j, dx, balances, amp);
        let _ = spot_price(balances, amp, i, j);
        if let Ok(quote) = quote_exchange(balances, amp, fee, admin_fee, i, j, dx) {
            assert!(quote.dy + quote.admin_fee < balances[j]);
            assert!(quote.admin_fee <= quote.fee);
            assert_eq!(get_dy(balances, amp, fee, i, j, dx), Ok(quote.dy));
        }
    }
}
