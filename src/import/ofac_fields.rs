//! What OFAC's two formats share: the SDN types, the programs, the vessel
//! columns, and the facts OFAC writes as `Kind value`, which the legacy
//! CSV packs into `Remarks` (`DOB 12 Jan 1960; Passport N123 (Iran); Linked
//! To: NAME.`) and the XML gives as `idList/id` (`idType`, `idNumber`).

use rustc_hash::FxHashSet;

use super::listing::{Designation, Link, Listing, Target};
use super::ofac_dates::birth_dates;

pub(super) const AUTHORITY: &str = "Office of Foreign Assets Control";

/// The labels of an SDN type (CSV `individual`, XML `Individual`, …); an
/// entity has no type in the CSV. `None` for a type OFAC does not use.
pub(super) fn labels(kind: Option<&str>) -> Option<Vec<&'static str>> {
    let kind = kind.map(str::to_ascii_lowercase);
    Some(match kind.as_deref() {
        None | Some("entity") => vec!["Organization", "LegalEntity"],
        Some("individual") => vec!["Person", "LegalEntity"],
        Some("vessel") => vec!["Vessel"],
        Some("aircraft") => vec!["Airplane"],
        Some(_) => return None,
    })
}

pub(super) fn designation(program: &str, source_id: &str) -> Designation {
    Designation {
        authority: AUTHORITY.into(),
        program: program.trim().into(),
        source_id: Some(source_id.into()),
        ..Default::default()
    }
}

/// Sets `name` in the list's own form ("LAST, First" for a person) and adds
/// a person's "First Last" to `aliases`, so that either form finds them.
pub(super) fn set_name(listing: &mut Listing, name: &str) {
    listing.set_text("name", name);
    if listing.labels.first() == Some(&"Person")
        && let Some((last, first)) = name.split_once(',')
    {
        listing.push("aliases", &format!("{} {}", first.trim(), last.trim()));
    }
}

/// A name from OFAC's last and first name fields: "LAST, First", the way
/// the CSV writes a person.
pub(super) fn full_name(last: Option<&str>, first: Option<&str>) -> Option<String> {
    match (last, first) {
        (Some(last), Some(first)) => Some(format!("{last}, {first}")),
        (Some(name), None) | (None, Some(name)) => Some(name.to_string()),
        (None, None) => None,
    }
}

/// A vessel's columns (CSV) or `vesselInfo` (XML).
#[derive(Default)]
pub(super) struct Vessel<'a> {
    pub call_sign: Option<&'a str>,
    pub vessel_type: Option<&'a str>,
    pub tonnage: Option<&'a str>,
    pub gross_tonnage: Option<&'a str>,
    pub flag: Option<&'a str>,
    pub owner: Option<&'a str>,
}

pub(super) fn apply_vessel(listing: &mut Listing, vessel: &Vessel) {
    let texts = [
        ("call_sign", vessel.call_sign),
        ("vessel_type", vessel.vessel_type),
        ("tonnage", vessel.tonnage),
        ("gross_tonnage", vessel.gross_tonnage),
    ];
    for (key, text) in texts {
        listing.set_text(key, text.unwrap_or_default());
    }
    // OFAC writes "None Identified" where a vessel's flag is unknown.
    if let Some(flag) = vessel.flag.filter(|f| !f.eq_ignore_ascii_case("None Identified")) {
        add_country(listing, "FLAGGED_IN", flag);
    }
    if let Some(owner) = vessel.owner.map(str::trim).filter(|o| !o.is_empty()) {
        listing.links.push(Link {
            rel_type: "OWNS",
            target: Target::Name(owner.into()),
            text: Some(owner.into()),
            incoming: true,
            properties: Vec::new(),
        });
    }
}

/// OFAC joins a party's titles with `;`: each is a `title`.
pub(super) fn add_titles(listing: &mut Listing, titles: &str) {
    for title in titles.split(';') {
        listing.push("title", title);
    }
}

/// Adds a country once.
pub(super) fn add_country(listing: &mut Listing, rel_type: &'static str, country: &str) {
    let country = country.trim();
    if !country.is_empty() && !listing.countries.iter().any(|(r, c)| *r == rel_type && c == country) {
        listing.countries.push((rel_type, country.to_string()));
    }
}

/// Reads the facts of a remarks text (`;`-separated fields) and keeps the
/// whole text in `notes`. Fields of no known form stay only in the note.
pub(super) fn apply_remarks(listing: &mut Listing, remarks: &str) {
    listing.push("notes", remarks);
    // The CSV ends the remarks with a period that belongs to no field; a
    // `Linked To:` name that really ends in one gets it back from
    // `restore_dotted_names`.
    let remarks = remarks.trim();
    let remarks = remarks.strip_suffix('.').unwrap_or(remarks);
    for field in remarks.split(';') {
        apply_field(listing, field.trim());
    }
}

fn apply_field(listing: &mut Listing, field: &str) {
    // The XML writes its links in parentheses: `(Linked To: HAMAS)`.
    let field = field.strip_prefix('(').and_then(|f| f.strip_suffix(')')).unwrap_or(field);
    // `alt. DOB`, `alt. Passport`, … are more of the same.
    let field = field.strip_prefix("alt. ").unwrap_or(field);
    if let Some(name) = field.strip_prefix("Linked To:").map(str::trim) {
        if !name.is_empty() {
            listing.links.push(linked_to(name));
        }
    } else if let Some(alias) = quoted_alias(field) {
        listing.push("weak_aliases", alias);
    } else if let Some(dates) = field.strip_prefix("DOB ") {
        for date in birth_dates(dates) {
            listing.push("birth_date", &date);
        }
    } else if let Some(place) = field.strip_prefix("POB ") {
        listing.push("birth_place", value(place));
    } else if let Some(country) = field.strip_prefix("nationality ").or_else(|| field.strip_prefix("citizen ")) {
        add_country(listing, "NATIONAL_OF", value(country));
    } else if let Some((fact, rest)) = split_kind(field) {
        apply_fact(listing, fact, rest);
    }
}

fn linked_to(name: &str) -> Link {
    Link {
        rel_type: "LINKED_TO",
        target: Target::Name(name.into()),
        text: Some(format!("Linked To: {name}")),
        incoming: false,
        properties: Vec::new(),
    }
}

/// The name of `a.k.a. 'NAME'` (also `f.k.a.`, `n.k.a.`): the remarks
/// quote OFAC's weak aliases. A name may hold an apostrophe (`'ABU-'UMAR'`).
fn quoted_alias(field: &str) -> Option<&str> {
    let rest = ["a.k.a. ", "f.k.a. ", "n.k.a. "].iter().find_map(|p| field.strip_prefix(p))?.trim();
    let rest = rest.strip_suffix('.').unwrap_or(rest);
    let Some(quoted) = rest.strip_prefix('\'') else { return Some(rest) };
    Some(quoted.rfind('\'').map_or(quoted, |end| &quoted[..end]))
}

/// A value without the period that may end its field.
fn value(text: &str) -> &str {
    let text = text.trim();
    text.strip_suffix('.').unwrap_or(text).trim_end()
}

/// What a kind of fact becomes.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Fact {
    Passport,
    IdNumber,
    Registration,
    Imo,
    Mmsi,
    Gender,
    RegisteredIn,
    /// A list property of that name (snake_case of OFAC's kind).
    Other(&'static str),
}

/// The kinds of fact OFAC uses often, as the CSV's remarks and the XML's
/// `idType` spell them. Others stay in `notes`.
const FACTS: &[(&str, Fact)] = &[
    ("Passport", Fact::Passport),
    ("Diplomatic Passport", Fact::Passport),
    ("National ID No.", Fact::IdNumber),
    ("Cedula No.", Fact::IdNumber),
    ("NIT #", Fact::IdNumber),
    ("Tax ID No.", Fact::IdNumber),
    ("RUC #", Fact::IdNumber),
    ("RIF #", Fact::IdNumber),
    ("Identification Number", Fact::IdNumber),
    ("Turkish Identification Number", Fact::IdNumber),
    ("National Foreign ID Number", Fact::IdNumber),
    ("Personal ID Card", Fact::IdNumber),
    ("Citizen's Card Number", Fact::IdNumber),
    ("Numero de Identidad", Fact::IdNumber),
    ("Residency Number", Fact::IdNumber),
    ("Birth Certificate Number", Fact::IdNumber),
    ("Travel Document Number", Fact::IdNumber),
    ("Kenyan ID No.", Fact::IdNumber),
    ("Tazkira National ID Card", Fact::IdNumber),
    ("Driver's License No.", Fact::IdNumber),
    ("Cartilla de Servicio Militar Nacional", Fact::IdNumber),
    ("Credencial electoral", Fact::IdNumber),
    ("Electoral Registry No.", Fact::IdNumber),
    ("D.N.I.", Fact::IdNumber),
    ("C.U.R.P.", Fact::IdNumber),
    ("R.F.C.", Fact::IdNumber),
    ("I.F.E.", Fact::IdNumber),
    ("C.U.I.T.", Fact::IdNumber),
    ("C.U.I.", Fact::IdNumber),
    ("RTN", Fact::IdNumber),
    ("LE Number", Fact::IdNumber),
    ("SSN", Fact::IdNumber),
    ("US FEIN", Fact::IdNumber),
    ("V.A.T. Number", Fact::IdNumber),
    ("D-U-N-S Number", Fact::IdNumber),
    ("Legal Entity Number", Fact::IdNumber),
    ("BIK (RU)", Fact::IdNumber),
    ("License", Fact::IdNumber),
    ("Registration Number", Fact::Registration),
    ("Registration ID", Fact::Registration),
    ("Public Registration Number", Fact::Registration),
    ("Business Registration Number", Fact::Registration),
    ("Business Registration Document #", Fact::Registration),
    ("Commercial Registry Number", Fact::Registration),
    ("Company Number", Fact::Registration),
    ("UK Company Number", Fact::Registration),
    ("Certificate of Incorporation Number", Fact::Registration),
    ("C.R. No.", Fact::Registration),
    ("Chamber of Commerce Number", Fact::Registration),
    ("Trade License No.", Fact::Registration),
    ("Folio Mercantil No.", Fact::Registration),
    ("Matricula Mercantil No", Fact::Registration),
    ("Government Gazette Number", Fact::Registration),
    ("Registered Charity No.", Fact::Registration),
    ("Enterprise Number", Fact::Registration),
    ("Branch Unit Number", Fact::Registration),
    ("Unified Social Credit Code (USCC)", Fact::Registration),
    ("United Social Credit Code Certificate (USCCC)", Fact::Registration),
    ("Aircraft Tail Number", Fact::Registration),
    ("Vessel Registration Identification", Fact::Imo),
    ("MMSI", Fact::Mmsi),
    ("Gender", Fact::Gender),
    ("Nationality of Registration", Fact::RegisteredIn),
    ("Position", Fact::Other("position")),
    ("Website", Fact::Other("website")),
    ("Email Address", Fact::Other("email_address")),
    ("Telephone", Fact::Other("phone_number")),
    ("Telephone No.", Fact::Other("phone_number")),
    ("Phone Number", Fact::Other("phone_number")),
    ("Phone No.", Fact::Other("phone_number")),
    ("Fax", Fact::Other("fax")),
    ("Fax No.", Fact::Other("fax")),
    ("SWIFT/BIC", Fact::Other("swift_bic")),
    ("ISIN", Fact::Other("isin")),
    ("Equity Ticker", Fact::Other("equity_ticker")),
    ("Digital Currency Address", Fact::Other("digital_currency_address")),
    ("Target Type", Fact::Other("target_type")),
    ("Organization Type", Fact::Other("organization_type")),
    ("Organization Established Date", Fact::Other("organization_established_date")),
    ("Aircraft Model", Fact::Other("aircraft_model")),
    ("Aircraft Operator", Fact::Other("aircraft_operator")),
    ("Aircraft Manufacture Date", Fact::Other("aircraft_manufacture_date")),
    ("Aircraft Manufacturer's Serial Number (MSN)", Fact::Other("aircraft_serial_number")),
    ("Aircraft Construction Number (also called L/N or S/N or F/N)", Fact::Other("aircraft_construction_number")),
    ("Previous Aircraft Tail Number", Fact::Other("previous_aircraft_tail_number")),
    ("Former Vessel Flag", Fact::Other("former_vessel_flag")),
    ("Other Vessel Flag", Fact::Other("other_vessel_flag")),
    ("Other Vessel Type", Fact::Other("other_vessel_type")),
    ("Other Vessel Call Sign", Fact::Other("other_vessel_call_sign")),
];

/// Applies an XML `id` (`idType`, `idNumber`); false when the kind is not
/// one the listing has a place for.
pub(super) fn apply_id(listing: &mut Listing, kind: &str, number: &str) -> bool {
    // The XML ends some kinds with a colon or a dash: `Organization Type:`.
    let kind = kind.trim().trim_end_matches([':', '-', ' ']);
    match FACTS.iter().find(|(k, _)| *k == kind) {
        Some((_, fact)) => {
            apply_fact(listing, *fact, number);
            true
        }
        None => false,
    }
}

/// Splits a remarks field into its kind and the rest: the longest known
/// kind that the field starts with, followed by a space or a colon.
fn split_kind(field: &str) -> Option<(Fact, &str)> {
    let (kind, fact) = FACTS
        .iter()
        .filter(|(k, _)| field.strip_prefix(k).is_some_and(|rest| rest.starts_with([' ', ':'])))
        .max_by_key(|(k, _)| k.len())?;
    Some((*fact, field[kind.len()..].trim_start_matches([' ', ':', '-'])))
}

fn apply_fact(listing: &mut Listing, fact: Fact, text: &str) {
    let text = value(text);
    // `Identification Number IMO 5342883`, `Vessel Registration
    // Identification IMO 9187629`: whatever the kind, an IMO number.
    if let Some(imo) = text.strip_prefix("IMO ") {
        listing.set_text("imo_number", imo);
        return;
    }
    match fact {
        Fact::Passport => listing.push("passport_numbers", id_number(text)),
        Fact::IdNumber => listing.push("id_numbers", id_number(text)),
        Fact::Registration => listing.push("registration_number", id_number(text)),
        Fact::Imo => listing.set_text("imo_number", text),
        Fact::Mmsi => listing.set_text("mmsi", text),
        Fact::Gender => listing.set_text("gender", &text.to_ascii_lowercase()),
        Fact::RegisteredIn => add_country(listing, "REGISTERED_IN", text),
        Fact::Other(key) => listing.push(key, text),
    }
}

/// The number of `N123 (Iran) issued 01 Jan 2000 expires 01 Jan 2010`.
fn id_number(text: &str) -> &str {
    let end = [" (", " issued ", " expires "].iter().filter_map(|s| text.find(s)).min();
    text[..end.unwrap_or(text.len())].trim()
}

/// Gives a `LINKED_TO` name back the period the remarks' end took from it
/// (`Linked To: HERJEZ LTDA.` as the last field) when only the name with
/// the period is a name of the file.
pub(super) fn restore_dotted_names(listings: &mut [Listing]) {
    let names: FxHashSet<String> = listings.iter().flat_map(Listing::names).map(str::to_string).collect();
    for link in listings.iter_mut().flat_map(|l| l.links.iter_mut()) {
        if link.rel_type != "LINKED_TO" {
            continue;
        }
        if let Target::Name(name) = &mut link.target
            && !names.contains(name.as_str())
            && names.contains(&format!("{name}."))
        {
            name.push('.');
            link.text = Some(format!("Linked To: {name}"));
        }
    }
}

/// Turns byte positions into line numbers, counting forward only.
#[derive(Default)]
pub(super) struct LineCounter {
    position: usize,
    line: u64,
}

impl LineCounter {
    /// The 1-based line of the byte at `position`.
    pub(super) fn line_at(&mut self, bytes: &[u8], position: usize) -> u64 {
        let position = position.min(bytes.len());
        if position > self.position {
            self.line += bytes[self.position..position].iter().filter(|&&b| b == b'\n').count() as u64;
            self.position = position;
        }
        self.line + 1
    }
}

#[cfg(test)]
#[path = "ofac_fields_tests.rs"]
mod tests;
