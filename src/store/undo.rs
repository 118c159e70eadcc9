//! The undo log of a statement: one entry per change, enough to reverse it.

use super::{NodeRecord, RelRecord, Symbol};
use crate::value::{NodeId, RelId, Value};

#[derive(Clone, Debug)]
pub(super) enum Change {
    CreateNode(NodeId),
    CreateRel(RelId),
    /// The property's value before the change (`None`: it was absent).
    NodeProperty(NodeId, Symbol, Option<Value>),
    RelProperty(RelId, Symbol, Option<Value>),
    AddLabel(NodeId, Symbol),
    RemoveLabel(NodeId, Symbol),
    DeleteRel {
        start: NodeId,
        end: NodeId,
        record: RelRecord,
    },
    DeleteNode(NodeRecord),
    /// The index and constraint definitions before the change.
    Schema(Box<crate::schema::definition::SchemaDefs>),
}
