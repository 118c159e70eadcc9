//! OFAC's `sdnList` XML: the SDN list (`sdn.xml`) and the consolidated
//! non-SDN list (`consolidated.xml`) share the schema. Each `sdnEntry` is
//! read into a small tree, then into a listing.

use std::collections::hash_map::Entry;
use std::io::BufRead;

use quick_xml::Reader;
use quick_xml::events::Event;
use rustc_hash::FxHashMap;

use super::listing::{Address, Batch, Listing, ReadOptions, Source, parse_date};
use super::ofac_dates::birth_dates;
use super::ofac_fields::{
    LineCounter, Vessel, add_country, add_titles, apply_id, apply_remarks, apply_vessel, designation, full_name,
    labels, restore_dotted_names, set_name,
};

/// Reads an `sdnList` document; `file` names it in messages.
pub fn read(mut input: impl BufRead, file: &str, options: &ReadOptions) -> Result<Batch, String> {
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes).map_err(|e| format!("{file}: {e}"))?;
    let (publish_date, entries) = parse(&bytes, file)?;
    let mut batch = Batch::default();
    let mut seen = FxHashMap::default();
    for entry in &entries {
        match new_listing(entry, &mut seen) {
            Ok(listing) => batch.listings.push(listing),
            Err(reason) if options.skip_bad_rows => batch.skipped.push(format!("{file}:{}: {reason}", entry.line)),
            Err(reason) => return Err(format!("{file}:{}: {reason}", entry.line)),
        }
    }
    restore_dotted_names(&mut batch.listings);
    let list = if is_consolidated(&entries) { "OFAC consolidated non-SDN list" } else { "OFAC SDN list" };
    batch.source = Some(Source { list: list.into(), version: publish_date.as_deref().and_then(parse_date) });
    Ok(batch)
}

/// An `sdnEntry` as a listing, refused when its uid came before;
/// `seen` has the line of each uid so far.
fn new_listing(entry: &Element, seen: &mut FxHashMap<String, u64>) -> Result<Listing, String> {
    let listing = entry_listing(entry)?;
    match seen.entry(listing.source_id.clone()) {
        Entry::Occupied(first) => Err(format!("uid {} again (first on line {})", listing.source_id, first.get())),
        Entry::Vacant(slot) => {
            slot.insert(entry.line);
            Ok(listing)
        }
    }
}

/// Programs of the lists that make up OFAC's consolidated non-SDN list:
/// sectoral sanctions (SSI, `UKRAINE-EO13662`), Palestinian Legislative
/// Council (`NS-PLC`), Chinese military companies (`CMIC-EO13959`),
/// foreign sanctions evaders (`FSE-*`), Part 561 and ISA.
const NON_SDN_PROGRAMS: &[&str] = &["UKRAINE-EO13662", "NS-PLC", "CMIC-EO13959", "561-Related", "ISA", "NS-ISA"];

/// Which list a file is. Both are an `sdnList` in the same namespace with
/// the same publish information, so the programs tell: on the SDN list the
/// non-SDN programs are rare (29 of 8,890 entries in April 2021), on the
/// consolidated list nearly every entry has one (434 of 443 in June 2025).
/// More than half of the entries with one means the consolidated list.
fn is_consolidated(entries: &[Element]) -> bool {
    let non_sdn = |program: &str| NON_SDN_PROGRAMS.contains(&program) || program.starts_with("FSE-");
    let count = entries.iter().filter(|e| e.path(&["programList", "program"]).any(|p| non_sdn(p.text.trim()))).count();
    count * 2 > entries.len()
}

/// An XML element with its text and children, and the line it starts on.
#[derive(Debug, Default)]
struct Element {
    name: String,
    text: String,
    children: Vec<Element>,
    line: u64,
}

impl Element {
    /// The descendants reached by following `names` (`["akaList", "aka"]`).
    fn path<'a>(&'a self, names: &'a [&'a str]) -> Box<dyn Iterator<Item = &'a Element> + 'a> {
        match names.split_first() {
            None => Box::new(std::iter::once(self)),
            Some((first, rest)) => {
                Box::new(self.children.iter().filter(move |c| c.name == *first).flat_map(move |c| c.path(rest)))
            }
        }
    }

    /// The trimmed text of the first child `name`, when not empty.
    fn get(&self, name: &str) -> Option<&str> {
        let child = self.children.iter().find(|c| c.name == name)?;
        Some(child.text.trim()).filter(|t| !t.is_empty())
    }
}

const MAX_DEPTH: usize = 32;

/// The `Publish_Date` and the `sdnEntry` trees of an `sdnList` document.
fn parse(bytes: &[u8], file: &str) -> Result<(Option<String>, Vec<Element>), String> {
    let mut reader = Reader::from_reader(bytes);
    reader.config_mut().expand_empty_elements = true;
    let mut lines = LineCounter::default();
    let mut stack: Vec<Element> = Vec::new();
    let (mut root_seen, mut publish_date, mut entries) = (false, None, Vec::new());
    loop {
        let position = reader.buffer_position() as usize;
        let line = lines.line_at(bytes, position);
        let fail = |reason: String| format!("{file}:{line}: {reason}");
        match reader.read_event().map_err(|e| fail(format!("not well-formed XML: {e}")))? {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_string();
                if !root_seen {
                    if name != "sdnList" {
                        return Err(fail(format!("the root element is <{name}>, not OFAC's <sdnList>")));
                    }
                    root_seen = true;
                }
                // The schema nests four deep; a deeper tree is no OFAC file
                // (and would be dropped recursively).
                if stack.len() >= MAX_DEPTH {
                    return Err(fail(format!("<{name}> is nested more than {MAX_DEPTH} elements deep")));
                }
                stack.push(Element { name, line, ..Default::default() });
            }
            Event::Text(t) => append(&mut stack, &t.xml10_content()),
            Event::CData(t) => append(&mut stack, &t.xml10_content()),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref().map_err(|e| fail(e.to_string()))? {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_predefined_entity(&r.xml10_content())
                        .ok_or_else(|| fail(format!("unknown entity &{};", r.xml10_content())))?
                        .to_string(),
                };
                append(&mut stack, &resolved);
            }
            Event::End(_) => {
                let Some(element) = stack.pop() else { continue };
                match (stack.len(), element.name.as_str()) {
                    (1, "sdnEntry") => entries.push(element),
                    (1, "publshInformation") => publish_date = element.get("Publish_Date").map(String::from),
                    (0, _) => {}
                    _ => {
                        if let Some(parent) = stack.last_mut() {
                            parent.children.push(element);
                        }
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    match stack.last() {
        _ if !root_seen => Err(format!("{file}: no XML element; not an OFAC sdnList file")),
        Some(open) => Err(format!("{file}:{}: the file ends inside <{}> (truncated?)", open.line, open.name)),
        None => Ok((publish_date, entries)),
    }
}

/// Text for the innermost open element; whitespace between the children
/// of the root is dropped unseen.
fn append(stack: &mut [Element], text: &str) {
    if stack.len() > 1
        && let Some(element) = stack.last_mut()
    {
        element.text.push_str(text);
    }
}

/// An `sdnEntry` as a listing.
fn entry_listing(entry: &Element) -> Result<Listing, String> {
    let uid = entry.get("uid").ok_or("sdnEntry without uid")?;
    if !uid.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("uid '{uid}' is not a number"));
    }
    let kind = entry.get("sdnType").ok_or("sdnEntry without sdnType")?;
    let labels = labels(Some(kind)).ok_or_else(|| format!("unknown sdnType '{kind}'"))?;
    let name = full_name(entry.get("lastName"), entry.get("firstName")).ok_or("sdnEntry without a name")?;
    let mut listing = Listing { source_id: uid.into(), labels, line: entry.line, ..Default::default() };
    set_name(&mut listing, &name);
    add_titles(&mut listing, entry.get("title").unwrap_or_default());
    for program in entry.path(&["programList", "program"]) {
        listing.designations.push(designation(&program.text, uid));
    }
    apply_ids(&mut listing, entry);
    for aka in entry.path(&["akaList", "aka"]) {
        apply_aka(&mut listing, aka);
    }
    for address in entry.path(&["addressList", "address"]) {
        if let Some(address) = address_of(address)
            && !listing.addresses.contains(&address)
        {
            listing.addresses.push(address);
        }
    }
    let countries =
        entry.path(&["nationalityList", "nationality"]).chain(entry.path(&["citizenshipList", "citizenship"]));
    for country in countries.filter_map(|c| c.get("country")) {
        add_country(&mut listing, "NATIONAL_OF", country);
    }
    for date in entry.path(&["dateOfBirthList", "dateOfBirthItem"]).filter_map(|d| d.get("dateOfBirth")) {
        for date in birth_dates(date) {
            listing.push("birth_date", &date);
        }
    }
    for place in entry.path(&["placeOfBirthList", "placeOfBirthItem"]).filter_map(|p| p.get("placeOfBirth")) {
        listing.push("birth_place", place);
    }
    if let Some(info) = entry.path(&["vesselInfo"]).next() {
        apply_vessel(&mut listing, &vessel_of(info));
    }
    if let Some(remarks) = entry.get("remarks") {
        apply_remarks(&mut listing, remarks);
    }
    Ok(listing)
}

/// `idList/id`; a kind the listing has no place for becomes a note, as the
/// CSV keeps it in its remarks.
fn apply_ids(listing: &mut Listing, entry: &Element) {
    for id in entry.path(&["idList", "id"]) {
        let (Some(kind), Some(number)) = (id.get("idType"), id.get("idNumber")) else { continue };
        if !apply_id(listing, kind, number) {
            listing.push("notes", &format!("{kind} {number}"));
        }
    }
}

fn apply_aka(listing: &mut Listing, aka: &Element) {
    let Some(name) = full_name(aka.get("lastName"), aka.get("firstName")) else { return };
    let weak = aka.get("category").is_some_and(|c| c.eq_ignore_ascii_case("weak"));
    let key = match aka.get("type") {
        _ if weak => "weak_aliases",
        Some("f.k.a.") => "previous_names",
        _ => "aliases",
    };
    listing.push(key, &name);
}

fn address_of(address: &Element) -> Option<Address> {
    let parts = ["address1", "address2", "address3", "city", "stateOrProvince", "postalCode", "country"];
    let full: Vec<&str> = parts.iter().filter_map(|p| address.get(p)).collect();
    (!full.is_empty()).then(|| Address {
        full: full.join(", "),
        city: address.get("city").map(String::from),
        country: address.get("country").map(String::from),
    })
}

fn vessel_of(info: &Element) -> Vessel<'_> {
    Vessel {
        call_sign: info.get("callSign"),
        vessel_type: info.get("vesselType"),
        tonnage: info.get("tonnage"),
        gross_tonnage: info.get("grossRegisteredTonnage"),
        flag: info.get("vesselFlag"),
        owner: info.get("vesselOwner"),
    }
}

#[cfg(test)]
#[path = "ofac_xml_tests.rs"]
mod tests;
