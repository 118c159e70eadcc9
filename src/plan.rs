//! What runs: the operator pipeline the analyser and planner build from the
//! AST. Variables are slots in a row (`Vec<Value>`), names are resolved,
//! and every pattern has a chosen start point and expansion order.

pub mod by_id;
pub mod catalog;
pub mod cost;
pub mod explain;
mod filters;
pub mod index;
pub mod pattern;
pub mod repeat;
pub mod stats;
pub mod subquery;
mod walk;

use std::sync::Arc;

pub use crate::ast::{BinaryOp, Quantifier};
use crate::store::Dir;
use crate::value::Value;

pub type Slot = usize;

/// A compiled expression.
#[derive(Clone, Debug)]
pub enum Expr {
    Const(Value),
    Param(Arc<str>),
    Slot(Slot),
    Property(Box<Expr>, Arc<str>),
    Index(Box<Expr>, Box<Expr>),
    Slice(Box<Expr>, Option<Box<Expr>>, Option<Box<Expr>>),
    HasLabels(Box<Expr>, Vec<Arc<str>>),
    Not(Box<Expr>),
    Neg(Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    IsNull(Box<Expr>, bool),
    /// `x IS [NOT] :: TYPE` (negated when the flag is set).
    IsType(Box<Expr>, crate::value_type::ValueType, bool),
    List(Vec<Expr>),
    Map(Vec<(Arc<str>, Expr)>),
    Function(Function, Vec<Expr>),
    Case {
        subject: Option<Box<Expr>>,
        whens: Vec<(Expr, Expr)>,
        otherwise: Option<Box<Expr>>,
    },
    /// `[x IN list WHERE filter | map]`; `x` is `slot` while it runs.
    ListComprehension {
        slot: Slot,
        list: Box<Expr>,
        filter: Option<Box<Expr>>,
        map: Option<Box<Expr>>,
    },
    Quantifier {
        kind: Quantifier,
        slot: Slot,
        list: Box<Expr>,
        filter: Option<Box<Expr>>,
    },
    Reduce {
        acc: Slot,
        init: Box<Expr>,
        slot: Slot,
        list: Box<Expr>,
        expr: Box<Expr>,
    },
    /// True when the pattern matches from the row.
    Exists(Box<MatchPlan>),
    /// `[p = (a)-->(b) WHERE … | expr]`.
    PatternComprehension {
        plan: Box<MatchPlan>,
        map: Box<Expr>,
    },
    /// `EXISTS { MATCH … }`, `COUNT { … }`, `COLLECT { … }`.
    Subquery(subquery::SubqueryKind, Box<subquery::Body>),
    MapProjection {
        base: Box<Expr>,
        items: Vec<MapItem>,
    },
    /// Evaluates a shortest path from the row (`shortestPath(...)` as an expression).
    ShortestPath(Box<MatchPlan>, Slot),
}

#[derive(Clone, Debug)]
pub enum MapItem {
    AllProperties,
    Property(Arc<str>),
    Entry(Arc<str>, Expr),
}

/// The built-in scalar functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Function {
    Id,
    ElementId,
    Labels,
    Type,
    Properties,
    Keys,
    StartNode,
    EndNode,
    Nodes,
    Relationships,
    Length,
    Size,
    Head,
    Last,
    Tail,
    Range,
    Reverse,
    Coalesce,
    ToString,
    ToInteger,
    ToFloat,
    ToBoolean,
    Abs,
    Ceil,
    Floor,
    Round,
    Sign,
    Sqrt,
    Exp,
    Log,
    Log10,
    Rand,
    Sin,
    Cos,
    Tan,
    Asin,
    Acos,
    Atan,
    Atan2,
    Degrees,
    Radians,
    Pi,
    E,
    ToLower,
    ToUpper,
    Trim,
    LTrim,
    RTrim,
    Split,
    Substring,
    Left,
    Right,
    Replace,
    /// `btrim(s[, characters])`: trims both ends.
    BTrim,
    /// `normalize(s[, form])`.
    Normalize(crate::ast::NormalForm),
    /// `s IS [form] NORMALIZED` (null for a value that is not a string).
    IsNormalized(crate::ast::NormalForm),
    /// `valueType(x)`: the type's name, as `valueType` of Neo4j prints it.
    ValueType,
    Exists,
    Date,
    LocalTime,
    Time,
    LocalDateTime,
    DateTime,
    Duration,
    Timestamp,
    /// `embargo.similarity(a, b)`: how alike two names are, in [0, 1] (an
    /// implementation extension).
    Similarity,
    /// `date.truncate`, `duration.between`, `datetime.fromepoch` …
    Temporal(crate::temporal::TemporalFn),
}

/// The aggregate functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aggregate {
    CountStar,
    Count,
    Sum,
    Avg,
    Min,
    Max,
    Collect,
    StDev,
    StDevP,
    PercentileCont,
    PercentileDisc,
}

#[derive(Clone, Debug)]
pub struct AggregateCall {
    pub function: Aggregate,
    pub distinct: bool,
    pub args: Vec<Expr>,
    /// Where the aggregate's value goes.
    pub slot: Slot,
}

/// Node conditions checked where a pattern node is bound.
#[derive(Clone, Debug, Default)]
pub struct NodeCheck {
    pub labels: Vec<Arc<str>>,
    pub properties: Vec<(Arc<str>, Expr)>,
}

/// One step of a pattern match.
#[derive(Clone, Debug)]
pub enum Step {
    /// Every node (or every node with `check.labels[0]`) that passes `check`.
    Scan {
        slot: Slot,
        check: NodeCheck,
    },
    /// Nodes found in the `(label, key, value)` index, then `check`.
    Seek {
        slot: Slot,
        label: Arc<str>,
        key: Arc<str>,
        value: Expr,
        check: NodeCheck,
    },
    /// Nodes found in one of the user's indexes, then `check`.
    IndexSeek(Box<index::IndexSeek>),
    /// The node whose `elementId` is `id` (`WHERE elementId(n) = $id`), if
    /// it passes `check`.
    NodeById {
        slot: Slot,
        id: Expr,
        check: NodeCheck,
    },
    /// The relationship whose `elementId` is `id`, in `rel`, and in `node`
    /// its end that `dir` leaves from (either end for `Both`); an expansion
    /// over the bound relationship follows.
    RelById {
        rel: Slot,
        node: Slot,
        id: Expr,
        dir: Dir,
    },
    /// A node bound earlier: it must be a node and pass `check`.
    Bound {
        slot: Slot,
        check: NodeCheck,
    },
    /// Follows relationships from `from` to `to`.
    Expand(Box<Expand>),
    /// Builds a path value from node and relationship slots.
    Path {
        slot: Slot,
        nodes: Vec<Slot>,
        rels: Vec<Slot>,
    },
    /// Shortest path(s) between two bound nodes.
    Shortest(Box<Shortest>),
    /// A quantified path pattern's repetitions.
    Repeat(Box<repeat::Repeat>),
    /// The matches of a path pattern that a GQL selector keeps.
    Select(Box<repeat::Select>),
    Filter(Expr),
}

#[derive(Clone, Debug)]
pub struct Expand {
    pub from: Slot,
    pub rel: Slot,
    pub to: Slot,
    pub dir: Dir,
    pub types: Vec<Arc<str>>,
    pub rel_properties: Vec<(Arc<str>, Expr)>,
    /// `Some((min, max))` for a variable-length relationship; the rel slot
    /// then holds a list.
    pub var_length: Option<(u64, Option<u64>)>,
    /// The relationship was bound before this step (it must match, not be found).
    pub rel_bound: bool,
    pub to_bound: bool,
    pub to_check: NodeCheck,
    /// Relationship slots of the same MATCH bound before this step: Cypher's
    /// relationship uniqueness.
    pub distinct_from: Vec<Slot>,
    /// The step walks the pattern right to left, so a variable-length
    /// relationship list is found in reverse of the order it is written.
    pub backwards: bool,
    /// Whether anything reads a variable-length relationship's list (its
    /// variable, a path, or uniqueness against a later relationship); if
    /// not, the list is not built for every trail.
    pub keep_rels: bool,
    /// A variable-length relationship walks trails (no relationship twice);
    /// under REPEATABLE ELEMENTS, any walk.
    pub trail: bool,
    /// The upper bound is a path selector's cap, not the user's.
    pub capped: bool,
}

#[derive(Clone, Debug)]
pub struct Shortest {
    pub from: Slot,
    pub to: Slot,
    pub rel: Slot,
    pub path: Slot,
    pub dir: Dir,
    pub types: Vec<Arc<str>>,
    pub rel_properties: Vec<(Arc<str>, Expr)>,
    pub min: u64,
    pub max: Option<u64>,
    pub all: bool,
}

/// A pattern: steps run in order, each extending the row.
#[derive(Clone, Debug, Default)]
pub struct MatchPlan {
    pub steps: Vec<Step>,
    /// The rows expected after each step, per row the pattern starts from.
    pub estimates: Vec<f64>,
}

/// A node or relationship to create.
#[derive(Clone, Debug)]
pub enum CreateItem {
    Node { slot: Slot, labels: Vec<Arc<str>>, properties: Vec<(Arc<str>, Expr)>, bound: bool },
    Rel { slot: Slot, from: Slot, to: Slot, rel_type: Arc<str>, properties: Vec<(Arc<str>, Expr)> },
    Path { slot: Slot, nodes: Vec<Slot>, rels: Vec<Slot> },
}

#[derive(Clone, Debug)]
pub enum SetOp {
    Property { target: Expr, key: Arc<str>, value: Expr },
    Replace { slot: Slot, value: Expr },
    Merge { slot: Slot, value: Expr },
    AddLabels { slot: Slot, labels: Vec<Arc<str>> },
    RemoveLabels { slot: Slot, labels: Vec<Arc<str>> },
}

#[derive(Clone, Debug)]
pub struct Merge {
    pub pattern: MatchPlan,
    pub create: Vec<CreateItem>,
    /// The slots the pattern binds (null after a failed optional lookup).
    pub on_create: Vec<SetOp>,
    pub on_match: Vec<SetOp>,
}

/// An operator of the pipeline. Each consumes the rows of the one before.
#[derive(Clone, Debug)]
pub enum Op {
    Match {
        plan: MatchPlan,
        optional: bool,
        introduced: Vec<Slot>,
    },
    Filter(Expr),
    Unwind {
        expr: Expr,
        slot: Slot,
    },
    /// Computes expressions into slots, row by row.
    Project(Vec<(Expr, Slot)>),
    /// Groups by `keys` and computes `aggregates`, one row per group.
    Aggregate {
        keys: Vec<(Expr, Slot)>,
        aggregates: Vec<AggregateCall>,
    },
    /// Keeps the first row of each combination of the slots' values.
    Distinct(Vec<Slot>),
    Sort(Vec<(Expr, bool)>),
    /// After WITH and RETURN, the slots below this one are out of scope:
    /// rows gathered from here on (for sorting, aggregation, updates) are
    /// copied without them, so a large list left behind is not copied per row.
    Forget(Slot),
    Skip(Expr),
    Limit(Expr),
    Create(Vec<CreateItem>),
    Merge(Box<Merge>),
    Set(Vec<SetOp>),
    Delete {
        detach: bool,
        exprs: Vec<Expr>,
    },
    Call {
        procedure: Procedure,
        args: Vec<Expr>,
        yields: Vec<(usize, Slot)>,
    },
    /// `CREATE INDEX`, `DROP CONSTRAINT` …, with its OPTIONS map compiled.
    Schema {
        command: Box<crate::ast::SchemaCommand>,
        options: Option<Expr>,
    },
    // Cypher 5 clauses (plan/subquery.rs).
    Subquery(Box<subquery::CallPlan>),
    Foreach(Box<subquery::Foreach>),
    LoadCsv(Box<subquery::LoadCsv>),
}

/// The built-in procedures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Procedure {
    Labels,
    RelationshipTypes,
    PropertyKeys,
    /// `embargo.subgraph(start, config)`: a neighbourhood, in APOC's
    /// `subgraphAll` terms (an implementation extension to Cypher).
    Subgraph,
    /// `db.checkpoint()`: fold the write-ahead log into a new snapshot.
    Checkpoint,
    /// `embargo.search(text, options)`: the nodes whose names match `text`
    /// under any spelling, best first (an implementation extension).
    Search,
    /// `embargo.match(entity, options)`: the parties most likely the same
    /// as a node or a map of facts, with why (an implementation extension).
    Match,
    /// `db.index.fulltext.queryNodes(index, query, options)` and
    /// `…queryRelationships`: a full-text index searched with a Lucene query.
    FulltextNodes,
    FulltextRelationships,
    /// `SHOW INDEXES`, `SHOW CONSTRAINTS` (not callable by name).
    Show(crate::ast::ShowWhat),
    /// `embargo.link(options)`: writes `SAME_AS` between the listings of
    /// one party on different lists (an implementation extension; it
    /// writes, so it runs where updates run).
    Link,
    /// `CALL db.schema.visualization()`: labels and the connections between them.
    SchemaVisualization,
    /// `SHOW PROCEDURES` (no CALL reaches it: the name has a space).
    ShowProcedures,
    /// `SHOW FUNCTIONS`.
    ShowFunctions,
}

impl Procedure {
    pub fn lookup(name: &str) -> Option<Procedure> {
        // The SHOW commands reach their listings under names no user can
        // CALL; every other procedure is the catalog's, so SHOW PROCEDURES
        // lists exactly what CALL runs.
        match name.to_ascii_lowercase().as_str() {
            "show procedures" => Some(Procedure::ShowProcedures),
            "show functions" => Some(Procedure::ShowFunctions),
            _ => catalog::PROCEDURES.iter().find(|d| d.name.eq_ignore_ascii_case(name)).map(|d| d.procedure),
        }
    }

    /// The procedure's output fields.
    pub fn outputs(self) -> &'static [&'static str] {
        match self {
            Procedure::Labels => &["label"],
            Procedure::RelationshipTypes => &["relationshipType"],
            Procedure::PropertyKeys => &["propertyKey"],
            Procedure::Subgraph => &["nodes", "relationships"],
            Procedure::Checkpoint => &[],
            Procedure::Search => &["node", "score", "matched"],
            Procedure::Match => &["candidate", "score", "features"],
            Procedure::Show(what) => crate::schema::show::columns(what),
            Procedure::Link => &["pairs", "added", "updated", "removed", "parties", "lists"],
            Procedure::FulltextNodes => &["node", "score"],
            Procedure::FulltextRelationships => &["relationship", "score"],
            Procedure::SchemaVisualization => &["nodes", "relationships"],
            Procedure::ShowProcedures => &[
                "name",
                "description",
                "mode",
                "worksOnSystem",
                "signature",
                "argumentDescription",
                "returnDescription",
                "admin",
                "isDeprecated",
            ],
            Procedure::ShowFunctions => &[
                "name",
                "category",
                "description",
                "signature",
                "isBuiltIn",
                "argumentDescription",
                "returnDescription",
                "aggregating",
                "isDeprecated",
            ],
        }
    }

    /// The least and most number of arguments.
    pub fn arity(self) -> (usize, usize) {
        match self {
            Procedure::Subgraph | Procedure::Search | Procedure::Match => (1, 2),
            Procedure::Link => (0, 1),
            Procedure::FulltextNodes | Procedure::FulltextRelationships => (2, 3),
            _ => (0, 0),
        }
    }

    /// Whether the procedure changes the graph.
    pub fn writes(self) -> bool {
        self == Procedure::Link
    }
}

/// One single query of a statement.
#[derive(Clone, Debug)]
pub struct QueryPart {
    pub ops: Vec<Op>,
    pub slots: usize,
    /// The returned columns' slots (empty when the part has no RETURN).
    pub returns: Vec<Slot>,
}

/// A whole statement, ready to run.
#[derive(Clone, Debug)]
pub struct QueryPlan {
    pub parts: Vec<QueryPart>,
    /// `union_all[i]` joins part `i` and `i + 1`.
    pub union_all: Vec<bool>,
    pub columns: Vec<String>,
}

/// Calls `f` on every slot an expression reads (nested scopes included).
pub fn visit_slots(e: &Expr, f: &mut dyn FnMut(Slot)) {
    let mut each = |x: &Expr| visit_slots(x, f);
    match e {
        Expr::Const(_) | Expr::Param(_) => {}
        Expr::Slot(s) => f(*s),
        Expr::Property(b, _)
        | Expr::HasLabels(b, _)
        | Expr::Not(b)
        | Expr::Neg(b)
        | Expr::IsNull(b, _)
        | Expr::IsType(b, ..) => each(b),
        Expr::Index(a, b) | Expr::Binary(_, a, b) => {
            each(a);
            each(b);
        }
        Expr::Slice(a, b, c) => {
            each(a);
            b.iter().for_each(|x| each(x));
            c.iter().for_each(|x| each(x));
        }
        Expr::List(items) | Expr::Function(_, items) => items.iter().for_each(each),
        Expr::Map(entries) => entries.iter().for_each(|(_, v)| each(v)),
        Expr::Case { subject, whens, otherwise } => {
            subject.iter().for_each(|x| each(x));
            whens.iter().for_each(|(w, t)| {
                each(w);
                each(t);
            });
            otherwise.iter().for_each(|x| each(x));
        }
        Expr::ListComprehension { list, filter, map, .. } => {
            each(list);
            filter.iter().for_each(|x| each(x));
            map.iter().for_each(|x| each(x));
        }
        Expr::Quantifier { list, filter, .. } => {
            each(list);
            filter.iter().for_each(|x| each(x));
        }
        Expr::Reduce { init, list, expr, .. } => {
            each(init);
            each(list);
            each(expr);
        }
        Expr::MapProjection { base, items } => {
            each(base);
            for item in items {
                if let MapItem::Entry(_, v) = item {
                    each(v);
                }
            }
        }
        // Subpatterns and subqueries read the row in ways not listed here:
        // report a slot no plan binds, so that they are checked last.
        Expr::Exists(_) | Expr::PatternComprehension { .. } | Expr::Subquery(..) | Expr::ShortestPath(..) => {
            f(Slot::MAX)
        }
    }
}
