//! ISO week dates, ordinal days and quarters.

use super::{civil_from_days, days_from_civil};
use crate::value::Date;

fn day_number(year: i32, month: u8, day: u8) -> i64 {
    days_from_civil(Date { year, month, day })
}

/// Monday = 1 … Sunday = 7.
pub fn weekday(date: Date) -> i64 {
    (days_from_civil(date) + 3).rem_euclid(7) + 1
}

/// The day number of the Monday that starts week 1 of `year` (the week holding 4 January).
fn week_one(year: i32) -> i64 {
    let jan4 = day_number(year, 1, 4);
    jan4 - ((jan4 + 3).rem_euclid(7))
}

/// The week-based year and the week of a date.
pub fn iso_week(date: Date) -> (i64, i64) {
    let days = days_from_civil(date);
    let year = if days < week_one(date.year) {
        date.year - 1
    } else if days >= week_one(date.year + 1) {
        date.year + 1
    } else {
        date.year
    };
    (i64::from(year), (days - week_one(year)) / 7 + 1)
}

pub fn from_week(year: i64, week: i64, day_of_week: i64) -> Option<Date> {
    let year = i32::try_from(year).ok()?;
    let weeks = (week_one(year + 1) - week_one(year)) / 7;
    if !(1..=weeks).contains(&week) || !(1..=7).contains(&day_of_week) {
        return None;
    }
    civil_from_days(week_one(year) + (week - 1) * 7 + day_of_week - 1)
}

pub fn ordinal_day(date: Date) -> i64 {
    days_from_civil(date) - day_number(date.year, 1, 1) + 1
}

pub fn from_ordinal(year: i64, ordinal: i64) -> Option<Date> {
    let year = i32::try_from(year).ok()?;
    let length = day_number(year + 1, 1, 1) - day_number(year, 1, 1);
    (1..=length).contains(&ordinal).then(|| civil_from_days(day_number(year, 1, 1) + ordinal - 1)).flatten()
}

pub fn quarter(date: Date) -> i64 {
    i64::from((date.month - 1) / 3 + 1)
}

fn quarter_start(year: i32, quarter: i64) -> i64 {
    let total = i64::from(year) * 12 + (quarter - 1) * 3;
    let (y, m) = (total.div_euclid(12) as i32, (total.rem_euclid(12) + 1) as u8);
    day_number(y, m, 1)
}

pub fn day_of_quarter(date: Date) -> i64 {
    days_from_civil(date) - quarter_start(date.year, quarter(date)) + 1
}

pub fn from_quarter(year: i64, quarter: i64, day: i64) -> Option<Date> {
    let year = i32::try_from(year).ok()?;
    if !(1..=4).contains(&quarter) {
        return None;
    }
    let (start, end) = (quarter_start(year, quarter), quarter_start(year, quarter + 1));
    (1..=end - start).contains(&day).then(|| civil_from_days(start + day - 1)).flatten()
}
