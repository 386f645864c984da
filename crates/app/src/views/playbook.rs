//! The playbook view ("Your stack under stress", `docs/PLAYBOOK.md`): in place of the network
//! graph, what the run does to the position the scenario places, updated as the run advances:
//! loss by channel and the yield stack ([`crate::views::position_outcome_view`]), the same over a
//! Monte Carlo of seeds ([`crate::views::position_mc_view`]), the alerts
//! ([`crate::views::alerts_view`]), the mock exit ([`crate::views::exit_view`]) and the red flags
//! ([`crate::views::redflags_view`]). The position itself is entered in the "My position" drawer
//! ([`crate::views::position_form`]).

use leptos::prelude::*;

use crate::state::view::{Drawer, ViewSettings};
use crate::state::Published;
use crate::views::alerts_view::AlertsCard;
use crate::views::exit_view::ExitCard;
use crate::views::position_mc_view::PositionMcCard;
use crate::views::position_outcome_view::PositionOutcomeCard;
use crate::views::redflags_view::RedFlagsCard;

#[component]
pub fn Playbook() -> impl IntoView {
    let published = expect_context::<Published>();
    let ui = expect_context::<ViewSettings>();
    // Only whether there is a position re-renders the cards; each card follows the numbers.
    let has_position = Memo::new(move |_| published.position.with(Option::is_some));
    view! {
        <section class="panel panel-playbook" aria-labelledby="playbook-title" data-testid="playbook">
            <div class="panel-title">
                <h2 id="playbook-title">"Your stack under stress"</h2>
                <button class="btn btn-small" data-testid="playbook-edit" on:click=move |_| ui.drawer.set(Some(Drawer::Position))>"Edit my position"</button>
                <button class="btn btn-small" data-testid="playbook-close" title="Back to the restaking network" on:click=move |_| ui.playbook.set(false)>"Show the network"</button>
            </div>
            <div class="playbook-grid">
                <Show when=move || has_position.get() fallback=|| view! {
                    <div class="pb-card pb-empty" data-testid="playbook-empty">
                        <h3>"No position in this scenario"</h3>
                        <p>"Enter your holdings under “Edit my position”, or load one of the path presets (path-native-restaking, path-lst-restaking, path-lrt), which hold the same 1,000 ETH three ways."</p>
                    </div>
                }>
                    <PositionOutcomeCard/>
                    <PositionMcCard/>
                    <AlertsCard/>
                    <ExitCard/>
                </Show>
                <RedFlagsCard/>
            </div>
        </section>
    }
}
