//! Duration arithmetic: sums, negation, scaling and building from unit amounts.

use super::{Duration, NANOS_PER_SECOND};

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

    /// `duration * factor` (and `/ divisor` as `* 1/divisor`): fractions of
    /// months and days cascade down as in `from_units`; nanoseconds truncate.
    pub fn times(self, factor: f64) -> Option<Duration> {
        let months = self.months as f64 * factor;
        let days = self.days as f64 * factor + months.fract() * 30.436_875;
        let seconds = self.seconds as f64 * factor + days.fract() * 86_400.0;
        let nanos = (seconds.fract() * 1e9).round() + (self.nanos as f64 * factor).trunc();
        let ok = [months, days, seconds, nanos].iter().all(|x| x.is_finite() && x.abs() < 9.2e18);
        ok.then_some(())?;
        Duration {
            months: months.trunc() as i64,
            days: days.trunc() as i64,
            seconds: seconds.trunc() as i64,
            nanos: nanos as i64,
        }
        .normalized()
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
