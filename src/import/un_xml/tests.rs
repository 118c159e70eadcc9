use super::links::REFERENCE;
use super::*;
use crate::import::listing::{Address, Link, Listing, Target};
use crate::value::Value;
use rustc_hash::FxHashSet;

fn excerpt(name: &str) -> Batch {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    read(text.as_bytes(), name, &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// The whole real file, or `None` (with a note) when it is not there.
fn real(name: &str) -> Option<Batch> {
    let path = format!("{}/../shared/data/real/un/{name}", env!("CARGO_MANIFEST_DIR"));
    let Ok(file) = std::fs::File::open(&path) else {
        eprintln!("skipped: {path} is not there");
        return None;
    };
    Some(read(std::io::BufReader::new(file), name, &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}")))
}

fn targets(listing: &Listing) -> Vec<&str> {
    listing
        .links
        .iter()
        .map(|l| match &l.target {
            Target::Id(id) | Target::Name(id) => id.as_str(),
        })
        .collect()
}

fn matched(link: &Link) -> &str {
    match link.properties.first() {
        Some((_, Value::String(s))) => s,
        _ => "",
    }
}

fn count(batch: &Batch, label: &str, prefix: &str) -> usize {
    batch.listings.iter().filter(|l| l.labels[0] == label && l.source_id.starts_with(prefix)).count()
}

/// Links found by reference number and by name.
fn link_counts(batch: &Batch) -> (usize, usize) {
    let links: Vec<&Link> = batch.listings.iter().flat_map(|l| &l.links).collect();
    let by_number =
        links.iter().filter(|l| REFERENCE.find(matched(l)).is_some_and(|m| m.len() == matched(l).len())).count();
    (by_number, links.len() - by_number)
}

#[test]
fn the_2017_excerpt_gives_its_records_in_order() {
    let batch = excerpt("un-2017-excerpt.xml");
    let source = batch.source.as_ref().map(|s| s.label());
    assert_eq!(source.as_deref(), Some("UN SC consolidated list 2017-07-03"));
    let ids: Vec<(&str, &str, u64)> =
        batch.listings.iter().map(|l| (l.source_id.as_str(), l.labels[0], l.line)).collect();
    assert_eq!(
        ids,
        [
            ("KPi.033", "Person", 3),
            ("QDi.317", "Person", 6),
            ("QDi.217", "Person", 10),
            ("SDi.001", "Person", 11),
            ("QDi.395", "Person", 13),
            ("QDe.133", "Organization", 16),
            ("KPe.001", "Organization", 19),
            ("KPe.002", "Organization", 21),
        ]
    );
    assert!(batch.listings.iter().all(|l| l.labels[1] == "LegalEntity" && l.labels.len() == 2));
}

#[test]
fn an_individual_with_a_date_of_birth_and_a_passport() {
    let batch = excerpt("un-2017-excerpt.xml");
    let ri = batch.listing("KPi.033").unwrap();
    // " RI " and "WON HO": trimmed and joined by one space.
    assert_eq!(ri.strings("name"), ["RI WON HO"]);
    assert_eq!(ri.strings("birth_date"), ["1964-07-17"]);
    assert_eq!(ri.strings("passport_numbers"), ["381310014"]);
    assert_eq!(ri.strings("position"), ["DPRK Ministry of State Security Official"]);
    assert_eq!(ri.countries, [("NATIONAL_OF", "Democratic People's Republic of Korea".to_string())]);
    assert!(ri.addresses.is_empty(), "an address with only an empty COUNTRY is no address");
    assert_eq!(ri.get("aliases").map(|_| ()), None, "the empty alias is skipped");
    let [designation] = ri.designations.as_slice() else { panic!("one designation") };
    assert_eq!(designation.authority, "United Nations Security Council");
    assert_eq!(designation.program, "DPRK");
    assert_eq!(designation.listed_on.map(|d| d.to_string()).as_deref(), Some("2016-11-30"));
    assert_eq!(designation.source_id.as_deref(), Some("KPi.033"));
    let reason = "Ri Won Ho is a DPRK Ministry of State Security Official stationed in Syria supporting KOMID.";
    assert_eq!(designation.reason.as_deref(), Some(reason));
    assert_eq!(ri.strings("notes"), [reason]);
}

#[test]
fn birth_dates_at_the_precision_given() {
    let batch = excerpt("un-2017-excerpt.xml");
    assert_eq!(batch.listing("QDi.317").unwrap().strings("birth_date"), ["1975", "1976", "1977", "1978", "1979"]);
    assert_eq!(batch.listing("QDi.395").unwrap().strings("birth_date"), ["1958"]);
    let batch = excerpt("un-2024-excerpt.xml");
    assert_eq!(batch.listing("KPi.066").unwrap().strings("birth_date"), ["1967", "1968", "1969"]);
    assert_eq!(batch.listing("KPi.023").unwrap().strings("birth_date"), ["1964"]);
    assert_eq!(batch.listing("KPi.064").unwrap().strings("birth_date"), ["1978-07-25"]);
}

#[test]
fn wide_year_ranges_keep_their_ends_and_dates_drop_their_zone() {
    let xml = r#"<CONSOLIDATED_LIST dateGenerated="2017-07-03T20:27:45.483-04:00"><INDIVIDUALS>
<INDIVIDUAL><FIRST_NAME>A</FIRST_NAME><UN_LIST_TYPE>Iraq</UN_LIST_TYPE><REFERENCE_NUMBER>IQi.001</REFERENCE_NUMBER>
<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1930</FROM_YEAR><TO_YEAR>1960</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>
<INDIVIDUAL_DATE_OF_BIRTH><DATE>1964-07-17-04:00</DATE></INDIVIDUAL_DATE_OF_BIRTH>
<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><NOTE>Approximately</NOTE></INDIVIDUAL_DATE_OF_BIRTH>
</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>"#;
    let batch = read(xml.as_bytes(), "t.xml", &ReadOptions::default()).unwrap();
    assert_eq!(batch.listings[0].strings("birth_date"), ["1930", "1960", "1964-07-17"]);
}

#[test]
fn aliases_by_quality() {
    let batch = excerpt("un-2024-excerpt.xml");
    let choe = batch.listing("KPi.064").unwrap();
    assert_eq!(choe.strings("name"), ["CH'OE SO’K MIN"]);
    // A Low alias wrapped over two lines in the file.
    assert_eq!(choe.strings("weak_aliases"), ["Choe Sok Min"]);
    assert_eq!(choe.strings("gender"), ["male"]);
    assert_eq!(choe.strings("position"), ["Former overseas Foreign Trade Bank representative"]);
    let mid = batch.listing("KPe.028").unwrap();
    assert_eq!(mid.strings("aliases"), ["Military Supplies Industry Department", "MID"]);
    assert_eq!(mid.strings("previous_names"), ["MACHINE INDUSTRY DEPARTMENT"]);
    assert!(mid.strings("notes")[0].contains("weapons production and R&D programs"), "&amp; is decoded");
    let taliban = excerpt("un-2017-excerpt.xml");
    assert_eq!(
        taliban.listing("KPe.001").unwrap().strings("aliases").last().map(String::as_str),
        Some("KOMID"),
        "the quotes of \"KOMID\" go"
    );
}

#[test]
fn addresses_documents_and_places() {
    let batch = excerpt("un-2024-excerpt.xml");
    let sudan = batch.listing("SDi.001").unwrap();
    assert_eq!(
        sudan.addresses,
        [Address {
            full: "El Waha, Omdurman, Sudan".into(),
            city: Some("Omdurman".into()),
            country: Some("Sudan".into())
        }]
    );
    assert_eq!(sudan.strings("id_numbers"), ["4302"]);
    assert_eq!(sudan.strings("passport_numbers"), Vec::<&str>::new());
    assert!(sudan.countries.is_empty(), "nationality `na` is no country");
    let qde = excerpt("un-2017-excerpt.xml").listing("QDe.133").unwrap().clone();
    assert_eq!(qde.addresses.len(), 1);
    assert!(qde.addresses[0].full.ends_with("Indonesia, Telephone: 0271-2167285, Email: info@ansharuttauhid.com"));
    let kim = batch.listing("KPi.066").unwrap();
    assert_eq!(kim.addresses[0].full, "Democratic People's Republic of Korea");
    assert_eq!(kim.addresses[0].city, None);
    let un_2024 = excerpt("un-2024-excerpt.xml");
    let ku = un_2024.listing("KPi.023").unwrap();
    assert_eq!(ku.strings("passport_numbers"), ["290320764"]);
}

#[test]
fn reference_numbers_link_both_ways_and_missing_ones_are_reported() {
    let batch = excerpt("un-2024-excerpt.xml");
    let qdi = batch.listing("QDi.217").unwrap();
    assert_eq!(targets(qdi), ["QDe.133"]);
    let link = &qdi.links[0];
    assert_eq!((link.rel_type, link.incoming, matched(link)), ("LINKED_TO", false, "QDe.133"));
    assert!(link.text.as_deref().is_some_and(|t| t.contains("(QDe.133)") && t.len() < 300), "{:?}", link.text);
    assert_eq!(targets(batch.listing("QDe.133").unwrap()), ["QDi.217"]);
    let missing: Vec<&str> = batch.dangling.iter().map(|d| d.as_str()).collect();
    assert_eq!(
        missing,
        [
            "un-2024-excerpt.xml:266: QDe.133 mentions QDe.115, which is not in the file",
            "un-2024-excerpt.xml:266: QDe.133 mentions QDe.092, which is not in the file",
        ]
    );
}

#[test]
fn dprk_listings_link_to_the_entities_their_words_name() {
    let batch = excerpt("un-2024-excerpt.xml");
    let kim = batch.listing("KPi.023").unwrap();
    assert_eq!(targets(kim), ["KPe.003"]);
    assert_eq!(matched(&kim.links[0]), "TANCHON COMMERCIAL BANK");
    let text = kim.links[0].text.as_deref().unwrap_or("");
    assert_eq!(
        text,
        "Kim Tong My’ong is the President of Tanchon Commercial Bank and has held various positions within Tanchon Commercial bank since at least 2002."
    );
    assert_eq!(targets(batch.listing("KPi.066").unwrap()), ["KPe.028"]);
    let choe = batch.listing("KPi.064").unwrap();
    assert_eq!(targets(choe), ["KPe.031"]);
    let text = choe.links[0].text.as_deref().unwrap_or("");
    assert!(text.starts_with('…') && text.contains("Reconnaissance General Bureau operatives"), "{text}");
    // The MID's comments name two entities missing from the excerpt, and not itself.
    assert!(batch.listing("KPe.028").unwrap().links.is_empty());
    // Not DPRK: names are not looked for.
    assert!(batch.listing("SDi.001").unwrap().links.is_empty());
    let old = excerpt("un-2017-excerpt.xml");
    let ri = old.listing("KPi.033").unwrap();
    assert_eq!((targets(ri), matched(&ri.links[0])), (vec!["KPe.001"], "KOMID"));
}

#[test]
fn a_name_ending_in_its_acronym_is_looked_for_in_three_forms() {
    assert_eq!(links::forms("DAEDONG CREDIT BANK (DCB)"), ["DAEDONG CREDIT BANK (DCB)", "DAEDONG CREDIT BANK", "DCB"]);
    assert_eq!(links::forms("SECOND ACADEMY OF NATURAL SCIENCES (KPE.018)").len(), 1);
    assert_eq!(links::forms("LEADER (HONG KONG) INTERNATIONAL").len(), 1);
}

const ONE_INDIVIDUAL: &str = "<CONSOLIDATED_LIST dateGenerated='2024-09-26T00:00:07.514Z'>\n<INDIVIDUALS>\n";

fn with_records(records: &str) -> String {
    format!("{ONE_INDIVIDUAL}{records}</INDIVIDUALS>\n</CONSOLIDATED_LIST>\n")
}

const GOOD: &str = "<INDIVIDUAL><FIRST_NAME>KIM</FIRST_NAME><UN_LIST_TYPE>DPRK</UN_LIST_TYPE><REFERENCE_NUMBER>KPi.001</REFERENCE_NUMBER></INDIVIDUAL>\n";

#[test]
fn a_record_without_reference_number_or_name_is_malformed() {
    let no_reference = "<INDIVIDUAL>\n<FIRST_NAME>KIM</FIRST_NAME><UN_LIST_TYPE>DPRK</UN_LIST_TYPE></INDIVIDUAL>\n";
    let no_name = "<ENTITY><FIRST_NAME> </FIRST_NAME><UN_LIST_TYPE>DPRK</UN_LIST_TYPE><REFERENCE_NUMBER>KPe.9</REFERENCE_NUMBER></ENTITY>\n";
    let text = with_records(&format!("{GOOD}{no_reference}{no_name}{GOOD}"));
    let err = read(text.as_bytes(), "un.xml", &ReadOptions::default()).unwrap_err();
    assert_eq!(err, "un.xml:4: the INDIVIDUAL has no REFERENCE_NUMBER");
    let skip = ReadOptions { skip_bad_rows: true };
    let batch = read(text.as_bytes(), "un.xml", &skip).unwrap();
    assert_eq!(batch.listings.len(), 1);
    assert_eq!(
        batch.skipped,
        [
            "un.xml:4: the INDIVIDUAL has no REFERENCE_NUMBER",
            "un.xml:6: the ENTITY KPe.9 has no name",
            "un.xml:7: the INDIVIDUAL KPi.001 repeats the REFERENCE_NUMBER of line 3",
        ]
    );
}

#[test]
fn what_is_not_a_whole_consolidated_list_is_an_error() {
    let fails = |text: &str| read(text.as_bytes(), "f", &ReadOptions::default()).unwrap_err();
    assert_eq!(fails(""), "f:1: not a UN consolidated list: no <CONSOLIDATED_LIST> element");
    assert!(fails("ent_num,name\n1,KIM\n").starts_with("f:1: not a UN consolidated list"));
    assert!(fails("<sdnList>\n</sdnList>").contains("the root element is <sdnList>"));
    assert!(
        fails(&with_records(GOOD).replace("</INDIVIDUALS>", "</ENTITIES>")).starts_with("f:4: not well-formed XML")
    );
    let whole = with_records(GOOD);
    let truncated = whole.replace("</CONSOLIDATED_LIST>\n", "");
    assert_eq!(fails(&truncated), "f:5: the file ends before </CONSOLIDATED_LIST> (truncated?)");
    assert!(fails(&whole[..whole.len() - 5]).starts_with("f:5: not well-formed XML"));
    assert!(fails(&format!("{whole}{whole}")).contains("a second root element"));
}

#[test]
fn no_cut_of_a_real_excerpt_reads_as_a_list() {
    let path = format!("{}/tests/data/un-2017-excerpt.xml", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(path).unwrap();
    let end = bytes.len() - "</CONSOLIDATED_LIST>".len();
    for cut in (0..end).step_by(37) {
        assert!(read(&bytes[..cut], "f", &ReadOptions::default()).is_err(), "cut at {cut}");
    }
}

/// Mentions of other listings' reference numbers in `COMMENTS1`, and the
/// distinct pairs of listings of the file they join (as the README counts).
fn comment_mentions(batch: &Batch) -> (usize, usize) {
    let known: FxHashSet<&str> = batch.listings.iter().map(|l| l.source_id.as_str()).collect();
    let mut mentions = 0;
    let mut pairs = FxHashSet::default();
    for l in &batch.listings {
        let comments = l.designations[0].reason.as_deref().unwrap_or("");
        for target in REFERENCE.find_iter(comments).map(|m| m.as_str()).filter(|t| *t != l.source_id) {
            mentions += 1;
            if known.contains(target) {
                pairs.insert(if l.source_id.as_str() < target {
                    (l.source_id.as_str(), target)
                } else {
                    (target, l.source_id.as_str())
                });
            }
        }
    }
    (mentions, pairs.len())
}

/// Aliases of every quality, leaving out the names in original script.
fn alias_count(batch: &Batch) -> usize {
    let aliases = |l: &Listing| {
        let script = l.strings("original_script_name");
        let all = ["aliases", "weak_aliases", "previous_names"].into_iter().flat_map(|k| l.strings(k));
        all.filter(|a| !script.contains(a)).count()
    };
    batch.listings.iter().map(aliases).sum()
}

#[test]
fn the_whole_2024_list() {
    let Some(batch) = real("consolidated-2024-09-26.xml") else { return };
    assert_eq!(batch.source.as_ref().and_then(|s| s.version).map(|d| d.to_string()).as_deref(), Some("2024-09-26"));
    assert_eq!((count(&batch, "Person", ""), count(&batch, "Organization", "")), (682, 193));
    assert_eq!((count(&batch, "Person", "KPi."), count(&batch, "Organization", "KPe.")), (80, 75));
    assert_eq!(batch.listings.iter().filter(|l| l.designations[0].program == "DPRK").count(), 155);
    let korean = |l: &&Listing| l.countries.iter().any(|(_, c)| c == "Democratic People's Republic of Korea");
    assert_eq!(batch.listings.iter().filter(|l| l.source_id.starts_with("KPi.")).filter(korean).count(), 79);
    assert!(batch.skipped.is_empty());
    // The README's 2,719 counts the 10 aliases a record repeats twice.
    assert_eq!(alias_count(&batch), 2709);
    assert_eq!(batch.listing("KPi.064").unwrap().line, 29575);
    assert_eq!(comment_mentions(&batch), (521, 457));
    // Comments and designations; 4 mentions name listings not in the file.
    assert_eq!(link_counts(&batch), (511, 118));
    assert_eq!(batch.dangling.len(), 4);
}

#[test]
fn the_whole_2017_list() {
    let Some(batch) = real("consolidated-2017-07-03.xml") else { return };
    assert_eq!(batch.source.as_ref().and_then(|s| s.version).map(|d| d.to_string()).as_deref(), Some("2017-07-03"));
    assert_eq!((count(&batch, "Person", ""), count(&batch, "Organization", "")), (650, 371));
    assert_eq!((count(&batch, "Person", "KPi."), count(&batch, "Organization", "KPe.")), (53, 46));
    assert_eq!(batch.listings.iter().filter(|l| l.designations[0].program == "DPRK").count(), 99);
    assert_eq!(batch.listing("KPi.034").unwrap().strings("name"), ["JO YONG CHOL"], "from \"KPi.034 \"");
    assert_eq!(alias_count(&batch), 2501);
    assert_eq!(batch.listing("QDi.217").unwrap().line, 521);
    assert_eq!(comment_mentions(&batch), (456, 389));
    assert_eq!(link_counts(&batch), (445, 82));
    assert_eq!(batch.dangling.len(), 8);
}

#[test]
fn a_byte_order_mark_is_no_text_outside_the_root() {
    let text = format!("\u{feff}{}", with_records(GOOD));
    let batch = read(text.as_bytes(), "f", &ReadOptions::default()).unwrap();
    assert_eq!(batch.listings.len(), 1);
}
