// One page object per view of the app (tests/e2e/pages/*.mjs); `views(page)` builds them all.
// The older all-in-one `RestakePage` (../restake-page.mjs) exposes the same objects as fields.
import { ControlsView, FaultView } from './controls.mjs';
import { ReadoutsView } from './readouts.mjs';
import { ScenarioBarView, LibraryView, ImportNetworkView, EditorView, PositionFormView } from './scenario-bar.mjs';
import { GraphView, InspectorView } from './graph.mjs';
import { ChartsView, MonteCarloView, CHART_TABS } from './charts.mjs';
import { LogView } from './log.mjs';
import { CompareView } from './compare.mjs';
import { PlaybookView, PositionMcView } from './playbook.mjs';
import { LessonView, ShortcutsView } from './lesson.mjs';

export {
  ControlsView, FaultView, ReadoutsView, ScenarioBarView, LibraryView, ImportNetworkView, EditorView,
  PositionFormView, GraphView, InspectorView, ChartsView, MonteCarloView, CHART_TABS, LogView,
  CompareView, PlaybookView, PositionMcView, LessonView, ShortcutsView,
};

/** Every view's page object on `page`. */
export function views(page) {
  return {
    controls: new ControlsView(page),
    faults: new FaultView(page),
    readouts: new ReadoutsView(page),
    scenarioBar: new ScenarioBarView(page),
    library: new LibraryView(page),
    editor: new EditorView(page),
    positionForm: new PositionFormView(page),
    graph: new GraphView(page),
    inspector: new InspectorView(page),
    charts: new ChartsView(page),
    log: new LogView(page),
    compare: new CompareView(page),
    playbook: new PlaybookView(page),
    lesson: new LessonView(page),
    shortcuts: new ShortcutsView(page),
  };
}
