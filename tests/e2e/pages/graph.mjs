// Page objects of the network graph (crates/app/src/graph_view/: nodes, zoom, grouping) and
// the inspector beside it (crates/app/src/views/inspector.rs).
import { expect } from '@playwright/test';

export class GraphView {
  /** @param {import('@playwright/test').Page} page */
  constructor(page) {
    this.page = page;
    this.svg = page.getByTestId('graph');
    this.zoomLayer = page.getByTestId('graph-zoom-layer');
    this.nodes = page.locator('[data-testid=graph] [data-node-state]');
    this.zoomIn = page.getByTestId('graph-zoom-in');
    this.zoomOut = page.getByTestId('graph-zoom-out');
    this.zoomReset = page.getByTestId('graph-zoom-reset');
    this.groupToggle = page.getByTestId('graph-group-toggle');
    this.playbookButton = page.getByTestId('playbook-open');
    this.compareButton = page.getByTestId('compare-open');
  }

  keyElements() {
    return [this.svg, this.zoomLayer, this.nodes.first(), this.zoomIn, this.zoomOut, this.zoomReset, this.playbookButton, this.compareButton];
  }

  /** The `n`th node of `kind` (its `data-node-kind`, e.g. "operator"). */
  node(kind, n = 0) {
    return this.page.locator(`[data-testid=graph] [data-node-kind="${kind}"]`).nth(n);
  }

  /** The node labelled `label`. */
  nodeLabelled(label) {
    return this.page.locator(`[data-testid=graph] [data-node-label="${label}"]`);
  }

  /** Nodes drawn in `state` ("healthy", "at-risk", "slashed", "failed"). */
  nodesIn(state) {
    return this.page.locator(`[data-testid=graph] [data-node-state="${state}"]`);
  }

  /** The zoom layer's transform attribute. */
  async transform() {
    return this.zoomLayer.getAttribute('transform');
  }

  /** Clicks `node`'s circle and waits until the inspector shows it; returns the inspector. */
  async inspect(node) {
    const label = await node.getAttribute('data-node-label');
    await node.locator('circle').last().click();
    const inspector = new InspectorView(this.page);
    await expect(inspector.root).toHaveAttribute('data-node-label', label ?? '');
    return inspector;
  }
}

export class InspectorView {
  /** @param {import('@playwright/test').Page} page */
  constructor(page) {
    this.page = page;
    this.root = page.getByTestId('inspector');
    this.close = page.getByTestId('inspector-close');
    this.chart = page.getByTestId('inspector-chart');
    this.histogram = page.getByTestId('hf-histogram');
    this.aimKind = page.getByTestId('aim-kind');
    this.aimFault = page.getByTestId('aim-fault');
  }

  /** The value of the inspector's row `label` ("Delegated stake", ...). */
  row(label) {
    return this.root.locator(`dd[data-row="${label}"]`);
  }

  /** The mitigation button `id` ("veto-off", "pause-lrt", ...). */
  mitigation(id) {
    return this.page.getByTestId(`mitigation-${id}`);
  }
}
