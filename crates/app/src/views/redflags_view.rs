//! The red flags beside the position ([`restake_engine::redflags::evaluate`]): each flag with
//! what raised it (or why not), its threshold and the seed article's explanation.

use leptos::prelude::*;

use crate::state::Published;

#[component]
pub fn RedFlagsCard() -> impl IntoView {
    let published = expect_context::<Published>();
    let raised = move || {
        published
            .red_flags
            .with(|f| f.iter().filter(|x| x.raised).count())
    };
    let total = move || published.red_flags.with(Vec::len);
    view! {
        <div class="pb-card" data-testid="red-flags">
            <h3>"Red flags"<span class="hint">{move || format!(" {} of {} raised for what your position is exposed to", raised(), total())}</span></h3>
            <ul class="pb-flags">
                {move || published.red_flags.get().into_iter().map(|f| view! {
                    <li class=if f.raised { "pb-flag raised" } else { "pb-flag" } data-testid="red-flag" data-raised=f.raised.to_string() data-flag=f.flag.label()>
                        <span class=if f.raised { "badge badge-raised" } else { "badge badge-ok" }>{if f.raised { "⚑ raised" } else { "✓ ok" }}</span>
                        " "<b>{f.flag.label()}</b>": "{f.finding}
                        <div class="pb-flag-threshold">"Raised when "{f.threshold}"."</div>
                        <div class="pb-flag-why">{f.explanation}</div>
                    </li>
                }).collect_view()}
            </ul>
        </div>
    }
}
