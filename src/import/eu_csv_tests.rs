use super::*;

const SYNTHETIC: &str = include_str!("../../tests/data/eu-synthetic.csv");
const HEADER: &str =
    "celex,recordId,programKey,annex,measure,startDate,schema,name,alias,birthDate,nationality,imoNumber";

fn read_text(text: &str, skip_bad_rows: bool) -> Result<Batch, String> {
    read(text.as_bytes(), "eu.csv", &ReadOptions { skip_bad_rows })
}

fn synthetic() -> Batch {
    read_text(SYNTHETIC, false).unwrap_or_else(|e| panic!("{e}"))
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.to_string(),
        other => format!("{other:?}"),
    }
}

#[test]
fn a_vessel_listed_under_two_measures_is_one_listing_with_two_designations() {
    let batch = synthetic();
    assert_eq!(batch.listings.len(), 4);
    let vessel = batch.listing("9000002").unwrap();
    assert_eq!(vessel.labels, ["Vessel"]);
    assert_eq!(vessel.line, 5);
    let ids: Vec<_> = vessel.designations.iter().map(|d| d.source_id.clone().unwrap_or_default()).collect();
    assert_eq!(ids, ["XIV.A 1", "XIV.B 9"]);
    let measures: Vec<_> = vessel.designations.iter().map(|d| text(&d.properties[1].1)).collect();
    assert_eq!(measures, ["Asset freeze", "Transportation restrictions"]);
    assert_eq!(vessel.get("name"), Some(&Value::string("EXAMPLE WAVE 1")));
    assert_eq!(vessel.strings("aliases"), ["Example Wave 1"]);
    assert_eq!(vessel.get("imo_number"), Some(&Value::string("9000002")));
    assert_eq!(vessel.get("mmsi"), Some(&Value::string("440000001")));
    assert_eq!(vessel.strings("notes").len(), 2);
}

#[test]
fn a_vessel_without_record_id_is_known_by_its_imo_number() {
    let batch = synthetic();
    let vessel = batch.listing("9000001").unwrap();
    assert_eq!(vessel.designations.len(), 1);
    assert_eq!(vessel.designations[0].source_id.as_deref(), Some("9000001"));
    assert_eq!(vessel.designations[0].listed_on.map(|d| d.to_string()), Some("2016-03-02".into()));
}

#[test]
fn a_person_row_becomes_properties_countries_and_a_designation() {
    let batch = synthetic();
    let person = batch.listing("XIII.A 1").unwrap();
    assert_eq!(person.labels, ["Person", "LegalEntity"]);
    assert_eq!(person.line, 2);
    assert_eq!(person.strings("aliases"), ["Kim Ekzampl Il", "Gim Example Il"]);
    assert_eq!(person.strings("birth_date"), ["1961-03-02", "1962", "1963"]);
    assert_eq!(person.strings("birth_place"), ["Pyongyang, DPRK"]);
    assert_eq!(person.strings("passport_numbers"), ["900000001", "900000002 (expired 2019; diplomatic)"]);
    assert_eq!(person.get("gender"), Some(&Value::string("male")));
    assert_eq!(person.countries, [("NATIONAL_OF", "DPRK".to_string())]);
    assert_eq!(person.addresses.iter().map(|a| a.full.as_str()).collect::<Vec<_>>(), ["Pyongyang, DPRK"]);
    let d = &person.designations[0];
    assert_eq!((d.authority.as_str(), d.program.as_str()), ("European Union", "EU-PRK"));
    assert_eq!(d.listed_on.map(|d| d.to_string()), Some("2009-07-16".into()));
    assert!(d.reason.as_deref().is_some_and(|r| r.ends_with("imports for the programme.")));
    let keys: Vec<_> = d.properties.iter().map(|(k, v)| format!("{k}={}", text(v))).collect();
    assert_eq!(keys, ["annex=XIII.A", "measure=Asset freeze", "celex=32017R1509"]);
}

#[test]
fn an_entity_row_keeps_identifiers_and_quoted_addresses_whole() {
    let batch = synthetic();
    let entity = batch.listing("XIII.B 2").unwrap();
    assert_eq!(entity.labels, ["LegalEntity"]);
    assert_eq!(entity.strings("previous_names"), ["Example Trading Company"]);
    assert_eq!(entity.strings("registration_number"), ["1234567"]);
    assert_eq!(entity.strings("swift_bic"), ["EXMPKPPY"]);
    assert_eq!(entity.strings("phone").len(), 2);
    let addresses: Vec<_> = entity.addresses.iter().map(|a| a.full.as_str()).collect();
    assert_eq!(addresses, ["Central District, Pyongyang, DPRK; Building 1", "Sosong District, Pyongyang"]);
    assert!(entity.designations[0].reason.is_none());
    assert_eq!(batch.source.as_ref().map(|s| s.label()), Some("EU Official Journal 32017R1509".into()));
}

#[test]
fn cells_split_on_semicolons_outside_quotes() {
    assert_eq!(split_cell(r#"a; "b; c"; "say ""d"""; a;;"#), ["a", "b; c", r#"say "d""#]);
    assert_eq!(split_cell(r#""Rakwon-dong,"; Pyongyang"#), ["Rakwon-dong,", "Pyongyang"]);
    assert_eq!(split_cell(r#""unterminated; quote"#), ["unterminated; quote"]);
    assert!(split_cell("  ").is_empty());
}

#[test]
fn birth_dates_keep_the_precision_given() {
    assert_eq!(birth_dates("a) 1964 b) 28.8.1962"), ["1964", "1962-08-28"]);
    assert_eq!(birth_dates("15.4.1957, 22.2.1958"), ["1957-04-15", "1958-02-22"]);
    assert_eq!(birth_dates("1967-1969."), ["1967", "1969"]);
    assert_eq!(birth_dates("7.1964"), ["1964-07"]);
    assert_eq!(birth_dates("1964-07-17"), ["1964-07-17"]);
    assert_eq!(birth_dates("31.2.1960 or 1961"), ["1961"]);
    assert_eq!(birth_dates("unknown"), ["unknown"]);
}

#[test]
fn a_row_with_the_wrong_number_of_fields_is_an_error_or_skipped() {
    // A blank line before the row: the row is on line 3.
    let text = format!("{HEADER}\r\n\r\n32017R1509,1,EU-PRK,XIII.A,Asset freeze,1.1.2010,Person,A\r\n");
    assert_eq!(read_text(&text, false).err(), Some("eu.csv:3: 8 fields where the header has 12".into()));
    let batch = read_text(&text, true).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((batch.listings.len(), batch.skipped.len()), (0, 1));
}

#[test]
fn rows_without_schema_name_or_program_are_bad() {
    let bad = [
        ",1,EU-PRK,XIII.A,Asset freeze,,Planet,A,,,,",
        ",2,EU-PRK,XIII.A,Asset freeze,,Person,,,,,",
        ",3,,XIII.A,Asset freeze,,Person,C,,,,",
    ];
    let text = format!("{HEADER}\n{}\n,4,EU-PRK,XIII.A,Asset freeze,bad date,Person,D,,,,\n", bad.join("\n"));
    let batch = read_text(&text, true).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(batch.skipped, ["eu.csv:2: unknown schema \"Planet\"", "eu.csv:3: no name", "eu.csv:4: no programKey"]);
    let d = &batch.listings[0].designations[0];
    assert!(d.listed_on.is_none());
    assert!(d.properties.iter().any(|(k, v)| k == "start_date" && *v == Value::string("bad date")));
}

#[test]
fn a_file_that_is_not_the_table_is_an_error() {
    assert!(read_text("", false).is_err_and(|e| e.starts_with("eu.csv:1: empty")));
    let e = read_text("<?xml version=\"1.0\"?>\n<sdnList/>\n", false);
    assert!(e.is_err_and(|e| e.starts_with("eu.csv:1: not an EU sanctions table")));
    let twice = format!("{HEADER},name\n");
    let e = read_text(&twice, false);
    assert!(e.is_err_and(|e| e.starts_with("eu.csv:1: the header names the column \"name\" twice")));
    let open = format!("{HEADER}\n,1,EU-PRK,XIII.A,\"x,,Person,A,,,,\n,2,EU-PRK,XIII.A,y,,Person,B,,,,\n");
    assert_eq!(read_text(&open, true).err(), Some("eu.csv:2: a quoted field is never closed (a \" is missing)".into()));
    let not_utf8 = [HEADER.as_bytes(), b"\n,1,EU-PRK,XIII.A,x,,Person,\xff,,,,\n"].concat();
    let result = read(&not_utf8[..], "eu.csv", &ReadOptions::default());
    assert_eq!(result.err(), Some("eu.csv:2: not UTF-8".into()));
}

#[test]
fn the_real_table() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/real/eu/32017R1509.csv");
    let Ok(file) = std::fs::File::open(path) else {
        eprintln!("skipped: {path} is not there");
        return;
    };
    let batch = read(file, path, &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let count = |label: &str| batch.listings.iter().filter(|l| l.labels[0] == label).count();
    // 326 rows: Person 157, LegalEntity 94, Vessel 75 rows of 61 vessels.
    assert_eq!((count("Person"), count("LegalEntity"), count("Vessel")), (157, 94, 61));
    let designations: Vec<&Designation> = batch.listings.iter().flat_map(|l| &l.designations).collect();
    assert_eq!(designations.len(), 326);
    assert!(designations.iter().all(|d| d.program == "EU-PRK" && d.authority == "European Union"));
    let measure =
        |m: &str| designations.iter().filter(|d| d.properties.iter().any(|(_, v)| *v == Value::string(m))).count();
    assert_eq!((measure("Asset freeze"), measure("Transportation restrictions")), (290, 36));
    let vessels = batch.listings.iter().filter(|l| l.labels == ["Vessel"]);
    assert!(vessels.clone().all(|v| v.get("imo_number") == Some(&Value::string(&v.source_id))));
    assert_eq!(vessels.map(|v| v.designations.len()).sum::<usize>(), 75);
    let first = batch.listing("XIII.A 1").unwrap();
    assert_eq!(first.get("name"), Some(&Value::string("Yun Ho-jin")));
    assert_eq!(first.strings("birth_date"), ["1944-10-13"]);
    assert_eq!(batch.listing("8712362").unwrap().designations.len(), 2);
    assert_eq!(batch.source.map(|s| s.list), Some("EU Official Journal 32017R1509".into()));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    /// A damaged table (cut short, one byte changed) never panics the reader.
    #[test]
    fn damaged_tables_never_panic(cut in 0..SYNTHETIC.len(), at in 0..SYNTHETIC.len(), byte: u8, skip: bool) {
        let mut bytes = SYNTHETIC.as_bytes()[..cut].to_vec();
        if let Some(b) = bytes.get_mut(at) {
            *b = byte;
        }
        let _ = read(&bytes[..], "eu.csv", &ReadOptions { skip_bad_rows: skip });
    }
}
