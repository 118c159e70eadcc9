//! An inverted index: each word with the entries, properties and positions
//! it is found at, and BM25 scoring of a [`Query`] over it.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::query::{Kind, Leaf, Occur, Query};
use super::words;

/// An entry's id (a node's or a relationship's).
pub type Id = u64;

/// BM25's term-frequency saturation and length normalisation, Lucene's
/// defaults.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Positions between two values of one list property, so that a phrase
/// never spans two aliases (Lucene's position increment gap).
const VALUE_GAP: u32 = 100;
/// A fuzzy word expands to at most this many words of the index, the
/// closest first (Lucene's default).
const MAX_EXPANSIONS: usize = 50;

/// Where a word occurs in one entry.
#[derive(Clone, Debug, Default)]
struct Occurrences {
    /// Per property of the index (by position), the word's positions.
    positions: Vec<(u16, Vec<u32>)>,
}

#[derive(Clone, Debug, Default)]
struct Entry {
    /// Words per property.
    lengths: Vec<u32>,
    words: Vec<String>,
}

/// The index of one full-text index's entries.
#[derive(Clone, Debug)]
pub struct Index {
    fields: Vec<String>,
    postings: BTreeMap<String, HashMap<Id, Occurrences>>,
    entries: HashMap<Id, Entry>,
    /// Per property: entries that have it, and their words in all.
    totals: Vec<(u64, u64)>,
}

impl Index {
    /// An empty index over these properties, in order.
    pub fn new(fields: Vec<String>) -> Index {
        let totals = vec![(0, 0); fields.len()];
        Index { fields, postings: BTreeMap::new(), entries: HashMap::new(), totals }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Sets an entry's texts, per property of the index (in order; a list
    /// property has several). An entry without a word is not indexed.
    pub fn set(&mut self, id: Id, texts: &[Vec<String>]) {
        self.remove(id);
        let mut entry = Entry { lengths: vec![0; self.fields.len()], words: Vec::new() };
        let mut found: HashMap<String, Occurrences> = HashMap::new();
        for (field, values) in texts.iter().enumerate().take(self.fields.len()) {
            let mut position = 0u32;
            for value in values {
                for word in words(value) {
                    let occurrences = found.entry(word).or_default();
                    match occurrences.positions.last_mut() {
                        Some((f, at)) if usize::from(*f) == field => at.push(position),
                        _ => occurrences.positions.push((field as u16, vec![position])),
                    }
                    position += 1;
                    entry.lengths[field] += 1;
                }
                position += VALUE_GAP;
            }
        }
        if found.is_empty() {
            return;
        }
        for (field, length) in entry.lengths.iter().enumerate() {
            if *length > 0 {
                self.totals[field].0 += 1;
                self.totals[field].1 += u64::from(*length);
            }
        }
        for (word, occurrences) in found {
            entry.words.push(word.clone());
            self.postings.entry(word).or_default().insert(id, occurrences);
        }
        self.entries.insert(id, entry);
    }

    /// Takes an entry out of the index.
    pub fn remove(&mut self, id: Id) {
        let Some(entry) = self.entries.remove(&id) else { return };
        for (field, length) in entry.lengths.iter().enumerate() {
            if *length > 0 {
                self.totals[field].0 -= 1;
                self.totals[field].1 -= u64::from(*length);
            }
        }
        for word in entry.words {
            if let Some(posting) = self.postings.get_mut(&word) {
                posting.remove(&id);
                if posting.is_empty() {
                    self.postings.remove(&word);
                }
            }
        }
    }

    /// The entries that match, best first (ties by id).
    pub fn search(&self, query: &Query) -> Vec<(Id, f64)> {
        let mut hits: Vec<(Id, f64)> = self.eval(query).into_iter().collect();
        hits.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        hits
    }

    fn eval(&self, query: &Query) -> HashMap<Id, f64> {
        let mut scores = match &query.kind {
            Kind::Bool(clauses) => self.eval_bool(clauses),
            Kind::Leaf { field, leaf } => match self.field(field.as_deref()) {
                Some(fields) => self.eval_leaf(leaf, &fields),
                None => HashMap::new(),
            },
        };
        if query.boost != 1.0 {
            scores.values_mut().for_each(|s| *s *= query.boost);
        }
        scores
    }

    /// The properties a leaf looks in: all, or the one named (none when
    /// the index has no such property).
    fn field(&self, name: Option<&str>) -> Option<Vec<u16>> {
        match name {
            None => Some((0..self.fields.len() as u16).collect()),
            Some(name) => self.fields.iter().position(|f| f == name).map(|i| vec![i as u16]),
        }
    }

    fn eval_bool(&self, clauses: &[(Occur, Query)]) -> HashMap<Id, f64> {
        let mut required: Option<HashMap<Id, f64>> = None;
        let mut optional: HashMap<Id, f64> = HashMap::new();
        let mut prohibited: HashSet<Id> = HashSet::new();
        for (occur, clause) in clauses {
            let scores = self.eval(clause);
            match occur {
                Occur::Must => {
                    required = Some(match required {
                        None => scores,
                        Some(so_far) => {
                            so_far.into_iter().filter_map(|(id, s)| scores.get(&id).map(|t| (id, s + t))).collect()
                        }
                    })
                }
                Occur::Should => {
                    for (id, s) in scores {
                        *optional.entry(id).or_default() += s;
                    }
                }
                Occur::MustNot => prohibited.extend(scores.into_keys()),
            }
        }
        let mut scores = match required {
            // Optional clauses only add to the score of what is required.
            Some(mut required) => {
                for (id, s) in &mut required {
                    *s += optional.get(id).copied().unwrap_or(0.0);
                }
                required
            }
            None => optional,
        };
        scores.retain(|id, _| !prohibited.contains(id));
        scores
    }

    fn eval_leaf(&self, leaf: &Leaf, fields: &[u16]) -> HashMap<Id, f64> {
        match leaf {
            Leaf::Phrase { words, slop } => match words.as_slice() {
                [] => HashMap::new(),
                [word] => self.term_scores(word, fields, 1.0),
                _ => self.phrase_scores(words, *slop, fields),
            },
            Leaf::Prefix(prefix) => {
                let words = self.postings.range(prefix.clone()..).take_while(|(w, _)| w.starts_with(prefix.as_str()));
                self.constant(words.map(|(w, _)| w.as_str()), fields)
            }
            Leaf::Wildcard(pattern) => {
                let pattern: Vec<char> = pattern.chars().collect();
                self.constant(self.postings.keys().map(String::as_str).filter(|w| wildcard(&pattern, w)), fields)
            }
            Leaf::Range { lower, upper } => {
                let above =
                    |w: &str| lower.as_ref().is_none_or(|(l, inc)| if *inc { w >= l.as_str() } else { w > l.as_str() });
                let below =
                    |w: &str| upper.as_ref().is_none_or(|(u, inc)| if *inc { w <= u.as_str() } else { w < u.as_str() });
                self.constant(self.postings.keys().map(String::as_str).filter(|w| above(w) && below(w)), fields)
            }
            Leaf::Fuzzy { word, edits } => self.fuzzy_scores(word, *edits, fields),
            Leaf::All => self
                .entries
                .iter()
                .filter(|(_, e)| fields.iter().any(|f| e.lengths.get(usize::from(*f)).is_some_and(|l| *l > 0)))
                .map(|(id, _)| (*id, 1.0))
                .collect(),
        }
    }

    /// Lucene scores prefix, wildcard and range matches alike: 1 for each
    /// entry that has one of the words in one of the properties.
    fn constant<'a>(&self, words: impl Iterator<Item = &'a str>, fields: &[u16]) -> HashMap<Id, f64> {
        let mut scores = HashMap::new();
        for word in words {
            for (id, occurrences) in self.postings.get(word).into_iter().flatten() {
                if occurrences.positions.iter().any(|(f, _)| fields.contains(f)) {
                    scores.insert(*id, 1.0);
                }
            }
        }
        scores
    }

    /// BM25 of one word in each entry that has it, summed over the
    /// properties, times `weight`.
    fn term_scores(&self, word: &str, fields: &[u16], weight: f64) -> HashMap<Id, f64> {
        let Some(posting) = self.postings.get(word) else { return HashMap::new() };
        // Once per property, not per entry: a common word has many.
        let idfs: Vec<(u16, f64)> = fields.iter().map(|f| (*f, self.idf(word, *f))).collect();
        let idf_of = |field: u16| idfs.iter().find(|(f, _)| *f == field).map_or(0.0, |(_, idf)| *idf);
        let mut scores = HashMap::new();
        for (id, occurrences) in posting {
            for (field, positions) in occurrences.positions.iter().filter(|(f, _)| fields.contains(f)) {
                let idf = idf_of(*field);
                let score = weight * idf * self.saturate(positions.len() as f64, *id, *field);
                *scores.entry(*id).or_insert(0.0) += score;
            }
        }
        scores
    }

    /// Inverse document frequency of a word in one property.
    fn idf(&self, word: &str, field: u16) -> f64 {
        let entries = self.totals.get(usize::from(field)).map_or(0, |t| t.0) as f64;
        let having = self
            .postings
            .get(word)
            .map_or(0, |p| p.values().filter(|o| o.positions.iter().any(|(f, _)| *f == field)).count())
            as f64;
        (1.0 + (entries - having + 0.5) / (having + 0.5)).ln()
    }

    /// BM25's term-frequency part for a frequency in an entry's property.
    fn saturate(&self, frequency: f64, id: Id, field: u16) -> f64 {
        let (entries, words) = self.totals.get(usize::from(field)).copied().unwrap_or((0, 0));
        let average = if entries == 0 { 1.0 } else { words as f64 / entries as f64 };
        let length = self.entries.get(&id).and_then(|e| e.lengths.get(usize::from(field))).copied().unwrap_or(0) as f64;
        frequency * (K1 + 1.0) / (frequency + K1 * (1.0 - B + B * length / average))
    }

    /// Entries with the words in order, each at most `slop` positions in
    /// all from where it should be; scored as one word whose frequency is
    /// the phrase's and whose rarity is the words' together.
    fn phrase_scores(&self, words: &[String], slop: u32, fields: &[u16]) -> HashMap<Id, f64> {
        let Some(postings) = words.iter().map(|w| self.postings.get(w)).collect::<Option<Vec<_>>>() else {
            return HashMap::new();
        };
        let Some((first, rest)) = postings.split_first() else { return HashMap::new() };
        let idfs: Vec<(u16, f64)> = fields.iter().map(|f| (*f, words.iter().map(|w| self.idf(w, *f)).sum())).collect();
        let mut scores = HashMap::new();
        for (id, occurrences) in first.iter() {
            for (field, starts) in occurrences.positions.iter().filter(|(f, _)| fields.contains(f)) {
                let others: Option<Vec<&Vec<u32>>> = rest
                    .iter()
                    .map(|p| p.get(id).and_then(|o| o.positions.iter().find(|(f, _)| f == field)).map(|(_, at)| at))
                    .collect();
                let Some(others) = others else { continue };
                let frequency = starts.iter().filter(|start| phrase_at(**start, &others, slop)).count();
                if frequency > 0 {
                    let idf = idfs.iter().find(|(f, _)| f == field).map_or(0.0, |(_, idf)| *idf);
                    *scores.entry(*id).or_insert(0.0) += idf * self.saturate(frequency as f64, *id, *field);
                }
            }
        }
        scores
    }

    /// A word within `edits` edits (a transposition is one): the closest
    /// words of the index, each scored as the word times how close it is.
    fn fuzzy_scores(&self, word: &str, edits: u8, fields: &[u16]) -> HashMap<Id, f64> {
        let length = word.chars().count();
        let mut near: Vec<(usize, &str)> = self
            .postings
            .keys()
            .filter(|w| w.chars().count().abs_diff(length) <= usize::from(edits))
            .map(|w| (strsim::osa_distance(word, w), w.as_str()))
            .filter(|(d, _)| *d <= usize::from(edits))
            .collect();
        near.sort_unstable();
        near.truncate(MAX_EXPANSIONS);
        let mut scores: HashMap<Id, f64> = HashMap::new();
        for (distance, candidate) in near {
            let shortest = length.min(candidate.chars().count()).max(1);
            let closeness = (1.0 - distance as f64 / shortest as f64).max(0.0);
            for (id, score) in self.term_scores(candidate, fields, closeness) {
                let best = scores.entry(id).or_insert(0.0);
                *best = best.max(score);
            }
        }
        scores
    }
}

/// Whether words follow a first one at `start`, within `slop` positions of
/// where they should be, in all.
fn phrase_at(start: u32, others: &[&Vec<u32>], slop: u32) -> bool {
    let mut moved = 0u32;
    for (i, positions) in others.iter().enumerate() {
        let wanted = start + i as u32 + 1;
        let Some(off) = positions.iter().map(|p| p.abs_diff(wanted)).min() else { return false };
        moved += off;
        if moved > slop {
            return false;
        }
    }
    true
}

/// Whether a word matches a pattern of `?` (one character) and `*` (any).
fn wildcard(pattern: &[char], word: &str) -> bool {
    let word: Vec<char> = word.chars().collect();
    // The classic two-pointer match with backtracking to the last `*`.
    let (mut p, mut w) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while w < word.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some((p, w));
                p += 1;
            }
            Some(c) if *c == '?' || *c == word[w] => {
                p += 1;
                w += 1;
            }
            _ => match star {
                Some((sp, sw)) => {
                    p = sp + 1;
                    w = sw + 1;
                    star = Some((sp, sw + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    fn index() -> Index {
        let mut index = Index::new(vec!["name".into(), "aliases".into()]);
        let entry = |name: &str, aliases: &[&str]| {
            vec![vec![name.to_string()], aliases.iter().map(|a| a.to_string()).collect()]
        };
        index.set(1, &entry("KIM Jong Un", &["Kim Jong-un", "김정은"]));
        index.set(2, &entry("KIM Chol", &[]));
        index.set(3, &entry("Korea Mining Development Trading Corporation", &["KOMID"]));
        index.set(4, &entry("Ocean Maritime Management Company, Limited", &["OMM"]));
        index.set(5, &entry("Jong Kim", &[]));
        index
    }

    fn ids(index: &Index, query: &str) -> Vec<Id> {
        let query = parse(query).unwrap_or_else(|e| panic!("{query}: {e}"));
        index.search(&query).into_iter().map(|(id, _)| id).collect()
    }

    #[test]
    fn terms_phrases_and_boolean_operators() {
        let index = index();
        assert_eq!(ids(&index, "kim jong un").first(), Some(&1), "the entry with most words first");
        assert_eq!(ids(&index, "\"jong kim\""), [5], "a phrase keeps its order");
        assert_eq!(ids(&index, "\"kim un\"~1").first(), Some(&1), "a sloppy phrase");
        assert_eq!(ids(&index, "kim AND NOT jong"), [2]);
        assert_eq!(ids(&index, "+kim -chol -un"), [5]);
        assert_eq!(ids(&index, "aliases:komid"), [3]);
        assert!(ids(&index, "name:komid").is_empty());
        assert!(ids(&index, "nosuchfield:kim").is_empty());
        assert!(ids(&index, "NOT kim").is_empty(), "nothing but a prohibition matches nothing");
        let mut all = ids(&index, "*");
        all.sort();
        assert_eq!(all, [1, 2, 3, 4, 5]);
    }

    #[test]
    fn prefixes_wildcards_fuzzy_words_and_ranges() {
        let index = index();
        assert_eq!(ids(&index, "kim jong*~").first(), Some(&1));
        let mut corp = ids(&index, "corp*");
        corp.sort();
        assert_eq!(corp, [3]);
        assert_eq!(ids(&index, "m?n?ng"), [3]);
        assert_eq!(ids(&index, "*itime"), [4]);
        assert_eq!(ids(&index, "devlopment~1"), [3], "one edit");
        assert!(ids(&index, "devlopmnt~1").is_empty(), "two edits are more than one");
        assert_eq!(ids(&index, "devlopmnt~"), [3]);
        assert_eq!(ids(&index, "komdi~1"), [3], "a transposition is one edit");
        assert_eq!(ids(&index, "name:[oa TO od]"), [4]);
        assert_eq!(ids(&index, "name:[ocean TO ocean]"), [4]);
        assert!(ids(&index, "name:{ocean TO ocean}").is_empty(), "ends left out");
        assert_eq!(ids(&index, "name:{trading TO *]"), [1], "open above: un");
    }

    #[test]
    fn boosts_reorder_and_removal_forgets() {
        let mut index = index();
        assert_eq!(ids(&index, "chol OR ocean^10").first(), Some(&4));
        assert_eq!(ids(&index, "chol^10 OR ocean").first(), Some(&2));
        index.remove(2);
        assert!(ids(&index, "chol").is_empty());
        index.set(4, &[vec!["New Name".into()], vec![]]);
        assert!(ids(&index, "ocean").is_empty());
        assert_eq!(ids(&index, "new"), [4]);
        assert_eq!(index.len(), 4);
        // Properties whose words are counted come back to what they were.
        let mut fresh = Index::new(vec!["name".into()]);
        fresh.set(9, &[vec!["a b".into()]]);
        fresh.remove(9);
        assert!(fresh.is_empty() && fresh.totals == vec![(0, 0)]);
    }

    #[test]
    fn hangul_and_accents_fold_away() {
        let index = index();
        // Each syllable a word, any of which may match; the one with all first.
        assert_eq!(ids(&index, "김정은").first(), Some(&1));
        let mut accented = Index::new(vec!["name".into()]);
        accented.set(7, &[vec!["Ḩasan Ṣāliḥ".into()]]);
        assert_eq!(ids(&accented, "hasan salih"), [7]);
    }

    #[test]
    fn wildcards_backtrack() {
        let p = |s: &str| s.chars().collect::<Vec<_>>();
        assert!(wildcard(&p("a*b*c"), "axxbyyc"));
        assert!(!wildcard(&p("a*b?c"), "axxbyyc"));
        assert!(wildcard(&p("*"), ""));
        assert!(!wildcard(&p("?"), ""));
    }
}
