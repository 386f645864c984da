//! View state that is not about the run: presenter mode, the shortcut overlay and which drawer
//! is open. `Copy` (arena handles), provided as context next to [`crate::state::AppState`].

use leptos::prelude::*;

/// The side drawers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Drawer {
    Library,
    Editor,
    /// The "My position" form.
    Position,
}

#[derive(Clone, Copy)]
pub struct UiState {
    /// Large type and high contrast for a projector.
    pub presenter: RwSignal<bool>,
    /// The keyboard shortcut overlay.
    pub help: RwSignal<bool>,
    pub drawer: RwSignal<Option<Drawer>>,
    /// The playbook view ([`crate::views::playbook`]) shows in place of the network graph.
    pub playbook: RwSignal<bool>,
}

impl UiState {
    pub fn new() -> UiState {
        UiState {
            presenter: RwSignal::new(false),
            help: RwSignal::new(false),
            drawer: RwSignal::new(None),
            playbook: RwSignal::new(false),
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

impl Default for UiState {
    fn default() -> Self {
        UiState::new()
    }
}
