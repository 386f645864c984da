//! The scenario editor: every parameter of the loaded scenario as a labelled control with its
//! unit, range and help, in groups (see [`crate::data::editor_fields`] for the descriptions and how an
//! edit is applied).
//!
//! An accepted edit restarts the run at block 0 with the edited scenario. A refused one shows
//! the engine's reason with the field's path, and the last good scenario stays loaded.

use leptos::prelude::*;
use serde_json::Value;

use crate::data::editor_fields::{self, spec, Edit, GROUPS, OPTIONAL_DEFAULTS};
use crate::state::AppState;

type OnEdit = Callback<(String, Edit)>;

/// The field whose last edit was refused (its control is marked invalid).
#[derive(Clone, Copy)]
struct Refused(RwSignal<Option<String>>);

#[component]
pub fn ScenarioEditor() -> impl IntoView {
    let state = expect_context::<AppState>();
    let refused = RwSignal::new(None::<String>);
    let refused_field = RwSignal::new(None::<String>);
    provide_context(Refused(refused_field));
    let on_edit: OnEdit = Callback::new(move |(path, edit): (String, Edit)| {
        let result = state
            .with_sim(|s| editor_fields::apply(s.scenario(), &path, edit))
            .and_then(|scenario| {
                state
                    .load_scenario(scenario, state.run.seed.get_untracked(), None)
                    .map_err(|e| e.to_string())
            });
        match result {
            Ok(()) => {
                refused.set(None);
                refused_field.set(None);
            }
            Err(reason) => {
                refused_field.set(Some(path));
                state.run.error.set(Some(format!(
                    "Refused: {reason}. The last good scenario stays loaded."
                )));
                refused.set(Some(reason));
            }
        }
    });
    let groups = move || {
        state.run.scenario_version.track();
        let root = state.with_sim(|s| serde_json::to_value(s.scenario()).unwrap_or(Value::Null));
        GROUPS
            .iter()
            .map(|(title, keys)| {
                // A group of one object (LRT, pool, ...) shows its fields without another box.
                let fields = match (keys, keys.first().and_then(|k| root.get(*k))) {
                    ([key], Some(Value::Object(map))) => children(key, map, on_edit),
                    _ => keys
                        .iter()
                        .filter_map(|k| root.get(*k).map(|v| node(k.to_string(), v, on_edit)))
                        .collect_view()
                        .into_any(),
                };
                view! {
                    <details class="ed-group" open>
                        <summary>{*title}</summary>
                        <div class="ed-fields">{fields}</div>
                    </details>
                }
            })
            .collect_view()
    };
    view! {
        <div class="editor" data-testid="scenario-editor">
            <p class="drawer-intro">
                "A change applies when you leave the field or press Enter, and restarts the run at block 0. "
                "Values the engine refuses are not loaded: the reason names the field."
            </p>
            {move || refused.get().map(|r| view! {
                <p class="editor-refused" role="alert" data-testid="editor-error">{r}</p>
            })}
            {groups}
        </div>
    }
}

/// The controls for the value at `path`.
fn node(path: String, value: &Value, on: OnEdit) -> AnyView {
    let pattern = editor_fields::pattern(&path);
    let optional = OPTIONAL_DEFAULTS.iter().any(|(p, _)| *p == pattern);
    match value {
        Value::Object(map) => {
            let children = children(&path, map, on);
            let title = section_title(&path);
            let remove = optional.then(|| {
                let p = path.clone();
                view! {
                    <button class="btn btn-small" data-remove=path.clone() on:click=move |_| on.run((p.clone(), Edit::Remove))>"Remove"</button>
                }
            });
            view! {
                <fieldset class="ed-object" data-section=path.clone()>
                    <legend>{title}{remove}</legend>
                    {children}
                </fieldset>
            }
            .into_any()
        }
        Value::Array(items) => {
            let rows = items
                .iter()
                .enumerate()
                .map(|(i, v)| item(format!("{path}[{i}]"), v, on))
                .collect_view();
            let empty = items
                .is_empty()
                .then(|| view! { <p class="ed-empty">"none"</p> });
            view! {
                {legend(&pattern)}
                <div class="ed-list" data-section=path.clone()>
                    {rows}
                    {empty}
                </div>
            }
            .into_any()
        }
        Value::Null if optional => {
            let label = spec(&path).map_or("", |s| s.label);
            let help = spec(&path).map_or("", |s| s.help);
            let p = path.clone();
            view! {
                <div class="ed-field ed-none" title=help>
                    <span class="ed-label">{label}</span>
                    <span class="ed-value">"none"</span>
                    <button class="btn btn-small" data-add=path.clone() on:click=move |_| on.run((p.clone(), Edit::Add))>"Add"</button>
                    {(!path.contains('[')).then(|| view! { <span class="ed-help">{help}</span> })}
                </div>
            }
            .into_any()
        }
        _ => field(path, value, on),
    }
}

/// One item of a list (an operator, an AVS, a fault), as a compact box. Help texts are
/// tooltips here: they would repeat on every item.
fn item(path: String, value: &Value, on: OnEdit) -> AnyView {
    let name = value
        .get("name")
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| {
            value
                .pointer("/fault/kind")
                .and_then(Value::as_str)
                .map(|k| k.replace('_', " "))
        })
        .unwrap_or_default();
    let removable = path.starts_with("faults[");
    let fields = match value {
        Value::Object(map) => children(&path, map, on),
        other => node(path.clone(), other, on),
    };
    let p = path.clone();
    view! {
        <fieldset class="ed-item" data-section=path.clone()>
            <legend>
                <span class="ed-index">{path.clone()}</span>" "{name}
                {removable.then(|| view! {
                    <button class="btn btn-small" data-remove=path.clone() on:click=move |_| on.run((p.clone(), Edit::Remove))>"Remove"</button>
                })}
            </legend>
            {fields}
        </fieldset>
    }
    .into_any()
}

/// What the fields of the items of the list `pattern` (e.g. `operators`) mean, with their units
/// and ranges: list items show these only as tooltips.
fn legend(pattern: &str) -> Option<AnyView> {
    if pattern.contains('[') {
        return None; // a list inside a list item: the outer legend covers it
    }
    let prefix = format!("{pattern}[]");
    let rows = editor_fields::SPECS
        .iter()
        .filter(|s| s.path.starts_with(&prefix))
        .map(|s| {
            let unit = if s.unit.is_empty() {
                String::new()
            } else {
                format!(" ({})", s.unit)
            };
            view! {
                <dt>{s.label}{unit}</dt>
                <dd>{s.help}" Range: "{s.range}"."</dd>
            }
        })
        .collect_view();
    Some(
        view! {
            <details class="ed-legend">
                <summary>"What these fields mean"</summary>
                <dl>{rows}</dl>
            </details>
        }
        .into_any(),
    )
}

/// The fields of the object at `path`, in reading order.
fn children(path: &str, map: &serde_json::Map<String, Value>, on: OnEdit) -> AnyView {
    let mut fields: Vec<(String, &Value)> = map
        .iter()
        .map(|(k, v)| (format!("{path}.{k}"), v))
        .collect();
    fields.sort_by_key(|(p, _)| editor_fields::order(p));
    fields
        .into_iter()
        .map(|(p, v)| node(p, v, on))
        .collect_view()
        .into_any()
}

/// A heading for an object that is not a single field ("pool.lps" -> its label, "stakers" ->
/// "stakers").
fn section_title(path: &str) -> String {
    spec(path)
        .map(|s| s.label.to_string())
        .unwrap_or_else(|| path.rsplit('.').next().unwrap_or(path).replace('_', " "))
}

/// One labelled control.
fn field(path: String, value: &Value, on: OnEdit) -> AnyView {
    let s = spec(&path);
    let label = s.map_or_else(|| path.clone(), |s| s.label.to_string());
    let unit = s.map_or("", |s| s.unit);
    let range = s.map_or("", |s| s.range);
    let help = s.map_or("", |s| s.help);
    let choices = s.map_or(&[][..], |s| s.choices);
    let in_list = path.contains('[');
    let fixed = path.ends_with("fault.kind");
    let p = path.clone();
    let invalid = {
        let refused = use_context::<Refused>().map(|r| r.0);
        let path = path.clone();
        move || {
            refused
                .is_some_and(|r| r.with(|f| f.as_deref() == Some(path.as_str())))
                .to_string()
        }
    };
    let control = match value {
        Value::Bool(b) => view! {
            <input type="checkbox" data-path=path.clone() prop:checked=*b
                on:change=move |ev| on.run((p.clone(), Edit::Bool(event_target_checked(&ev))))/>
        }
        .into_any(),
        Value::String(current) if fixed => view! {
            <output data-path=path.clone()>{current.replace('_', " ")}</output>
        }
        .into_any(),
        Value::String(current) if !choices.is_empty() => {
            let current = current.clone();
            let options = choices
                .iter()
                .map(|c| view! { <option value=*c selected=*c == current>{c.replace('_', " ")}</option> })
                .collect_view();
            view! {
                <select data-path=path.clone() aria-invalid=invalid on:change=move |ev| on.run((p.clone(), Edit::Text(event_target_value(&ev))))>
                    {options}
                </select>
            }
            .into_any()
        }
        other => {
            let (text, numeric) = match other {
                Value::String(t) => (t.clone(), false),
                Value::Null => (String::new(), true),
                v => (v.to_string(), true),
            };
            let wide = !numeric && !in_list;
            view! {
                <input
                    type="text"
                    class=if wide { "ed-input wide" } else if numeric { "ed-input numeric" } else { "ed-input" }
                    inputmode=if numeric { "decimal" } else { "text" }
                    data-path=path.clone()
                    aria-invalid=invalid
                    aria-label=format!("{label} ({path})")
                    prop:value=text
                    on:change=move |ev| on.run((p.clone(), Edit::Text(event_target_value(&ev))))
                />
            }
            .into_any()
        }
    };
    view! {
        <label class="ed-field" title=format!("{path}: {help} Range: {range}.")>
            <span class="ed-label">{label}</span>
            {control}
            <span class="ed-unit">{unit}</span>
            {(!in_list).then(|| view! {
                <span class="ed-range">{range}</span>
                <span class="ed-help">{help}</span>
            })}
        </label>
    }
    .into_any()
}
