use std::path::{Path, PathBuf};

use super::*;
use crate::import::listing::Target;

fn excerpt() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ofac-sdn-excerpt/sdn.csv")
}

fn read_excerpt() -> Batch {
    read(&excerpt(), &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_excerpt_reads_every_row_up_to_the_ctrl_z() {
    let batch = read_excerpt();
    assert_eq!(batch.listings.len(), 13);
    assert!(batch.skipped.is_empty());
    let source = batch.source.as_ref().map(|s| (s.list.as_str(), s.version));
    assert_eq!(source, Some(("OFAC SDN list", None)));
    // add.csv line 14 and alt.csv line 2 belong to parties the excerpt leaves out.
    let beside = |name: &str| excerpt().with_file_name(name).display().to_string();
    let sdn = excerpt().display().to_string();
    assert_eq!(
        batch.dangling,
        [
            format!("{}:14: ent_num 15771 is not in {sdn}", beside("add.csv")),
            format!("{}:2: ent_num 4307 is not in {sdn}", beside("alt.csv"))
        ]
    );
}

#[test]
fn an_individual_with_dob_pob_nationality_passport_and_link() {
    let batch = read_excerpt();
    let sahin = batch.listing("24998").unwrap();
    assert_eq!(sahin.labels, ["Person", "LegalEntity"]);
    assert_eq!(sahin.line, 12);
    assert_eq!(sahin.strings("name"), ["SAHIN, Huseyin"]);
    assert_eq!(sahin.strings("aliases"), ["Huseyin SAHIN"]);
    assert_eq!(sahin.strings("title"), ["Chief Executive Officer"]);
    assert_eq!(sahin.strings("birth_date"), ["1957-04-01"]);
    assert_eq!(sahin.strings("birth_place"), ["Gumusova, Turkey"]);
    assert_eq!(sahin.strings("gender"), ["male"]);
    assert_eq!(sahin.strings("passport_numbers"), ["U00618757"]);
    assert_eq!(sahin.strings("id_numbers"), ["31202133364"]);
    assert_eq!(sahin.countries, [("NATIONAL_OF", "Turkey".to_string())]);
    let links: Vec<_> = sahin.links.iter().map(|l| (l.rel_type, &l.target, l.incoming)).collect();
    assert_eq!(links, [("LINKED_TO", &Target::Name("SIA FALCON INTERNATIONAL GROUP".into()), false)]);
    assert_eq!(sahin.designations.len(), 1);
    assert_eq!(sahin.designations[0].program, "DPRK");
    assert_eq!(sahin.designations[0].authority, "Office of Foreign Assets Control");
    assert_eq!(sahin.designations[0].source_id.as_deref(), Some("24998"));
    let address = &sahin.addresses[0];
    assert_eq!(address.city.as_deref(), Some("Istanbul"));
    assert_eq!(address.full, "Adnan Saygun, Cad Canan SK N1 Mercan St K 4 D 9 ULUS, Istanbul, Turkey");
}

#[test]
fn vessels_with_flag_owner_and_imo() {
    let batch = read_excerpt();
    let swan = batch.listing("4243").unwrap();
    assert_eq!(swan.labels, ["Vessel"]);
    assert_eq!(swan.strings("call_sign"), ["P3QG3"]);
    assert_eq!(swan.strings("vessel_type"), ["General Cargo"]);
    assert_eq!(swan.strings("tonnage"), ["2595"]);
    assert_eq!(swan.strings("gross_tonnage"), ["1116"]);
    assert_eq!(swan.strings("weak_aliases"), ["ANA I"]);
    assert_eq!(swan.countries, [("FLAGGED_IN", "Cyprus".to_string())]);
    let owner = &swan.links[0];
    assert_eq!((owner.rel_type, owner.incoming), ("OWNS", true));
    assert_eq!(owner.target, Target::Name("Sand & Swan Navigation Co. Ltd.".into()));
    // Its add.csv row is all nulls: no address.
    assert!(swan.addresses.is_empty());

    let ever_bright = batch.listing("19570").unwrap();
    assert_eq!(ever_bright.countries, [("FLAGGED_IN", "Sierra Leone".to_string())]);
    assert_eq!(ever_bright.strings("imo_number"), ["8914934"]);
    assert_eq!(ever_bright.links[0].target, Target::Name("OCEAN MARITIME MANAGEMENT COMPANY LIMITED".into()));
    assert_eq!(ever_bright.links[0].text.as_deref(), Some("Linked To: OCEAN MARITIME MANAGEMENT COMPANY LIMITED"));
}

#[test]
fn programs_aliases_and_addresses_of_entities() {
    let batch = read_excerpt();
    let komid = batch.listing("9345").unwrap();
    assert_eq!(komid.labels, ["Organization", "LegalEntity"]);
    let programs: Vec<_> = komid.designations.iter().map(|d| d.program.as_str()).collect();
    assert_eq!(programs, ["NPWMD", "DPRK2"]);
    assert_eq!(komid.strings("weak_aliases"), ["KOMID"]);
    assert_eq!(
        komid.strings("aliases"),
        ["NORTH KOREAN MINING DEVELOPMENT TRADING CORPORATION", "CHANGGWANG SINYONG CORPORATION"]
    );
    let places: Vec<_> = komid.addresses.iter().map(|a| (a.full.as_str(), a.country.as_deref())).collect();
    assert_eq!(
        places,
        [("Central District, Pyongyang, Korea, North", Some("Korea, North")), ("Beijing, China", Some("China"))]
    );

    let falcon = batch.listing("25000").unwrap();
    assert_eq!(falcon.strings("previous_names"), ["ATACAR OTOMOTIV DIS TICARET VE SAVUNMA SANAYI LIMITED SIRKETI"]);
    assert_eq!(falcon.strings("registration_number"), ["464933", "45403041088"]);
    let aero = batch.listing("8244").unwrap();
    assert_eq!(aero.strings("aliases"), ["NUEVO CONTINENTE S.A.", "NUEVOCONTINENTE S.A."]);
    let naqdi = batch.listing("12057").unwrap();
    assert_eq!(naqdi.designations.len(), 6);
    assert_eq!(
        naqdi.strings("title"),
        [
            "Brigadier General and Commander of the IRGC Basij Resistance Force",
            "President of the Organization of the Basij of the Oppressed",
            "Chief of the Mobilization of the Oppressed Organization"
        ]
    );
    assert_eq!(naqdi.strings("birth_date"), ["1951", "1952", "1953", "1960", "1961", "1962", "1961-04"]);
    assert_eq!(batch.listing("12211").unwrap().strings("birth_date"), ["1947", "1946"]);
}

#[test]
fn a_link_to_a_name_ending_in_a_period_keeps_it() {
    let batch = read_excerpt();
    let ayala = batch.listing("11812").unwrap();
    assert_eq!(ayala.links[0].target, Target::Name("HERJEZ LTDA.".into()));
    let aircraft = batch.listing("20540").unwrap();
    assert_eq!(aircraft.labels, ["Airplane"]);
    assert_eq!(aircraft.strings("aircraft_model"), ["AN24-RV"]);
    assert_eq!(aircraft.strings("aircraft_operator"), ["Air Koryo"]);
}

/// A folder with an `sdn.csv` of `text` (and no add/alt files).
fn sdn_file(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("sdn.csv");
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    (dir, path)
}

const GOOD: &str = "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n";

#[test]
fn malformed_rows_are_file_line_errors_or_skipped() {
    let text = format!(
        "{GOOD}37,\"SHORT\",-0- \r\nX1,\"BAD ID\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\u{1a}"
    );
    let (_dir, path) = sdn_file(&text);
    let file = path.display().to_string();
    let error = read(&path, &ReadOptions::default()).err();
    assert_eq!(error, Some(format!("{file}:2: expected 12 fields, found 3")));
    let batch = read(&path, &ReadOptions { skip_bad_rows: true }).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(batch.listings.len(), 1);
    assert_eq!(
        batch.skipped,
        [format!("{file}:2: expected 12 fields, found 3"), format!("{file}:3: ent_num 'X1' is not a number")]
    );
}

#[test]
fn repeated_ids_and_unknown_types_are_errors() {
    let (_dir, path) = sdn_file(&format!("{GOOD}{GOOD}"));
    let error = read(&path, &ReadOptions::default()).err().unwrap_or_default();
    assert!(error.ends_with(":2: ent_num 36 again (first on line 1)"), "{error}");
    let (_dir, path) = sdn_file(&GOOD.replace("-0- ,\"CUBA\"", "\"spaceship\",\"CUBA\""));
    let error = read(&path, &ReadOptions::default()).err().unwrap_or_default();
    assert!(error.ends_with(":1: unknown SDN_Type 'spaceship'"), "{error}");
}

#[test]
fn a_file_of_another_format_is_an_error() {
    for text in ["", "<?xml version=\"1.0\"?>\n<sdnList/>\n", "\u{1a}"] {
        let (_dir, path) = sdn_file(text);
        assert!(read(&path, &ReadOptions::default()).is_err(), "{text:?}");
        assert!(read(&path, &ReadOptions { skip_bad_rows: true }).is_err(), "{text:?}");
    }
    let (_dir, path) = sdn_file("\u{ff}\u{fe}");
    std::fs::write(&path, [0xff, 0xfe, b',', 0x80]).unwrap_or_else(|e| panic!("{e}"));
    assert!(read(&path, &ReadOptions::default()).is_err());
    assert!(read(Path::new("/nonexistent/sdn.csv"), &ReadOptions::default()).is_err());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(100))]
    /// Whatever a damaged file holds, the reader answers and never panics.
    #[test]
    fn a_damaged_file_never_panics(cut in 0usize..12_000, at in 0usize..12_000, byte in proptest::prelude::any::<u8>()) {
        let mut bytes = std::fs::read(excerpt()).unwrap_or_default();
        bytes.truncate(cut.max(1));
        let at = at % bytes.len().max(1);
        if let Some(b) = bytes.get_mut(at) {
            *b = byte;
        }
        let (_dir, path) = sdn_file("");
        std::fs::write(&path, &bytes).unwrap_or_else(|e| panic!("{e}"));
        let _ = read(&path, &ReadOptions { skip_bad_rows: true });
        let _ = read(&path, &ReadOptions::default());
    }
}

#[test]
fn the_real_sdn_trio_of_april_2021() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/real/ofac/sdn.csv");
    if !path.exists() {
        eprintln!("skipped: {} not there", path.display());
        return;
    }
    let batch = read(&path, &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(batch.listings.len(), 8890);
    let count = |labels: &[&str]| batch.listings.iter().filter(|l| l.labels == labels).count();
    assert_eq!(count(&["Person", "LegalEntity"]), 4566);
    assert_eq!(count(&["Organization", "LegalEntity"]), 3644);
    assert_eq!(count(&["Vessel"]), 403);
    assert_eq!(count(&["Airplane"]), 277);
    let dprk: Vec<_> =
        batch.listings.iter().filter(|l| l.designations.iter().any(|d| d.program.starts_with("DPRK"))).collect();
    assert_eq!(dprk.len(), 414);
    let dprk_of = |label: &str| dprk.iter().filter(|l| l.labels[0] == label).count();
    assert_eq!(
        [dprk_of("Organization"), dprk_of("Person"), dprk_of("Vessel"), dprk_of("Airplane")],
        [162, 130, 106, 16]
    );
    let linked = batch.listings.iter().flat_map(|l| &l.links).filter(|l| l.rel_type == "LINKED_TO").count();
    assert_eq!(linked, 3373);
    // 13,761 address rows: 2,403 of them are all nulls, the other 11,358 distinct.
    assert_eq!(batch.listings.iter().map(|l| l.addresses.len()).sum::<usize>(), 11358);
    let korea =
        batch.listings.iter().flat_map(|l| &l.addresses).filter(|a| a.country.as_deref() == Some("Korea, North"));
    assert_eq!(korea.count(), 212);
    // 11,742 alias rows, two of which repeat another row of the same party.
    let alt_names: usize = batch
        .listings
        .iter()
        .map(|l| {
            let first_last = usize::from(l.labels[0] == "Person" && l.strings("name")[0].contains(','));
            l.strings("aliases").len() - first_last + l.strings("previous_names").len()
        })
        .sum();
    assert_eq!(alt_names, 11740);
    assert!(batch.dangling.is_empty() && batch.skipped.is_empty());
}
