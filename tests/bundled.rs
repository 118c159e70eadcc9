//! The bundled sanctions graph answers the questions its article answers.

use embargo::{Database, Params, Value};

fn ask(query: &str) -> Vec<Vec<Value>> {
    let mut db = Database::bundled().expect("the bundled graph loads");
    db.execute(query, &Params::new()).unwrap_or_else(|e| panic!("{query}: {e}")).rows
}

/// The first column of every row, as text.
fn names(query: &str) -> Vec<String> {
    ask(query)
        .into_iter()
        .map(|row| match row.first() {
            Some(Value::String(s)) => s.to_string(),
            other => panic!("expected a string, got {other:?}"),
        })
        .collect()
}

#[test]
fn the_military_violators_are_the_seven_named() {
    let countries = names(
        "MATCH (c:Country)-[v:VIOLATED]->(:Sanction) WHERE v.category = 'military' \
         RETURN c.name AS country ORDER BY country",
    );
    assert_eq!(countries, ["Angola", "Cuba", "Iran", "Myanmar", "Sri Lanka", "Syria", "Uganda"]);
}

#[test]
fn the_non_military_violators_include_the_european_ones() {
    let countries =
        names("MATCH (c:Country)-[:VIOLATED {category: 'non_military'}]->(:Sanction) RETURN c.name ORDER BY c.name");
    assert_eq!(countries, ["Bulgaria", "Germany", "Poland", "Romania", "Russia"]);
}

#[test]
fn india_and_china_imported_from_north_korea() {
    let countries =
        names("MATCH (c:Country)-[:IMPORTED_FROM]->(:Country {name: 'North Korea'}) RETURN c.name ORDER BY c.name");
    assert_eq!(countries, ["China", "India"]);
}

#[test]
fn leaders_lead_their_countries() {
    let rows = ask("MATCH (p:Person)-[:LEADS]->(c:Country) RETURN p.name, c.name ORDER BY p.name");
    let pairs: Vec<(String, String)> = rows
        .into_iter()
        .map(|r| match (&r[0], &r[1]) {
            (Value::String(p), Value::String(c)) => (p.to_string(), c.to_string()),
            other => panic!("unexpected row {other:?}"),
        })
        .collect();
    assert_eq!(
        pairs,
        [
            ("Donald Trump".to_string(), "United States".to_string()),
            ("Kim Jong Un".to_string(), "North Korea".to_string())
        ]
    );
}

#[test]
fn the_institute_published_the_report() {
    let publishers =
        names("MATCH (o:Organization)-[:PUBLISHED]->(r:Report)-[:REPORTED]->(:Country) RETURN DISTINCT o.name");
    assert_eq!(publishers, ["Institute for Science and International Security"]);
}

#[test]
fn the_counts_the_article_gives_are_properties_not_nodes() {
    let rows = ask("MATCH (r:Report) WHERE r.military_violators IS NOT NULL \
         RETURN r.military_violators, r.non_military_violators, r.importing_countries");
    assert_eq!(rows.len(), 1);
    let counts: Vec<&Value> = rows[0].iter().collect();
    assert!(matches!(counts.as_slice(), [Value::Int(13), Value::Int(19), Value::Int(18)]), "{counts:?}");
    let countries = ask("MATCH (c:Country) RETURN count(c)");
    assert!(matches!(countries[0][0], Value::Int(n) if n < 50), "only named countries are nodes");
}

#[test]
fn every_relationship_has_a_source() {
    let rows = ask("MATCH ()-[r]->() WHERE r.source IS NULL OR trim(r.source) = '' RETURN count(r)");
    assert!(matches!(rows[0][0], Value::Int(0)), "{rows:?}");
    let total = ask("MATCH ()-[r]->() RETURN count(r)");
    assert!(matches!(total[0][0], Value::Int(n) if n > 30), "{total:?}");
}

#[test]
fn names_are_found_through_the_index() {
    let mut db = Database::bundled().expect("the bundled graph loads");
    for query in [
        "EXPLAIN MATCH (c:Country {name: 'Iran'}) RETURN c",
        "EXPLAIN MATCH (c:Country) WHERE c.name = 'Iran' RETURN c",
        "EXPLAIN MATCH (s:Sanction)<-[:VIOLATED]-(c:Country) WHERE 'Iran' = c.name RETURN s",
    ] {
        let plan = db.execute(query, &Params::new()).expect("explain");
        assert!(plan.plan.unwrap_or_default().contains("IndexSeek :Country(name)"), "{query}");
    }
    let rows = db.execute("MATCH (c:Country) WHERE c.name = 'Iran' RETURN c.iso2", &Params::new()).expect("runs");
    assert_eq!(rows.rows, vec![vec![Value::string("IR")]]);
}

#[test]
fn profile_reports_rows_and_time_per_operator() {
    let mut db = Database::bundled().expect("the bundled graph loads");
    let result = db
        .execute("PROFILE MATCH (c:Country)-[:VIOLATED]->(:Sanction) RETURN count(DISTINCT c) AS n", &Params::new())
        .expect("profile");
    assert_eq!(result.rows, vec![vec![Value::Int(14)]]);
    let plan = result.plan.unwrap_or_default();
    assert!(plan.contains("Match") && plan.contains("rows=14") && plan.contains("rows=1 "), "{plan}");
}

#[test]
fn subgraph_finds_a_neighbourhood() {
    let rows = ask("MATCH (nk:Country {name: 'North Korea'}) \
         CALL embargo.subgraph(nk, {maxLevel: 1, relationshipFilter: '<IMPORTED_FROM'}) YIELD nodes, relationships \
         RETURN [n IN nodes | n.name] AS names, size(relationships) AS rels");
    let Value::List(names) = &rows[0][0] else { panic!("{rows:?}") };
    let mut names: Vec<String> = names.iter().map(|n| format!("{n:?}")).collect();
    names.sort();
    assert_eq!(names, ["String(\"China\")", "String(\"India\")", "String(\"North Korea\")"]);
    assert!(matches!(rows[0][1], Value::Int(2)));
}

fn int(query: &str) -> i64 {
    match ask(query).first().and_then(|row| row.first()) {
        Some(Value::Int(n)) => *n,
        other => panic!("{query}: expected an integer, got {other:?}"),
    }
}

#[test]
fn the_un_listings_of_july_2017_hang_off_the_articles_own_nodes() {
    let listed = "MATCH (:Sanction {name: 'UN Security Council sanctions on North Korea'})-[t:TARGETS]->(p) \
                  WHERE p.list = 'UN SC consolidated list' RETURN count(p)";
    assert_eq!(int(listed), 99);
    assert_eq!(int("MATCH (p:Person {list: 'UN SC consolidated list'}) RETURN count(p)"), 53);
    assert_eq!(int("MATCH (o:Organization {list: 'UN SC consolidated list'}) RETURN count(o)"), 46);
    // One North Korea and one UN DPRK programme: the article's.
    assert_eq!(int("MATCH (c:Country {iso2: 'KP'}) RETURN count(c)"), 1);
    assert_eq!(int("MATCH (s:Sanction {program: 'DPRK'}) RETURN count(s)"), 1);
    let nationals = "MATCH (p:Person)-[:NATIONAL_OF]->(:Country {name: 'North Korea', source: 'Newsweek, Dec 2017'}) \
                     RETURN count(p)";
    assert!(int(nationals) > 40, "{}", int(nationals));
    let dated = "MATCH (:Sanction {program: 'DPRK'})-[t:TARGETS]->() WHERE t.listed_on <= date('2017-07-03') \
                 AND t.first_seen = date('2017-07-03') RETURN count(t)";
    assert_eq!(int(dated), 99);
    assert!(int("MATCH (:Person)-[l:LINKED_TO]->(:Organization) RETURN count(l)") > 10);
}
