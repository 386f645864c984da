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

/// Where a legend's box and entries go, pixels of its area.
struct LegendBox {
    /// The box's top left corner and size.
    x0: i32,
    y0: i32,
    width: i32,
    height: i32,
    /// Each label's width.
    widths: Vec<i32>,
    /// Height of one row, width of a swatch, padding inside the box and gap between entries
    /// side by side.
    row: i32,
    sample: i32,
    pad: i32,
    gap: i32,
}

impl LegendBox {
    /// Width of one entry whose label is `tw` wide: swatch, space, label.
    fn entry_w(&self, tw: i32, k: Px) -> i32 {
        self.sample + k.i(8.0) + tw
    }

    /// Sizes the box for `entries` in `corner` of `area`.
    fn place(area: &Area, entries: &[(&str, LegendSwatch)], corner: Corner, k: Px) -> LegendBox {
        let font = k.font(13.0);
        let widths: Vec<i32> = entries
            .iter()
            .map(|(l, _)| area.estimate_text_size(l, &font).map_or(0, |s| s.0 as i32))
            .collect();
        let mut b = LegendBox {
            x0: 0,
            y0: 0,
            width: 0,
            height: 0,
            widths,
            row: k.i(19.0),
            sample: k.i(30.0),
            pad: k.i(6.0),
            gap: k.i(18.0),
        };
        let widest = b.widths.iter().copied().max().unwrap_or(0);
        (b.width, b.height) = if corner == Corner::BottomRow {
            let sum: i32 = b.widths.iter().map(|t| b.entry_w(*t, k) + b.gap).sum();
            (sum - b.gap + 2 * b.pad, b.row + 2 * b.pad)
        } else {
            let rows = b.row * entries.len() as i32;
            (b.entry_w(widest, k) + 2 * b.pad, rows + 2 * b.pad)
        };
        let (w, h) = area.dim_in_pixel();
        b.x0 = if corner == Corner::UpperRight {
            w as i32 - b.width - k.i(6.0)
        } else {
            k.i(6.0)
        };
        b.y0 = match corner {
            Corner::LowerLeft => h as i32 - b.height - k.i(6.0),
            Corner::BottomRow => h as i32 - b.height,
            _ => k.i(6.0),
        };
        b
    }
}

/// One swatch `sample` pixels wide with its left end at `sx` and its middle at `y`.
fn draw_swatch(
    area: &Area,
    swatch: LegendSwatch,
    (sx, y): (i32, i32),
    sample: i32,
    k: Px,
) -> Result<(), String> {
    match swatch {
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
            Ok(())
        }
        LegendSwatch::Bar { colour: ci, fill } => {
            let rect = [
                (sx + k.i(6.0), y - k.i(6.0)),
                (sx + sample - k.i(6.0), y + k.i(6.0)),
            ];
            draw_bar(area, rect, ci, fill, k)
        }
    }
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
    let b = LegendBox::place(area, entries, corner, k);
    let frame = [(b.x0, b.y0), (b.x0 + b.width, b.y0 + b.height)];
    area.draw(&Rectangle::new(frame, WHITE.mix(0.88).filled()))
        .map_err(err)?;
    area.draw(&Rectangle::new(frame, GRID.stroke_width(1)))
        .map_err(err)?;
    let in_row = corner == Corner::BottomRow;
    let mut sx = b.x0 + b.pad;
    for (j, (label, swatch)) in entries.iter().enumerate() {
        let row = if in_row { 0 } else { b.row * j as i32 };
        let y = b.y0 + b.pad + row + b.row / 2;
        draw_swatch(area, *swatch, (sx, y), b.sample, k)?;
        area.draw(&Text::new(
            label.to_string(),
            (sx + b.sample + k.i(8.0), y - k.i(8.0)),
            k.font(13.0),
        ))
        .map_err(err)?;
        if in_row {
            sx += b.entry_w(b.widths[j], k) + b.gap;
        }
    }
    Ok(())
}
