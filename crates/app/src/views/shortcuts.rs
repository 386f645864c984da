//! Keyboard shortcuts: one table ([`SHORTCUTS`]) read both by the key handler and by the help
//! overlay, so the overlay always lists what the keys do.

use leptos::prelude::*;

use crate::state::view::ViewSettings;
use crate::state::AppState;

/// What a key does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    PlayPause,
    Step,
    Reset,
    Fault,
    Presenter,
    NextEvent,
    Help,
    Close,
}

/// One shortcut: the keys (as `KeyboardEvent.key` values), how the overlay writes them, and
/// what they do.
pub struct Shortcut {
    pub keys: &'static [&'static str],
    pub shown: &'static str,
    pub action: Action,
    pub what: &'static str,
}

pub const SHORTCUTS: [Shortcut; 8] = [
    Shortcut {
        keys: &[" "],
        shown: "Space",
        action: Action::PlayPause,
        what: "play or pause",
    },
    Shortcut {
        keys: &["ArrowRight"],
        shown: "→",
        action: Action::Step,
        what: "step one block (12 s)",
    },
    Shortcut {
        keys: &["r", "R"],
        shown: "R",
        action: Action::Reset,
        what: "reset to block 0",
    },
    Shortcut {
        keys: &["f", "F"],
        shown: "F",
        action: Action::Fault,
        what: "inject the oracle fault",
    },
    Shortcut {
        keys: &["n", "N"],
        shown: "N",
        action: Action::NextEvent,
        what: "play to the next milestone and pause",
    },
    Shortcut {
        keys: &["p", "P"],
        shown: "P",
        action: Action::Presenter,
        what: "presenter mode on or off",
    },
    Shortcut {
        keys: &["?"],
        shown: "?",
        action: Action::Help,
        what: "show or hide this help",
    },
    Shortcut {
        keys: &["Escape"],
        shown: "Esc",
        action: Action::Close,
        what: "close help, side panels and the inspector",
    },
];

/// The action of `key` (a `KeyboardEvent.key` value), if any.
pub fn action_for(key: &str) -> Option<Action> {
    SHORTCUTS
        .iter()
        .find(|s| s.keys.contains(&key))
        .map(|s| s.action)
}

/// Does `action`.
pub fn perform(action: Action, state: AppState, ui: ViewSettings) {
    match action {
        Action::PlayPause => state.toggle_play(),
        Action::Step => state.step_once(),
        Action::Reset => state.reset(),
        Action::Fault => state.fault_default(),
        Action::Presenter => ui.toggle_presenter(),
        Action::NextEvent => state.next_event(),
        Action::Help => ui.help.update(|h| *h = !*h),
        Action::Close => {
            ui.help.set(false);
            ui.drawer.set(None);
            state.select(None);
        }
    }
}

/// The overlay listing the shortcuts (`?`).
#[component]
pub fn ShortcutsHelp() -> impl IntoView {
    let ui = expect_context::<ViewSettings>();
    view! {
        <Show when=move || ui.help.get()>
            <div class="shortcuts-help" role="dialog" aria-label="Keyboard shortcuts" data-testid="shortcuts-help">
                <h2>"Keyboard shortcuts"</h2>
                <dl>
                    {SHORTCUTS
                        .iter()
                        .map(|s| view! {
                            <div class="shortcut">
                                <dt><kbd>{s.shown}</kbd></dt>
                                <dd>{s.what}</dd>
                            </div>
                        })
                        .collect_view()}
                </dl>
                <button class="btn" data-testid="shortcuts-close" on:click=move |_| ui.help.set(false)>"Close"</button>
            </div>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_key_does_one_thing_and_the_brief_keys_are_there() {
        assert_eq!(action_for(" "), Some(Action::PlayPause));
        assert_eq!(action_for("ArrowRight"), Some(Action::Step));
        assert_eq!(action_for("r"), Some(Action::Reset));
        assert_eq!(action_for("f"), Some(Action::Fault));
        assert_eq!(action_for("?"), Some(Action::Help));
        assert_eq!(action_for("N"), Some(Action::NextEvent));
        assert_eq!(action_for("x"), None);
        let keys: Vec<&str> = SHORTCUTS
            .iter()
            .flat_map(|s| s.keys.iter().copied())
            .collect();
        for (i, k) in keys.iter().enumerate() {
            assert!(!keys[..i].contains(k), "{k} is bound twice");
        }
    }
}
