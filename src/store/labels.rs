//! A node's labels: most nodes have one or two, kept inline (24 bytes, no
//! heap); more go to a boxed slice.

use super::Symbol;

#[derive(Clone, Debug)]
pub enum Labels {
    Few(u8, [Symbol; 2]),
    Many(Box<[Symbol]>),
}

impl Default for Labels {
    fn default() -> Labels {
        Labels::Few(0, [0; 2])
    }
}

impl From<Vec<Symbol>> for Labels {
    fn from(labels: Vec<Symbol>) -> Labels {
        match labels.as_slice() {
            [] => Labels::default(),
            [a] => Labels::Few(1, [*a, 0]),
            [a, b] => Labels::Few(2, [*a, *b]),
            _ => Labels::Many(labels.into_boxed_slice()),
        }
    }
}

impl Labels {
    pub fn as_slice(&self) -> &[Symbol] {
        match self {
            Labels::Few(n, ids) => &ids[..usize::from(*n).min(2)],
            Labels::Many(ids) => ids,
        }
    }

    pub fn to_vec(&self) -> Vec<Symbol> {
        self.as_slice().to_vec()
    }

    /// Adds `label` at the end (the caller checked it is not there).
    pub fn insert(&mut self, label: Symbol) {
        let mut all = self.to_vec();
        all.push(label);
        *self = Labels::from(all);
    }

    /// Removes `label`, keeping the others in order.
    pub fn remove(&mut self, label: Symbol) {
        let mut all = self.to_vec();
        all.retain(|l| *l != label);
        *self = Labels::from(all);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_inline_and_on_the_heap() {
        let mut labels = Labels::from(vec![4]);
        labels.insert(2);
        assert!(matches!(labels, Labels::Few(2, _)));
        labels.insert(9);
        assert_eq!(labels.as_slice(), &[4, 2, 9]);
        labels.remove(4);
        assert_eq!(labels.as_slice(), &[2, 9]);
        assert!(matches!(labels, Labels::Few(..)));
        labels.remove(2);
        labels.remove(9);
        assert!(labels.as_slice().is_empty());
        assert!(std::mem::size_of::<Labels>() <= 24);
    }
}
