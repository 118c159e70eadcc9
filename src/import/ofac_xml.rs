//! OFAC's `sdnList` XML: the SDN list (`sdn.xml`) and the consolidated
//! non-SDN list (`consolidated.xml`) share the schema. Each `sdnEntry` is
//! read into a small tree (`xml.rs`), then into a listing.

use std::collections::hash_map::Entry;
use std::io::BufRead;

use rustc_hash::FxHashMap;

use super::listing::{Address, Batch, Listing, ReadOptions, Source, parse_date};
use super::ofac_dates::birth_dates;
use super::ofac_fields::{
    Vessel, add_country, add_titles, apply_id, apply_remarks, apply_vessel, designation, full_name, labels,
    restore_dotted_names, set_name,
};
use super::xml::{self, Element, Records};

/// `sdnEntry` and `publshInformation` are the root's children.
const RECORD_DEPTH: usize = 1;

/// Reads an `sdnList` document; `file` names it in messages.
pub fn read(input: impl BufRead, file: &str, options: &ReadOptions) -> Result<Batch, String> {
    let (root, records) = Records::open(input, file, RECORD_DEPTH).map_err(|e| message(e, file))?;
    if root.name != "sdnList" {
        return Err(format!("{file}:{}: the root element is <{}>, not OFAC's <sdnList>", root.line, root.name));
    }
    let mut batch = Batch::default();
    let (mut publish_date, mut seen, mut count) = (None, FxHashMap::default(), Count::default());
    // A bad entry fails the file once all of it has been read, so that a
    // damaged file is reported as that rather than by its first entry.
    let mut failed = None;
    for record in records {
        let record = record.map_err(|e| message(e, file))?;
        match record.name.as_str() {
            "publshInformation" => publish_date = record.get("Publish_Date").map(String::from),
            "sdnEntry" => {
                count.add(&record);
                match new_listing(&record, &mut seen) {
                    Ok(listing) => batch.listings.push(listing),
                    Err(reason) if options.skip_bad_rows => {
                        batch.skipped.push(format!("{file}:{}: {reason}", record.line))
                    }
                    Err(reason) => {
                        failed.get_or_insert_with(|| format!("{file}:{}: {reason}", record.line));
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(reason) = failed {
        return Err(reason);
    }
    restore_dotted_names(&mut batch.listings);
    let list = if count.is_consolidated() { "OFAC consolidated non-SDN list" } else { "OFAC SDN list" };
    batch.source = Some(Source { list: list.into(), version: publish_date.as_deref().and_then(parse_date) });
    Ok(batch)
}

/// What an XML error means for an `sdnList` file, as `FILE[:LINE]: reason`.
fn message(error: xml::Error, file: &str) -> String {
    match error {
        xml::Error::Xml(message) => message,
        xml::Error::NoRoot(_) | xml::Error::NotXml(_) => format!("{file}: no XML element; not an OFAC sdnList file"),
        xml::Error::TextAfter(line) => format!("{file}:{line}: text after </sdnList>"),
        xml::Error::Truncated { element, start, .. } => {
            format!("{file}:{start}: the file ends inside <{element}> (truncated?)")
        }
    }
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

/// The entries of a file, and those with a non-SDN program, to tell which
/// list it is. Both are an `sdnList` in the same namespace with the same
/// publish information, so the programs tell: on the SDN list the non-SDN
/// programs are rare (29 of 8,890 entries in April 2021), on the
/// consolidated list nearly every entry has one (434 of 443 in June 2025).
#[derive(Default)]
struct Count {
    entries: usize,
    non_sdn: usize,
}

impl Count {
    fn add(&mut self, entry: &Element) {
        let non_sdn = |program: &str| NON_SDN_PROGRAMS.contains(&program) || program.starts_with("FSE-");
        self.entries += 1;
        if entry.path(&["programList", "program"]).any(|p| non_sdn(p.text.trim())) {
            self.non_sdn += 1;
        }
    }

    /// More than half of the entries with a non-SDN program means the
    /// consolidated list.
    fn is_consolidated(&self) -> bool {
        self.non_sdn * 2 > self.entries
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
