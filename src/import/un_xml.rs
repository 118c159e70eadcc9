//! The UN Security Council consolidated list (`CONSOLIDATED_LIST` XML, of
//! any vintage) as a batch of listings: one per `INDIVIDUAL` and `ENTITY`,
//! with the links their comments state (see `un_xml/links.rs`).
//!
//! The file is read as a stream; only the record being read is held as a
//! small element tree, which `un_xml/record.rs` turns into a listing.

mod links;
mod record;

use std::io::{self, BufRead, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use rustc_hash::FxHashMap;

use super::listing::{Batch, ReadOptions, Source, parse_date};

/// The list's name in `Source::list` (and so in every `source` property).
pub const LIST: &str = "UN SC consolidated list";
const ROOT: &str = "CONSOLIDATED_LIST";

/// Reads a consolidated list; `file` names it in messages (`FILE:LINE: …`).
pub fn read(input: impl BufRead, file: &str, options: &ReadOptions) -> Result<Batch, String> {
    let mut reader = Reader::from_reader(Lines { inner: input, newlines: 0 });
    reader.config_mut().expand_empty_elements = true;
    let mut state =
        State { file, options, batch: Batch::default(), open: Vec::new(), depth: 0, firsts: FxHashMap::default() };
    let mut buf = Vec::new();
    loop {
        let line = reader.get_ref().line();
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("{file}:{}: not well-formed XML: {e}", reader.get_ref().line()))?;
        match event {
            Event::Start(start) => state.start(&start, line)?,
            Event::End(_) => state.end()?,
            Event::Text(text) => state.text(&text.xml10_content(), line)?,
            Event::CData(text) => state.text(&text.xml10_content(), line)?,
            Event::GeneralRef(entity) => {
                let text = resolve(&entity)
                    .ok_or_else(|| format!("{file}:{line}: an unknown entity &{};", entity.xml10_content()))?;
                state.text(&text, line)?;
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    state.finish(reader.get_ref().line())
}

/// What the reader knows between two events.
struct State<'a> {
    file: &'a str,
    options: &'a ReadOptions,
    batch: Batch,
    /// The record being read and its open descendants, outermost first.
    open: Vec<Element>,
    /// How many elements are open, the root included.
    depth: usize,
    /// The line of each reference number seen, to catch repeats.
    firsts: FxHashMap<String, u64>,
}

impl State<'_> {
    fn start(&mut self, start: &BytesStart<'_>, line: u64) -> Result<(), String> {
        let name = start.local_name().as_ref().to_string();
        if self.depth == 0 {
            if self.batch.source.is_some() {
                return Err(format!("{}:{line}: a second root element <{name}>", self.file));
            }
            self.batch.source = Some(source(start, &name, self.file, line)?);
        } else if !self.open.is_empty() || name == "INDIVIDUAL" || name == "ENTITY" {
            self.open.push(Element { name, line, ..Element::default() });
        }
        self.depth += 1;
        Ok(())
    }

    fn end(&mut self) -> Result<(), String> {
        self.depth = self.depth.saturating_sub(1);
        match (self.open.pop(), self.open.last_mut()) {
            (Some(element), Some(parent)) => parent.children.push(element),
            (Some(record), None) => self.add_record(&record)?,
            (None, _) => {}
        }
        Ok(())
    }

    fn text(&mut self, text: &str, line: u64) -> Result<(), String> {
        if self.depth == 0 && !text.trim().is_empty() {
            return Err(format!("{}:{line}: not a UN consolidated list: text outside any element", self.file));
        }
        if let Some(element) = self.open.last_mut() {
            element.text.push_str(text);
        }
        Ok(())
    }

    /// Adds a finished record to the batch, or skips it when malformed and
    /// the options say so.
    fn add_record(&mut self, record: &Element) -> Result<(), String> {
        let file = self.file;
        let listing = record::listing(record, file).and_then(|listing| {
            match self.firsts.insert(listing.source_id.clone(), listing.line) {
                Some(first) => Err(format!(
                    "{file}:{}: the {} {} repeats the REFERENCE_NUMBER of line {first}",
                    listing.line, record.name, listing.source_id
                )),
                None => Ok(listing),
            }
        });
        match listing {
            Ok(listing) => self.batch.listings.push(listing),
            Err(reason) if self.options.skip_bad_rows => self.batch.skipped.push(reason),
            Err(reason) => return Err(reason),
        }
        Ok(())
    }

    /// The batch, once the input has ended at `line`, with its links.
    fn finish(mut self, line: u64) -> Result<Batch, String> {
        if self.batch.source.is_none() {
            return Err(format!("{}:{line}: not a UN consolidated list: no <{ROOT}> element", self.file));
        }
        if self.depth > 0 {
            return Err(format!("{}:{line}: the file ends before </{ROOT}> (truncated?)", self.file));
        }
        self.batch.dangling = links::add(&mut self.batch.listings, self.file);
        Ok(self.batch)
    }
}

/// The batch's source, from the root element: it must be `CONSOLIDATED_LIST`.
fn source(root: &BytesStart<'_>, name: &str, file: &str, line: u64) -> Result<Source, String> {
    if name != ROOT {
        return Err(format!("{file}:{line}: not a UN consolidated list: the root element is <{name}>, not <{ROOT}>"));
    }
    let generated = match root.try_get_attribute("dateGenerated") {
        Ok(Some(attr)) => attr.normalized_value(quick_xml::XmlVersion::Implicit1_0).map(|v| v.into_owned()),
        Ok(None) => Ok(String::new()),
        Err(e) => Err(e.into()),
    }
    .map_err(|e| format!("{file}:{line}: a bad attribute on <{ROOT}>: {e}"))?;
    Ok(Source { list: LIST.into(), version: parse_date(&generated) })
}

/// The text of a character reference or of one of XML's five entities.
fn resolve(entity: &quick_xml::events::BytesRef<'_>) -> Option<String> {
    match entity.resolve_char_ref() {
        Ok(Some(c)) => Some(c.to_string()),
        Ok(None) => quick_xml::escape::resolve_predefined_entity(&entity.xml10_content()).map(str::to_string),
        Err(_) => None,
    }
}

/// One element of a record: its name, its text and its child elements.
#[derive(Debug, Default)]
struct Element {
    name: String,
    text: String,
    children: Vec<Element>,
    /// The line of its start tag.
    line: u64,
}

impl Element {
    fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The clean text of the first child `name`; empty when there is none.
    fn text(&self, name: &str) -> String {
        self.children(name).next().map(|c| clean(&c.text)).unwrap_or_default()
    }

    /// The clean, non-empty texts of the `VALUE`s of the children `name`
    /// (`<NATIONALITY><VALUE>…</VALUE></NATIONALITY>`).
    fn values(&self, name: &str) -> Vec<String> {
        let values = self.children(name).flat_map(|c| c.children("VALUE"));
        values.map(|v| clean(&v.text)).filter(|v| !v.is_empty()).collect()
    }
}

/// Trimmed, with every run of white space one space: the files wrap long
/// values and pad names (`"CHO  "`, `"KPi.034 "`).
fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The input, counting the newlines the XML reader has consumed: the
/// reader consumes exactly the bytes of the events it returns, so before
/// an event is read the count gives the line that event starts on.
struct Lines<R> {
    inner: R,
    newlines: u64,
}

impl<R> Lines<R> {
    fn line(&self) -> u64 {
        self.newlines + 1
    }
}

impl<R: BufRead> Read for Lines<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = {
            let available = self.fill_buf()?;
            let n = available.len().min(out.len());
            out[..n].copy_from_slice(&available[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Lines<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        // The bytes to consume are still in the buffer: this reads nothing.
        if let Ok(available) = self.inner.fill_buf() {
            let counted = &available[..amount.min(available.len())];
            self.newlines += counted.iter().filter(|&&b| b == b'\n').count() as u64;
        }
        self.inner.consume(amount);
    }
}

#[cfg(test)]
mod tests;
