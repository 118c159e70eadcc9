//! The EU restrictive-measures table (`--eu-csv`): OpenSanctions'
//! transcription of the annexes of one Official Journal act, a row per
//! party per annex and measure, its columns named after FtM properties.
//!
//! Every entity column but `name` may hold several values, separated by
//! `;` and CSV-quoted when a value itself has a `;` (`"a; b"; c` is two).

use std::io::Read;
use std::sync::LazyLock;

use csv::StringRecord;
use indexmap::IndexMap;
use regex::Regex;

use super::ftm::{property_key, set_values};
use super::listing::{Address, Batch, Designation, Listing, ReadOptions, Source, parse_date};
use super::quoting;
use super::rows::excerpt;
use crate::value::{Date, Value};

const AUTHORITY: &str = "European Union";

/// Columns about the row or its designation, not properties of the party.
const ROW_COLUMNS: &[&str] = &[
    "celex",
    "amendedCelex",
    "amendmentCelex",
    "recordId",
    "programKey",
    "annex",
    "measure",
    "startDate",
    "reason",
    "schema",
    "name",
];

/// Reads the table; rows of one party (a vessel listed under two measures)
/// make one listing with a designation per row.
pub fn read(mut input: impl Read, file: &str, options: &ReadOptions) -> Result<Batch, String> {
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes).map_err(|e| format!("{file}: {e}"))?;
    let mut reader = quoting::reader(&bytes[..], b',');
    let mut record = StringRecord::new();
    let header = match reader.read_record(&mut record) {
        Ok(true) => Header::new(&record).map_err(|reason| format!("{file}:1: {reason}"))?,
        Ok(false) => return Err(format!("{file}:1: empty, not an EU sanctions table")),
        Err(e) => {
            return Err(match quoting::quote_error(&e) {
                Some(quote) if quote.line == 1 => format!("{file}:1: not an EU sanctions table: {}", quote.reason),
                Some(quote) => format!("{file}:{quote}"),
                None => format!("{file}:1: {e}"),
            });
        }
    };
    let mut lines = Lines { bytes: &bytes, offset: 0, line: 1 };
    let mut batch = Batch::default();
    let mut parties: IndexMap<String, Listing> = IndexMap::new();
    let mut celex = None;
    loop {
        let (line, outcome) = match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = lines.at(record.position());
                let row = Row { header: &header, record: &record, line };
                celex = celex.or_else(|| Some(row.celex().to_string()).filter(|c| !c.is_empty()));
                (line, add_row(&mut parties, &row))
            }
            Err(e) if e.is_io_error() => {
                return Err(match quoting::quote_error(&e) {
                    Some(quote) => format!("{file}:{quote}"),
                    None => format!("{file}: {e}"),
                });
            }
            Err(e) => (lines.at(e.position()), Err(csv_reason(&e))),
        };
        match outcome {
            Ok(()) => {}
            Err(reason) if options.skip_bad_rows => batch.skipped.push(format!("{file}:{line}: {reason}")),
            Err(reason) => return Err(format!("{file}:{line}: {reason}")),
        }
    }
    let list = celex.map_or("EU Official Journal".to_string(), |c| format!("EU Official Journal {c}"));
    batch.source = Some(Source { list, version: None });
    batch.listings = parties.into_values().collect();
    Ok(batch)
}

/// Tells the 1-based line where a record starts. csv's own line numbers
/// lag after CRLF line ends and blank lines, so lines are counted here, on
/// from the last record: its byte offset may point at the line ends before it.
struct Lines<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: u64,
}

impl Lines<'_> {
    fn at(&mut self, position: Option<&csv::Position>) -> u64 {
        let mut offset = position.map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX)).min(self.bytes.len());
        while self.bytes.get(offset).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            offset += 1;
        }
        if offset > self.offset {
            let passed = self.bytes.get(self.offset..offset).unwrap_or_default();
            self.line += passed.iter().filter(|&&b| b == b'\n').count() as u64;
            self.offset = offset;
        }
        self.line
    }
}

fn csv_reason(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::Utf8 { .. } => "not UTF-8".into(),
        _ => error.to_string(),
    }
}

/// The column names, in the file's order.
struct Header {
    columns: Vec<String>,
}

impl Header {
    fn new(record: &StringRecord) -> Result<Header, String> {
        let columns: Vec<String> = record.iter().map(|c| c.trim_start_matches('\u{feff}').trim().to_string()).collect();
        if let Some((i, twice)) = columns.iter().enumerate().find(|(i, c)| columns[..*i].contains(c)) {
            return Err(format!("the header names the column {:?} twice (field {})", excerpt(twice), i + 1));
        }
        for required in ["schema", "name"] {
            if !columns.iter().any(|c| c == required) {
                return Err(format!("not an EU sanctions table: the header has no {required:?} column"));
            }
        }
        Ok(Header { columns })
    }
}

/// One data row, read by column name.
struct Row<'a> {
    header: &'a Header,
    record: &'a StringRecord,
    line: u64,
}

impl Row<'_> {
    /// The cell of that column, trimmed; empty when there is no such column.
    fn get(&self, column: &str) -> &str {
        let index = self.header.columns.iter().position(|c| c == column);
        index.and_then(|i| self.record.get(i)).unwrap_or("").trim()
    }

    fn celex(&self) -> &str {
        Some(self.get("celex")).filter(|c| !c.is_empty()).unwrap_or_else(|| self.get("amendmentCelex"))
    }

    /// The row's own id: `XIII.A 1`, or a vessel's IMO number, or the
    /// annex and the name when the act prints no number.
    fn id(&self, imo: Option<&str>) -> String {
        let (annex, record) = (self.get("annex"), self.get("recordId"));
        match (record, imo) {
            ("", Some(imo)) => imo.to_string(),
            ("", None) => format!("{annex} {}", self.get("name")).trim().to_string(),
            (record, _) => format!("{annex} {record}").trim().to_string(),
        }
    }
}

fn labels(schema: &str) -> Option<&'static [&'static str]> {
    Some(match schema {
        "Person" => &["Person", "LegalEntity"],
        "LegalEntity" => &["LegalEntity"],
        "Organization" => &["Organization", "LegalEntity"],
        "Company" => &["Company", "Organization", "LegalEntity"],
        "PublicBody" => &["PublicBody", "Organization", "LegalEntity"],
        "Vessel" => &["Vessel"],
        "Airplane" => &["Airplane"],
        "Asset" => &["Asset"],
        _ => return None,
    })
}

/// Adds one row to the listing of its party, made if new.
fn add_row(parties: &mut IndexMap<String, Listing>, row: &Row) -> Result<(), String> {
    if row.record.len() != row.header.columns.len() {
        return Err(format!("{} fields where the header has {}", row.record.len(), row.header.columns.len()));
    }
    let schema = row.get("schema");
    let labels = labels(schema).ok_or_else(|| format!("unknown schema {schema:?}"))?;
    if row.get("name").is_empty() {
        return Err("no name".into());
    }
    if row.get("programKey").is_empty() {
        return Err("no programKey".into());
    }
    let imos = split_cell(row.get("imoNumber"));
    let imo = imos.first().map(String::as_str);
    let id = row.id(imo);
    // A vessel is one party whatever annex lists it: its IMO number is its id.
    let mut key = match imo {
        Some(imo) if schema == "Vessel" => imo.to_string(),
        _ => id.clone(),
    };
    if parties.get(&key).is_some_and(|l| l.labels != labels) {
        key = format!("{key} {schema}");
    }
    let listing = parties.entry(key.clone()).or_insert_with(|| Listing {
        source_id: key,
        labels: labels.to_vec(),
        line: row.line,
        ..Listing::default()
    });
    add_party_facts(listing, row, schema);
    listing.designations.push(designation(row, id));
    Ok(())
}

/// The row's facts about the party, added to what earlier rows gave.
fn add_party_facts(listing: &mut Listing, row: &Row, schema: &str) {
    set_values(listing, "name", &[row.get("name").to_string()]);
    for (index, column) in row.header.columns.iter().enumerate() {
        if ROW_COLUMNS.contains(&column.as_str()) {
            continue;
        }
        let values = split_cell(row.record.get(index).unwrap_or(""));
        let country = match column.as_str() {
            "nationality" => Some("NATIONAL_OF"),
            "country" if schema == "Person" => Some("ASSOCIATED_WITH"),
            "country" | "jurisdiction" => Some("REGISTERED_IN"),
            "flag" => Some("FLAGGED_IN"),
            _ => None,
        };
        if let Some(rel) = country {
            for value in values {
                if !listing.countries.iter().any(|(r, c)| *r == rel && *c == value) {
                    listing.countries.push((rel, value));
                }
            }
        } else if column == "address" {
            for full in values {
                if !listing.addresses.iter().any(|a| a.full == full) {
                    listing.addresses.push(Address { full, ..Address::default() });
                }
            }
        } else if column == "birthDate" {
            values.iter().flat_map(|v| birth_dates(v)).for_each(|d| listing.push("birth_date", &d));
        } else if column == "gender" {
            // `male.` in the table: the gender without its full stop.
            let genders: Vec<String> = values.iter().map(|g| g.trim_end_matches('.').to_lowercase()).collect();
            set_values(listing, "gender", &genders);
        } else {
            set_values(listing, &property_key(column, schema), &values);
        }
    }
}

fn designation(row: &Row, id: String) -> Designation {
    let start = row.get("startDate");
    let listed_on = parse_date(start);
    let mut properties = Vec::new();
    for (key, text) in [("annex", row.get("annex")), ("measure", row.get("measure")), ("celex", row.celex())] {
        if !text.is_empty() {
            properties.push((key.to_string(), Value::string(text)));
        }
    }
    if listed_on.is_none() && !start.is_empty() {
        properties.push(("start_date".to_string(), Value::string(start)));
    }
    let reason = row.get("reason");
    Designation {
        authority: AUTHORITY.to_string(),
        program: row.get("programKey").to_string(),
        listed_on,
        reason: (!reason.is_empty()).then(|| reason.to_string()),
        source_id: Some(id),
        properties,
    }
}

/// The values of a multi-valued cell: `;`-separated, blanks after a `;`
/// skipped, a value in `"…"` may hold `;` and doubled `""`.
fn split_cell(cell: &str) -> Vec<String> {
    let mut values: Vec<String> = Vec::new();
    let mut chars = cell.chars().peekable();
    while chars.peek().is_some() {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let mut value = String::new();
        if chars.next_if_eq(&'"').is_some() {
            while let Some(c) = chars.next() {
                match c {
                    '"' if chars.next_if_eq(&'"').is_some() => value.push('"'),
                    '"' => break,
                    c => value.push(c),
                }
            }
        }
        // Unquoted text, or whatever follows a closing quote, up to the `;`.
        value.extend(chars.by_ref().take_while(|&c| c != ';'));
        let value = value.trim();
        if !value.is_empty() && !values.iter().any(|v| v == value) {
            values.push(value.to_string());
        }
    }
    values
}

/// `d.m.yyyy`, `m.yyyy`, `yyyy` or ISO dates in free text.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{4})-(\d{1,2})(?:-(\d{1,2}))?\b|\b(?:(\d{1,2})\.)?(?:(\d{1,2})\.)?(\d{4})\b")
        .unwrap_or_else(|e| unreachable!("the date pattern is valid: {e}"))
});

/// The dates one `birthDate` value gives (`19.1.1963 or 8.5.1966`), as ISO
/// text of the precision given (`1963-01-19`, `1964`); text with no date in
/// it is kept as it is.
fn birth_dates(text: &str) -> Vec<String> {
    let number = |m: Option<regex::Match>| m.and_then(|m| m.as_str().parse::<u32>().ok());
    let mut dates = Vec::new();
    for c in DATE.captures_iter(text) {
        let (year, month, day) = match (number(c.get(1)), number(c.get(6))) {
            (Some(year), _) => (year, number(c.get(2)), number(c.get(3))),
            (None, Some(year)) => match (number(c.get(4)), number(c.get(5))) {
                (Some(day), Some(month)) => (year, Some(month), Some(day)),
                (month, _) => (year, month, None),
            },
            (None, None) => continue,
        };
        dates.extend(iso_date(year, month, day));
    }
    if dates.is_empty() {
        dates.push(text.trim().to_string());
    }
    dates
}

fn iso_date(year: u32, month: Option<u32>, day: Option<u32>) -> Option<String> {
    match (month, day) {
        (None, _) => Some(format!("{year:04}")),
        (Some(m), None) => (1..=12).contains(&m).then(|| format!("{year:04}-{m:02}")),
        (Some(m), Some(d)) => Date::parse_iso(&format!("{year:04}-{m:02}-{d:02}")).map(|d| d.to_string()),
    }
}

#[cfg(test)]
#[path = "eu_csv_tests.rs"]
mod tests;
