use super::*;
use rustc_hash::FxHashMap;

fn index() -> NameIndex {
    let mut index = NameIndex::new();
    let org = Kind::Organization;
    index.insert(1, Field::Name, "KIM JONG UN", Kind::Person);
    index.insert(1, Field::Alias, "Kim Chong-un", Kind::Person);
    index.insert(2, Field::Name, "KIM JONG IL", Kind::Person);
    index.insert(3, Field::Name, "KOREA MINING DEVELOPMENT TRADING CORPORATION", org);
    index.insert(3, Field::Alias, "KOMID", org);
    index.insert(4, Field::Name, "KOREA KWANGSON BANKING CORP", org);
    index.insert(5, Field::Name, "CH'OE SO'K MIN", Kind::Person);
    index.insert(5, Field::WeakAlias, "Choe Sok Min", Kind::Person);
    index.insert(6, Field::Name, "JI SONG 6", Kind::Vessel);
    index.insert(7, Field::Name, "أسامة بن لادن", Kind::Person);
    index.insert(8, Field::Name, "OCEAN MARITIME MANAGEMENT COMPANY, LIMITED", org);
    index
}

fn search(index: &NameIndex, query: &str) -> Vec<Hit> {
    index.search(query, &SearchOptions::default())
}

fn owners(hits: &[Hit]) -> Vec<u64> {
    hits.iter().map(|h| h.owner).collect()
}

#[test]
fn finds_spellings_best_first_one_hit_per_owner() {
    let index = index();
    assert_eq!(index.len(), 11);
    assert_eq!(index.owner_count(), 8);
    let hits = search(&index, "Kim Jong-un");
    assert_eq!(hits[0].owner, 1);
    assert_eq!((hits[0].score, hits[0].matched.as_str(), hits[0].field), (1.0, "KIM JONG UN", Field::Name));
    assert_eq!(owners(&hits).iter().filter(|&&o| o == 1).count(), 1);
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
    for query in ["김정은", "Jongun Kim", "KIM Chong Un"] {
        let hits = search(&index, query);
        assert_eq!(hits.first().map(|h| h.owner), Some(1), "{query}");
        assert!(hits[0].score >= 0.9, "{query}: {hits:?}");
    }
}

#[test]
fn typos_acronyms_and_scripts_find_candidates() {
    let index = index();
    let first = |q: &str| search(&index, q).first().map(|h| (h.owner, h.score));
    assert_eq!(first("Korea Kwangsong Bankng Corp").map(|h| h.0), Some(4));
    assert_eq!(first("Korea Mining Dev. Trading Corp.").map(|h| h.0), Some(3));
    // The acronym finds the full name and back.
    assert_eq!(first("OMM").map(|h| h.0), Some(8));
    let komid = index.search("Korea Mining Development", &SearchOptions { min_score: 0.0, ..SearchOptions::default() });
    assert!(owners(&komid).contains(&3));
    assert_eq!(first("Usama bin Laden").map(|h| h.0), Some(7));
    assert_eq!(first("M/V JI SONG 6").map(|h| h.0), Some(6));
    assert_eq!(first("JI SONG 8").filter(|h| h.1 >= 0.7), None);
}

#[test]
fn weak_aliases_count_less() {
    let mut index = NameIndex::new();
    index.insert(1, Field::WeakAlias, "Choe Sok Min", Kind::Person);
    let hits = search(&index, "Choe Sok Min");
    assert_eq!(hits.len(), 1);
    assert_eq!((hits[0].field, hits[0].score), (Field::WeakAlias, 0.8));
    // The strong name wins when both match.
    let hits = search(&self::index(), "Choe Sok Min");
    assert_eq!((hits[0].owner, hits[0].field), (5, Field::Name));
    assert!(hits[0].score > 0.9);
}

#[test]
fn options_filter_and_limit() {
    let index = index();
    let everything = SearchOptions { min_score: 0.0, limit: 100, ..SearchOptions::default() };
    let all = index.search("Kim Jong Un", &everything);
    assert!(all.len() >= 2);
    let one = index.search("Kim Jong Un", &SearchOptions { limit: 1, ..everything });
    assert_eq!(owners(&one), [1]);
    let not_one = |owner: u64| owner != 1;
    let filtered = index.search("Kim Jong Un", &SearchOptions { filter: Some(&not_one), ..everything });
    assert!(!owners(&filtered).contains(&1) && owners(&filtered).contains(&2));
    let vessels = index.search("Kim Jong Un", &SearchOptions { kind: Some(Kind::Vessel), ..everything });
    assert!(vessels.is_empty(), "{vessels:?}");
    let strict = index.search("Kim Jong Un", &SearchOptions { min_score: 0.7, ..everything });
    assert_eq!(owners(&strict), [1]);
    assert!(index.search("Kim", &SearchOptions { limit: 0, ..everything }).is_empty());
}

#[test]
fn removal_takes_every_name_of_the_owner() {
    let mut index = index();
    index.remove(1);
    assert_eq!(index.len(), 9);
    assert!(!owners(&search(&index, "Kim Jong Un")).contains(&1));
    index.remove(1);
    index.remove(999);
    assert_eq!(index.len(), 9);
    // Freed slots are reused; the new owner is found, the old one is not.
    index.insert(9, Field::Name, "Kim Jong Un", Kind::Person);
    assert_eq!(index.entries.len(), 11);
    let hits = search(&index, "Kim Jong Un");
    assert_eq!(hits[0].owner, 9);
    for owner in 1..=9 {
        index.remove(owner);
    }
    assert!(index.is_empty() && index.postings.is_empty() && index.owners.is_empty());
    assert!(search(&index, "Kim Jong Un").is_empty());
}

#[test]
fn odd_inputs() {
    let mut index = index();
    index.insert(10, Field::Name, "", Kind::Person);
    index.insert(10, Field::Name, "()-.", Kind::Unknown);
    assert_eq!(index.len(), 11);
    index.insert(11, Field::Name, &"Kim ".repeat(10_000), Kind::Person);
    assert!(search(&index, "").is_empty());
    assert!(search(&index, "?!").is_empty());
    let _ = search(&index, &"Jong Un Kim ".repeat(10_000));
    let _ = search(&index, "\u{0}\u{FFFF}𝕂");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Inserting and removing in any order leaves exactly the names of the
    /// owners still there, all found by their own text.
    #[test]
    fn inserts_and_removals_keep_the_postings_exact(
        ops in proptest::collection::vec((0u64..6, "[a-zA-Z]{1,7}( [a-zA-Z]{1,7}){0,3}", proptest::bool::ANY), 1..40)
    ) {
        let mut index = NameIndex::new();
        let mut model: FxHashMap<u64, Vec<String>> = FxHashMap::default();
        for (owner, text, remove) in ops {
            if remove {
                index.remove(owner);
                model.remove(&owner);
            } else {
                index.insert(owner, Field::Alias, &text, Kind::Unknown);
                model.entry(owner).or_default().push(text);
            }
        }
        proptest::prop_assert_eq!(index.len(), model.values().map(Vec::len).sum::<usize>());
        for (owner, texts) in &model {
            for text in texts {
                let hits = index.search(text, &SearchOptions { limit: 10, ..SearchOptions::default() });
                proptest::prop_assert!(hits.iter().any(|h| h.owner == *owner && h.score == 1.0), "{} of {}", text, owner);
            }
        }
        for owner in 0..6 {
            index.remove(owner);
        }
        proptest::prop_assert!(index.is_empty() && index.postings.is_empty());
    }
}
