//! Replaying a graph's redo records onto a copy reproduces it exactly.

use proptest::prelude::*;

use super::{Graph, Redo};
use crate::value::{Date, Value};

#[derive(Clone, Debug)]
enum Op {
    CreateNode(Vec<u8>, Vec<(u8, u8)>),
    CreateRel(usize, usize, u8),
    SetNode(usize, u8, u8),
    SetRel(usize, u8, u8),
    AddLabel(usize, u8),
    RemoveLabel(usize, u8),
    DeleteRel(usize),
    DeleteNode(usize),
    Commit,
    Rollback,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (prop::collection::vec(0u8..3, 0..3), prop::collection::vec((0u8..3, 0u8..6), 0..3))
            .prop_map(|(l, p)| Op::CreateNode(l, p)),
        3 => (any::<usize>(), any::<usize>(), 0u8..2).prop_map(|(a, b, t)| Op::CreateRel(a, b, t)),
        2 => (any::<usize>(), 0u8..3, 0u8..6).prop_map(|(n, k, v)| Op::SetNode(n, k, v)),
        1 => (any::<usize>(), 0u8..3, 0u8..6).prop_map(|(n, k, v)| Op::SetRel(n, k, v)),
        1 => (any::<usize>(), 0u8..3).prop_map(|(n, l)| Op::AddLabel(n, l)),
        1 => (any::<usize>(), 0u8..3).prop_map(|(n, l)| Op::RemoveLabel(n, l)),
        1 => any::<usize>().prop_map(Op::DeleteRel),
        1 => any::<usize>().prop_map(Op::DeleteNode),
        2 => Just(Op::Commit),
        1 => Just(Op::Rollback),
    ]
}

/// Small value and name pools, so that sets hit existing properties and
/// the `name` index sees equal values.
fn value(v: u8) -> Value {
    match v {
        0 => Value::Null,
        1 => Value::Int(7),
        2 => Value::string("Iran"),
        3 => Value::Float(f64::NAN),
        4 => Value::List(vec![Value::Bool(true), Value::string("x")]),
        _ => Value::Date(Date { year: 2017, month: 9, day: 11 }),
    }
}

const KEYS: [&str; 3] = ["name", "k", "other"];
const LABELS: [&str; 3] = ["Country", "Person", "X"];

fn pick<T: Copy>(ids: &[T], i: usize) -> Option<T> {
    (!ids.is_empty()).then(|| ids[i % ids.len()])
}

fn run(g: &mut Graph, op: &Op) {
    let nodes: Vec<u64> = g.node_ids().collect();
    let rels: Vec<u64> = g.rel_ids().collect();
    match op {
        Op::CreateNode(labels, props) => {
            let labels: Vec<_> = labels.iter().map(|l| g.labels.intern(LABELS[*l as usize])).collect();
            let props = props.iter().map(|(k, v)| (g.keys.intern(KEYS[*k as usize]), value(*v))).collect();
            g.create_node(&labels, props);
        }
        Op::CreateRel(a, b, t) => {
            if let (Some(a), Some(b)) = (pick(&nodes, *a), pick(&nodes, *b)) {
                let t = g.types.intern(if *t == 0 { "OWNS" } else { "TARGETS" });
                let k = g.keys.intern("since");
                g.create_rel(a, b, t, vec![(k, value(5))]);
            }
        }
        Op::SetNode(n, k, v) => {
            if let Some(n) = pick(&nodes, *n) {
                let k = g.keys.intern(KEYS[*k as usize]);
                g.set_node_property(n, k, value(*v));
            }
        }
        Op::SetRel(r, k, v) => {
            if let Some(r) = pick(&rels, *r) {
                let k = g.keys.intern(KEYS[*k as usize]);
                g.set_rel_property(r, k, value(*v));
            }
        }
        Op::AddLabel(n, l) | Op::RemoveLabel(n, l) => {
            if let Some(n) = pick(&nodes, *n) {
                let l = g.labels.intern(LABELS[*l as usize]);
                if matches!(op, Op::AddLabel(..)) {
                    g.add_label(n, l)
                } else {
                    g.remove_label(n, l)
                };
            }
        }
        Op::DeleteRel(r) => {
            if let Some(r) = pick(&rels, *r) {
                g.delete_rel(r);
            }
        }
        Op::DeleteNode(n) => {
            if let Some(n) = pick(&nodes, *n) {
                // DETACH DELETE, as the executor does it.
                let attached: Vec<u64> = g.edges(n, super::Dir::Both).map(|e| e.rel).collect();
                for r in attached {
                    g.delete_rel(r);
                }
                g.delete_node(n);
            }
        }
        Op::Commit | Op::Rollback => {}
    }
}

/// Runs `ops` on a graph; every commit's redo goes through postcard (as
/// the WAL writes it) and onto a replica. Returns both.
fn replay(ops: &[Op]) -> (Graph, Graph) {
    let mut g = Graph::new();
    g.record_redo(true);
    let mut replica = Graph::new();
    for op in ops {
        match op {
            Op::Commit => {
                let bytes = postcard::to_allocvec(g.redo()).unwrap();
                let records: Vec<Redo> = postcard::from_bytes(&bytes).unwrap();
                for r in &records {
                    replica.apply(r).unwrap();
                }
                g.commit();
            }
            Op::Rollback => g.rollback(),
            op => run(&mut g, op),
        }
    }
    g.rollback();
    (g, replica)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn replayed_redo_reproduces_the_graph(ops in prop::collection::vec(op(), 0..60)) {
        let (g, replica) = replay(&ops);
        prop_assert_eq!(g.canonical(), replica.canonical());
        // The next ids agree too, so new entities get the same ids.
        prop_assert_eq!(g.next_ids(), replica.next_ids());
    }
}

#[test]
fn ids_of_deleted_nodes_are_replayed() {
    let ops = [
        Op::CreateNode(vec![0], vec![(0, 2)]),
        Op::CreateNode(vec![], vec![]),
        Op::DeleteNode(1),
        Op::Commit,
        Op::CreateNode(vec![1], vec![]),
        Op::Rollback,
        Op::CreateNode(vec![1], vec![]),
        Op::Commit,
    ];
    let (g, replica) = replay(&ops);
    assert_eq!(g.canonical(), replica.canonical());
    assert_eq!(replica.next_ids(), (3, 0));
}

#[test]
fn records_that_do_not_fit_are_refused() {
    let mut g = Graph::new();
    assert!(g.apply(&Redo::DeleteNode(3)).is_err());
    let create = Redo::CreateNode { id: 4, labels: vec![], properties: vec![] };
    assert!(g.apply(&create).is_err());
    let rel = Redo::CreateRel { id: 0, start: 0, end: 1, rel_type: "T".into(), properties: vec![] };
    assert!(g.apply(&rel).is_err());
}
