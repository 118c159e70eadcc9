//! A set of node ids that holds one id without allocating: most values of
//! an indexed property (names) belong to one node.

use std::collections::BTreeSet;
use std::fmt;

use crate::value::NodeId;

#[derive(Clone, PartialEq, Eq)]
pub enum IdSet {
    One(NodeId),
    Many(BTreeSet<NodeId>),
}

impl IdSet {
    pub fn insert(&mut self, id: NodeId) {
        match self {
            IdSet::One(only) if *only == id => {}
            IdSet::One(only) => *self = IdSet::Many(BTreeSet::from([*only, id])),
            IdSet::Many(ids) => {
                ids.insert(id);
            }
        }
    }

    /// Removes `id`; true when the set is then empty.
    pub fn remove(&mut self, id: NodeId) -> bool {
        match self {
            IdSet::One(only) => *only == id,
            IdSet::Many(ids) => {
                ids.remove(&id);
                if ids.len() == 1
                    && let Some(last) = ids.first().copied()
                {
                    *self = IdSet::One(last);
                }
                ids_empty(self)
            }
        }
    }

    /// The ids in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = NodeId> + '_ {
        let (one, many) = match self {
            IdSet::One(id) => (Some(*id), None),
            IdSet::Many(ids) => (None, Some(ids)),
        };
        one.into_iter().chain(many.into_iter().flatten().copied())
    }
}

fn ids_empty(set: &IdSet) -> bool {
    matches!(set, IdSet::Many(ids) if ids.is_empty())
}

impl fmt::Debug for IdSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_and_shrinks() {
        let mut set = IdSet::One(3);
        set.insert(3);
        assert_eq!(set, IdSet::One(3));
        set.insert(1);
        assert_eq!(set.iter().collect::<Vec<_>>(), vec![1, 3]);
        assert!(!set.remove(3));
        assert_eq!(set, IdSet::One(1));
        assert!(set.remove(1));
        assert!(!IdSet::One(1).remove(2));
    }
}
