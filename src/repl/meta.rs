//! Carrying out meta-commands against a session, printing to any writer.

use std::io::{self, Write};

use super::commands::{COMMANDS, Command, CommandError, canonical, parse, suggest};
use crate::database::parse_param;
use crate::render::TableOptions;
use crate::render::table::write_text_table;
use crate::render::text;
use crate::result::Entities;
use crate::schema::definition::SchemaDefs;
use crate::schema::{Schema, connection_pattern};
use crate::script::read_file;
use crate::session::Session;

/// The shell's state: the session, and settings only a terminal has.
pub struct Shell {
    pub session: Session,
    /// Page results taller than the screen.
    pub pager: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Quit,
}

/// `:export FORMAT PATH [QUERY]`: the query's subgraph, or the whole graph.
fn export<W: Write, E: Write>(
    session: &mut Session,
    format: &str,
    path: &std::path::Path,
    query: Option<&str>,
    out: &mut W,
    err: &mut E,
) -> io::Result<()> {
    let options = crate::export::Options { params: session.params.clone(), ..crate::export::Options::default() };
    let done = crate::export::Format::parse(format)
        .and_then(|format| crate::export::run(&mut session.db, format, path, query, &options));
    match done {
        Ok(summary) => writeln!(out, "{summary}"),
        Err(error) => session.fail(out, err, &error),
    }
}

fn transaction_done(command: crate::session::TransactionCommand) -> &'static str {
    use crate::session::TransactionCommand::*;
    match command {
        Begin => "transaction open: statements wait for :commit (or :rollback)",
        Commit => "committed",
        Rollback => "rolled back",
    }
}

/// Parses and runs one meta-command line.
pub fn run_command<W: Write, E: Write>(shell: &mut Shell, line: &str, out: &mut W, err: &mut E) -> io::Result<Flow> {
    let session = &mut shell.session;
    let command = match parse(line) {
        Ok(command) => command,
        Err(e) => {
            writeln!(err, "{e}")?;
            return Ok(Flow::Continue);
        }
    };
    match command {
        Command::Quit => return Ok(Flow::Quit),
        Command::Help(topic) => help(topic.as_deref(), out, err)?,
        Command::Schema => schema(session, out)?,
        Command::Format(None) => writeln!(out, "format: {}", session.printer.format)?,
        Command::Format(Some(format)) => {
            session.printer.format = format;
            writeln!(out, "format: {format}")?;
        }
        Command::Timer(None) => writeln!(out, "timer: {}", on_off(session.printer.table.timer))?,
        Command::Timer(Some(on)) => {
            session.printer.table.timer = on;
            writeln!(out, "timer: {}", on_off(on))?;
        }
        Command::Param { name, literal } => match parse_param(&name, &literal) {
            Ok((value, name)) => {
                writeln!(out, "${name} => {}", text::literal(&value, &Entities::default()))?;
                session.params.insert(name, value);
            }
            Err(e) => writeln!(err, ":param {name}: {e}")?,
        },
        Command::Params if session.params.is_empty() => {
            writeln!(out, "no parameters (:param NAME => LITERAL binds one)")?
        }
        Command::Params => {
            for (name, value) in &session.params {
                writeln!(out, "${name} => {}", text::literal(value, &Entities::default()))?;
            }
        }
        Command::ClearParams => {
            session.params.clear();
            writeln!(out, "parameters cleared")?;
        }
        Command::Source(path) => match read_file(&path) {
            Ok(script) => {
                session.run_script(&script, out, err)?;
                session.printer.finish(out)?;
            }
            Err(error) => session.fail(out, err, &error)?,
        },
        Command::Export { format, path, query } => export(session, &format, &path, query.as_deref(), out, err)?,
        Command::Import { format, path } => super::lists::import(session, &format, &path, out, err)?,
        Command::Search(name) => super::lists::search(session, &name, out, err)?,
        Command::Open(path) => match crate::Database::open(&path, false) {
            Ok((mut db, warnings)) => {
                for warning in warnings {
                    writeln!(err, "warning: {warning}")?;
                }
                db.limits = session.db.limits.clone();
                // The store left behind is checkpointed as it closes.
                let mut old = std::mem::replace(&mut session.db, db);
                if let Err(error) = old.close() {
                    session.fail(out, err, &error)?;
                }
                session.changed = true;
                writeln!(out, "opened {}", path.display())?;
            }
            Err(error) => session.fail(out, err, &error)?,
        },
        Command::Checkpoint => {
            match (session.db.store_path().map(|p| p.display().to_string()), session.db.checkpoint()) {
                (_, Err(error)) => session.fail(out, err, &error)?,
                (Some(store), Ok(())) => writeln!(out, "checkpoint written to {store}")?,
                (None, Ok(())) => {
                    writeln!(out, "nothing to write: the graph is in memory (open a store with :open DIR)")?
                }
            }
        }
        Command::Transaction(command) => match session.transaction(command) {
            Ok(()) => writeln!(out, "{}", transaction_done(command))?,
            Err(error) => session.fail(out, err, &error)?,
        },
        Command::Pager(None) => writeln!(out, "pager: {}", on_off(shell.pager))?,
        Command::Pager(Some(on)) => {
            shell.pager = on;
            writeln!(out, "pager: {}", on_off(on))?;
        }
        Command::Timeout(setting) => {
            if let Some(timeout) = setting {
                session.db.limits.timeout = timeout;
            }
            match session.db.limits.timeout {
                Some(t) => writeln!(out, "timeout: {} s", t.as_secs_f64())?,
                None => writeln!(out, "timeout: off")?,
            }
        }
        Command::MaxMemory(setting) => {
            if let Some(budget) = setting {
                session.db.limits.max_memory = budget;
            }
            match session.db.limits.max_memory {
                Some(bytes) => writeln!(out, "maxmemory: {}", crate::memory::format_size(bytes))?,
                None => writeln!(out, "maxmemory: off")?,
            }
        }
        Command::MaxRows(setting) => {
            if let Some(max) = setting {
                session.printer.max_rows = max;
            }
            match session.printer.max_rows {
                Some(n) => writeln!(out, "maxrows: {n}")?,
                None => writeln!(out, "maxrows: off")?,
            }
        }
    }
    out.flush()?;
    Ok(Flow::Continue)
}

fn on_off(on: bool) -> &'static str {
    if on { "on" } else { "off" }
}

fn help<W: Write, E: Write>(topic: Option<&str>, out: &mut W, err: &mut E) -> io::Result<()> {
    let Some(topic) = topic else {
        writeln!(out, "Statements are openCypher and end with ;  (they may span lines).")?;
        writeln!(out, "Commands start with : (or .):")?;
        for (_, _, usage, what) in COMMANDS {
            writeln!(out, "  {usage:<34} {what}")?;
        }
        writeln!(out, "Tab completes labels, types, property keys, parameters, keywords and file names.")?;
        writeln!(out, "Ctrl-R searches the history. Ctrl-C clears the line, or cancels a running statement.")?;
        return writeln!(out, "Ctrl-D leaves.");
    };
    match canonical(topic).and_then(|name| COMMANDS.iter().find(|c| c.0 == name)) {
        Some((_, aliases, usage, what)) => {
            writeln!(out, "{usage}\n  {what}")?;
            if !aliases.is_empty() {
                let aliases: Vec<String> = aliases.iter().map(|a| format!(":{a}")).collect();
                writeln!(out, "  also: {}", aliases.join(", "))?;
            }
            Ok(())
        }
        None => writeln!(err, "{}", CommandError::Unknown { name: topic.to_string(), suggestion: suggest(topic) }),
    }
}

type KeysOf = std::collections::BTreeMap<String, std::collections::BTreeMap<String, usize>>;

fn schema<W: Write>(session: &Session, out: &mut W) -> io::Result<()> {
    let schema = Schema::of(session.db.graph());
    let options = session.printer.table;
    let counted = |map: &std::collections::BTreeMap<String, usize>| -> Vec<Vec<String>> {
        map.iter().map(|(name, n)| vec![name.clone(), n.to_string()]).collect()
    };
    let defs = session.db.graph().schema();
    if schema.labels.is_empty() && schema.types.is_empty() {
        writeln!(out, "The graph is empty.")?;
        return definitions(defs, out, &options);
    }
    let with_keys = |counts: &std::collections::BTreeMap<String, usize>, keys: &KeysOf| -> Vec<Vec<String>> {
        counts
            .iter()
            .map(|(name, n)| {
                let names = keys.get(name).map(|k| k.keys().cloned().collect::<Vec<_>>().join(", "));
                vec![name.clone(), n.to_string(), names.unwrap_or_default()]
            })
            .collect()
    };
    let numeric = [false, true, false];
    let labels = with_keys(&schema.labels, &schema.label_keys);
    write_text_table(out, &["label", "nodes", "property keys"], &labels, &numeric, &options)?;
    let types = with_keys(&schema.types, &schema.type_keys);
    write_text_table(out, &["relationship type", "count", "property keys"], &types, &numeric, &options)?;
    write_text_table(out, &["property key", "count"], &counted(&schema.keys), &[false, true], &options)?;
    let connections: Vec<Vec<String>> =
        schema.connections.iter().map(|((a, t, b), n)| vec![connection_pattern(a, t, b), n.to_string()]).collect();
    write_text_table(out, &["connection", "count"], &connections, &[false, true], &options)?;
    definitions(defs, out, &options)
}

/// The indexes and constraints, when there are any.
fn definitions<W: Write>(defs: &SchemaDefs, out: &mut W, options: &TableOptions) -> io::Result<()> {
    let row = |name: &str, kind: &str, pattern: String| vec![name.to_string(), kind.to_string(), pattern];
    let indexes: Vec<Vec<String>> =
        defs.indexes.iter().map(|i| row(&i.name, i.index_type.name(), i.pattern())).collect();
    if !indexes.is_empty() {
        write_text_table(out, &["index", "type", "on"], &indexes, &[false; 3], options)?;
    }
    let constraints: Vec<Vec<String>> =
        defs.constraints.iter().map(|c| row(&c.name, &c.type_name(), c.pattern())).collect();
    if !constraints.is_empty() {
        write_text_table(out, &["constraint", "type", "on"], &constraints, &[false; 3], options)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::database::{Database, Params};
    use crate::render::{Format, Printer, TableOptions};

    fn session() -> Shell {
        let options = TableOptions { width: Some(100), color: false, timer: true };
        let session = Session::new(Database::empty(), Params::new(), Printer::new(Format::Table, options));
        Shell { session, pager: false }
    }

    fn run(session: &mut Shell, line: &str) -> (Flow, String, String) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let flow = run_command(session, line, &mut out, &mut err).unwrap_or(Flow::Continue);
        (flow, String::from_utf8_lossy(&out).into_owned(), String::from_utf8_lossy(&err).into_owned())
    }

    #[test]
    fn settings_change_and_show() {
        let mut s = session();
        assert_eq!(run(&mut s, ":format jsonl").1, "format: jsonl\n");
        assert_eq!(s.session.printer.format, Format::Jsonl);
        assert_eq!(run(&mut s, ":format").1, "format: jsonl\n");
        assert_eq!(run(&mut s, ":timer off").1, "timer: off\n");
        assert!(!s.session.printer.table.timer);
        assert_eq!(run(&mut s, ":pager on").1, "pager: on\n");
        assert!(s.pager);
        assert_eq!(run(&mut s, ":timeout 1.5").1, "timeout: 1.5 s\n");
        assert_eq!(s.session.db.limits.timeout, Some(std::time::Duration::from_millis(1500)));
        assert_eq!(run(&mut s, ":timeout off").1, "timeout: off\n");
        assert_eq!(run(&mut s, ":maxmemory 1.5G").1, "maxmemory: 1.5 GiB\n");
        assert_eq!(s.session.db.limits.max_memory, Some(3 << 29));
        assert_eq!(run(&mut s, ":maxmemory off").1, "maxmemory: off\n");
        assert_eq!(run(&mut s, ":maxrows 10").1, "maxrows: 10\n");
        assert_eq!(s.session.printer.max_rows, Some(10));
        assert_eq!(run(&mut s, ":maxrows").1, "maxrows: 10\n");
        assert_eq!(run(&mut s, ":quit").0, Flow::Quit);
    }

    #[test]
    fn begin_and_rollback_undo_the_statements_between() {
        let mut s = session();
        let before = s.session.db.graph().node_count();
        assert!(run(&mut s, ":begin").1.starts_with("transaction open"));
        let (mut out, mut err) = (Vec::new(), Vec::new());
        assert!(s.session.run_script("CREATE (); CREATE ()", &mut out, &mut err).is_ok());
        assert!(run(&mut s, ":checkpoint").2.contains("commit or roll it back first"));
        assert_eq!(run(&mut s, ":rollback").1, "rolled back\n");
        assert_eq!(s.session.db.graph().node_count(), before);
        assert!(run(&mut s, ":commit").2.contains("no open transaction"));
    }

    #[test]
    fn open_and_checkpoint_work_on_stores() {
        let mut s = session();
        assert!(run(&mut s, ":checkpoint").1.starts_with("nothing to write"));
        let dir = std::env::temp_dir().join(format!("embargo-repl-open-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        assert!(run(&mut s, &format!(":open {}", dir.display())).1.starts_with("opened"));
        let (mut out, mut err) = (Vec::new(), Vec::new());
        assert!(s.session.run_script("CREATE (:Kept {name: 'x'})", &mut out, &mut err).is_ok());
        assert!(run(&mut s, ":checkpoint").1.starts_with("checkpoint written to"));
        let reopened = crate::Database::open(&dir, true);
        assert!(reopened.is_ok_and(|(db, _)| db.graph().node_count() == 1));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn export_writes_the_graph_or_a_query_subgraph() {
        let mut s = session();
        let dir = std::env::temp_dir().join(format!("embargo-repl-export-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let script =
            "CREATE (:Country {name: 'Iran'})-[:VIOLATED]->(:Sanction {name: 'UN'}), (:Country {name: 'Cuba'})";
        let (mut out, mut err) = (Vec::new(), Vec::new());
        assert!(s.session.run_script(script, &mut out, &mut err).is_ok());
        let all = dir.join("all.json");
        let said = run(&mut s, &format!(":export json {}", all.display())).1;
        assert!(said.contains("3 nodes and 1 relationship"), "{said}");
        let some = dir.join("iran.cypher");
        let said =
            run(&mut s, &format!(":export cypher {} MATCH (c:Country {{name: 'Iran'}}) RETURN c", some.display())).1;
        assert!(said.contains("1 node"), "{said}");
        assert!(std::fs::read_to_string(&some).is_ok_and(|t| t.contains("Iran") && !t.contains("Cuba")));
        assert!(run(&mut s, ":export yaml out.yaml").2.contains("yaml"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn search_shows_the_best_matches_with_their_list_and_name() {
        let options = TableOptions { width: Some(120), color: false, timer: false };
        let db = Database::bundled().expect("bundled graph");
        let session = Session::new(db, Params::new(), Printer::new(Format::Table, options));
        let mut s = Shell { session, pager: false };
        let said = run(&mut s, ":search Korea Mining Dev. Trading Corp.").1;
        // The best match comes first: its id is the first listing id shown.
        let first_id = said.split("KPe.").nth(1).and_then(|rest| rest.get(..3));
        assert_eq!(first_id, Some("001"), "{said}");
        assert!(said.contains("MINING") && said.contains("UN SC consolidated list"), "{said}");
        assert!(run(&mut s, ":search").2.contains("which name?"));
    }

    #[test]
    fn import_loads_a_list_whole_or_not_at_all() {
        let mut s = session();
        let excerpt = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/un-2024-excerpt.xml");
        let said = run(&mut s, &format!(":import un-xml {excerpt}"));
        assert!(said.1.starts_with("imported ") && said.1.contains("per label and type: "), "{said:?}");
        let count = |s: &mut Shell| {
            let r = s.session.db.execute("MATCH (n {list: 'UN SC consolidated list'}) RETURN count(n)", &Params::new());
            r.ok().and_then(|r| r.rows.first().and_then(|row| row.first().cloned()))
        };
        let listed = count(&mut s);
        assert!(matches!(listed, Some(crate::Value::Int(n)) if n > 0), "{listed:?}");
        let dir = tempfile::tempdir().expect("temp dir");
        let broken = dir.path().join("cut.xml");
        let text = std::fs::read_to_string(excerpt).unwrap_or_default();
        std::fs::write(&broken, &text.as_bytes()[..text.len() / 2]).expect("write");
        let said = run(&mut s, &format!(":import un-xml {}", broken.display()));
        assert!(said.2.contains("cut.xml:"), "{said:?}");
        assert_eq!(count(&mut s), listed, "a failed import changes nothing");
        assert!(run(&mut s, ":import yaml x").2.contains("unknown format"));
    }

    #[test]
    fn the_schema_shows_keys_by_label_and_connections() {
        let mut s = session();
        let script = "CREATE (:Country {name: 'Iran'})-[:VIOLATED {category: 'military'}]->(:Sanction {name: 'UN'})";
        let (mut out, mut err) = (Vec::new(), Vec::new());
        assert!(s.session.run_script(script, &mut out, &mut err).is_ok());
        let text = run(&mut s, ":schema").1;
        let line = |start: &str| text.lines().find(|l| l.starts_with(start)).unwrap_or_default().to_string();
        assert!(line("│ Country ").ends_with("┆     1 ┆ name          │"), "{text}");
        assert!(line("│ VIOLATED ").ends_with("┆     1 ┆ category      │"), "{text}");
        assert!(text.contains("(:Country)-[:VIOLATED]->(:Sanction)"), "{text}");
    }

    #[test]
    fn the_schema_lists_indexes_and_constraints() {
        let mut s = session();
        let script = "CREATE INDEX imo FOR (v:Vessel) ON (v.imo); \
                      CREATE CONSTRAINT pid FOR ()-[r:OWNS]-() REQUIRE r.share IS NOT NULL";
        let (mut out, mut err) = (Vec::new(), Vec::new());
        assert!(s.session.run_script(script, &mut out, &mut err).is_ok(), "{}", String::from_utf8_lossy(&err));
        let text = run(&mut s, ":schema").1;
        assert!(text.starts_with("The graph is empty.\n"), "{text}");
        assert!(text.contains("│ imo   ┆ RANGE ┆ (:Vessel {imo}) │"), "{text}");
        assert!(text.contains("RELATIONSHIP_PROPERTY_EXISTENCE ┆ ()-[:OWNS {share}]-()"), "{text}");
    }

    #[test]
    fn mistakes_go_to_the_error_stream() {
        let mut s = session();
        let (flow, out, err) = run(&mut s, ":shcema");
        assert_eq!((flow, out.as_str()), (Flow::Continue, ""));
        assert!(err.contains("did you mean :schema?"), "{err}");
        assert!(run(&mut s, ":help nope").2.contains("unknown command :nope"));
        let missing = run(&mut s, ":source /nonexistent/embargo.cypher").2;
        assert!(missing.starts_with("IoError: cannot read /nonexistent/embargo.cypher"), "{missing}");
    }

    #[test]
    fn help_lists_every_command() {
        let mut s = session();
        let out = run(&mut s, ":help").1;
        for (name, ..) in COMMANDS {
            assert!(out.contains(&format!(":{name}")), "{name} missing from {out}");
        }
        assert!(run(&mut s, ":help mode").1.starts_with(":format [table|jsonl|json|csv]"));
    }

    #[test]
    fn params_list_when_empty() {
        let mut s = session();
        assert!(run(&mut s, ":params").1.starts_with("no parameters"));
        assert_eq!(run(&mut s, ":params clear").1, "parameters cleared\n");
    }

    #[test]
    fn an_empty_graph_has_no_schema() {
        assert_eq!(run(&mut session(), ":schema").1, "The graph is empty.\n");
    }
}
