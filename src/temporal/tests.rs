//! Unit tests of parsing, printing and arithmetic.

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

fn date(text: &str) -> Date {
    parse_date(text).unwrap_or_else(|| panic!("date {text}"))
}

#[test]
fn dates_parse_in_every_iso_form() {
    for (text, want) in [
        ("2015-07-21", "2015-07-21"),
        ("20150721", "2015-07-21"),
        ("2015-07", "2015-07-01"),
        ("201507", "2015-07-01"),
        ("2015", "2015-01-01"),
        ("2015-W30-2", "2015-07-21"),
        ("2015W302", "2015-07-21"),
        ("2015-W30", "2015-07-20"),
        ("2015-202", "2015-07-21"),
        ("2015202", "2015-07-21"),
    ] {
        assert_eq!(date(text).to_string(), want, "{text}");
    }
    assert_eq!(parse_date("2015-W54"), None);
    assert_eq!(parse_date("2015-13"), None);
    assert_eq!(parse_date("2015-366"), None);
}

#[test]
fn iso_weeks_cross_year_ends() {
    assert_eq!(calendar::iso_week(date("1984-01-01")), (1983, 52));
    assert_eq!(calendar::iso_week(date("1984-10-11")), (1984, 41));
    assert_eq!(calendar::from_week(1817, 1, 1), Some(date("1816-12-30")));
    assert_eq!(calendar::from_week(1818, 53, 1), Some(date("1818-12-28")));
    assert_eq!(calendar::from_quarter(1984, 3, 45), Some(date("1984-08-14")));
    assert_eq!(calendar::weekday(date("1984-10-11")), 4);
}

#[test]
fn named_zones_follow_their_rules() {
    let summer = parse_date_time("2017-08-08T12:00[Europe/Stockholm]").map(|t| t.to_string());
    assert_eq!(summer.as_deref(), Some("2017-08-08T12:00+02:00[Europe/Stockholm]"));
    let old = parse_date_time("1818-07-21T21:40:32.142[Europe/Stockholm]").map(|t| t.to_string());
    assert_eq!(old.as_deref(), Some("1818-07-21T21:40:32.142+00:53:28[Europe/Stockholm]"));
    assert_eq!(parse_date_time("2017-08-08T12:00[Nowhere/Atlantis]"), None);
    let zone = Zone::named("Europe/London").map(|z| (z.name(), Zone::from_id(z.id())));
    assert_eq!(zone.map(|(n, back)| (n, back.is_some())), Some(("Europe/London", true)));
}

#[test]
fn durations_between_values() {
    let side = |t: &str| {
        let d = parse_date_time(t).unwrap_or_else(|| panic!("{t}"));
        Side { date: Some(d.local.date), time: Some(d.local.time), zone: Some(d.zone_spec()) }
    };
    let (a, b) = (side("2014-07-21T21:40:36.143+02:00"), side("2015-07-21T21:40:32.142+01:00"));
    assert_eq!(between(Between::All, a, b).map(|d| d.to_string()).as_deref(), Some("P1YT59M55.999S"));
    assert_eq!(between(Between::Days, a, b).map(|d| d.to_string()).as_deref(), Some("P365D"));
    assert_eq!(between(Between::Months, b, a).map(|d| d.to_string()).as_deref(), Some("P-1Y"));
}

#[test]
fn durations_scale_and_truncate() {
    let d = Duration::from_units(&[("years", 12.0), ("months", 5.0), ("days", 14.0), ("seconds", 58390.0)]);
    assert_eq!(d.and_then(|d| d.times(0.5)).map(|d| d.to_string()).as_deref(), Some("P6Y2M22DT13H21M8S"));
    assert_eq!(truncate_date("weekYear", date("1984-01-01")), Some(date("1983-01-03")));
    assert_eq!(truncate_date("millennium", date("2017-10-11")), Some(date("2000-01-01")));
    assert_eq!(truncate_date("fortnight", date("2017-10-11")), None);
    assert_eq!(
        parse_duration("P2012-02-02T14:37:21.545").map(|d| d.to_string()).as_deref(),
        Some("P2012Y2M2DT14H37M21.545S")
    );
}
