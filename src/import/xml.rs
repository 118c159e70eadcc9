//! The XML reader of the lists that come as XML (UN `CONSOLIDATED_LIST`,
//! OFAC `sdnList`): the root element, then each record as a small element
//! tree with the line it starts on.
//!
//! The input is read as a stream: only the record being read is held, so
//! memory follows the largest record, not the file.

use std::io::{self, BufRead, Read};

use quick_xml::events::{BytesRef, BytesStart, Event};

/// How deep elements may nest, the root included. The lists nest five deep
/// at most; a deeper tree is no list, only costs memory, and would be
/// dropped recursively (a stack overflow, for a hostile one).
const MAX_DEPTH: usize = 32;

/// Why a document cannot be read. Malformed XML has its message already;
/// a document that is not the list, or not all of it, each list words its
/// own way.
#[derive(Debug)]
pub enum Error {
    /// `FILE:LINE: reason`, to show as it is: not well-formed, an unknown
    /// entity, nested too deep, a second root.
    Xml(String),
    /// The input ends on this line before any element.
    NoRoot(u64),
    /// Text before any element, on this line: the input is not XML at all
    /// (a CSV file, say).
    NotXml(u64),
    /// Text after the root's end tag, on this line.
    TextAfter(u64),
    /// The input ends on `line` inside `element`, whose start tag is on
    /// `start` (the innermost element still open).
    Truncated { line: u64, element: String, start: u64 },
}

/// The root element's start tag, for the caller to check which document
/// this is and read its attributes.
pub struct Root {
    /// Without its namespace prefix.
    pub name: String,
    pub line: u64,
    start: BytesStart<'static>,
}

impl Root {
    /// The normalized value of the attribute `name` (as written, prefix
    /// included), when the root has it; `Err` with the reason when the
    /// attributes up to it are malformed.
    pub fn attribute(&self, name: &str) -> Result<Option<String>, String> {
        let value = match self.start.try_get_attribute(name) {
            Ok(Some(attribute)) => attribute.normalized_value(quick_xml::XmlVersion::Implicit1_0),
            Ok(None) => return Ok(None),
            Err(e) => Err(e.into()),
        };
        value.map(|v| Some(v.into_owned())).map_err(|e| e.to_string())
    }
}

/// One element of a record: its name, its text and its child elements.
#[derive(Debug, Default)]
pub struct Element {
    /// Without its namespace prefix.
    pub name: String,
    /// Its own text, entities resolved, as written (untrimmed).
    pub text: String,
    pub children: Vec<Element>,
    /// The line of its start tag.
    pub line: u64,
}

impl Element {
    /// The children called `name`, in order.
    pub fn children<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a Element> {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The descendants reached by following `names` (`["akaList", "aka"]`),
    /// in document order.
    pub fn path<'a>(&'a self, names: &[&str]) -> impl Iterator<Item = &'a Element> + use<'a> {
        let mut found = vec![self];
        for name in names {
            found = found.into_iter().flat_map(|e| e.children(name)).collect();
        }
        found.into_iter()
    }

    /// The trimmed text of the first child `name`, when it has one and it
    /// is not empty.
    pub fn get(&self, name: &str) -> Option<&str> {
        let text = self.children(name).next()?.text.trim();
        (!text.is_empty()).then_some(text)
    }

    /// The trimmed, non-empty texts of the `VALUE`s of the children `name`
    /// (`<NATIONALITY><VALUE>…</VALUE></NATIONALITY>`).
    pub fn values<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a str> + use<'a> {
        self.path(&[name, "VALUE"]).map(|v| v.text.trim()).filter(|t| !t.is_empty())
    }
}

/// The records of a document: the elements `depth` levels below the root
/// (the root's children are at depth 1), each once its end tag is read.
pub struct Records<'f, R> {
    xml: quick_xml::Reader<Lines<R>>,
    buf: Vec<u8>,
    tree: Tree<'f>,
    done: bool,
}

/// What the next events of the input come to.
enum Found {
    Root(Root),
    Record(Element),
    End,
}

impl<'f, R: BufRead> Records<'f, R> {
    /// Reads up to the root's start tag; `file` names the input in messages.
    pub fn open(input: R, file: &'f str, depth: usize) -> Result<(Root, Self), Error> {
        let mut xml = quick_xml::Reader::from_reader(Lines { inner: input, newlines: 0 });
        xml.config_mut().expand_empty_elements = true;
        let tree = Tree { file, depth, open: Vec::new(), rooted: false };
        let mut records = Records { xml, buf: Vec::new(), tree, done: false };
        match records.read()? {
            Found::Root(root) => Ok((root, records)),
            // A record comes only inside the root.
            Found::Record(_) | Found::End => Err(Error::NoRoot(records.xml.get_ref().line())),
        }
    }

    /// Reads events up to the next root, record or the end of the input.
    fn read(&mut self) -> Result<Found, Error> {
        let tree = &mut self.tree;
        loop {
            // Where the next event starts: what a message about it (or
            // about the markup that fails to parse) points to.
            let line = self.xml.get_ref().line();
            self.buf.clear();
            let event = self
                .xml
                .read_event_into(&mut self.buf)
                .map_err(|e| tree.bad(line, format!("not well-formed XML: {e}")))?;
            match event {
                Event::Start(start) => {
                    if let Some(root) = tree.start(start, line)? {
                        return Ok(Found::Root(root));
                    }
                }
                Event::End(_) => {
                    if let Some(record) = tree.end() {
                        return Ok(Found::Record(record));
                    }
                }
                Event::Text(text) => tree.text(&text.xml10_content(), line)?,
                Event::CData(text) => tree.text(&text.xml10_content(), line)?,
                Event::GeneralRef(entity) => {
                    let text = resolve(&entity)
                        .ok_or_else(|| tree.bad(line, format!("an unknown entity &{};", entity.xml10_content())))?;
                    tree.text(&text, line)?;
                }
                Event::Eof => {
                    return match tree.open.last() {
                        Some(open) => Err(Error::Truncated {
                            line: self.xml.get_ref().line(),
                            element: open.name.clone(),
                            start: open.line,
                        }),
                        None => Ok(Found::End),
                    };
                }
                _ => {}
            }
        }
    }
}

/// The elements open at a point of the input.
struct Tree<'f> {
    file: &'f str,
    depth: usize,
    /// The open elements, the root first; only those inside a record get
    /// text and children.
    open: Vec<Element>,
    /// Whether the root has started (and so any other element at the top
    /// is a second root).
    rooted: bool,
}

impl Tree<'_> {
    fn bad(&self, line: u64, reason: String) -> Error {
        Error::Xml(format!("{}:{line}: {reason}", self.file))
    }

    /// Opens an element; gives back the root when this is it.
    fn start(&mut self, start: BytesStart<'_>, line: u64) -> Result<Option<Root>, Error> {
        let name = start.local_name().as_ref().to_string();
        if self.open.is_empty() && self.rooted {
            return Err(self.bad(line, format!("a second root element <{name}>")));
        }
        if self.open.len() >= MAX_DEPTH {
            return Err(self.bad(line, format!("<{name}> is nested more than {MAX_DEPTH} elements deep")));
        }
        self.open.push(Element { name: name.clone(), line, ..Element::default() });
        if self.rooted {
            return Ok(None);
        }
        self.rooted = true;
        Ok(Some(Root { name, line, start: start.into_owned() }))
    }

    /// Closes the innermost element; gives it back when it is a record.
    fn end(&mut self) -> Option<Element> {
        let element = self.open.pop()?;
        if self.open.len() == self.depth {
            return Some(element);
        }
        if self.open.len() > self.depth
            && let Some(parent) = self.open.last_mut()
        {
            parent.children.push(element);
        }
        None
    }

    /// Text for the innermost open element when it is inside a record;
    /// outside the root only white space may come.
    fn text(&mut self, text: &str, line: u64) -> Result<(), Error> {
        if self.open.is_empty() && !text.trim().is_empty() {
            return Err(if self.rooted { Error::TextAfter(line) } else { Error::NotXml(line) });
        }
        if self.open.len() > self.depth
            && let Some(element) = self.open.last_mut()
        {
            element.text.push_str(text);
        }
        Ok(())
    }
}

impl<R: BufRead> Iterator for Records<'_, R> {
    type Item = Result<Element, Error>;

    /// The next record; after the root's end tag, the rest of the input
    /// is read to make sure it holds nothing more.
    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.read() {
            Ok(Found::Record(record)) => Some(Ok(record)),
            // A root comes only first, and `open` has read it.
            Ok(Found::Root(_) | Found::End) => {
                self.done = true;
                None
            }
            Err(error) => {
                self.done = true;
                Some(Err(error))
            }
        }
    }
}

/// The text of a character reference or of one of XML's five entities.
fn resolve(entity: &BytesRef<'_>) -> Option<String> {
    match entity.resolve_char_ref() {
        Ok(Some(c)) => Some(c.to_string()),
        Ok(None) => quick_xml::escape::resolve_predefined_entity(&entity.xml10_content()).map(str::to_string),
        Err(_) => None,
    }
}

/// The input, counting the newlines the XML reader has consumed: the
/// reader consumes exactly the bytes of the events it returns, so before
/// an event is read the count gives the line that event starts on.
pub(crate) struct Lines<R> {
    inner: R,
    newlines: u64,
}

impl<R> Lines<R> {
    pub(crate) fn new(inner: R) -> Lines<R> {
        Lines { inner, newlines: 0 }
    }

    pub(crate) fn line(&self) -> u64 {
        self.newlines + 1
    }
}

impl<R: BufRead> Read for Lines<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = {
            let available = self.fill_buf()?;
            let n = available.len().min(out.len());
            out[..n].copy_from_slice(&available[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Lines<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        // The bytes to consume are still in the buffer: this reads nothing.
        if let Ok(available) = self.inner.fill_buf() {
            let counted = &available[..amount.min(available.len())];
            self.newlines += counted.iter().filter(|&&b| b == b'\n').count() as u64;
        }
        self.inner.consume(amount);
    }
}

#[cfg(test)]
#[path = "xml_tests.rs"]
mod tests;
