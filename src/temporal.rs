//! Times, date-times and durations: construction from maps and ISO 8601
//! text, printing as Cypher prints them, comparison and arithmetic.
//! A date-time keeps its offset and, when it was given one, its named zone.

use std::cmp::Ordering;

use crate::value::Date;

mod between;
pub mod calendar;
mod duration;
mod fields;
mod parse;
mod print;
#[cfg(test)]
mod tests;
mod truncate;
mod zone;

pub use between::{Between, Side, between};
pub use fields::{Parts, component, parts};
pub use parse::*;
pub use truncate::{truncate_date, truncate_time};
pub use zone::Zone;

pub(crate) const NANOS_PER_SECOND: i64 = 1_000_000_000;
pub(crate) const NANOS_PER_DAY: i64 = 86_400 * NANOS_PER_SECOND;

/// A time of day without a zone, in nanoseconds since midnight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LocalTime {
    pub nanos: i64,
}

/// A time of day at a fixed offset from UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Time {
    pub local: LocalTime,
    pub offset_seconds: i32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LocalDateTime {
    pub date: Date,
    pub time: LocalTime,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DateTime {
    pub local: LocalDateTime,
    pub offset_seconds: i32,
    /// The named zone the offset came from, if any.
    pub zone: Option<Zone>,
}

/// The kinds of temporal value a constructor makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Date,
    LocalTime,
    Time,
    LocalDateTime,
    DateTime,
}

/// The dotted temporal functions (`date.truncate`, `duration.between`, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TemporalFn {
    Truncate(Kind),
    Between(Between),
    FromEpoch,
    FromEpochMillis,
}

/// A zone as a value carries it: a fixed offset or a named zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ZoneSpec {
    Offset(i32),
    Named(Zone),
}

impl ZoneSpec {
    /// The offset of a wall-clock time in this zone.
    pub fn offset_for(self, local: &LocalDateTime) -> i32 {
        match self {
            ZoneSpec::Offset(o) => o,
            ZoneSpec::Named(z) => z.offset_for_local(local.epoch_seconds()),
        }
    }

    pub fn at(self, local: LocalDateTime) -> DateTime {
        let zone = match self {
            ZoneSpec::Named(z) => Some(z),
            ZoneSpec::Offset(_) => None,
        };
        DateTime { local, offset_seconds: self.offset_for(&local), zone }
    }
}

/// A duration in months, days, seconds and nanoseconds, kept apart as
/// Cypher keeps them (a month has no fixed number of days).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Duration {
    pub months: i64,
    pub days: i64,
    pub seconds: i64,
    pub nanos: i64,
}

// ---- calendar arithmetic ---------------------------------------------------

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
pub fn days_from_civil(date: Date) -> i64 {
    let (m, d) = (i64::from(date.month), i64::from(date.day));
    let y = i64::from(date.year) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date `days` after 1970-01-01; `None` past the supported years.
pub fn civil_from_days(days: i64) -> Option<Date> {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Some(Date { year: i32::try_from(year).ok()?, month: month as u8, day: day as u8 })
}

pub(crate) fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// Adds months, keeping the day where the month has it (else its last day).
pub(crate) fn add_months(date: Date, months: i64) -> Option<Date> {
    let total = i64::from(date.year) * 12 + i64::from(date.month) - 1 + months;
    let year = i32::try_from(total.div_euclid(12)).ok()?;
    let month = (total.rem_euclid(12) + 1) as u8;
    Some(Date { year, month, day: date.day.min(days_in_month(year, month)) })
}

impl Date {
    pub fn plus(self, d: &Duration) -> Option<Date> {
        let date = add_months(self, d.months)?;
        // Whole days of the time part count; the rest of a day does not.
        let extra_days = (d.seconds % 86_400 * NANOS_PER_SECOND + d.nanos) / NANOS_PER_DAY + d.seconds / 86_400;
        civil_from_days(days_from_civil(date) + d.days + extra_days)
    }
}

impl LocalTime {
    pub fn plus(self, d: &Duration) -> LocalTime {
        let delta = (d.seconds % 86_400) * NANOS_PER_SECOND + d.nanos;
        LocalTime { nanos: (self.nanos + delta).rem_euclid(NANOS_PER_DAY) }
    }
}

impl LocalDateTime {
    pub fn plus(self, d: &Duration) -> Option<LocalDateTime> {
        let date = add_months(self.date, d.months)?;
        let nanos = self.time.nanos + d.seconds.checked_mul(NANOS_PER_SECOND)? + d.nanos;
        let days = days_from_civil(date) + d.days + nanos.div_euclid(NANOS_PER_DAY);
        Some(LocalDateTime { date: civil_from_days(days)?, time: LocalTime { nanos: nanos.rem_euclid(NANOS_PER_DAY) } })
    }

    pub fn epoch_seconds(&self) -> i64 {
        days_from_civil(self.date) * 86_400 + self.time.nanos / NANOS_PER_SECOND
    }

    /// Nanoseconds since the epoch, reading the date-time as UTC.
    pub fn epoch_nanos(&self) -> i128 {
        i128::from(days_from_civil(self.date)) * i128::from(NANOS_PER_DAY) + i128::from(self.time.nanos)
    }
}

impl Time {
    /// The instant of the day in UTC, for comparing times at different offsets.
    fn utc_nanos(&self) -> i64 {
        self.local.nanos - i64::from(self.offset_seconds) * NANOS_PER_SECOND
    }

    pub fn compare(&self, other: &Time) -> Ordering {
        self.utc_nanos().cmp(&other.utc_nanos()).then(self.offset_seconds.cmp(&other.offset_seconds))
    }
}

impl DateTime {
    pub fn zone_spec(&self) -> ZoneSpec {
        self.zone.map_or(ZoneSpec::Offset(self.offset_seconds), ZoneSpec::Named)
    }

    /// The same instant seen in another zone.
    pub fn in_zone(&self, spec: ZoneSpec) -> Option<DateTime> {
        let utc = self.utc_nanos();
        let offset = match spec {
            ZoneSpec::Offset(o) => o,
            ZoneSpec::Named(z) => z.offset_at(i64::try_from(utc.div_euclid(1_000_000_000)).ok()?),
        };
        let nanos = utc + i128::from(offset) * i128::from(NANOS_PER_SECOND);
        let days = i64::try_from(nanos.div_euclid(i128::from(NANOS_PER_DAY))).ok()?;
        let time = LocalTime { nanos: nanos.rem_euclid(i128::from(NANOS_PER_DAY)) as i64 };
        let local = LocalDateTime { date: civil_from_days(days)?, time };
        Some(DateTime {
            local,
            offset_seconds: offset,
            zone: if let ZoneSpec::Named(z) = spec { Some(z) } else { None },
        })
    }

    pub fn utc_nanos(&self) -> i128 {
        self.local.epoch_nanos() - i128::from(self.offset_seconds) * i128::from(NANOS_PER_SECOND)
    }

    pub fn compare(&self, other: &DateTime) -> Ordering {
        self.utc_nanos().cmp(&other.utc_nanos()).then(self.offset_seconds.cmp(&other.offset_seconds))
    }
}

/// Every temporal value but the date (which has its own place in `Value`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Temporal {
    LocalTime(LocalTime),
    Time(Time),
    LocalDateTime(LocalDateTime),
    DateTime(DateTime),
    Duration(Duration),
}

impl Temporal {
    /// Reads the text of a temporal value of kind `kind` (as `kind_name`).
    pub fn parse(kind: &str, text: &str) -> Option<Temporal> {
        Some(match kind {
            "localtime" => Temporal::LocalTime(parse_local_time(text)?),
            "time" => Temporal::Time(parse_time(text)?),
            "localdatetime" => Temporal::LocalDateTime(parse_local_date_time(text)?),
            "datetime" => Temporal::DateTime(parse_date_time(text)?),
            "duration" => Temporal::Duration(parse_duration(text)?),
            _ => return None,
        })
    }

    /// A compact form for storage: a kind number and four integers.
    pub fn to_parts(&self) -> (u8, [i64; 4]) {
        match self {
            Temporal::LocalTime(t) => (0, [t.nanos, 0, 0, 0]),
            Temporal::Time(t) => (1, [t.local.nanos, i64::from(t.offset_seconds), 0, 0]),
            Temporal::LocalDateTime(t) => (2, [days_from_civil(t.date), t.time.nanos, 0, 0]),
            Temporal::DateTime(t) => (
                3,
                [
                    days_from_civil(t.local.date),
                    t.local.time.nanos,
                    i64::from(t.offset_seconds),
                    t.zone.map_or(0, Zone::id),
                ],
            ),
            Temporal::Duration(d) => (4, [d.months, d.days, d.seconds, d.nanos]),
        }
    }

    /// The value `to_parts` gave; `None` for parts no value has.
    pub fn from_parts(kind: u8, [a, b, c, d]: [i64; 4]) -> Option<Temporal> {
        let time = |nanos: i64| (0..NANOS_PER_DAY).contains(&nanos).then_some(LocalTime { nanos });
        let offset = |o: i64| i32::try_from(o).ok().filter(|o| o.abs() <= 18 * 3600);
        Some(match kind {
            0 => Temporal::LocalTime(time(a)?),
            1 => Temporal::Time(Time { local: time(a)?, offset_seconds: offset(b)? }),
            2 => Temporal::LocalDateTime(LocalDateTime { date: civil_from_days(a)?, time: time(b)? }),
            3 => Temporal::DateTime(DateTime {
                local: LocalDateTime { date: civil_from_days(a)?, time: time(b)? },
                offset_seconds: offset(c)?,
                zone: if d == 0 { None } else { Some(Zone::from_id(d)?) },
            }),
            4 => Temporal::Duration(Duration { months: a, days: b, seconds: c, nanos: d }),
            _ => return None,
        })
    }

    /// The type's name in the contract's jsonl (`{"~kind": "time", …}`).
    pub fn kind_name(&self) -> &'static str {
        match self {
            Temporal::LocalTime(_) => "localtime",
            Temporal::Time(_) => "time",
            Temporal::LocalDateTime(_) => "localdatetime",
            Temporal::DateTime(_) => "datetime",
            Temporal::Duration(_) => "duration",
        }
    }

    pub fn type_name(&self) -> &'static str {
        match self {
            Temporal::LocalTime(_) => "LocalTime",
            Temporal::Time(_) => "Time",
            Temporal::LocalDateTime(_) => "LocalDateTime",
            Temporal::DateTime(_) => "DateTime",
            Temporal::Duration(_) => "Duration",
        }
    }

    fn rank(&self) -> u8 {
        match self {
            Temporal::LocalTime(_) => 0,
            Temporal::Time(_) => 1,
            Temporal::LocalDateTime(_) => 2,
            Temporal::DateTime(_) => 3,
            Temporal::Duration(_) => 4,
        }
    }

    /// `<` and friends: only values of one kind compare; durations never do.
    pub fn compare(&self, other: &Temporal) -> Option<Ordering> {
        match (self, other) {
            (Temporal::LocalTime(a), Temporal::LocalTime(b)) => Some(a.cmp(b)),
            (Temporal::Time(a), Temporal::Time(b)) => Some(a.compare(b)),
            (Temporal::LocalDateTime(a), Temporal::LocalDateTime(b)) => Some(a.cmp(b)),
            (Temporal::DateTime(a), Temporal::DateTime(b)) => Some(a.compare(b)),
            _ => None,
        }
    }

    /// The total order of ORDER BY among temporal values.
    pub fn order(&self, other: &Temporal) -> Ordering {
        match (self, other) {
            (Temporal::Duration(a), Temporal::Duration(b)) => a.cmp(b),
            _ => self.rank().cmp(&other.rank()).then_with(|| self.compare(other).unwrap_or(Ordering::Equal)),
        }
    }

    /// `temporal + duration`; `None` when out of range.
    pub fn plus(&self, d: &Duration) -> Option<Temporal> {
        Some(match self {
            Temporal::LocalTime(t) => Temporal::LocalTime(t.plus(d)),
            Temporal::Time(t) => Temporal::Time(Time { local: t.local.plus(d), offset_seconds: t.offset_seconds }),
            Temporal::LocalDateTime(t) => Temporal::LocalDateTime(t.plus(d)?),
            Temporal::DateTime(t) => Temporal::DateTime(t.zone_spec().at(t.local.plus(d)?)),
            Temporal::Duration(a) => Temporal::Duration(a.plus(d)?),
        })
    }
}
