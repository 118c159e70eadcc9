//! An id space: the CSV ids of the nodes imported so far.
//!
//! Ids are short strings ("P0000042", "C-IR"). Kept inline as a `u128`
//! they are compared without following a pointer, which at a million
//! relationship rows (two lookups each, in random order) is most of the
//! difference between a cache hit and a miss. Longer ids go to a second map.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher, RandomState};

use crate::value::NodeId;

#[derive(Default)]
pub struct IdSpace {
    short: HashMap<u128, NodeId, Seeded>,
    long: HashMap<Box<[u8]>, NodeId, Seeded>,
}

/// The id as a `u128`: up to 15 bytes, then its length in the last byte,
/// so "A" and "A\0" stay apart.
fn inline(raw: &[u8]) -> Option<u128> {
    if raw.len() > 15 {
        return None;
    }
    let mut bytes = [0u8; 16];
    bytes[..raw.len()].copy_from_slice(raw);
    bytes[15] = raw.len() as u8;
    Some(u128::from_le_bytes(bytes))
}

impl IdSpace {
    pub fn get(&self, raw: &[u8]) -> Option<NodeId> {
        match inline(raw) {
            Some(key) => self.short.get(&key).copied(),
            None => self.long.get(raw).copied(),
        }
    }

    /// Records `raw` → `node`; false (and nothing changed) if `raw` is taken.
    pub fn insert(&mut self, raw: &[u8], node: NodeId) -> bool {
        match inline(raw) {
            Some(key) => match self.short.entry(key) {
                std::collections::hash_map::Entry::Occupied(_) => false,
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(node);
                    true
                }
            },
            None => match self.long.entry(Box::from(raw)) {
                std::collections::hash_map::Entry::Occupied(_) => false,
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(node);
                    true
                }
            },
        }
    }
}

/// A multiply-rotate hash (as rustc's FxHash) with a random seed: several
/// times faster than SipHash on short keys, and the seed keeps crafted ids
/// from choosing their buckets.
#[derive(Clone, Copy)]
struct Seeded(u64);

impl Default for Seeded {
    fn default() -> Seeded {
        Seeded(RandomState::new().hash_one(0u8))
    }
}

impl BuildHasher for Seeded {
    type Hasher = Fx;
    fn build_hasher(&self) -> Fx {
        Fx(self.0)
    }
}

struct Fx(u64);

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u128(&mut self, v: u128) {
        self.add(v as u64);
        self.add((v >> 64) as u64);
    }

    fn write_usize(&mut self, v: usize) {
        self.add(v as u64);
    }

    fn finish(&self) -> u64 {
        // Fold the high bits down: the table picks buckets with the low ones.
        self.0 ^ (self.0 >> 29)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_ids() {
        let mut space = IdSpace::default();
        assert!(space.insert(b"A", 1));
        assert!(space.insert(b"A\0", 2));
        assert!(!space.insert(b"A", 3));
        let long = b"a-rather-long-identifier-of-a-node";
        assert!(space.insert(long, 4));
        assert!(!space.insert(long, 5));
        assert_eq!((space.get(b"A"), space.get(b"A\0"), space.get(long)), (Some(1), Some(2), Some(4)));
        assert_eq!(space.get(b"B"), None);
    }
}
