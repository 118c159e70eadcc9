//! Imports that must fail: each malformed file of issue 14 is refused with
//! the file, the line and a short reason, and the store stays as it was.

mod common;

use std::path::{Path, PathBuf};

use common::stores::files;
use common::{Run, embargo, run};

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A store holding one node, in its snapshot and its WAL.
fn existing_store(dir: &Path) -> PathBuf {
    let store = dir.join("store");
    let mut cmd = embargo();
    cmd.arg(&store).args(["-c", "CREATE (:Old {name: 'kept'})"]);
    assert_eq!(run(cmd).code, Some(0));
    store
}

/// `embargo import FLAG FILE -- STORE`, which must fail with `expected`
/// in its message and leave the store's files as they were.
fn refused(store: &Path, flag: &str, file: &Path, expected: &str) -> Run {
    let before = files(store);
    let mut cmd = embargo();
    cmd.args(["import", flag]).arg(file).arg("--").arg(store);
    let out = run(cmd);
    assert_eq!(out.code, Some(1), "{flag} {}: {}", file.display(), out.stderr);
    assert!(out.stderr.contains(expected), "expected {expected:?} in {}", out.stderr);
    assert_eq!(files(store), before, "{flag}: the store changed");
    out
}

#[test]
fn a_csv_quote_never_closed_is_refused_by_every_csv_importer() {
    let dir = tempfile::tempdir().unwrap();
    let store = existing_store(dir.path());
    let nodes = write(dir.path(), "n.csv", "id:ID,name\n1,\"a\n2,b\n");
    refused(&store, "--nodes", &nodes, "n.csv:2: a quoted field is never closed");
    let stray = write(dir.path(), "s.csv", "id:ID,name\n1,a\"b\n");
    refused(&store, "--nodes", &stray, "s.csv:2: a quote inside a field that does not start with one");
    let ofac = dir.path().join("ofac");
    std::fs::create_dir(&ofac).unwrap();
    let sdn = write(&ofac, "sdn.csv", "1,\"KIM, Jong\",\"individual\",\"DPRK\r\n2,X,-0-,DPRK\r\n");
    refused(&store, "--ofac-csv", &sdn, "sdn.csv:1: a quoted field is never closed");
    let header = "celex,recordId,programKey,annex,measure,startDate,schema,name";
    let eu = write(dir.path(), "eu.csv", format!("{header}\n,1,EU-PRK,I,x,,Person,\"Kim\n,2,EU-PRK,I,x,,Person,Ri\n"));
    refused(&store, "--eu-csv", &eu, "eu.csv:2: a quoted field is never closed");
}

#[test]
fn a_column_named_twice_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = existing_store(dir.path());
    let nodes = write(dir.path(), "n.csv", "id:ID,name,name\n1,a,b\n");
    refused(&store, "--nodes", &nodes, "n.csv:1: the header names the property 'name' twice");
    let header = "celex,recordId,programKey,annex,measure,startDate,schema,name,name";
    let eu = write(dir.path(), "eu.csv", format!("{header}\n,1,EU-PRK,I,x,,Person,Kim,Ri\n"));
    refused(&store, "--eu-csv", &eu, "eu.csv:1: the header names the column \"name\" twice");
}

#[test]
fn xml_cut_short_or_not_xml_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = existing_store(dir.path());
    let graphml = "<?xml version=\"1.0\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n\
                   <graph edgedefault=\"directed\">\n<node id=\"n0\"/>\n</graph>\n";
    let cut = write(dir.path(), "cut.graphml", graphml);
    refused(&store, "--graphml", &cut, "cut.graphml: line 6: the document ends before </graphml>");
    let after = write(dir.path(), "after.graphml", format!("{graphml}</graphml>\n<node id=\"n1\"/>\n"));
    refused(&store, "--graphml", &after, "after.graphml: line 7: content after </graphml>");
    let whole = write(dir.path(), "whole.graphml", format!("{graphml}</graphml>\n<!-- a comment -->\n"));
    let mut cmd = embargo();
    cmd.args(["import", "--graphml"]).arg(&whole).arg("--").arg(&store);
    assert_eq!(run(cmd).code, Some(0), "a comment after the root is well-formed");
    let csv = write(dir.path(), "people.csv", "id,name\n1,Kim\n");
    let out = refused(&store, "--graphml", &csv, "people.csv: line ");
    assert!(out.stderr.contains("this is not a GraphML document"), "{}", out.stderr);
    refused(&store, "--un-xml", &csv, "people.csv");
    refused(&store, "--ofac-xml", &csv, "people.csv");
    let un = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/un-2017-excerpt.xml")).unwrap();
    let cut = write(dir.path(), "un.xml", &un[..un.len() / 2]);
    refused(&store, "--un-xml", &cut, "un.xml:");
}

#[test]
fn integers_outside_64_bits_are_refused_in_json_and_ftm() {
    let dir = tempfile::tempdir().unwrap();
    let store = existing_store(dir.path());
    for (name, n) in [("two-to-64.json", "18446744073709551616"), ("two-to-63.json", "9223372036854775808")] {
        let doc = format!(
            "{{\"format\": \"embargo-graph\", \"version\": 1,\n\"nodes\": [{{\"id\": 0, \"properties\": {{\"n\": {n}}}}}],\n\"relationships\": []}}"
        );
        let json = write(dir.path(), name, doc);
        let out = refused(&store, "--json", &json, &format!("{name}: "));
        assert!(out.stderr.contains("outside the 64-bit range") || out.stderr.contains("too large"), "{}", out.stderr);
    }
    let line = "{\"id\": \"p1\", \"schema\": \"Person\", \"properties\": {\"name\": [\"Kim\"], \"weight\": [18446744073709551616]}}\n";
    let ftm = write(dir.path(), "e.ftm.json", line);
    refused(&store, "--ftm", &ftm, "e.ftm.json:1: the integer 18446744073709551616 is outside the 64-bit range");
}

#[test]
fn a_huge_bad_value_gives_a_short_message() {
    let dir = tempfile::tempdir().unwrap();
    let store = existing_store(dir.path());
    let nodes = write(dir.path(), "n.csv", format!("id:ID,n:int\n1,{}\n", "x".repeat(1 << 20)));
    let out = refused(&store, "--nodes", &nodes, "n.csv:2: field 2 (n) holds 'xxx");
    assert!(out.stderr.len() < 1000, "{} bytes of message", out.stderr.len());
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let graphml = format!(
        "<?xml version=\"1.0\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:embargo=\"urn:embargo:graphml\">\n\
         <key id=\"v\" for=\"node\" attr.name=\"v\" attr.type=\"string\" embargo:type=\"json\"/>\n\
         <graph edgedefault=\"directed\">\n<node id=\"n0\"><data key=\"v\">{deep}</data></node>\n</graph>\n</graphml>\n"
    );
    let file = write(dir.path(), "deep.graphml", graphml);
    let out = refused(&store, "--graphml", &file, "deep.graphml: '[[[[");
    assert!(out.stderr.contains("is not JSON for key 'v': recursion limit exceeded"), "{}", out.stderr);
    assert!(out.stderr.len() < 1000, "{} bytes of message", out.stderr.len());
    let huge = "y".repeat(1 << 20);
    let sdn =
        write(dir.path(), "sdn.csv", format!("1,\"KIM\",\"{huge}\",\"DPRK\",-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-\r\n"));
    let out = refused(&store, "--ofac-csv", &sdn, "sdn.csv:1: unknown SDN_Type 'yyy");
    assert!(out.stderr.len() < 1000, "{} bytes of message", out.stderr.len());
    let ftm =
        write(dir.path(), "e.ftm.json", format!("{{\"id\": \"x\", \"schema\": \"{huge}\", \"properties\": {{}}}}\n"));
    let out = refused(&store, "--ftm", &ftm, "e.ftm.json:1: ");
    assert!(out.stderr.len() < 1000, "{} bytes of message", out.stderr.len());
}
