//! Birth dates as the lists give them: "1964", "1964-07" or "1964-07-17",
//! compared at the precision both sides have.

/// A date with as much of it as is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Partial {
    year: i32,
    month: Option<u32>,
    day: Option<u32>,
}

/// How two sets of birth dates relate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Agreement {
    /// Some date of one side fits some date of the other.
    Fits,
    /// Some years are the same, but no date fits; or the day and month are,
    /// a year apart (a slip of one digit).
    SameYearOnly,
    /// Not even a year in common.
    Disjoint,
}

/// Reads "YYYY", "YYYY-MM" or "YYYY-MM-DD" (anything after the day, such
/// as a time, is ignored); `None` for anything else.
pub(super) fn parse(text: &str) -> Option<Partial> {
    let text = text.trim();
    let mut fields = text.get(..10).unwrap_or(text).split('-');
    let number = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u32>().ok()).flatten()
    };
    let year = i32::try_from(number(fields.next()?, 4)?).ok()?;
    let month = match fields.next() {
        Some(m) => Some(number(m, 2)?),
        None => None,
    };
    let day = match (month, fields.next()) {
        (Some(_), Some(d)) => Some(number(d, 2)?),
        _ => None,
    };
    let valid = month.is_none_or(|m| (1..=12).contains(&m)) && day.is_none_or(|d| (1..=31).contains(&d));
    valid.then_some(Partial { year, month, day })
}

/// How the birth dates of two parties relate, or `None` when either side
/// has none that reads.
pub(super) fn agreement(a: &[String], b: &[String]) -> Option<Agreement> {
    let a: Vec<Partial> = a.iter().filter_map(|d| parse(d)).collect();
    let b: Vec<Partial> = b.iter().filter_map(|d| parse(d)).collect();
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let pairs = || a.iter().flat_map(|x| b.iter().map(move |y| (x, y)));
    if pairs().any(|(x, y)| fits(x, y)) {
        Some(Agreement::Fits)
    } else if pairs().any(|(x, y)| x.year == y.year || slipped_year(x, y)) {
        Some(Agreement::SameYearOnly)
    } else {
        Some(Agreement::Disjoint)
    }
}

/// Equal at the precision both have, or full dates one day apart (a slip
/// of transcription between lists).
fn fits(a: &Partial, b: &Partial) -> bool {
    if let (Some(x), Some(y)) = (day_number(a), day_number(b)) {
        return x.abs_diff(y) <= 1;
    }
    a.year == b.year && a.month.zip(b.month).is_none_or(|(x, y)| x == y) && a.day.zip(b.day).is_none_or(|(x, y)| x == y)
}

/// The same day of the same month, one year apart.
fn slipped_year(a: &Partial, b: &Partial) -> bool {
    a.day.is_some() && a.year.abs_diff(b.year) == 1 && a.month == b.month && a.day == b.day
}

/// Days since 1970-01-01 of a full date (Howard Hinnant's days_from_civil).
fn day_number(d: &Partial) -> Option<i64> {
    let (month, day) = (i64::from(d.month?), i64::from(d.day?));
    let year = i64::from(d.year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let doy = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agree(a: &[&str], b: &[&str]) -> Option<Agreement> {
        let own = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        agreement(&own(a), &own(b))
    }

    #[test]
    fn precision_is_what_both_sides_have() {
        assert_eq!(agree(&["1964"], &["1964-07-17"]), Some(Agreement::Fits));
        assert_eq!(agree(&["1964-07"], &["1964-07-17"]), Some(Agreement::Fits));
        assert_eq!(agree(&["1964-08"], &["1964-07-17"]), Some(Agreement::SameYearOnly));
        assert_eq!(agree(&["1964-07-17"], &["1964-09-02"]), Some(Agreement::SameYearOnly));
        assert_eq!(agree(&["1964"], &["1965", "1966"]), Some(Agreement::Disjoint));
        assert_eq!(agree(&["1969-08-21"], &["1968-08-21"]), Some(Agreement::SameYearOnly));
        assert_eq!(agree(&["1969-08-21"], &["1968-08-22"]), Some(Agreement::Disjoint));
        assert_eq!(agree(&["1960", "1964"], &["1964-01-01"]), Some(Agreement::Fits));
    }

    #[test]
    fn one_day_apart_fits() {
        assert_eq!(agree(&["1964-07-17"], &["1964-07-18"]), Some(Agreement::Fits));
        assert_eq!(agree(&["1964-07-31"], &["1964-08-01"]), Some(Agreement::Fits));
        assert_eq!(agree(&["1964-12-31"], &["1965-01-01"]), Some(Agreement::Fits));
        assert_eq!(agree(&["1964-07-17"], &["1964-07-19"]), Some(Agreement::SameYearOnly));
    }

    #[test]
    fn unreadable_dates_are_no_dates() {
        assert_eq!(agree(&["about 1964", "", "64"], &["1964"]), None);
        assert_eq!(agree(&[], &["1964"]), None);
        assert_eq!(parse("1964-13"), None);
        assert_eq!(parse("1964-07-17T00:00:00"), parse("1964-07-17"));
        assert_eq!(parse("1964-7"), None);
        assert_eq!(day_number(&Partial { year: 1970, month: Some(1), day: Some(1) }), Some(0));
    }
}
