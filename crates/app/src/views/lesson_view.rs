//! The lesson panel (`data-testid="lesson"`): a chapter's idea, its one lever, the prediction
//! the student commits to, the run, and the explanation with this run's numbers; back, next,
//! progress and a link to the chapter (`#lesson=NAME`). State and runs: [`crate::state::lesson`].

use leptos::prelude::*;

use crate::data::lesson_data::{Chapter, CHAPTERS};
use crate::state::lesson::{LessonState, Phase};
use crate::state::AppState;

/// "until the slash executes or is vetoed" / "for 1 d": how far the run plays.
fn moment(c: &Chapter) -> String {
    if c.stop.milestones.is_empty() {
        format!(
            "for {} of simulated time",
            crate::data::format::span(c.stop.block)
        )
    } else {
        let titles: Vec<&str> = c.stop.milestones.iter().map(|m| m.title()).collect();
        format!("until: {}", titles.join(" or "))
    }
}

#[component]
pub fn LessonPanel() -> impl IntoView {
    let lesson = expect_context::<LessonState>();
    let chapter = move || CHAPTERS[lesson.chapter.get()];
    let n = CHAPTERS.len();
    let prediction = move || lesson.predictions.with(|p| p[lesson.chapter.get()]);
    let setup = move || lesson.phase.get() == Phase::Setup;
    view! {
        <aside class="lesson" data-testid="lesson" aria-label="Lesson"
            data-chapter=move || chapter().slug
            data-phase=move || format!("{:?}", lesson.phase.get()).to_ascii_lowercase()
            data-prediction=move || prediction().map(|p| p.to_string()).unwrap_or_default()>
            <div class="lesson-head">
                <h2>"Lesson"</h2>
                <ol class="lesson-progress" data-testid="lesson-progress" aria-label=move || format!("Chapter {} of {n}", lesson.chapter.get() + 1)>
                    {CHAPTERS.iter().enumerate().map(|(i, c)| view! {
                        <li class:current=move || lesson.chapter.get() == i
                            class:done=move || lesson.predictions.with(|p| p[i].is_some())>
                            <a href=format!("#lesson={}", c.slug) title=c.title data-testid="lesson-chapter-link"
                                on:click=move |_| lesson.open_chapter(i)>{i + 1}</a>
                        </li>
                    }).collect_view()}
                </ol>
                <span class="lesson-count">{move || format!("{} / {n}", lesson.chapter.get() + 1)}</span>
                <button class="btn btn-small" data-testid="lesson-close" aria-label="Close the lesson" on:click=move |_| lesson.open.set(false)>"×"</button>
            </div>
            <div class="lesson-body">
                <h3 data-testid="lesson-title">{move || chapter().title}</h3>
                <p class="lesson-idea">{move || chapter().idea}</p>
                <Show when=move || lesson.phase.get() != Phase::Explained fallback=move || view! { <Summary/> }>
                    <LeverChoice/>
                    <Prediction/>
                </Show>
                <div class="lesson-run-row">
                    <button class="btn btn-play" data-testid="lesson-run"
                        disabled=move || prediction().is_none() || lesson.phase.get() == Phase::Running
                        title="Loads the chapter's run with your lever and plays it to the moment that answers the question"
                        on:click=move |_| lesson.run(expect_context::<AppState>(), false)>
                        {move || if setup() { "3. Run it" } else { "Run again" }}
                    </button>
                    <Show when=move || lesson.phase.get() == Phase::Running>
                        <button class="btn" data-testid="lesson-skip" disabled=move || lesson.skipping.get()
                            on:click=move |_| lesson.skip(expect_context::<AppState>())>"Skip to the answer"</button>
                    </Show>
                    <span class="lesson-moment">{move || if prediction().is_none() { "Predict first, then run.".to_string() } else { format!("Plays {}.", moment(&chapter())) }}</span>
                </div>
                <Show when=move || lesson.phase.get() == Phase::Explained>
                    <div class="lesson-explain" data-testid="lesson-explain" role="status">
                        <h4>"What happened, and why"</h4>
                        {move || lesson.explanation.get().into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
                    </div>
                </Show>
            </div>
            <nav class="lesson-nav">
                <button class="btn" data-testid="lesson-back" disabled=move || lesson.chapter.get() == 0
                    on:click=move |_| lesson.open_chapter(lesson.chapter.get_untracked().saturating_sub(1))>"← Back"</button>
                <a class="lesson-link" data-testid="lesson-link" href=move || format!("#lesson={}", chapter().slug)
                    title="A link that opens this chapter">{move || format!("#lesson={}", chapter().slug)}</a>
                <button class="btn" data-testid="lesson-next" disabled=move || { lesson.chapter.get() + 1 >= n }
                    on:click=move |_| lesson.open_chapter(lesson.chapter.get_untracked() + 1)>"Next →"</button>
            </nav>
        </aside>
    }
}

/// After the run: the lever and the prediction in one line each, and a way back to change them.
#[component]
fn Summary() -> impl IntoView {
    let lesson = expect_context::<LessonState>();
    let i = lesson.chapter.get_untracked();
    let c = CHAPTERS[i];
    let lever = c.options[lesson.option.get_untracked().min(c.options.len() - 1)].label;
    let predicted = lesson
        .predictions
        .with_untracked(|p| p[i])
        .map_or("none", |k| c.choices[k]);
    view! {
        <div class="lesson-summary" data-testid="lesson-summary">
            <p><b>{c.lever}": "</b>{lever}</p>
            <p><b>"Your prediction: "</b>{predicted}</p>
            <button class="btn btn-small" data-testid="lesson-change" on:click=move |_| lesson.phase.set(Phase::Setup)>"Change the lever and run again"</button>
        </div>
    }
}

/// "1. Set the lever": one radio button per lever position.
#[component]
fn LeverChoice() -> impl IntoView {
    let lesson = expect_context::<LessonState>();
    view! {
        <fieldset class="lesson-lever" data-testid="lesson-lever" disabled=move || lesson.phase.get() == Phase::Running>
            <legend>{move || format!("1. Set the lever: {}", CHAPTERS[lesson.chapter.get()].lever)}</legend>
            {move || {
                let c = CHAPTERS[lesson.chapter.get()];
                c.options.iter().enumerate().map(|(i, o)| view! {
                    <label class="lesson-option">
                        <input type="radio" name=format!("lever-{}", c.slug) value=i.to_string()
                            prop:checked=move || lesson.option.get() == i
                            on:change=move |_| lesson.option.set(i)/>
                        <span>{o.label}</span>
                    </label>
                }).collect_view()
            }}
        </fieldset>
    }
}

/// "2. Predict" (`data-testid="lesson-predict"`): the student's choice is recorded per chapter.
#[component]
fn Prediction() -> impl IntoView {
    let lesson = expect_context::<LessonState>();
    view! {
        <fieldset class="lesson-predict" data-testid="lesson-predict" disabled=move || lesson.phase.get() != Phase::Setup>
            <legend>{move || format!("2. Predict: {}", CHAPTERS[lesson.chapter.get()].question)}</legend>
            {move || {
                let i = lesson.chapter.get();
                let c = CHAPTERS[i];
                c.choices.iter().enumerate().map(|(k, text)| view! {
                    <label class="lesson-option">
                        <input type="radio" name=format!("predict-{}", c.slug) value=k.to_string()
                            prop:checked=move || lesson.predictions.with(|p| p[i] == Some(k))
                            on:change=move |_| lesson.predict(k)/>
                        <span>{*text}</span>
                    </label>
                }).collect_view()
            }}
        </fieldset>
    }
}
