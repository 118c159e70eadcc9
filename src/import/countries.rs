//! Every way the lists write a country — `Korea, North`, `DPRK`,
//! `Democratic People's Republic of Korea`, `kp` — resolved to one
//! territory of the embedded table (rigour's territories, MIT licensed;
//! `data/territories.LICENSE`).

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::listing::fold_words as fold;

const TABLE: &str = include_str!("../../data/territories.jsonl");

/// One territory: its FtM code (`kp`) and English name (`North Korea`).
#[derive(Debug, Deserialize)]
pub struct Territory {
    pub code: String,
    pub name: String,
    #[serde(default)]
    full_name: Option<String>,
    #[serde(default)]
    alpha3: Option<String>,
    #[serde(default)]
    names_strong: Vec<String>,
    #[serde(default)]
    names_weak: Vec<String>,
}

impl Territory {
    /// Its names by tier: 0 codes and official names, 1 strong names, 2
    /// weak ones.
    fn names(&self, tier: usize) -> Vec<&str> {
        match tier {
            0 => [Some(&self.code), Some(&self.name), self.full_name.as_ref(), self.alpha3.as_ref()]
                .into_iter()
                .flatten()
                .map(String::as_str)
                .collect(),
            1 => self.names_strong.iter().map(String::as_str).collect(),
            _ => self.names_weak.iter().map(String::as_str).collect(),
        }
    }

    /// The `iso2` property of its Country node: the code upper-cased.
    pub fn iso2(&self) -> String {
        self.code.to_uppercase()
    }
}

struct Table {
    territories: Vec<Territory>,
    /// Folded name → territory. Codes and official names win over strong
    /// names, which win over weak ones (the table has no clash within a
    /// tier).
    by_name: HashMap<String, usize>,
}

fn table() -> &'static Table {
    static TABLE_CELL: OnceLock<Table> = OnceLock::new();
    TABLE_CELL.get_or_init(|| {
        // The table is compiled in and checked by a test: a line that does
        // not parse is skipped rather than taking the program down.
        let territories: Vec<Territory> = TABLE.lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
        let mut by_name = HashMap::new();
        for tier in 0..3 {
            for (i, t) in territories.iter().enumerate() {
                for name in t.names(tier) {
                    by_name.entry(fold(name)).or_insert(i);
                }
            }
        }
        Table { territories, by_name }
    })
}

/// The territory a list means by `text`, if the table knows it. A
/// parenthesised part is tried on its own too (`Iran (Islamic Republic
/// of)`), and `X, Y` as `Y X` (`Korea, Republic of` is in the table, but
/// `Bahamas, The` is not).
pub fn resolve(text: &str) -> Option<&'static Territory> {
    let table = table();
    let find = |t: &str| table.by_name.get(&fold(t)).map(|i| &table.territories[*i]);
    if let Some(t) = find(text) {
        return Some(t);
    }
    let text = text.trim();
    if let Some((head, _)) = text.split_once('(')
        && let Some(t) = find(head)
    {
        return Some(t);
    }
    if let Some((head, tail)) = text.split_once(',') {
        return find(&format!("{} {}", tail.trim(), head.trim())).or_else(|| find(head));
    }
    // A label before the country (`Region: Crimea`, `Branch Office 11:
    // Iran`), or a hedge (`possibly Palestinian`).
    let unlabelled = text.rsplit_once(':').map_or(text, |(_, country)| country);
    let unhedged = unlabelled.trim().strip_prefix("possibly ").unwrap_or(unlabelled);
    if unhedged != text { resolve(unhedged) } else { None }
}

/// The territory with FtM code `code`.
pub fn by_code(code: &str) -> Option<&'static Territory> {
    table().territories.iter().find(|t| t.code.eq_ignore_ascii_case(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_whole() {
        assert_eq!(table().territories.len(), TABLE.lines().filter(|l| !l.trim().is_empty()).count());
        assert_eq!(table().territories.len(), 612);
    }

    #[test]
    fn every_spelling_of_north_korea_is_one_territory() {
        for spelling in [
            "Korea, North",
            "DPRK",
            "Democratic People's Republic of Korea",
            "kp",
            "KP",
            "조선민주주의인민공화국",
            "PRK",
        ] {
            let t = resolve(spelling).map(|t| (t.name.as_str(), t.iso2()));
            assert_eq!(t, Some(("North Korea", "KP".to_string())), "{spelling}");
        }
        assert_eq!(resolve("Korea, South").map(|t| t.code.as_str()), Some("kr"));
        assert_eq!(resolve("Iran (Islamic Republic of)").map(|t| t.code.as_str()), Some("ir"));
        assert!(resolve("Atlantis").is_none());
        assert_eq!(resolve("Branch Office 11: Iran").map(|t| t.code.as_str()), Some("ir"));
        assert!(resolve("possibly Palestinian").is_some());
        assert_eq!(by_code("us").map(|t| t.name.as_str()), Some("United States"));
    }
}
