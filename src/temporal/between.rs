//! `duration.between(a, b)` and its `inMonths`, `inDays`, `inSeconds` forms.

use super::{Duration, LocalDateTime, LocalTime, NANOS_PER_DAY, NANOS_PER_SECOND, ZoneSpec, add_months};
use crate::value::Date;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Between {
    All,
    Months,
    Days,
    Seconds,
}

/// One side of a difference: the parts a value has.
#[derive(Clone, Copy, Debug)]
pub struct Side {
    pub date: Option<Date>,
    pub time: Option<LocalTime>,
    pub zone: Option<ZoneSpec>,
}

fn from_nanos(total: i128) -> Option<Duration> {
    let seconds = i64::try_from(total / i128::from(NANOS_PER_SECOND)).ok()?;
    Some(Duration { months: 0, days: 0, seconds, nanos: (total % i128::from(NANOS_PER_SECOND)) as i64 })
}

pub fn between(kind: Between, a: Side, b: Side) -> Option<Duration> {
    let zero = Duration { months: 0, days: 0, seconds: 0, nanos: 0 };
    // A side without a zone is read in the other side's zone.
    let (za, zb) = (a.zone.or(b.zone), b.zone.or(a.zone));
    let (Some(da), Some(db)) = (a.date, b.date) else {
        if kind == Between::Months || kind == Between::Days {
            return Some(zero);
        }
        // Times of day only: compare clocks, shifted by offsets when both have one.
        let (ta, tb) = (a.time.unwrap_or(LocalTime { nanos: 0 }), b.time.unwrap_or(LocalTime { nanos: 0 }));
        let day = LocalDateTime { date: da_or(a.date.or(b.date)), time: ta };
        let shift = match (za, zb) {
            (Some(x), Some(y)) => {
                let other = LocalDateTime { time: tb, ..day };
                i64::from(x.offset_for(&day)) - i64::from(y.offset_for(&other))
            }
            _ => 0,
        };
        return from_nanos(i128::from(tb.nanos - ta.nanos + shift * NANOS_PER_SECOND));
    };
    let la = LocalDateTime { date: da, time: a.time.unwrap_or(LocalTime { nanos: 0 }) };
    let mut lb = LocalDateTime { date: db, time: b.time.unwrap_or(LocalTime { nanos: 0 }) };
    if let (Some(x), Some(y)) = (za, zb) {
        // Express b at a's offset, so the difference is between instants.
        let shift = i64::from(x.offset_for(&la)) - i64::from(y.offset_for(&lb));
        lb = lb.plus(&Duration { months: 0, days: 0, seconds: shift, nanos: 0 })?;
    }
    let total = lb.epoch_nanos() - la.epoch_nanos();
    match kind {
        Between::Seconds => from_nanos(total),
        Between::Days => Some(Duration { days: i64::try_from(total / i128::from(NANOS_PER_DAY)).ok()?, ..zero }),
        Between::Months | Between::All => {
            let mut months = (i64::from(lb.date.year) * 12 + i64::from(lb.date.month))
                - (i64::from(la.date.year) * 12 + i64::from(la.date.month));
            let shifted = |m: i64| Some(LocalDateTime { date: add_months(la.date, m)?, time: la.time });
            if months > 0 && shifted(months)? > lb {
                months -= 1;
            } else if months < 0 && shifted(months)? < lb {
                months += 1;
            }
            if kind == Between::Months {
                return Some(Duration { months, ..zero });
            }
            let rest = lb.epoch_nanos() - shifted(months)?.epoch_nanos();
            let days = rest / i128::from(NANOS_PER_DAY);
            let time = from_nanos(rest - days * i128::from(NANOS_PER_DAY))?;
            Some(Duration { months, days: i64::try_from(days).ok()?, ..time })
        }
    }
}

fn da_or(date: Option<Date>) -> Date {
    date.unwrap_or(Date { year: 1970, month: 1, day: 1 })
}
