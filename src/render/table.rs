//! The table format: a comfy-table box with the column names as header,
//! numbers right-aligned, then a footer with the row count and time, and a
//! summary of what a write changed.

use std::io::{self, Write};
use std::time::Duration;

use comfy_table::{Attribute, Cell, CellAlignment, Color, ContentArrangement, Row, Table, presets};

use super::text;
use crate::result::{QueryResult, Stats};
use crate::value::Value;

/// How tables are drawn.
#[derive(Clone, Copy, Debug, Default)]
pub struct TableOptions {
    /// A fixed width (tests, or a user's choice); without one the table
    /// fits the terminal when there is one.
    pub width: Option<u16>,
    pub color: bool,
    /// Show the time a statement took in the footer.
    pub timer: bool,
}

/// Rows taller than this are cut with `…` so that one long text does not
/// fill the screen.
const MAX_CELL_LINES: usize = 8;

pub fn write_result<W: Write>(out: &mut W, result: &QueryResult, options: &TableOptions) -> io::Result<()> {
    write_result_of(out, result, result.rows.len(), options)
}

/// A result that shows `result.rows` of `total` rows.
pub fn write_result_of<W: Write>(
    out: &mut W,
    result: &QueryResult,
    total: usize,
    options: &TableOptions,
) -> io::Result<()> {
    let timing = options.timer.then(|| format!(" ({})", format_elapsed(result.elapsed)));
    let timing = timing.as_deref().unwrap_or("");
    if result.columns.is_empty() {
        let summary = stats_summary(&result.stats).unwrap_or_else(|| "No changes".into());
        writeln!(out, "{summary}{timing}")?;
        return out.flush();
    }
    let mut table = new_table(options);
    table.set_header(result.columns.iter().map(|c| header_cell(c, options)));
    for row in &result.rows {
        let mut row = Row::from(row.iter().map(|v| value_cell(v, result, options)));
        row.max_height(MAX_CELL_LINES);
        table.add_row(row);
    }
    writeln!(out, "{table}")?;
    let shown = result.rows.len();
    let cut = if shown < total { format!(" ({shown} shown)") } else { String::new() };
    writeln!(out, "{total} {}{cut}{timing}", if total == 1 { "row" } else { "rows" })?;
    if let Some(summary) = stats_summary(&result.stats) {
        writeln!(out, "{summary}")?;
    }
    out.flush()
}

/// A plain table of text cells (for `:schema` and the like).
pub fn write_text_table<W: Write>(
    out: &mut W,
    header: &[&str],
    rows: &[Vec<String>],
    numeric: &[bool],
    options: &TableOptions,
) -> io::Result<()> {
    let mut table = new_table(options);
    table.set_header(header.iter().map(|h| header_cell(h, options)));
    for row in rows {
        table.add_row(row.iter().zip(numeric.iter().chain(std::iter::repeat(&false))).map(|(cell, number)| {
            let cell = Cell::new(cell);
            if *number { cell.set_alignment(CellAlignment::Right) } else { cell }
        }));
    }
    writeln!(out, "{table}")
}

fn new_table(options: &TableOptions) -> Table {
    let mut table = Table::new();
    table.load_style(presets::UTF8_FULL_CONDENSED);
    table.set_content_arrangement(ContentArrangement::Dynamic);
    table.set_truncation_indicator("…");
    match options.width.or_else(terminal_width) {
        // A fixed width must not depend on the terminal the tests run in.
        Some(width) => {
            table.force_no_tty().set_width(width);
        }
        // A terminal that reports no size (a bare pty) gets no wrapping.
        None => {
            table.force_no_tty();
        }
    }
    table
}

/// The width of the terminal standard output is on, if it has one.
pub fn terminal_width() -> Option<u16> {
    use std::io::IsTerminal;
    if !io::stdout().is_terminal() {
        return None;
    }
    crossterm::terminal::size().ok().map(|(columns, _)| columns).filter(|c| *c > 0)
}

fn header_cell(name: &str, options: &TableOptions) -> Cell {
    let cell = Cell::new(name);
    if options.color { cell.add_attribute(Attribute::Bold) } else { cell }
}

fn value_cell(value: &Value, result: &QueryResult, options: &TableOptions) -> Cell {
    let cell = Cell::new(text::cell(value, &result.entities));
    match value {
        Value::Int(_) | Value::Float(_) => cell.set_alignment(CellAlignment::Right),
        Value::Null if options.color => cell.fg(Color::DarkGrey),
        _ => cell,
    }
}

/// "0.42 ms", "12.3 ms", "1.20 s".
pub fn format_elapsed(elapsed: Duration) -> String {
    let ms = elapsed.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.2} ms")
    } else if ms < 1000.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{:.2} s", ms / 1000.0)
    }
}

/// "Added 2 nodes, created 1 relationship, set 5 properties": the non-zero
/// counters, or `None` when the statement changed nothing.
pub fn stats_summary(stats: &Stats) -> Option<String> {
    let parts: Vec<String> = [
        ("added", stats.nodes_created, "node"),
        ("deleted", stats.nodes_deleted, "node"),
        ("created", stats.relationships_created, "relationship"),
        ("deleted", stats.relationships_deleted, "relationship"),
        ("set", stats.properties_set, "property"),
        ("added", stats.labels_added, "label"),
        ("removed", stats.labels_removed, "label"),
        ("added", stats.indexes_added, "index"),
        ("removed", stats.indexes_removed, "index"),
        ("added", stats.constraints_added, "constraint"),
        ("removed", stats.constraints_removed, "constraint"),
    ]
    .into_iter()
    .filter(|(_, n, _)| *n > 0)
    .map(|(verb, n, noun)| format!("{verb} {n} {}", plural(noun, n)))
    .collect();
    let summary = parts.join(", ");
    let mut chars = summary.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().chain(chars).collect())
}

fn plural(noun: &str, n: u64) -> String {
    match (noun, n) {
        (_, 1) => noun.to_string(),
        ("property", _) => "properties".to_string(),
        ("index", _) => "indexes".to_string(),
        _ => format!("{noun}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::test_support::sample_entities;

    fn render(result: &QueryResult, timer: bool) -> String {
        let mut out = Vec::new();
        let options = TableOptions { width: Some(80), color: false, timer };
        assert!(write_result(&mut out, result, &options).is_ok());
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn rows_in_a_box_with_a_footer() {
        let result = QueryResult {
            columns: vec!["c".into(), "n".into(), "x".into()],
            rows: vec![vec![Value::Node(12), Value::Int(3), Value::Null]],
            elapsed: Duration::from_micros(200),
            entities: sample_entities(),
            ..QueryResult::default()
        };
        let expected = "\
┌───────────────────────────┬───┬──────┐
│ c                         ┆ n ┆ x    │
╞═══════════════════════════╪═══╪══════╡
│ (:Country {name: \"Iran\"}) ┆ 3 ┆ null │
└───────────────────────────┴───┴──────┘
1 row (0.20 ms)
";
        assert_eq!(render(&result, true), expected);
    }

    #[test]
    fn numbers_are_right_aligned_and_wide_cells_wrap() {
        let result = QueryResult {
            columns: vec!["n".into(), "s".into()],
            rows: vec![vec![Value::Int(1), Value::string(&"word ".repeat(30))], vec![Value::Int(1000), Value::Null]],
            ..QueryResult::default()
        };
        let text = render(&result, false);
        assert!(text.contains("│    1 ┆"), "{text}");
        assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
        assert!(text.ends_with("2 rows\n"));
    }

    #[test]
    fn very_long_cells_are_cut() {
        let result = QueryResult {
            columns: vec!["s".into()],
            rows: vec![vec![Value::string(&"word ".repeat(200))]],
            ..QueryResult::default()
        };
        let text = render(&result, false);
        assert_eq!(text.lines().count(), 3 + MAX_CELL_LINES + 1 + 1, "{text}");
        assert!(text.contains('…'), "{text}");
    }

    #[test]
    fn writes_print_what_changed() {
        let stats = Stats { nodes_created: 2, relationships_created: 1, properties_set: 5, ..Stats::default() };
        let result = QueryResult { stats, ..QueryResult::default() };
        assert_eq!(render(&result, false), "Added 2 nodes, created 1 relationship, set 5 properties\n");
        assert_eq!(render(&QueryResult::default(), false), "No changes\n");
        let one = Stats { properties_set: 1, labels_removed: 2, ..Stats::default() };
        assert_eq!(stats_summary(&one).as_deref(), Some("Set 1 property, removed 2 labels"));
    }

    #[test]
    fn elapsed_times_read_naturally() {
        assert_eq!(format_elapsed(Duration::from_micros(420)), "0.42 ms");
        assert_eq!(format_elapsed(Duration::from_micros(12_340)), "12.3 ms");
        assert_eq!(format_elapsed(Duration::from_millis(1200)), "1.20 s");
    }
}
