//! `date.truncate('month', x)` and friends: cutting a value down to a unit.

use super::{LocalTime, NANOS_PER_SECOND, calendar, civil_from_days, days_from_civil};
use crate::value::Date;

/// The first day of the `unit` holding `date` (the date itself for a unit
/// smaller than a day); `None` for an unknown unit.
pub fn truncate_date(unit: &str, date: Date) -> Option<Date> {
    let year_start = |year: i32| Date { year, month: 1, day: 1 };
    let down = |step: i32| year_start(date.year - date.year.rem_euclid(step));
    Some(match unit {
        "millennium" => down(1000),
        "century" => down(100),
        "decade" => down(10),
        "year" => year_start(date.year),
        "weekYear" => {
            let (year, _) = calendar::iso_week(date);
            calendar::from_week(year, 1, 1)?
        }
        "quarter" => Date { year: date.year, month: (date.month - 1) / 3 * 3 + 1, day: 1 },
        "month" => Date { day: 1, ..date },
        "week" => civil_from_days(days_from_civil(date) - calendar::weekday(date) + 1)?,
        "day" | "hour" | "minute" | "second" | "millisecond" | "microsecond" => date,
        _ => return None,
    })
}

/// The time of day cut down to `unit` (midnight for a unit of a day or more).
pub fn truncate_time(unit: &str, time: LocalTime) -> Option<LocalTime> {
    let step = match unit {
        "hour" => 3600 * NANOS_PER_SECOND,
        "minute" => 60 * NANOS_PER_SECOND,
        "second" => NANOS_PER_SECOND,
        "millisecond" => 1_000_000,
        "microsecond" => 1000,
        "millennium" | "century" | "decade" | "year" | "weekYear" | "quarter" | "month" | "week" | "day" => {
            return Some(LocalTime { nanos: 0 });
        }
        _ => return None,
    };
    Some(LocalTime { nanos: time.nanos - time.nanos % step })
}
