//! An id space: the CSV ids of the nodes imported so far.
//!
//! Ids are short strings ("P0000042", "C-IR"). Kept inline as a `u128`
//! they are compared without following a pointer, which at a million
//! relationship rows (two lookups each, in random order) is most of the
//! difference between a cache hit and a miss. Stored as two words with a
//! 32-bit node id, an entry takes 20 bytes instead of 32 (a u128 is
//! aligned to 16). Longer ids, and nodes past 2^32, go to a second map.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher, RandomState};

use crate::value::NodeId;

#[derive(Default)]
pub struct IdSpace {
    short: HashMap<[u64; 2], u32, Seeded>,
    long: HashMap<Box<[u8]>, NodeId, Seeded>,
}

/// The id as two words: up to 15 bytes, then its length in the last
/// byte, so "A" and "A\0" stay apart.
fn inline(raw: &[u8]) -> Option<[u64; 2]> {
    if raw.len() > 15 {
        return None;
    }
    let mut bytes = [0u8; 16];
    bytes[..raw.len()].copy_from_slice(raw);
    bytes[15] = raw.len() as u8;
    let word = |at: usize| u64::from_le_bytes([0, 1, 2, 3, 4, 5, 6, 7].map(|i| bytes[at + i]));
    Some([word(0), word(8)])
}

impl IdSpace {
    pub fn get(&self, raw: &[u8]) -> Option<NodeId> {
        match inline(raw).and_then(|key| self.short.get(&key)) {
            Some(node) => Some(NodeId::from(*node)),
            None => self.long.get(raw).copied(),
        }
    }

    /// Records `raw` → `node`; false (and nothing changed) if `raw` is taken.
    pub fn insert(&mut self, raw: &[u8], node: NodeId) -> bool {
        // One id is in one map only: a short id is looked up in both.
        match (inline(raw), u32::try_from(node)) {
            (Some(key), Ok(node)) if !self.long.contains_key(raw) => match self.short.entry(key) {
                std::collections::hash_map::Entry::Occupied(_) => false,
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(node);
                    true
                }
            },
            (key, _) if key.is_some_and(|key| self.short.contains_key(&key)) => false,
            _ => match self.long.entry(Box::from(raw)) {
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

    fn write_u64(&mut self, v: u64) {
        self.add(v);
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

    #[test]
    fn nodes_past_32_bits_keep_their_ids() {
        let mut space = IdSpace::default();
        let far = u64::from(u32::MAX) + 7;
        assert!(space.insert(b"far", far));
        assert!(!space.insert(b"far", 1));
        assert!(space.insert(b"near", 1));
        assert!(!space.insert(b"near", far));
        assert_eq!((space.get(b"far"), space.get(b"near")), (Some(far), Some(1)));
    }
}
