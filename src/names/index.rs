//! An in-memory index of many parties' names: candidates for a query come
//! from postings of shared keys, then [`compare`] scores the best of them.
//!
//! Keys of a name (each hashed to a u64; a collision only adds a candidate):
//! - the variant key of each word, and of each two adjacent words joined
//!   (so "Jongun" finds "Jong Un" and back);
//! - trigrams of each word's key, so a typo still shares most of them;
//! - consonant skeletons, to bridge Arabic script and Latin spellings;
//! - first letters of an organisation's first two words, to find the
//!   name an acronym stands for.
//!
//! Candidates are ranked by the rarity-weighted keys they share with the
//! query and the best [`SearchOptions::max_candidates`] are scored.
//! Removal takes an owner's entries out of their postings at once and
//! frees their slots for the next insertions.

use std::hash::Hasher;

use rustc_hash::{FxHashMap, FxHasher};

use super::analyse::Name;
use super::symbols::Class;
use super::{Field, Kind, analyse, compare, variants};

/// One name of one owner.
#[derive(Debug)]
struct Entry {
    owner: u64,
    field: Field,
    text: String,
    name: Name,
}

/// Names of many owners, searchable by similarity.
#[derive(Debug, Default)]
pub struct NameIndex {
    /// Entries by id; `None` is a free slot.
    entries: Vec<Option<Entry>>,
    free: Vec<u32>,
    owners: FxHashMap<u64, Vec<u32>>,
    postings: FxHashMap<u64, Vec<u32>>,
    live: usize,
}

/// The best match of one owner.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub owner: u64,
    pub score: f64,
    /// The owner's name that matched, as inserted.
    pub matched: String,
    pub field: Field,
}

/// What a search returns.
#[derive(Clone, Copy)]
pub struct SearchOptions<'a> {
    /// At most this many hits (owners).
    pub limit: usize,
    /// No hit below this score (yente's cutoff is 0.5).
    pub min_score: f64,
    /// Only names of a kind compatible with this one; the query is read as
    /// a name of this kind too.
    pub kind: Option<Kind>,
    /// Only owners it accepts, such as the nodes with a label.
    pub filter: Option<&'a dyn Fn(u64) -> bool>,
    /// How many candidates, ranked by shared keys, are scored.
    pub max_candidates: usize,
}

impl Default for SearchOptions<'_> {
    fn default() -> Self {
        SearchOptions { limit: 10, min_score: 0.5, kind: None, filter: None, max_candidates: 500 }
    }
}

impl std::fmt::Debug for SearchOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchOptions")
            .field("limit", &self.limit)
            .field("min_score", &self.min_score)
            .field("kind", &self.kind)
            .field("filter", &self.filter.map(|_| "…"))
            .field("max_candidates", &self.max_candidates)
            .finish()
    }
}

impl NameIndex {
    pub fn new() -> NameIndex {
        NameIndex::default()
    }

    /// Adds a name of `owner`. A text with nothing comparable in it (empty,
    /// punctuation) is not added.
    pub fn insert(&mut self, owner: u64, field: Field, text: &str, kind: Kind) {
        let name = analyse(text, kind);
        if name.is_empty() {
            return;
        }
        let keys = index_keys(&name);
        let entry = Entry { owner, field, text: text.to_string(), name };
        let id = match self.free.pop() {
            Some(id) => {
                if let Some(slot) = self.entries.get_mut(id as usize) {
                    *slot = Some(entry);
                }
                id
            }
            None => {
                // Past u32::MAX entries the index is full; nobody has that many names.
                let Ok(id) = u32::try_from(self.entries.len()) else { return };
                self.entries.push(Some(entry));
                id
            }
        };
        for key in keys {
            self.postings.entry(key).or_default().push(id);
        }
        self.owners.entry(owner).or_default().push(id);
        self.live += 1;
    }

    /// Removes every name of `owner`.
    pub fn remove(&mut self, owner: u64) {
        let Some(ids) = self.owners.remove(&owner) else { return };
        for id in ids {
            let Some(entry) = self.entries.get_mut(id as usize).and_then(Option::take) else { continue };
            for key in index_keys(&entry.name) {
                if let Some(posting) = self.postings.get_mut(&key) {
                    if let Some(at) = posting.iter().position(|&e| e == id) {
                        posting.swap_remove(at);
                    }
                    if posting.is_empty() {
                        self.postings.remove(&key);
                    }
                }
            }
            self.free.push(id);
            self.live -= 1;
        }
    }

    /// How many names are indexed.
    pub fn len(&self) -> usize {
        self.live
    }

    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// How many owners have names here.
    pub fn owner_count(&self) -> usize {
        self.owners.len()
    }

    /// The best hit of each owner whose names match `query`, best first
    /// (ties by owner), at most `options.limit`.
    pub fn search(&self, query: &str, options: &SearchOptions) -> Vec<Hit> {
        let name = analyse(query, options.kind.unwrap_or_default());
        if name.is_empty() || options.limit == 0 {
            return Vec::new();
        }
        let candidates = self.candidates(&name, options);
        let mut best: FxHashMap<u64, Hit> = FxHashMap::default();
        for id in candidates {
            let Some(Some(entry)) = self.entries.get(id as usize) else { continue };
            let score = compare(&name, &entry.name) * entry.field.weight();
            if score <= 0.0 || score < options.min_score {
                continue;
            }
            let better = best.get(&entry.owner).is_none_or(|hit| {
                score > hit.score || (score == hit.score && field_rank(entry.field) < field_rank(hit.field))
            });
            if better {
                let hit = Hit { owner: entry.owner, score, matched: entry.text.clone(), field: entry.field };
                best.insert(entry.owner, hit);
            }
        }
        let mut hits: Vec<Hit> = best.into_values().collect();
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.owner.cmp(&b.owner)));
        hits.truncate(options.limit);
        hits
    }

    /// The entries sharing the most (rarity-weighted) keys with `name`
    /// that the options let through, at most `max_candidates`.
    fn candidates(&self, name: &Name, options: &SearchOptions) -> Vec<u32> {
        let total = self.live.max(1) as f32;
        let mut weights = vec![0f32; self.entries.len()];
        let mut touched: Vec<u32> = Vec::new();
        for (key, weight) in query_keys(name) {
            let Some(posting) = self.postings.get(&key) else { continue };
            let rarity = (1.0 + total / posting.len() as f32).ln();
            for &id in posting {
                let Some(w) = weights.get_mut(id as usize) else { continue };
                if *w == 0.0 {
                    touched.push(id);
                }
                *w += weight * rarity;
            }
        }
        // Entries that share a fraction of the best one's keys are not
        // worth scoring (a common surname, one trigram).
        let best = touched.iter().filter_map(|&id| weights.get(id as usize)).fold(0f32, |a, &b| a.max(b));
        let floor = best * 0.15;
        let accepted = |id: &u32| {
            if weights.get(*id as usize).is_none_or(|&w| w < floor) {
                return false;
            }
            let Some(Some(entry)) = self.entries.get(*id as usize) else { return false };
            options.kind.is_none_or(|k| k.compatible(entry.name.kind()))
                && options.filter.is_none_or(|accept| accept(entry.owner))
        };
        touched.retain(accepted);
        let weight = |id: &u32| weights.get(*id as usize).copied().unwrap_or(0.0);
        let cap = options.max_candidates.max(1);
        if touched.len() > cap {
            touched.select_nth_unstable_by(cap - 1, |a, b| weight(b).total_cmp(&weight(a)));
            touched.truncate(cap);
        }
        touched
    }
}

fn field_rank(field: Field) -> u8 {
    match field {
        Field::Name => 0,
        Field::Alias => 1,
        Field::PreviousName => 2,
        Field::WeakAlias => 3,
    }
}

// Key kinds, hashed in as a first byte.
const WORD: u8 = b'w';
const TRIGRAM: u8 = b't';
/// Skeleton of a Latin word, found by Arabic-script queries.
const LATIN_SKELETON: u8 = b's';
/// Skeleton of an Arabic-script word, found by Latin queries.
const ARABIC_SKELETON: u8 = b'a';
const ACRONYM: u8 = b'c';

fn hash(kind: u8, bytes: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write_u8(kind);
    h.write(bytes);
    h.finish()
}

/// The keys a name is found by.
fn index_keys(name: &Name) -> Vec<u64> {
    let mut keys: Vec<u64> = Vec::new();
    word_keys(name, &mut |k, _| keys.push(k));
    skeleton_keys(name, &mut |arabic, skeleton, joined| {
        // Arabic script is written with words run together ("عبدالله");
        // a Latin spelling's words are found one by one.
        if arabic || !joined {
            keys.push(hash(if arabic { ARABIC_SKELETON } else { LATIN_SKELETON }, skeleton));
        }
    });
    acronym_keys(name, &mut |k| keys.push(k));
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The keys a query looks up, each with how much sharing it counts.
fn query_keys(name: &Name) -> Vec<(u64, f32)> {
    let mut keys: Vec<(u64, f32)> = Vec::new();
    word_keys(name, &mut |k, w| keys.push((k, w)));
    skeleton_keys(name, &mut |arabic, skeleton, _| {
        keys.push((hash(ARABIC_SKELETON, skeleton), 0.5));
        if arabic {
            keys.push((hash(LATIN_SKELETON, skeleton), 0.5));
        }
    });
    acronym_keys(name, &mut |k| keys.push((k, 0.8)));
    keys.sort_unstable_by_key(|k| k.0);
    keys.dedup_by_key(|k| k.0);
    keys
}

/// Consonant skeletons of the words, and of runs of two or three words
/// (`joined`), with whether any of them is in Arabic script.
fn skeleton_keys(name: &Name, out: &mut dyn FnMut(bool, &[u8], bool)) {
    let parts = name.parts();
    for len in 1..=3 {
        for run in parts.windows(len) {
            if !run.iter().any(|p| p.class == Class::Word) || run.iter().any(|p| p.class == Class::Number) {
                continue;
            }
            let arabic = run.iter().any(|p| p.arabic);
            if len > 1 && !arabic && !run.iter().any(|p| p.class == Class::Stop) {
                continue;
            }
            let text: String = run.iter().map(|p| p.text.as_str()).collect();
            let skeleton = variants::skeleton(&text, arabic);
            if skeleton.len() >= 2 {
                out(arabic, skeleton.as_bytes(), len > 1);
            }
        }
    }
}

/// Word keys, joined pairs and trigrams, with their weights.
fn word_keys(name: &Name, out: &mut dyn FnMut(u64, f32)) {
    let parts = name.parts();
    for p in parts {
        out(hash(WORD, p.key.as_bytes()), 1.0);
        if p.key.len() >= 3 && !p.key.starts_with('#') {
            let padded = [b"^", p.key.as_bytes(), b"$"].concat();
            for gram in padded.windows(3) {
                out(hash(TRIGRAM, gram), 0.25);
            }
        }
    }
    for pair in parts.windows(2) {
        if pair.iter().all(|p| matches!(p.class, Class::Word | Class::Initial)) {
            let joined = variants::key(&[pair[0].text.as_str(), pair[1].text.as_str()].concat());
            out(hash(WORD, joined.as_bytes()), 1.0);
        }
    }
}

/// Acronym keys: an organisation's name by the first letters of its first
/// two words (all of them, and the distinctive ones); a one-word name
/// that may be an acronym by its first letter and each later one.
fn acronym_keys(name: &Name, out: &mut dyn FnMut(u64)) {
    let parts = name.parts();
    if let [only] = parts {
        let letters = only.text.as_bytes();
        if (3..=10).contains(&letters.len())
            && letters.iter().all(u8::is_ascii_lowercase)
            && name.kind() != Kind::Person
        {
            for &later in &letters[1..] {
                out(hash(ACRONYM, &[letters[0], later]));
            }
        }
        return;
    }
    if name.person_like() {
        return;
    }
    let initials = |keep: &dyn Fn(&Class) -> bool| -> Vec<u8> {
        parts
            .iter()
            .filter(|p| keep(&p.class) && p.weight >= p.class.weight())
            .filter_map(|p| p.text.bytes().next())
            .take(2)
            .collect()
    };
    for letters in
        [initials(&|c| *c != Class::Stop), initials(&|c| matches!(c, Class::Word | Class::Place | Class::Number))]
    {
        if letters.len() == 2 {
            out(hash(ACRONYM, &letters));
        }
    }
}

#[cfg(test)]
#[path = "index_tests.rs"]
mod tests;
