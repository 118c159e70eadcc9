//! Store benchmarks: following relationships, the work under every
//! pattern the engine matches, on a graph shaped like the side-by-side
//! benchmark's (`../shared/bench`): persons and organizations pointing at
//! a few countries, an ownership forest, directors.
//!
//! `cargo bench --bench store`

use embargo::store::{Dir, Graph};

fn main() {
    divan::main();
}

const PERSONS: u64 = 50_000;
const ORGS: u64 = 25_000;
const COUNTRIES: u64 = 250;

/// Countries first, then persons, then organizations; every person is a
/// national of a country and directs two organizations, every
/// organization is registered in a country and owned by an earlier one.
fn graph() -> Graph {
    let mut g = Graph::new();
    let [country, person, org] = ["Country", "Person", "Organization"].map(|l| g.labels.intern(l));
    let [national_of, director_of, registered_in, owns] =
        ["NATIONAL_OF", "DIRECTOR_OF", "REGISTERED_IN", "OWNS"].map(|t| g.types.intern(t));
    let countries: Vec<u64> = (0..COUNTRIES).map(|_| g.create_node(&[country], vec![])).collect();
    let persons: Vec<u64> = (0..PERSONS).map(|_| g.create_node(&[person], vec![])).collect();
    let orgs: Vec<u64> = (0..ORGS).map(|_| g.create_node(&[org], vec![])).collect();
    let at = |ids: &[u64], i: u64| ids[(i as usize) % ids.len()];
    for (i, p) in persons.iter().enumerate() {
        let i = i as u64;
        g.create_rel(*p, at(&countries, i * 7), national_of, vec![]);
        g.create_rel(*p, at(&orgs, i * 13), director_of, vec![]);
        g.create_rel(*p, at(&orgs, i * 31 + 5), director_of, vec![]);
    }
    for (i, o) in orgs.iter().enumerate() {
        g.create_rel(*o, at(&countries, i as u64 * 3), registered_in, vec![]);
        if i > 0 {
            g.create_rel(orgs[(i - 1) / 3], *o, owns, vec![]);
        }
    }
    g.commit();
    g
}

/// Every node's relationships in both directions, once.
#[divan::bench]
fn expand_every_node(bencher: divan::Bencher) {
    let g = graph();
    bencher.bench_local(|| {
        let mut n = 0usize;
        for id in g.node_ids() {
            n += g.edges(id, Dir::Both).count();
        }
        divan::black_box(n)
    });
}

/// From every country, its nationals and registered organizations, and
/// from each of those one hop further out: two hops, mostly incoming.
#[divan::bench]
fn two_hops_from_countries(bencher: divan::Bencher) {
    let g = graph();
    let countries: Vec<u64> = (0..COUNTRIES).collect();
    bencher.bench_local(|| {
        let mut n = 0usize;
        for c in &countries {
            for e in g.edges(*c, Dir::Incoming) {
                n += g.edges(e.other, Dir::Outgoing).filter(|f| f.rel_type != e.rel_type).count();
            }
        }
        divan::black_box(n)
    });
}
