use super::*;

/// The root's name and the records at `depth`, or the error.
fn records(text: &str, depth: usize) -> Result<(String, Vec<Element>), Error> {
    let (root, records) = Records::open(text.as_bytes(), "f.xml", depth)?;
    Ok((root.name, records.collect::<Result<_, _>>()?))
}

fn xml_error(text: &str, depth: usize) -> String {
    match records(text, depth) {
        Err(Error::Xml(message)) => message,
        other => panic!("{other:?}"),
    }
}

#[test]
fn records_at_their_depth_with_lines_text_and_children() {
    let text = "<?xml version=\"1.0\"?>\n<x:list xmlns:x=\"urn:x\">\n<group><x:rec>\n<name>A &amp; <![CDATA[B]]>&#x43;</name>\n\
        <VALUES><VALUE> 1 </VALUE><VALUE/><VALUE>2</VALUE></VALUES></x:rec>\n<rec/></group>\n<other/>\n</x:list>\n";
    let (root, recs) = records(text, 2).unwrap();
    assert_eq!(root, "list", "the namespace prefix goes");
    let summary: Vec<_> = recs.iter().map(|r| (r.name.as_str(), r.line, r.children.len())).collect();
    assert_eq!(summary, [("rec", 3, 2), ("rec", 6, 0)], "<other/> is not at depth 2");
    let rec = &recs[0];
    assert_eq!(rec.get("name"), Some("A & BC"));
    assert_eq!(rec.get("VALUES"), None, "only white space between its children");
    assert_eq!(rec.values("VALUES").collect::<Vec<_>>(), ["1", "2"]);
    assert_eq!(rec.path(&["VALUES", "VALUE"]).map(|v| v.line).collect::<Vec<_>>(), [5, 5, 5]);
    assert_eq!(rec.children("name").count(), 1);
}

#[test]
fn the_root_and_its_attributes() {
    let (root, _) = Records::open("\n<list date='2024-09-26' a=\"x &amp; y\"/>".as_bytes(), "f", 1).unwrap();
    assert_eq!((root.name.as_str(), root.line), ("list", 2));
    assert_eq!(root.attribute("a"), Ok(Some("x & y".into())));
    assert_eq!(root.attribute("date"), Ok(Some("2024-09-26".into())));
    assert_eq!(root.attribute("missing"), Ok(None));
}

#[test]
fn what_is_not_one_whole_document() {
    assert!(matches!(records("", 1), Err(Error::NoRoot(1))));
    assert!(matches!(records("<!-- c -->\n", 1), Err(Error::NoRoot(2))));
    assert!(matches!(records("a,b\n<list/>", 1), Err(Error::NotXml(1))));
    assert!(matches!(records("<list/>\n<!-- c --> text", 1), Err(Error::TextAfter(2))));
    let truncated = records("<list>\n<rec>\n<a>", 1);
    assert!(matches!(truncated, Err(Error::Truncated { line: 3, element, start: 3 }) if element == "a"));
    assert_eq!(xml_error("<list/>\n<list/>", 1), "f.xml:2: a second root element <list>");
    assert_eq!(xml_error("<list><rec>&bogus;</rec></list>", 1), "f.xml:1: an unknown entity &bogus;");
    assert!(xml_error("<list>\n<rec></list>", 1).starts_with("f.xml:2: not well-formed XML"));
}

#[test]
fn nesting_is_limited_inside_records_and_out() {
    let deep = format!("<list>{}", "<a>".repeat(100_000));
    for depth in [1, 2, 40] {
        assert_eq!(xml_error(&deep, depth), "f.xml:1: <a> is nested more than 32 elements deep");
    }
}
