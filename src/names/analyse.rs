//! A name analysed once into comparable parts: what an index stores and
//! [`compare`](super::compare) reads.

use super::Kind;
use super::fold::{self, Word};
use super::symbols::{self, Class};
use super::variants;

/// A name as comparable parts, analysed for one [`Kind`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Name {
    kind: Kind,
    parts: Vec<Part>,
}

/// One word of a name.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Part {
    /// The folded word ("jong", "corporation").
    pub text: String,
    /// What it is compared by: its variant key ("jonk"), or for a class
    /// word its symbol ("#corp").
    pub key: String,
    pub class: Class,
    pub weight: f32,
    /// Romanised from Arabic script, so compared by consonant skeleton.
    pub arabic: bool,
    /// In parentheses: a qualifier, which counts half.
    pub aside: bool,
}

/// Vessel name prefixes ("MV Ji Song 6"), not part of the name.
const VESSEL_PREFIXES: &[&str] = &["mv", "mt", "ms", "fv", "mfv", "ssk"];

/// Analyses a name for comparison. Never fails: an empty or unreadable
/// text gives an empty name, which matches nothing.
pub fn analyse(text: &str, kind: Kind) -> Name {
    let words = fold::words(text);
    let org = match kind {
        Kind::Organization | Kind::Vessel => true,
        Kind::Person => false,
        // A name of unknown kind reads as an organisation's when it has a
        // legal form or a class word ("Trading", "Bank").
        Kind::Unknown => words
            .iter()
            .any(|w| symbols::org_symbol(&w.text).is_some_and(|(_, c)| matches!(c, Class::Legal | Class::Org))),
    };
    let mut parts: Vec<Part> = words.into_iter().map(|w| part(w, org)).collect();
    if kind == Kind::Vessel {
        mark_vessel_prefix(&mut parts);
    }
    Name { kind, parts }
}

fn part(word: Word, org: bool) -> Part {
    let Word { text, arabic, aside } = word;
    let (key, class) = if text.bytes().all(|b| b.is_ascii_digit()) {
        (variants::key(&text), Class::Number)
    } else if let Some((symbol, class)) = symbols::org_symbol(&text).filter(|_| org) {
        (format!("#{symbol}"), class)
    } else if text.len() == 1 {
        // Also a Korean syllable ("Cho Il U" = "Cho Il Woo").
        (variants::key(&text), Class::Initial)
    } else if !org && symbols::is_particle(&text) {
        (text.clone(), Class::Stop)
    } else {
        (variants::key(&text), Class::Word)
    };
    // Qualifiers in parentheses ("(HONG KONG)", "(FTB)") count half.
    let weight = class.weight() * if aside { 0.5 } else { 1.0 };
    Part { text, key, class, weight, arabic, aside }
}

fn mark_vessel_prefix(parts: &mut [Part]) {
    let prefix = match parts {
        [first, second, _, ..] if first.text == "m" && matches!(second.text.as_str(), "v" | "t") => 2,
        [first, _, ..] if VESSEL_PREFIXES.contains(&first.text.as_str()) => 1,
        _ => 0,
    };
    for p in parts.iter_mut().take(prefix) {
        p.class = Class::Stop;
        p.weight = Class::Stop.weight();
    }
}

impl Name {
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// Whether nothing comparable is left (an empty or all-punctuation text).
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The folded words, in order.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().map(|p| p.text.as_str())
    }

    /// The keys the words are compared by: variant keys, and `#symbol`
    /// for legal-form and class words.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().map(|p| p.key.as_str())
    }

    pub(super) fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// Whether the name reads as a person's (reordering is then free).
    pub(super) fn person_like(&self) -> bool {
        match self.kind {
            Kind::Person => true,
            Kind::Organization | Kind::Vessel => false,
            Kind::Unknown => !self.parts.iter().any(|p| matches!(p.class, Class::Legal | Class::Org)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str, kind: Kind) -> Vec<String> {
        analyse(text, kind).keys().map(str::to_string).collect()
    }

    #[test]
    fn variants_share_keys() {
        assert_eq!(keys("Kim Jong Un", Kind::Person), keys("GIM Chong-eun", Kind::Person));
        assert_eq!(keys("김정은", Kind::Person), keys("Kim Jong Un", Kind::Person));
        assert_eq!(keys("RI Hong Sop", Kind::Person), keys("Lee Hong Sop", Kind::Person));
    }

    #[test]
    fn legal_forms_fold_to_symbols_for_organisations() {
        assert_eq!(
            keys("Korea Mining Dev. Trading Corp.", Kind::Organization),
            keys("KOREA MINING DEVELOPMENT TRADING CORPORATION", Kind::Organization)
        );
        assert_eq!(keys("Korea Ansan SHPG CO", Kind::Organization), keys("Korea Ansan Shipping Company", Kind::Vessel));
        // A person's name keeps its words; an unknown one reads as an
        // organisation's only with a legal form or class word in it.
        assert_eq!(keys("Ko Co", Kind::Person), ["ko", "ko"]);
        assert_eq!(keys("Daesong Bank", Kind::Unknown), ["taesonk", "#bank"]);
        assert_eq!(keys("Bank", Kind::Person), ["pank"]);
    }

    #[test]
    fn classes_and_weights() {
        let name = analyse("Leader (Hong Kong) International 2 J. Smith", Kind::Organization);
        let classes: Vec<Class> = name.parts().iter().map(|p| p.class).collect();
        use Class::*;
        assert_eq!(classes, [Word, Word, Word, Org, Number, Initial, Word]);
        assert_eq!(name.parts()[1].weight, 0.5);
        let particles = analyse("Usama bin Laden", Kind::Person);
        assert_eq!(particles.parts()[1].class, Stop);
    }

    #[test]
    fn vessel_prefixes_count_little() {
        let name = analyse("M/V JI SONG 6", Kind::Vessel);
        let stops = name.parts().iter().filter(|p| p.class == Class::Stop).count();
        assert_eq!(stops, 2);
        // A name that is only a prefix stays a name.
        assert_eq!(analyse("MV", Kind::Vessel).parts()[0].class, Class::Word);
    }

    #[test]
    fn empty_names() {
        assert!(analyse("", Kind::Person).is_empty());
        assert!(analyse("()-'", Kind::Unknown).is_empty());
        assert_eq!(analyse("x", Kind::Vessel).kind(), Kind::Vessel);
    }
}
