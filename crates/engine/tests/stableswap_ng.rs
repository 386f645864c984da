//! Tests of the stableswap-ng port: MODEL.md section 7's self-check, the legacy pool, hand-computed
//! fees, and exact values from an independent Python port of CurveStableSwapNG.vy.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use restake_engine::amm::stableswap;
use restake_engine::amm::stableswap_ng::{
    dynamic_fee, exp, get_d, get_dy, get_p, get_y, quote_exchange, spot_price, xp_mem, EmaOracle,
    NgParams, NgSwapQuote, FEE_DENOMINATOR, MAX_FEE, MAX_LAST_PRICE,
};
use restake_engine::amm::AmmError;

/// One ETH (or one LRT) in wei; also the wad unit of rates and prices.
const ETH: u128 = 1_000_000_000_000_000_000;
/// Rates of a pool of two plain 18-decimal coins.
const PLAIN: [u128; 2] = [ETH, ETH];
/// The pool's base fee in MODEL.md section 7's self-check: 0.04% of FEE_DENOMINATOR.
const FEE: u128 = 4_000_000;
/// The ETH/stETH pool's A.
const AMP: u128 = 50;
/// The factory's recommended EMA time constant: a 10-minute half-life, 600 s / ln 2.
const MA_EXP_TIME: u64 = 866;

/// A pool of whole-coin balances, in wei.
fn pool(coin0: u128, coin1: u128) -> [u128; 2] {
    [coin0 * ETH, coin1 * ETH]
}

/// Parameters with A = 50 and the self-check's base fee; `multiplier` in parts of 1e10.
fn params(multiplier: u128) -> NgParams {
    NgParams {
        amp: AMP,
        fee: FEE,
        offpeg_fee_multiplier: multiplier,
        ma_exp_time: MA_EXP_TIME,
    }
}

/// `quote_exchange` of a trade the test knows to be valid.
fn quote(
    balances: [u128; 2],
    rates: [u128; 2],
    p: &NgParams,
    i: usize,
    j: usize,
    dx: u128,
) -> NgSwapQuote {
    quote_exchange(balances, rates, p, i, j, dx).expect("valid trade")
}

/// Balances after `quote` executes, as the doc of `NgSwapQuote` prescribes.
fn apply(balances: [u128; 2], i: usize, j: usize, dx: u128, quote: NgSwapQuote) -> [u128; 2] {
    let mut after = balances;
    after[i] += dx;
    after[j] -= quote.dy + quote.admin_fee;
    after
}

#[test]
fn model_self_check_matches_the_legacy_pool() {
    // Multiplier 1e10 means no off-peg surcharge, so the dynamic fee is the base fee.
    let p = params(FEE_DENOMINATOR);
    let out = get_dy(pool(10_000, 10_000), PLAIN, &p, 1, 0, 1_000 * ETH);
    assert_eq!(out, Ok(997_624_930_109_512_139_135));
    assert_eq!(
        out,
        stableswap::get_dy(pool(10_000, 10_000), AMP, FEE, 1, 0, 1_000 * ETH)
    );
    // The rest of `exchange`, checked against the Python port.
    let q = quote(pool(10_000, 10_000), PLAIN, &p, 1, 0, 1_000 * ETH);
    assert_eq!(
        q,
        NgSwapQuote {
            dy: 997_624_930_109_512_139_135,
            fee: 399_209_655_906_167_322,
            admin_fee: 199_604_827_953_083_661,
            fee_rate: FEE,
            price_after: 996_014_037_757_863_801,
        }
    );
    assert_eq!(q.admin_fee, q.fee / 2);
}

#[test]
fn get_d_rounds_like_ng_not_like_the_legacy_pool() {
    // The ng contract divides D_P by each x and then by 4; the legacy pool divides by 2x + 1.
    // For about 9% of random pools the two land 1 wei apart; this is one of them.
    let xp = [
        732_115_587_591_507_159_464_190,
        665_858_458_321_690_269_031_513,
    ];
    assert_eq!(get_d(xp, AMP), Ok(1_397_943_191_724_760_290_856_918));
    assert_eq!(
        stableswap::get_d(xp, AMP),
        Ok(1_397_943_191_724_760_290_856_919)
    );
    assert_eq!(get_d(pool(10_000, 10_000), AMP), Ok(20_000 * ETH));
    assert_eq!(get_d([0, 0], AMP), Ok(0));
}

#[test]
fn dynamic_fee_is_the_base_fee_at_peg_and_rises_off_peg() {
    let multiplier = 2 * FEE_DENOMINATOR;
    // Balanced: 4 * x * x / (2x)^2 = 1, so the fee is multiplier * fee / multiplier.
    assert_eq!(
        dynamic_fee(10_000 * ETH, 10_000 * ETH, FEE, multiplier),
        Ok(FEE)
    );
    // By hand: 1e10 * 4 * 15,000 * 5,000 / 20,000^2 = 7.5e9 exactly;
    // 2e10 * 4e6 / (7.5e9 + 1e10) = 8e16 / 1.75e10 = 4,571,428.57 -> 4,571,428.
    assert_eq!(
        dynamic_fee(15_000 * ETH, 5_000 * ETH, FEE, multiplier),
        Ok(4_571_428)
    );
    // No surcharge at a multiplier of 1e10 or below.
    assert_eq!(
        dynamic_fee(15_000 * ETH, 5_000 * ETH, FEE, FEE_DENOMINATOR),
        Ok(FEE)
    );
    assert_eq!(dynamic_fee(15_000 * ETH, 5_000 * ETH, FEE, 0), Ok(FEE));
    // Rises with the imbalance toward fee * multiplier / 1e10.
    let mut previous = FEE;
    for coin1 in [9_000, 5_000, 1_000, 10, 1] {
        let fee = dynamic_fee(10_000 * ETH, coin1 * ETH, FEE, multiplier).expect("valid balances");
        assert!(fee > previous && fee < 2 * FEE, "{coin1}: {fee}");
        previous = fee;
    }
    assert_eq!(dynamic_fee(0, 0, FEE, multiplier), Err(AmmError::EmptyPool));
}

#[test]
fn off_peg_swap_pays_the_dynamic_fee() {
    // Mid-June 2022 stETH pool (~111,300 ETH vs ~491,000 stETH), selling 1,000 stETH.
    let balances = pool(111_300, 491_000);
    let static_fee = quote(balances, PLAIN, &params(FEE_DENOMINATOR), 1, 0, 1_000 * ETH);
    let dynamic = quote(
        balances,
        PLAIN,
        &params(2 * FEE_DENOMINATOR),
        1,
        0,
        1_000 * ETH,
    );
    assert_eq!(static_fee.dy, 936_481_237_876_967_163_731);
    assert_eq!(dynamic.dy, 936_387_724_004_641_439_573);
    assert_eq!(dynamic.fee_rate, 4_998_167);
    assert_eq!(dynamic.admin_fee, 234_128_132_216_677_037);
    // The oracle sees the fee-less state price either way.
    assert_eq!(static_fee.price_after, 936_326_458_756_122_235);
    assert_eq!(dynamic.price_after, static_fee.price_after);
    // Same state price as the legacy formula before the trade.
    assert_eq!(get_p(balances, PLAIN, AMP), Ok(937_381_757_420_169_784));
}

#[test]
fn a_rate_oracle_scales_balances_and_prices() {
    // An LRT worth 1.05 ETH: 10,000 LRT count as 10,500 ETH, so the pool is balanced.
    let rates = [ETH, 1_050_000_000_000_000_000];
    let balances = pool(10_500, 10_000);
    assert_eq!(xp_mem(balances, rates), Ok([10_500 * ETH, 10_500 * ETH]));
    assert_eq!(get_p(balances, rates, AMP), Ok(ETH));
    assert_eq!(
        spot_price(balances, rates, AMP),
        Ok(1_050_000_000_000_000_000)
    );
    // Both directions, checked against the Python port (multiplier 2).
    let p = params(2 * FEE_DENOMINATOR);
    let sell = quote(balances, rates, &p, 1, 0, 100 * ETH);
    assert_eq!(
        (sell.dy, sell.admin_fee, sell.fee_rate, sell.price_after),
        (
            104_937_421_542_995_561_121,
            20_996_139_964_148_637,
            4_000_049,
            999_607_883_106_341_618
        )
    );
    let buy = quote(balances, rates, &p, 0, 1, 100 * ETH);
    assert_eq!(
        (buy.dy, buy.admin_fee, buy.fee_rate, buy.price_after),
        (
            95_182_223_563_811_482_738,
            19_044_276_669_132_212,
            4_000_045,
            1_000_373_582_731_223_906
        )
    );
    // A fee-less trade of 1e-11 of the pool pays the spot price, within 1e-9.
    let no_fee = NgParams { fee: 0, ..p };
    let dx = balances[1] / 100_000_000_000;
    let dy = get_dy(balances, rates, &no_fee, 1, 0, dx).expect("valid trade");
    let spot = spot_price(balances, rates, AMP).expect("valid pool");
    let expected = spot * (dx / 1_000_000) / (ETH / 1_000_000);
    assert!(
        dy.abs_diff(expected) * 1_000_000_000 <= expected,
        "{dy} vs {expected}"
    );
}

/// One exchange computed by the Python port of CurveStableSwapNG.vy (seeded random pools).
struct Case {
    balances: [u128; 2],
    rates: [u128; 2],
    amp: u128,
    fee: u128,
    mult: u128,
    i: usize,
    j: usize,
    dx: u128,
    dy: u128,
    admin_fee: u128,
    fee_rate: u128,
    price_after: u128,
}

#[test]
fn exchanges_match_the_python_port() {
    #[rustfmt::skip]
    let cases = [
        Case { balances: [3872457799641126652800572, 7932280318885265255561894], rates: [1000000000000000000, 1052889577591623211], amp: 1000, fee: 1000000, mult: 50000000000, i: 1, j: 0, dx: 5100015899032795484981816, dy: 3860842688780354407505664, admin_fee: 318011306981136671387, fee_rate: 1647096, price_after: 7987589629289820 },
        Case { balances: [3992021539996636141186065, 4112491036746326445370139], rates: [1000000000000000000, 1137450208442707456], amp: 10, fee: 4000000, mult: 50000000000, i: 1, j: 0, dx: 3507410868724410226049051, dy: 3214156274650253490955372, admin_fee: 783713992312624465821, fee_rate: 4874262, price_after: 445455322459276284 },
        Case { balances: [6399109932069097727718989, 3890766006954815969122386], rates: [1000000000000000000, 1146037409107727935], amp: 200, fee: 4000000, mult: 50000000000, i: 0, j: 1, dx: 3936034684590294098304933, dy: 3348233505346679538286264, admin_fee: 868333541004110789524, fee_rate: 5184127, price_after: 1187144687370432643 },
        Case { balances: [783124398355596274466642, 9780517169658938666900483], rates: [1000000000000000000, 1228679746614934631], amp: 200, fee: 30000000, mult: 10000000000, i: 1, j: 0, dx: 4566458855821082892848470, dy: 766243108260153231289451, admin_fee: 1152823131785586606754, fee_rate: 30000000, price_after: 3743857605805906 },
        Case { balances: [7073874747827401707878714, 7133213105744184126193023], rates: [1000000000000000000, 1243274932539205012], amp: 50, fee: 4000000, mult: 20000000000, i: 1, j: 0, dx: 6852466255439236870399904, dy: 6766028540633103329063079, admin_fee: 1606955542545220807866, fee_rate: 4747815, price_after: 152562460361962405 },
        Case { balances: [8993650434150606117357868, 83494168575603669163243], rates: [1000000000000000000, 986848932694318153], amp: 200, fee: 30000000, mult: 10000000000, i: 1, j: 0, dx: 29553186287482346531340, dy: 160197244407575377742966, admin_fee: 241018923381507589382, fee_rate: 30000000, price_after: 4377219040742070888 },
    ];
    for case in cases {
        let p = NgParams {
            amp: case.amp,
            fee: case.fee,
            offpeg_fee_multiplier: case.mult,
            ma_exp_time: MA_EXP_TIME,
        };
        let q = quote(case.balances, case.rates, &p, case.i, case.j, case.dx);
        assert_eq!(
            (q.dy, q.admin_fee, q.fee_rate, q.price_after),
            (case.dy, case.admin_fee, case.fee_rate, case.price_after),
            "{:?}",
            case.balances
        );
        let out = get_dy(case.balances, case.rates, &p, case.i, case.j, case.dx);
        assert_eq!(out, Ok(case.dy));
    }
}

#[test]
fn exp_matches_the_contract() {
    assert_eq!(exp(0), Ok(ETH));
    // e * 1e18 = 2718281828459045235.36... (Python Decimal, 50 digits); the contract rounds down.
    assert_eq!(exp(ETH as i128), Ok(2_718_281_828_459_045_235));
    // 1/e * 1e18 = 367879441171442321.59...
    assert_eq!(exp(-(ETH as i128)), Ok(367_879_441_171_442_321));
    assert_eq!(exp(10 * ETH as i128), Ok(22_026_465_794_806_716_516_980));
    assert_eq!(exp(-40 * ETH as i128), Ok(4));
    // The cut-off at ln(0.5e-18) and large negatives.
    assert_eq!(exp(-41_446_531_673_892_822_312), Ok(1));
    assert_eq!(exp(-41_446_531_673_892_822_313), Ok(0));
    assert_eq!(exp(-1_000 * ETH as i128), Ok(0));
    assert_eq!(exp(i128::MIN), Ok(0));
    // Seeded random points, values from the Python port.
    for (x, expected) in [
        (-6_068_226_204_962_474_952, 2_315_276_396_203_247),
        (-29_992_378_303_300_032_754, 94_292),
        (
            46_936_812_917_358_800_691,
            242_325_349_696_383_925_534_810_704_335_700_337_370,
        ),
        (
            38_532_746_179_102_435_345,
            54_269_902_103_327_312_901_241_172_160_733_163,
        ),
        (-41_308_327_092_656_638_516, 1),
        (-34_286_085_236_685_314_214, 1_287),
    ] {
        assert_eq!(exp(x), Ok(expected), "exp({x})");
    }
    // Results above u128 (x above ~47.28e18) and the contract's "wad_exp overflow".
    assert_eq!(
        exp(47_276_307_437_780_176_000),
        Ok(340_282_366_920_938_023_452_340_763_300_819_527_619)
    );
    assert_eq!(exp(48 * ETH as i128), Err(AmmError::Overflow));
    assert_eq!(exp(135_305_999_368_893_231_589), Err(AmmError::Overflow));
    assert_eq!(exp(i128::MAX), Err(AmmError::Overflow));
}

#[test]
fn exp_of_a_non_positive_argument_is_at_most_one() {
    // The EMA computes 1e18 - exp(-t): it must not underflow.
    for x in -200_000..=0 {
        assert!(exp(x).expect("in range") <= ETH, "exp({x})");
    }
    let mut rng = ChaCha8Rng::seed_from_u64(0x0065_7870);
    for _ in 0..20_000 {
        let x = -(rng.random::<i128>() >> rng.random_range(64..127u32)).abs();
        assert!(exp(x).expect("in range") <= ETH, "exp({x})");
    }
}

#[test]
fn ema_moves_one_minus_one_over_e_per_time_constant() {
    let t0 = 1_000;
    let mut oracle = EmaOracle::new(t0);
    assert_eq!(oracle.price_oracle(t0, MA_EXP_TIME), ETH);
    // A trade leaves the state price at 0.9; the EMA has not moved yet (0 s elapsed).
    oracle.update(900_000_000_000_000_000, t0, MA_EXP_TIME);
    assert_eq!(
        oracle,
        EmaOracle {
            last_price: 900_000_000_000_000_000,
            ma_price: ETH,
            ma_last_time: t0
        }
    );
    assert_eq!(oracle.price_oracle(t0, MA_EXP_TIME), ETH);
    // Another update in the same second does not move the EMA either.
    oracle.update(800_000_000_000_000_000, t0, MA_EXP_TIME);
    assert_eq!(oracle.ma_price, ETH);
    oracle.update(900_000_000_000_000_000, t0, MA_EXP_TIME);
    // After one block of 12 s, and after one time constant: 1 - 0.1 * (1 - 1/e)
    // = 0.93678794411714423... (0.9 + 0.1 * exp(-1e18) / 1e18, rounded down).
    assert_eq!(
        oracle.price_oracle(t0 + 12, MA_EXP_TIME),
        998_623_875_078_720_852
    );
    assert_eq!(
        oracle.price_oracle(t0 + MA_EXP_TIME, MA_EXP_TIME),
        936_787_944_117_144_232
    );
    // Long after, the EMA reaches the last price.
    assert_eq!(
        oracle.price_oracle(t0 + 100 * MA_EXP_TIME, MA_EXP_TIME),
        900_000_000_000_000_000
    );
    assert_eq!(
        oracle.price_oracle(u64::MAX, MA_EXP_TIME),
        900_000_000_000_000_000
    );
    // Time running backward, or a zero window (refused by the contract), leaves the EMA alone.
    assert_eq!(oracle.price_oracle(t0 - 1, MA_EXP_TIME), ETH);
    assert_eq!(oracle.price_oracle(t0 + MA_EXP_TIME, 0), ETH);
}

#[test]
fn ema_update_follows_upkeep_oracles() {
    let t0 = 12 * 19_000_000;
    let mut oracle = EmaOracle::new(t0);
    oracle.update(900_000_000_000_000_000, t0, MA_EXP_TIME);
    // The EMA is brought forward from the old last price before the new one is stored.
    let expected_ma = oracle.price_oracle(t0 + MA_EXP_TIME, MA_EXP_TIME);
    oracle.update(3 * ETH, t0 + MA_EXP_TIME, MA_EXP_TIME);
    assert_eq!(
        oracle,
        EmaOracle {
            last_price: MAX_LAST_PRICE, // capped at 2e18
            ma_price: expected_ma,
            ma_last_time: t0 + MA_EXP_TIME,
        }
    );
    // A zero state price leaves both prices but still advances the clock.
    let before = oracle;
    oracle.update(0, t0 + 2 * MA_EXP_TIME, MA_EXP_TIME);
    assert_eq!(oracle.last_price, before.last_price);
    assert_eq!(oracle.ma_price, before.ma_price);
    assert_eq!(oracle.ma_last_time, t0 + 2 * MA_EXP_TIME);
    // The clock never goes backward.
    oracle.update(ETH, t0, MA_EXP_TIME);
    assert_eq!(oracle.ma_last_time, t0 + 2 * MA_EXP_TIME);
}

#[test]
fn get_y_agrees_with_get_dy() {
    let balances = pool(111_300, 491_000);
    let dx = 2_500 * ETH;
    let y = get_y(1, 0, balances[1] + dx, balances, AMP).expect("valid pool");
    let no_fee = NgParams {
        fee: 0,
        ..params(2 * FEE_DENOMINATOR)
    };
    assert_eq!(
        get_dy(balances, PLAIN, &no_fee, 1, 0, dx),
        Ok(balances[0] - y - 1)
    );
}

#[test]
fn invariant_does_not_decrease_after_a_swap_with_fee() {
    let rates = [ETH, 1_050_000_000_000_000_000];
    let p = params(2 * FEE_DENOMINATOR);
    for balances in [pool(10_000, 10_000), pool(111_300, 491_000), pool(3, 7)] {
        for (i, j) in [(0, 1), (1, 0)] {
            for dx in [ETH / 1_000, ETH, balances[i] / 3, balances[i] * 4] {
                let q = quote(balances, rates, &p, i, j, dx);
                let after = apply(balances, i, j, dx, q);
                let d = |b| get_d(xp_mem(b, rates).expect("fits"), AMP).expect("valid pool");
                assert!(d(after) >= d(balances), "{balances:?} {i}->{j} {dx}");
            }
        }
    }
}

#[test]
fn bad_inputs_are_errors() {
    let balances = pool(10_000, 10_000);
    let p = params(2 * FEE_DENOMINATOR);
    assert_eq!(
        get_dy(balances, PLAIN, &p, 1, 1, ETH),
        Err(AmmError::SameCoin)
    );
    assert_eq!(
        get_dy(balances, PLAIN, &p, 0, 2, ETH),
        Err(AmmError::BadIndex)
    );
    assert_eq!(
        get_dy(balances, PLAIN, &p, 2, 0, ETH),
        Err(AmmError::BadIndex)
    );
    assert_eq!(get_y(0, 3, ETH, balances, AMP), Err(AmmError::BadIndex));
    assert_eq!(get_y(0, 1, 0, balances, AMP), Err(AmmError::EmptyPool));
    let zero_amp = NgParams { amp: 0, ..p };
    assert_eq!(
        get_dy(balances, PLAIN, &zero_amp, 0, 1, ETH),
        Err(AmmError::InvalidAmp)
    );
    assert_eq!(get_d(balances, 0), Err(AmmError::InvalidAmp));
    assert_eq!(spot_price(balances, PLAIN, 0), Err(AmmError::InvalidAmp));
    // The factory's and set_new_fee's bounds.
    let too_high = NgParams {
        fee: MAX_FEE + 1,
        offpeg_fee_multiplier: 0,
        ..p
    };
    assert_eq!(
        get_dy(balances, PLAIN, &too_high, 0, 1, ETH),
        Err(AmmError::FeeAboveMax)
    );
    let at_bound = NgParams {
        offpeg_fee_multiplier: 12_500_000_000_000,
        ..p
    };
    assert!(get_dy(balances, PLAIN, &at_bound, 0, 1, ETH).is_ok());
    let over = NgParams {
        offpeg_fee_multiplier: 12_500_000_000_001,
        ..p
    };
    assert_eq!(
        get_dy(balances, PLAIN, &over, 0, 1, ETH),
        Err(AmmError::FeeAboveMax)
    );
    // A zero balance, a zero rate, or a rate so small that xp rounds to zero.
    assert_eq!(
        get_dy([0, 10 * ETH], PLAIN, &p, 0, 1, ETH),
        Err(AmmError::EmptyPool)
    );
    assert_eq!(
        get_dy(balances, [ETH, 0], &p, 0, 1, ETH),
        Err(AmmError::EmptyPool)
    );
    assert_eq!(
        get_p([ETH / 10, ETH], [1, ETH], AMP),
        Err(AmmError::EmptyPool)
    );
    assert_eq!(get_d([0, 10 * ETH], AMP), Err(AmmError::EmptyPool));
    // exchange asserts dx > 0; the view's get_dy has no such check but underflows on
    // `xp[j] - y - 1`. A 1-wei trade is valid and pays nothing, as in the Python port.
    assert_eq!(
        quote_exchange(balances, PLAIN, &p, 0, 1, 0),
        Err(AmmError::ZeroOutput)
    );
    assert_eq!(
        get_dy(balances, PLAIN, &p, 0, 1, 0),
        Err(AmmError::ZeroOutput)
    );
    assert_eq!(get_dy(balances, PLAIN, &p, 0, 1, 1), Ok(0));
    // Balances whose xp does not fit u128, and a D whose square leaves 256 bits.
    assert_eq!(
        xp_mem([u128::MAX, 1], [2 * ETH, ETH]),
        Err(AmmError::Overflow)
    );
    assert_eq!(get_d([u128::MAX, u128::MAX], AMP), Err(AmmError::Overflow));
    // Selling u128::MAX wei: the view's get_dy pays all but 1 wei of xp less the fee (about
    // 2 * 0.04% far off peg), but `exchange` reverts because `_get_p` divides by y = 0.
    assert_eq!(
        get_dy(balances, PLAIN, &p, 0, 1, u128::MAX),
        Ok(9_992_000_000_000_000_000_000)
    );
    assert_eq!(
        quote_exchange(balances, PLAIN, &p, 0, 1, u128::MAX),
        Err(AmmError::InsufficientLiquidity)
    );
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
fn no_input_panics_and_no_trade_pays_more_than_the_pool_holds() {
    // Seeded, so every run checks the same 5,000 cases.
    let mut rng = ChaCha8Rng::seed_from_u64(0x4e47_5357);
    let mut paid = 0;
    for _ in 0..5_000 {
        // Either anything at all, or what a deployed pool can hold: balances below 2^90 wei,
        // an 18-decimal coin 0, an LRT rate within a factor of 2, fee <= 1% and a multiplier
        // within the factory's bound.
        let (balances, rates, p, i, j, dx) = if rng.random_bool(0.3) {
            let p = NgParams {
                amp: any_u128(&mut rng) >> rng.random_range(0..128u32),
                fee: rng.random_range(0..=MAX_FEE + 10),
                offpeg_fee_multiplier: any_u128(&mut rng) >> rng.random_range(0..128u32),
                ma_exp_time: rng.random(),
            };
            let balances = [any_u128(&mut rng), any_u128(&mut rng)];
            let rates = [any_u128(&mut rng), any_u128(&mut rng)];
            let (i, j) = (rng.random_range(0..3usize), rng.random_range(0..3usize));
            (balances, rates, p, i, j, any_u128(&mut rng))
        } else {
            let fee = rng.random_range(0..=100_000_000);
            let max_multiplier =
                (MAX_FEE * FEE_DENOMINATOR / fee.max(1)).min(100 * FEE_DENOMINATOR);
            let p = NgParams {
                amp: rng.random_range(1..=10_000),
                fee,
                offpeg_fee_multiplier: rng.random_range(0..=max_multiplier),
                ma_exp_time: rng.random_range(1..=100_000),
            };
            let balances = [
                rng.random_range(1..1u128 << 90),
                rng.random_range(1..1u128 << 90),
            ];
            let rates = [ETH, rng.random_range(ETH / 2..2 * ETH)];
            let i = rng.random_range(0..2usize);
            let dx = rng.random_range(0..=balances[i].saturating_mul(3));
            (balances, rates, p, i, 1 - i, dx)
        };
        let _ = get_p(balances, rates, p.amp);
        let _ = spot_price(balances, rates, p.amp);
        let _ = dynamic_fee(balances[0], balances[1], p.fee, p.offpeg_fee_multiplier);
        let out = get_dy(balances, rates, &p, i, j, dx);
        if let Ok(dy) = out {
            assert!(
                dy <= balances[j],
                "{balances:?} {rates:?} {p:?} {i}->{j} {dx}"
            );
        }
        if let Ok(q) = quote_exchange(balances, rates, &p, i, j, dx) {
            assert!(q.dy + q.admin_fee < balances[j]);
            assert!(q.admin_fee <= q.fee);
            assert!(q.fee_rate >= p.fee || p.offpeg_fee_multiplier <= FEE_DENOMINATOR);
            assert_eq!(out, Ok(q.dy));
            paid += 1;
        }
        let mut oracle = EmaOracle {
            last_price: any_u128(&mut rng),
            ma_price: any_u128(&mut rng),
            ma_last_time: rng.random(),
        };
        let (now, window) = (
            rng.random::<u64>(),
            rng.random::<u64>() >> rng.random_range(0..64u32),
        );
        let ema = oracle.price_oracle(now, window);
        assert!(ema >= oracle.last_price.min(oracle.ma_price));
        assert!(ema <= oracle.last_price.max(oracle.ma_price));
        let (before, new_price) = (oracle, any_u128(&mut rng));
        oracle.update(new_price, now, window);
        if new_price == 0 {
            assert_eq!(oracle.last_price, before.last_price);
        } else {
            assert_eq!(oracle.last_price, new_price.min(MAX_LAST_PRICE));
        }
        assert_eq!(oracle.ma_last_time, before.ma_last_time.max(now));
    }
    // The loop must exercise successful trades, not only refusals.
    assert!(paid > 2_000, "only {paid} trades succeeded");
}
