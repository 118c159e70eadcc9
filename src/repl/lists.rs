//! The shell's commands for the sanctions lists: `:import` a list into
//! the open graph, `:search` its parties by any spelling of a name.

use std::io::{self, Write};

use crate::session::Session;

/// `:search NAME`: the best matches as a table, through `embargo.search`.
pub fn search<W: Write, E: Write>(session: &mut Session, name: &str, out: &mut W, err: &mut E) -> io::Result<()> {
    let query = "CALL embargo.search($text, {limit: 10}) YIELD node, score, matched \
                 RETURN round(score * 1000) / 1000 AS score, coalesce(node.name, node.title) AS name, matched, \
                 node.list AS list, node.source_id AS id, labels(node) AS labels";
    let mut params = session.params.clone();
    params.insert("text".to_string(), crate::Value::string(name));
    let outcome = session.db.execute(query, &params);
    session.printer.show(out, err, query, &outcome)?;
    session.printer.finish(out)
}

/// `:import FORMAT FILE`: a sanctions list into the open graph, as one step.
pub fn import<W: Write, E: Write>(
    session: &mut Session,
    format: &str,
    path: &std::path::Path,
    out: &mut W,
    err: &mut E,
) -> io::Result<()> {
    let Some(format) = crate::import::lists::Format::from_name(format) else {
        return writeln!(err, ":import: unknown format '{format}'");
    };
    let started = std::time::Instant::now();
    let files = [(format, path.to_path_buf())];
    match session.db.import_lists(&files, &crate::import::lists::ListOptions::default()) {
        Ok(report) => {
            session.changed = true;
            let seconds = started.elapsed().as_secs_f64();
            writeln!(out, "imported {report} in {seconds:.2} s ({})", report.breakdown())?;
            for note in report.notes() {
                writeln!(out, "{note}")?;
            }
            Ok(())
        }
        Err(error) => session.fail(out, err, &error),
    }
}
