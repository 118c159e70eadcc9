//! Mutated copies of valid inputs, for the fuzz property tests: a few
//! edits (insert a token, delete, duplicate or overwrite bytes, cut the
//! end) applied to a seed, so most cases are nearly valid and reach deep
//! into a reader instead of failing at its first byte.

use proptest::prelude::*;

/// Bytes that mean something to one of the formats: quoting, delimiters,
/// markup, entities, numbers at the edges of i64, bytes that are not UTF-8.
pub const TOKENS: &[&[u8]] = &[
    b"\"",
    b"\"\"",
    b",",
    b";",
    b"\t",
    b"\n",
    b"\r\n",
    b"\r",
    b"<",
    b">",
    b"</",
    b"/>",
    b"<a>",
    b"</a>",
    b"&amp;",
    b"&#0;",
    b"&#x110000;",
    b"&bogus;",
    b"<![CDATA[",
    b"]]>",
    b"<!--",
    b"<?xml",
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b"\\",
    b"\\u0000",
    b"-0-",
    b"0",
    b"-1",
    b"1.5",
    b"9223372036854775807",
    b"9223372036854775808",
    b"18446744073709551616",
    b"-9223372036854775809",
    b"1e400",
    b"null",
    b"true",
    b"\x1a",
    b"\xff",
    b"\xc3",
    "\u{e9}".as_bytes(),
    b"\xef\xbb\xbf",
    b"2017-02-30",
    b"id:ID",
    b":LABEL",
    b":START_ID",
    b"name:int",
    b"name",
];

#[derive(Clone, Debug)]
pub enum Edit {
    Insert(usize, &'static [u8]),
    Delete(usize, usize),
    Duplicate(usize, usize),
    Overwrite(usize, u8),
    Cut(usize),
}

/// One to five edits; positions are taken modulo the input's length.
pub fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        4 => (any::<usize>(), proptest::sample::select(TOKENS)).prop_map(|(at, t)| Edit::Insert(at, t)),
        2 => (any::<usize>(), 1usize..48).prop_map(|(at, n)| Edit::Delete(at, n)),
        1 => (any::<usize>(), 1usize..48).prop_map(|(at, n)| Edit::Duplicate(at, n)),
        2 => (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Edit::Overwrite(at, b)),
        1 => any::<usize>().prop_map(Edit::Cut),
    ];
    proptest::collection::vec(edit, 1..6)
}

/// `seed` with `edits` applied in order.
pub fn apply(seed: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for edit in edits {
        let len = bytes.len();
        let at = |i: usize| i % (len + 1);
        match *edit {
            Edit::Insert(i, token) => {
                let i = at(i);
                bytes.splice(i..i, token.iter().copied());
            }
            Edit::Delete(i, n) => {
                let i = at(i);
                bytes.drain(i..(i + n).min(len));
            }
            Edit::Duplicate(i, n) => {
                let (i, end) = (at(i), (at(i) + n).min(len));
                let copy = bytes[i..end].to_vec();
                bytes.splice(end..end, copy);
            }
            Edit::Overwrite(i, b) if len > 0 => bytes[i % len] = b,
            Edit::Overwrite(..) => {}
            Edit::Cut(i) => bytes.truncate(at(i)),
        }
    }
    bytes
}

/// `seed` with each `(position, length, token)` edit replacing `length`
/// characters at `position` (modulo the length) by `token`.
pub fn mutate_text(seed: &str, edits: &[(usize, usize, &str)]) -> String {
    let mut chars: Vec<char> = seed.chars().collect();
    for (cut, len, insert) in edits {
        let at = cut % (chars.len() + 1);
        let end = (at + len).min(chars.len());
        chars.splice(at..end, insert.chars());
    }
    chars.into_iter().collect()
}
