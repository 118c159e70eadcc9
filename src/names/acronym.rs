//! Acronyms: "KOMID" is KOrea MIning Development (Trading Corporation),
//! "OMM" Ocean Maritime Management. An acronym is read as the beginnings
//! of the other name's words, in order: every distinctive word and place
//! gives at least its first letter, class words, legal forms, articles and
//! qualifiers in parentheses may give letters or none.
//!
//! Letters can come from so many names that an acronym is a possible
//! match, not proof: 0.6 for three letters up to 0.8 for seven or more.

use super::analyse::{Name, Part};
use super::symbols::Class;
use super::{Kind, fold};

const MIN_LETTERS: usize = 3;
const MAX_LETTERS: usize = 10;

/// The score of `short` as an acronym of `long`, 0 when it is not one.
pub(super) fn score(short: &Name, long: &Name) -> f64 {
    let [part] = short.parts() else { return 0.0 };
    let letters = part.text.as_bytes();
    let plausible = (MIN_LETTERS..=MAX_LETTERS).contains(&letters.len())
        && letters.iter().all(u8::is_ascii_lowercase)
        && short.kind() != Kind::Person
        && !long.person_like()
        && long.parts().len() >= 2
        && long.parts().len() <= fold::MAX_WORDS;
    if plausible && spells(letters, long.parts()) { (0.45 + 0.05 * letters.len() as f64).min(0.8) } else { 0.0 }
}

/// Whether `letters` are the beginnings of `parts`' words, in order.
fn spells(letters: &[u8], parts: &[Part]) -> bool {
    let optional = |p: &Part| p.weight < p.class.weight() || matches!(p.class, Class::Legal | Class::Org | Class::Stop);
    // done[i][j]: parts[i..] can spell letters[j..]. Filled from the end.
    let (n, m) = (parts.len(), letters.len());
    let mut done = vec![vec![false; m + 1]; n + 1];
    done[n][m] = true;
    for i in (0..n).rev() {
        let word = parts[i].text.as_bytes();
        for j in (0..=m).rev() {
            let skip = optional(&parts[i]) && done[i + 1][j];
            let take = (1..=word.len().min(m - j)).any(|k| word[..k] == letters[j..j + k] && done[i + 1][j + k]);
            done[i][j] = skip || take;
        }
    }
    done[0][0]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::analyse;

    fn acronym(short: &str, long: &str) -> f64 {
        score(&analyse(short, Kind::Organization), &analyse(long, Kind::Organization))
    }

    #[test]
    fn acronyms_of_the_lists() {
        assert_eq!(acronym("KOMID", "Korea Mining Development Trading Corporation"), 0.7);
        assert!(acronym("OMM", "Ocean Maritime Management Company, Limited") > 0.5);
        assert!(acronym("MID", "Munitions Industry Department") > 0.5);
        assert!(acronym("FTB", "Foreign Trade Bank") > 0.5);
        assert!(acronym("DPRK", "Democratic People's Republic of Korea") > 0.5);
        assert!(acronym("K.O.M.I.D.", "Korea Mining Development Trading Corporation") > 0.5);
    }

    #[test]
    fn what_is_not_an_acronym() {
        // Every distinctive word must give a letter.
        assert_eq!(acronym("MID", "Korea Mining Development Trading Corporation"), 0.0);
        assert_eq!(acronym("KMX", "Korea Mining Development"), 0.0);
        assert_eq!(acronym("KO", "Korea Ocean"), 0.0);
        assert_eq!(acronym("Korea", "Korea Mining Development"), 0.0);
        assert_eq!(acronym("KOMID", "KOMID"), 0.0);
        // Persons have no acronyms.
        let person = analyse("Kim Jong Un", Kind::Person);
        assert_eq!(score(&analyse("KJU", Kind::Unknown), &person), 0.0);
    }
}
