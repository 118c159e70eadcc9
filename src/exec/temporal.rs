//! The temporal functions: `date()`, `localtime()`, `time()`,
//! `localdatetime()`, `datetime()` and `duration()` (from a map of fields,
//! ISO 8601 text, another temporal value, or the clock), the dotted ones
//! (`date.truncate`, `duration.between`, `datetime.fromepoch` …), field
//! access (`d.year`) and arithmetic with durations.

use crate::error::{Error, Result};
use crate::plan::Function;
use crate::temporal::{
    self, DateTime, Duration, Kind, LocalDateTime, LocalTime, Side, Temporal, TemporalFn, Time, Zone, ZoneSpec,
    calendar,
};
use crate::value::{Date, Map, Value};

pub use crate::temporal::component;
use crate::temporal::{Parts, parts};

fn kind_of(f: Function) -> Option<Kind> {
    Some(match f {
        Function::Date => Kind::Date,
        Function::LocalTime => Kind::LocalTime,
        Function::Time => Kind::Time,
        Function::LocalDateTime => Kind::LocalDateTime,
        Function::DateTime => Kind::DateTime,
        _ => return None,
    })
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Date => "date",
        Kind::LocalTime => "localtime",
        Kind::Time => "time",
        Kind::LocalDateTime => "localdatetime",
        Kind::DateTime => "datetime",
    }
}

/// `clock` is the statement's time (nanoseconds since 1970, UTC): every
/// clock function in one statement sees the same instant.
pub fn construct(f: Function, arg: Value, clock: i128) -> Result<Value> {
    let Some(kind) = kind_of(f) else {
        return match arg {
            Value::String(s) => temporal::parse_duration(&s)
                .map(|d| Value::temporal(Temporal::Duration(d)))
                .ok_or_else(|| Error::argument(format!("Invalid duration text: '{s}'"))),
            Value::Map(m) => duration_of(&m),
            d @ Value::Temporal(_) if matches!(&d, Value::Temporal(t) if matches!(**t, Temporal::Duration(_))) => Ok(d),
            other => {
                Err(Error::argument(format!("duration() cannot take {} (InvalidArgumentType)", other.type_name())))
            }
        };
    };
    let name = kind_name(kind);
    match arg {
        Value::Null => now(kind, clock),
        Value::String(s) => from_text(kind, &s).ok_or_else(|| Error::argument(format!("Invalid {name} text: '{s}'"))),
        Value::Map(m) => build(kind, &m, Parts::default(), true, clock),
        other => match parts(&other) {
            Some(p) => build(kind, &Map::new(), p, true, clock),
            None => Err(Error::argument(format!("{name}() cannot take {} (InvalidArgumentType)", other.type_name()))),
        },
    }
}

fn from_text(kind: Kind, text: &str) -> Option<Value> {
    Some(match kind {
        Kind::Date => Value::Date(temporal::parse_date(text)?),
        Kind::LocalTime => Value::temporal(Temporal::LocalTime(temporal::parse_local_time(text)?)),
        Kind::Time => Value::temporal(Temporal::Time(temporal::parse_time(text)?)),
        Kind::LocalDateTime => Value::temporal(Temporal::LocalDateTime(temporal::parse_local_date_time(text)?)),
        Kind::DateTime => Value::temporal(Temporal::DateTime(temporal::parse_date_time(text)?)),
    })
}

/// An integer field of a map; `None` when absent.
fn field(m: &Map, key: &str) -> Result<Option<i64>> {
    match m.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Int(i)) => Ok(Some(*i)),
        Some(other) => Err(Error::argument(format!("{key} must be an integer, not {}", other.type_name()))),
    }
}

fn zone_of(m: &Map) -> Result<Option<ZoneSpec>> {
    match m.get("timezone") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(zone)) => temporal::parse_offset(zone)
            .map(ZoneSpec::Offset)
            .or_else(|| Zone::named(zone).map(ZoneSpec::Named))
            .map(Some)
            .ok_or_else(|| Error::argument(format!("Unknown time zone '{zone}'"))),
        Some(other) => Err(Error::argument(format!("timezone must be a string, not {}", other.type_name()))),
    }
}

/// The date of a map's fields, over `base` (the date a `date:` key or a truncation gave).
fn date_of(m: &Map, base: Option<Date>) -> Result<Option<Date>> {
    let bad = || Error::argument("Invalid date fields");
    let has = |k: &str| m.get(k).is_some_and(|v| !v.is_null());
    let year = field(m, "year")?;
    let date = if has("week") || has("dayOfWeek") {
        let (by, bw) = base.map(calendar::iso_week).unzip();
        let year = year.or(by).ok_or_else(|| Error::argument("a week date needs a year"))?;
        let week = field(m, "week")?.or(bw).unwrap_or(1);
        let day = field(m, "dayOfWeek")?.or(base.map(calendar::weekday)).unwrap_or(1);
        calendar::from_week(year, week, day).ok_or_else(bad)?
    } else if has("ordinalDay") {
        let year = year.or(base.map(|d| i64::from(d.year))).ok_or_else(|| Error::argument("a date needs a year"))?;
        calendar::from_ordinal(year, field(m, "ordinalDay")?.unwrap_or(1)).ok_or_else(bad)?
    } else if has("quarter") || has("dayOfQuarter") {
        let year = year.or(base.map(|d| i64::from(d.year))).ok_or_else(|| Error::argument("a date needs a year"))?;
        let quarter = field(m, "quarter")?.or(base.map(calendar::quarter)).unwrap_or(1);
        let day = field(m, "dayOfQuarter")?.or(base.map(calendar::day_of_quarter)).unwrap_or(1);
        calendar::from_quarter(year, quarter, day).ok_or_else(bad)?
    } else if year.is_some() || base.is_some() || has("month") || has("day") {
        let year = year.or(base.map(|d| i64::from(d.year))).ok_or_else(|| Error::argument("a date needs a year"))?;
        let month = field(m, "month")?.or(base.map(|d| i64::from(d.month))).unwrap_or(1);
        let day = field(m, "day")?.or(base.map(|d| i64::from(d.day))).unwrap_or(1);
        let year = i32::try_from(year).map_err(|_| bad())?;
        let (month, day) = (u8::try_from(month).map_err(|_| bad())?, u8::try_from(day).map_err(|_| bad())?);
        let ok = (1..=12).contains(&month) && day >= 1 && day <= temporal::days_in_month(year, month);
        if !ok {
            return Err(bad());
        }
        Date { year, month, day }
    } else {
        return Ok(None);
    };
    Ok(Some(date))
}

/// The time of a map's fields over `base`; sub-second fields replace the
/// matching part of the base (`{nanosecond: 2}` keeps the milliseconds).
fn time_of(m: &Map, base: Option<LocalTime>) -> Result<LocalTime> {
    let b = base.map_or(0, |t| t.nanos);
    let (bh, bm, bs) = (b / 3_600_000_000_000, b / 60_000_000_000 % 60, b / 1_000_000_000 % 60);
    let (mut ms, mut us, mut ns) = (b / 1_000_000 % 1000, b / 1000 % 1000, b % 1000);
    let (fms, fus, fns) = (field(m, "millisecond")?, field(m, "microsecond")?, field(m, "nanosecond")?);
    if let Some(v) = fms {
        ms = v;
    }
    if let Some(v) = fus {
        if fms.is_none() && v >= 1000 {
            ms = 0;
        }
        us = v;
    }
    if let Some(v) = fns {
        if fms.is_none() && fus.is_none() && v >= 1000 {
            (ms, us) = (0, 0);
        }
        ns = v;
    }
    let nanos = ms.saturating_mul(1_000_000).saturating_add(us.saturating_mul(1000)).saturating_add(ns);
    let (h, mi, s) =
        (field(m, "hour")?.unwrap_or(bh), field(m, "minute")?.unwrap_or(bm), field(m, "second")?.unwrap_or(bs));
    temporal::local_time(h, mi, s, nanos).ok_or_else(|| Error::argument("Invalid time fields"))
}

fn temporal_key(m: &Map, key: &str) -> Result<Option<Parts>> {
    match m.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => parts(v)
            .map(Some)
            .ok_or_else(|| Error::argument(format!("{key} must be a temporal value, not {}", v.type_name()))),
    }
}

/// Builds a value of `kind` from `base` and a map's fields. With `convert`,
/// a new `timezone` moves a zoned clock to it (construction); without, it
/// only replaces the zone (truncation).
fn build(kind: Kind, m: &Map, mut base: Parts, convert: bool, clock: i128) -> Result<Value> {
    let mut from_datetime = false;
    if let Some(p) = temporal_key(m, "datetime")? {
        base = p;
        from_datetime = true;
    }
    if let Some(p) = temporal_key(m, "date")? {
        base.date = Some(p.date.ok_or_else(|| Error::argument("date: needs a value with a date"))?);
    }
    if let Some(p) = temporal_key(m, "time")? {
        base.time = Some(p.time.ok_or_else(|| Error::argument("time: needs a value with a time"))?);
        base.zone = p.zone;
    }
    let needs_date = matches!(kind, Kind::Date | Kind::LocalDateTime | Kind::DateTime);
    if needs_date && !from_datetime {
        // The zone's rules for a moved clock are those of the final date.
        base.date = date_of(m, base.date)?;
    }
    if let Some(zone) = zone_of(m)? {
        if let (true, Some(old), Some(time)) = (convert, base.zone, base.time) {
            let date = base.date.unwrap_or(Date { year: 1970, month: 1, day: 1 });
            let moved = old
                .at(LocalDateTime { date, time })
                .in_zone(zone)
                .ok_or_else(|| Error::argument("the temporal result is out of range"))?;
            base.time = Some(moved.local.time);
            if from_datetime {
                base.date = Some(moved.local.date);
            }
        }
        base.zone = Some(zone);
    }
    let date = if needs_date {
        Some(
            if from_datetime { date_of(m, base.date)? } else { base.date }
                .ok_or_else(|| Error::argument(format!("{}() needs a year", kind_name(kind))))?,
        )
    } else {
        None
    };
    let time = time_of(m, base.time)?;
    let zone = base.zone.unwrap_or(ZoneSpec::Offset(0));
    Ok(match (kind, date) {
        (Kind::Date, Some(date)) => Value::Date(date),
        (Kind::LocalTime, _) => Value::temporal(Temporal::LocalTime(time)),
        (Kind::Time, _) => {
            let day = LocalDateTime { date: base.date.unwrap_or_else(|| today(clock)), time };
            Value::temporal(Temporal::Time(Time { local: time, offset_seconds: zone.offset_for(&day) }))
        }
        (Kind::LocalDateTime, Some(date)) => Value::temporal(Temporal::LocalDateTime(LocalDateTime { date, time })),
        (Kind::DateTime, Some(date)) => Value::temporal(Temporal::DateTime(zone.at(LocalDateTime { date, time }))),
        _ => return Err(Error::argument("a date needs a year")),
    })
}

fn duration_of(m: &Map) -> Result<Value> {
    let mut units = Vec::new();
    for (key, value) in m {
        let amount = match value {
            Value::Int(i) => *i as f64,
            Value::Float(x) => *x,
            Value::Null => continue,
            other => return Err(Error::argument(format!("{key} must be a number, not {}", other.type_name()))),
        };
        units.push((key.as_ref(), amount));
    }
    let d = Duration::from_units(&units).ok_or_else(|| Error::argument("Invalid duration fields"))?;
    Ok(Value::temporal(Temporal::Duration(d)))
}

fn today(clock: i128) -> Date {
    let days = (clock / 86_400_000_000_000) as i64;
    temporal::civil_from_days(days).unwrap_or(Date { year: 1970, month: 1, day: 1 })
}

fn from_epoch_nanos(nanos: i128) -> Result<DateTime> {
    let out = || Error::argument("the epoch time is out of range");
    let day = i64::try_from(nanos.div_euclid(86_400_000_000_000)).map_err(|_| out())?;
    let time = LocalTime { nanos: nanos.rem_euclid(86_400_000_000_000) as i64 };
    let date = temporal::civil_from_days(day).ok_or_else(out)?;
    Ok(DateTime { local: LocalDateTime { date, time }, offset_seconds: 0, zone: None })
}

/// The current date or time, in UTC.
fn now(kind: Kind, clock: i128) -> Result<Value> {
    let dt = from_epoch_nanos(clock)?;
    build(kind, &Map::new(), Parts { date: Some(dt.local.date), time: Some(dt.local.time), zone: None }, false, clock)
}

fn int(name: &str, v: &Value) -> Result<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        other => Err(Error::argument(format!("{name} needs an integer, not {}", other.type_name()))),
    }
}

/// The dotted temporal functions.
pub fn call(op: TemporalFn, a: Value, b: Value, c: Option<Value>, clock: i128) -> Result<Value> {
    match op {
        TemporalFn::FromEpoch => {
            if b.is_null() {
                return Ok(Value::Null);
            }
            let nanos = i128::from(int("datetime.fromepoch", &a)?) * 1_000_000_000 + i128::from(int("", &b)?);
            Ok(Value::temporal(Temporal::DateTime(from_epoch_nanos(nanos)?)))
        }
        TemporalFn::FromEpochMillis => {
            let nanos = i128::from(int("datetime.fromepochmillis", &a)?) * 1_000_000;
            Ok(Value::temporal(Temporal::DateTime(from_epoch_nanos(nanos)?)))
        }
        TemporalFn::Between(kind) => {
            let side = |v: &Value| {
                parts(v).map(|p| Side { date: p.date, time: p.time, zone: p.zone }).ok_or_else(|| {
                    Error::argument(format!("duration.between needs temporal values, not {}", v.type_name()))
                })
            };
            if b.is_null() {
                return Ok(Value::Null);
            }
            let d = temporal::between(kind, side(&a)?, side(&b)?)
                .ok_or_else(|| Error::argument("the duration is out of range"))?;
            Ok(Value::temporal(Temporal::Duration(d)))
        }
        TemporalFn::Truncate(kind) => {
            let Value::String(unit) = &a else {
                return Err(Error::argument(format!("truncate needs a unit name, not {}", a.type_name())));
            };
            let Some(p) = parts(&b) else {
                return if b.is_null() {
                    Ok(Value::Null)
                } else {
                    Err(Error::argument(format!("cannot truncate {}", b.type_name())))
                };
            };
            let map = match c {
                Some(Value::Map(m)) => m,
                None | Some(Value::Null) => Map::new(),
                Some(other) => return Err(Error::argument(format!("truncate takes a map, not {}", other.type_name()))),
            };
            let bad = || Error::argument(format!("Unknown or unsuitable unit '{unit}'"));
            let date = p.date.map(|d| temporal::truncate_date(unit, d).ok_or_else(bad)).transpose()?;
            let time = temporal::truncate_time(unit, p.time.unwrap_or(LocalTime { nanos: 0 })).ok_or_else(bad)?;
            build(kind, &map, Parts { date, time: Some(time), zone: p.zone }, false, clock)
        }
    }
}

/// `temporal + duration`, `temporal - duration`, `duration ± duration`.
pub fn add(a: &Value, b: &Value, subtract: bool) -> Option<Result<Value>> {
    let duration = match b {
        Value::Temporal(t) => match **t {
            Temporal::Duration(d) if subtract => d.negated(),
            Temporal::Duration(d) => d,
            _ => return None,
        },
        _ => return None,
    };
    let out_of_range = || Error::argument("the temporal result is out of range");
    Some(match a {
        Value::Date(d) => d.plus(&duration).map(Value::Date).ok_or_else(out_of_range),
        Value::Temporal(t) => t.plus(&duration).map(Value::temporal).ok_or_else(out_of_range),
        _ => return None,
    })
}

/// `duration * number`, `number * duration`, `duration / number`.
pub fn scale(a: &Value, b: &Value, divide: bool) -> Result<Value> {
    let (d, n) = match (a, b) {
        (Value::Temporal(t), n) | (n, Value::Temporal(t)) if !divide || matches!(a, Value::Temporal(_)) => match **t {
            Temporal::Duration(d) => (d, n),
            _ => return Err(Error::type_error(format!("Cannot multiply {}", t.type_name()))),
        },
        _ => return Err(Error::type_error("Cannot divide a number by a duration")),
    };
    let factor = match n {
        Value::Null => return Ok(Value::Null),
        Value::Int(i) => *i as f64,
        Value::Float(x) => *x,
        other => return Err(Error::type_error(format!("Cannot scale a duration by {}", other.type_name()))),
    };
    let factor = if divide { 1.0 / factor } else { factor };
    d.times(factor)
        .map(|d| Value::temporal(Temporal::Duration(d)))
        .ok_or_else(|| Error::argument("the duration is out of range"))
}
