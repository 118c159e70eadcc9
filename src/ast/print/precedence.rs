//! How tightly each kind of expression binds, as the parser's Pratt table
//! (`parser/expr.rs`) has it: the printer parenthesises a child that binds
//! more loosely than its place needs.

use crate::ast::{BinaryOp, Expr, ExprKind, Literal, UnaryOp};

/// How tightly an expression binds, loosest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Level {
    Or,
    Xor,
    And,
    Not,
    Comparison,
    /// `STARTS WITH`, `IN`, `=~`, `IS NULL`, `IS :: T` …
    Predicate,
    Additive,
    Multiplicative,
    Power,
    /// Unary `-` and `+` (and a negative number).
    Unary,
    /// `.key`, `[i]`, `[a..b]`, `:Label`.
    Postfix,
    Atom,
}

impl Level {
    /// The next tighter level: what the right operand of a left-associative
    /// operator must bind at least as tightly as.
    pub(super) fn tighter(self) -> Level {
        use Level::*;
        match self {
            Or => Xor,
            Xor => And,
            And => Not,
            Not => Comparison,
            Comparison => Predicate,
            Predicate => Additive,
            Additive => Multiplicative,
            Multiplicative => Power,
            Power => Unary,
            Unary => Postfix,
            Postfix | Atom => Atom,
        }
    }
}

pub(super) fn binary_level(op: BinaryOp) -> Level {
    use BinaryOp::*;
    match op {
        Or => Level::Or,
        Xor => Level::Xor,
        And => Level::And,
        Eq | Ne | Lt | Gt | Le | Ge => Level::Comparison,
        StartsWith | EndsWith | Contains | In | Regex => Level::Predicate,
        Add | Sub | Concat => Level::Additive,
        Mul | Div | Mod => Level::Multiplicative,
        Pow => Level::Power,
    }
}

pub(super) fn binary_symbol(op: BinaryOp) -> &'static str {
    use BinaryOp::*;
    match op {
        Or => "OR",
        Xor => "XOR",
        And => "AND",
        Eq => "=",
        Ne => "<>",
        Lt => "<",
        Gt => ">",
        Le => "<=",
        Ge => ">=",
        StartsWith => "STARTS WITH",
        EndsWith => "ENDS WITH",
        Contains => "CONTAINS",
        In => "IN",
        Regex => "=~",
        Add => "+",
        Sub => "-",
        Mul => "*",
        Div => "/",
        Mod => "%",
        Pow => "^",
        Concat => "||",
    }
}

pub(super) fn level(e: &Expr) -> Level {
    match &e.kind {
        ExprKind::Binary(op, _, _) => binary_level(*op),
        ExprKind::Unary(UnaryOp::Not, _) => Level::Not,
        ExprKind::Unary(_, _) => Level::Unary,
        ExprKind::IsNull(..) | ExprKind::IsType { .. } | ExprKind::IsNormalized { .. } => Level::Predicate,
        ExprKind::Property(..) | ExprKind::Index(..) | ExprKind::Slice(..) | ExprKind::HasLabels(..) => Level::Postfix,
        // `-9223372036854775808` is written with a minus sign.
        ExprKind::Literal(Literal::Int(n)) if *n < 0 => Level::Unary,
        ExprKind::Literal(Literal::Float(x)) if x.is_sign_negative() && !x.is_nan() => Level::Unary,
        _ => Level::Atom,
    }
}
