// Page objects of the chart panel (crates/app/src/views/chart_tabs.rs, chart.rs) and its Monte
// Carlo tab (monte_carlo_view.rs, mc_controls.rs).
import { expect } from '@playwright/test';

/** The tabs' ids (`ChartTab::id`) and their canvases' test ids (`ChartTab::canvas_testid`). */
export const CHART_TABS = {
  price: 'chart',
  markets: 'chart-markets',
  avs: 'chart-avs',
  hf: 'chart-hf',
  losses: 'chart-losses',
  yield: 'chart-yield',
  insurance: 'chart-insurance',
  leverage: 'chart-leverage',
  'monte-carlo': 'monte-carlo-chart',
};

/** Share of the canvas `canvas`'s pixels that are not white (0 for a blank canvas). */
export async function inkedShare(canvas) {
  return canvas.evaluate((c) => {
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let inked = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240) inked++;
    }
    return inked / (data.length / 4);
  });
}

export class ChartsView {
  /** @param {import('@playwright/test').Page} page */
  constructor(page) {
    this.page = page;
    this.tabs = page.getByTestId('chart-tabs');
    this.monteCarlo = new MonteCarloView(page);
  }

  tab(id) {
    return this.page.getByTestId(`chart-tab-${id}`);
  }

  canvas(id) {
    return this.page.getByTestId(CHART_TABS[id]);
  }

  /** Opens tab `id` and waits until it is the selected one. */
  async open(id) {
    await this.tab(id).click();
    await expect(this.tab(id)).toHaveAttribute('aria-selected', 'true');
  }

  /** Share of the canvas of tab `id`'s pixels that are not white (0 for a blank canvas). */
  async inkedShare(id) {
    return inkedShare(this.canvas(id));
  }
}

export class MonteCarloView {
  /** @param {import('@playwright/test').Page} page */
  constructor(page) {
    this.page = page;
    this.root = page.getByTestId('monte-carlo');
    this.runs = page.getByTestId('mc-runs');
    this.blocks = page.getByTestId('mc-blocks');
    this.metric = page.getByTestId('mc-metric');
    this.start = page.getByTestId('mc-start');
    this.cancel = page.getByTestId('mc-cancel');
    this.progress = page.getByTestId('mc-progress');
    this.status = page.getByTestId('mc-status');
    this.result = page.getByTestId('mc-result');
    this.chart = page.getByTestId('monte-carlo-chart');
  }

  keyElements() {
    return [this.root, this.runs, this.blocks, this.metric, this.start, this.progress, this.status, this.result, this.chart];
  }
}
