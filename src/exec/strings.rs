//! The string functions Cypher 25 adds: trimming a set of characters and
//! Unicode normalization (unicode-normalization does the tables).

use unicode_normalization::{
    IsNormalized, UnicodeNormalization, is_nfc_quick, is_nfd_quick, is_nfkc_quick, is_nfkd_quick,
};

use crate::ast::NormalForm;

/// `s` without the leading (`start`) and trailing (`end`) characters that
/// are in `characters`, or whitespace when no characters are given.
pub fn trim<'s>(s: &'s str, characters: Option<&str>, start: bool, end: bool) -> &'s str {
    let strip = |c: char| characters.map_or(c.is_whitespace(), |set| set.contains(c));
    let s = if start { s.trim_start_matches(strip) } else { s };
    if end { s.trim_end_matches(strip) } else { s }
}

pub fn normalize(s: &str, form: NormalForm) -> String {
    match form {
        NormalForm::Nfc => s.nfc().collect(),
        NormalForm::Nfd => s.nfd().collect(),
        NormalForm::Nfkc => s.nfkc().collect(),
        NormalForm::Nfkd => s.nfkd().collect(),
    }
}

pub fn is_normalized(s: &str, form: NormalForm) -> bool {
    let quick = match form {
        NormalForm::Nfc => is_nfc_quick(s.chars()),
        NormalForm::Nfd => is_nfd_quick(s.chars()),
        NormalForm::Nfkc => is_nfkc_quick(s.chars()),
        NormalForm::Nfkd => is_nfkd_quick(s.chars()),
    };
    match quick {
        IsNormalized::Yes => true,
        IsNormalized::No => false,
        IsNormalized::Maybe => normalize(s, form) == s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_the_given_characters_only() {
        assert_eq!(trim("xxhixyx", Some("xy"), true, true), "hi");
        assert_eq!(trim("xxhix", Some("x"), true, false), "hix");
        assert_eq!(trim("  hi  ", None, false, true), "  hi");
    }

    #[test]
    fn normal_forms_differ_as_unicode_defines() {
        let decomposed = "e\u{301}";
        assert_eq!(normalize(decomposed, NormalForm::Nfc), "\u{e9}");
        assert!(!is_normalized(decomposed, NormalForm::Nfc));
        assert!(is_normalized(decomposed, NormalForm::Nfd));
        assert_eq!(normalize("\u{fb01}", NormalForm::Nfkc), "fi");
    }
}
