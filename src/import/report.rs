//! What an import of the sanctions lists did, for the summary line and
//! for tests: counts per label and type, updates, and the references it
//! could not follow.

use std::collections::BTreeMap;
use std::fmt;

#[derive(Debug, Default)]
pub struct Report {
    /// Each source's `source` label, in import order.
    pub sources: Vec<String>,
    pub nodes_created: u64,
    pub relationships_created: u64,
    /// Nodes created, per label (a node counts under each of its labels).
    pub nodes: BTreeMap<String, u64>,
    /// Relationships created, per type.
    pub relationships: BTreeMap<String, u64>,
    /// Records of an earlier version brought up to this one.
    pub updated: u64,
    /// Records and relationships a delta deleted.
    pub deleted: u64,
    /// Stated links that named exactly one record, per type.
    pub resolved: BTreeMap<String, u64>,
    /// Links by name that named no record or several, with why.
    pub unresolved: Vec<String>,
    /// References by id to records the file does not hold (an FtM
    /// `addressEntity` left out of a partial export, a UN reference number
    /// of a listing since removed), with what refers to them.
    pub dangling: Vec<String>,
    /// Country spellings the territories table does not know, and how often.
    pub unknown_countries: BTreeMap<String, u64>,
    /// Records skipped under `--skip-bad-rows`.
    pub skipped: Vec<String>,
}

impl Report {
    /// The lines the user reads after the summary: what could not be
    /// linked or placed, with a few examples each.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        let examples = |items: &[String]| {
            let shown: Vec<&str> = items.iter().take(3).map(String::as_str).collect();
            let more = if items.len() > 3 { ", …" } else { "" };
            format!("{}{more}", shown.join("; "))
        };
        if !self.resolved.is_empty() {
            let per_type: Vec<String> = self.resolved.iter().map(|(t, n)| format!("{t} {n}")).collect();
            notes.push(format!("links resolved to a record: {}", per_type.join(", ")));
        }
        if !self.unresolved.is_empty() {
            notes.push(format!(
                "{} links by name named no record or several ({})",
                self.unresolved.len(),
                examples(&self.unresolved)
            ));
        }
        if !self.dangling.is_empty() {
            notes.push(format!(
                "{} references to records not in the file ({})",
                self.dangling.len(),
                examples(&self.dangling)
            ));
        }
        if !self.unknown_countries.is_empty() {
            let names: Vec<String> = self.unknown_countries.keys().cloned().collect();
            notes.push(format!(
                "{} country spellings not in the territories table, kept as text ({})",
                names.len(),
                examples(&names)
            ));
        }
        if self.updated > 0 || self.deleted > 0 {
            notes.push(format!("{} records updated from an earlier version, {} deleted", self.updated, self.deleted));
        }
        notes
    }
}

impl Report {
    /// `per label and type: Person 682, …, TARGETS 875, …`.
    pub fn breakdown(&self) -> String {
        let counts: Vec<String> =
            self.nodes.iter().chain(self.relationships.iter()).map(|(name, n)| format!("{name} {n}")).collect();
        format!("per label and type: {}", if counts.is_empty() { "none".to_string() } else { counts.join(", ") })
    }
}

impl fmt::Display for Report {
    /// `N nodes and M relationships from K sources`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sources = self.sources.len();
        write!(
            f,
            "{} nodes and {} relationships from {sources} source{}",
            self.nodes_created,
            self.relationships_created,
            if sources == 1 { "" } else { "s" }
        )
    }
}
