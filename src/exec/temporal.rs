//! The temporal functions: `date()`, `localtime()`, `time()`,
//! `localdatetime()`, `datetime()` and `duration()`, from a map of fields,
//! from ISO 8601 text, or (without an argument) from the clock.

use crate::error::{Error, Result};
use crate::plan::Function;
use crate::temporal::{self, DateTime, Duration, LocalDateTime, LocalTime, Temporal, Time, local_time, parse_offset};
use crate::value::{Date, Map, Value};

pub fn construct(f: Function, arg: Value) -> Result<Value> {
    let name = function_name(f);
    match arg {
        Value::Null => now(f),
        Value::String(s) => from_text(f, &s).ok_or_else(|| Error::argument(format!("Invalid {name} text: '{s}'"))),
        Value::Map(m) => from_map(f, &m),
        same if same_kind(f, &same) => Ok(same),
        other => Err(Error::argument(format!("{name}() cannot take {} (InvalidArgumentType)", other.type_name()))),
    }
}

fn function_name(f: Function) -> &'static str {
    match f {
        Function::Date => "date",
        Function::LocalTime => "localtime",
        Function::Time => "time",
        Function::LocalDateTime => "localdatetime",
        Function::DateTime => "datetime",
        _ => "duration",
    }
}

fn same_kind(f: Function, v: &Value) -> bool {
    match v {
        Value::Date(_) => f == Function::Date,
        Value::Temporal(t) => function_name(f) == t.kind_name(),
        _ => false,
    }
}

fn from_text(f: Function, text: &str) -> Option<Value> {
    Some(match f {
        Function::Date => Value::Date(Date::parse_iso(text)?),
        Function::LocalTime => Value::temporal(Temporal::LocalTime(temporal::parse_local_time(text)?)),
        Function::Time => Value::temporal(Temporal::Time(temporal::parse_time(text)?)),
        Function::LocalDateTime => Value::temporal(Temporal::LocalDateTime(temporal::parse_local_date_time(text)?)),
        Function::DateTime => Value::temporal(Temporal::DateTime(temporal::parse_date_time(text)?)),
        _ => Value::temporal(Temporal::Duration(temporal::parse_duration(text)?)),
    })
}

/// An integer field of a map; `default` when absent.
fn field(m: &Map, key: &str, default: i64) -> Result<i64> {
    match m.get(key) {
        None | Some(Value::Null) => Ok(default),
        Some(Value::Int(i)) => Ok(*i),
        Some(other) => Err(Error::argument(format!("{key} must be an integer, not {}", other.type_name()))),
    }
}

fn date_of(m: &Map) -> Result<Date> {
    let (y, mo, d) = (field(m, "year", i64::MIN)?, field(m, "month", 1)?, field(m, "day", 1)?);
    if y == i64::MIN {
        return Err(Error::argument("a date needs a year"));
    }
    Date::parse_iso(&format!("{y:04}-{mo:02}-{d:02}")).ok_or_else(|| Error::argument("Invalid date fields"))
}

fn time_of(m: &Map) -> Result<LocalTime> {
    let nanos =
        field(m, "millisecond", 0)? * 1_000_000 + field(m, "microsecond", 0)? * 1000 + field(m, "nanosecond", 0)?;
    local_time(field(m, "hour", 0)?, field(m, "minute", 0)?, field(m, "second", 0)?, nanos)
        .ok_or_else(|| Error::argument("Invalid time fields"))
}

fn offset_of(m: &Map) -> Result<i32> {
    match m.get("timezone") {
        None | Some(Value::Null) => Ok(0),
        Some(Value::String(zone)) => parse_offset(zone).ok_or_else(|| {
            Error::argument(format!("Time zone '{zone}' is not supported: give an offset such as '+01:00' or 'Z'"))
        }),
        Some(other) => Err(Error::argument(format!("timezone must be a string, not {}", other.type_name()))),
    }
}

fn from_map(f: Function, m: &Map) -> Result<Value> {
    Ok(match f {
        Function::Date => Value::Date(date_of(m)?),
        Function::LocalTime => Value::temporal(Temporal::LocalTime(time_of(m)?)),
        Function::Time => Value::temporal(Temporal::Time(Time { local: time_of(m)?, offset_seconds: offset_of(m)? })),
        Function::LocalDateTime => {
            Value::temporal(Temporal::LocalDateTime(LocalDateTime { date: date_of(m)?, time: time_of(m)? }))
        }
        Function::DateTime => Value::temporal(Temporal::DateTime(DateTime {
            local: LocalDateTime { date: date_of(m)?, time: time_of(m)? },
            offset_seconds: offset_of(m)?,
        })),
        _ => {
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
            Value::temporal(Temporal::Duration(d))
        }
    })
}

/// The current date or time, in UTC.
fn now(f: Function) -> Result<Value> {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|_| Error::argument("the clock is before 1970"))?;
    let nanos = since.as_nanos() as i64;
    let day = nanos.div_euclid(86_400_000_000_000);
    let time = LocalTime { nanos: nanos.rem_euclid(86_400_000_000_000) };
    let date = temporal::civil_from_days(day).ok_or_else(|| Error::argument("the clock is out of range"))?;
    Ok(match f {
        Function::Date => Value::Date(date),
        Function::LocalTime => Value::temporal(Temporal::LocalTime(time)),
        Function::Time => Value::temporal(Temporal::Time(Time { local: time, offset_seconds: 0 })),
        Function::LocalDateTime => Value::temporal(Temporal::LocalDateTime(LocalDateTime { date, time })),
        Function::DateTime => {
            Value::temporal(Temporal::DateTime(DateTime { local: LocalDateTime { date, time }, offset_seconds: 0 }))
        }
        _ => return Err(Error::argument("duration() needs a map or an ISO 8601 text")),
    })
}

/// A field of a temporal value (`d.year`, `t.minute`, `dur.days` …).
pub fn component(v: &Value, key: &str) -> Option<Value> {
    let (date, time, offset) = match v {
        Value::Date(d) => (Some(*d), None, None),
        Value::Temporal(t) => match **t {
            Temporal::LocalTime(t) => (None, Some(t), None),
            Temporal::Time(t) => (None, Some(t.local), Some(t.offset_seconds)),
            Temporal::LocalDateTime(t) => (Some(t.date), Some(t.time), None),
            Temporal::DateTime(t) => (Some(t.local.date), Some(t.local.time), Some(t.offset_seconds)),
            Temporal::Duration(d) => return duration_component(&d, key),
        },
        _ => return None,
    };
    let int = |i: i64| Some(Value::Int(i));
    match (key, date, time) {
        ("year", Some(d), _) => int(i64::from(d.year)),
        ("month", Some(d), _) => int(i64::from(d.month)),
        ("day", Some(d), _) => int(i64::from(d.day)),
        ("quarter", Some(d), _) => int(i64::from((d.month - 1) / 3 + 1)),
        ("hour", _, Some(t)) => int(t.nanos / 3_600_000_000_000),
        ("minute", _, Some(t)) => int(t.nanos / 60_000_000_000 % 60),
        ("second", _, Some(t)) => int(t.nanos / 1_000_000_000 % 60),
        ("millisecond", _, Some(t)) => int(t.nanos / 1_000_000 % 1000),
        ("microsecond", _, Some(t)) => int(t.nanos / 1000 % 1_000_000),
        ("nanosecond", _, Some(t)) => int(t.nanos % 1_000_000_000),
        ("offsetSeconds", _, _) => offset.map(|o| Value::Int(i64::from(o))),
        _ => None,
    }
}

fn duration_component(d: &Duration, key: &str) -> Option<Value> {
    Some(Value::Int(match key {
        "years" => d.months / 12,
        "months" => d.months,
        "monthsOfYear" => d.months % 12,
        "days" => d.days,
        "hours" => d.seconds / 3600,
        "minutes" => d.seconds / 60,
        "seconds" => d.seconds,
        "minutesOfHour" => d.seconds / 60 % 60,
        "secondsOfMinute" => d.seconds % 60,
        "nanosecondsOfSecond" => d.nanos,
        _ => return None,
    }))
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
