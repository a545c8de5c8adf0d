//! `docs/performance.svg`: every bench group as horizontal bars, one per
//! entry, each as long as its speed relative to `std` in that group, with a
//! line at 1.0 (as fast as std). Colour says who the entry is: afile, std, or
//! which peer.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::results::Group;

const WIDTH: u32 = 960;
const LABEL_RIGHT: i32 = 300;
const BAR_LEFT: i32 = 310;
const BAR_RIGHT: i32 = WIDTH as i32 - 110;
const ROW: i32 = 20;
const BAR: i32 = 14;
const TOP: i32 = 96;
const FONT: &str = "sans-serif";

/// Who an entry measures, read from the start of its name.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Who {
    Afile,
    Std,
    Tokio,
    AsyncFs,
    AsyncTempfile,
    Other,
}

impl Who {
    const LEGEND: [Who; 5] = [Who::Afile, Who::Std, Who::Tokio, Who::AsyncFs, Who::AsyncTempfile];

    fn of(entry: &str) -> Who {
        let first = entry.split_whitespace().next().unwrap_or_default();
        match first {
            "afile" => Who::Afile,
            "std" => Who::Std,
            "tokio" => Who::Tokio,
            "async-fs" => Who::AsyncFs,
            "async-tempfile" => Who::AsyncTempfile,
            _ => Who::Other,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Who::Afile => "afile",
            Who::Std => "std (sync, the limit)",
            Who::Tokio => "tokio::fs",
            Who::AsyncFs => "async-fs",
            Who::AsyncTempfile => "async-tempfile",
            Who::Other => "other",
        }
    }

    fn colour(self) -> RGBColor {
        match self {
            Who::Afile => RGBColor(0x1f, 0x6f, 0xd1),
            Who::Std => RGBColor(0x9a, 0x9a, 0x9a),
            Who::Tokio => RGBColor(0xe0, 0x7b, 0x22),
            Who::AsyncFs => RGBColor(0x2e, 0x9e, 0x5b),
            Who::AsyncTempfile => RGBColor(0x8e, 0x4f, 0xc0),
            Who::Other => RGBColor(0x55, 0x55, 0x55),
        }
    }
}

/// The ratio as the report writes it; tiny ones as a fraction, so that
/// "0.00×" never hides how far behind an entry is.
fn ratio_text(ratio: f64) -> String {
    if ratio >= 0.01 { format!("{ratio:.2}×") } else { format!("1/{:.0}×", 1.0 / ratio) }
}

/// The SVG document for `groups` (groups without a `std` entry are left out:
/// they have no ratio).
pub(crate) fn svg(groups: &[Group]) -> Result<String, String> {
    let rows: Vec<_> = groups.iter().filter_map(|g| Some((g, g.ratios()?))).collect();
    let lines: i32 = rows.iter().map(|(_, r)| r.len() as i32 + 1).sum();
    let height = (TOP + lines * ROW + 40) as u32;
    let longest = rows.iter().flat_map(|(_, r)| r.iter().map(|(_, x)| *x)).fold(1.0, f64::max);
    let scale = f64::from(BAR_RIGHT - BAR_LEFT) / (longest * 1.05);
    let x_of = |ratio: f64| BAR_LEFT + (ratio * scale).round() as i32;

    let mut out = String::new();
    {
        let area = SVGBackend::with_string(&mut out, (WIDTH, height)).into_drawing_area();
        let err = |e: DrawingAreaErrorKind<_>| format!("drawing performance.svg: {e}");
        area.fill(&WHITE).map_err(err)?;
        let title = (FONT, 24).into_font().style(FontStyle::Bold);
        area.draw(&Text::new(
            "afile and its peers: speed relative to std in each bench group",
            (20, 12),
            title,
        ))
        .map_err(err)?;
        let note = (FONT, 16).into_font().color(&RGBColor(0x44, 0x44, 0x44));
        area.draw(&Text::new(
            "longer is faster; the line marks std (1.00×); one run of cargo xtask bench",
            (20, 38),
            note.clone(),
        ))
        .map_err(err)?;

        // The legend, one row under the note.
        let mut x = 20;
        for who in Who::LEGEND {
            area.draw(&Rectangle::new([(x, 62), (x + 12, 74)], who.colour().filled())).map_err(err)?;
            area.draw(&Text::new(who.label(), (x + 16, 61), note.clone())).map_err(err)?;
            x += 36 + 7 * who.label().chars().count() as i32;
        }

        // The std line over every group, under the bars, and its label
        // under the last row.
        let bottom = TOP + lines * ROW;
        let std_x = x_of(1.0);
        let grey = RGBColor(0x70, 0x70, 0x70);
        area.draw(&PathElement::new([(std_x, TOP), (std_x, bottom)], grey.stroke_width(1))).map_err(err)?;
        let under = (FONT, 15).into_font().color(&grey).pos(Pos::new(HPos::Center, VPos::Top));
        area.draw(&Text::new("std = 1.00×", (std_x, bottom + 6), under)).map_err(err)?;

        let label = (FONT, 16).into_font().color(&BLACK).pos(Pos::new(HPos::Right, VPos::Center));
        let heading = (FONT, 18).into_font().style(FontStyle::Bold);
        let value = (FONT, 15).into_font().color(&BLACK).pos(Pos::new(HPos::Left, VPos::Center));
        let mut y = TOP;
        for (group, ratios) in &rows {
            area.draw(&Text::new(group.name.clone(), (20, y + 3), heading.clone())).map_err(err)?;
            area.draw(&PathElement::new(
                [(BAR_LEFT, y + ROW - 3), (BAR_RIGHT, y + ROW - 3)],
                RGBColor(0xdd, 0xdd, 0xdd),
            ))
            .map_err(err)?;
            y += ROW;
            for (entry, ratio) in ratios {
                let who = Who::of(&entry.name);
                let mid = y + ROW / 2;
                area.draw(&Text::new(entry.name.clone(), (LABEL_RIGHT, mid), label.clone())).map_err(err)?;
                let end = x_of(*ratio).max(BAR_LEFT + 1);
                area.draw(&Rectangle::new(
                    [(BAR_LEFT, mid - BAR / 2), (end, mid + BAR / 2)],
                    who.colour().filled(),
                ))
                .map_err(err)?;
                area.draw(&Text::new(ratio_text(*ratio), (end + 6, mid), value.clone())).map_err(err)?;
                y += ROW;
            }
        }

        area.present().map_err(err)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::Entry;

    fn group(name: &str, entries: &[(&str, f64)]) -> Group {
        let entries = entries.iter().map(|(n, t)| Entry { name: (*n).to_owned(), median_ns: *t }).collect();
        Group { name: name.to_owned(), entries }
    }

    /// How plotters writes a text element's content.
    fn drawn(text: &str) -> String {
        format!(">\n{text}\n</text>")
    }

    /// The width of the bar drawn for `ratio_label`'s row: the `<rect>` just
    /// before the label's `<text>`.
    fn bar_width(svg: &str, value_label: &str) -> f64 {
        let at = svg.find(&drawn(value_label)).expect("value label drawn");
        let rect = svg[..at].rfind("<rect").expect("a bar before the label");
        let attr = |name: &str| -> f64 {
            let from = svg[rect..].find(&format!("{name}=\"")).expect("attribute") + rect;
            let rest = &svg[from + name.len() + 2..];
            rest[..rest.find('"').expect("closing quote")].parse().expect("number")
        };
        attr("width")
    }

    #[test]
    fn each_entry_is_a_bar_as_long_as_its_ratio_in_its_colour() {
        let groups = [
            group("lines", &[("std read_line", 100.0), ("afile lines", 125.0), ("tokio lines", 1000.0)]),
            group("no_std_here", &[("afile x", 1.0)]),
            group("read4", &[("std BufReader", 4.0), ("tokio File", 40_000.0)]),
        ];
        let svg = svg(&groups).expect("svg");
        for text in ["lines", "std read_line", "afile lines", "tokio lines", "read4", "1.00×", "0.80×"] {
            assert!(svg.contains(&drawn(text)), "{text} missing");
        }
        assert!(svg.contains(&drawn("1/10000×")), "a tiny ratio is written as a fraction");
        assert!(!svg.contains("no_std_here"), "a group without std has no ratios to draw");
        let (std, afile, tokio) =
            (bar_width(&svg, "1.00×"), bar_width(&svg, "0.80×"), bar_width(&svg, "0.10×"));
        assert!((afile / std - 0.8).abs() < 0.02, "{afile} / {std}");
        assert!((tokio / std - 0.1).abs() < 0.02, "{tokio} / {std}");
        assert!(svg.contains("#1F6FD1") || svg.contains("#1f6fd1"), "afile's colour is used");
    }

    #[test]
    fn entries_are_told_apart_by_their_first_word() {
        assert_eq!(Who::of("afile text lines utf-8"), Who::Afile);
        assert_eq!(Who::of("std tempfile tempfile()"), Who::Std);
        assert_eq!(Who::of("tokio BufReader lines"), Who::Tokio);
        assert_eq!(Who::of("async-fs File"), Who::AsyncFs);
        assert_eq!(Who::of("async-tempfile TempFile"), Who::AsyncTempfile);
        assert_eq!(Who::of("rayon"), Who::Other);
    }
}
