//! Named time zones (`Europe/Stockholm`), by the rules of the tz database
//! bundled with `jiff` (so it works without /usr/share/zoneinfo).

use std::collections::HashMap;
use std::sync::OnceLock;

use jiff::Timestamp;
use jiff::tz::TimeZone;

/// A zone of the tz database, known by a stable hash of its name (the hash
/// is what storage keeps, so it must not depend on the process).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Zone(u64);

fn fnv1a(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

fn names() -> &'static HashMap<u64, String> {
    static NAMES: OnceLock<HashMap<u64, String>> = OnceLock::new();
    NAMES.get_or_init(|| jiff::tz::db().available().map(|n| (fnv1a(n.as_str()), n.as_str().to_string())).collect())
}

/// jiff's instants span about ±9999 years; rules are fixed beyond them.
fn clamp_seconds(s: i64) -> i64 {
    s.clamp(Timestamp::MIN.as_second() + 86_400, Timestamp::MAX.as_second() - 86_400)
}

impl Zone {
    pub fn named(name: &str) -> Option<Zone> {
        let zone = Zone(fnv1a(name));
        names().contains_key(&zone.0).then_some(zone)
    }

    pub fn name(self) -> &'static str {
        names().get(&self.0).map_or("UTC", String::as_str)
    }

    /// The number kept in storage.
    pub fn id(self) -> i64 {
        self.0 as i64
    }

    pub fn from_id(id: i64) -> Option<Zone> {
        let zone = Zone(id as u64);
        names().contains_key(&zone.0).then_some(zone)
    }

    fn rules(self) -> TimeZone {
        TimeZone::get(self.name()).unwrap_or(TimeZone::UTC)
    }

    /// The offset in force at an instant (seconds since the epoch, UTC).
    pub fn offset_at(self, utc_seconds: i64) -> i32 {
        Timestamp::from_second(clamp_seconds(utc_seconds)).map_or(0, |t| self.rules().to_offset(t).seconds())
    }

    /// The offset of a wall-clock time (seconds since the epoch read as UTC);
    /// in a repeated hour the earlier offset, in a skipped hour the one before.
    pub fn offset_for_local(self, local_seconds: i64) -> i32 {
        let guess = self.offset_at(local_seconds);
        let first = self.offset_at(local_seconds - i64::from(guess));
        if first == guess {
            // An earlier offset may also fit (a repeated hour): prefer the larger one.
            let before = self.offset_at(local_seconds - i64::from(guess) - 3600);
            if before > guess && self.offset_at(local_seconds - i64::from(before)) == before {
                return before;
            }
            return guess;
        }
        let second = self.offset_at(local_seconds - i64::from(first));
        if second == first { first } else { guess.max(first) }
    }
}
