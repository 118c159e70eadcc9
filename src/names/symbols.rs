//! Words that say what kind of organisation a name belongs to, not which
//! one: legal forms (Limited, Inc.), class words (Trading, Shipping, Bank),
//! places and articles. Each folds to a symbol (`#corp`), so spellings and
//! abbreviations meet ("Corp." = "Corporation" = "Co."), and each weighs
//! less than a distinctive word in a score: "Korea Kwangson Banking Corp"
//! and "Korea Daesong Bank" share three words but not the one that counts.
//! (rigour's org_types and symbols, much shortened.)

/// What a word of a name is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Class {
    /// A distinctive word: a given name, "Kwangson".
    Word,
    /// A single letter, which may stand for any word starting with it.
    Initial,
    Number,
    /// A legal form: Limited, Incorporated, Corporation, GmbH.
    Legal,
    /// A class word of organisations: Trading, Shipping, Bank.
    Org,
    /// A country, region or city ("Korea", "Pyongyang").
    Place,
    /// An article, a preposition, a name particle ("of", "al", "bin").
    Stop,
}

impl Class {
    /// How much a word of this class counts in a score.
    pub(super) fn weight(self) -> f32 {
        match self {
            Class::Word | Class::Number => 1.0,
            Class::Place | Class::Initial => 0.7,
            Class::Org => 0.5,
            Class::Legal => 0.35,
            Class::Stop => 0.3,
        }
    }

    /// Whether an unmatched word of this class is evidence of another
    /// party (a substitution), not a qualifier left out.
    pub(super) fn distinctive(self) -> bool {
        matches!(self, Class::Word | Class::Number | Class::Initial)
    }
}

const LEGAL: &[(&str, &[&str])] = &[
    ("corp", &["corporation", "corp", "co", "company", "companies", "compagnie", "cie", "cia", "corpn"]),
    ("ltd", &["limited", "ltd", "ltda", "limitada", "ltee"]),
    ("llc", &["llc", "ooo", "tov", "llp", "lp"]),
    ("inc", &["incorporated", "inc"]),
    ("plc", &["plc"]),
    ("jsc", &["jsc", "ojsc", "cjsc", "pjsc", "oao", "zao", "pao", "jstock"]),
    ("gmbh", &["gmbh", "mbh"]),
    ("sarl", &["sarl", "sas", "spa", "srl"]),
    ("ag", &["ag"]),
    ("bv", &["bv", "nv"]),
    ("pte", &["pte", "pty", "pvt", "private"]),
    ("fz", &["fze", "fzco", "fzc", "fzllc", "dmcc"]),
    ("sdn", &["sdn", "bhd"]),
    ("jv", &["jv"]),
];

const ORG: &[(&str, &[&str])] = &[
    ("trade", &["trading", "trade", "trader", "traders", "tradg", "trdg", "commercial", "commerce"]),
    ("ship", &["shipping", "shpg", "ship", "ships", "shipmanagement", "navigation", "maritime", "marine"]),
    ("intl", &["international", "intl", "internat", "internacional"]),
    ("dev", &["development", "dev", "devt", "develop", "developing"]),
    ("bank", &["bank", "banking", "bk", "banque", "banca", "banco"]),
    ("group", &["group", "grp", "groups", "gruppa", "grupo"]),
    ("ind", &["industry", "industries", "industrial", "ind", "inds", "indus"]),
    ("hold", &["holding", "holdings", "hldgs", "hldg"]),
    ("ent", &["enterprise", "enterprises", "entreprise"]),
    ("natl", &["national", "natl"]),
    ("gen", &["general", "genl"]),
    ("tech", &["technology", "technologies", "tech", "technical", "techn", "technique"]),
    ("assoc", &["association", "assoc", "assn"]),
    ("cttee", &["committee", "cttee", "commission"]),
    ("dept", &["department", "dept"]),
    ("mfg", &["manufacturing", "mfg", "manufacture", "manufacturers"]),
    ("mgmt", &["management", "mgmt", "mgt", "managing"]),
    ("svc", &["services", "service", "svc", "svcs"]),
    ("invest", &["investment", "investments", "invest"]),
    ("eng", &["engineering", "eng", "engg"]),
    ("constr", &["construction", "constr"]),
    ("import", &["import", "imports"]),
    ("export", &["export", "exports"]),
    ("bros", &["brothers", "bros"]),
    ("jt", &["joint"]),
    ("venture", &["venture", "ventures"]),
    ("factory", &["factory", "plant", "works", "complex"]),
    ("equip", &["equipment", "equip"]),
    ("ministry", &["ministry", "mnstry"]),
    ("bureau", &["bureau", "office"]),
    ("center", &["centre", "center", "ctr"]),
    ("inst", &["institute", "institution", "inst"]),
    ("univ", &["university", "univ"]),
    ("academy", &["academy", "acad"]),
    ("agency", &["agency", "agcy"]),
];

const PLACES: &[(&str, &[&str])] = &[
    ("kp", &["korea", "korean", "dprk", "choson", "chosun", "joson", "dprkn", "koryo"]),
    ("pyongyang", &["pyongyang", "phyongyang"]),
    ("cn", &["china", "chinese", "prc"]),
    ("hk", &["hongkong"]),
    ("ru", &["russia", "russian"]),
    ("ir", &["iran", "iranian"]),
    ("sy", &["syria", "syrian"]),
    ("ae", &["uae", "emirates", "dubai"]),
    ("sg", &["singapore"]),
    ("asia", &["asia", "asian"]),
    ("east", &["east", "eastern"]),
    ("west", &["west", "western"]),
    ("north", &["north", "northern"]),
    ("south", &["south", "southern"]),
    ("global", &["global", "worldwide"]),
    ("overseas", &["overseas"]),
    ("foreign", &["foreign"]),
];

/// Articles and prepositions of organisations' names.
const STOP: &[&str] = &["of", "the", "and", "for", "de", "du", "des", "la", "le", "el", "al", "et", "und"];

/// Particles of persons' names: they count, but little.
const PARTICLES: &[&str] =
    &["al", "el", "bin", "ibn", "bint", "binti", "van", "von", "der", "de", "da", "di", "du", "del"];

/// The symbol and class of an organisation's word, when it has one.
pub(super) fn org_symbol(word: &str) -> Option<(&'static str, Class)> {
    let find = |table: &[(&'static str, &[&str])]| table.iter().find(|(_, ws)| ws.contains(&word)).map(|(s, _)| *s);
    if let Some(s) = find(LEGAL) {
        return Some((s, Class::Legal));
    }
    if let Some(s) = find(ORG) {
        return Some((s, Class::Org));
    }
    if let Some(s) = find(PLACES) {
        return Some((s, Class::Place));
    }
    STOP.iter().find(|w| **w == word).map(|w| (*w, Class::Stop))
}

/// Whether a word of a person's name is a particle ("bin", "al", "van").
pub(super) fn is_particle(word: &str) -> bool {
    PARTICLES.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_a_class_meet() {
        let symbol = |w| org_symbol(w).map(|(s, _)| s);
        assert_eq!(symbol("corp"), symbol("corporation"));
        assert_eq!(symbol("co"), symbol("company"));
        assert_eq!(symbol("ltd"), symbol("limited"));
        assert_eq!(symbol("shpg"), symbol("shipping"));
        assert_eq!(symbol("intl"), symbol("international"));
        assert_eq!(symbol("dev"), symbol("development"));
        assert_eq!(symbol("bank"), symbol("banking"));
        assert_eq!(symbol("trade"), symbol("trading"));
        assert_eq!(symbol("kwangson"), None);
        assert_eq!(org_symbol("corp").map(|(_, c)| c), Some(Class::Legal));
        assert_eq!(org_symbol("of").map(|(_, c)| c), Some(Class::Stop));
    }

    #[test]
    fn no_word_is_in_two_tables() {
        let mut seen = std::collections::HashSet::new();
        for table in [LEGAL, ORG, PLACES] {
            for (_, words) in table {
                for w in *words {
                    assert!(seen.insert(*w), "{w} twice");
                }
            }
        }
        for w in STOP {
            assert!(seen.insert(*w), "{w} twice");
        }
    }

    #[test]
    fn weights_order_the_classes() {
        assert!(Class::Word.weight() > Class::Place.weight());
        assert!(Class::Place.weight() > Class::Org.weight());
        assert!(Class::Org.weight() > Class::Legal.weight());
        assert!(Class::Word.distinctive() && !Class::Legal.distinctive());
    }
}
