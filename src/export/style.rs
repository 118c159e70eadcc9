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

/// The labels of embargo's schema, each with a colour and shape of its own;
/// any other label takes one by a hash of its name. Either way a label has
/// the same colour in every picture.
const KNOWN: &[&str] = &[
    "Country",
    "Person",
    "Organization",
    "Sanction",
    "Vessel",
    "Report",
    "Address",
    "LegalEntity",
    "Airplane",
    "Position",
];

fn slot(label: &str) -> usize {
    KNOWN.iter().position(|k| *k == label).unwrap_or_else(|| {
        // FNV-1a: stable across runs and platforms, unlike std's hasher.
        let hash =
            label.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
        (hash % COLOURS.len() as u64) as usize
    })
}

/// The colour and shape of each label of a dump.
pub struct Palette {
    labels: Vec<Arc<str>>,
}

impl Palette {
    pub fn new(dump: &Dump) -> Palette {
        // A node is styled by its first label; sorted for the legend.
        let mut labels: Vec<Arc<str>> = dump.nodes.iter().filter_map(|n| n.labels.first().cloned()).collect();
        labels.sort();
        labels.dedup();
        Palette { labels }
    }

    /// The labels that have a style, with their colour, for a legend.
    pub fn legend(&self) -> impl Iterator<Item = (&str, &'static str)> {
        self.labels.iter().map(|l| (&**l, COLOURS[slot(l) % COLOURS.len()]))
    }

    pub fn colour(&self, node: &DumpNode) -> &'static str {
        node.labels.first().map_or("#ffffff", |l| COLOURS[slot(l) % COLOURS.len()])
    }

    pub fn shape(&self, node: &DumpNode) -> &'static str {
        node.labels.first().map_or("circle", |l| SHAPES[slot(l) % SHAPES.len()])
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

#[cfg(test)]
mod tests {
    use super::*;

    fn node(label: &str) -> DumpNode {
        DumpNode { id: 0, labels: vec![Arc::from(label)], properties: Default::default() }
    }

    #[test]
    fn a_label_has_one_colour_whatever_else_is_in_the_picture() {
        let alone = Dump { nodes: vec![node("Vessel")], relationships: vec![], schema: vec![] };
        let crowded = Dump {
            nodes: vec![node("Address"), node("Country"), node("Vessel")],
            relationships: vec![],
            schema: vec![],
        };
        assert_eq!(Palette::new(&alone).colour(&node("Vessel")), Palette::new(&crowded).colour(&node("Vessel")));
        assert_eq!(Palette::new(&alone).colour(&node("Custom")), Palette::new(&crowded).colour(&node("Custom")));
        let colours: std::collections::HashSet<_> =
            KNOWN.iter().map(|l| Palette::new(&alone).colour(&node(l))).collect();
        assert_eq!(colours.len(), KNOWN.len(), "the schema's labels are told apart");
    }
}
