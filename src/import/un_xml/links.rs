//! The links the list states in words. It has no link elements: a record's
//! comments (`COMMENTS1`) and designations name other listings, anywhere by
//! reference number ("… associated with Al-Qaida (QDe.004)"), and on the
//! DPRK list by name ("Tanchon Commercial Bank representative"). Each pair
//! of listings gets one `LINKED_TO`, with the sentence that names the
//! other as its `text` and the name or number found as `matched`.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use rustc_hash::FxHashSet;

use crate::import::listing::{Link, Listing, Target};
use crate::value::Value;

/// A reference number: the regime's two letters, `i` (individual) or `e`
/// (entity), a dot and three digits (`QDe.137`, `KPi.012`, `TAi.004`).
pub(super) static REFERENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[A-Z]{2}[ie]\.[0-9]{3}\b").expect("the pattern is valid"));

const DPRK: &str = "DPRK";
/// Shorter names ("KPA", "MID") match inside too many unrelated words.
const MIN_NAME_CHARS: usize = 4;
/// How much of a long sentence a link's `text` keeps either side of the mention.
const CONTEXT_CHARS: usize = 100;

/// Adds every listing's links; gives back, for the summary, the mentions
/// of reference numbers that are not in the file.
pub(super) fn add(listings: &mut [Listing], file: &str) -> Vec<String> {
    let mut dangling = Vec::new();
    let found: Vec<Vec<Link>> = {
        let known: FxHashSet<&str> = listings.iter().map(|l| l.source_id.as_str()).collect();
        let names = dprk_entity_names(listings);
        listings.iter().map(|l| links_of(l, &known, &names, file, &mut dangling)).collect()
    };
    for (listing, links) in listings.iter_mut().zip(found) {
        listing.links.extend(links);
    }
    dangling
}

/// A name of a DPRK entity, ready to be looked for.
struct Name {
    pattern: Regex,
    target: String,
    name: String,
}

/// The names and aliases of the DPRK list's entities, case-insensitive.
fn dprk_entity_names(listings: &[Listing]) -> Vec<Name> {
    let entities = listings.iter().filter(|l| is_dprk(l) && l.labels.first() == Some(&"Organization"));
    let names = entities.flat_map(|l| l.names().flat_map(forms).map(move |name| (&l.source_id, name)));
    names
        .filter(|(_, name)| name.chars().count() >= MIN_NAME_CHARS)
        .filter_map(|(target, name)| {
            let pattern = Regex::new(&format!("(?i){}", regex::escape(name))).ok()?;
            Some(Name { pattern, target: target.clone(), name: name.to_string() })
        })
        .collect()
}

/// A name as the comments may write it: whole, and for one that ends in
/// its acronym (`KOREA KWANGSON BANKING CORPORATION (KKBC)`) also without
/// it and as the acronym alone.
pub(super) fn forms(name: &str) -> Vec<&str> {
    let split = name.strip_suffix(')').and_then(|n| n.rsplit_once(" ("));
    match split {
        Some((head, acronym)) if acronym.len() >= 2 && acronym.bytes().all(|b| b.is_ascii_uppercase()) => {
            vec![name, head.trim(), acronym]
        }
        _ => vec![name],
    }
}

fn is_dprk(listing: &Listing) -> bool {
    listing.designations.iter().any(|d| d.program == DPRK)
}

/// A listing's own words about itself: its comments and designations.
fn texts(listing: &Listing) -> Vec<&str> {
    let values = ["notes", "position"].into_iter().filter_map(|key| listing.get(key));
    values
        .flat_map(|value| match value {
            Value::List(items) => items.iter().collect(),
            other => vec![other],
        })
        .filter_map(|value| if let Value::String(s) = value { Some(&**s) } else { None })
        .collect()
}

/// One link per other listing the record's words name: by reference
/// number first, then (DPRK only) by name.
fn links_of(
    listing: &Listing,
    known: &FxHashSet<&str>,
    names: &[Name],
    file: &str,
    dangling: &mut Vec<String>,
) -> Vec<Link> {
    let own = listing.source_id.as_str();
    let mut linked: FxHashSet<&str> = FxHashSet::from_iter([own]);
    let mut links = Vec::new();
    for text in texts(listing) {
        for mention in REFERENCE.find_iter(text) {
            let target = mention.as_str();
            if !linked.insert(target) {
                continue;
            }
            if known.contains(target) {
                links.push(link(target, text, mention.range(), target));
            } else {
                dangling.push(format!("{file}:{}: {own} mentions {target}, which is not in the file", listing.line));
            }
        }
    }
    if is_dprk(listing) {
        for text in texts(listing) {
            for (range, name) in name_mentions(text, names) {
                if linked.insert(&name.target) {
                    links.push(link(&name.target, text, range, &name.name));
                }
            }
        }
    }
    links
}

/// The names found in `text` on word boundaries, in the order they occur;
/// a name found inside a longer one found there (the record's own name
/// included) does not count.
fn name_mentions<'n>(text: &str, names: &'n [Name]) -> Vec<(Range<usize>, &'n Name)> {
    let mut found = Vec::new();
    for name in names {
        let mentions = name.pattern.find_iter(text).map(|m| m.range()).filter(|r| on_word_boundaries(text, r));
        found.extend(mentions.map(|range| (range, name)));
    }
    let inside_longer =
        |r: &Range<usize>| found.iter().any(|(o, _)| o.start <= r.start && r.end <= o.end && o.len() > r.len());
    let mut kept: Vec<_> = found.iter().filter(|(r, _)| !inside_longer(r)).cloned().collect();
    kept.sort_by_key(|(r, _)| r.start);
    kept
}

fn on_word_boundaries(text: &str, range: &Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

fn link(target: &str, text: &str, mention: Range<usize>, matched: &str) -> Link {
    Link {
        rel_type: "LINKED_TO",
        target: Target::Id(target.to_string()),
        text: Some(sentence(text, mention)),
        incoming: false,
        properties: vec![("matched".into(), Value::string(matched))],
    }
}

/// The sentence of `text` that holds `mention`; of a long one, about
/// `CONTEXT_CHARS` either side of the mention.
fn sentence(text: &str, mention: Range<usize>) -> String {
    let start = sentence_starts(text).take_while(|&s| s <= mention.start).last().unwrap_or(0);
    let end = sentence_starts(text).find(|&s| s > mention.end).map_or(text.len(), |s| s - 1);
    let sentence = &text[start..end];
    let mention = mention.start - start..mention.end - start;
    if sentence.chars().count() <= 2 * CONTEXT_CHARS + mention.len() {
        return sentence.trim().to_string();
    }
    excerpt(sentence, mention)
}

/// Where sentences start: after ". " before a capital letter (so "Jul.
/// 2010" and "QDe.137" do not end one).
fn sentence_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    let starts = text.match_indices(". ").map(|(i, _)| i + 2);
    starts.filter(|&i| text[i..].chars().next().is_some_and(char::is_uppercase))
}

/// About `CONTEXT_CHARS` either side of `mention`, cut at spaces, with "…"
/// where cut.
fn excerpt(text: &str, mention: Range<usize>) -> String {
    let left = text[..mention.start].char_indices().rev().nth(CONTEXT_CHARS).map_or(0, |(i, _)| i);
    let left = if left == 0 { 0 } else { text[left..mention.start].find(' ').map_or(left, |s| left + s + 1) };
    let after = &text[mention.end..];
    let right = after.char_indices().nth(CONTEXT_CHARS).map_or(text.len(), |(i, _)| mention.end + i);
    let right = if right == text.len() {
        right
    } else {
        text[mention.end..right].rfind(' ').map_or(right, |s| mention.end + s)
    };
    let (open, close) = (if left > 0 { "…" } else { "" }, if right < text.len() { "…" } else { "" });
    format!("{open}{}{close}", text[left..right].trim())
}
