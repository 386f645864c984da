// Page object of the readouts row (crates/app/src/views/readouts.rs, security_readouts.rs,
// channel_readouts.rs, bridge_readouts.rs): each `data-testid` holds only a number.
export class ReadoutsView {
  /** @param {import('@playwright/test').Page} page */
  constructor(page) {
    this.page = page;
    this.block = page.getByTestId('block-number');
    this.price = page.getByTestId('metric-lrt-price');
    this.nav = page.getByTestId('metric-nav');
    this.slashed = page.getByTestId('metric-slashed');
    this.liquidations = page.getByTestId('metric-liquidations');
    this.badDebt = page.getByTestId('metric-bad-debt');
    this.stateHash = page.getByTestId('state-hash');
    this.networkSlack = page.getByTestId('metric-network-slack');
    this.finality = page.getByTestId('metric-finality');
    this.beaconPenalties = page.getByTestId('metric-beacon-penalties');
    // Shown only for scenarios with a bridge exploit (rseth-2026).
    this.bridgeMinted = page.getByTestId('metric-bridge-minted');
    this.bridgePhase = page.getByTestId('bridge-phase');
    this.lenderLoss = page.getByTestId('metric-lender-loss');
    this.insolventDebt = page.getByTestId('metric-insolvent-debt');
  }

  keyElements() {
    return [this.block, this.price, this.nav, this.slashed, this.liquidations, this.badDebt, this.stateHash, this.networkSlack, this.finality, this.beaconPenalties];
  }

  /** The number `locator` shows ("1,234.5" -> 1234.5). */
  async number(locator) {
    return parseFloat(((await locator.textContent()) ?? '').replace(/,/g, ''));
  }
}
