//! embargo's values as Bolt carries them: results out (nodes and
//! relationships with their data and element ids, paths, temporal values
//! as Bolt 5's structures), parameters in.

use std::sync::Arc;

use super::packstream::{Packed, Writer};
use crate::error::{Error, Result};
use crate::result::Entities;
use crate::temporal::{
    DateTime, Duration, LocalDateTime, LocalTime, NANOS_PER_DAY, Temporal, Time, Zone, ZoneSpec, civil_from_days,
    days_from_civil,
};
use crate::value::{Map, Value};

const NANOS: i128 = 1_000_000_000;

/// The element id of a node, as `elementId()` also says it.
pub fn node_element_id(id: u64) -> String {
    format!("n:{id}")
}

pub fn rel_element_id(id: u64) -> String {
    format!("r:{id}")
}

/// Writes `value`, taking node and relationship data from `entities`.
pub fn write_value(w: &mut Writer, value: &Value, entities: &Entities) {
    match value {
        Value::Null => w.null(),
        Value::Bool(b) => w.bool(*b),
        Value::Int(i) => w.int(*i),
        Value::Float(f) => w.float(*f),
        Value::String(s) => w.string(s),
        Value::List(items) => {
            w.list_header(items.len());
            items.iter().for_each(|v| write_value(w, v, entities));
        }
        Value::Map(map) => write_map(w, map, entities),
        Value::Node(id) => write_node(w, *id, entities),
        Value::Relationship(id) => {
            let data = entities.rels.get(id);
            w.struct_header(0x52, 8);
            w.int(*id as i64);
            let (start, end) = data.map_or((0, 0), |d| (d.start, d.end));
            w.int(start as i64);
            w.int(end as i64);
            w.string(data.map_or("", |d| &d.rel_type));
            write_map(w, data.map_or(&Map::new(), |d| &d.properties), entities);
            w.string(&rel_element_id(*id));
            w.string(&node_element_id(start));
            w.string(&node_element_id(end));
        }
        Value::Path(path) => {
            w.struct_header(0x50, 3);
            w.list_header(path.nodes.len());
            path.nodes.iter().for_each(|id| write_node(w, *id, entities));
            w.list_header(path.rels.len());
            for id in &path.rels {
                let data = entities.rels.get(id);
                w.struct_header(0x72, 4);
                w.int(*id as i64);
                w.string(data.map_or("", |d| &d.rel_type));
                write_map(w, data.map_or(&Map::new(), |d| &d.properties), entities);
                w.string(&rel_element_id(*id));
            }
            // Each step: the relationship (1-based, negative when walked
            // against its direction), then the node it leads to.
            w.list_header(path.rels.len() * 2);
            for (i, id) in path.rels.iter().enumerate() {
                let forward = entities.rels.get(id).is_none_or(|d| path.nodes.get(i) == Some(&d.start));
                let index = i as i64 + 1;
                w.int(if forward { index } else { -index });
                w.int(index);
            }
        }
        Value::Date(date) => {
            w.struct_header(0x44, 1);
            w.int(days_from_civil(*date));
        }
        Value::Temporal(t) => write_temporal(w, t),
    }
}

fn write_map(w: &mut Writer, map: &Map, entities: &Entities) {
    w.map_header(map.len());
    for (k, v) in map {
        w.string(k);
        write_value(w, v, entities);
    }
}

fn write_node(w: &mut Writer, id: u64, entities: &Entities) {
    let data = entities.nodes.get(&id);
    w.struct_header(0x4E, 4);
    w.int(id as i64);
    let labels = data.map_or(&[][..], |d| &d.labels[..]);
    w.list_header(labels.len());
    labels.iter().for_each(|l| w.string(l));
    write_map(w, data.map_or(&Map::new(), |d| &d.properties), entities);
    w.string(&node_element_id(id));
}

fn write_temporal(w: &mut Writer, t: &Temporal) {
    match t {
        Temporal::LocalTime(t) => {
            w.struct_header(0x74, 1);
            w.int(t.nanos);
        }
        Temporal::Time(t) => {
            w.struct_header(0x54, 2);
            w.int(t.local.nanos);
            w.int(i64::from(t.offset_seconds));
        }
        Temporal::LocalDateTime(t) => {
            let (seconds, nanos) = split(t.epoch_nanos());
            w.struct_header(0x64, 2);
            w.int(seconds);
            w.int(nanos);
        }
        Temporal::DateTime(t) => {
            let (seconds, nanos) = split(t.utc_nanos());
            match t.zone {
                Some(zone) => {
                    w.struct_header(0x69, 3);
                    w.int(seconds);
                    w.int(nanos);
                    w.string(zone.name());
                }
                None => {
                    w.struct_header(0x49, 3);
                    w.int(seconds);
                    w.int(nanos);
                    w.int(i64::from(t.offset_seconds));
                }
            }
        }
        Temporal::Duration(d) => {
            w.struct_header(0x45, 4);
            w.int(d.months);
            w.int(d.days);
            w.int(d.seconds);
            w.int(d.nanos);
        }
    }
}

/// Seconds and nanoseconds (0..1e9) of a count of nanoseconds; embargo's
/// years keep it within i64 seconds.
fn split(nanos: i128) -> (i64, i64) {
    (nanos.div_euclid(NANOS) as i64, nanos.rem_euclid(NANOS) as i64)
}

/// A parameter sent by a client, as an embargo value.
pub fn read_value(p: &Packed) -> Result<Value> {
    Ok(match p {
        Packed::Null => Value::Null,
        Packed::Bool(b) => Value::Bool(*b),
        Packed::Int(i) => Value::Int(*i),
        Packed::Float(f) => Value::Float(*f),
        Packed::String(s) => Value::string(s),
        Packed::Bytes(_) => return Err(Error::argument("embargo has no byte arrays; send a list or a string")),
        Packed::List(items) => Value::List(items.iter().map(read_value).collect::<Result<_>>()?),
        Packed::Map(entries) => {
            let mut map = Map::new();
            for (k, v) in entries {
                map.insert(Arc::from(k.as_str()), read_value(v)?);
            }
            Value::Map(map)
        }
        Packed::Struct(tag, fields) => read_struct(*tag, fields)?,
    })
}

fn read_struct(tag: u8, fields: &[Packed]) -> Result<Value> {
    let bad = || Error::argument(format!("a parameter structure 0x{tag:02X} has the wrong fields"));
    let ints: Vec<i64> = fields.iter().map_while(Packed::as_int).collect();
    let time = |nanos: i64| (0..NANOS_PER_DAY).contains(&nanos).then_some(LocalTime { nanos });
    let offset = |o: i64| i32::try_from(o).ok().filter(|o| o.abs() <= 18 * 3600);
    let value = match (tag, ints.as_slice(), fields.len()) {
        (0x44, [days], 1) => civil_from_days(*days).map(Value::Date),
        (0x74, [nanos], 1) => time(*nanos).map(|t| Value::temporal(Temporal::LocalTime(t))),
        (0x54, [nanos, off], 2) => {
            time(*nanos).zip(offset(*off)).map(|(local, offset_seconds)| Temporal::Time(Time { local, offset_seconds }))
        }
        .map(Value::temporal),
        (0x64, [seconds, nanos], 2) => {
            local_from_nanos(instant(*seconds, *nanos)).map(|t| Value::temporal(Temporal::LocalDateTime(t)))
        }
        (0x49, [seconds, nanos, off], 3) => offset(*off)
            .and_then(|o| utc(instant(*seconds, *nanos))?.in_zone(ZoneSpec::Offset(o)))
            .map(|t| Value::temporal(Temporal::DateTime(t))),
        (0x69, [seconds, nanos], 3) => {
            let zone = fields[2].as_str().and_then(Zone::named).ok_or_else(|| {
                Error::argument(format!("unknown time zone {:?} in a parameter", fields[2].as_str().unwrap_or("")))
            })?;
            utc(instant(*seconds, *nanos))
                .and_then(|t| t.in_zone(ZoneSpec::Named(zone)))
                .map(|t| Value::temporal(Temporal::DateTime(t)))
        }
        (0x45, [months, days, seconds, nanos], 4) => Some(Value::temporal(Temporal::Duration(Duration {
            months: *months,
            days: *days,
            seconds: *seconds,
            nanos: *nanos,
        }))),
        (0x4E | 0x52 | 0x72 | 0x50, ..) => {
            return Err(Error::argument("nodes, relationships and paths cannot be parameters; send their ids"));
        }
        (0x58 | 0x59, ..) => return Err(Error::argument("embargo has no spatial points")),
        _ => None,
    };
    value.ok_or_else(bad)
}

fn instant(seconds: i64, nanos: i64) -> i128 {
    i128::from(seconds) * NANOS + i128::from(nanos)
}

/// A date-time read from nanoseconds since the epoch as if at UTC.
fn local_from_nanos(nanos: i128) -> Option<LocalDateTime> {
    let day = i128::from(NANOS_PER_DAY);
    let date = civil_from_days(i64::try_from(nanos.div_euclid(day)).ok()?)?;
    Some(LocalDateTime { date, time: LocalTime { nanos: nanos.rem_euclid(day) as i64 } })
}

fn utc(nanos: i128) -> Option<DateTime> {
    Some(DateTime { local: local_from_nanos(nanos)?, offset_seconds: 0, zone: None })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::result::{NodeData, RelData};
    use crate::value::Path;

    fn through_the_wire(value: &Value) -> Value {
        let mut w = Writer::default();
        write_value(&mut w, value, &Entities::default());
        let packed = super::super::packstream::decode(&w.buf).map_err(|e| e.0);
        packed.and_then(|p| read_value(&p).map_err(|e| e.message)).unwrap_or(Value::string("failed"))
    }

    #[test]
    fn values_and_temporal_values_round_trip() {
        let values = [
            "null",
            "[1, -2.5, 'é', true, {a: [1]}]",
            "date('1969-07-20')",
            "localtime('23:59:59.999999999')",
            "time('10:15:30+05:45')",
            "localdatetime('1900-01-01T00:00:01.5')",
            "datetime('2017-09-11T08:30:00-04:00')",
            "datetime('2024-03-31T03:30:00[Europe/Stockholm]')",
            "datetime('1850-01-01T00:00:00.000000001[America/New_York]')",
            "duration('P1Y2M3DT4H5M6.007S')",
            "duration('-PT0.5S')",
        ];
        for text in values {
            let value = crate::parse_literal(text).unwrap_or(Value::string("bad literal"));
            assert_eq!(through_the_wire(&value), value, "{text}");
            assert_eq!(format!("{:?}", through_the_wire(&value)), format!("{value:?}"), "{text}");
        }
    }

    #[test]
    fn nodes_relationships_and_paths_carry_their_data_and_element_ids() {
        let mut entities = Entities::default();
        let props: Map = [(Arc::from("name"), Value::string("Kim"))].into_iter().collect();
        entities.nodes.insert(1, NodeData { labels: vec![Arc::from("Person")], properties: props.clone() });
        entities.nodes.insert(2, NodeData { labels: vec![], properties: Map::new() });
        entities.rels.insert(7, RelData { rel_type: Arc::from("KNOWS"), start: 2, end: 1, properties: Map::new() });
        let path = Value::path(Path { nodes: vec![1, 2], rels: vec![7] });
        let mut w = Writer::default();
        write_value(&mut w, &Value::List(vec![Value::Node(1), Value::Relationship(7), path]), &entities);
        let Ok(Packed::List(items)) = super::super::packstream::decode(&w.buf) else { panic!("not a list") };
        let node = Packed::Struct(
            0x4E,
            vec![
                Packed::Int(1),
                Packed::List(vec![Packed::String("Person".into())]),
                Packed::Map(vec![("name".into(), Packed::String("Kim".into()))]),
                Packed::String("n:1".into()),
            ],
        );
        assert_eq!(items[0], node);
        let Packed::Struct(0x52, rel) = &items[1] else { panic!("not a relationship") };
        assert_eq!(
            rel[5..],
            [Packed::String("r:7".into()), Packed::String("n:2".into()), Packed::String("n:1".into())]
        );
        let Packed::Struct(0x50, path) = &items[2] else { panic!("not a path") };
        // Walked from 1 to 2 against the relationship 2→1.
        assert_eq!(path[2], Packed::List(vec![Packed::Int(-1), Packed::Int(1)]));
    }

    #[test]
    fn parameters_that_embargo_cannot_hold_are_argument_errors() {
        assert!(read_value(&Packed::Bytes(vec![1])).is_err());
        assert!(
            read_value(&Packed::Struct(0x58, vec![Packed::Int(7203), Packed::Float(1.0), Packed::Float(2.0)])).is_err()
        );
        assert!(read_value(&Packed::Struct(0x74, vec![Packed::Int(-1)])).is_err());
        let zone = Packed::Struct(0x69, vec![Packed::Int(0), Packed::Int(0), Packed::String("Mars/Olympus".into())]);
        assert!(read_value(&zone).is_err());
    }
}
