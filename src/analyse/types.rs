//! What can be known of an expression's type before it runs, so that
//! `NOT 123` or `1 IN 'abc'` fail at compile time as the TCK asks.

use super::compile_error;
use super::scope::{Scope, VarKind};
use crate::error::Result;
use crate::plan::subquery::SubqueryKind;
use crate::plan::{BinaryOp, Expr, Function};
use crate::value::Value;

/// A static type; `Any` when it is only known at run time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    Any,
    Null,
    Bool,
    Int,
    Float,
    String,
    List,
    Map,
    Node,
    Rel,
    Path,
    Date,
}

impl Ty {
    pub fn of_value(v: &Value) -> Ty {
        match v {
            Value::Null => Ty::Null,
            Value::Bool(_) => Ty::Bool,
            Value::Int(_) => Ty::Int,
            Value::Float(_) => Ty::Float,
            Value::String(_) => Ty::String,
            Value::List(_) => Ty::List,
            Value::Map(_) => Ty::Map,
            Value::Node(_) => Ty::Node,
            Value::Relationship(_) => Ty::Rel,
            Value::Path(_) => Ty::Path,
            Value::Date(_) | Value::Temporal(_) => Ty::Date,
        }
    }

    /// Whether a value of this type may turn out to be one of `allowed`.
    fn may_be(self, allowed: &[Ty]) -> bool {
        matches!(self, Ty::Any | Ty::Null) || allowed.contains(&self)
    }
}

pub fn infer(e: &Expr, scope: &Scope) -> Ty {
    match e {
        Expr::Const(v) => Ty::of_value(v),
        Expr::Slot(s) => match scope.vars().iter().rev().find(|v| v.slot == *s) {
            Some(var) => match var.kind {
                VarKind::Node => Ty::Node,
                VarKind::Rel => Ty::Rel,
                VarKind::RelList | VarKind::Group => Ty::List,
                VarKind::Path => Ty::Path,
                VarKind::Value => var.ty,
            },
            None => Ty::Any,
        },
        Expr::List(_) | Expr::ListComprehension { .. } | Expr::PatternComprehension { .. } => Ty::List,
        Expr::Map(_) | Expr::MapProjection { .. } => Ty::Map,
        Expr::Not(_)
        | Expr::IsNull(..)
        | Expr::IsType(..)
        | Expr::HasLabels(..)
        | Expr::Exists(_)
        | Expr::Subquery(SubqueryKind::Exists, _)
        | Expr::Quantifier { .. } => Ty::Bool,
        Expr::Subquery(SubqueryKind::Count, _) => Ty::Int,
        Expr::Subquery(SubqueryKind::Collect, _) => Ty::List,
        Expr::Binary(op, l, r) => match op {
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod => {
                match (infer(l, scope), infer(r, scope)) {
                    (Ty::Int, Ty::Int) => Ty::Int,
                    (Ty::Float, Ty::Int | Ty::Float) | (Ty::Int, Ty::Float) => Ty::Float,
                    (Ty::String, Ty::String) if *op == BinaryOp::Add => Ty::String,
                    (Ty::List, _) | (_, Ty::List) if *op == BinaryOp::Add => Ty::List,
                    _ => Ty::Any,
                }
            }
            BinaryOp::Pow => Ty::Float,
            BinaryOp::Concat => match (infer(l, scope), infer(r, scope)) {
                (Ty::String, Ty::String) => Ty::String,
                (Ty::List, Ty::List) => Ty::List,
                _ => Ty::Any,
            },
            _ => Ty::Bool,
        },
        Expr::Function(f, _) => match f {
            Function::Labels
            | Function::Keys
            | Function::Nodes
            | Function::Relationships
            | Function::Range
            | Function::Split
            | Function::Tail => Ty::List,
            Function::ToString
            | Function::ToLower
            | Function::ToUpper
            | Function::Trim
            | Function::BTrim
            | Function::Normalize(_)
            | Function::ValueType
            | Function::LTrim
            | Function::RTrim
            | Function::Type
            | Function::Substring
            | Function::Left
            | Function::Right
            | Function::Replace => Ty::String,
            Function::Id | Function::Size | Function::Length | Function::Sign => Ty::Int,
            Function::Properties => Ty::Map,
            Function::Similarity => Ty::Float,
            Function::StartNode | Function::EndNode => Ty::Node,
            _ => Ty::Any,
        },
        Expr::ShortestPath(..) => Ty::Path,
        _ => Ty::Any,
    }
}

/// The type every element of a list expression is known to have.
pub fn element_type(list: &Expr, scope: &Scope) -> Ty {
    let mut types: Vec<Ty> = match list {
        Expr::List(items) => items.iter().map(|i| infer(i, scope)).collect(),
        Expr::Const(Value::List(items)) => items.iter().map(Ty::of_value).collect(),
        _ => return Ty::Any,
    };
    types.retain(|t| *t != Ty::Null);
    match types.split_first() {
        Some((first, rest)) if rest.iter().all(|t| t == first) => *first,
        _ => Ty::Any,
    }
}

/// Raises the TCK's compile-time `InvalidArgumentType` where an operand's
/// static type can never be right.
pub fn check(e: &Expr, scope: &Scope, offset: usize) -> Result<()> {
    let wrong = |what: &str, ty: Ty| {
        compile_error("InvalidArgumentType", format!("Type mismatch: {what} does not accept {ty:?}"), offset)
    };
    match e {
        Expr::Not(x) => {
            let ty = infer(x, scope);
            if !ty.may_be(&[Ty::Bool]) {
                return Err(wrong("NOT", ty));
            }
        }
        Expr::Binary(op @ (BinaryOp::And | BinaryOp::Or | BinaryOp::Xor), l, r) => {
            for side in [l, r] {
                let ty = infer(side, scope);
                if !ty.may_be(&[Ty::Bool]) {
                    return Err(wrong(&format!("{op:?}"), ty));
                }
            }
        }
        Expr::Binary(op @ (BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod | BinaryOp::Pow), l, r) => {
            for side in [l, r] {
                let ty = infer(side, scope);
                if !ty.may_be(&[Ty::Int, Ty::Float, Ty::Date]) {
                    return Err(wrong(&format!("{op:?}"), ty));
                }
            }
        }
        Expr::Binary(BinaryOp::In, _, r) => {
            let ty = infer(r, scope);
            if !ty.may_be(&[Ty::List]) {
                return Err(wrong("IN", ty));
            }
        }
        Expr::Property(base, _) => {
            if let Expr::Slot(s) = **base
                && let Some(var) = scope.vars().iter().rev().find(|v| v.slot == s && v.kind == VarKind::Group)
            {
                return Err(super::scope::group_as_single(&var.name, offset));
            }
            let ty = infer(base, scope);
            if ty == Ty::Path {
                return Err(wrong("property access", ty));
            }
        }
        Expr::Function(f, args) => {
            let ty = args.first().map_or(Ty::Any, |a| infer(a, scope));
            let allowed: &[Ty] = match f {
                Function::Labels => &[Ty::Node],
                Function::Properties => &[Ty::Node, Ty::Rel, Ty::Map],
                Function::Size => &[Ty::List, Ty::String, Ty::Map],
                Function::Type => &[Ty::Rel],
                Function::Length => &[Ty::Path, Ty::List, Ty::String],
                _ => return Ok(()),
            };
            if !ty.may_be(allowed) {
                return Err(wrong(&format!("{f:?}()"), ty));
            }
        }
        _ => {}
    }
    Ok(())
}

/// A condition (WHERE) must be able to be a boolean.
pub fn check_condition(e: &Expr, scope: &Scope, offset: usize) -> Result<()> {
    let ty = infer(e, scope);
    if ty.may_be(&[Ty::Bool]) {
        Ok(())
    } else {
        Err(compile_error(
            "InvalidArgumentType",
            format!("Type mismatch: expected a boolean condition, got {ty:?}"),
            offset,
        ))
    }
}
