//! Zoom and pan of the network SVG: the wheel zooms around the pointer, a drag pans, and
//! +/−/reset buttons zoom around the centre. The transform is plain data ([`Zoom`]) applied to
//! one `<g>` inside the SVG, so the layout itself never changes.

use leptos::prelude::*;

use crate::graph_view::{HEIGHT, WIDTH};
use crate::state::RunState;

pub const MIN_SCALE: f64 = 0.5;
pub const MAX_SCALE: f64 = 6.0;
/// Zoom factor of one button press or one wheel notch.
pub const STEP: f64 = 1.25;
/// Pointer travel (CSS px) after which a press is a drag, not a click.
const DRAG_PX: f64 = 4.0;

/// Scale around the origin, then translation, in SVG user units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Zoom {
    pub scale: f64,
    pub tx: f64,
    pub ty: f64,
}

impl Default for Zoom {
    fn default() -> Self {
        Zoom {
            scale: 1.0,
            tx: 0.0,
            ty: 0.0,
        }
    }
}

impl Zoom {
    /// Zooms by `factor` keeping the SVG point `(px, py)` where it is on screen; the scale stays
    /// within [`MIN_SCALE`, `MAX_SCALE`].
    pub fn zoom_at(self, factor: f64, px: f64, py: f64) -> Zoom {
        let scale = (self.scale * factor).clamp(MIN_SCALE, MAX_SCALE);
        let k = scale / self.scale;
        Zoom {
            scale,
            tx: px - (px - self.tx) * k,
            ty: py - (py - self.ty) * k,
        }
    }

    /// Zooms around the centre of the drawing.
    pub fn zoom_centre(self, factor: f64) -> Zoom {
        self.zoom_at(factor, WIDTH / 2.0, HEIGHT / 2.0)
    }

    /// Moves the drawing by `(dx, dy)` SVG units, keeping at least a quarter of it in view.
    pub fn pan(self, dx: f64, dy: f64) -> Zoom {
        let (w, h) = (WIDTH * self.scale, HEIGHT * self.scale);
        Zoom {
            tx: (self.tx + dx).clamp(WIDTH * 0.25 - w, WIDTH * 0.75),
            ty: (self.ty + dy).clamp(HEIGHT * 0.25 - h, HEIGHT * 0.75),
            ..self
        }
    }

    /// The SVG `transform` attribute.
    pub fn transform(&self) -> String {
        format!(
            "translate({:.1} {:.1}) scale({:.3})",
            self.tx, self.ty, self.scale
        )
    }
}

/// The zoom of the graph and the drag in progress, shared by the SVG, its nodes (a click that
/// ended a drag is not a click) and the buttons.
#[derive(Clone, Copy)]
pub struct ZoomState {
    pub zoom: RwSignal<Zoom>,
    /// Pointer position of the press (client px) and whether it moved far enough to be a drag.
    drag: StoredValue<Option<(f64, f64, bool)>>,
    /// Set when the last press was a drag; read by the click that follows it.
    dragged: StoredValue<bool>,
}

impl ZoomState {
    pub fn new() -> ZoomState {
        ZoomState {
            zoom: RwSignal::new(Zoom::default()),
            drag: StoredValue::new(None),
            dragged: StoredValue::new(false),
        }
    }

    /// True if the click being handled ends a drag (and should not select anything).
    pub fn was_drag(&self) -> bool {
        self.dragged.get_value()
    }
}

impl Default for ZoomState {
    fn default() -> Self {
        ZoomState::new()
    }
}

/// SVG units per CSS pixel of the element `el` (the SVG keeps its aspect ratio: `meet`).
fn units_per_px(el: &web_sys::Element) -> f64 {
    let r = el.get_bounding_client_rect();
    if r.width() <= 0.0 || r.height() <= 0.0 {
        return 1.0;
    }
    (WIDTH / r.width()).max(HEIGHT / r.height())
}

/// The SVG point under client position `(cx, cy)` of the element `el`.
fn svg_point(el: &web_sys::Element, cx: f64, cy: f64) -> (f64, f64) {
    let r = el.get_bounding_client_rect();
    let k = units_per_px(el);
    // With `xMidYMid meet` the drawing is centred in the box.
    let ox = (r.width() * k - WIDTH) / 2.0;
    let oy = (r.height() * k - HEIGHT) / 2.0;
    ((cx - r.left()) * k - ox, (cy - r.top()) * k - oy)
}

impl ZoomState {
    /// One wheel notch over the SVG element `el`: zooms around the pointer.
    fn wheel(&self, el: &web_sys::Element, ev: &leptos::ev::WheelEvent) {
        let (px, py) = svg_point(el, ev.client_x() as f64, ev.client_y() as f64);
        let factor = if ev.delta_y() < 0.0 { STEP } else { 1.0 / STEP };
        self.zoom.update(|zm| *zm = zm.zoom_at(factor, px, py));
    }

    /// A press of the main button: a drag may start here.
    fn press(&self, ev: &leptos::ev::PointerEvent) {
        if ev.button() != 0 {
            return;
        }
        self.drag
            .set_value(Some((ev.client_x() as f64, ev.client_y() as f64, false)));
        self.dragged.set_value(false);
    }

    /// The pointer moved over the SVG element `el`: pans once it has moved [`DRAG_PX`] since
    /// the press.
    fn pointer_move(&self, el: Option<web_sys::Element>, ev: &leptos::ev::PointerEvent) {
        let Some((x0, y0, moving)) = self.drag.get_value() else {
            return;
        };
        let (x, y) = (ev.client_x() as f64, ev.client_y() as f64);
        if !moving && (x - x0).hypot(y - y0) < DRAG_PX {
            return;
        }
        let Some(el) = el else { return };
        if !moving {
            // Capture only once it is a drag, so plain clicks still reach the nodes.
            let _ = el.set_pointer_capture(ev.pointer_id());
        }
        let k = units_per_px(&el);
        self.zoom
            .update(|zm| *zm = zm.pan((x - x0) * k, (y - y0) * k));
        self.drag.set_value(Some((x, y, true)));
        self.dragged.set_value(true);
    }

    /// The press ended (or was cancelled).
    fn release(&self) {
        self.drag.set_value(None);
    }
}

/// SVG units per CSS pixel of the element `element` gives, measured after layout and on every
/// resize: presenter mode sizes the labels in screen pixels with it (`--u` in style.css).
fn measured_units_per_px(
    element: impl Fn() -> Option<web_sys::Element> + Copy + 'static,
) -> RwSignal<f64> {
    let upx = RwSignal::new(1.0);
    let measure = move || {
        if let Some(el) = element() {
            let k = units_per_px(&el);
            if (k - upx.get_untracked()).abs() > 1e-3 {
                upx.set(k);
            }
        }
    };
    request_animation_frame(measure);
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());
    upx
}

/// The SVG element and the zoomed group that holds `children`.
#[component]
pub fn ZoomLayer(children: Children) -> impl IntoView {
    use wasm_bindgen::JsCast;
    let run = expect_context::<RunState>();
    let z = expect_context::<ZoomState>();
    let svg = NodeRef::<leptos::svg::Svg>::new();
    let element = move || svg.get().map(|s| s.unchecked_into::<web_sys::Element>());
    let on_wheel = move |ev: leptos::ev::WheelEvent| {
        ev.prevent_default();
        if let Some(el) = element() {
            z.wheel(&el, &ev);
        }
    };
    let upx = measured_units_per_px(element);
    view! {
        <svg
            node_ref=svg
            class=move || if run.playing.get() { "graph playing" } else { "graph" }
            data-testid="graph"
            data-zoom=move || z.zoom.with(|zm| format!("{:.3}", zm.scale))
            viewBox=format!("0 0 {WIDTH} {HEIGHT}")
            preserveAspectRatio="xMidYMid meet"
            style=move || format!("--u:{:.4}", upx.get() / z.zoom.with(|zm| zm.scale))
            role="img"
            aria-label="Restaking network: AVSs, operators, the LRT, markets and holders"
            on:wheel=on_wheel
            on:pointerdown=move |ev| z.press(&ev)
            on:pointermove=move |ev| z.pointer_move(element(), &ev)
            on:pointerup=move |_| z.release()
            on:pointercancel=move |_| z.release()
        >
            <g class="zoom-layer" data-testid="graph-zoom-layer" transform=move || z.zoom.with(Zoom::transform)>
                {children()}
            </g>
        </svg>
    }
}

/// The +, − and reset buttons.
#[component]
pub fn ZoomControls() -> impl IntoView {
    let z = expect_context::<ZoomState>();
    view! {
        <div class="zoom-controls" role="group" aria-label="Zoom">
            <button class="btn btn-small" data-testid="graph-zoom-in" title="Zoom in" aria-label="Zoom in"
                on:click=move |_| z.zoom.update(|zm| *zm = zm.zoom_centre(STEP))>"+"</button>
            <button class="btn btn-small" data-testid="graph-zoom-out" title="Zoom out" aria-label="Zoom out"
                on:click=move |_| z.zoom.update(|zm| *zm = zm.zoom_centre(1.0 / STEP))>"−"</button>
            <button class="btn btn-small" data-testid="graph-zoom-reset" title="Whole network" aria-label="Reset zoom"
                on:click=move |_| z.zoom.set(Zoom::default())>"Reset view"</button>
            <span class="zoom-level">{move || format!("{:.0}%", z.zoom.with(|zm| zm.scale) * 100.0)}</span>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zooming_keeps_the_point_under_the_pointer() {
        let z = Zoom::default().zoom_at(2.0, 300.0, 200.0);
        assert_eq!(z.scale, 2.0);
        // The SVG point (300, 200) maps to itself.
        assert_eq!(
            (300.0 * z.scale + z.tx, 200.0 * z.scale + z.ty),
            (300.0, 200.0)
        );
        let back = z.zoom_at(0.5, 300.0, 200.0);
        assert!((back.tx).abs() < 1e-9 && (back.ty).abs() < 1e-9);
    }

    #[test]
    fn scale_and_pan_are_bounded() {
        let mut z = Zoom::default();
        for _ in 0..50 {
            z = z.zoom_centre(STEP);
        }
        assert_eq!(z.scale, MAX_SCALE);
        for _ in 0..50 {
            z = z.zoom_centre(1.0 / STEP);
        }
        assert_eq!(z.scale, MIN_SCALE);
        let far = Zoom::default().pan(1e6, -1e6);
        assert_eq!(far.tx, WIDTH * 0.75);
        assert_eq!(far.ty, HEIGHT * 0.25 - HEIGHT);
        assert_eq!(
            Zoom::default().pan(10.0, 5.0).transform(),
            "translate(10.0 5.0) scale(1.000)"
        );
    }
}
