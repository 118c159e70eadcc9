//! The birth dates OFAC writes, in its CSV remarks (`DOB 12 Jan 1960`) and
//! its XML `dateOfBirth`, as strings of the precision given.

use crate::value::Date;

/// Birth dates in the forms OFAC writes (`12 Jan 1960`, `Jan 1960`,
/// `1960`, `circa 1960`, `1960 to 1962`, `01 Jan 1960 to 31 Dec 1962`),
/// each at its precision: `1960-01-12`, `1960-01`, `1960`. A range of whole
/// years gives each year (up to ten), of one whole month that month;
/// another range its two ends. Nothing for a form it does not know.
pub(super) fn birth_dates(text: &str) -> Vec<String> {
    let text = text.trim();
    let text = text.strip_suffix('.').unwrap_or(text).trim_end();
    let text = text.strip_prefix("circa ").unwrap_or(text);
    let Some((from, to)) = text.split_once(" to ") else {
        return partial_date(text).map(|d| vec![d.to_string()]).unwrap_or_default();
    };
    let (Some(from), Some(to)) = (partial_date(from), partial_date(to)) else { return Vec::new() };
    if let (Some(first), Some(last)) = (from.whole_year_start(), to.whole_year_end())
        && first <= last
        && last - first < 10
    {
        return (first..=last).map(|y| y.to_string()).collect();
    }
    if from.month.is_some()
        && from.year == to.year
        && from.month == to.month
        && from.day.unwrap_or(1) == 1
        && to.ends_month()
    {
        return vec![PartialDate { day: None, ..from }.to_string()];
    }
    vec![from.to_string(), to.to_string()]
}

/// A date to the year, the month or the day.
#[derive(Clone, Copy, Debug)]
struct PartialDate {
    year: i32,
    month: Option<u8>,
    day: Option<u8>,
}

impl PartialDate {
    /// The year when the date is a whole year or its first day.
    fn whole_year_start(&self) -> Option<i32> {
        matches!((self.month, self.day), (None, None) | (Some(1), Some(1))).then_some(self.year)
    }

    /// The year when the date is a whole year or its last day.
    fn whole_year_end(&self) -> Option<i32> {
        matches!((self.month, self.day), (None, None) | (Some(12), Some(31))).then_some(self.year)
    }

    /// Whether the date is a whole month or its last day.
    fn ends_month(&self) -> bool {
        match (self.month, self.day) {
            (Some(_), None) => true,
            (Some(month), Some(day)) => {
                let next = format!("{:04}-{month:02}-{:02}", self.year, day + 1);
                Date::parse_iso(&next).is_none()
            }
            _ => false,
        }
    }
}

impl std::fmt::Display for PartialDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// `12 Jan 1960`, `Jan 1960` or `1960`; a real date only.
fn partial_date(text: &str) -> Option<PartialDate> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let (day, month, year) = match words.as_slice() {
        [day, month, year] => (Some(*day), Some(*month), *year),
        [month, year] => (None, Some(*month), *year),
        [year] => (None, None, *year),
        _ => return None,
    };
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = year.parse().ok()?;
    let month = match month {
        Some(m) => Some(MONTHS.iter().position(|name| name.eq_ignore_ascii_case(m))? as u8 + 1),
        None => None,
    };
    let day = match day {
        Some(d) if d.len() <= 2 => Some(d.parse::<u8>().ok()?),
        Some(_) => return None,
        None => None,
    };
    if let (Some(m), Some(d)) = (month, day) {
        Date::parse_iso(&format!("{year:04}-{m:02}-{d:02}"))?;
    }
    Some(PartialDate { year, month, day })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn birth_dates_at_the_precision_given() {
        assert_eq!(birth_dates("12 Jan 1960"), ["1960-01-12"]);
        assert_eq!(birth_dates("Jan 1960."), ["1960-01"]);
        assert_eq!(birth_dates("1960"), ["1960"]);
        assert_eq!(birth_dates("circa 1947"), ["1947"]);
        assert_eq!(birth_dates("1960 to 1962"), ["1960", "1961", "1962"]);
        assert_eq!(birth_dates("01 Jan 1973 to 31 Dec 1973"), ["1973"]);
        assert_eq!(birth_dates("01 Feb 1960 to 29 Feb 1960"), ["1960-02"]);
        assert_eq!(birth_dates("21 Mar 1950 to 20 Mar 1951"), ["1950-03-21", "1951-03-20"]);
        assert_eq!(birth_dates("Mar 1962 to Feb 1963"), ["1962-03", "1963-02"]);
        assert_eq!(birth_dates("1900 to 1950"), ["1900", "1950"]);
    }

    #[test]
    fn birth_dates_refuse_what_is_not_a_date() {
        assert!(birth_dates("31 Feb 1960").is_empty());
        assert!(birth_dates("unknown").is_empty());
        assert!(birth_dates("12 Foo 1960").is_empty());
        assert!(birth_dates("1960 to").is_empty());
        assert!(birth_dates("").is_empty());
        assert!(birth_dates("999 Jan 1960").is_empty());
    }
}
