//! How the pictures (`dot`, `svg`) show a node: a caption, and a colour and
//! shape chosen by its first label, the same in both formats.

use std::sync::Arc;

use super::dump::{Dump, DumpNode};
use crate::value::{Value, format_float};

/// Fill colours, light enough for black text, distinct enough to tell apart
/// (a Tableau-like palette, lightened).
const COLOURS: &[&str] =
    &["#8fb8de", "#f6b26b", "#93c47d", "#e06666", "#b4a7d6", "#c9a27e", "#f4a6d7", "#b7b7b7", "#d9d26a", "#76d7c4"];

/// GraphViz shapes, in the same order.
const SHAPES: &[&str] = &["ellipse", "box", "hexagon", "octagon", "diamond", "house", "parallelogram", "egg"];

/// The colour and shape of each label of a dump.
pub struct Palette {
    labels: Vec<Arc<str>>,
}

impl Palette {
    pub fn new(dump: &Dump) -> Palette {
        // A node is styled by its first label; sorted, so that the same
        // labels get the same colours in every export.
        let mut labels: Vec<Arc<str>> = dump.nodes.iter().filter_map(|n| n.labels.first().cloned()).collect();
        labels.sort();
        labels.dedup();
        Palette { labels }
    }

    /// The labels that have a style, with their colour, for a legend.
    pub fn legend(&self) -> impl Iterator<Item = (&str, &'static str)> {
        self.labels.iter().enumerate().map(|(i, l)| (&**l, COLOURS[i % COLOURS.len()]))
    }

    fn index(&self, node: &DumpNode) -> Option<usize> {
        let first = node.labels.first()?;
        self.labels.iter().position(|l| l == first)
    }

    pub fn colour(&self, node: &DumpNode) -> &'static str {
        self.index(node).map_or("#ffffff", |i| COLOURS[i % COLOURS.len()])
    }

    pub fn shape(&self, node: &DumpNode) -> &'static str {
        self.index(node).map_or("circle", |i| SHAPES[i % SHAPES.len()])
    }
}

/// What a node is called in a picture: its `name` or `title` property, or
/// else its first label and id (`Country #3`).
pub fn caption(node: &DumpNode) -> String {
    for key in ["name", "title", "caption"] {
        if let Some(v) = node.properties.get(key) {
            return short(&display(v));
        }
    }
    match node.labels.first() {
        Some(label) => format!("{label} #{}", node.id),
        None => format!("#{}", node.id),
    }
}

/// A property value as plain text for a picture.
fn display(v: &Value) -> String {
    match v {
        Value::String(s) => s.to_string(),
        Value::Float(f) => format_float(*f),
        Value::Int(i) => i.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Date(d) => d.to_string(),
        Value::List(items) => items.iter().map(display).collect::<Vec<_>>().join(", "),
        _ => String::new(),
    }
}

/// Cuts long captions (a report title) so a picture stays readable, and
/// flattens line breaks.
pub fn short(text: &str) -> String {
    const MAX: usize = 40;
    let flat: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if flat.chars().count() <= MAX {
        return flat;
    }
    let cut: String = flat.chars().take(MAX - 1).collect();
    format!("{}…", cut.trim_end())
}
