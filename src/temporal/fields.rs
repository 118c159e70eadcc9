//! The parts of a temporal value and its fields (`d.year`, `t.offset`, `dur.days` …).

use super::{Duration, LocalTime, NANOS_PER_SECOND, Temporal, ZoneSpec, calendar, print};
use crate::value::{Date, Value};

/// What a value holds: a date, a time of day, a zone — each if it has one.
#[derive(Clone, Copy, Debug, Default)]
pub struct Parts {
    pub date: Option<Date>,
    pub time: Option<LocalTime>,
    pub zone: Option<ZoneSpec>,
}

/// The parts of a date, time or date-time (`None` for other values and durations).
pub fn parts(v: &Value) -> Option<Parts> {
    Some(match v {
        Value::Date(d) => Parts { date: Some(*d), time: None, zone: None },
        Value::Temporal(t) => match **t {
            Temporal::LocalTime(t) => Parts { date: None, time: Some(t), zone: None },
            Temporal::Time(t) => {
                Parts { date: None, time: Some(t.local), zone: Some(ZoneSpec::Offset(t.offset_seconds)) }
            }
            Temporal::LocalDateTime(t) => Parts { date: Some(t.date), time: Some(t.time), zone: None },
            Temporal::DateTime(t) => {
                Parts { date: Some(t.local.date), time: Some(t.local.time), zone: Some(t.zone_spec()) }
            }
            Temporal::Duration(_) => return None,
        },
        _ => return None,
    })
}

fn offset_text(offset: i32) -> String {
    struct Offset(i32);
    impl std::fmt::Display for Offset {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            print::write_offset(f, self.0)
        }
    }
    Offset(offset).to_string()
}

/// A field of a temporal value; `None` when the value has no such field.
pub fn component(v: &Value, key: &str) -> Option<Value> {
    if let Value::Temporal(t) = v
        && let Temporal::Duration(d) = **t
    {
        return duration_component(&d, key);
    }
    let (offset, epoch) = match v {
        Value::Temporal(t) => match **t {
            Temporal::Time(t) => (Some(t.offset_seconds), None),
            Temporal::DateTime(t) => (Some(t.offset_seconds), Some(t.utc_nanos())),
            _ => (None, None),
        },
        _ => (None, None),
    };
    let p = parts(v)?;
    let int = |i: i64| Some(Value::Int(i));
    match (key, p.date, p.time) {
        ("year", Some(d), _) => int(i64::from(d.year)),
        ("month", Some(d), _) => int(i64::from(d.month)),
        ("day", Some(d), _) => int(i64::from(d.day)),
        ("quarter", Some(d), _) => int(calendar::quarter(d)),
        ("week", Some(d), _) => int(calendar::iso_week(d).1),
        ("weekYear", Some(d), _) => int(calendar::iso_week(d).0),
        ("ordinalDay", Some(d), _) => int(calendar::ordinal_day(d)),
        ("weekDay" | "dayOfWeek", Some(d), _) => int(calendar::weekday(d)),
        ("dayOfQuarter", Some(d), _) => int(calendar::day_of_quarter(d)),
        ("hour", _, Some(t)) => int(t.nanos / 3_600_000_000_000),
        ("minute", _, Some(t)) => int(t.nanos / 60_000_000_000 % 60),
        ("second", _, Some(t)) => int(t.nanos / NANOS_PER_SECOND % 60),
        ("millisecond", _, Some(t)) => int(t.nanos / 1_000_000 % 1000),
        ("microsecond", _, Some(t)) => int(t.nanos / 1000 % 1_000_000),
        ("nanosecond", _, Some(t)) => int(t.nanos % NANOS_PER_SECOND),
        ("timezone", _, _) => match p.zone? {
            ZoneSpec::Named(z) => Some(Value::string(z.name())),
            ZoneSpec::Offset(o) => Some(Value::string(&offset_text(o))),
        },
        ("offset", _, _) => offset.map(|o| Value::string(&offset_text(o))),
        ("offsetMinutes", _, _) => offset.map(|o| Value::Int(i64::from(o / 60))),
        ("offsetSeconds", _, _) => offset.map(|o| Value::Int(i64::from(o))),
        ("epochSeconds", _, _) => epoch.and_then(|n| i64::try_from(n.div_euclid(1_000_000_000)).ok()).map(Value::Int),
        ("epochMillis", _, _) => epoch.and_then(|n| i64::try_from(n.div_euclid(1_000_000)).ok()).map(Value::Int),
        _ => None,
    }
}

fn duration_component(d: &Duration, key: &str) -> Option<Value> {
    // Seconds and their fraction read as Cypher reads them: the fraction is never negative.
    let total = i128::from(d.seconds) * 1_000_000_000 + i128::from(d.nanos);
    let seconds = total.div_euclid(1_000_000_000) as i64;
    let fraction = total.rem_euclid(1_000_000_000) as i64;
    Some(Value::Int(match key {
        "years" => d.months / 12,
        "quarters" => d.months / 3,
        "months" => d.months,
        "weeks" => d.days / 7,
        "days" => d.days,
        "hours" => seconds / 3600,
        "minutes" => seconds / 60,
        "seconds" => seconds,
        "milliseconds" => i64::try_from(total / 1_000_000).ok()?,
        "microseconds" => i64::try_from(total / 1000).ok()?,
        "nanoseconds" => i64::try_from(total).ok()?,
        "quartersOfYear" => d.months % 12 / 3,
        "monthsOfQuarter" => d.months % 3,
        "monthsOfYear" => d.months % 12,
        "daysOfWeek" => d.days % 7,
        "minutesOfHour" => seconds / 60 % 60,
        "secondsOfMinute" => seconds % 60,
        "millisecondsOfSecond" => fraction / 1_000_000,
        "microsecondsOfSecond" => fraction / 1000,
        "nanosecondsOfSecond" => fraction,
        _ => return None,
    }))
}
