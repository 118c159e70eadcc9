//! Times, date-times and durations: construction from maps and ISO 8601
//! text, printing as Cypher prints them, comparison and arithmetic.
//! Time zones are fixed offsets from UTC (`+01:00`, `Z`).

use std::cmp::Ordering;
use std::fmt;

use crate::value::Date;

const NANOS_PER_SECOND: i64 = 1_000_000_000;
const NANOS_PER_DAY: i64 = 86_400 * NANOS_PER_SECOND;

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

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// Adds months, keeping the day where the month has it (else its last day).
fn add_months(date: Date, months: i64) -> Option<Date> {
    let total = i64::from(date.year) * 12 + i64::from(date.month) - 1 + months;
    let year = i32::try_from(total.div_euclid(12)).ok()?;
    let month = (total.rem_euclid(12) + 1) as u8;
    Some(Date { year, month, day: date.day.min(days_in_month(year, month)) })
}

impl Date {
    pub fn plus(self, d: &Duration) -> Option<Date> {
        let date = add_months(self, d.months)?;
        let extra_days = (d.seconds * NANOS_PER_SECOND + d.nanos).div_euclid(NANOS_PER_DAY);
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

    /// Nanoseconds since the epoch, reading the date-time as UTC.
    fn epoch_nanos(&self) -> i128 {
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
    fn utc_nanos(&self) -> i128 {
        self.local.epoch_nanos() - i128::from(self.offset_seconds) * i128::from(NANOS_PER_SECOND)
    }

    pub fn compare(&self, other: &DateTime) -> Ordering {
        self.utc_nanos().cmp(&other.utc_nanos()).then(self.offset_seconds.cmp(&other.offset_seconds))
    }
}

impl Duration {
    pub fn plus(self, o: &Duration) -> Option<Duration> {
        Duration {
            months: self.months.checked_add(o.months)?,
            days: self.days.checked_add(o.days)?,
            seconds: self.seconds.checked_add(o.seconds)?,
            nanos: self.nanos + o.nanos,
        }
        .normalized()
    }

    pub fn negated(self) -> Duration {
        Duration { months: -self.months, days: -self.days, seconds: -self.seconds, nanos: -self.nanos }
    }

    /// Carries whole seconds out of `nanos`, keeping nanos' sign with seconds'.
    fn normalized(mut self) -> Option<Duration> {
        self.seconds = self.seconds.checked_add(self.nanos.div_euclid(NANOS_PER_SECOND))?;
        self.nanos = self.nanos.rem_euclid(NANOS_PER_SECOND);
        if self.seconds < 0 && self.nanos > 0 {
            self.seconds += 1;
            self.nanos -= NANOS_PER_SECOND;
        }
        Some(self)
    }

    /// Builds a duration from unit amounts, fractions cascading down
    /// (`days: 1.5` is one day and twelve hours).
    pub fn from_units(units: &[(&str, f64)]) -> Option<Duration> {
        let (mut months, mut days, mut nanos) = (0f64, 0f64, 0f64);
        for (unit, amount) in units {
            match *unit {
                "years" => months += amount * 12.0,
                "quarters" => months += amount * 3.0,
                "months" => months += amount,
                "weeks" => days += amount * 7.0,
                "days" => days += amount,
                "hours" => nanos += amount * 3600e9,
                "minutes" => nanos += amount * 60e9,
                "seconds" => nanos += amount * 1e9,
                "milliseconds" => nanos += amount * 1e6,
                "microseconds" => nanos += amount * 1e3,
                "nanoseconds" => nanos += amount,
                _ => return None,
            }
        }
        // A fraction of a month is an average month (30.436875 days).
        let whole_months = months.trunc();
        days += (months - whole_months) * 30.436_875;
        let whole_days = days.trunc();
        nanos += (days - whole_days) * 86_400e9;
        let seconds = (nanos / 1e9).trunc();
        let rest = (nanos - seconds * 1e9).round();
        Duration { months: whole_months as i64, days: whole_days as i64, seconds: seconds as i64, nanos: rest as i64 }
            .normalized()
    }
}

// ---- parsing -----------------------------------------------------------------

/// `HH:MM[:SS[.fffffffff]]` or `HHMM[SS[.f]]`.
pub fn parse_local_time(text: &str) -> Option<LocalTime> {
    let (clock, fraction) = match text.split_once(['.', ',']) {
        Some((c, f)) => (c, Some(f)),
        None => (text, None),
    };
    let parts: Vec<&str> = if clock.contains(':') {
        clock.split(':').collect()
    } else {
        clock.as_bytes().chunks(2).map(|c| std::str::from_utf8(c).unwrap_or("")).collect()
    };
    let number =
        |s: &str| (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<i64>().ok()).flatten();
    let (h, m, s) = match parts.as_slice() {
        [h] => (number(h)?, 0, 0),
        [h, m] => (number(h)?, number(m)?, 0),
        [h, m, s] => (number(h)?, number(m)?, number(s)?),
        _ => return None,
    };
    let nanos = match fraction {
        Some(f) if !f.is_empty() && f.len() <= 9 && f.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{f:0<9}").parse::<i64>().ok()?
        }
        Some(_) => return None,
        None => 0,
    };
    local_time(h, m, s, nanos)
}

pub fn local_time(h: i64, m: i64, s: i64, nanos: i64) -> Option<LocalTime> {
    let ok =
        (0..24).contains(&h) && (0..60).contains(&m) && (0..60).contains(&s) && (0..NANOS_PER_SECOND).contains(&nanos);
    ok.then_some(LocalTime { nanos: ((h * 60 + m) * 60 + s) * NANOS_PER_SECOND + nanos })
}

/// `Z`, `+HH`, `+HH:MM`, `+HHMM` (and `[UTC]`-style names for UTC only).
pub fn parse_offset(text: &str) -> Option<i32> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("z") || text.eq_ignore_ascii_case("utc") {
        return Some(0);
    }
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m, s) = match digits.len() {
        2 => (digits.parse::<i32>().ok()?, 0, 0),
        4 => (digits[..2].parse::<i32>().ok()?, digits[2..].parse::<i32>().ok()?, 0),
        6 => (digits[..2].parse().ok()?, digits[2..4].parse().ok()?, digits[4..].parse().ok()?),
        _ => return None,
    };
    (h <= 18 && m < 60 && s < 60).then_some(sign * (h * 3600 + m * 60 + s))
}

/// Splits a time text into the clock and its offset (`12:00+01:00`).
fn split_offset(text: &str) -> (&str, Option<&str>) {
    if let Some(i) = text.find(['Z', 'z']) {
        return (&text[..i], Some(&text[i..]));
    }
    match text.rfind(['+', '-']) {
        Some(i) if i > 0 => (&text[..i], Some(&text[i..])),
        _ => (text, None),
    }
}

pub fn parse_time(text: &str) -> Option<Time> {
    let (clock, offset) = split_offset(text.trim());
    Some(Time { local: parse_local_time(clock)?, offset_seconds: offset.map_or(Some(0), parse_offset)? })
}

pub fn parse_local_date_time(text: &str) -> Option<LocalDateTime> {
    let (date, time) = text.trim().split_once(['T', 't'])?;
    Some(LocalDateTime { date: Date::parse_iso(date)?, time: parse_local_time(time)? })
}

pub fn parse_date_time(text: &str) -> Option<DateTime> {
    let text = text.trim();
    let (date, time) = text.split_once(['T', 't'])?;
    let (clock, offset) = split_offset(time);
    Some(DateTime {
        local: LocalDateTime { date: Date::parse_iso(date)?, time: parse_local_time(clock)? },
        offset_seconds: offset.map_or(Some(0), parse_offset)?,
    })
}

/// ISO 8601 durations: `P1Y2M3W4DT5H6M7.5S` (each part optional, may be negative).
pub fn parse_duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let body = text.strip_prefix(['P', 'p'])?;
    let (date_part, time_part) = match body.split_once(['T', 't']) {
        Some((d, t)) => (d, Some(t)),
        None => (body, None),
    };
    let mut units = Vec::new();
    read_units(date_part, &[('Y', "years"), ('M', "months"), ('W', "weeks"), ('D', "days")], &mut units)?;
    if let Some(t) = time_part {
        read_units(t, &[('H', "hours"), ('M', "minutes"), ('S', "seconds")], &mut units)?;
    }
    let d = Duration::from_units(&units)?;
    Some(if negative { d.negated() } else { d })
}

fn read_units<'a>(text: &str, designators: &[(char, &'a str)], out: &mut Vec<(&'a str, f64)>) -> Option<()> {
    let mut number = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() || c == '.' || c == ',' || c == '-' {
            number.push(if c == ',' { '.' } else { c });
            continue;
        }
        let unit = designators.iter().find(|(d, _)| d.eq_ignore_ascii_case(&c))?.1;
        out.push((unit, number.parse().ok()?));
        number.clear();
    }
    number.is_empty().then_some(())
}

// ---- printing ----------------------------------------------------------------

impl fmt::Display for LocalTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total_seconds = self.nanos / NANOS_PER_SECOND;
        let nanos = self.nanos % NANOS_PER_SECOND;
        let (h, m, s) = (total_seconds / 3600, total_seconds / 60 % 60, total_seconds % 60);
        write!(f, "{h:02}:{m:02}")?;
        if s != 0 || nanos != 0 {
            write!(f, ":{s:02}")?;
            write_fraction(f, nanos)?;
        }
        Ok(())
    }
}

/// A fraction of a second in groups of three digits, as Cypher prints it.
fn write_fraction(f: &mut fmt::Formatter<'_>, nanos: i64) -> fmt::Result {
    if nanos == 0 {
        Ok(())
    } else if nanos % 1_000_000 == 0 {
        write!(f, ".{:03}", nanos / 1_000_000)
    } else if nanos % 1000 == 0 {
        write!(f, ".{:06}", nanos / 1000)
    } else {
        write!(f, ".{nanos:09}")
    }
}

fn write_offset(f: &mut fmt::Formatter<'_>, offset: i32) -> fmt::Result {
    if offset == 0 {
        return f.write_str("Z");
    }
    let sign = if offset < 0 { '-' } else { '+' };
    let a = offset.abs();
    write!(f, "{sign}{:02}:{:02}", a / 3600, a / 60 % 60)?;
    if a % 60 != 0 {
        write!(f, ":{:02}", a % 60)?;
    }
    Ok(())
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.local)?;
        write_offset(f, self.offset_seconds)
    }
}

impl fmt::Display for LocalDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}T{}", self.date, self.time)
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.local)?;
        write_offset(f, self.offset_seconds)
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("P")?;
        let (years, months) = (self.months / 12, self.months % 12);
        if years != 0 {
            write!(f, "{years}Y")?;
        }
        if months != 0 {
            write!(f, "{months}M")?;
        }
        if self.days != 0 {
            write!(f, "{}D", self.days)?;
        }
        let (h, m, s) = (self.seconds / 3600, self.seconds / 60 % 60, self.seconds % 60);
        if h != 0 || m != 0 || s != 0 || self.nanos != 0 {
            f.write_str("T")?;
            if h != 0 {
                write!(f, "{h}H")?;
            }
            if m != 0 {
                write!(f, "{m}M")?;
            }
            if s != 0 || self.nanos != 0 {
                let negative = s < 0 || self.nanos < 0;
                let (s, n) = (s.abs(), self.nanos.abs());
                write!(f, "{}{s}", if negative { "-" } else { "" })?;
                if n != 0 {
                    let digits = format!("{n:09}");
                    write!(f, ".{}", digits.trim_end_matches('0'))?;
                }
                f.write_str("S")?;
            }
        } else if years == 0 && months == 0 && self.days == 0 {
            f.write_str("T0S")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days_round_trip() {
        for days in [-800_000, -1, 0, 1, 18_000, 2_932_896] {
            let date = civil_from_days(days).map(days_from_civil);
            assert_eq!(date, Some(days));
        }
        assert_eq!(Date::parse_iso("1970-01-01").map(days_from_civil), Some(0));
    }

    #[test]
    fn times_print_as_cypher_does() {
        assert_eq!(parse_time("10:35-08:00").map(|t| t.to_string()), Some("10:35-08:00".into()));
        assert_eq!(
            parse_date_time("1984-10-11T12:31:14.645876123+00:17").map(|t| t.to_string()),
            Some("1984-10-11T12:31:14.645876123+00:17".into())
        );
        assert_eq!(parse_local_time("12:31:14.5").map(|t| t.to_string()), Some("12:31:14.500".into()));
        assert_eq!(parse_time("12:00Z").map(|t| t.to_string()), Some("12:00Z".into()));
    }

    #[test]
    fn durations_parse_and_print() {
        assert_eq!(parse_duration("P1Y2M3DT4H5M6.5S").map(|d| d.to_string()), Some("P1Y2M3DT4H5M6.5S".into()));
        assert_eq!(Duration::from_units(&[("days", 1.5)]).map(|d| d.to_string()), Some("P1DT12H".into()));
        assert_eq!(Duration::from_units(&[("minutes", 6.0)]).map(|d| d.to_string()), Some("PT6M".into()));
    }

    #[test]
    fn adding_months_clamps_the_day() {
        let jan31 = Date::parse_iso("2017-01-31");
        let d = Duration { months: 1, days: 2, seconds: 0, nanos: 0 };
        assert_eq!(jan31.and_then(|j| j.plus(&d)).map(|x| x.to_string()), Some("2017-03-02".into()));
    }

    #[test]
    fn times_compare_by_instant() {
        let (Some(a), Some(b)) = (parse_time("12:00+01:00"), parse_time("11:30Z")) else { panic!("parse") };
        assert_eq!(a.compare(&b), Ordering::Less);
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
            Temporal::DateTime(t) => {
                (3, [days_from_civil(t.local.date), t.local.time.nanos, i64::from(t.offset_seconds), 0])
            }
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
            Temporal::DateTime(t) => {
                Temporal::DateTime(DateTime { local: t.local.plus(d)?, offset_seconds: t.offset_seconds })
            }
            Temporal::Duration(a) => Temporal::Duration(a.plus(d)?),
        })
    }
}

impl fmt::Display for Temporal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Temporal::LocalTime(t) => t.fmt(f),
            Temporal::Time(t) => t.fmt(f),
            Temporal::LocalDateTime(t) => t.fmt(f),
            Temporal::DateTime(t) => t.fmt(f),
            Temporal::Duration(d) => d.fmt(f),
        }
    }
}
