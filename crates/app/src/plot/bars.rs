//! Grouped bars: one group per category, one bar per series, told apart by colour and fill.

use plotters::prelude::*;

use super::{draw_bar, draw_legend, err, fmt_value, Area, Corner, LegendSwatch, Px, INK};
use crate::data::chart_data::BarPlot;

/// Draws `plot` on `root`: for each category one bar per series, with value labels, the
/// notes after each category, a legend and the axis titles.
pub fn draw_bars(root: &Area, plot: &BarPlot, caption: &str, k: Px) -> Result<(), String> {
    root.fill(&WHITE).map_err(err)?;
    root.draw(&Text::new(
        caption.to_string(),
        (k.i(8.0), k.i(5.0)),
        k.font(14.0),
    ))
    .map_err(err)?;
    if plot.categories.is_empty() || plot.is_empty() {
        return root
            .draw(&Text::new(
                plot.empty.clone(),
                (k.i(8.0), k.i(40.0)),
                k.font(15.0),
            ))
            .map_err(err)
            .and_then(|_| root.present().map_err(err));
    }
    let max = plot
        .series
        .iter()
        .flat_map(|s| s.values.iter())
        .fold(0.0f64, |a, v| a.max(*v))
        .max(1e-9);
    if plot.horizontal {
        horizontal_bars(root, plot, max, k)?;
    } else {
        vertical_bars(root, plot, max, k)?;
    }
    bars_legend(root, plot, k)?;
    root.present().map_err(err)
}

/// The area's size in pixels and the plot's counts of series and categories.
struct Frame {
    w: i32,
    h: i32,
    ns: i32,
    nc: i32,
}

impl Frame {
    fn of(root: &Area, plot: &BarPlot) -> Frame {
        let (w, h) = root.dim_in_pixel();
        Frame {
            w: w as i32,
            h: h as i32,
            ns: plot.series.len() as i32,
            nc: plot.categories.len() as i32,
        }
    }
}

/// The bars of `plot` with the categories top to bottom (values up to `max`), names left of
/// the bars and notes right of them, with the value axis title.
fn horizontal_bars(root: &Area, plot: &BarPlot, max: f64, k: Px) -> Result<(), String> {
    let Frame { w, h, ns, nc } = Frame::of(root, plot);
    let font = k.font(13.0);
    // Categories top to bottom, names left of the bars, notes right of them.
    let name_w = plot
        .categories
        .iter()
        .map(|c| root.estimate_text_size(c, &font).map_or(0, |s| s.0 as i32))
        .max()
        .unwrap_or(0)
        + k.i(12.0);
    let note_w = k.i(92.0);
    let top = k.i(26.0);
    let bottom = h - k.i(31.0) - k.i(24.0);
    let left = name_w;
    let right = w - note_w;
    let band = (bottom - top) / nc.max(1);
    let bar = ((band - k.i(4.0)) / ns).max(3);
    let scale = (right - left - k.i(56.0)) as f64 / max;
    for (ci, name) in plot.categories.iter().enumerate() {
        let y = top + band * ci as i32;
        root.draw(&Text::new(
            name.clone(),
            (k.i(6.0), y + band / 2 - k.i(8.0)),
            font.clone(),
        ))
        .map_err(err)?;
        for (si, s) in plot.series.iter().enumerate() {
            let v = s.values.get(ci).copied().unwrap_or(0.0);
            let y0 = y + k.i(2.0) + bar * si as i32;
            let x1 = left + (v * scale) as i32;
            draw_bar(
                root,
                [(left, y0), (x1.max(left + 1), y0 + bar - k.i(1.0))],
                s.colour,
                s.fill,
                k,
            )?;
            root.draw(&Text::new(
                fmt_value(v),
                (x1 + k.i(4.0), y0 + bar / 2 - k.i(6.5)),
                k.font(11.0),
            ))
            .map_err(err)?;
        }
        if let Some(note) = plot.notes.get(ci) {
            root.draw(&Text::new(
                note.clone(),
                (right + k.i(4.0), y + band / 2 - k.i(8.0)),
                font.clone(),
            ))
            .map_err(err)?;
        }
    }
    root.draw(&PathElement::new(
        vec![(left, top), (left, bottom)],
        INK.stroke_width(1),
    ))
    .map_err(err)?;
    root.draw(&Text::new(
        format!("{} (bars start at 0)", plot.value_desc),
        (left, bottom + k.i(4.0)),
        k.font(14.0),
    ))
    .map_err(err)?;
    Ok(())
}

/// The bars of `plot` with the categories left to right along the bottom (values up to
/// `max`), under room for the legend, with the category axis title.
fn vertical_bars(root: &Area, plot: &BarPlot, max: f64, k: Px) -> Result<(), String> {
    let Frame { w, h, ns, nc } = Frame::of(root, plot);
    let font = k.font(13.0);
    let legend_rows = ns;
    // Categories left to right along the bottom, counts up.
    let left = k.i(56.0);
    let right = w - k.i(16.0);
    let top = k.i(30.0) + legend_rows * k.i(19.0) + k.i(14.0);
    let bottom = h - k.i(48.0);
    let band = (right - left) / nc.max(1);
    let bar = ((band - k.i(12.0)) / ns).max(2);
    let scale = (bottom - top - k.i(18.0)) as f64 / max;
    for (ci, name) in plot.categories.iter().enumerate() {
        let x = left + band * ci as i32;
        for (si, s) in plot.series.iter().enumerate() {
            let v = s.values.get(ci).copied().unwrap_or(0.0);
            let x0 = x + k.i(6.0) + bar * si as i32;
            let y1 = bottom - (v * scale) as i32;
            draw_bar(
                root,
                [(x0, y1.min(bottom - 1)), (x0 + bar - k.i(2.0), bottom)],
                s.colour,
                s.fill,
                k,
            )?;
            root.draw(&Text::new(
                fmt_value(v),
                (x0 + k.i(2.0), y1 - k.i(16.0)),
                k.font(12.0),
            ))
            .map_err(err)?;
        }
        let tw = root
            .estimate_text_size(name, &font)
            .map_or(0, |s| s.0 as i32);
        root.draw(&Text::new(
            name.clone(),
            (x + (band - tw) / 2, bottom + k.i(4.0)),
            font.clone(),
        ))
        .map_err(err)?;
    }
    root.draw(&PathElement::new(
        vec![(left, bottom), (right, bottom)],
        INK.stroke_width(1),
    ))
    .map_err(err)?;
    root.draw(&Text::new(
        plot.category_desc.clone(),
        (left, bottom + k.i(24.0)),
        k.font(14.0),
    ))
    .map_err(err)?;
    Ok(())
}

/// The legend of `plot`'s series: under the bars when horizontal, above them when vertical.
fn bars_legend(root: &Area, plot: &BarPlot, k: Px) -> Result<(), String> {
    let entries: Vec<(&str, LegendSwatch)> = plot
        .series
        .iter()
        .map(|s| {
            (
                s.label.as_str(),
                LegendSwatch::Bar {
                    colour: s.colour,
                    fill: s.fill,
                },
            )
        })
        .collect();
    let (legend_area, corner) = if plot.horizontal {
        (root.clone(), Corner::BottomRow)
    } else {
        (root.margin(k.px(22.0), 0, 0, 0), Corner::UpperLeft)
    };
    draw_legend(&legend_area, &entries, corner, k)
}
