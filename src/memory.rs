//! The memory budget of a statement. A global allocator over the system's
//! counts, per thread, the bytes the thread holds (allocated less freed);
//! a statement runs on one thread, so the growth of that count while it
//! runs is what the statement holds: its rows, lists, strings, paths,
//! sort buffers, aggregation groups and the graph's own growth.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use crate::error::{Error, ErrorKind, Result};

/// The system allocator, counting.
pub struct Counting;

thread_local! {
    /// Bytes this thread holds: may go below zero when it frees what
    /// another thread allocated. Const-initialised and without a
    /// destructor, so reading it never allocates.
    static HELD: Cell<isize> = const { Cell::new(0) };
}

fn count(delta: isize) {
    // During a thread's teardown the slot may be gone; nothing to count then.
    let _ = HELD.try_with(|held| held.set(held.get().wrapping_add(delta)));
}

// SAFETY: every call goes to `System` unchanged; counting only reads the
// layouts and touches a thread-local cell.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract for `alloc`, passed on.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            count(layout.size() as isize);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            count(layout.size() as isize);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from this allocator, which is `System`'s.
        unsafe { System.dealloc(ptr, layout) };
        count(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `dealloc`.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            count(new_size as isize - layout.size() as isize);
        }
        p
    }
}

/// Bytes the calling thread holds now.
pub fn held() -> isize {
    HELD.try_with(Cell::get).unwrap_or(0)
}

/// One statement's budget: at most `limit` bytes more than its thread held
/// when it started.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    limit: usize,
    base: isize,
}

impl Budget {
    /// A budget of `limit` bytes, counted from now on this thread.
    pub fn start(limit: usize) -> Budget {
        Budget { limit, base: held() }
    }

    /// `ResourceLimit` once the statement holds more than its budget.
    pub fn check(&self) -> Result<()> {
        self.reserve(0)
    }

    /// `ResourceLimit` if `bytes` more would pass the budget: asked before
    /// an allocation whose size is known in advance (a long range, a long
    /// string), so that it is refused before it is made.
    pub fn reserve(&self, bytes: usize) -> Result<()> {
        let used = held().saturating_sub(self.base).max(0) as usize;
        if used.saturating_add(bytes) > self.limit {
            let message = format!(
                "the statement needs more than its memory budget of {} (--max-memory, :maxmemory)",
                format_size(self.limit)
            );
            return Err(Error::new(ErrorKind::ResourceLimit, message));
        }
        Ok(())
    }
}

/// The budget when none is set: a quarter of the machine's memory, or
/// 1 GiB where the machine does not say (no `/proc/meminfo`).
pub fn default_budget() -> usize {
    physical_memory().map_or(1 << 30, |total| total / 4)
}

/// The machine's memory in bytes, from `/proc/meminfo`'s `MemTotal`.
fn physical_memory() -> Option<usize> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    kib.checked_mul(1024)
}

/// A budget as `--max-memory` and `:maxmemory` take it: a size, or `off`.
pub fn parse_budget(text: &str) -> Result<Option<usize>, String> {
    if text.trim().eq_ignore_ascii_case("off") { Ok(None) } else { parse_size(text).map(Some) }
}

/// A size as people write it: `512M`, `2G`, `1.5GiB`, `64k` or bytes.
/// Units are powers of 1024.
pub fn parse_size(text: &str) -> Result<usize, String> {
    let text = text.trim();
    let digits_end = text.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(text.len());
    let (number, unit) = text.split_at(digits_end);
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        _ => return Err(format!("'{text}' is not a size: expected e.g. 512M or 2G")),
    };
    let value: f64 = number.parse().map_err(|_| format!("'{text}' is not a size: expected e.g. 512M or 2G"))?;
    let bytes = value * (1u64 << shift) as f64;
    if !(1.0..=usize::MAX as f64).contains(&bytes) {
        return Err(format!("'{text}' is not a usable size"));
    }
    Ok(bytes as usize)
}

/// A size for people: `512 MiB`, `1.5 GiB`.
pub fn format_size(bytes: usize) -> String {
    const UNITS: [&str; 5] = ["bytes", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 || value.fract() == 0.0 {
        format!("{value} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_and_print_in_powers_of_1024() {
        assert_eq!(parse_size("512M"), Ok(512 << 20));
        assert_eq!(parse_size("1.5GiB"), Ok(3 << 29));
        assert_eq!(parse_size("4096"), Ok(4096));
        assert_eq!(parse_size(" 64 kb"), Ok(64 << 10));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("0").is_err());
        assert!(parse_size("-1G").is_err());
        assert_eq!(format_size(512 << 20), "512 MiB");
        assert_eq!(format_size(3 << 29), "1.5 GiB");
        assert_eq!(format_size(100), "100 bytes");
        assert_eq!(parse_budget("off"), Ok(None));
        assert_eq!(parse_budget("2G"), Ok(Some(2 << 30)));
    }

    #[test]
    fn a_thread_counts_what_it_holds() {
        let budget = Budget::start(1 << 20);
        let big = vec![0u8; 2 << 20];
        assert!(budget.check().is_err_and(|e| e.message.contains("1 MiB")));
        drop(big);
        assert!(budget.check().is_ok());
        assert!(budget.reserve(4 << 20).is_err());
    }

    #[test]
    fn the_default_is_a_share_of_the_machine() {
        let budget = default_budget();
        assert!(budget >= 64 << 20, "{budget}");
    }
}
