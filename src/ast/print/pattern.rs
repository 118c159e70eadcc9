//! Graph patterns as Cypher: `p = (a:L {k: v})-[r:T|U*1..3]->(b)`. GQL's
//! quantified relationships were lowered to variable lengths, so they print
//! as `*m..n`; selectors and quantified path patterns print as GQL.

use std::fmt::{self, Display, Formatter, Write};

use super::labels;
use super::lexical::{schema_name, variable};
use crate::ast::*;

impl Display for PatternPart {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if let Some(var) = &self.var {
            variable(f, &var.name)?;
            f.write_str(" = ")?;
        }
        match self.kind {
            PathKind::Normal => self.element.fmt(f),
            PathKind::Shortest => write!(f, "shortestPath({})", self.element),
            PathKind::AllShortest => write!(f, "allShortestPaths({})", self.element),
            PathKind::Selected(selector) => write!(f, "{selector} {}", self.element),
        }
    }
}

impl Display for PatternElement {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        self.start.fmt(f)?;
        for (rel, node) in &self.chain {
            write!(f, "{rel}{node}")?;
        }
        Ok(())
    }
}

impl Display for PathSelector {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            PathSelector::Any(k) => write!(f, "ANY {k}"),
            PathSelector::Shortest(k) => write!(f, "SHORTEST {k}"),
            PathSelector::ShortestGroups(k) => write!(f, "SHORTEST {k} GROUPS"),
        }
    }
}

impl Display for NodePattern {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_char('(')?;
        if let Some(var) = &self.var {
            variable(f, &var.name)?;
        }
        labels(f, &self.labels)?;
        properties(f, self.properties.as_ref(), self.var.is_some() || !self.labels.is_empty())?;
        f.write_char(')')
    }
}

impl Display for RelPattern {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if let Some(group) = &self.group {
            return quantified_path(f, group, self.range.unwrap_or((Some(1), Some(1))));
        }
        f.write_str(if self.direction == Direction::Left { "<-" } else { "-" })?;
        let detailed =
            self.var.is_some() || !self.types.is_empty() || self.range.is_some() || self.properties.is_some();
        if detailed {
            f.write_char('[')?;
            if let Some(var) = &self.var {
                variable(f, &var.name)?;
            }
            rel_types(f, &self.types)?;
            if let Some(range) = self.range {
                length(f, range)?;
            }
            let before = self.var.is_some() || !self.types.is_empty() || self.range.is_some();
            properties(f, self.properties.as_ref(), before)?;
            f.write_char(']')?;
        }
        f.write_str(if self.direction == Direction::Right { "->" } else { "-" })
    }
}

/// `((x)-[:R]->(y) WHERE …){m,n}`: the hop a quantified path pattern is.
fn quantified_path(f: &mut Formatter<'_>, group: &QuantifiedPath, range: (Option<u64>, Option<u64>)) -> fmt::Result {
    write!(f, "({}", group.element)?;
    if let Some(filter) = &group.filter {
        write!(f, " WHERE {filter}")?;
    }
    let min = range.0.unwrap_or(0);
    match range.1 {
        Some(max) if max == min => write!(f, "){{{min}}}"),
        Some(max) => write!(f, "){{{min},{max}}}"),
        None => write!(f, "){{{min},}}"),
    }
}

/// `:T|U`.
fn rel_types(f: &mut Formatter<'_>, types: &[String]) -> fmt::Result {
    for (i, name) in types.iter().enumerate() {
        f.write_char(if i == 0 { ':' } else { '|' })?;
        schema_name(f, name)?;
    }
    Ok(())
}

/// `*`, `*n`, `*m..`, `*..n`, `*m..n`.
fn length(f: &mut Formatter<'_>, range: (Option<u64>, Option<u64>)) -> fmt::Result {
    f.write_char('*')?;
    match range {
        (None, None) => Ok(()),
        (Some(min), Some(max)) if min == max => write!(f, "{min}"),
        (min, max) => {
            if let Some(min) = min {
                write!(f, "{min}")?;
            }
            f.write_str("..")?;
            match max {
                Some(max) => write!(f, "{max}"),
                None => Ok(()),
            }
        }
    }
}

/// A pattern's `{k: v}` or `$map`, after a space when something precedes it.
fn properties(f: &mut Formatter<'_>, properties: Option<&Expr>, after_something: bool) -> fmt::Result {
    match properties {
        Some(map) => write!(f, "{}{map}", if after_something { " " } else { "" }),
        None => Ok(()),
    }
}
