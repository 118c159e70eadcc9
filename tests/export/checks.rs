//! The pictures, the programs that read the files, atomic writes, and the
//! `embargo export` command.

use super::*;

fn have(program: &str, args: &[&str]) -> bool {
    Command::new(program).args(args).output().is_ok_and(|o| o.status.success())
}

#[test]
fn dot_renders_with_graphviz() {
    if !have("dot", &["-V"]) {
        eprintln!("skipped: GraphViz `dot` is not installed (apt-get install graphviz)");
        return;
    }
    for (name, db) in both() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.dot");
        std::fs::write(&path, export_to_string(&db, Format::Dot)).unwrap();
        let out = Command::new("dot").arg("-Tsvg").arg(&path).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success() && !stderr.contains("rror"), "{name}: {stderr}");
        let svg = String::from_utf8_lossy(&out.stdout);
        assert_eq!(svg.matches("class=\"node\"").count(), db.graph().node_count(), "{name}");
        assert_eq!(svg.matches("class=\"edge\"").count(), db.graph().relationship_count(), "{name}");
    }
}

/// networkx reads the GraphML and finds every node, edge and property of
/// the JSON export (decoding the documented string encodings).
const NETWORKX_CHECK: &str = r#"
import json, math, sys
import networkx as nx
g = nx.read_graphml(sys.argv[1])
doc = json.load(open(sys.argv[2]))
marks = {}
import xml.etree.ElementTree as ET
for key in ET.parse(sys.argv[1]).getroot().iter('{http://graphml.graphdrawing.org/xmlns}key'):
    marks[(key.get('for'), key.get('attr.name'))] = key.get('{urn:embargo:graphml}type')
def same(domain, key, got, want):
    mark = marks.get((domain, key))
    if mark == 'json':
        got = json.loads(got)
    elif mark == 'date':
        got = {'~date': got}
    if isinstance(want, dict) and '~float' in want:
        want = float(want['~float'].replace('Infinity', 'inf'))
    if isinstance(want, float) and math.isnan(want):
        return isinstance(got, float) and math.isnan(got)
    return got == want and type(got) == type(want)
errors = []
if g.number_of_nodes() != len(doc['nodes']): errors.append('node count %d' % g.number_of_nodes())
if g.number_of_edges() != len(doc['relationships']): errors.append('edge count %d' % g.number_of_edges())
for n in doc['nodes']:
    data = g.nodes['n%d' % n['id']]
    if data.get('labels') != ''.join(':' + l for l in n['labels']): errors.append('labels of %d' % n['id'])
    for k, v in n['properties'].items():
        if not same('node', k, data.get(k), v): errors.append('node %d %s: %r vs %r' % (n['id'], k, data.get(k), v))
edges = {}
for s, t, d in g.edges(data=True):
    edges.setdefault((s, t), []).append(d)
for r in doc['relationships']:
    found = edges.get(('n%d' % r['start'], 'n%d' % r['end']), [])
    ok = any(d.get('label') == r['type'] and all(same('edge', k, d.get(k), v) for k, v in r['properties'].items()) for d in found)
    if not ok: errors.append('relationship %d' % r['id'])
print('\n'.join(errors) if errors else 'ok')
"#;

#[test]
fn networkx_reads_the_graphml() {
    if !have("python3", &["-c", "import networkx"]) {
        eprintln!("skipped: python3 with networkx is not available (pip install networkx)");
        return;
    }
    for (name, db) in both() {
        let dir = tempfile::tempdir().unwrap();
        let (graphml, json) = (dir.path().join("g.graphml"), dir.path().join("g.json"));
        std::fs::write(&graphml, export_to_string(&db, Format::Graphml)).unwrap();
        std::fs::write(&json, export_to_string(&db, Format::Json)).unwrap();
        let out = Command::new("python3").args(["-c", NETWORKX_CHECK]).arg(&graphml).arg(&json).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(stdout.trim(), "ok", "{name}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

/// The text of every `<text>` and `<title>` element of an SVG, which must
/// be well-formed XML.
fn svg_texts(svg: &str) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(svg);
    let mut texts = Vec::new();
    let mut depth = 0;
    loop {
        match reader.read_event().unwrap_or_else(|e| panic!("not well-formed: {e}")) {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            Event::Text(t) => texts.push(t.xml10_content().into_owned()),
            Event::GeneralRef(r) => {
                let s = quick_xml::escape::resolve_predefined_entity(&r.xml10_content()).unwrap_or("?");
                texts.push(s.to_string());
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0);
    texts
}

#[test]
fn the_svg_is_well_formed_and_names_every_node() {
    for (name, db) in both() {
        let svg = export_to_string(&db, Format::Svg);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        let text = svg_texts(&svg).concat();
        for id in db.graph().node_ids() {
            let props = db.graph().node_properties(id);
            let caption = match props.get("name").or_else(|| props.get("title")) {
                Some(Value::String(s)) => s.chars().take(20).map(|c| if c.is_control() { ' ' } else { c }).collect(),
                _ => format!("#{id}"),
            };
            assert!(text.contains(&caption), "{name}: node {id} ({caption}) is not named");
        }
        for label in ["Country", "Sanction"].iter().filter(|_| name == "bundled") {
            assert!(svg.contains("class=\"legend\"") && text.contains(label), "legend lacks {label}");
        }
    }
}

#[test]
fn a_failed_export_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("big.svg");
    let options = Options { svg_max_nodes: 10, ..Options::default() };
    let e = export::run(&mut bundled(), Format::Svg, &target, None, &options).unwrap_err();
    assert!(e.message.contains("nodes are too many for a readable picture (at most 10)"), "{}", e.message);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "a file was left behind");
    let e = export::run(&mut bundled(), Format::Json, &target, Some("MATCH (n RETURN n"), &options).unwrap_err();
    assert_eq!(e.kind, embargo::ErrorKind::SyntaxError);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_query_exports_its_paths_and_the_relationships_among_them() {
    let dir = tempfile::tempdir().unwrap();
    let q = "MATCH p = (:Country {name: 'North Korea'})<-[*1..2]-() RETURN p";
    let s = export::run(&mut bundled(), Format::Json, &dir.path().join("nk.json"), Some(q), &Options::default());
    let s = s.unwrap();
    assert!(s.nodes > 5 && s.relationships >= s.nodes - 1, "{s}");
    let q = "MATCH (c:Country) WHERE c.name IN ['China', 'North Korea'] RETURN c";
    let only = Options { relationships_between: false, ..Options::default() };
    let with = export::run(&mut bundled(), Format::Json, &dir.path().join("a.json"), Some(q), &Options::default());
    let without = export::run(&mut bundled(), Format::Json, &dir.path().join("b.json"), Some(q), &only);
    assert_eq!((with.unwrap().relationships, without.unwrap().relationships), (1, 0));
}

#[test]
fn the_command_exports_to_stdout_and_summarises_on_stderr() {
    let out = common::embargo()
        .args(["export", "--format", "json", "--output", "-", "--query"])
        .arg("MATCH (c:Country {name: $name}) RETURN c")
        .args(["-p", "name='Iran'"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let imported = export::json::read_json(&out.stdout[..]).unwrap();
    assert_eq!(imported.graph.node_count(), 1);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim(), "exported 1 node and 0 relationships as json to standard output");

    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("all.graphml");
    let out = common::embargo().args(["export", "--format", "graphml", "--output"]).arg(&target).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let said = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(said.starts_with("exported ") && said.contains(" relationships as graphml to"), "{said}");
    assert!(target.exists());

    let out = common::embargo().args(["export", "--format", "csv", "--output", "-"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("csv export writes a folder"));
    let out = common::embargo().args(["export", "--format", "json", "--output", "x.json", "no-such-store"]).output();
    let out = out.unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a store directory"));

    // A store exports what it holds.
    let store = dir.path().join("store");
    let made = common::embargo().arg(&store).args(["-c", "CREATE (:Vessel {name: 'RED HORIZON'})"]).output().unwrap();
    assert_eq!(made.status.code(), Some(0));
    let out = common::embargo().args(["export", "--format", "json", "--output", "-"]).arg(&store).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("RED HORIZON"));
    let out = common::embargo().args(["export", "--format", "png", "--output", "x"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}
