//! Interned names: labels, relationship types and property keys are stored
//! once and referred to by a small symbol.

use std::sync::Arc;

use rustc_hash::FxHashMap;

/// An interned name.
pub type Symbol = u32;

#[derive(Default, Clone)]
pub struct Interner {
    names: Vec<Arc<str>>,
    // Looked up on every property access: a fast hash pays off.
    symbols: FxHashMap<Arc<str>, Symbol>,
}

impl Interner {
    /// The symbol of `name`, interning it if it is new.
    pub fn intern(&mut self, name: &str) -> Symbol {
        if let Some(s) = self.symbols.get(name) {
            return *s;
        }
        let symbol = self.names.len() as Symbol;
        let name: Arc<str> = Arc::from(name);
        self.names.push(name.clone());
        self.symbols.insert(name, symbol);
        symbol
    }

    /// The symbol of `name` if it has ever been interned.
    pub fn get(&self, name: &str) -> Option<Symbol> {
        self.symbols.get(name).copied()
    }

    /// The name of a symbol this interner handed out.
    pub fn name(&self, symbol: Symbol) -> Arc<str> {
        self.names.get(symbol as usize).cloned().unwrap_or_else(|| Arc::from(""))
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Every name, in the order first interned.
    pub fn names(&self) -> impl Iterator<Item = (Symbol, &Arc<str>)> {
        self.names.iter().enumerate().map(|(i, n)| (i as Symbol, n))
    }
}
