//! A picture of the subgraph, laid out and drawn in-process (no GraphViz):
//! rounded boxes coloured by first label with the node's caption, arrows
//! labelled with the relationship type, a legend of the colours, and a
//! tooltip (`<title>`) on each node with its labels and properties.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write;

use super::dump::Dump;
use super::layout::{Point, layout};
use super::style::{Palette, caption, short};
use crate::error::{Error, ErrorKind, Result};
use crate::value::Value;

/// Past this many nodes a picture is unreadable: export GraphML instead.
pub const MAX_NODES: usize = 500;

const FONT: f64 = 12.0;
const BOX_HEIGHT: f64 = 26.0;
const MARGIN: f64 = 40.0;
const LEGEND_ROW: f64 = 22.0;

/// Writes `dump` as an SVG picture; more than `max_nodes` nodes is a
/// `ResourceLimit` error that suggests another format.
pub fn write_svg(dump: &Dump, out: &mut dyn Write, max_nodes: usize) -> Result<()> {
    if dump.nodes.len() > max_nodes {
        return Err(Error::new(
            ErrorKind::ResourceLimit,
            format!(
                "{} nodes are too many for a readable picture (at most {max_nodes}); narrow the query, \
                 or export graphml and lay it out in Gephi or yEd",
                dump.nodes.len()
            ),
        ));
    }
    let palette = Palette::new(dump);
    let captions: Vec<String> = dump.nodes.iter().map(caption).collect();
    let sizes: Vec<Point> = captions.iter().map(|c| (text_width(c, FONT) + 20.0, BOX_HEIGHT)).collect();
    let index: HashMap<u64, usize> = dump.nodes.iter().enumerate().map(|(i, n)| (n.id, i)).collect();
    let ends: Vec<(usize, usize)> =
        dump.relationships.iter().filter_map(|r| Some((*index.get(&r.start)?, *index.get(&r.end)?))).collect();
    let mut pos = layout(&sizes, &ends);

    // Shift everything into view, below the legend.
    let legend: Vec<(&str, &str)> = palette.legend().collect();
    let legend_height = if legend.is_empty() { 0.0 } else { LEGEND_ROW * legend.len() as f64 + 16.0 };
    let min_x = pos.iter().zip(&sizes).map(|(p, s)| p.0 - s.0 / 2.0).fold(f64::INFINITY, f64::min);
    let min_y = pos.iter().zip(&sizes).map(|(p, s)| p.1 - s.1 / 2.0).fold(f64::INFINITY, f64::min);
    let (dx, dy) = if pos.is_empty() { (0.0, 0.0) } else { (MARGIN - min_x, MARGIN + legend_height - min_y) };
    for p in &mut pos {
        p.0 += dx;
        p.1 += dy;
    }
    let legend_width = legend.iter().map(|(l, _)| text_width(l, FONT) + 60.0).fold(160.0, f64::max);
    let width = pos.iter().zip(&sizes).map(|(p, s)| p.0 + s.0 / 2.0).fold(legend_width, f64::max) + MARGIN;
    let height = pos.iter().zip(&sizes).map(|(p, s)| p.1 + s.1 / 2.0).fold(legend_height, f64::max) + MARGIN;

    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" font-family="Helvetica, Arial, sans-serif" font-size="{FONT}">"#
    );
    svg.push_str(concat!(
        r##"<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">"##,
        r##"<path d="M0,0 L10,5 L0,10 z" fill="#666"/></marker></defs>"##,
        "\n",
        r##"<rect width="100%" height="100%" fill="#ffffff"/>"##,
        "\n"
    ));
    draw_edges(&mut svg, dump, &pos, &sizes, &index);
    for (i, node) in dump.nodes.iter().enumerate() {
        let (x, y) = pos[i];
        let (w, h) = sizes[i];
        let labels: String = node.labels.iter().map(|l| format!(":{l}")).collect();
        let props: Vec<String> = node.properties.iter().map(|(k, v)| format!("{k}: {}", tooltip(v))).collect();
        let _ = writeln!(
            svg,
            r##"<g class="node" id="n{}"><title>{}</title><rect x="{:.1}" y="{:.1}" width="{w:.1}" height="{h:.1}" rx="12" fill="{}" stroke="#333" stroke-width="1"/><text x="{x:.1}" y="{:.1}" text-anchor="middle">{}</text></g>"##,
            node.id,
            escape(&format!("{labels} #{}\n{}", node.id, props.join("\n"))),
            x - w / 2.0,
            y - h / 2.0,
            palette.colour(node),
            y + FONT * 0.35,
            escape(&captions[i])
        );
    }
    if !legend.is_empty() {
        let _ = writeln!(
            svg,
            r##"<g class="legend"><rect x="10" y="10" width="{legend_width:.0}" height="{:.0}" fill="#f8f8f8" stroke="#ccc"/>"##,
            legend_height - 6.0
        );
        for (i, (label, colour)) in legend.iter().enumerate() {
            let y = 18.0 + LEGEND_ROW * i as f64;
            let _ = writeln!(
                svg,
                r##"<rect x="20" y="{y:.0}" width="24" height="14" rx="5" fill="{colour}" stroke="#333"/><text x="52" y="{:.0}">{}</text>"##,
                y + 11.0,
                escape(label)
            );
        }
        svg.push_str("</g>\n");
    }
    svg.push_str("</svg>\n");
    out.write_all(svg.as_bytes())?;
    Ok(())
}

fn draw_edges(svg: &mut String, dump: &Dump, pos: &[Point], sizes: &[Point], index: &HashMap<u64, usize>) {
    // Relationships between the same two nodes bend apart, each its own way.
    let mut pairs: HashMap<(usize, usize), usize> = HashMap::new();
    let mut slot = Vec::new();
    for r in &dump.relationships {
        let (Some(&a), Some(&b)) = (index.get(&r.start), index.get(&r.end)) else {
            slot.push(None);
            continue;
        };
        let key = (a.min(b), a.max(b));
        let k = pairs.entry(key).or_insert(0);
        slot.push(Some((a, b, *k)));
        *k += 1;
    }
    for (r, slot) in dump.relationships.iter().zip(slot) {
        let Some((a, b, k)) = slot else { continue };
        let label = escape(&short(&r.rel_type));
        let (pa, pb) = (pos[a], pos[b]);
        if a == b {
            let top = pa.1 - sizes[a].1 / 2.0;
            let lift = 34.0 + 14.0 * k as f64;
            let _ = writeln!(
                svg,
                r##"<g class="edge"><path d="M{:.1},{top:.1} C{:.1},{:.1} {:.1},{:.1} {:.1},{top:.1}" fill="none" stroke="#666" marker-end="url(#arrow)"/>{}</g>"##,
                pa.0 - 12.0,
                pa.0 - 40.0,
                top - lift,
                pa.0 + 40.0,
                top - lift,
                pa.0 + 12.0,
                edge_label(pa.0, top - lift * 0.75, &label)
            );
            continue;
        }
        let total = pairs[&(a.min(b), a.max(b))];
        // Offsets -1, 0, 1 … around the straight line; the sign is taken
        // against the pair's own order so opposite edges do not coincide.
        let mut bend = (k as f64 - (total as f64 - 1.0) / 2.0) * 36.0;
        if a > b {
            bend = -bend;
        }
        let (dx, dy) = (pb.0 - pa.0, pb.1 - pa.1);
        let len = dx.hypot(dy).max(1e-9);
        let (nx, ny) = (-dy / len, dx / len);
        let mid = ((pa.0 + pb.0) / 2.0 + nx * bend * 2.0, (pa.1 + pb.1) / 2.0 + ny * bend * 2.0);
        let from = border(pa, sizes[a], mid);
        let to = border(pb, sizes[b], mid);
        let label_at = (0.25 * from.0 + 0.5 * mid.0 + 0.25 * to.0, 0.25 * from.1 + 0.5 * mid.1 + 0.25 * to.1);
        let _ = writeln!(
            svg,
            r##"<g class="edge"><path d="M{:.1},{:.1} Q{:.1},{:.1} {:.1},{:.1}" fill="none" stroke="#666" marker-end="url(#arrow)"/>{}</g>"##,
            from.0,
            from.1,
            mid.0,
            mid.1,
            to.0,
            to.1,
            edge_label(label_at.0, label_at.1, &label)
        );
    }
}

fn edge_label(x: f64, y: f64, escaped: &str) -> String {
    // A white halo under the text keeps it legible across lines.
    format!(
        r##"<text x="{x:.1}" y="{:.1}" text-anchor="middle" font-size="9" fill="#444" stroke="#fff" stroke-width="3" paint-order="stroke">{escaped}</text>"##,
        y + 3.0
    )
}

/// Where the line from the centre `c` of a box of `size` towards `to`
/// leaves the box.
fn border(c: Point, size: Point, to: Point) -> Point {
    let (dx, dy) = (to.0 - c.0, to.1 - c.1);
    if dx == 0.0 && dy == 0.0 {
        return c;
    }
    let tx = if dx == 0.0 { f64::INFINITY } else { (size.0 / 2.0) / dx.abs() };
    let ty = if dy == 0.0 { f64::INFINITY } else { (size.1 / 2.0) / dy.abs() };
    let t = tx.min(ty).min(1.0);
    (c.0 + dx * t, c.1 + dy * t)
}

/// An estimate of the text's width: wide (CJK) characters count double.
fn text_width(text: &str, font: f64) -> f64 {
    text.chars().map(|c| if wide(c) { 1.0 } else { 0.58 }).sum::<f64>() * font
}

/// Hangul, CJK and full-width forms.
fn wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115f | 0x2e80..=0xa4cf | 0xac00..=0xd7a3 | 0xf900..=0xfaff | 0xff00..=0xff60)
}

/// A property value in full for the tooltip, which is there to show the
/// whole entity (only the caption is cut short).
fn tooltip(v: &Value) -> String {
    match v {
        Value::String(s) => s.to_string(),
        Value::List(items) => format!("[{}]", items.iter().map(tooltip).collect::<Vec<_>>().join(", ")),
        Value::Float(f) => crate::value::format_float(*f),
        Value::Int(i) => i.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Date(d) => d.to_string(),
        _ => String::new(),
    }
}

/// XML text: markup escaped, characters XML cannot hold dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' | '\t' => out.push(c),
            c if c.is_control() || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}
