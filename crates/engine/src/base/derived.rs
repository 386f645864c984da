//! Derived data kept beside the state: indices computed from the state on first use, so that
//! agents and loans with nothing to do in a block cost nothing (BENCHMARKS.md, mainnet scale).
//!
//! A [`Derived`] value is never serialised (`#[serde(skip)]` on the field), so the state hash
//! does not see it, and it compares equal whatever it holds: two worlds with the same state are
//! equal whether or not an index was built. Whoever changes the data an index is derived from
//! clears it ([`Derived::clear`]); it is rebuilt on the next use.

use std::sync::OnceLock;

/// A lazily built index of type `T`.
#[derive(Clone)]
pub struct Derived<T>(OnceLock<T>);

impl<T> Default for Derived<T> {
    fn default() -> Self {
        Derived(OnceLock::new())
    }
}

impl<T> Derived<T> {
    /// The index, built by `build` if it is not there yet.
    pub fn get_or_init(&self, build: impl FnOnce() -> T) -> &T {
        self.0.get_or_init(build)
    }

    /// The index, if it was built.
    pub fn get(&self) -> Option<&T> {
        self.0.get()
    }

    /// Drops the index (its source changed); the next use rebuilds it.
    pub fn clear(&mut self) {
        self.0 = OnceLock::new();
    }
}

impl<T> PartialEq for Derived<T> {
    /// Always true: derived data is not part of the state.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<T> std::fmt::Debug for Derived<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.get().is_some() {
            "Derived(built)"
        } else {
            "Derived(empty)"
        })
    }
}
