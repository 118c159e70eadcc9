//! Whether two parties are the same, from everything known of them, in the
//! spirit of yente's logic-v2: the best of the main features (the name,
//! a weak alias, an identical identifier) is the score, and qualifiers that
//! disagree subtract from it.

use super::dates::{self, Agreement};
use super::{Kind, analyse, compare, fold};

/// A cap on the names compared per side: a party with hundreds of aliases
/// must not cost hundreds of times more.
const MAX_NAMES: usize = 50;

/// What is known of a party.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    pub kind: Kind,
    /// The name, aliases and previous names.
    pub names: Vec<String>,
    /// Weak aliases (UN "Low" quality): they confirm, but count ×0.8.
    pub weak_names: Vec<String>,
    /// "1964", "1964-07" or "1964-07-17".
    pub birth_dates: Vec<String>,
    /// ISO 3166 alpha-2 codes, or names ("Korea, North"); case does not matter.
    pub countries: Vec<String>,
    /// "male"/"female" (or "m"/"f").
    pub gender: Option<String>,
    /// Passport, id and IMO numbers, as written ("PD 836410", "IMO 8916580").
    pub identifiers: Vec<String>,
}

/// How likely two parties are the same, in [0, 1] (0.7 and above: very
/// likely), with the features that made the score, each with what it
/// added or took away.
pub fn match_score(query: &Facts, candidate: &Facts) -> (f64, Vec<(&'static str, f64)>) {
    let mut features = Vec::new();
    let names = |f: &Facts, weak: bool| {
        let list = if weak { &f.weak_names } else { &f.names };
        list.iter().take(MAX_NAMES).map(|n| analyse(n, f.kind)).filter(|n| !n.is_empty()).collect::<Vec<_>>()
    };
    let (q_names, c_names) = (names(query, false), names(candidate, false));
    let (q_weak, c_weak) = (names(query, true), names(candidate, true));
    let best = |a: &[super::Name], b: &[super::Name]| {
        a.iter().flat_map(|x| b.iter().map(move |y| compare(x, y))).fold(0.0, f64::max)
    };
    let name = best(&q_names, &c_names);
    let weak = 0.8 * best(&q_names, &c_weak).max(best(&q_weak, &c_names));
    let identifier = if shared_identifier(&query.identifiers, &candidate.identifiers) { 0.95 } else { 0.0 };
    for (feature, value) in [("name", name), ("weak_alias", weak), ("identifier", identifier)] {
        if value > 0.0 {
            features.push((feature, value));
        }
    }
    let main = name.max(weak).max(identifier);
    if main <= 0.0 {
        return (0.0, features);
    }
    let mut qualifiers = Vec::new();
    match dates::agreement(&query.birth_dates, &candidate.birth_dates) {
        Some(Agreement::Disjoint) => {
            qualifiers.push(("birth_year_mismatch", -0.15));
            qualifiers.push(("birth_date_mismatch", -0.25));
        }
        Some(Agreement::SameYearOnly) => qualifiers.push(("birth_date_mismatch", -0.25)),
        Some(Agreement::Fits) | None => {}
    }
    if countries_disagree(&query.countries, &candidate.countries) {
        qualifiers.push(("country_mismatch", -0.2));
    }
    if let (Some(q), Some(c)) = (gender(query), gender(candidate))
        && q != c
    {
        qualifiers.push(("gender_mismatch", -0.2));
    }
    if !query.kind.compatible(candidate.kind) {
        qualifiers.push(("kind_mismatch", -0.3));
    }
    let score = main + qualifiers.iter().map(|(_, v)| v).sum::<f64>();
    features.extend(qualifiers);
    (score.clamp(0.0, 1.0), features)
}

/// An identifier as compared: upper-case letters and digits only, without
/// an "IMO" prefix; too short to be telling (under five) is none.
fn identifier_key(text: &str) -> Option<String> {
    let key: String = text.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_uppercase()).collect();
    let key = match key.strip_prefix("IMO") {
        Some(digits) if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => digits.to_string(),
        _ => key,
    };
    (key.len() >= 5).then_some(key)
}

fn shared_identifier(a: &[String], b: &[String]) -> bool {
    let b: Vec<String> = b.iter().filter_map(|i| identifier_key(i)).collect();
    a.iter().filter_map(|i| identifier_key(i)).any(|k| b.contains(&k))
}

/// Country names the lists use, to ISO codes; anything else is compared
/// as folded text.
const COUNTRIES: &[(&str, &[&str])] = &[
    ("kp", &["prk", "north korea", "korea north", "dprk", "democratic peoples republic of korea", "korea dpr"]),
    ("kr", &["kor", "south korea", "korea south", "republic of korea", "korea republic of"]),
    ("cn", &["chn", "china", "peoples republic of china"]),
    ("ru", &["rus", "russia", "russian federation"]),
    ("ir", &["irn", "iran", "iran islamic republic of", "islamic republic of iran"]),
    ("sy", &["syr", "syria", "syrian arab republic"]),
    ("us", &["usa", "united states", "united states of america"]),
    ("gb", &["gbr", "uk", "united kingdom", "great britain"]),
    ("ae", &["are", "uae", "united arab emirates"]),
    ("hk", &["hkg", "hong kong"]),
    ("sg", &["sgp", "singapore"]),
    ("tw", &["twn", "taiwan"]),
    ("mm", &["mmr", "myanmar", "burma"]),
    ("vn", &["vnm", "vietnam", "viet nam"]),
    ("my", &["mys", "malaysia"]),
    ("th", &["tha", "thailand"]),
];

/// The key of a country, empty for one that says too little ("Korea").
fn country_key(text: &str) -> String {
    let folded = fold(text);
    if folded == "korea" {
        return String::new();
    }
    COUNTRIES
        .iter()
        .find(|(code, names)| *code == folded || names.contains(&folded.as_str()))
        .map_or(folded, |(code, _)| (*code).to_string())
}

fn countries_disagree(a: &[String], b: &[String]) -> bool {
    let keys = |v: &[String]| v.iter().map(|c| country_key(c)).filter(|k| !k.is_empty()).collect::<Vec<_>>();
    let (a, b) = (keys(a), keys(b));
    !a.is_empty() && !b.is_empty() && !a.iter().any(|k| b.contains(k))
}

fn gender(facts: &Facts) -> Option<char> {
    match fold(facts.gender.as_deref()?).as_str() {
        "m" | "male" | "man" => Some('m'),
        "f" | "female" | "woman" => Some('f'),
        _ => None,
    }
}

#[cfg(test)]
#[path = "entity_tests.rs"]
mod tests;
