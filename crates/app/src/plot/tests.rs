use super::lines::y_range;
use super::*;
use crate::data::chart_data::{Line, Marker, Panel};

#[test]
fn markers_have_distinct_shapes() {
    let counts: Vec<usize> = [
        Marker::None,
        Marker::Circle,
        Marker::Triangle,
        Marker::Square,
    ]
    .iter()
    .map(|m| marker_shape(*m, 4).len())
    .collect();
    assert_eq!(counts, vec![0, 10, 3, 4]);
    assert_ne!(
        marker_shape(Marker::Square, 4),
        marker_shape(Marker::Diamond, 4)
    );
}

#[test]
fn axis_labels_are_compact() {
    assert_eq!(fmt_axis(0.0), "0");
    assert_eq!(fmt_axis(189_000.0), "189k");
    assert_eq!(fmt_axis(2_500_000.0), "2.5M");
    assert_eq!(fmt_axis(0.9714), "0.971");
    assert_eq!(fmt_tick(14_385.2, 1_400.0), "14,385");
    assert_eq!(fmt_tick(2.5, 4.0), "2.5");
    assert_eq!(fmt_tick(0.95, 0.2), "0.95");
    assert_eq!(fmt_tick(-20.0, 100.0), "-20");
}

#[test]
fn count_axes_start_at_zero_and_prices_hug_the_data() {
    let line = |v: f64| Line {
        label: String::new(),
        style: crate::data::chart_data::market_style(0),
        points: vec![(0.0, v), (1.0, v)],
    };
    let panel = |from_zero, v| Panel {
        y_desc: String::new(),
        lines: vec![line(v)],
        from_zero,
        weight: 1.0,
        stacked: false,
    };
    assert_eq!(y_range(&panel(true, 0.0)), (0.0, 4.0));
    assert_eq!(y_range(&panel(true, 100.0)).0, 0.0);
    let (lo, hi) = y_range(&panel(false, 0.97));
    assert!(lo > 0.9 && hi < 1.0);
}
