use std::path::Path;

use super::*;
use crate::import::listing::Target;

fn read_text(text: &str, options: &ReadOptions) -> Result<Batch, String> {
    read(text.as_bytes(), "test.xml", options)
}

fn read_excerpt() -> Batch {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ofac-cons-excerpt.xml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    read_text(&text, &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_excerpt_is_the_consolidated_list_of_june_2025() {
    let batch = read_excerpt();
    assert_eq!(batch.listings.len(), 6);
    let source = batch.source.as_ref().map(|s| (s.list.as_str(), s.version.map(|d| d.to_string())));
    assert_eq!(source, Some(("OFAC consolidated non-SDN list", Some("2025-06-30".into()))));
    assert_eq!(batch.listings[0].line, 7);
    assert!(batch.skipped.is_empty() && batch.dangling.is_empty());
}

#[test]
fn an_individual_with_akas_birth_and_nationality() {
    let batch = read_excerpt();
    let haniya = batch.listing("9639").unwrap();
    assert_eq!(haniya.labels, ["Person", "LegalEntity"]);
    assert_eq!(haniya.strings("name"), ["HANIYA, Ismail Abdul Salah"]);
    assert_eq!(haniya.strings("aliases"), ["Ismail Abdul Salah HANIYA", "HANIYA, Ismail", "HANIYYA, Ismaeel"]);
    assert_eq!(haniya.strings("birth_date"), ["1962"]);
    assert_eq!(haniya.strings("birth_place"), ["Shati"]);
    assert_eq!(haniya.designations[0].program, "NS-PLC");
    assert_eq!(haniya.designations[0].source_id.as_deref(), Some("9639"));

    let zahhar = batch.listing("9647").unwrap();
    assert_eq!(zahhar.strings("weak_aliases"), ["ZAHAR, Mahmoud", "AL-ZAHAR, Mahmoud"]);
    assert_eq!(zahhar.countries, [("NATIONAL_OF", "Palestinian".to_string())]);
    assert_eq!(zahhar.strings("gender"), ["male"]);
    let programs: Vec<_> = zahhar.designations.iter().map(|d| d.program.as_str()).collect();
    assert_eq!(programs, ["NS-PLC", "SDGT"]);
    assert_eq!(zahhar.links[0].target, Target::Name("HAMAS".into()));
    assert_eq!(zahhar.links[0].text.as_deref(), Some("Linked To: HAMAS"));
    assert_eq!(
        zahhar.strings("notes"),
        [
            "Secondary sanctions risk: section 1(b) of Executive Order 13224, as amended by Executive Order 13886",
            "(Linked To: HAMAS)"
        ]
    );
    assert_eq!(zahhar.addresses[0].full, "Region: Gaza");

    let kayakiran = batch.listing("26182").unwrap();
    assert_eq!(kayakiran.strings("passport_numbers"), ["U00242309"]);
    assert_eq!(kayakiran.countries, [("NATIONAL_OF", "Turkey".to_string())]);
    assert_eq!(kayakiran.strings("birth_date"), ["1980-02-08"]);
}

#[test]
fn entities_with_ids_addresses_and_links() {
    let batch = read_excerpt();
    let veb = batch.listing("18286").unwrap();
    assert_eq!(veb.labels, ["Organization", "LegalEntity"]);
    assert_eq!(veb.strings("registration_number"), ["1097746831709"]);
    assert_eq!(veb.strings("id_numbers"), ["7708710924"]);
    assert_eq!(veb.strings("website"), ["vebcapital.ru"]);
    assert_eq!(veb.strings("organization_established_date"), ["24 Dec 2009"]);
    assert_eq!(
        veb.strings("aliases"),
        [
            "OOO VEB KAPITAL",
            "OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU INVESTITSIONNA YA KOMPANIYA VNESHEKONOMBANKA",
            "LLC VEB CAPITAL"
        ]
    );
    let target = "STATE CORPORATION BANK FOR DEVELOPMENT AND FOREIGN ECONOMIC AFFAIRS VNESHECONOMBANK";
    assert_eq!(veb.links[0].target, Target::Name(target.into()));
    let address = &veb.addresses[0];
    assert_eq!(address.full, "d. 7 str. A ul. Mashi Poryvaevoi, Moscow, 107078, Russia");
    assert_eq!((address.city.as_deref(), address.country.as_deref()), (Some("Moscow"), Some("Russia")));

    let lengipro = batch.listing("23552").unwrap();
    assert_eq!(lengipro.countries, [("REGISTERED_IN", "Russia".to_string())]);
    assert_eq!(lengipro.strings("email_address"), ["lgnch@lgnch.spb.ru"]);

    let huawei = batch.listing("32087").unwrap();
    assert_eq!(huawei.strings("name"), ["HUAWEI INVESTMENT & HOLDING CO., LTD."]);
    assert_eq!(huawei.strings("isin").len(), 6);
    assert_eq!(huawei.strings("target_type"), ["Private Company"]);
    assert_eq!(huawei.strings("registration_number"), ["91440300746645251H"]);
}

/// An `sdnList` with `entries` and the root and publish information of
/// OFAC's files.
fn document(entries: &str) -> String {
    format!(
        "<?xml version=\"1.0\" standalone=\"yes\"?>\r\n<sdnList xmlns=\"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML\">\r\n\
         <publshInformation><Publish_Date>04/23/2021</Publish_Date><Record_Count>1</Record_Count></publshInformation>\r\n{entries}</sdnList>"
    )
}

/// A vessel in the form of the full `sdn.xml` (made up from its schema:
/// the full file is not among the real data).
const VESSEL: &str = "<sdnEntry>\r\n<uid>19570</uid><lastName>EVER BRIGHT 88</lastName><sdnType>Vessel</sdnType>\r\n\
    <programList><program>DPRK</program></programList>\r\n\
    <idList><id><uid>1</uid><idType>Vessel Registration Identification</idType><idNumber>IMO 8914934</idNumber></id></idList>\r\n\
    <vesselInfo><callSign>3ABC</callSign><vesselType>General Cargo</vesselType><vesselFlag>Sierra Leone</vesselFlag>\
    <vesselOwner>OCEAN MARITIME MANAGEMENT COMPANY LIMITED</vesselOwner><tonnage>2595</tonnage>\
    <grossRegisteredTonnage>1116</grossRegisteredTonnage></vesselInfo>\r\n</sdnEntry>\r\n";

#[test]
fn vessels_of_the_sdn_list() {
    let batch = read_text(&document(VESSEL), &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let source = batch.source.as_ref().map(|s| (s.list.as_str(), s.version.map(|d| d.to_string())));
    assert_eq!(source, Some(("OFAC SDN list", Some("2021-04-23".into()))));
    let vessel = &batch.listings[0];
    assert_eq!((vessel.labels.as_slice(), vessel.line), (["Vessel"].as_slice(), 4));
    assert_eq!(vessel.strings("imo_number"), ["8914934"]);
    assert_eq!(vessel.strings("call_sign"), ["3ABC"]);
    assert_eq!(vessel.strings("vessel_type"), ["General Cargo"]);
    assert_eq!(vessel.strings("tonnage"), ["2595"]);
    assert_eq!(vessel.strings("gross_tonnage"), ["1116"]);
    assert_eq!(vessel.countries, [("FLAGGED_IN", "Sierra Leone".to_string())]);
    let owner = &vessel.links[0];
    assert_eq!((owner.rel_type, owner.incoming), ("OWNS", true));
    assert_eq!(owner.target, Target::Name("OCEAN MARITIME MANAGEMENT COMPANY LIMITED".into()));
}

#[test]
fn a_bad_entry_is_a_file_line_error_or_skipped() {
    let bad_uid = VESSEL.replace("<uid>19570</uid>", "<uid>X1</uid>");
    let bad_type = VESSEL.replace("Vessel</sdnType>", "Spaceship</sdnType>").replace("19570", "19571");
    let text = document(&format!("{VESSEL}{bad_uid}{bad_type}{VESSEL}"));
    assert_eq!(read_text(&text, &ReadOptions::default()).err(), Some("test.xml:10: uid 'X1' is not a number".into()));
    let batch = read_text(&text, &ReadOptions { skip_bad_rows: true }).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(batch.listings.len(), 1);
    assert_eq!(
        batch.skipped,
        [
            "test.xml:10: uid 'X1' is not a number",
            "test.xml:16: unknown sdnType 'Spaceship'",
            "test.xml:22: uid 19570 again (first on line 4)"
        ]
    );
}

#[test]
fn what_is_not_an_sdn_list_is_an_error() {
    let options = ReadOptions { skip_bad_rows: true };
    let error = |text: &str| read_text(text, &options).err().unwrap_or_default();
    assert_eq!(error(""), "test.xml: no XML element; not an OFAC sdnList file");
    assert_eq!(error("ent_num,name\r\n1,X\r\n"), "test.xml: no XML element; not an OFAC sdnList file");
    assert_eq!(
        error("<CONSOLIDATED_LIST/>"),
        "test.xml:1: the root element is <CONSOLIDATED_LIST>, not OFAC's <sdnList>"
    );
    let whole = document(VESSEL);
    let truncated = &whole[..whole.find("<vesselInfo>").unwrap_or(0)];
    assert_eq!(error(truncated), "test.xml:4: the file ends inside <sdnEntry> (truncated?)");
    let mismatched = error(&whole.replace("</lastName>", "</firstName>"));
    assert!(mismatched.starts_with("test.xml:5: not well-formed XML"), "{mismatched}");
    assert!(error(&whole.replace("88</lastName>", "&bogus;</lastName>")).contains("bogus"));
}

#[test]
fn deep_nesting_is_refused() {
    let deep = format!("<sdnList><sdnEntry>{}", "<a>".repeat(100_000));
    let error = read_text(&deep, &ReadOptions::default()).err().unwrap_or_default();
    assert_eq!(error, "test.xml:1: <a> is nested more than 32 elements deep");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
    /// Whatever a damaged file holds, the reader answers and never panics.
    #[test]
    fn a_damaged_file_never_panics(cut in 0usize..20_000, at in 0usize..20_000, byte in proptest::prelude::any::<u8>()) {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ofac-cons-excerpt.xml");
        let mut bytes = std::fs::read(path).unwrap_or_default();
        bytes.truncate(cut.max(1));
        let at = at % bytes.len().max(1);
        if let Some(b) = bytes.get_mut(at) {
            *b = byte;
        }
        let _ = read(bytes.as_slice(), "damaged.xml", &ReadOptions { skip_bad_rows: true });
    }
}

#[test]
fn the_real_consolidated_list_of_june_2025() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/real/ofac/cons-non-sdn-2025-06-30.xml");
    let Ok(file) = std::fs::File::open(&path) else {
        eprintln!("skipped: {} not there", path.display());
        return;
    };
    let batch =
        read(std::io::BufReader::new(file), "cons.xml", &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(batch.listings.len(), 443);
    let count = |label: &str| batch.listings.iter().filter(|l| l.labels[0] == label).count();
    assert_eq!((count("Organization"), count("Person")), (363, 80));
    let program =
        |name: &str| batch.listings.iter().flat_map(|l| &l.designations).filter(|d| d.program == name).count();
    let programs = ["UKRAINE-EO13662", "RUSSIA-EO14024", "NS-PLC", "CMIC-EO13959"].map(program);
    assert_eq!(programs, [286, 82, 78, 68]);
    let source = batch.source.as_ref().map(|s| (s.list.as_str(), s.version.map(|d| d.to_string())));
    assert_eq!(source, Some(("OFAC consolidated non-SDN list", Some("2025-06-30".into()))));
    let links = batch.listings.iter().flat_map(|l| &l.links).filter(|l| l.rel_type == "LINKED_TO").count();
    assert_eq!(links, 283);
    assert!(batch.skipped.is_empty());
}
