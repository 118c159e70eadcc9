//! The sanctions lists as one import: each file read by the reader of its
//! format, its version settled, and written into the graph.

use std::io::BufReader;
use std::path::{Path, PathBuf};

use super::apply::Writer;
use super::listing::{Batch, ReadOptions, Source};
use super::report::Report;
use super::{eu_csv, ftm, ofac_csv, ofac_xml, un_xml};
use crate::error::{MESSAGE_MAX, shortened};
use crate::store::Graph;
use crate::value::Date;

/// The list formats embargo reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// The UN Security Council consolidated list (`CONSOLIDATED_LIST` XML).
    UnXml,
    /// OFAC's legacy SDN CSV, with `add.csv` and `alt.csv` beside it.
    OfacCsv,
    /// OFAC's `sdnList` XML (the SDN list or the consolidated non-SDN list).
    OfacXml,
    /// The EU's restrictive-measures table with FtM-aligned columns.
    EuCsv,
    /// FollowTheMoney JSON lines, plain or delta.
    Ftm,
}

impl Format {
    /// The format's name in `:import` and messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::UnXml => "un-xml",
            Format::OfacCsv => "ofac-csv",
            Format::OfacXml => "ofac-xml",
            Format::EuCsv => "eu-csv",
            Format::Ftm => "ftm",
        }
    }

    pub const ALL: [Format; 5] = [Format::UnXml, Format::OfacCsv, Format::OfacXml, Format::EuCsv, Format::Ftm];

    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name.trim_start_matches("--"))
    }
}

/// How the lists are imported.
#[derive(Clone, Copy, Debug, Default)]
pub struct ListOptions {
    pub skip_bad_rows: bool,
    /// The version of lists that carry no date of their own (OFAC's CSV,
    /// the EU table); without it, the file's modification date.
    pub as_of: Option<Date>,
}

/// Reads one file of `format`.
pub fn read(format: Format, path: &Path, options: &ReadOptions) -> Result<Batch, String> {
    let name = path.display().to_string();
    let open = || std::fs::File::open(path).map(BufReader::new).map_err(|e| format!("cannot read {name}: {e}"));
    let batch = match format {
        Format::UnXml => un_xml::read(open()?, &name, options),
        Format::OfacCsv => ofac_csv::read(path, options),
        Format::OfacXml => ofac_xml::read(open()?, &name, options),
        Format::EuCsv => eu_csv::read(open()?, &name, options),
        Format::Ftm => ftm::read(open()?, &name, options),
    };
    // Reasons quote the values they refuse: a 1 MB one must stay short.
    batch.map_err(|e| shortened(&e, MESSAGE_MAX))
}

/// The date a file was last written, as a version for a list that has
/// none inside.
fn modified(path: &Path) -> Option<Date> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    let seconds = modified.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
    crate::temporal::civil_from_days(i64::try_from(seconds / 86_400).ok()?)
}

/// Imports `files` into `graph`, in the order given, telling `reading`
/// each file as it starts (for a progress bar). On an error the graph
/// holds part of the import: the caller rolls it back (or, importing into
/// a store, does not write it).
pub fn import(
    graph: &mut Graph,
    files: &[(Format, PathBuf)],
    options: &ListOptions,
    reading: &mut dyn FnMut(&Path),
) -> Result<Report, String> {
    let read_options = ReadOptions { skip_bad_rows: options.skip_bad_rows };
    let mut writer = Writer::new(graph);
    for (format, path) in files {
        reading(path);
        let mut batch = read(*format, path, &read_options)?;
        let mut source = batch.source.take().unwrap_or_else(|| Source { list: format.name().into(), version: None });
        // FtM entities carry their own first and last dates.
        if source.version.is_none() && *format != Format::Ftm {
            source.version = options.as_of.or_else(|| modified(path));
        }
        writer.apply(batch, &source);
    }
    Ok(writer.report)
}

/// Imports a UN list given as text (the bundled graph's excerpt).
pub fn import_un_text(graph: &mut Graph, text: &str, name: &str) -> Result<Report, String> {
    let mut batch = un_xml::read(text.as_bytes(), name, &ReadOptions::default())?;
    let source = batch.source.take().ok_or_else(|| format!("{name}: the list has no date"))?;
    let mut writer = Writer::new(graph);
    writer.apply(batch, &source);
    Ok(writer.report)
}
