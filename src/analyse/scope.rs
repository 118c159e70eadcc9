//! Variables in scope and the slots they live in.

use super::compile_error;
use crate::error::Result;
use crate::plan::Slot;

/// What a variable is known to hold, for type-conflict checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VarKind {
    Node,
    Rel,
    /// A variable-length relationship: a list of relationships.
    RelList,
    /// A variable of a quantified path pattern, outside it: the list of
    /// its nodes or relationships over the repetitions.
    Group,
    Path,
    /// Anything (a projected or unwound value).
    Value,
}

impl VarKind {
    fn name(self) -> &'static str {
        match self {
            VarKind::Node => "Node",
            VarKind::Rel => "Relationship",
            VarKind::RelList => "List<Relationship>",
            VarKind::Group => "List (a group variable)",
            VarKind::Path => "Path",
            VarKind::Value => "Any",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Var {
    pub name: String,
    pub slot: Slot,
    pub kind: VarKind,
    /// For `Value` variables, what is known of the value's type.
    pub ty: super::types::Ty,
}

/// The variables visible at a point of a query. Slots are never reused
/// within one single query, so a row has one place per variable ever made.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    vars: Vec<Var>,
    slots: usize,
    /// Marks of nested scopes (comprehensions, subqueries).
    frames: Vec<usize>,
    /// Node counts per label, for the planner.
    pub stats: std::sync::Arc<crate::plan::pattern::GraphStats>,
    /// The slots of the last `LOAD CSV`'s line number and file name, which
    /// `linenumber()` and `file()` read; a projection ends them.
    pub csv: Option<(Slot, Slot)>,
}

impl Scope {
    pub fn with_stats(stats: std::sync::Arc<crate::plan::pattern::GraphStats>) -> Scope {
        Scope { stats, ..Scope::default() }
    }

    /// Every slot bound to a visible variable.
    pub fn bound_slots(&self) -> std::collections::HashSet<Slot> {
        self.vars.iter().map(|v| v.slot).collect()
    }

    pub fn slot_count(&self) -> usize {
        self.slots
    }

    pub fn new_slot(&mut self) -> Slot {
        self.slots += 1;
        self.slots - 1
    }

    pub fn get(&self, name: &str) -> Option<&Var> {
        self.vars.iter().rev().find(|v| v.name == name)
    }

    pub fn vars(&self) -> &[Var] {
        &self.vars
    }

    /// Binds `name` to a new slot; an error if it is bound already.
    pub fn declare_fresh(&mut self, name: &str, kind: VarKind, offset: usize) -> Result<Slot> {
        if self.get(name).is_some() {
            return Err(compile_error("VariableAlreadyBound", format!("Variable `{name}` already declared"), offset));
        }
        Ok(self.declare(name, kind))
    }

    /// Binds `name` to a new slot, shadowing any outer one.
    pub fn declare(&mut self, name: &str, kind: VarKind) -> Slot {
        let slot = self.new_slot();
        self.vars.push(Var { name: name.to_string(), slot, kind, ty: super::types::Ty::Any });
        slot
    }

    /// Records what is known of the type of the value in `slot`.
    pub fn set_type(&mut self, slot: Slot, ty: super::types::Ty) {
        if let Some(var) = self.vars.iter_mut().rev().find(|v| v.slot == slot) {
            var.ty = ty;
        }
    }

    /// Makes `name` visible as another name for `slot`.
    pub fn declare_alias(&mut self, name: &str, slot: Slot, kind: VarKind) {
        self.vars.push(Var { name: name.to_string(), slot, kind, ty: super::types::Ty::Any });
    }

    /// The slot of `name` if bound with a compatible kind, else a fresh one.
    pub fn bind_pattern_var(&mut self, name: &str, kind: VarKind, offset: usize) -> Result<(Slot, bool)> {
        match self.get(name) {
            Some(var) if var.kind == VarKind::Group => Err(group_as_single(name, offset)),
            Some(var) => {
                let wanted = match kind {
                    VarKind::Node => super::types::Ty::Node,
                    VarKind::Rel => super::types::Ty::Rel,
                    _ => super::types::Ty::List,
                };
                let value_fits = matches!(var.ty, super::types::Ty::Any | super::types::Ty::Null) || var.ty == wanted;
                let compatible = var.kind == kind || (var.kind == VarKind::Value && value_fits);
                if !compatible {
                    return Err(compile_error(
                        "VariableTypeConflict",
                        format!(
                            "Type mismatch: `{name}` defined with conflicting type {} (expected {})",
                            var.kind.name(),
                            kind.name()
                        ),
                        offset,
                    ));
                }
                Ok((var.slot, true))
            }
            None => Ok((self.declare(name, kind), false)),
        }
    }

    /// Replaces the visible variables (after WITH / RETURN).
    pub fn replace(&mut self, vars: Vec<Var>) {
        self.vars = vars;
        self.csv = None;
    }

    /// A scope for a subquery: the same slots, with only `vars` visible.
    pub fn nested(&self, vars: Vec<Var>) -> Scope {
        Scope { vars, slots: self.slots, frames: Vec::new(), stats: self.stats.clone(), csv: self.csv }
    }

    /// Keeps the slots a nested scope took from being used again.
    pub fn reserve(&mut self, nested: &Scope) {
        self.slots = self.slots.max(nested.slots);
    }

    pub fn push_frame(&mut self) {
        self.frames.push(self.vars.len());
    }

    pub fn pop_frame(&mut self) {
        if let Some(mark) = self.frames.pop() {
            self.vars.truncate(mark);
        }
    }
}

/// A group variable used where one node or relationship is meant.
pub fn group_as_single(name: &str, offset: usize) -> crate::error::Error {
    let message = format!(
        "`{name}` is a group variable of a quantified path pattern: outside it, it is a list and cannot be used as a single node or relationship"
    );
    crate::error::Error::semantic(message).at(offset)
}
