//! View settings: how the page is laid out (presenter mode, the shortcut overlay, which drawer
//! or the playbook is open) and what it looks at (the selected node, the operators drawn as one
//! group node). Nothing here is about the run itself. `Copy` (arena handles), part of
//! [`crate::state::AppState`] and provided as its own context.

use leptos::prelude::*;
use restake_engine::NodeRef;

/// The side drawers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Drawer {
    Library,
    Editor,
    /// The "My position" form.
    Position,
}

/// Layout, drawers and selection.
#[derive(Clone, Copy)]
pub struct ViewSettings {
    /// Large type and high contrast for a projector.
    pub presenter: RwSignal<bool>,
    /// The keyboard shortcut overlay.
    pub help: RwSignal<bool>,
    pub drawer: RwSignal<Option<Drawer>>,
    /// The playbook view ([`crate::views::playbook`]) shows in place of the network graph.
    pub playbook: RwSignal<bool>,
    /// The node the inspector shows; `None` closes it.
    pub selected: RwSignal<Option<NodeRef>>,
    /// Operators drawn as one group node (empty when expanded or the network is small).
    pub grouped: RwSignal<Vec<NodeRef>>,
    /// The operators that would be grouped for this scenario.
    pub groupable: RwSignal<Vec<NodeRef>>,
}

impl ViewSettings {
    pub fn new() -> ViewSettings {
        ViewSettings {
            presenter: RwSignal::new(false),
            help: RwSignal::new(false),
            drawer: RwSignal::new(None),
            playbook: RwSignal::new(false),
            selected: RwSignal::new(None),
            grouped: RwSignal::new(Vec::new()),
            groupable: RwSignal::new(Vec::new()),
        }
    }

    /// Opens `drawer`, or closes it if it is open.
    pub fn toggle_drawer(&self, drawer: Drawer) {
        self.drawer.update(|d| {
            *d = if *d == Some(drawer) {
                None
            } else {
                Some(drawer)
            }
        });
    }

    /// Turns presenter mode on (showing the shortcuts once) or off. The chart and the graph
    /// measure themselves on a window resize, so one is sent after the new layout is in place.
    pub fn toggle_presenter(&self) {
        let on = !self.presenter.get_untracked();
        self.presenter.set(on);
        self.help.set(on);
        request_animation_frame(|| {
            if let (Some(w), Ok(ev)) = (web_sys::window(), web_sys::Event::new("resize")) {
                let _ = w.dispatch_event(&ev);
            }
        });
    }
}

impl Default for ViewSettings {
    fn default() -> Self {
        ViewSettings::new()
    }
}
