use super::*;

const PLAIN: &str = include_str!("../../tests/data/ftm-synthetic.json");
const DELTA: &str = include_str!("../../tests/data/ftm-delta-synthetic.json");

fn read_text(text: &str, skip_bad_rows: bool) -> Result<Batch, String> {
    read(text.as_bytes(), "x.json", &ReadOptions { skip_bad_rows })
}

fn ok(text: &str) -> Batch {
    read_text(text, false).unwrap_or_else(|e| panic!("{e}"))
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.to_string(),
        other => format!("{other:?}"),
    }
}

/// `(start, type, end)` of every link the batch gives apart.
fn edges(batch: &Batch) -> Vec<(String, &str, String)> {
    let end = |t: &Target| match t {
        Target::Id(id) | Target::Name(id) => id.clone(),
    };
    batch.links.iter().map(|(start, l)| (start.clone(), l.rel_type, end(&l.target))).collect()
}

#[test]
fn node_entities_become_listings_with_labels_and_properties() {
    let batch = ok(PLAIN);
    let ids: Vec<_> = batch.listings.iter().map(|l| l.source_id.as_str()).collect();
    assert_eq!(
        ids,
        ["NK-exPerson1", "NK-exOrg1", "addr-exPyongyang", "NK-exVessel1", "NK-exPassport1", "NK-exPerson2"]
    );
    let person = batch.listing("NK-exPerson1").unwrap();
    assert_eq!(person.labels, ["Person", "LegalEntity"]);
    assert_eq!(person.line, 1);
    assert_eq!(person.get("name"), Some(&Value::string("Kim Example-il")));
    assert_eq!(person.strings("aliases"), ["Gim Example Il", "Kim Ekzampl Il"]);
    assert_eq!(person.strings("weak_aliases"), ["Comrade Kim"]);
    assert_eq!(person.strings("birth_date"), ["1961-03-02"]);
    assert_eq!(person.strings("passport_numbers"), ["900000001"]);
    assert_eq!(person.get("gender"), Some(&Value::string("male")));
    assert_eq!(person.strings("referents"), ["ex-1", "ex-2"]);
    assert_eq!(person.strings("datasets"), ["example_sanctions"]);
    assert_eq!(person.get("target"), Some(&Value::Bool(true)));
    assert_eq!(person.get("schema"), Some(&Value::string("Person")));
    assert_eq!(person.get("first_seen"), Some(&Value::string("2023-01-02T10:00:00")));
    assert_eq!(person.addresses.iter().map(|a| a.full.as_str()).collect::<Vec<_>>(), ["Pyongyang, DPRK"]);
    assert!(person.get("nationality").is_none() && person.get("address").is_none());
    let company = batch.listing("NK-exOrg1").unwrap();
    assert_eq!(company.labels, ["Organization", "LegalEntity"]);
    assert_eq!(company.strings("previous_names"), ["Example Trading Company"]);
    assert_eq!(company.strings("swift_bic"), ["EXMPKPPY"]);
    assert_eq!(batch.listing("NK-exPassport1").unwrap().labels, ["Passport", "Identification"]);
}

#[test]
fn countries_become_relationships_by_what_they_mean() {
    let batch = ok(PLAIN);
    // Properties come in key order: `country` before `nationality`.
    let countries = |id| batch.listing(id).unwrap().countries.clone();
    let pairs = |list: &[(&'static str, &str)]| list.iter().map(|(r, c)| (*r, c.to_string())).collect::<Vec<_>>();
    assert_eq!(
        countries("NK-exPerson1"),
        pairs(&[("ASSOCIATED_WITH", "kp"), ("NATIONAL_OF", "kp")]),
        "nationality; country and birthCountry of a person"
    );
    assert_eq!(countries("NK-exOrg1"), pairs(&[("REGISTERED_IN", "cn"), ("REGISTERED_IN", "kp")]));
    assert_eq!(countries("addr-exPyongyang"), pairs(&[("LOCATED_IN", "kp")]));
    assert_eq!(countries("NK-exVessel1"), pairs(&[("FLAGGED_IN", "kp"), ("ASSOCIATED_WITH", "bz")]));
}

#[test]
fn references_on_nodes_become_links_of_the_listing() {
    let batch = ok(PLAIN);
    let links = |id| -> Vec<(&str, String, bool)> {
        let end = |t: &Target| match t {
            Target::Id(id) | Target::Name(id) => id.clone(),
        };
        batch.listing(id).unwrap().links.iter().map(|l| (l.rel_type, end(&l.target), l.incoming)).collect()
    };
    let person = links("NK-exPerson1");
    assert_eq!(
        person,
        [("HAS_ADDRESS", "addr-exPyongyang".into(), false), ("HAS_ADDRESS", "addr-missing".into(), false)]
    );
    let vessel = links("NK-exVessel1");
    assert_eq!(vessel, [("OPERATES", "NK-exOrg1".into(), true), ("OWNS", "NK-exOrg1".into(), true)]);
    assert_eq!(links("NK-exPassport1"), [("HAS_IDENTIFICATION", "NK-exPerson1".into(), true)]);
    assert_eq!(links("NK-exPerson2"), [("CHILD_OF", "Kim Example-il (NK-exPerson1)".into(), false)]);
    let v = batch.listing("NK-exVessel1").unwrap();
    let keys = ["imo_number", "mmsi", "vessel_type", "call_sign"].map(|k| v.get(k).map(text).unwrap_or_default());
    assert_eq!(keys, ["9000002", "440000001", "Oil tanker", "HMEX1"]);
}

#[test]
fn a_sanction_entity_becomes_a_designation_of_its_entity() {
    let batch = ok(PLAIN);
    assert_eq!(batch.designations.len(), 2);
    let (party, d) = &batch.designations[0];
    assert_eq!(party, "NK-exPerson1");
    assert_eq!((d.authority.as_str(), d.program.as_str()), ("Example Sanctions Authority", "EX-PRK"));
    assert_eq!(d.listed_on.map(|d| d.to_string()), Some("2016-03-02".into()));
    assert_eq!(d.reason.as_deref(), Some("Director of a designated company."));
    assert_eq!(d.source_id.as_deref(), Some("ex-sanction-1"));
    let props: Vec<_> = d.properties.iter().map(|(k, v)| format!("{k}={}", text(v))).collect();
    assert_eq!(props[0], "start_date=2016-03-02");
    assert!(props.contains(&"unsc_id=KPi.900".to_string()) && props.contains(&"last_seen=2024-05-30T06:00:00".into()));
    let provisions = d.properties.iter().find(|(k, _)| k == "provisions").map(|(_, v)| v);
    assert_eq!(provisions, Some(&Value::List(vec![Value::string("Asset freeze"), Value::string("Travel ban")])));
    // Without a program, the authority names it; listingDate is the date.
    let (party, d) = &batch.designations[1];
    assert_eq!((party.as_str(), d.program.as_str()), ("NK-exOrg1", "Example Sanctions Authority"));
    assert_eq!(d.listed_on.map(|d| d.to_string()), Some("2013-01-22".into()));
}

#[test]
fn edge_entities_become_links_one_per_pair_of_ends() {
    let batch = ok(PLAIN);
    let expected = [
        ("NK-exOrg1", "OWNS", "NK-exVessel1"),
        ("NK-exPerson1", "FAMILY_OF", "NK-exPerson2"),
        ("NK-exPerson2", "LINKED_TO", "NK-exOrg1"),
        ("NK-exPerson2", "LINKED_TO", "NK-exVessel1"),
    ];
    assert_eq!(edges(&batch), expected.map(|(s, r, e)| (s.to_string(), r, e.to_string())));
    let props =
        |i: usize| batch.links[i].1.properties.iter().map(|(k, v)| format!("{k}={}", text(v))).collect::<Vec<_>>();
    assert_eq!(props(0), ["source_id=ex-own-1", "percentage=100", "role=Registered owner"]);
    assert_eq!(props(1), ["source_id=ex-family-1", "relationship=brother"]);
    assert_eq!(batch.links[2].1.text.as_deref(), Some("Associate of"));
    assert!(batch.links.iter().all(|(_, l)| !l.incoming));
    // The Occupancy names no post: no link, and the summary says why.
    assert_eq!(batch.dangling, ["x.json:10: Occupancy ex-occupancy-1 has no post: no HOLDS relationship"]);
}

#[test]
fn plain_strings_stand_for_one_element_lists() {
    let batch = ok(PLAIN);
    let person = batch.listing("NK-exPerson2").unwrap();
    assert_eq!(person.get("name"), Some(&Value::string("Pak Example")));
    assert_eq!(person.get("caption"), Some(&Value::string("Pak Example")));
    assert_eq!(person.strings("birth_place"), ["Kaesong"]);
    assert_eq!(person.strings("referents"), ["ex-3"]);
    assert_eq!(person.countries, [("NATIONAL_OF", "kp".to_string())], "Person:nationality is nationality");
    assert_eq!(person.strings("active_years_start_year"), ["1990"]);
    assert_eq!(person.strings("relatives"), [r#"{"name":"Kim Example-il","relation":"brother"}"#]);
}

#[test]
fn delta_operations_apply_in_file_order() {
    let batch = ok(DELTA);
    let ids: Vec<_> = batch.listings.iter().map(|l| l.source_id.as_str()).collect();
    assert_eq!(ids, ["NK-exNew1", "NK-exOld1", "NK-exBack1"], "the DEL removed the earlier ADD of NK-exGone1");
    assert_eq!(batch.deleted, ["NK-exGone1", "NK-exStoreOnly1"], "NK-exBack1 came back after its DEL");
    let new = batch.listing("NK-exNew1").unwrap();
    assert_eq!((new.line, new.strings("aliases")), (7, vec!["Ri Ekzampl".to_string()]), "the MOD replaced the ADD");
    assert_eq!(new.get("gender"), Some(&Value::string("female")));
    assert_eq!(batch.designations.len(), 1);
    assert_eq!(batch.designations[0].0, "NK-exOld1");
    assert_eq!(batch.source.as_ref().map(|s| s.list.as_str()), Some("OpenSanctions"));
}

#[test]
fn malformed_lines_are_errors_or_skipped() {
    let good = r#"{"id": "a", "schema": "Person", "properties": {"name": ["A"]}}"#;
    let bad = [
        ("not json", "not JSON"),
        ("[1, 2]", "not a JSON object"),
        (r#"{"schema": "Person"}"#, "an entity without an \"id\""),
        (r#"{"id": "b"}"#, "entity b has no \"schema\""),
        (r#"{"id": "c", "schema": "Planet"}"#, "unknown or abstract schema \"Planet\""),
        (r#"{"id": "d", "schema": "Thing"}"#, "unknown or abstract schema \"Thing\""),
        (r#"{"op": "PUT", "entity": {"id": "e"}}"#, "unknown op \"PUT\""),
        (r#"{"op": "DEL"}"#, "without an \"entity\" object"),
        (r#"{"id": "f", "schema": "Person", "properties": []}"#, "\"properties\" is not an object"),
    ];
    for (line, reason) in bad {
        let text = format!("{good}\n{line}\n");
        let error = read_text(&text, false).err().unwrap_or_default();
        assert!(error.starts_with("x.json:2: ") && error.contains(reason), "{line}: {error}");
    }
    let all: Vec<&str> = bad.iter().map(|(line, _)| *line).collect();
    let batch = read_text(&format!("{good}\n\n{}\n", all.join("\n")), true).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((batch.listings.len(), batch.skipped.len()), (1, bad.len()));
    assert!(batch.skipped[0].starts_with("x.json:3: not JSON"));
    let not_utf8 = read(&b"\xff\xfe\n"[..], "x.json", &ReadOptions::default());
    assert_eq!(not_utf8.err(), Some("x.json:1: not UTF-8".into()));
}

#[test]
fn property_names_become_snake_case_keys() {
    let keys = ["weakAlias", "birthDate", "IMDB", "leiCode", "swiftBic", "Person:x", "ogrnCode", "a__b", "HTTPServer"];
    let snake = keys.map(|k| property_key(k, "Person"));
    assert_eq!(
        snake,
        ["weak_aliases", "birth_date", "imdb", "lei_code", "swift_bic", "person_x", "ogrn_code", "a_b", "http_server"]
    );
    assert_eq!(property_key("type", "Vessel"), "vessel_type");
    assert_eq!(property_key("grossRegisteredTonnage", "Vessel"), "gross_tonnage");
}

/// Reads a real file from `shared/`, or says why not.
fn real(name: &str) -> Option<Batch> {
    let path = format!("{}/../shared/data/real/ftm/{name}", env!("CARGO_MANIFEST_DIR"));
    let Ok(file) = std::fs::File::open(&path) else {
        eprintln!("skipped: {path} is not there");
        return None;
    };
    Some(read(std::io::BufReader::new(file), &path, &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}")))
}

fn schemata(batch: &Batch) -> Vec<(String, usize)> {
    let mut counts: IndexMap<String, usize> = IndexMap::new();
    for l in &batch.listings {
        *counts.entry(l.get("schema").map(text).unwrap_or_default()).or_default() += 1;
    }
    counts.sort_by(|a, x, b, y| y.cmp(x).then(a.cmp(b)));
    counts.into_iter().collect()
}

fn listing_links(batch: &Batch, rel: &str) -> usize {
    batch.listings.iter().flat_map(|l| &l.links).filter(|l| l.rel_type == rel).count()
}

#[test]
fn the_real_opensanctions_delta() {
    let Some(batch) = real("opensanctions-entities.delta-2024.json") else { return };
    let expected =
        [("Person", 451), ("Organization", 97), ("LegalEntity", 27), ("Address", 2), ("Company", 1), ("Passport", 1)];
    assert_eq!(schemata(&batch), expected.map(|(s, n)| (s.to_string(), n)));
    assert_eq!(batch.designations.len(), 547);
    assert_eq!(batch.deleted.len(), 571);
    let links = edges(&batch);
    assert_eq!(links.iter().filter(|l| l.1 == "LINKED_TO").count(), 2);
    assert_eq!(links.iter().filter(|l| l.1 == "OWNS").count(), 1);
    assert_eq!(links.len(), 3);
    assert_eq!(listing_links(&batch, "HAS_ADDRESS"), 837 + 620);
    assert_eq!(listing_links(&batch, "HAS_IDENTIFICATION"), 1);
    assert!(batch.skipped.is_empty() && batch.dangling.is_empty());
    assert!(batch.designations.iter().all(|(_, d)| !d.authority.is_empty() && !d.program.is_empty()));
}

#[test]
fn the_real_yente_sample() {
    let Some(batch) = real("yente-t1-entities.ftm.json") else { return };
    let expected = [("Person", 4), ("Organization", 2), ("Address", 1)];
    assert_eq!(schemata(&batch), expected.map(|(s, n)| (s.to_string(), n)));
    assert_eq!(listing_links(&batch, "HAS_ADDRESS"), 2);
    assert!(batch.designations.is_empty() && batch.links.is_empty() && batch.deleted.is_empty());
}

#[test]
fn the_real_saudi_peps_graph() {
    let Some(batch) = real("sa_wiki_peps_v2-entities.ftm.json") else { return };
    assert_eq!(schemata(&batch), [("Person".to_string(), 607), ("Position".to_string(), 100)]);
    let links = edges(&batch);
    assert_eq!((links.len(), links.iter().filter(|l| l.1 == "FAMILY_OF").count()), (756, 756));
    // Its 102 Occupancy entities name holders but no post.
    assert_eq!(batch.dangling.len(), 102);
    assert!(
        batch.dangling.iter().all(|d| d.contains("Occupancy") && d.ends_with("has no post: no HOLDS relationship"))
    );
    assert_eq!(listing_links(&batch, "CHILD_OF"), 2);
    assert!(batch.listings.iter().all(|l| matches!(l.get("name"), Some(Value::String(_)))));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    /// A damaged file (cut short, one byte changed) never panics the reader.
    #[test]
    fn damaged_files_never_panic(cut in 0..PLAIN.len(), at in 0..PLAIN.len(), byte: u8, skip: bool) {
        let mut bytes = PLAIN.as_bytes()[..cut].to_vec();
        if let Some(b) = bytes.get_mut(at) {
            *b = byte;
        }
        let _ = read(&bytes[..], "x.json", &ReadOptions { skip_bad_rows: skip });
    }
}
