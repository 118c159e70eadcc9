//! Full-text search in Neo4j's form: `CREATE FULLTEXT INDEX … ON EACH
//! [n.name, n.aliases]`, then `db.index.fulltext.queryNodes(index, query)`
//! with the Lucene query syntax users write (terms, "phrases", `*`, `?`,
//! `~`, ranges, fields, boosts, AND / OR / NOT).
//!
//! Words are read as the name index reads them ([`crate::names::fold`]):
//! case, accents, punctuation and scripts other than Latin fold away, so
//! `kim jong*` finds "KIM Jong-un" and "김정은". Scores are BM25, as in
//! Lucene: comparable within one query, not across queries (for scores in
//! [0, 1], `embargo.search`).
//!
//! Nothing here knows the store: entries are owner ids with the texts of
//! each of the index's properties.

mod index;
mod query;

pub use index::Index;
pub use query::{Kind, Leaf, Occur, Query, parse};

/// The words of a text, folded: each piece between spaces is folded
/// alone, so a long text keeps all of its words.
pub fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .flat_map(|piece| {
            crate::names::fold(piece).split(' ').filter(|w| !w.is_empty()).map(str::to_string).collect::<Vec<_>>()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn words_fold_like_names_and_keep_long_texts_whole() {
        assert_eq!(super::words("KIM Jong-un (김정은)"), ["kim", "jong", "un", "kim", "chong", "un"]);
        assert_eq!(super::words(&"word ".repeat(500)).len(), 500);
    }
}
