//! Printing temporal values as Cypher prints them.

use std::fmt;

use super::*;

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

pub fn write_offset(f: &mut fmt::Formatter<'_>, offset: i32) -> fmt::Result {
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
        write_offset(f, self.offset_seconds)?;
        match self.zone {
            Some(zone) => write!(f, "[{}]", zone.name()),
            None => Ok(()),
        }
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
