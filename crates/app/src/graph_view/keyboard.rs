//! Moving the keyboard focus between nodes with the arrow keys.

/// +1 for the arrows that move to the next node (right, down), -1 for the previous.
pub(super) fn arrow_step(key: &str) -> Option<i32> {
    match key {
        "ArrowRight" | "ArrowDown" => Some(1),
        "ArrowLeft" | "ArrowUp" => Some(-1),
        _ => None,
    }
}

/// Moves the keyboard focus from the event's node to the next (`step` 1) or previous (-1)
/// node drawn beside it, wrapping around at the ends.
pub(super) fn focus_neighbour(ev: &leptos::ev::KeyboardEvent, step: i32) {
    use wasm_bindgen::JsCast;
    let Some(current) = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let is_node = |e: &web_sys::Element| {
        e.has_attribute("tabindex")
            && e.get_attribute("class")
                .is_some_and(|c| c.split_whitespace().any(|w| w == "node"))
    };
    let sibling = |e: &web_sys::Element| {
        if step > 0 {
            e.next_element_sibling()
        } else {
            e.previous_element_sibling()
        }
    };
    let mut next = sibling(&current);
    while let Some(e) = next.clone().filter(|e| !is_node(e)) {
        next = sibling(&e);
    }
    if next.is_none() {
        // Wrap: the first (or last) node among the siblings.
        let parent = current.parent_element();
        let mut e = parent.and_then(|p| {
            if step > 0 {
                p.first_element_child()
            } else {
                p.last_element_child()
            }
        });
        while let Some(x) = e.clone().filter(|x| !is_node(x)) {
            e = if step > 0 {
                x.next_element_sibling()
            } else {
                x.previous_element_sibling()
            };
        }
        next = e;
    }
    // SVG elements focus like HTML ones (`focus()` is on both).
    if let Some(el) = next {
        let _ = el.unchecked_ref::<web_sys::HtmlElement>().focus();
    }
}
