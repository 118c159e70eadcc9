//! What every sanctions-list reader produces and the graph writer consumes:
//! listings of parties, each with its designations, countries, addresses
//! and the links the list states. The readers know their formats and
//! nothing of the store; the writer knows the store and nothing of formats.

use crate::value::{Date, Value};

/// One list, one version: where every fact of a batch comes from.
#[derive(Clone, Debug)]
pub struct Source {
    /// The list without its version (`UN SC consolidated list`): a record of
    /// the same list with the same `source_id` is the same record.
    pub list: String,
    /// The version's date (the list's own publication date, or what the
    /// user gave with `--as-of`, or the file's modification date).
    pub version: Option<Date>,
}

impl Source {
    /// The `source` property: the list and its version.
    pub fn label(&self) -> String {
        match &self.version {
            Some(date) => format!("{} {date}", self.list),
            None => self.list.clone(),
        }
    }
}

/// How a reader treats a malformed record.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReadOptions {
    /// Skip it and list it in [`Batch::skipped`] instead of failing with
    /// `FILE:LINE: reason`.
    pub skip_bad_rows: bool,
}

/// What a reader made of one file.
#[derive(Debug, Default)]
pub struct Batch {
    pub source: Option<Source>,
    pub listings: Vec<Listing>,
    /// Records of the list that are gone (an FtM delta's `DEL`): their nodes
    /// are deleted with their relationships.
    pub deleted: Vec<String>,
    /// Designations given apart from their party, by the party's
    /// `source_id` (FtM `Sanction` entities).
    pub designations: Vec<(String, Designation)>,
    /// Links given apart from both ends, by the start's `source_id` (FtM
    /// edge entities: `Ownership`, `Family`, …).
    pub links: Vec<(String, Link)>,
    /// `FILE:LINE: reason` for each record skipped under `--skip-bad-rows`.
    pub skipped: Vec<String>,
    /// References that name no record of the file, with why, for the
    /// summary (an FtM `addressEntity` to an entity not in the export).
    pub dangling: Vec<String>,
}

impl Batch {
    /// The listing whose list id is `source_id`, if the batch has it.
    pub fn listing(&self, source_id: &str) -> Option<&Listing> {
        self.listings.iter().find(|l| l.source_id == source_id)
    }
}

/// One record of a list: a party (person, organization, vessel, …), or for
/// FtM any entity that becomes a node (an address, a position).
#[derive(Clone, Debug, Default)]
pub struct Listing {
    /// The list's own id of the record, unique within the list.
    pub source_id: String,
    /// Labels, most specific first: `["Person", "LegalEntity"]`.
    pub labels: Vec<&'static str>,
    /// `name`, `aliases`, `birth_date`, … (snake_case, as `real-data.md`).
    pub properties: Vec<(String, Value)>,
    /// Countries the record names, each with the relationship type it
    /// becomes (`NATIONAL_OF`, `REGISTERED_IN`, `FLAGGED_IN`) and the
    /// country as the list spells it (`Korea, North`, `kp`, `DPRK`).
    pub countries: Vec<(&'static str, String)>,
    pub addresses: Vec<Address>,
    pub designations: Vec<Designation>,
    pub links: Vec<Link>,
    /// Where the record starts in its file, for messages (`FILE:LINE`).
    pub line: u64,
}

impl Listing {
    pub fn set(&mut self, key: &str, value: Value) {
        if value.is_null() || matches!(&value, Value::List(l) if l.is_empty()) {
            return;
        }
        match self.properties.iter_mut().find(|(k, _)| k == key) {
            Some((_, old)) => *old = value,
            None => self.properties.push((key.to_string(), value)),
        }
    }

    /// Adds a string to a list property, once, skipping empty ones.
    pub fn push(&mut self, key: &str, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        let value = Value::string(text);
        match self.properties.iter_mut().find(|(k, _)| k == key) {
            Some((_, Value::List(items))) => {
                if !items.iter().any(|v| matches!(v, Value::String(s) if &**s == text)) {
                    items.push(value);
                }
            }
            Some((_, other)) => *other = Value::List(vec![other.clone(), value]),
            None => self.properties.push((key.to_string(), Value::List(vec![value]))),
        }
    }

    /// A string property, trimmed, when not empty.
    pub fn set_text(&mut self, key: &str, text: &str) {
        let text = text.trim();
        if !text.is_empty() {
            self.set(key, Value::string(text));
        }
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.properties.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// A property's strings: a string as one item, a list's strings in
    /// order, nothing for other values. Lets callers read a property
    /// without caring whether the list gave one value or several.
    pub fn strings(&self, key: &str) -> Vec<String> {
        self.str_values(key).map(String::from).collect()
    }

    /// The primary name and every alias, for resolving links by name.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        ["name", "aliases", "previous_names"].into_iter().flat_map(|key| self.str_values(key))
    }

    /// [`Listing::strings`], borrowed.
    fn str_values(&self, key: &str) -> impl Iterator<Item = &str> {
        let values = match self.get(key) {
            Some(Value::List(items)) => items.as_slice(),
            Some(value) => std::slice::from_ref(value),
            None => &[],
        };
        values.iter().filter_map(|v| if let Value::String(s) = v { Some(&**s) } else { None })
    }
}

/// An address as a list gives it; equal addresses of one list become one
/// `Address` node.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Address {
    /// The whole address on one line, as the list writes it.
    pub full: String,
    pub city: Option<String>,
    /// The country as the list spells it (becomes `LOCATED_IN`).
    pub country: Option<String>,
}

/// One designation of a party under one program: a `TARGETS` relationship
/// from the program's `Sanction` node.
#[derive(Clone, Debug, Default)]
pub struct Designation {
    /// `United Nations Security Council`, `Office of Foreign Assets Control`, …
    pub authority: String,
    /// `DPRK`, `NPWMD`, `EU-PRK`, …
    pub program: String,
    pub listed_on: Option<Date>,
    pub reason: Option<String>,
    /// The designation's own id where the list has one.
    pub source_id: Option<String>,
    /// Anything else the list says of the designation (`annex`, `measure`).
    pub properties: Vec<(String, Value)>,
}

/// A relationship the list states between this record and another one.
#[derive(Clone, Debug)]
pub struct Link {
    /// `LINKED_TO`, `OWNS`, `DIRECTOR_OF`, `HAS_ADDRESS`, …
    pub rel_type: &'static str,
    pub target: Target,
    /// The list's own words for the link (`text` on the relationship).
    pub text: Option<String>,
    /// Whether this record is the relationship's end, not its start (a
    /// vessel's `Vess_owner` is the owner: owner `OWNS` vessel).
    pub incoming: bool,
    pub properties: Vec<(String, Value)>,
}

/// The other end of a link.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// A record of the same list by its `source_id`.
    Id(String),
    /// A record of the same list by one of its names (OFAC `Linked To:`).
    Name(String),
}

/// Lower case, every run of punctuation and space one space: how the
/// importers compare a country or a name a list refers to by its words.
pub fn fold_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Parses the date forms the lists use into a date: ISO `2017-03-02`
/// (with or without a time after it), `d.m.yyyy`, `mm/dd/yyyy`.
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    if let Some(date) = Date::parse_iso(text.get(..10).unwrap_or(text)) {
        return Some(date);
    }
    let numbers = |sep: char| -> Option<Vec<u32>> { text.split(sep).map(|p| p.trim().parse().ok()).collect() };
    let (day, month, year) = match (numbers('.'), numbers('/')) {
        (Some(p), _) if p.len() == 3 => (p[0], p[1], p[2]),
        (_, Some(p)) if p.len() == 3 => (p[1], p[0], p[2]),
        _ => return None,
    };
    Date::parse_iso(&format!("{year:04}-{month:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_every_form_the_lists_use() {
        let d = |s| parse_date(s).map(|d| d.to_string());
        assert_eq!(d("2017-03-02"), Some("2017-03-02".into()));
        assert_eq!(d("2024-09-26T00:00:07.514Z"), Some("2024-09-26".into()));
        assert_eq!(d("2.3.2016"), Some("2016-03-02".into()));
        assert_eq!(d("06/30/2025"), Some("2025-06-30".into()));
        assert_eq!(d("31.2.2016"), None);
        assert_eq!(d("1964"), None);
    }

    #[test]
    fn list_properties_keep_each_value_once() {
        let mut l = Listing::default();
        l.push("aliases", " KOMID ");
        l.push("aliases", "KOMID");
        l.push("aliases", "");
        l.set_text("name", "Korea Mining Development Trading Corporation");
        assert_eq!(l.names().collect::<Vec<_>>(), ["Korea Mining Development Trading Corporation", "KOMID"]);
        assert_eq!(l.strings("aliases"), ["KOMID"]);
        assert_eq!(l.strings("name"), ["Korea Mining Development Trading Corporation"]);
        l.set("listed", Value::Bool(true));
        assert_eq!(l.strings("listed"), Vec::<String>::new(), "not a string");
        assert_eq!(l.strings("missing"), Vec::<String>::new());
    }

    #[test]
    fn a_batch_finds_its_listings_by_source_id() {
        let listing = |id: &str| Listing { source_id: id.into(), ..Listing::default() };
        let batch = Batch { listings: vec![listing("KPi.033"), listing("KPe.001")], ..Batch::default() };
        assert_eq!(batch.listing("KPe.001").map(|l| l.source_id.as_str()), Some("KPe.001"));
        assert!(batch.listing("KPe.002").is_none());
    }
}
