//! Reading ISO 8601 text: dates (calendar, week and ordinal forms), times,
//! offsets and zone names, date-times and durations.

use super::*;

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
    let text = text.trim();
    let (date, time) = text.split_once(['T', 't']).unwrap_or((text, "00:00"));
    Some(LocalDateTime { date: parse_date(date)?, time: parse_local_time(time)? })
}

/// A date-time with an offset, a `[Zone/Name]`, both, or neither (UTC).
pub fn parse_date_time(text: &str) -> Option<DateTime> {
    let text = text.trim();
    let (text, zone) = match text.strip_suffix(']').and_then(|t| t.rsplit_once('[')) {
        Some((rest, name)) => (rest, Some(Zone::named(name)?)),
        None => (text, None),
    };
    let (date, time) = text.split_once(['T', 't']).unwrap_or((text, "00:00"));
    let (clock, offset) = split_offset(time);
    let local = LocalDateTime { date: parse_date(date)?, time: parse_local_time(clock)? };
    Some(match (zone, offset) {
        (Some(zone), _) => ZoneSpec::Named(zone).at(local),
        (None, offset) => DateTime { local, offset_seconds: offset.map_or(Some(0), parse_offset)?, zone: None },
    })
}

fn digits(s: &str) -> Option<i64> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

/// Calendar (`2015-07-21`, `20150721`, `2015-07`, `2015`), week (`2015-W30-2`,
/// `2015W302`, `2015-W30`) and ordinal (`2015-202`, `2015202`) dates.
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    let (sign, body) = match text.as_bytes().first()? {
        b'-' => (-1, &text[1..]),
        b'+' => (1, &text[1..]),
        _ => (1, text),
    };
    let year_len =
        if sign == 1 && !text.starts_with('+') { 4 } else { body.find(['-', 'W', 'w']).unwrap_or(body.len()) };
    if body.len() < year_len || year_len < 4 {
        return None;
    }
    let year = sign * digits(&body[..year_len])?;
    let rest = &body[year_len..];
    let dashed = rest.starts_with('-');
    let rest = rest.strip_prefix('-').unwrap_or(rest);
    if let Some(week) = rest.strip_prefix(['W', 'w']) {
        let (w, d) = match week.split_once('-') {
            Some((w, d)) if dashed => (w, Some(d)),
            _ if !dashed && week.len() == 3 => (&week[..2], Some(&week[2..])),
            _ => (week, None),
        };
        if w.len() != 2 {
            return None;
        }
        return calendar::from_week(year, digits(w)?, d.map_or(Some(1), digits)?);
    }
    let month_day = |m: &str, d: &str| {
        let (m, d) = (u8::try_from(digits(m)?).ok()?, u8::try_from(digits(d)?).ok()?);
        let date = Date { year: i32::try_from(year).ok()?, month: m, day: d };
        ((1..=12).contains(&m) && d >= 1 && d <= days_in_month(date.year, m)).then_some(date)
    };
    match (rest.len(), dashed) {
        (0, false) => month_day("01", "01"),
        (2, _) => month_day(rest, "01"),
        (3, _) => calendar::from_ordinal(year, digits(rest)?),
        (4, false) => month_day(&rest[..2], &rest[2..]),
        (5, true) if rest.as_bytes()[2] == b'-' => month_day(&rest[..2], &rest[3..]),
        _ => None,
    }
}

/// ISO 8601 durations: `P1Y2M3W4DT5H6M7.5S` (each part optional, may be negative).
pub fn parse_duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let body = text.strip_prefix(['P', 'p'])?;
    if let Some(d) = parse_alternative_duration(body) {
        return Some(if negative { d.negated() } else { d });
    }
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

/// The alternative form `P2012-02-02T14:37:21.545` (years-months-days, clock).
fn parse_alternative_duration(body: &str) -> Option<Duration> {
    let (date, time) = body.split_once(['T', 't']).unwrap_or((body, ""));
    let ymd: Vec<&str> = date.split('-').collect();
    let [y, m, d] = ymd.as_slice() else { return None };
    let mut units = vec![("years", digits(y)? as f64), ("months", digits(m)? as f64), ("days", digits(d)? as f64)];
    if !time.is_empty() {
        let (clock, fraction) = time.split_once(['.', ',']).unwrap_or((time, ""));
        let hms: Vec<&str> = clock.split(':').collect();
        let [h, mi, s] = hms.as_slice() else { return None };
        let seconds: f64 =
            format!("{}.{}", digits(s)?, if fraction.is_empty() { "0" } else { fraction }).parse().ok()?;
        units.extend([("hours", digits(h)? as f64), ("minutes", digits(mi)? as f64), ("seconds", seconds)]);
    }
    Duration::from_units(&units)
}
