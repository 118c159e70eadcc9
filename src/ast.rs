//! The typed syntax tree: what the user wrote, with byte offsets for error
//! messages. Names are not resolved here; that is the analyser's work.

mod print;

pub use crate::schema::definition::{IndexType, NewConstraint, NewIndex};

/// A byte range in the statement's text. Spans never make two trees
/// unequal: `a.x` written twice is the same expression.
#[derive(Clone, Copy, Debug, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl PartialEq for Span {
    fn eq(&self, _: &Span) -> bool {
        true
    }
}

impl Eq for Span {}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExplainMode {
    Explain,
    Profile,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    pub explain: Option<ExplainMode>,
    pub query: Query,
}

/// One or more single queries joined by `UNION` (`union_all[i]` joins
/// part `i` and `i + 1`).
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    pub parts: Vec<SingleQuery>,
    pub union_all: Vec<bool>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SingleQuery {
    pub clauses: Vec<Clause>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Clause {
    Match {
        optional: bool,
        mode: MatchMode,
        pattern: Vec<PatternPart>,
        filter: Option<Expr>,
        span: Span,
    },
    Unwind {
        expr: Expr,
        var: Ident,
    },
    With(Projection),
    Return(Projection),
    Create {
        pattern: Vec<PatternPart>,
        span: Span,
    },
    Merge {
        part: PatternPart,
        on_create: Vec<SetItem>,
        on_match: Vec<SetItem>,
        span: Span,
    },
    Set(Vec<SetItem>),
    Remove(Vec<RemoveItem>),
    Delete {
        detach: bool,
        exprs: Vec<Expr>,
    },
    Call(Call),
    /// `CREATE INDEX`, `CREATE CONSTRAINT`, `DROP …`: alone in a statement.
    Schema(SchemaCommand),
    /// `SHOW … INDEXES` or `SHOW CONSTRAINTS`, read like a procedure call.
    Show(Show),
    // Cypher 5 clauses.
    Subquery(Box<CallSubquery>),
    Foreach {
        var: Ident,
        list: Expr,
        clauses: Vec<Clause>,
        span: Span,
    },
    LoadCsv(Box<LoadCsv>),
    /// `FINISH`: the query returns nothing.
    Finish,
}

/// `[OPTIONAL] CALL [(…)] { query } [IN TRANSACTIONS …]`.
#[derive(Clone, Debug, PartialEq)]
pub struct CallSubquery {
    pub optional: bool,
    /// `None`: no scope clause (the importing-`WITH` form).
    pub scope: Option<ImportScope>,
    pub query: Query,
    pub transactions: Option<InTransactions>,
    pub span: Span,
}

/// The variables a `CALL (…)` subquery imports.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportScope {
    /// `(*)`
    All,
    /// `(x, y)`; `()` imports none.
    Vars(Vec<Ident>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct InTransactions {
    /// `OF n ROWS`
    pub batch: Option<Expr>,
    pub on_error: OnError,
    /// `REPORT STATUS AS s`
    pub status: Option<Ident>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnError {
    Continue,
    Break,
    Fail,
}

/// `LOAD CSV [WITH HEADERS] FROM url AS var [FIELDTERMINATOR t]`.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadCsv {
    pub headers: bool,
    pub url: Expr,
    pub var: Ident,
    pub terminator: Option<String>,
    pub span: Span,
}

// ---- schema commands (Neo4j 5) ---------------------------------------------

#[derive(Clone, Debug, PartialEq)]
pub enum SchemaCommand {
    CreateIndex { index: NewIndex, options: Option<Expr>, if_not_exists: bool },
    CreateConstraint { constraint: NewConstraint, options: Option<Expr>, if_not_exists: bool },
    DropIndex { name: String, if_exists: bool },
    DropConstraint { name: String, if_exists: bool },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Show {
    pub what: ShowWhat,
    /// As in [`Call`]: `None` without YIELD, an empty list for `YIELD *`.
    pub yields: Option<Vec<(String, Ident)>>,
    pub filter: Option<Expr>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShowWhat {
    /// `SHOW [ALL|RANGE|TEXT|POINT|FULLTEXT] INDEXES` (`None`: all).
    Indexes(Option<IndexType>),
    /// `SHOW LOOKUP INDEXES`: embargo keeps its label lookup built in.
    LookupIndexes,
    Constraints,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    pub procedure: String,
    pub args: Option<Vec<Expr>>,
    /// `None`: no YIELD. `Some(items)` with an empty list: `YIELD *`.
    pub yields: Option<Vec<(String, Ident)>>,
    pub filter: Option<Expr>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Projection {
    pub distinct: bool,
    pub star: bool,
    pub items: Vec<ProjectionItem>,
    pub order_by: Vec<SortItem>,
    pub skip: Option<Expr>,
    pub limit: Option<Expr>,
    /// `WITH … WHERE`.
    pub filter: Option<Expr>,
    /// Written as `LET`, which binds but never aggregates.
    pub from_let: bool,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ProjectionItem {
    pub expr: Expr,
    pub alias: Option<Ident>,
    /// The column name: the alias, or the expression's text as written.
    pub name: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SortItem {
    pub expr: Expr,
    pub descending: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SetItem {
    Property { target: Expr, key: String, value: Expr },
    Replace { var: Ident, value: Expr },
    Merge { var: Ident, value: Expr },
    Labels { var: Ident, labels: Vec<String> },
}

#[derive(Clone, Debug, PartialEq)]
pub enum RemoveItem {
    Property { target: Expr, key: String },
    Labels { var: Ident, labels: Vec<String> },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// Whether a MATCH may use a relationship more than once.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MatchMode {
    /// `DIFFERENT RELATIONSHIPS`, the default.
    #[default]
    DifferentRelationships,
    /// `REPEATABLE ELEMENTS`.
    RepeatableElements,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathKind {
    Normal,
    /// `shortestPath(…)`.
    Shortest,
    /// `allShortestPaths(…)`.
    AllShortest,
    /// A GQL path selector (`SHORTEST 2`, `ANY`, `ALL SHORTEST` …).
    Selected(PathSelector),
}

/// Which of the paths between each pair of end nodes a GQL selector keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathSelector {
    /// `ANY k`: any k of them.
    Any(u64),
    /// `SHORTEST k` (`ANY SHORTEST` is `SHORTEST 1`): the k shortest.
    Shortest(u64),
    /// `SHORTEST k GROUPS` (`ALL SHORTEST` is `SHORTEST 1 GROUPS`): every
    /// path of the k shortest lengths.
    ShortestGroups(u64),
}

#[derive(Clone, Debug, PartialEq)]
pub struct PatternPart {
    pub var: Option<Ident>,
    pub kind: PathKind,
    pub element: PatternElement,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PatternElement {
    pub start: NodePattern,
    pub chain: Vec<(RelPattern, NodePattern)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NodePattern {
    pub var: Option<Ident>,
    pub labels: Vec<String>,
    pub properties: Option<Expr>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// `-[]->`
    Right,
    /// `<-[]-`
    Left,
    /// `-[]-` (or `<-[]->`)
    Both,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RelPattern {
    pub var: Option<Ident>,
    pub types: Vec<String>,
    pub direction: Direction,
    /// `*min..max` for variable length; `None` for a single hop.
    pub range: Option<(Option<u64>, Option<u64>)>,
    pub properties: Option<Expr>,
    /// A quantified path pattern: `range` repeats this path instead of one
    /// relationship (whose variable, types and properties are then unset).
    pub group: Option<Box<QuantifiedPath>>,
    pub span: Span,
}

/// The path a quantified path pattern repeats: `((x)-[:R]->(y) WHERE …)`.
#[derive(Clone, Debug, PartialEq)]
pub struct QuantifiedPath {
    pub element: PatternElement,
    pub filter: Option<Expr>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    Or,
    Xor,
    And,
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
    StartsWith,
    EndsWith,
    Contains,
    In,
    Regex,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    /// `||`: string and list concatenation.
    Concat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Not,
    Neg,
    Pos,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantifier {
    All,
    Any,
    None,
    Single,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
}

/// A Unicode normal form (`normalize(s, NFKC)`, `s IS NFD NORMALIZED`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NormalForm {
    Nfc,
    Nfd,
    Nfkc,
    Nfkd,
}

impl NormalForm {
    pub fn named(name: &str) -> Option<NormalForm> {
        Some(match name.to_ascii_uppercase().as_str() {
            "NFC" => NormalForm::Nfc,
            "NFD" => NormalForm::Nfd,
            "NFKC" => NormalForm::Nfkc,
            "NFKD" => NormalForm::Nfkd,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum MapProjectionItem {
    AllProperties,
    Property(String),
    Entry(String, Expr),
    Variable(Ident),
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Literal(Literal),
    /// An integer literal too large for i64 (only `-9223372036854775808`
    /// is accepted, by negation).
    BigInt(String),
    Parameter(String),
    Variable(String),
    List(Vec<Expr>),
    Map(Vec<(String, Expr)>),
    Property(Box<Expr>, String),
    Index(Box<Expr>, Box<Expr>),
    Slice(Box<Expr>, Option<Box<Expr>>, Option<Box<Expr>>),
    HasLabels(Box<Expr>, Vec<String>),
    Unary(UnaryOp, Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    IsNull(Box<Expr>, bool),
    /// `x IS [NOT] :: TYPE`.
    IsType {
        expr: Box<Expr>,
        ty: crate::value_type::ValueType,
        negated: bool,
    },
    /// `s IS [NOT] [form] NORMALIZED`.
    IsNormalized {
        expr: Box<Expr>,
        form: NormalForm,
        negated: bool,
    },
    FunctionCall {
        name: String,
        distinct: bool,
        args: Vec<Expr>,
    },
    CountStar,
    Case {
        subject: Option<Box<Expr>>,
        whens: Vec<(Expr, Expr)>,
        otherwise: Option<Box<Expr>>,
    },
    ListComprehension {
        var: Ident,
        list: Box<Expr>,
        filter: Option<Box<Expr>>,
        map: Option<Box<Expr>>,
    },
    Quantifier {
        kind: Quantifier,
        var: Ident,
        list: Box<Expr>,
        filter: Option<Box<Expr>>,
    },
    Reduce {
        acc: Ident,
        init: Box<Expr>,
        var: Ident,
        list: Box<Expr>,
        expr: Box<Expr>,
    },
    PatternComprehension {
        var: Option<Ident>,
        pattern: Box<PatternElement>,
        filter: Option<Box<Expr>>,
        map: Box<Expr>,
    },
    /// A pattern used as a predicate: true when it has a match.
    PatternPredicate(Box<PatternElement>),
    /// `shortestPath(...)` used as an expression.
    ShortestPathExpr(Box<PatternPart>),
    Exists(Box<ExistsQuery>),
    /// `COUNT { … }`: how many rows the pattern or query has.
    Count(Box<ExistsQuery>),
    /// `COLLECT { … }`: the one column a query returns, as a list.
    Collect(Box<Query>),
    MapProjection {
        var: Ident,
        items: Vec<MapProjectionItem>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExistsQuery {
    Pattern(Vec<PatternPart>, Option<Expr>),
    Query(Query),
}

impl Expr {
    pub fn new(kind: ExprKind, span: Span) -> Expr {
        Expr { kind, span }
    }

    /// The expressions directly inside this one (not inside subqueries or
    /// patterns).
    pub fn children_mut(&mut self) -> Vec<&mut Expr> {
        use ExprKind::*;
        match &mut self.kind {
            List(items) => items.iter_mut().collect(),
            Map(entries) => entries.iter_mut().map(|(_, v)| v).collect(),
            Property(b, _) | HasLabels(b, _) | Unary(_, b) | IsNull(b, _) => vec![&mut **b],
            IsType { expr, .. } | IsNormalized { expr, .. } => vec![&mut **expr],
            Index(a, b) | Binary(_, a, b) => vec![&mut **a, &mut **b],
            Slice(a, b, c) => {
                let mut out = vec![&mut **a];
                out.extend(b.as_deref_mut());
                out.extend(c.as_deref_mut());
                out
            }
            FunctionCall { args, .. } => args.iter_mut().collect(),
            Case { subject, whens, otherwise } => {
                let mut out: Vec<&mut Expr> = subject.as_deref_mut().into_iter().collect();
                for (w, t) in whens {
                    out.push(w);
                    out.push(t);
                }
                out.extend(otherwise.as_deref_mut());
                out
            }
            ListComprehension { list, filter, map, .. } => {
                let mut out = vec![&mut **list];
                out.extend(filter.as_deref_mut());
                out.extend(map.as_deref_mut());
                out
            }
            Quantifier { list, filter, .. } => {
                let mut out = vec![&mut **list];
                out.extend(filter.as_deref_mut());
                out
            }
            Reduce { init, list, expr, .. } => vec![&mut **init, &mut **list, &mut **expr],
            MapProjection { items, .. } => items
                .iter_mut()
                .filter_map(|i| match i {
                    MapProjectionItem::Entry(_, v) => Some(v),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Calls `f` on this expression and every one inside it.
    pub fn walk(&self, f: &mut dyn FnMut(&Expr)) {
        fn visit(e: &mut Expr, f: &mut dyn FnMut(&Expr)) {
            f(e);
            for child in e.children_mut() {
                visit(child, f);
            }
        }
        visit(&mut self.clone(), f);
    }
}
