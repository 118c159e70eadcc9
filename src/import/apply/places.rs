//! Where a record is: its countries, resolved through the territories
//! table, and its addresses, one node per distinct address of a list.

use std::sync::Arc;

use super::Writer;
use crate::import::countries;
use crate::import::listing::{Address, Source};
use crate::store::Dir;
use crate::value::{NodeId, Value};

impl Writer<'_> {
    fn country_node(&mut self, raw: &str) -> Option<NodeId> {
        let territory = countries::resolve(raw)?;
        let iso2 = territory.iso2();
        if let Some(node) = self.countries.get(&iso2) {
            return Some(*node);
        }
        let properties = vec![
            ("name".to_string(), Value::string(&territory.name)),
            ("iso2".to_string(), Value::string(&iso2)),
            ("source".to_string(), Value::string("territories table (rigour)")),
        ];
        let node = self.create_node(&["Country"], properties);
        self.countries.insert(iso2, node);
        Some(node)
    }

    /// A country the record names, as a relationship; a spelling the
    /// territories table does not know stays on the record as text.
    pub(super) fn country_link(&mut self, node: NodeId, rel_type: &str, raw: &str, source: &Source) {
        match self.country_node(raw) {
            Some(country) => {
                let exists = self
                    .graph
                    .edges(node, Dir::Outgoing)
                    .any(|e| e.other == country && self.graph.types.get(rel_type) == Some(e.rel_type));
                if !exists {
                    self.create_rel(node, country, rel_type, vec![("source".into(), Value::string(&source.label()))]);
                }
            }
            None => {
                *self.report.unknown_countries.entry(raw.to_string()).or_default() += 1;
                let key = match rel_type {
                    "NATIONAL_OF" => "nationality",
                    "REGISTERED_IN" => "jurisdiction",
                    "FLAGGED_IN" => "flag",
                    _ => "country",
                };
                let key = self.key(key);
                let mut values = match self.graph.node_property(node, key) {
                    Some(Value::List(items)) => items,
                    _ => Vec::new(),
                };
                values.push(Value::string(raw));
                self.graph.set_node_property(node, key, Value::List(values));
            }
        }
    }

    pub(super) fn address(&mut self, party: NodeId, address: &Address, list: &Arc<str>, source: &Source) {
        let key = (list.to_string(), address.full.clone());
        let node = match self.addresses.get(&key) {
            Some(node) => *node,
            None => {
                let mut properties = vec![("full".to_string(), Value::string(&address.full))];
                properties.extend(address.city.as_deref().map(|c| ("city".to_string(), Value::string(c))));
                properties.extend([
                    ("source".to_string(), Value::string(&source.label())),
                    ("list".to_string(), Value::String(list.clone())),
                ]);
                let node = self.create_node(&["Address"], properties);
                if let Some(country) = &address.country {
                    self.country_link(node, "LOCATED_IN", country, source);
                }
                self.addresses.insert(key, node);
                node
            }
        };
        if !self.graph.edges(party, Dir::Outgoing).any(|e| e.other == node) {
            self.create_rel(party, node, "HAS_ADDRESS", vec![("source".into(), Value::string(&source.label()))]);
        }
    }
}
