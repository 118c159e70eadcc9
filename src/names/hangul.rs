//! Hangul syllables in a McCune–Reischauer-like romanisation, the one the
//! UN and OFAC lists use ("Kim", "Chol", "Ri"), without its breves and
//! apostrophes (ŏ → o, ŭ → u, ch' → ch), since those are folded away anyway.
//!
//! Each syllable is read as if it began a word (김 → "kim", 정 → "chong"):
//! Korean names are written syllable by syllable in the lists, and the
//! voicing MR writes inside a word (g/k, j/ch, b/p) is folded by the
//! variant keys anyway.

const FIRST: u32 = 0xAC00;
const LAST: u32 = 0xD7A3;

const INITIALS: [&str; 19] =
    ["k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch", "ch", "k", "t", "p", "h"];
const MEDIALS: [&str; 21] = [
    "a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "u", "ui",
    "i",
];
const FINALS: [&str; 28] = [
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t",
    "t", "k", "t", "p", "t",
];

/// Whether `c` is a precomposed Hangul syllable (U+AC00–U+D7A3).
pub(super) fn is_syllable(c: char) -> bool {
    (FIRST..=LAST).contains(&(c as u32))
}

/// The romanisation of one syllable, or `None` for any other character.
/// A syllable is U+AC00 + (initial × 21 + medial) × 28 + final.
pub(super) fn romanise(c: char) -> Option<String> {
    if !is_syllable(c) {
        return None;
    }
    let index = c as u32 - FIRST;
    let (initial, rest) = ((index / (21 * 28)) as usize, index % (21 * 28));
    let (medial, last) = ((rest / 28) as usize, (rest % 28) as usize);
    // The index arithmetic keeps every part in range; get() keeps it panic-free.
    let part = |table: &[&'static str], i: usize| table.get(i).copied().unwrap_or("");
    Some([part(&INITIALS, initial), part(&MEDIALS, medial), part(&FINALS, last)].concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str) -> String {
        text.chars().filter_map(romanise).collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn syllables_come_out_as_the_lists_write_them() {
        assert_eq!(word("김정은"), "kim chong un");
        assert_eq!(word("리철"), "ri chol");
        assert_eq!(word("박최"), "pak choe");
        assert_eq!(word("류경"), "ryu kyong");
        assert_eq!(word("평양"), "pyong yang");
        assert_eq!(word("조선"), "cho son");
    }

    #[test]
    fn the_ends_of_the_block_and_other_characters() {
        assert_eq!(romanise('가').as_deref(), Some("ka"));
        assert_eq!(romanise('\u{D7A3}').as_deref(), Some("hit"));
        assert_eq!(romanise('a'), None);
        assert_eq!(romanise('ㄱ'), None);
        assert!(!is_syllable('\u{D7A4}'));
    }
}
