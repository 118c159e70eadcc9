//! OFAC's legacy SDN CSV trio: `sdn.csv` (one row a party), with `add.csv`
//! (addresses) and `alt.csv` (aliases) read from the same folder when they
//! are there. No header; `-0-` is null; CRLF; a Ctrl-Z ends each file.

use std::path::Path;

use rustc_hash::FxHashMap;

use super::listing::{Address, Batch, Listing, ReadOptions, Source};
use super::ofac_fields::{
    LineCounter, Vessel, add_titles, apply_remarks, apply_vessel, designation, labels, restore_dotted_names, set_name,
};
use super::quoting;

/// Reads `sdn.csv` and, beside it, `add.csv` and `alt.csv` when present.
pub fn read(sdn: &Path, options: &ReadOptions) -> Result<Batch, String> {
    let mut trio = Trio {
        batch: Batch { source: Some(Source { list: "OFAC SDN list".into(), version: None }), ..Default::default() },
        index: FxHashMap::default(),
        sdn: sdn.display().to_string(),
    };
    each_row(sdn, 12, options, &mut trio, Trio::add_party)?;
    if trio.batch.listings.is_empty() {
        return Err(format!("{}: no SDN records (is it OFAC's sdn.csv?)", trio.sdn));
    }
    let add = sdn.with_file_name("add.csv");
    if add.is_file() {
        each_row(&add, 6, options, &mut trio, Trio::add_address)?;
    }
    let alt = sdn.with_file_name("alt.csv");
    if alt.is_file() {
        each_row(&alt, 5, options, &mut trio, Trio::add_alias)?;
    }
    restore_dotted_names(&mut trio.batch.listings);
    Ok(trio.batch)
}

/// The batch being read and where each `ent_num` is in it.
struct Trio {
    batch: Batch,
    index: FxHashMap<String, usize>,
    sdn: String,
}

/// One CSV record and where it starts.
struct Row<'a> {
    fields: &'a csv::StringRecord,
    line: u64,
    file: &'a str,
}

impl Row<'_> {
    /// Field `i`, trimmed; `None` for OFAC's null `-0-` and for nothing.
    fn get(&self, i: usize) -> Option<&str> {
        let field = self.fields.get(i)?.trim_matches(|c: char| c.is_whitespace() || c == '\u{1a}');
        (!field.is_empty() && field != "-0-").then_some(field)
    }

    fn ent_num(&self) -> Result<&str, String> {
        match self.get(0) {
            Some(n) if n.bytes().all(|b| b.is_ascii_digit()) => Ok(n),
            Some(n) => Err(format!("ent_num '{n}' is not a number")),
            None => Err("no ent_num".into()),
        }
    }
}

/// Calls `each` on every record of `path` that has `columns` fields; a
/// record it refuses, or with another number of fields, is `FILE:LINE:
/// reason`, skipped under `skip_bad_rows`.
fn each_row(
    path: &Path,
    columns: usize,
    options: &ReadOptions,
    trio: &mut Trio,
    each: fn(&mut Trio, &Row) -> Result<(), String>,
) -> Result<(), String> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| format!("{file}: {e}"))?;
    let mut reader = quoting::reader(bytes.as_slice(), b',');
    let (mut record, mut lines) = (csv::StringRecord::new(), LineCounter::default());
    loop {
        let line = record_line(&bytes, &mut lines, reader.position().byte());
        let result = match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => check_and_apply(&Row { fields: &record, line, file: &file }, columns, trio, each),
            Err(e) if matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) => Err("not valid UTF-8".to_string()),
            Err(e) => match quoting::quote_error(&e) {
                Some(quote) => return Err(format!("{file}:{quote}")),
                None => return Err(format!("{file}:{line}: {e}")),
            },
        };
        if let Err(reason) = result {
            let message = format!("{file}:{line}: {reason}");
            if !options.skip_bad_rows {
                return Err(message);
            }
            trio.batch.skipped.push(message);
        }
    }
    Ok(())
}

/// The line a record starts on. The csv crate puts a record's start right
/// after the previous record: before the `\n` of a CRLF, and blank lines.
fn record_line(bytes: &[u8], lines: &mut LineCounter, offset: u64) -> u64 {
    let offset = usize::try_from(offset).unwrap_or(usize::MAX).min(bytes.len());
    let newlines = bytes[offset..].iter().take_while(|b| matches!(b, b'\r' | b'\n')).count();
    lines.line_at(bytes, offset + newlines)
}

fn check_and_apply(
    row: &Row,
    columns: usize,
    trio: &mut Trio,
    each: fn(&mut Trio, &Row) -> Result<(), String>,
) -> Result<(), String> {
    // The Ctrl-Z (0x1A) that ends OFAC's files reads as a record of its own.
    if row.fields.len() == 1 && row.fields.get(0).is_some_and(|f| f.trim() == "\u{1a}") {
        return Ok(());
    }
    if row.fields.len() != columns {
        return Err(format!("expected {columns} fields, found {}", row.fields.len()));
    }
    each(trio, row)
}

impl Trio {
    /// An `sdn.csv` row: ent_num, SDN_Name, SDN_Type, Program, Title,
    /// Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks.
    fn add_party(&mut self, row: &Row) -> Result<(), String> {
        let id = row.ent_num()?;
        if let Some(&first) = self.index.get(id) {
            return Err(format!("ent_num {id} again (first on line {})", self.batch.listings[first].line));
        }
        let labels = labels(row.get(2)).ok_or_else(|| format!("unknown SDN_Type '{}'", row.get(2).unwrap_or("")))?;
        let name = row.get(1).ok_or("no SDN_Name")?;
        let mut listing = Listing { source_id: id.into(), labels, line: row.line, ..Default::default() };
        set_name(&mut listing, name);
        for program in programs(row.get(3).unwrap_or_default()) {
            listing.designations.push(designation(program, id));
        }
        add_titles(&mut listing, row.get(4).unwrap_or_default());
        let vessel = Vessel {
            call_sign: row.get(5),
            vessel_type: row.get(6),
            tonnage: row.get(7),
            gross_tonnage: row.get(8),
            flag: row.get(9),
            owner: row.get(10),
        };
        apply_vessel(&mut listing, &vessel);
        if let Some(remarks) = row.get(11) {
            apply_remarks(&mut listing, remarks);
        }
        self.index.insert(id.into(), self.batch.listings.len());
        self.batch.listings.push(listing);
        Ok(())
    }

    /// An `add.csv` row: ent_num, add_num, address, city/state/postal,
    /// country, remarks. A row of nulls is no address.
    fn add_address(&mut self, row: &Row) -> Result<(), String> {
        let id = row.ent_num()?;
        let (street, city, country) = (row.get(2), row.get(3), row.get(4));
        let full: Vec<&str> = [street, city, country].into_iter().flatten().collect();
        if full.is_empty() {
            return Ok(());
        }
        let address =
            Address { full: full.join(", "), city: city.map(String::from), country: country.map(String::from) };
        let Some(listing) = self.listing(id, row) else { return Ok(()) };
        if !listing.addresses.contains(&address) {
            listing.addresses.push(address);
        }
        Ok(())
    }

    /// An `alt.csv` row: ent_num, alt_num, alt_type, alt_name, remarks.
    fn add_alias(&mut self, row: &Row) -> Result<(), String> {
        let id = row.ent_num()?;
        let name = row.get(3).ok_or("no alt_name")?;
        let kind = row.get(2).unwrap_or_default().to_ascii_lowercase();
        let weak = kind.contains("weak") || row.get(4).is_some_and(|r| r.to_ascii_lowercase().contains("weak"));
        let key = match kind.as_str() {
            _ if weak => "weak_aliases",
            // "now known as": the new name, an alias like any other.
            "aka" | "nka" => "aliases",
            "fka" => "previous_names",
            other => return Err(format!("unknown alt_type '{other}'")),
        };
        if let Some(listing) = self.listing(id, row) {
            listing.push(key, name);
        }
        Ok(())
    }

    /// The listing of `id`, or a note in `dangling` that there is none.
    fn listing(&mut self, id: &str, row: &Row) -> Option<&mut Listing> {
        match self.index.get(id) {
            Some(&i) => self.batch.listings.get_mut(i),
            None => {
                let message = format!("{}:{}: ent_num {id} is not in {}", row.file, row.line, self.sdn);
                self.batch.dangling.push(message);
                None
            }
        }
    }
}

/// `NPWMD] [DPRK2` → `NPWMD`, `DPRK2`.
fn programs(field: &str) -> impl Iterator<Item = &str> {
    field.split("] [").map(|p| p.trim_matches(['[', ']', ' '])).filter(|p| !p.is_empty())
}

#[cfg(test)]
#[path = "ofac_csv_tests.rs"]
mod tests;
