//! One `INDIVIDUAL` or `ENTITY` element as a listing.

use crate::import::listing::{Address, Designation, Listing, parse_date};
use crate::import::xml::Element;

const AUTHORITY: &str = "United Nations Security Council";
const PERSON: &[&str] = &["Person", "LegalEntity"];
const ORGANIZATION: &[&str] = &["Organization", "LegalEntity"];
/// A birth-year range (`FROM_YEAR`..`TO_YEAR`) up to this many years long
/// lists every year in it; a longer one only its two ends.
const MAX_YEAR_SPAN: u32 = 20;
const ADDRESS_PARTS: [&str; 6] = ["STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY", "NOTE"];
const PLACE_PARTS: [&str; 4] = ["STREET", "CITY", "STATE_PROVINCE", "COUNTRY"];

/// The listing of a record, or `FILE:LINE: reason` when it has no
/// reference number, no name or no list.
pub(super) fn listing(record: &Element, file: &str) -> Result<Listing, String> {
    let person = record.name == "INDIVIDUAL";
    let bad = |reason: String| format!("{file}:{}: the {} {reason}", record.line, record.name);
    let reference = text(record, "REFERENCE_NUMBER");
    if reference.is_empty() {
        return Err(bad("has no REFERENCE_NUMBER".into()));
    }
    let name = primary_name(record, person);
    if name.is_empty() {
        return Err(bad(format!("{reference} has no name")));
    }
    let program = text(record, "UN_LIST_TYPE");
    if program.is_empty() {
        return Err(bad(format!("{reference} has no UN_LIST_TYPE")));
    }
    let labels = if person { PERSON } else { ORGANIZATION };
    let mut listing =
        Listing { source_id: reference.clone(), labels: labels.to_vec(), line: record.line, ..Listing::default() };
    listing.set_text("name", &name);
    add_aliases(&mut listing, record);
    add_descriptions(&mut listing, record);
    add_birth(&mut listing, record);
    add_documents(&mut listing, record);
    listing.countries = nationalities(record).into_iter().map(|c| ("NATIONAL_OF", c)).collect();
    for address in record.children("INDIVIDUAL_ADDRESS").chain(record.children("ENTITY_ADDRESS")) {
        if let Some(address) = address_of(address).filter(|a| !listing.addresses.contains(a)) {
            listing.addresses.push(address);
        }
    }
    listing.designations.push(Designation {
        authority: AUTHORITY.into(),
        program,
        listed_on: parse_date(&text(record, "LISTED_ON")),
        reason: Some(text(record, "COMMENTS1")).filter(|r| !r.is_empty()),
        source_id: Some(reference),
        properties: Vec::new(),
    });
    Ok(listing)
}

/// A person's names in order (`FIRST_NAME` … `FOURTH_NAME`); an entity's
/// `FIRST_NAME`.
fn primary_name(record: &Element, person: bool) -> String {
    let parts: &[&str] =
        if person { &["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"] } else { &["FIRST_NAME"] };
    let parts: Vec<String> = parts.iter().map(|p| text(record, p)).filter(|p| !p.is_empty()).collect();
    parts.join(" ")
}

/// Aliases by quality: `Low` ones are weak, `f.k.a.` ones previous names,
/// the rest (`Good`, `a.k.a.`) plain aliases. The name in its original
/// script is an alias too.
fn add_aliases(listing: &mut Listing, record: &Element) {
    for alias in record.children("INDIVIDUAL_ALIAS").chain(record.children("ENTITY_ALIAS")) {
        let key = match text(alias, "QUALITY").as_str() {
            "Low" => "weak_aliases",
            "f.k.a." => "previous_names",
            _ => "aliases",
        };
        listing.push(key, unquoted(&text(alias, "ALIAS_NAME")));
    }
    let script = text(record, "NAME_ORIGINAL_SCRIPT");
    listing.push("aliases", &script);
    listing.set_text("original_script_name", &script);
}

/// A name without the double quotes some aliases come in (`"KOMID"`,
/// `“Tek”`): comments and searches give the name bare.
fn unquoted(name: &str) -> &str {
    let quote = |c: char| matches!(c, '"' | '“' | '”');
    match name.strip_prefix(quote).and_then(|n| n.strip_suffix(quote)) {
        Some(bare) if !bare.trim().is_empty() => bare.trim(),
        _ => name,
    }
}

/// Titles, designations (positions), gender and the comments.
fn add_descriptions(listing: &mut Listing, record: &Element) {
    for title in values(record, "TITLE") {
        listing.push("title", &title);
    }
    for position in values(record, "DESIGNATION") {
        listing.push("position", &position);
    }
    let gender = text(record, "GENDER").to_lowercase();
    if gender == "male" || gender == "female" {
        listing.set_text("gender", &gender);
    }
    listing.push("notes", &text(record, "COMMENTS1"));
}

fn add_birth(listing: &mut Listing, record: &Element) {
    for date in record.children("INDIVIDUAL_DATE_OF_BIRTH") {
        for text in birth_dates(date) {
            listing.push("birth_date", &text);
        }
    }
    for place in record.children("INDIVIDUAL_PLACE_OF_BIRTH") {
        listing.push("birth_place", &joined(place, &PLACE_PARTS));
    }
}

/// The dates one `INDIVIDUAL_DATE_OF_BIRTH` gives, at their precision: a
/// `DATE` as `1964-07-17` (any time or zone after it dropped), a `YEAR`,
/// or the years `FROM_YEAR` to `TO_YEAR`. `TYPE_OF_DATE` (exact,
/// approximately, between) does not change the value.
fn birth_dates(date: &Element) -> Vec<String> {
    let mut dates = Vec::new();
    let exact = text(date, "DATE");
    if !exact.is_empty() {
        dates.push(parse_date(&exact).map_or(exact, |d| d.to_string()));
    }
    dates.push(text(date, "YEAR"));
    let (from, to) = (text(date, "FROM_YEAR"), text(date, "TO_YEAR"));
    match (from.parse::<u32>(), to.parse::<u32>()) {
        (Ok(first), Ok(last)) if first <= last && last - first <= MAX_YEAR_SPAN => {
            dates.extend((first..=last).map(|y| y.to_string()));
        }
        _ => dates.extend([from, to]),
    }
    dates.retain(|d| !d.is_empty());
    dates
}

/// Document numbers: passports (any document whose type says passport, in
/// English, French or Spanish) apart from other identification numbers.
fn add_documents(listing: &mut Listing, record: &Element) {
    for document in record.children("INDIVIDUAL_DOCUMENT") {
        let kind = text(document, "TYPE_OF_DOCUMENT").to_lowercase();
        let passport = ["passport", "passeport", "pasaporte"].iter().any(|p| kind.contains(p));
        let key = if passport { "passport_numbers" } else { "id_numbers" };
        listing.push(key, &text(document, "NUMBER"));
    }
}

/// The nationalities as written, without the placeholder `na`.
fn nationalities(record: &Element) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for nationality in values(record, "NATIONALITY") {
        let placeholder = nationality.eq_ignore_ascii_case("na") || nationality.eq_ignore_ascii_case("n/a");
        if !placeholder && !found.contains(&nationality) {
            found.push(nationality);
        }
    }
    found
}

/// An address element as an address; `None` when all its parts are empty.
fn address_of(address: &Element) -> Option<Address> {
    let full = joined(address, &ADDRESS_PARTS);
    let some = |part: String| Some(part).filter(|p| !p.is_empty());
    (!full.is_empty()).then(|| Address {
        full,
        city: some(text(address, "CITY")),
        country: some(text(address, "COUNTRY")),
    })
}

/// The non-empty texts of the children `parts`, in that order, joined by ", ".
fn joined(element: &Element, parts: &[&str]) -> String {
    let texts: Vec<String> = parts.iter().map(|p| text(element, p)).filter(|t| !t.is_empty()).collect();
    texts.join(", ")
}

/// The clean text of the first child `name`; empty when there is none.
fn text(element: &Element, name: &str) -> String {
    element.get(name).map(clean).unwrap_or_default()
}

/// The clean texts of the `VALUE`s of the children `name`.
fn values(element: &Element, name: &str) -> Vec<String> {
    element.values(name).map(clean).collect()
}

/// With every run of white space one space: the files wrap long values and
/// pad names (`"CHO  "`, `"KPi.034 "`).
fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
