//! Lowering of Cypher 25's type predicates (`x IS :: LIST<INTEGER> NOT
//! NULL`) and normalization predicates (`s IS NFKC NORMALIZED`).

use pest::iterators::Pair;

use super::{Rule, span};
use crate::ast::{Expr, ExprKind, NormalForm};
use crate::error::{Error, Result};
use crate::value_type::{Kind, ValueType};

/// `base IS [NOT] :: TYPE`.
pub(super) fn is_type(base: Box<Expr>, op: Pair<'_, Rule>) -> Result<ExprKind> {
    let at = span(&op).start;
    let mut negated = false;
    let mut ty = None;
    for p in op.into_inner() {
        match p.as_rule() {
            Rule::NOT => negated = true,
            Rule::value_type => ty = Some(value_type(p)?),
            _ => {}
        }
    }
    let ty = ty.ok_or_else(|| Error::syntax("expected a type after '::'").at(at))?;
    Ok(ExprKind::IsType { expr: base, ty, negated })
}

/// `base IS [NOT] [form] NORMALIZED`; the form is NFC unless named.
pub(super) fn is_normalized(base: Box<Expr>, op: Pair<'_, Rule>) -> ExprKind {
    let mut negated = false;
    let mut form = NormalForm::Nfc;
    for p in op.into_inner() {
        match p.as_rule() {
            Rule::NOT => negated = true,
            Rule::normal_form => form = NormalForm::named(p.as_str()).unwrap_or(NormalForm::Nfc),
            _ => {}
        }
    }
    ExprKind::IsNormalized { expr: base, form, negated }
}

fn value_type(pair: Pair<'_, Rule>) -> Result<ValueType> {
    let at = span(&pair).start;
    let members = pair.into_inner().map(type_part).collect::<Result<Vec<_>>>()?;
    ValueType::union(members).map_err(|why| Error::syntax(why).at(at))
}

fn type_part(pair: Pair<'_, Rule>) -> Result<ValueType> {
    let at = span(&pair).start;
    let mut kind = None;
    let mut nullable = true;
    for p in pair.into_inner() {
        let p_at = span(&p).start;
        match p.as_rule() {
            Rule::type_name => {
                let named = ValueType::named(p.as_str());
                kind = Some(named.ok_or_else(|| Error::syntax(format!("unknown type {}", p.as_str())).at(p_at))?);
            }
            Rule::type_list => {
                let inner = p.into_inner().find(|q| q.as_rule() == Rule::value_type);
                let inner = inner.ok_or_else(|| Error::syntax("expected LIST<type>").at(p_at))?;
                kind = Some(Kind::List(Box::new(value_type(inner)?)));
            }
            // ANY<A | B> is the union A | B.
            Rule::type_any_of => {
                let inner = p.into_inner().find(|q| q.as_rule() == Rule::value_type);
                let inner = inner.ok_or_else(|| Error::syntax("expected ANY<type>").at(p_at))?;
                let union = value_type(inner)?;
                nullable = union.nullable;
                kind = Some(union.kind);
            }
            Rule::type_not_null => nullable = false,
            _ => {}
        }
    }
    let kind = kind.ok_or_else(|| Error::syntax("expected a type").at(at))?;
    if !nullable && matches!(kind, Kind::Null) {
        return Err(Error::syntax("NULL NOT NULL is not a type; use NOTHING").at(at));
    }
    Ok(ValueType::new(kind, nullable))
}

#[cfg(test)]
mod tests {
    use crate::ast::{Clause, ExprKind};
    use crate::parser::parse;

    fn first_item(text: &str) -> Option<ExprKind> {
        let statement = parse(text).ok()?;
        match statement.query.parts.first()?.clauses.first()? {
            Clause::Return(p) => p.items.first().map(|i| i.expr.kind.clone()),
            _ => None,
        }
    }

    #[test]
    fn type_predicates_parse_with_synonyms_and_nesting() {
        let Some(ExprKind::IsType { ty, negated, .. }) = first_item("RETURN x IS NOT :: LIST<INT NOT NULL> NOT NULL")
        else {
            panic!("expected a type predicate")
        };
        assert!(negated);
        assert_eq!(ty.to_string(), "LIST<INTEGER NOT NULL> NOT NULL");
        let Some(ExprKind::IsType { ty, .. }) = first_item("RETURN x :: timestamp  without time zone | BOOL") else {
            panic!("expected a type predicate")
        };
        assert_eq!(ty.to_string(), "LOCAL DATETIME | BOOLEAN");
    }

    #[test]
    fn mixed_nullability_in_a_union_is_a_syntax_error() {
        assert!(parse("RETURN 1 IS :: INTEGER NOT NULL | FLOAT").is_err());
        assert!(parse("RETURN 1 IS :: NULL NOT NULL").is_err());
        assert!(parse("RETURN 1 IS :: WIDGET").is_err());
    }
}
