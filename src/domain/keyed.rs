//! Keys for lists that update in place: a row's id plus a fingerprint of what it shows, so
//! a keyed list (`<For>`) renders again exactly the rows whose data changed.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

/// A row's value with its key: `(id, fingerprint of the value)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Keyed<T> {
    pub key: (String, u64),
    pub value: T,
}

impl<T: Hash> Keyed<T> {
    /// Keys `value` (a row model: only what its row shows) by `id` and its hash.
    pub fn new(id: impl Into<String>, value: T) -> Keyed<T> {
        let mut hasher = DefaultHasher::new();
        value.hash(&mut hasher);
        Keyed {
            key: (id.into(), hasher.finish()),
            value,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_changes_with_the_content_only() {
        let a = Keyed::new("1", ("Running", 3));
        assert_eq!(a.key, Keyed::new("1", ("Running", 3)).key);
        assert_ne!(a.key, Keyed::new("1", ("Completed", 3)).key);
        assert_ne!(a.key, Keyed::new("2", ("Running", 3)).key);
    }
}
