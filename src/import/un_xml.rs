//! The UN Security Council consolidated list (`CONSOLIDATED_LIST` XML, of
//! any vintage) as a batch of listings: one per `INDIVIDUAL` and `ENTITY`,
//! with the links their comments state (see `un_xml/links.rs`).
//!
//! The file is read as a stream (`xml.rs`); only the record being read is
//! held as a small element tree, which `un_xml/record.rs` turns into a
//! listing.

mod links;
mod record;

use std::io::BufRead;

use rustc_hash::FxHashMap;

use super::listing::{Batch, Listing, ReadOptions, Source, parse_date};
use super::xml::{self, Element, Records, Root};

/// The list's name in `Source::list` (and so in every `source` property).
pub const LIST: &str = "UN SC consolidated list";
const ROOT: &str = "CONSOLIDATED_LIST";
/// `INDIVIDUAL`s and `ENTITY`s are in `INDIVIDUALS` and `ENTITIES`.
const RECORD_DEPTH: usize = 2;

/// Reads a consolidated list; `file` names it in messages (`FILE:LINE: …`).
pub fn read(input: impl BufRead, file: &str, options: &ReadOptions) -> Result<Batch, String> {
    let (root, records) = Records::open(input, file, RECORD_DEPTH).map_err(|e| message(e, file))?;
    let mut batch = Batch { source: Some(source(&root, file)?), ..Batch::default() };
    // The line of each reference number seen, to catch repeats.
    let mut firsts = FxHashMap::default();
    for record in records {
        let record = record.map_err(|e| message(e, file))?;
        if record.name != "INDIVIDUAL" && record.name != "ENTITY" {
            continue;
        }
        match new_listing(&record, file, &mut firsts) {
            Ok(listing) => batch.listings.push(listing),
            Err(reason) if options.skip_bad_rows => batch.skipped.push(reason),
            Err(reason) => return Err(reason),
        }
    }
    batch.dangling = links::add(&mut batch.listings, file);
    Ok(batch)
}

/// The listing of a record, refused when its reference number came
/// before; `firsts` has the line of each one so far.
fn new_listing(record: &Element, file: &str, firsts: &mut FxHashMap<String, u64>) -> Result<Listing, String> {
    let listing = record::listing(record, file)?;
    match firsts.insert(listing.source_id.clone(), listing.line) {
        Some(first) => Err(format!(
            "{file}:{}: the {} {} repeats the REFERENCE_NUMBER of line {first}",
            listing.line, record.name, listing.source_id
        )),
        None => Ok(listing),
    }
}

/// What an XML error means for a consolidated list, as `FILE:LINE: reason`.
fn message(error: xml::Error, file: &str) -> String {
    match error {
        xml::Error::Xml(message) => message,
        xml::Error::NoRoot(line) => format!("{file}:{line}: not a UN consolidated list: no <{ROOT}> element"),
        xml::Error::NotXml(line) | xml::Error::TextAfter(line) => {
            format!("{file}:{line}: not a UN consolidated list: text outside any element")
        }
        xml::Error::Truncated { line, .. } => format!("{file}:{line}: the file ends before </{ROOT}> (truncated?)"),
    }
}

/// The batch's source, from the root element: it must be `CONSOLIDATED_LIST`.
fn source(root: &Root, file: &str) -> Result<Source, String> {
    let (name, line) = (&root.name, root.line);
    if name != ROOT {
        return Err(format!("{file}:{line}: not a UN consolidated list: the root element is <{name}>, not <{ROOT}>"));
    }
    let generated = root
        .attribute("dateGenerated")
        .map_err(|e| format!("{file}:{line}: a bad attribute on <{ROOT}>: {e}"))?
        .unwrap_or_default();
    Ok(Source { list: LIST.into(), version: parse_date(&generated) })
}

#[cfg(test)]
mod tests;
