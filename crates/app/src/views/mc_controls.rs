//! What the two Monte Carlo views ([`super::monte_carlo_view`], the chart tab, and
//! [`super::position_mc_view`], the playbook card) share: starting N runs of the current
//! scenario with the faults injected so far, the "to block" choice and the Run / Cancel button.
//! Each view's test ids start with its own `prefix` (`mc`, `pos-mc`).

use leptos::prelude::*;

use crate::data::monte_carlo::{about, Config, Follow, MonteCarlo, BLOCK_CHOICES};
use crate::mc_runner::McRunner;
use crate::state::RunState;
use restake_worker::Kind;

/// Begins `runs` runs to `to_block` of `run`'s scenario with its injected faults on `runner`
/// (seeds from `run`'s seed, followed as `kind`), described with `note` on the faults
/// ([`about`]). Returns the config; `None`, with the reason in the runner's status, when the
/// scenario cannot be run (invalid, or nothing for `T` to follow).
pub fn start_runs<T: Follow + 'static>(
    runner: McRunner<T>,
    run: &RunState,
    runs: u32,
    to_block: u64,
    kind: Kind,
    note: &str,
) -> Option<Config> {
    let config = Config {
        runs,
        to_block,
        base_seed: run.seed.get_untracked(),
    };
    let made = run.with_sim(|sim| {
        MonteCarlo::<T>::new(sim.scenario().clone(), sim.injected(), config.clone())
            .map(|mc| (mc, sim.scenario().name.clone(), sim.injected().len()))
    });
    match made {
        Ok((mc, name, faults)) => {
            runner.begin(mc, kind, about(&name, &config, faults, note));
            Some(config)
        }
        Err(e) => {
            runner.status.set(format!("Cannot run: {e}"));
            None
        }
    }
}

/// The "to block" select over [`BLOCK_CHOICES`], each with its span (`{prefix}-blocks`).
#[component]
pub fn BlockSelect(to_block: RwSignal<u64>, prefix: &'static str) -> impl IntoView {
    view! {
        <label>"to block"
            <select data-testid=format!("{prefix}-blocks") on:change=move |ev| {
                if let Ok(n) = event_target_value(&ev).parse() { to_block.set(n) }
            }>
                {BLOCK_CHOICES.map(|n| view! {
                    <option value=n selected=move || to_block.get() == n>
                        {format!("{} ({})", crate::data::format::grouped(n), crate::data::format::span(n))}
                    </option>
                })}
            </select>
        </label>
    }
}

/// The start button (`{prefix}-start`, showing `label`, hover text `title`) while nothing runs,
/// the cancel button (`{prefix}-cancel`) while the runs go on.
#[component]
pub fn RunCancel(
    running: RwSignal<bool>,
    start: Callback<()>,
    cancel: Callback<()>,
    prefix: &'static str,
    label: &'static str,
    title: &'static str,
) -> impl IntoView {
    view! {
        <Show when=move || running.get() fallback=move || view! {
            <button class="btn btn-small btn-primary" data-testid=format!("{prefix}-start") title=title on:click=move |_| start.run(())>{label}</button>
        }>
            <button class="btn btn-small" data-testid=format!("{prefix}-cancel") on:click=move |_| cancel.run(())>"■ Cancel"</button>
        </Show>
    }
}
