//! GraphViz DOT (`dot -Tsvg graph.dot`): a `digraph` where each node shows
//! its caption (`name` or `title`) above its labels, filled with a colour
//! and drawn in a shape chosen by its first label, and each edge carries
//! its relationship type. Every string is quoted and escaped.

use std::io::Write;

use super::dump::Dump;
use super::style::{Palette, caption};
use crate::error::Result;

/// Writes `dump` as a DOT digraph.
pub fn write_dot(dump: &Dump, out: &mut dyn Write) -> Result<()> {
    let palette = Palette::new(dump);
    writeln!(out, "digraph embargo {{")?;
    writeln!(out, "  graph [rankdir=LR, overlap=false, splines=true, fontname=\"Helvetica\"];")?;
    writeln!(out, "  node [style=filled, fontname=\"Helvetica\", fontsize=11];")?;
    writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\"];")?;
    for node in &dump.nodes {
        let labels: String = node.labels.iter().map(|l| format!(":{l}")).collect();
        let text = if labels.is_empty() { caption(node) } else { format!("{}\n{labels}", caption(node)) };
        writeln!(
            out,
            "  n{} [label={}, shape={}, fillcolor={}];",
            node.id,
            quote(&text),
            palette.shape(node),
            quote(palette.colour(node))
        )?;
    }
    for rel in &dump.relationships {
        writeln!(out, "  n{} -> n{} [label={}];", rel.start, rel.end, quote(&rel.rel_type))?;
    }
    writeln!(out, "}}")?;
    Ok(())
}

/// A DOT quoted string: `"` and `\` escaped, a line break as DOT's `\n`
/// (centred line), other control characters dropped.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped() {
        assert_eq!(quote("a \"b\" \\c\nd\u{7}"), r#""a \"b\" \\c\nd""#);
    }
}
