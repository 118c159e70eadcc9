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

