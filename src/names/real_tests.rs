//! The matcher on the real lists (`../shared/data/real/`): UN DPRK
//! listings linked to OFAC SDN records, and the index's speed. Skipped,
//! with a note, when the lists are not there.

use std::io::BufReader;
use std::path::PathBuf;
use std::time::Instant;

use rustc_hash::{FxHashMap, FxHashSet};

use super::*;
use crate::import::listing::{Batch, Listing, ReadOptions};
use crate::import::{eu_csv, ofac_csv, un_xml};
use crate::value::Value;

fn real(path: &str) -> Option<PathBuf> {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/real").join(path);
    if full.exists() {
        Some(full)
    } else {
        eprintln!("skipped: {} is not there", full.display());
        None
    }
}

fn un() -> Option<Batch> {
    let path = real("un/consolidated-2024-09-26.xml")?;
    let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{e}"));
    Some(un_xml::read(BufReader::new(file), "un", &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}")))
}

fn ofac() -> Option<Batch> {
    Some(ofac_csv::read(&real("ofac/sdn.csv")?, &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}")))
}

fn eu() -> Option<Batch> {
    let file = std::fs::File::open(real("eu/32017R1509.csv")?).unwrap_or_else(|e| panic!("{e}"));
    Some(eu_csv::read(file, "eu", &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}")))
}

fn strings(listing: &Listing, key: &str) -> Vec<String> {
    match listing.get(key) {
        Some(Value::String(s)) => vec![s.to_string()],
        Some(Value::List(items)) => {
            items.iter().filter_map(|v| if let Value::String(s) = v { Some(s.to_string()) } else { None }).collect()
        }
        _ => Vec::new(),
    }
}

/// Every name of a listing with its field.
fn names(listing: &Listing) -> Vec<(Field, String)> {
    ["name", "aliases", "previous_names", "weak_aliases"]
        .iter()
        .filter_map(|key| Some((Field::from_property(key)?, strings(listing, key))))
        .flat_map(|(field, names)| names.into_iter().map(move |n| (field, n)))
        .collect()
}

fn facts(listing: &Listing) -> Facts {
    let mut identifiers = strings(listing, "passport_numbers");
    identifiers.extend(strings(listing, "id_numbers"));
    identifiers.extend(strings(listing, "imo_number"));
    let mut names = strings(listing, "name");
    names.extend(strings(listing, "aliases"));
    names.extend(strings(listing, "previous_names"));
    Facts {
        kind: Kind::from_labels(&listing.labels),
        names,
        weak_names: strings(listing, "weak_aliases"),
        birth_dates: strings(listing, "birth_date"),
        countries: listing.countries.iter().map(|(_, c)| c.clone()).collect(),
        gender: strings(listing, "gender").into_iter().next(),
        identifiers,
    }
}

fn build(listings: &[Listing]) -> NameIndex {
    let mut index = NameIndex::new();
    for (owner, listing) in listings.iter().enumerate() {
        let kind = Kind::from_labels(&listing.labels);
        for (field, name) in names(listing) {
            index.insert(owner as u64, field, &name, kind);
        }
    }
    index
}

/// The README's baseline: names equal after lower-casing and folding
/// punctuation.
fn plain(name: &str) -> String {
    let lower: String = name.to_lowercase().chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// UN DPRK listings whose OFAC record no exact name finds, with the
/// record (`ent_num`) they are, read by hand from both lists; `None` for
/// the two with no OFAC record in the 2021 file (no name or alias of
/// theirs is in it, in any spelling).
const BY_HAND: &[(&str, Option<&str>)] = &[
    ("KPi.003", None),          // HWANG SOK-HWA
    ("KPi.005", None),          // HAN YU-RO
    ("KPe.007", Some("11598")), // GENERAL BUREAU OF ATOMIC ENERGY (GBAE)
    ("KPe.014", Some("9345")),  // KOREA KUMRYONG TRADING CORPORATION: an alias of KOMID in OFAC
    ("KPe.024", Some("9519")),  // HESONG TRADING COMPANY / CORPORATION
    ("KPe.051", Some("19489")), // CENTRAL MILITARY COMMISSION OF THE WORKERS' PARTY OF KOREA
    ("KPe.052", Some("20123")), // ORGANIZATION AND GUIDANCE DEPARTMENT (OGD)
    ("KPe.053", Some("19528")), // PROPAGANDA AND AGITATION DEPARTMENT (PAD)
    ("KPe.054", Some("22285")), // MINISTRY OF NATIONAL DEFENCE, f.k.a. MINISTRY OF PEOPLE'S ARMED FORCES
    ("KPe.064", Some("23712")), // KOREA SAMJONG SHIPPING (CO)
    ("KPe.072", Some("23779")), // SHANGHAI DONGFENG SHIPPING / SHPG CO LTD
    ("KPe.073", Some("23769")), // SHEN ZHONG INTERNATIONAL SHIPPING / SHPG
];

#[test]
fn un_dprk_listings_link_to_ofac_records() {
    let (Some(un), Some(ofac)) = (un(), ofac()) else { return };
    let dprk: Vec<&Listing> =
        un.listings.iter().filter(|l| l.designations.iter().any(|d| d.program == "DPRK")).collect();
    assert_eq!(dprk.len(), 155);
    let index = build(&ofac.listings);
    let mut exact: FxHashMap<String, FxHashSet<u64>> = FxHashMap::default();
    for (owner, listing) in ofac.listings.iter().enumerate() {
        for (_, name) in names(listing) {
            exact.entry(plain(&name)).or_default().insert(owner as u64);
        }
    }
    let by_hand: FxHashMap<&str, Option<&str>> = BY_HAND.iter().copied().collect();
    let (mut baseline, mut found, mut found_entity, mut wrong, mut wrong_entity, mut unknown) = (0, 0, 0, 0, 0, 0);
    for listing in &dprk {
        let kind = Kind::from_labels(&listing.labels);
        let mut truth: FxHashSet<u64> =
            names(listing).iter().filter_map(|(_, n)| exact.get(&plain(n))).flatten().copied().collect();
        if !truth.is_empty() {
            baseline += 1;
        } else if let Some(Some(ent)) = by_hand.get(listing.source_id.as_str()) {
            truth.extend(ofac.listings.iter().position(|l| l.source_id == *ent).map(|i| i as u64));
        } else {
            assert!(by_hand.contains_key(listing.source_id.as_str()), "{} is new", listing.source_id);
        }
        // Name search: every name of the listing as a query, the best per record.
        let mut scores: FxHashMap<u64, f64> = FxHashMap::default();
        for (field, name) in names(listing) {
            let options = SearchOptions { kind: Some(kind), limit: 10, ..SearchOptions::default() };
            for hit in index.search(&name, &options) {
                let score = hit.score * field.weight();
                let best = scores.entry(hit.owner).or_default();
                *best = best.max(score);
            }
        }
        let mut ranked: Vec<(u64, f64)> = scores.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let best = ranked.first().filter(|(_, s)| *s >= 0.7).copied();
        // Entity matching over the name candidates: birth dates and
        // identifiers tell namesakes apart.
        let query = facts(listing);
        let entity = ranked
            .iter()
            .take(10)
            .map(|&(owner, _)| (owner, match_score(&query, &facts(&ofac.listings[owner as usize])).0))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            .filter(|(_, s)| *s >= 0.7);
        let name_of = |owner: u64| strings(&ofac.listings[owner as usize], "name").join("");
        if truth.is_empty() {
            unknown += 1;
            if let Some((owner, score)) = best {
                wrong += 1;
                eprintln!("  matched, has no record: {} → {} {score:.2}", listing.source_id, name_of(owner));
            }
            wrong_entity += usize::from(entity.is_some());
            continue;
        }
        match best {
            Some((owner, _)) if truth.contains(&owner) => found += 1,
            Some((owner, score)) => {
                wrong += 1;
                eprintln!(
                    "  wrong by name: {} {:?} → {} {score:.2}",
                    listing.source_id,
                    strings(listing, "name"),
                    name_of(owner)
                );
            }
            None => eprintln!("  missed by name: {} {:?}", listing.source_id, strings(listing, "name")),
        }
        match entity {
            Some((owner, _)) if truth.contains(&owner) => found_entity += 1,
            Some((owner, score)) => {
                wrong_entity += 1;
                eprintln!(
                    "  wrong as entity: {} {:?} → {} {score:.2}",
                    listing.source_id,
                    strings(listing, "name"),
                    name_of(owner)
                );
            }
            None => eprintln!("  missed as entity: {} {:?}", listing.source_id, strings(listing, "name")),
        }
    }
    eprintln!(
        "UN DPRK 2024 → OFAC SDN 2021: {} listings; exact-name baseline {baseline}; known records {}; \
         found by name {found} (wrong best {wrong}); found as entity {found_entity} (wrong best {wrong_entity}); \
         with no record {unknown}",
        dprk.len(),
        dprk.len() - unknown,
    );
    assert_eq!(baseline, 143);
    assert!(found >= 150, "found {found} by name");
    assert!(found_entity >= 148, "found {found_entity} as entities");
    assert!(wrong <= 1 && wrong_entity <= 1, "wrong best candidates: {wrong} by name, {wrong_entity} as entity");
}

/// A name as analysts mistype or respell it, or `None` when the change
/// does not apply: the kind of query the lists' own spellings do not test.
fn perturb(name: &str, how: usize, kind: Kind) -> Option<String> {
    const RESPELL: &[(&str, &str)] = &[
        ("jong", "jeong"),
        ("ri", "lee"),
        ("pak", "park"),
        ("choe", "choi"),
        ("chol", "cheol"),
        ("un", "eun"),
        ("song", "seong"),
        ("yong", "young"),
        ("hyon", "hyun"),
        ("kang", "gang"),
        ("ryu", "yu"),
        ("kim", "gim"),
        ("chang", "jang"),
        ("chon", "jeon"),
        ("myong", "myung"),
        ("kyong", "kyung"),
        ("corporation", "corp."),
        ("company", "co."),
        ("trading", "trade"),
        ("shipping", "shpg"),
        ("international", "intl"),
    ];
    let words: Vec<String> = fold(name).split(' ').map(str::to_string).collect();
    let changed: Vec<String> = match how {
        // Surname last.
        0 if words.len() >= 2 && kind == Kind::Person => [&words[1..], &words[..1]].concat(),
        // Given-name syllables joined: "Kim Jongun".
        1 if words.len() == 3 && kind == Kind::Person => vec![words[0].clone(), words[1..].concat()],
        // Another romanisation.
        2 => words
            .iter()
            .map(|w| RESPELL.iter().find(|(a, _)| a == w).map_or(w.clone(), |(_, b)| b.to_string()))
            .collect(),
        // Two letters swapped in the longest word of seven or more.
        3 => {
            let longest = (0..words.len()).max_by_key(|&i| words[i].len())?;
            let mut out = words.clone();
            let mut letters: Vec<char> = out[longest].chars().collect();
            if letters.len() < 7 {
                return None;
            }
            letters.swap(2, 3);
            out[longest] = letters.into_iter().collect();
            out
        }
        _ => return None,
    };
    let changed = changed.join(" ");
    (changed != fold(name)).then_some(changed)
}

#[test]
fn respelled_and_mistyped_queries_still_find_their_record() {
    let (Some(un), Some(ofac)) = (un(), ofac()) else { return };
    let index = build(&ofac.listings);
    let labels = ["surname last", "joined given names", "respelled", "letters swapped"];
    let mut lines = Vec::new();
    for (how, label) in labels.iter().enumerate() {
        let (mut queries, mut found, mut wrong) = (0, 0, 0);
        for listing in un.listings.iter().filter(|l| l.designations.iter().any(|d| d.program == "DPRK")) {
            let kind = Kind::from_labels(&listing.labels);
            let Some(name) = strings(listing, "name").into_iter().next() else { continue };
            // The record the unchanged name finds with an exact score is the truth.
            let options = SearchOptions { kind: Some(kind), limit: 1, ..SearchOptions::default() };
            let truth = match index.search(&name, &options).first() {
                Some(hit) if hit.score >= 0.99 => hit.owner,
                _ => continue,
            };
            let Some(query) = perturb(&name, how, kind) else { continue };
            queries += 1;
            match index.search(&query, &options).first() {
                Some(hit) if hit.owner == truth && hit.score >= 0.7 => found += 1,
                Some(hit) if hit.score >= 0.7 => {
                    wrong += 1;
                    eprintln!("  {label}: {query:?} → {:?} {:.2}", hit.matched, hit.score);
                }
                _ => eprintln!("  {label}: {query:?} missed"),
            }
        }
        lines.push(format!("{label}: {found}/{queries} found, {wrong} wrong"));
        assert!(found * 10 >= queries * 9, "{label}: {found}/{queries}");
        assert!(wrong * 50 <= queries, "{label}: {wrong} wrong of {queries}");
    }
    eprintln!("UN DPRK names changed, searched in OFAC SDN: {}", lines.join("; "));
}

/// Every name of the UN, OFAC and EU lists; in release builds `copies`
/// times over, each copy respelled, to reach the size of a large store.
fn corpus(copies: usize) -> Option<Vec<(u64, Field, String, Kind)>> {
    let batches = [un()?, ofac()?, eu()?];
    let mut out = Vec::new();
    let mut owner = 0u64;
    for copy in 0..copies {
        for listing in batches.iter().flat_map(|b| &b.listings) {
            owner += 1;
            let kind = Kind::from_labels(&listing.labels);
            for (field, name) in names(listing) {
                // A copy respells what it can and keeps the rest: namesakes.
                let respelled = (0..4).find_map(|k| perturb(&name, (copy + k) % 4, kind));
                let name = if copy == 0 { name } else { respelled.unwrap_or(name) };
                out.push((owner, field, name, kind));
            }
        }
    }
    Some(out)
}

#[test]
fn speed_of_building_and_searching() {
    let copies = if cfg!(debug_assertions) { 1 } else { 3 };
    let Some(corpus) = corpus(copies) else { return };
    let started = Instant::now();
    let mut index = NameIndex::new();
    for (owner, field, name, kind) in &corpus {
        index.insert(*owner, *field, name, *kind);
    }
    let build = started.elapsed();
    // Queries: UN names as listed and mistyped, one in seven of them.
    let queries: Vec<String> = corpus
        .iter()
        .step_by(7)
        .take(if cfg!(debug_assertions) { 300 } else { 2000 })
        .enumerate()
        .map(
            |(i, (_, _, name, kind))| {
                if i % 2 == 0 { name.clone() } else { perturb(name, 3, *kind).unwrap_or(name.clone()) }
            },
        )
        .collect();
    let mut times = Vec::with_capacity(queries.len());
    let mut hits = 0;
    for query in &queries {
        let started = Instant::now();
        hits += usize::from(!index.search(query, &SearchOptions::default()).is_empty());
        times.push(started.elapsed());
    }
    times.sort_unstable();
    let at = |q: f64| times.get(((times.len() as f64 * q) as usize).min(times.len().saturating_sub(1))).copied();
    let started = Instant::now();
    let removed = 1000.min(index.owner_count());
    for owner in 1..=removed as u64 {
        index.remove(owner);
    }
    let removal = started.elapsed();
    eprintln!(
        "index ({} build): {} names of {} owners built in {build:.2?}; {} searches: p50 {:.2?}, p99 {:.2?}, \
         max {:.2?}, {hits} with hits; {removed} owners removed in {removal:.2?}",
        if cfg!(debug_assertions) { "debug" } else { "release" },
        corpus.len(),
        corpus.iter().map(|c| c.0).collect::<FxHashSet<_>>().len(),
        queries.len(),
        at(0.5).unwrap_or_default(),
        at(0.99).unwrap_or_default(),
        times.last().copied().unwrap_or_default(),
    );
    assert!(hits * 10 >= queries.len() * 9, "{hits} of {} queries found anything", queries.len());
}

/// Names in Arabic script (the UN's original-script aliases) against OFAC,
/// which has only Latin spellings: found when the Arabic name's best hit
/// is the record the listing's Latin name finds exactly.
#[test]
fn arabic_script_names_find_latin_records() {
    let (Some(un), Some(ofac)) = (un(), ofac()) else { return };
    let index = build(&ofac.listings);
    let arabic = |s: &str| s.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
    let (mut queries, mut found, mut wrong) = (0, 0, 0);
    for listing in &un.listings {
        let kind = Kind::from_labels(&listing.labels);
        let options = SearchOptions { kind: Some(kind), limit: 1, ..SearchOptions::default() };
        let Some(name) = strings(listing, "name").into_iter().next() else { continue };
        let Some(truth) = index.search(&name, &options).first().filter(|h| h.score >= 0.99).map(|h| h.owner) else {
            continue;
        };
        for alias in strings(listing, "aliases").into_iter().filter(|a| arabic(a)) {
            queries += 1;
            match index.search(&alias, &options).first() {
                Some(hit) if hit.owner == truth && hit.score >= 0.7 => found += 1,
                Some(hit) if hit.score >= 0.7 => {
                    wrong += 1;
                    eprintln!("  {alias} ({name}) → {} {:.2}", hit.matched, hit.score);
                }
                hit => {
                    eprintln!("  {alias} ({name}) missed: {} {:?}", fold(&alias), hit.map(|h| (&h.matched, h.score)))
                }
            }
        }
    }
    eprintln!("UN names in Arabic script, searched in OFAC SDN: {found}/{queries} found, {wrong} wrong");
    assert!(queries == 0 || found * 3 >= queries, "{found}/{queries}");
    assert!(wrong * 10 <= queries.max(1), "{wrong} wrong of {queries}");
}
