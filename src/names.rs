//! Name matching for screening: "is this name on a list, under any
//! spelling?".
//!
//! A name is analysed once into comparable parts ([`analyse`]): folded to
//! lower-case ASCII (accents stripped, Hangul romanised, other scripts
//! transliterated), each part with a variant key that merges romanisation
//! variants (`Jong`/`Chong`/`Jeong`, `Ri`/`Lee`) and legal-form words
//! (`Corp.`/`Corporation`). [`compare`] scores two analysed names in
//! [0, 1]; 0.7 and above means "very likely the same party", as in yente.
//! [`NameIndex`] finds candidates for a query among many names and scores
//! them; [`match_score`] weighs a name score against birth dates,
//! countries, gender and identifiers, in the spirit of yente's logic-v2.
//!
//! Nothing here knows the store: callers pass texts, owner ids and kinds.

mod acronym;
mod analyse;
mod arabic;
mod dates;
mod distance;
mod entity;
mod fold;
mod hangul;
mod index;
mod score;
mod symbols;
mod variants;

#[cfg(test)]
mod real_tests;

pub use analyse::{Name, analyse};
pub use entity::{Facts, match_score};
pub use fold::fold;
pub use index::{Hit, NameIndex, SearchOptions};
pub use score::{compare, similarity};

/// What a name belongs to, which changes how it is read: legal-form words
/// fold to symbols for organisations, persons' names may be reordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Kind {
    Person,
    Organization,
    Vessel,
    #[default]
    Unknown,
}

impl Kind {
    /// The kind of a node from its labels (`Person`, `Organization`,
    /// `Company`, `Vessel`, `Airplane`, …); a bare `LegalEntity` may be
    /// either a person or an organisation.
    pub fn from_labels<S: AsRef<str>>(labels: &[S]) -> Kind {
        let has = |l: &str| labels.iter().any(|x| x.as_ref() == l);
        if has("Person") {
            Kind::Person
        } else if has("Vessel") || has("Airplane") {
            Kind::Vessel
        } else if has("Organization") || has("Company") {
            Kind::Organization
        } else {
            Kind::Unknown
        }
    }

    /// Whether a name of one kind may be the name of the other.
    pub fn compatible(self, other: Kind) -> bool {
        self == other || self == Kind::Unknown || other == Kind::Unknown
    }
}

/// Which property of its owner a name comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Name,
    Alias,
    /// A weak alias (UN "Low" quality): scored ×0.8, good to confirm, weak
    /// on its own.
    WeakAlias,
    /// A former name, scored as an alias.
    PreviousName,
}

impl Field {
    /// The field of a property (`name`, `aliases`, `weak_aliases`,
    /// `previous_names`), or `None` for a property that holds no names.
    pub fn from_property(key: &str) -> Option<Field> {
        match key {
            "name" => Some(Field::Name),
            "aliases" => Some(Field::Alias),
            "weak_aliases" => Some(Field::WeakAlias),
            "previous_names" => Some(Field::PreviousName),
            _ => None,
        }
    }

    /// What a match on this field is worth relative to a match on the name.
    pub fn weight(self) -> f64 {
        match self {
            Field::WeakAlias => 0.8,
            Field::Name | Field::Alias | Field::PreviousName => 1.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_labels() {
        assert_eq!(Kind::from_labels(&["Person", "LegalEntity"]), Kind::Person);
        assert_eq!(Kind::from_labels(&["Organization", "LegalEntity"]), Kind::Organization);
        assert_eq!(Kind::from_labels(&["Company"]), Kind::Organization);
        assert_eq!(Kind::from_labels(&["Airplane"]), Kind::Vessel);
        assert_eq!(Kind::from_labels(&["LegalEntity"]), Kind::Unknown);
        assert_eq!(Kind::from_labels::<&str>(&[]), Kind::Unknown);
        assert!(Kind::Person.compatible(Kind::Unknown) && !Kind::Person.compatible(Kind::Vessel));
    }

    #[test]
    fn fields_from_properties() {
        assert_eq!(Field::from_property("weak_aliases"), Some(Field::WeakAlias));
        assert_eq!(Field::from_property("birth_date"), None);
        assert!(Field::WeakAlias.weight() < Field::Alias.weight());
    }
}
