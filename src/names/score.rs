//! How alike two names are, in [0, 1]; 0.7 and above means "very likely
//! the same party" (yente's threshold).
//!
//! 1. Words are paired by their best similarity, in any order: equal text
//!    1.0, equal variant key 0.95 (`Jong`/`Chong`), a typo or two in a
//!    long word 1 − edits/length, a vowelless Arabic-script word and a
//!    Latin one with the same consonants 0.9. Words of up to five letters
//!    get no typo budget: Korean syllables that differ by one letter
//!    ("Jong"/"Yong", "Ryong"/"Myong") are other names.
//! 2. Adjacent words may be joined to meet one word of the other name
//!    (`Jong Un` = `Jongun`), at a small cost.
//! 3. The score is the weighted share of both names' words that were
//!    paired, each pair counting by its similarity, so a missing word
//!    lowers it moderately. Distinctive words weigh 1, places 0.7, class
//!    words 0.5, legal forms and articles less (and half that when left
//!    over). Distinctive words left over on *both* sides mean another
//!    party ("Kim Jong Il" is not "Kim Jong Un"): ×0.8; so do numbers that
//!    differ ("Ji Song 6"/"Ji Song 8"): ×0.7.
//! 4. Order: persons' names may rotate (surname first or last) at ×0.97;
//!    any other reordering costs ×0.9 a swapped pair, so "Ri Un Song" and
//!    "Ri Song Un" stay apart from an identical name (0.9, not 1.0).
//! 5. An acronym built from the other name's words scores as a possible
//!    match (see `acronym.rs`).

use std::borrow::Cow;

use super::analyse::{Name, Part, analyse};
use super::symbols::Class;
use super::{Kind, acronym, distance, variants};

/// How alike two names are, each of unknown kind.
pub fn similarity(a: &str, b: &str) -> f64 {
    compare(&analyse(a, Kind::Unknown), &analyse(b, Kind::Unknown))
}

/// How alike two analysed names are. Symmetric; 0 when either is empty.
pub fn compare(query: &Name, candidate: &Name) -> f64 {
    if query.is_empty() || candidate.is_empty() {
        return 0.0;
    }
    if query.parts().iter().map(|p| &p.text).eq(candidate.parts().iter().map(|p| &p.text)) {
        return 1.0;
    }
    let person = query.person_like() && candidate.person_like();
    let (a, b) = (slots(query.parts()), slots(candidate.parts()));
    let sims = Matrix::new(&a, &b);
    // Each side is joined against the other as it was, so the result does
    // not depend on which name is the query.
    let (joined_a, joined_b) = (join(&a, &b, &sims, false), join(&b, &a, &sims, true));
    let mut score = aligned(&a, &b, &sims, person);
    if joined_a.is_some() || joined_b.is_some() {
        let (a, b) = (joined_a.unwrap_or(a), joined_b.unwrap_or(b));
        score = score.max(aligned(&a, &b, &Matrix::new(&a, &b), person));
    }
    let acronym = acronym::score(query, candidate).max(acronym::score(candidate, query));
    score.max(acronym).clamp(0.0, 1.0)
}

/// A word as compared, or several adjacent words joined.
#[derive(Clone, Debug)]
struct Slot<'a> {
    text: Cow<'a, str>,
    key: Cow<'a, str>,
    class: Class,
    weight: f32,
    arabic: bool,
    aside: bool,
    /// Where its first word is in the name.
    pos: usize,
    joined: bool,
}

impl Slot<'_> {
    /// Whether the word, left over, is evidence of another party rather
    /// than a qualifier or class word left out.
    fn distinctive(&self) -> bool {
        self.class.distinctive() && !self.aside
    }

    /// Whether the word, left over, hardly matters.
    fn incidental(&self) -> bool {
        self.aside || matches!(self.class, Class::Legal | Class::Stop)
    }
}

fn slots(parts: &[Part]) -> Vec<Slot<'_>> {
    parts
        .iter()
        .enumerate()
        .map(|(pos, p)| Slot {
            text: Cow::Borrowed(&p.text),
            key: Cow::Borrowed(&p.key),
            class: p.class,
            weight: p.weight,
            arabic: p.arabic,
            aside: p.aside,
            pos,
            joined: false,
        })
        .collect()
}

/// Word similarities, rows the first name's slots.
struct Matrix {
    cols: usize,
    cells: Vec<f32>,
}

impl Matrix {
    fn new(a: &[Slot], b: &[Slot]) -> Matrix {
        let cells = a.iter().flat_map(|x| b.iter().map(move |y| word_similarity(x, y))).collect();
        Matrix { cols: b.len(), cells }
    }

    fn get(&self, row: usize, col: usize) -> f32 {
        self.cells.get(row * self.cols + col).copied().unwrap_or(0.0)
    }

    fn best_of_row(&self, row: usize) -> f32 {
        (0..self.cols).map(|c| self.get(row, c)).fold(0.0, f32::max)
    }

    fn best_of_col(&self, col: usize) -> f32 {
        let rows = self.cells.len().checked_div(self.cols).unwrap_or(0);
        (0..rows).map(|r| self.get(r, col)).fold(0.0, f32::max)
    }
}

/// A word good enough on its own needs no joining.
const GOOD: f32 = 0.9;

/// `side` with runs of two or three adjacent words joined where the run
/// meets a word of `other` that nothing on `side` meets alone, or `None`
/// when nothing was joined (the caller keeps the better of both
/// pairings). `transposed`: `sims` has `side` as columns.
fn join<'a>(side: &[Slot<'a>], other: &[Slot<'a>], sims: &Matrix, transposed: bool) -> Option<Vec<Slot<'a>>> {
    let best_of_other = |j: usize| if transposed { sims.best_of_row(j) } else { sims.best_of_col(j) };
    let mut free: Vec<bool> = side.iter().map(|s| s.class != Class::Number).collect();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let first = |s: &str| s.bytes().next();
    for (j, target) in other.iter().enumerate() {
        if target.text.len() < 3 || target.class == Class::Number || best_of_other(j) >= GOOD {
            continue;
        }
        'runs: for len in 2..=3 {
            for start in 0..side.len().saturating_sub(len - 1) {
                let run = start..start + len;
                // Cheap tests first: this runs for every word nothing meets.
                let letters: usize = side[run.clone()].iter().map(|s| s.text.len()).sum();
                let head = &side[start];
                // Arabic script has no vowels to count or begin with.
                let arabic = head.arabic || target.arabic;
                if (!arabic && letters.abs_diff(target.text.len()) > 3)
                    || (!arabic && first(&head.key) != first(&target.key) && first(&head.text) != first(&target.text))
                    || !free[run.clone()].iter().all(|f| *f)
                {
                    continue;
                }
                let joined = joined_slot(&side[run.clone()]);
                if word_similarity(&joined, target) >= 0.8 {
                    free[run].iter_mut().for_each(|f| *f = false);
                    runs.push((start, len));
                    break 'runs;
                }
            }
        }
    }
    if runs.is_empty() {
        return None;
    }
    runs.sort_unstable();
    let mut out = Vec::with_capacity(side.len());
    let mut i = 0;
    for (start, len) in runs {
        out.extend_from_slice(&side[i..start]);
        out.push(joined_slot(&side[start..start + len]));
        i = start + len;
    }
    out.extend_from_slice(&side[i..]);
    Some(out)
}

fn joined_slot<'a>(run: &[Slot<'a>]) -> Slot<'a> {
    let text: String = run.iter().map(|s| &*s.text).collect();
    let key = variants::key(&text);
    let class = if run.iter().any(|s| s.class == Class::Word) { Class::Word } else { run[0].class };
    Slot {
        text: Cow::Owned(text),
        key: Cow::Owned(key),
        class,
        weight: run.iter().map(|s| s.weight).fold(0.0, f32::max),
        arabic: run.iter().any(|s| s.arabic),
        aside: run.iter().all(|s| s.aside),
        pos: run[0].pos,
        joined: true,
    }
}

/// The typo budget of two words by the shorter one's length (of its
/// variant key): none up to five letters, which is every Korean syllable
/// ("Ryong"/"Myong", "Chang"/"Chong" are other names, not typos).
fn budget(len: usize) -> usize {
    match len {
        0..=5 => 0,
        6..=8 => 1,
        9..=12 => 2,
        _ => 3,
    }
}

fn word_similarity(a: &Slot, b: &Slot) -> f32 {
    let s = if a.class == Class::Number || b.class == Class::Number {
        if a.class == b.class && a.key == b.key { 1.0 } else { 0.0 }
    } else if a.text == b.text {
        1.0
    } else if a.key == b.key {
        if a.key.starts_with('#') { 0.97 } else { 0.95 }
    } else if a.class == Class::Initial || b.class == Class::Initial {
        // "J" may stand for "Jong", at a cost.
        let (initial, word) = if a.class == Class::Initial { (a, b) } else { (b, a) };
        if word.class != Class::Initial && word.text.starts_with(&*initial.text) { 0.8 } else { 0.0 }
    } else if a.arabic != b.arabic {
        skeleton_similarity(a, b)
    } else if a.class == Class::Stop || b.class == Class::Stop {
        0.0
    } else {
        let symbol = a.key.starts_with('#') || b.key.starts_with('#');
        // A symbol's key says nothing of its length: "#corp".
        let shorter = if symbol { a.text.len().min(b.text.len()) } else { a.key.len().min(b.key.len()) };
        let allowed = budget(shorter);
        let by_text = fuzzy(&a.text, &b.text, allowed);
        let by_key = if symbol { 0.0 } else { 0.95 * fuzzy(&a.key, &b.key, allowed) };
        by_text.max(by_key)
    };
    if a.joined || b.joined { s * 0.97 } else { s }
}

/// 1 − edits/length within the typo budget, else 0.
fn fuzzy(a: &str, b: &str, allowed: usize) -> f32 {
    let len = a.len().max(b.len());
    if allowed == 0 || a.len().abs_diff(b.len()) > allowed {
        return 0.0;
    }
    match distance::within(a.as_bytes(), b.as_bytes(), allowed) {
        Some(edits) => 1.0 - edits as f32 / len as f32,
        None => 0.0,
    }
}

/// A vowelless romanisation (Arabic script) against a spelled-out one.
fn skeleton_similarity(a: &Slot, b: &Slot) -> f32 {
    let (a, b) = (variants::skeleton(&a.text, a.arabic), variants::skeleton(&b.text, b.arabic));
    if a.is_empty() || b.is_empty() {
        0.0
    } else if a == b {
        if a.len() >= 3 { 0.9 } else { 0.8 }
    } else if a.len().min(b.len()) >= 4 && distance::within(a.as_bytes(), b.as_bytes(), 1).is_some() {
        0.7
    } else {
        0.0
    }
}

/// The score of the best pairing of two names' slots.
fn aligned(a: &[Slot], b: &[Slot], sims: &Matrix, person: bool) -> f64 {
    let mut pairs: Vec<(f32, usize, usize)> = Vec::new();
    for (i, x) in a.iter().enumerate() {
        for (j, y) in b.iter().enumerate() {
            let s = sims.get(i, j);
            if s > 0.0 {
                pairs.push((s * (x.weight + y.weight), i, j));
            }
        }
    }
    // Best pairs first; among equals, the ones in the same place.
    pairs.sort_by(|x, y| {
        y.0.total_cmp(&x.0)
            .then_with(|| a[x.1].pos.abs_diff(b[x.2].pos).cmp(&a[y.1].pos.abs_diff(b[y.2].pos)))
            .then_with(|| (x.1, x.2).cmp(&(y.1, y.2)))
    });
    let (mut used_a, mut used_b) = (vec![false; a.len()], vec![false; b.len()]);
    let mut chosen: Vec<(usize, usize)> = Vec::new();
    let mut matched = 0.0f64;
    for (value, i, j) in pairs {
        if !used_a[i] && !used_b[j] {
            used_a[i] = true;
            used_b[j] = true;
            chosen.push((i, j));
            matched += f64::from(value);
        }
    }
    // Legal forms, articles and qualifiers left over count half:
    // "Namchongang Trading" is "Nam Chon Gang Corporation" whatever the
    // legal form. Class words count in full: a ministry is no academy.
    let weight = |s: &Slot, used: bool| f64::from(s.weight) * if used || !s.incidental() { 1.0 } else { 0.5 };
    let total: f64 = a.iter().zip(&used_a).chain(b.iter().zip(&used_b)).map(|(s, &u)| weight(s, u)).sum();
    if total <= 0.0 {
        return 0.0;
    }
    let mut score = matched / total;
    let left = |slots: &[Slot], used: &[bool], what: &dyn Fn(&Slot) -> bool| {
        slots.iter().zip(used).any(|(s, used)| !used && what(s))
    };
    if left(a, &used_a, &|s| s.distinctive()) && left(b, &used_b, &|s| s.distinctive()) {
        score *= 0.8;
    } else if left(a, &used_a, &|s| s.class == Class::Org) && left(b, &used_b, &|s| s.class == Class::Org) {
        score *= 0.9;
    }
    let number = |s: &Slot| s.class == Class::Number;
    let numbers_on_both = a.iter().any(number) && b.iter().any(number);
    if numbers_on_both && (left(a, &used_a, &number) || left(b, &used_b, &number)) {
        score *= 0.7;
    }
    score * order_factor(a, b, &chosen, person)
}

/// What the order of the paired words costs.
fn order_factor(a: &[Slot], b: &[Slot], chosen: &[(usize, usize)], person: bool) -> f64 {
    // Legal forms and articles move freely ("Co. Ltd", "Bank of Korea").
    let moves = |c: Class| !matches!(c, Class::Legal | Class::Stop);
    let mut pairs: Vec<(usize, usize)> = chosen
        .iter()
        .filter(|(i, j)| moves(a[*i].class) && moves(b[*j].class))
        .map(|&(i, j)| (a[i].pos, b[j].pos))
        .collect();
    pairs.sort_unstable();
    let seq: Vec<usize> = pairs.into_iter().map(|(_, j)| j).collect();
    let descents = seq.windows(2).filter(|w| w[0] > w[1]).count();
    if descents == 0 {
        return 1.0;
    }
    let rotated = descents == 1 && seq.last() < seq.first();
    if rotated {
        return if person { 0.97 } else { 0.9 };
    }
    let inversions = (0..seq.len()).map(|i| seq[i + 1..].iter().filter(|&&y| y < seq[i]).count()).sum::<usize>();
    let per_swap: f64 = if person { 0.9 } else { 0.85 };
    per_swap.powi(inversions.min(4) as i32)
}

#[cfg(test)]
#[path = "score_tests.rs"]
mod tests;
