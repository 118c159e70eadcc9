//! Text → words of lower-case ASCII letters and digits.
//!
//! - Accents and other marks go (NFKD, then marks dropped): "Ḩasan" → "hasan".
//! - Apostrophes, primes and dots inside a word are deleted, not split on:
//!   McCune–Reischauer "Ch'o'l" → "chol", "O'Brien" → "obrien", "K.O.M.I.D."
//!   → "komid". Hyphens and other punctuation separate words.
//! - Hangul syllables are romanised one by one (see `hangul.rs`), each its
//!   own word, as the lists write Korean names ("Kim Jong Un").
//! - Arabic script comes out as its consonants, one Latin letter each (see
//!   `arabic.rs`); the word is marked, to be compared by skeleton.
//! - Other scripts go through deunicode: Cyrillic comes out well, Han in
//!   Mandarin readings, one word per character.
//! - Words inside parentheses are marked: they are qualifiers ("(HONG
//!   KONG)", "(OMM)") and weigh less.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use super::{arabic, hangul};

/// Work on a name is capped: nobody's name is longer, and a huge input
/// must not cost more than a normal one.
pub(super) const MAX_CHARS: usize = 200;
pub(super) const MAX_WORDS: usize = 20;

/// One word of a name.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Word {
    pub text: String,
    /// Written in Arabic script: its romanisation has no vowels.
    pub arabic: bool,
    /// Inside parentheses or brackets.
    pub aside: bool,
}

/// The words of a name, folded, at most [`MAX_WORDS`] of them.
pub(super) fn words(text: &str) -> Vec<Word> {
    let mut out = Words { words: Vec::new(), current: Word::default(), depth: 0 };
    let mut chars = text.chars().take(MAX_CHARS).peekable();
    let mut at_start = true;
    while let Some(c) = chars.next() {
        // The Arabic article ال is written onto its word ("التكريتي"):
        // apart, it is the "al" of the Latin spellings ("al-Tikriti").
        if at_start && c == '\u{0627}' && chars.peek() == Some(&'\u{0644}') {
            chars.next();
            out.flush();
            out.current.text.push_str("al");
            out.flush();
            continue;
        }
        at_start = c.is_whitespace() || c == '-';
        out.char(c);
    }
    out.flush();
    out.words.truncate(MAX_WORDS);
    out.words
}

/// A name folded to its words joined by single spaces: a key for exact
/// look-ups ("KIM, Jong-un" → "kim jong un").
pub fn fold(text: &str) -> String {
    words(text).into_iter().map(|w| w.text).collect::<Vec<_>>().join(" ")
}

struct Words {
    words: Vec<Word>,
    current: Word,
    depth: usize,
}

impl Words {
    fn char(&mut self, c: char) {
        match c {
            '(' | '[' | '{' => {
                self.flush();
                self.depth += 1;
            }
            ')' | ']' | '}' => {
                self.flush();
                self.depth = self.depth.saturating_sub(1);
            }
            _ if hangul::is_syllable(c) => {
                self.flush();
                if let Some(syllable) = hangul::romanise(c) {
                    self.current.text = syllable;
                }
                self.flush();
            }
            _ if c.is_ascii() => self.ascii(c),
            _ => decompose_compatible(c, |d| self.decomposed(d)),
        }
    }

    fn ascii(&mut self, c: char) {
        if c.is_ascii_alphanumeric() {
            self.current.text.push(c.to_ascii_lowercase());
        } else if !is_deleted(c) {
            self.flush();
        }
    }

    /// One character of a non-ASCII character's compatibility decomposition.
    fn decomposed(&mut self, d: char) {
        if d.is_ascii() {
            return self.ascii(d);
        }
        if is_combining_mark(d) || is_deleted(d) {
            return;
        }
        if arabic::is_arabic(d) {
            self.current.arabic = true;
            if let Some(consonant) = arabic::consonant(d) {
                return self.current.text.push_str(consonant);
            }
        }
        let Some(ascii) = deunicode::deunicode_char(d) else {
            return self.flush();
        };
        // Han characters are each a syllable of their own.
        let han = is_han(d);
        if han {
            self.flush();
        }
        for a in ascii.chars() {
            if a.is_ascii_alphanumeric() {
                self.current.text.push(a.to_ascii_lowercase());
            } else if a.is_whitespace() || a == '-' {
                self.flush();
            }
            // deunicode writes ʿayn as '`' and tāʾ marbūṭa as '@': no letters.
        }
        if han {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if self.current.text.is_empty() {
            self.current.arabic = false;
            return;
        }
        let mut word = std::mem::take(&mut self.current);
        word.aside = self.depth > 0;
        if self.words.len() < MAX_WORDS {
            self.words.push(word);
        }
    }
}

/// Characters deleted inside words: apostrophes, primes, the MR breve's
/// stand-ins and dots.
fn is_deleted(c: char) -> bool {
    matches!(c, '\'' | '`' | '´' | '.' | '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{02BB}' | '\u{2032}' | '\u{02B9}')
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_accents_and_punctuation() {
        assert_eq!(fold("KIM, Jong-un"), "kim jong un");
        assert_eq!(fold("  Ḩasan   ʿAlī "), "hasan ali");
        assert_eq!(fold("Müller & Söhne GmbH."), "muller sohne gmbh");
        assert_eq!(fold("Straße Ø Łódź"), "strasse o lodz");
        assert_eq!(fold("ＫＩＭ"), "kim");
    }

    #[test]
    fn apostrophes_and_dots_are_deleted_inside_words() {
        assert_eq!(fold("Ch'o'l"), "chol");
        assert_eq!(fold("CH'OE SO’K MIN"), "choe sok min");
        assert_eq!(fold("Min Pyo’ng-ch’o’l"), "min pyong chol");
        assert_eq!(fold("O'Brien"), "obrien");
        assert_eq!(fold("K.O.M.I.D."), "komid");
        assert_eq!(fold("Korea Mining Dev. Trading Corp."), "korea mining dev trading corp");
    }

    #[test]
    fn hangul_syllables_are_words() {
        assert_eq!(fold("김정은"), "kim chong un");
        assert_eq!(fold("김 정은"), "kim chong un");
    }

    #[test]
    fn other_scripts() {
        assert_eq!(fold("Сергей Лавров"), "sergei lavrov");
        assert_eq!(fold("金正恩"), "jin zheng en");
        let arabic = words("محمد");
        assert_eq!(arabic, [Word { text: "mhmd".into(), arabic: true, aside: false }]);
        assert_eq!(fold("أسامة بن لادن"), "sm bn ldn");
        assert_eq!(fold("علي حسن التكريتي"), "ly hsn al tkryty");
        assert_eq!(fold("طه ياسين"), "th ysyn");
    }

    #[test]
    fn parentheses_mark_qualifiers() {
        let w = words("LEADER (HONG KONG) INTERNATIONAL");
        let aside: Vec<bool> = w.iter().map(|w| w.aside).collect();
        assert_eq!(aside, [false, true, true, false]);
        // An unbalanced parenthesis does not leak.
        assert_eq!(words("a) b").iter().filter(|w| w.aside).count(), 0);
    }

    #[test]
    fn nothing_and_too_much() {
        assert_eq!(fold(""), "");
        assert_eq!(fold(" - ' . "), "");
        assert_eq!(fold("\u{0301}\u{200B}\u{FFFF}"), "");
        let long = "ab ".repeat(10_000);
        assert_eq!(words(&long).len(), MAX_WORDS);
        assert!(fold(&"x".repeat(100_000)).len() <= MAX_CHARS);
    }
}
