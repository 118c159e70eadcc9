//! FollowTheMoney JSON lines (`--ftm`), as OpenSanctions exports them: one
//! entity a line, or a delta of `{"op": "ADD"|"MOD"|"DEL", "entity": …}`.
//!
//! Node schemata become listings; `Sanction` entities become designations
//! and edge schemata (`Ownership`, `Family`, …) links, both given apart in
//! the batch since their ends may be anywhere in the file or in the store.

mod schema;

use std::io::BufRead;

use indexmap::{IndexMap, IndexSet};
use serde_json::Value as Json;

use super::listing::{Address, Batch, Designation, Link, Listing, ReadOptions, Source, Target, parse_date};
use crate::value::Value;
use schema::{Kind, Schema};

/// Property keys that hold one string, not a list (the first value given).
pub(super) const SINGLE_VALUED: &[&str] =
    &["name", "gender", "imo_number", "call_sign", "vessel_type", "tonnage", "gross_tonnage", "mmsi"];

/// One entity as the file last gave it.
struct Entity {
    line: u64,
    schema: &'static Schema,
    /// FtM property names (any `Schema:` prefix taken off), values as strings.
    properties: IndexMap<String, Vec<String>>,
    /// `caption`, `referents`, `datasets`, `first_seen`, … of the export.
    extras: Vec<(&'static str, Value)>,
}

impl Entity {
    fn values(&self, property: &str) -> &[String] {
        self.properties.get(property).map_or(&[], Vec::as_slice)
    }

    fn first(&self, property: &str) -> Option<&str> {
        self.values(property).first().map(String::as_str)
    }
}

enum Op {
    Put(String, Entity),
    Del(String),
}

/// Reads an FtM file, plain or delta, applying its operations in order.
pub fn read(mut input: impl BufRead, file: &str, options: &ReadOptions) -> Result<Batch, String> {
    let mut batch = Batch { source: Some(Source { list: "OpenSanctions".into(), version: None }), ..Batch::default() };
    let mut entities: IndexMap<String, Entity> = IndexMap::new();
    let mut deleted: IndexSet<String> = IndexSet::new();
    let mut bytes = Vec::new();
    let mut line = 0;
    loop {
        bytes.clear();
        let read = input.read_until(b'\n', &mut bytes).map_err(|e| format!("{file}:{}: {e}", line + 1))?;
        if read == 0 {
            break;
        }
        line += 1;
        let op = match std::str::from_utf8(&bytes) {
            Ok(text) if text.trim_start_matches('\u{feff}').trim().is_empty() => continue,
            Ok(text) => parse_line(text.trim_start_matches('\u{feff}'), line),
            Err(_) => Err("not UTF-8".to_string()),
        };
        match op {
            Ok(Op::Put(id, entity)) => {
                deleted.shift_remove(&id);
                entities.insert(id, entity);
            }
            Ok(Op::Del(id)) => {
                entities.shift_remove(&id);
                deleted.insert(id);
            }
            Err(reason) if options.skip_bad_rows => batch.skipped.push(format!("{file}:{line}: {reason}")),
            Err(reason) => return Err(format!("{file}:{line}: {reason}")),
        }
    }
    for (id, entity) in entities {
        match entity.schema.kind {
            Kind::Node(labels) => batch.listings.push(listing(id, &entity, labels)),
            Kind::Sanction => add_designations(&mut batch, file, id, &entity),
            Kind::Edge { source, target, rel } => add_links(&mut batch, file, id, &entity, [source, target], rel),
        }
    }
    batch.deleted = deleted.into_iter().collect();
    Ok(batch)
}

/// One line: a plain entity (an ADD) or a delta operation.
fn parse_line(text: &str, line: u64) -> Result<Op, String> {
    super::json_integers::check(text).map_err(|(_, reason)| reason)?;
    let json: Json = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let Json::Object(mut object) = json else {
        return Err("not a JSON object".into());
    };
    let Some(op) = object.remove("op") else {
        return entity(object, line).map(|(id, e)| Op::Put(id, e));
    };
    let entity_json = match object.remove("entity") {
        Some(Json::Object(e)) => e,
        _ => return Err("a delta line without an \"entity\" object".into()),
    };
    match op.as_str() {
        Some("ADD" | "MOD") => entity(entity_json, line).map(|(id, e)| Op::Put(id, e)),
        Some("DEL") => id_of(&entity_json).map(Op::Del),
        _ => Err(format!("unknown op {op}: expected ADD, MOD or DEL")),
    }
}

fn id_of(object: &serde_json::Map<String, Json>) -> Result<String, String> {
    match object.get("id").and_then(Json::as_str).map(str::trim) {
        Some(id) if !id.is_empty() => Ok(id.to_string()),
        _ => Err("an entity without an \"id\"".into()),
    }
}

fn entity(mut object: serde_json::Map<String, Json>, line: u64) -> Result<(String, Entity), String> {
    let id = id_of(&object)?;
    let name = object.get("schema").and_then(Json::as_str).ok_or(format!("entity {id} has no \"schema\""))?;
    let schema = match schema::schema(name.trim()) {
        Some(s) if !matches!(s.kind, Kind::Node(&[])) => s,
        _ => return Err(format!("entity {id} has an unknown or abstract schema {name:?}")),
    };
    let properties = match object.remove("properties") {
        Some(Json::Object(p)) => properties(schema, p),
        None | Some(Json::Null) => IndexMap::new(),
        Some(_) => return Err(format!("entity {id}: \"properties\" is not an object")),
    };
    Ok((id, Entity { line, schema, properties, extras: extras(&object) }))
}

/// The properties as lists of strings, under their FtM names.
fn properties(schema: &Schema, json: serde_json::Map<String, Json>) -> IndexMap<String, Vec<String>> {
    let mut properties: IndexMap<String, Vec<String>> = IndexMap::new();
    for (key, value) in json {
        // `Person:country` is the qualified name of `country`.
        let name = match key.split_once(':') {
            Some((prefix, name)) if schema.is_a(prefix) => name,
            _ => key.as_str(),
        };
        properties.entry(name.to_string()).or_default().extend(strings(&value));
    }
    properties.retain(|_, values| !values.is_empty());
    properties
}

/// A value as strings; a plain string where FtM wants a list is one value.
fn strings(value: &Json) -> Vec<String> {
    let one = |v: &Json| match v {
        Json::Null => None,
        Json::String(s) => Some(s.trim().to_string()),
        Json::Bool(_) | Json::Number(_) => Some(v.to_string()),
        Json::Array(_) | Json::Object(_) => Some(v.to_string()),
    };
    match value {
        Json::Array(items) => items.iter().filter_map(one).filter(|s| !s.is_empty()).collect(),
        _ => one(value).into_iter().filter(|s| !s.is_empty()).collect(),
    }
}

/// The export's own keys next to `properties`, as the listing keeps them.
fn extras(object: &serde_json::Map<String, Json>) -> Vec<(&'static str, Value)> {
    let mut extras = Vec::new();
    for key in ["caption", "first_seen", "last_seen", "last_change"] {
        if let Some(text) = object.get(key).and_then(Json::as_str).map(str::trim).filter(|t| !t.is_empty()) {
            extras.push((key, Value::string(text)));
        }
    }
    for key in ["referents", "datasets"] {
        let list: Vec<Value> =
            object.get(key).map(strings).unwrap_or_default().iter().map(|s| Value::string(s)).collect();
        extras.push((key, Value::List(list)));
    }
    if let Some(target) = object.get("target").and_then(Json::as_bool) {
        extras.push(("target", Value::Bool(target)));
    }
    extras
}

fn extra<'a>(entity: &'a Entity, key: &str) -> Option<&'a Value> {
    entity.extras.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
}

/// A node entity as a listing: references become links, countries
/// relationships, the rest properties.
fn listing(id: String, entity: &Entity, labels: &[&'static str]) -> Listing {
    let mut listing = Listing { source_id: id, labels: labels.to_vec(), line: entity.line, ..Listing::default() };
    for (property, values) in &entity.properties {
        if let Some(reference) = schema::reference(entity.schema, property) {
            listing.links.extend(values.iter().map(|v| Link {
                rel_type: reference.rel,
                target: Target::Id(v.clone()),
                text: None,
                incoming: reference.incoming,
                properties: Vec::new(),
            }));
        } else if let Some(rel) = schema::country(entity.schema, property) {
            for value in values {
                if !listing.countries.iter().any(|(r, c)| *r == rel && c == value) {
                    listing.countries.push((rel, value.clone()));
                }
            }
        } else if property == "address" {
            for full in values {
                if !listing.addresses.iter().any(|a| &a.full == full) {
                    listing.addresses.push(Address { full: full.clone(), ..Address::default() });
                }
            }
        } else {
            set_values(&mut listing, &property_key(property, entity.schema.name), values);
        }
    }
    for (key, value) in &entity.extras {
        listing.set(key, value.clone());
    }
    if listing.get("name").is_none()
        && let Some(Value::String(caption)) = extra(entity, "caption")
    {
        listing.set_text("name", caption);
    }
    listing.set_text("schema", entity.schema.name);
    listing
}

/// Adds the values of one property: a single-valued key keeps its first
/// value (further names become aliases), a list collects them all.
pub(super) fn set_values(listing: &mut Listing, key: &str, values: &[String]) {
    for value in values {
        match listing.get(key) {
            None if SINGLE_VALUED.contains(&key) => listing.set_text(key, value),
            Some(Value::String(first)) if key == "name" && **first != *value.trim() => listing.push("aliases", value),
            Some(_) if SINGLE_VALUED.contains(&key) => {}
            _ => listing.push(key, value),
        }
    }
}

/// A `Sanction`: one designation of each entity it names.
fn add_designations(batch: &mut Batch, file: &str, id: String, sanction: &Entity) {
    let parties = sanction.values("entity");
    if parties.is_empty() {
        batch.dangling.push(format!("{file}:{}: Sanction {id} names no entity: no designation", sanction.line));
        return;
    }
    let authority = sanction.first("authority").unwrap_or("OpenSanctions");
    let program = sanction.first("program").or(sanction.first("programId")).unwrap_or(authority);
    let reasons = sanction.values("reason");
    let date = |property| sanction.first(property).and_then(parse_date);
    let mut designation = Designation {
        authority: authority.to_string(),
        program: program.to_string(),
        listed_on: date("listingDate").or_else(|| date("startDate")),
        reason: (!reasons.is_empty()).then(|| reasons.join("\n")),
        source_id: Some(id),
        properties: Vec::new(),
    };
    for property in ["startDate", "endDate", "provisions", "status", "unscId"] {
        if let Some(value) = value_of(sanction.values(property)) {
            designation.properties.push((property_key(property, "Sanction"), value));
        }
    }
    for key in ["first_seen", "last_seen"] {
        if let Some(value) = extra(sanction, key) {
            designation.properties.push((key.to_string(), value.clone()));
        }
    }
    for party in parties {
        batch.designations.push((party.clone(), designation.clone()));
    }
}

/// An edge entity: one link from each of its starts to each of its ends.
fn add_links(batch: &mut Batch, file: &str, id: String, edge: &Entity, ends: [&str; 2], rel: &'static str) {
    let (starts, targets) = (edge.values(ends[0]), edge.values(ends[1]));
    if let Some(missing) = ends.iter().find(|end| edge.values(end).is_empty()) {
        let schema = edge.schema.name;
        batch.dangling.push(format!("{file}:{}: {schema} {id} has no {missing}: no {rel} relationship", edge.line));
        return;
    }
    let mut properties = vec![("source_id".to_string(), Value::string(&id))];
    for (property, values) in edge.properties.iter().filter(|(p, _)| !ends.contains(&p.as_str())) {
        if let Some(value) = value_of(values) {
            properties.push((property_key(property, edge.schema.name), value));
        }
    }
    let roles = edge.values("role");
    let text = (rel == "LINKED_TO" && !roles.is_empty()).then(|| roles.join("; "));
    for start in starts {
        for target in targets {
            let link = Link {
                rel_type: rel,
                target: Target::Id(target.clone()),
                text: text.clone(),
                incoming: false,
                properties: properties.clone(),
            };
            batch.links.push((start.clone(), link));
        }
    }
}

/// One value as a string, several as a list.
fn value_of(values: &[String]) -> Option<Value> {
    match values {
        [] => None,
        [one] => Some(Value::string(one)),
        many => Some(Value::List(many.iter().map(|v| Value::string(v)).collect())),
    }
}

/// The listing's key for an FtM property (`weakAlias` → `weak_aliases`).
pub(super) fn property_key(property: &str, schema: &str) -> String {
    let key = match (schema, property) {
        (_, "alias") => "aliases",
        (_, "weakAlias") => "weak_aliases",
        (_, "previousName") => "previous_names",
        (_, "passportNumber") => "passport_numbers",
        (_, "idNumber") => "id_numbers",
        (_, "grossRegisteredTonnage") => "gross_tonnage",
        ("Vessel", "type") => "vessel_type",
        _ => return snake_case(property),
    };
    key.to_string()
}

/// `birthDate` → `birth_date`, `IMDB` → `imdb`; anything but letters and
/// digits becomes `_`.
pub(super) fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        let previous = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
        let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
        if c.is_uppercase() {
            let boundary = previous.is_some_and(|p| p.is_lowercase() || p.is_ascii_digit())
                || (previous.is_some_and(char::is_uppercase) && next_lower);
            if boundary && !out.ends_with('_') {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

#[cfg(test)]
#[path = "ftm_tests.rs"]
mod tests;
