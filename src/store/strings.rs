//! The string values of properties, each distinct string kept once.
//!
//! A property record refers to a string by a 4-byte id. Most string
//! properties repeat a handful of values (a role, a kind, a gender), and
//! each use of one was a heap string of its own; here it is one `Arc<str>`
//! however many records use it. Reading a string clones the `Arc`, so no
//! read copies text. A string no record uses any more is let go, and its id
//! handed out again.

use std::hash::BuildHasher;
use std::sync::Arc;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

#[derive(Clone, Default)]
pub struct Strings {
    /// By id: the string and how many record values use it (0: a free id).
    slots: Vec<(Option<Arc<str>>, u32)>,
    free: Vec<u32>,
    /// The ids of the strings in use, placed by the hash of their text.
    table: HashTable<u32>,
}

fn hash(text: &str) -> u64 {
    FxBuildHasher.hash_one(text)
}

impl Strings {
    /// The id of `text`, counting one more use of it.
    pub fn acquire(&mut self, text: &Arc<str>) -> u32 {
        let h = hash(text);
        let slots = &mut self.slots;
        let found = self.table.find(h, |id| slots.get(*id as usize).and_then(|s| s.0.as_deref()) == Some(&**text));
        if let Some(&id) = found {
            if let Some(slot) = slots.get_mut(id as usize) {
                slot.1 = slot.1.saturating_add(1);
            }
            return id;
        }
        let id = match self.free.pop() {
            Some(id) => {
                slots[id as usize] = (Some(text.clone()), 1);
                id
            }
            None => {
                slots.push((Some(text.clone()), 1));
                (slots.len() - 1) as u32
            }
        };
        let rehash = |id: &u32| slots.get(*id as usize).and_then(|s| s.0.as_deref()).map_or(0, hash);
        self.table.insert_unique(h, id, rehash);
        id
    }

    /// Counts one use of `id` fewer, letting the string go after the last.
    pub fn release(&mut self, id: u32) {
        let Some(slot) = self.slots.get_mut(id as usize) else { return };
        slot.1 = slot.1.saturating_sub(1);
        if slot.1 > 0 {
            return;
        }
        if let Some(text) = slot.0.take() {
            if let Ok(entry) = self.table.find_entry(hash(&text), |other| *other == id) {
                entry.remove();
            }
            self.free.push(id);
        }
    }

    /// The string of `id`.
    pub fn get(&self, id: u32) -> Option<&Arc<str>> {
        self.slots.get(id as usize).and_then(|s| s.0.as_ref())
    }

    /// How many distinct strings are in use, and their bytes of text.
    #[cfg(test)]
    pub fn footprint(&self) -> (usize, usize) {
        let live = self.slots.iter().filter_map(|s| s.0.as_ref());
        live.fold((0, 0), |(n, bytes), s| (n + 1, bytes + s.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_string_however_many_uses_and_gone_after_the_last() {
        let mut strings = Strings::default();
        let role = Arc::<str>::from("director");
        let a = strings.acquire(&role);
        let b = strings.acquire(&Arc::from("director"));
        assert_eq!(a, b);
        assert!(Arc::ptr_eq(strings.get(a).unwrap_or(&Arc::from("")), &role));
        strings.release(a);
        assert_eq!(strings.get(a).map(|s| &**s), Some("director"));
        strings.release(a);
        assert_eq!(strings.get(a), None);
        // The id is handed out again, to a different string.
        assert_eq!(strings.acquire(&Arc::from("owner")), a);
        assert_eq!(strings.footprint(), (1, 5));
    }
}
