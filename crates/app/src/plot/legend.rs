//! The legend box of a chart: one swatch per series (colour, dash, marker or fill) in a corner.

use plotters::element::DashedPathElement;
use plotters::prelude::*;

use super::{colour, dash_lengths, draw_bar, err, marker_shape, Area, Px, GRID};
use crate::data::chart_data::Fill;

/// What a legend entry shows before its label.
#[derive(Clone, Copy)]
pub(super) enum LegendSwatch {
    Line(crate::data::chart_data::LineStyle),
    Bar { colour: usize, fill: Fill },
}

/// Where a legend sits in its area.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Corner {
    UpperLeft,
    LowerLeft,
    UpperRight,
    /// All entries side by side along the bottom.
    BottomRow,
}

/// A framed legend in a corner of `area` (pixel coordinates).
pub(super) fn draw_legend(
    area: &Area,
    entries: &[(&str, LegendSwatch)],
    corner: Corner,
    k: Px,
) -> Result<(), String> {
    if entries.is_empty() {
        return Ok(());
    }
    let font = k.font(13.0);
    let row = k.i(19.0);
    let sample = k.i(30.0);
    let pad = k.i(6.0);
    let widths: Vec<i32> = entries
        .iter()
        .map(|(l, _)| area.estimate_text_size(l, &font).map_or(0, |s| s.0 as i32))
        .collect();
    let widest = widths.iter().copied().max().unwrap_or(0);
    let entry_w = |tw: i32| sample + k.i(8.0) + tw;
    let gap = k.i(18.0);
    let (w, h) = area.dim_in_pixel();
    let in_row = corner == Corner::BottomRow;
    let (width, height) = if in_row {
        let sum: i32 = widths.iter().map(|t| entry_w(*t) + gap).sum();
        (sum - gap + 2 * pad, row + 2 * pad)
    } else {
        (
            entry_w(widest) + 2 * pad,
            row * entries.len() as i32 + 2 * pad,
        )
    };
    let x0 = if corner == Corner::UpperRight {
        w as i32 - width - k.i(6.0)
    } else {
        k.i(6.0)
    };
    let y0 = match corner {
        Corner::LowerLeft => h as i32 - height - k.i(6.0),
        Corner::BottomRow => h as i32 - height,
        _ => k.i(6.0),
    };
    area.draw(&Rectangle::new(
        [(x0, y0), (x0 + width, y0 + height)],
        WHITE.mix(0.88).filled(),
    ))
    .map_err(err)?;
    area.draw(&Rectangle::new(
        [(x0, y0), (x0 + width, y0 + height)],
        GRID.stroke_width(1),
    ))
    .map_err(err)?;
    let mut sx = x0 + pad;
    for (j, (label, swatch)) in entries.iter().enumerate() {
        let y = if in_row {
            y0 + pad + row / 2
        } else {
            y0 + pad + row * j as i32 + row / 2
        };
        match *swatch {
            LegendSwatch::Line(s) => {
                let c = colour(s.colour);
                let style = c.stroke_width(k.px(2.5));
                let path = vec![(sx, y), (sx + sample, y)];
                match dash_lengths(s.dash) {
                    None => area.draw(&PathElement::new(path, style)).map_err(err)?,
                    Some((on, off)) => area
                        .draw(&DashedPathElement::new(path, k.px(on), k.px(off), style))
                        .map_err(err)?,
                }
                let shape = marker_shape(s.marker, k.i(4.0));
                if !shape.is_empty() {
                    area.draw(
                        &(EmptyElement::at((sx + sample / 2, y)) + Polygon::new(shape, c.filled())),
                    )
                    .map_err(err)?;
                }
            }
            LegendSwatch::Bar { colour: ci, fill } => {
                let rect = [
                    (sx + k.i(6.0), y - k.i(6.0)),
                    (sx + sample - k.i(6.0), y + k.i(6.0)),
                ];
                draw_bar(area, rect, ci, fill, k)?;
            }
        }
        area.draw(&Text::new(
            label.to_string(),
            (sx + sample + k.i(8.0), y - k.i(8.0)),
            font.clone(),
        ))
        .map_err(err)?;
        if in_row {
            sx += entry_w(widths[j]) + gap;
        }
    }
    Ok(())
}
