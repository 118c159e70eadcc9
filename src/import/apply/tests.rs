use super::*;
use crate::import::listing::Address;
use crate::import::listing::{Designation, Link, Target};

fn source(version: &str) -> Source {
    Source { list: "Test list".into(), version: Date::parse_iso(version) }
}

fn party(id: &str, name: &str, program: &str) -> Listing {
    let mut l = Listing { source_id: id.into(), labels: vec!["Person", "LegalEntity"], ..Listing::default() };
    l.set_text("name", name);
    l.designations.push(Designation {
        authority: "Test authority".into(),
        program: program.into(),
        source_id: Some(id.into()),
        ..Designation::default()
    });
    l
}

fn batch(listings: Vec<Listing>) -> Batch {
    Batch { listings, ..Batch::default() }
}

fn text_of(g: &mut Graph, node: NodeId, key: &str) -> Option<String> {
    let key = g.keys.intern(key);
    match g.node_property(node, key) {
        Some(Value::String(s)) => Some(s.to_string()),
        Some(Value::Date(d)) => Some(d.to_string()),
        _ => None,
    }
}

fn find(g: &mut Graph, id: &str) -> NodeId {
    let key = g.keys.intern("source_id");
    g.node_ids().find(|n| matches!(g.node_property(*n, key), Some(Value::String(s)) if &*s == id)).expect("node")
}

fn rels_of_type(g: &Graph, t: &str) -> Vec<RelId> {
    let Some(t) = g.types.get(t) else { return Vec::new() };
    g.rel_ids().filter(|r| g.rel_type(*r) == Some(t)).collect()
}

fn rel_date(g: &mut Graph, rel: RelId, key: &str) -> String {
    let key = g.keys.intern(key);
    g.rel_property(rel, key).map(|v| format!("{v:?}")).unwrap_or_default()
}

#[test]
fn a_newer_version_updates_records_in_place_and_widens_their_dates() {
    let mut g = Graph::new();
    Writer::new(&mut g)
        .apply(batch(vec![party("A1", "Kim Il", "P"), party("A2", "Ri Su", "P")]), &source("2017-07-03"));
    let a1 = find(&mut g, "A1");
    let mut changed = party("A1", "Kim Il Sung", "P");
    changed.set_text("gender", "male");
    let mut writer = Writer::new(&mut g);
    writer.apply(batch(vec![changed, party("A3", "Pak Chol", "P")]), &source("2024-09-26"));
    assert_eq!((writer.report.updated, writer.report.nodes_created), (1, 1));
    assert_eq!(find(&mut g, "A1"), a1, "the record keeps its node");
    assert_eq!(text_of(&mut g, a1, "name").as_deref(), Some("Kim Il Sung"));
    assert_eq!(text_of(&mut g, a1, "first_seen").as_deref(), Some("2017-07-03"));
    assert_eq!(text_of(&mut g, a1, "last_seen").as_deref(), Some("2024-09-26"));
    assert_eq!(text_of(&mut g, a1, "source").as_deref(), Some("Test list 2024-09-26"));
    let a2 = find(&mut g, "A2");
    assert_eq!(text_of(&mut g, a2, "last_seen").as_deref(), Some("2017-07-03"), "gone from the newer version");
    let targets = rels_of_type(&g, "TARGETS");
    assert_eq!(targets.len(), 3, "one designation each, none doubled");
    let sanctions = g.labels.get("Sanction").map_or(0, |l| g.label_count(l));
    assert_eq!(sanctions, 1);
    // An older version once more changes nothing that is newer.
    Writer::new(&mut g).apply(batch(vec![party("A1", "Kim Il", "P")]), &source("2017-07-03"));
    assert_eq!(text_of(&mut g, a1, "name").as_deref(), Some("Kim Il Sung"));
    assert_eq!(rels_of_type(&g, "TARGETS").len(), 3);
    let t = rels_of_type(&g, "TARGETS")[0];
    assert!(rel_date(&mut g, t, "first_seen").contains("2017"), "{}", rel_date(&mut g, t, "first_seen"));
}

#[test]
fn countries_resolve_to_one_node_and_unknown_ones_stay_as_text() {
    let mut g = Graph::new();
    let mut a = party("A1", "Kim", "P");
    a.countries = vec![("NATIONAL_OF", "Korea, North".into()), ("NATIONAL_OF", "Atlantis".into())];
    let mut b = party("A2", "Ri", "P");
    b.countries = vec![("NATIONAL_OF", "Democratic People's Republic of Korea".into())];
    b.addresses =
        vec![Address { full: "Pyongyang, DPRK".into(), city: Some("Pyongyang".into()), country: Some("kp".into()) }];
    let mut writer = Writer::new(&mut g);
    writer.apply(batch(vec![a, b]), &source("2024-01-01"));
    assert_eq!(writer.report.unknown_countries.get("Atlantis"), Some(&1));
    let country = g.labels.get("Country").expect("label");
    assert_eq!(g.label_count(country), 1, "one North Korea");
    assert_eq!(rels_of_type(&g, "NATIONAL_OF").len(), 2);
    assert_eq!(rels_of_type(&g, "LOCATED_IN").len(), 1);
    let a1 = find(&mut g, "A1");
    let nationality = g.keys.intern("nationality");
    assert_eq!(g.node_property(a1, nationality), Some(Value::List(vec![Value::string("Atlantis")])));
    // The same list again, in a new writer: its address is found, not made twice.
    let mut b = party("A2", "Ri", "P");
    b.addresses = vec![Address { full: "Pyongyang, DPRK".into(), city: None, country: Some("kp".into()) }];
    Writer::new(&mut g).apply(batch(vec![b]), &source("2024-02-01"));
    let address = g.labels.get("Address").expect("label");
    assert_eq!(g.label_count(address), 1);
    assert_eq!(rels_of_type(&g, "HAS_ADDRESS").len(), 1);
}

#[test]
fn links_by_name_resolve_once_and_unknown_names_are_counted() {
    let mut g = Graph::new();
    let mut vessel = party("V1", "CHON MA SAN", "P");
    vessel.labels = vec!["Vessel"];
    let link = |target: Target, incoming| Link { rel_type: "OWNS", target, text: None, incoming, properties: vec![] };
    vessel.links = vec![
        link(Target::Name("korea  achim shipping co.".into()), true),
        link(Target::Name("KOREA ACHIM SHIPPING CO".into()), true),
        link(Target::Name("Nobody Ltd".into()), true),
    ];
    let mut writer = Writer::new(&mut g);
    writer.apply(batch(vec![vessel, party("O1", "Korea Achim Shipping Co.", "P")]), &source("2021-04-25"));
    assert_eq!(writer.report.resolved.get("OWNS"), Some(&1));
    assert_eq!(writer.report.unresolved.len(), 1, "{:?}", writer.report.unresolved);
    let owns = rels_of_type(&g, "OWNS");
    assert_eq!(owns.len(), 1);
    assert_eq!(g.rel_ends(owns[0]), Some((find(&mut g, "O1"), find(&mut g, "V1"))));
}

#[test]
fn a_delta_deletes_records_and_replaces_edges() {
    let mut g = Graph::new();
    let edge = |role: &str| {
        let properties =
            vec![("source_id".to_string(), Value::string("E1")), ("role".to_string(), Value::string(role))];
        Link { rel_type: "FAMILY_OF", target: Target::Id("B".into()), text: None, incoming: false, properties }
    };
    let mut first = batch(vec![party("A", "Abdullah", "P"), party("B", "Faisal", "P"), party("C", "Other", "P")]);
    first.links = vec![("A".into(), edge("brother"))];
    first.designations = vec![("Z".into(), Designation::default())];
    let mut writer = Writer::new(&mut g);
    writer.apply(first, &Source { list: "OpenSanctions".into(), version: None });
    assert_eq!(writer.report.dangling.len(), 1, "a sanction of an entity not in the file");
    let mut second = batch(Vec::new());
    second.links = vec![("A".into(), edge("half-brother"))];
    second.deleted = vec!["C".into()];
    let mut writer = Writer::new(&mut g);
    writer.apply(second, &Source { list: "OpenSanctions".into(), version: None });
    assert_eq!(writer.report.deleted, 1);
    let family = rels_of_type(&g, "FAMILY_OF");
    assert_eq!(family.len(), 1, "the edge entity's new version replaces the old");
    let role = g.keys.intern("role");
    assert_eq!(g.rel_property(family[0], role), Some(Value::string("half-brother")));
    let person = g.labels.get("Person").expect("label");
    assert_eq!(g.label_count(person), 2);
}

#[test]
fn a_failed_import_rolls_back_whole() {
    let mut g = Graph::new();
    let before = g.canonical();
    Writer::new(&mut g).apply(batch(vec![party("A1", "Kim", "P")]), &source("2024-01-01"));
    assert_ne!(g.canonical(), before);
    g.rollback();
    assert_eq!(g.canonical(), before);
}

#[test]
fn an_older_ftm_export_leaves_newer_records_alone() {
    let mut g = Graph::new();
    let ftm = Source { list: "OpenSanctions".into(), version: None };
    let record = |name: &str, last: &str| {
        let mut l = party("P1", name, "P");
        l.set_text("last_seen", last);
        batch(vec![l])
    };
    Writer::new(&mut g).apply(record("Kim New Name", "2024-06-01T00:00:00"), &ftm);
    let mut writer = Writer::new(&mut g);
    writer.apply(record("Kim Old Name", "2020-01-01T00:00:00"), &ftm);
    assert_eq!(writer.report.updated, 0);
    let p1 = find(&mut g, "P1");
    assert_eq!(text_of(&mut g, p1, "name").as_deref(), Some("Kim New Name"));
    assert_eq!(text_of(&mut g, p1, "last_seen").as_deref(), Some("2024-06-01"));
    Writer::new(&mut g).apply(record("Kim Newest Name", "2025-01-01T00:00:00"), &ftm);
    assert_eq!(text_of(&mut g, p1, "name").as_deref(), Some("Kim Newest Name"));
}
