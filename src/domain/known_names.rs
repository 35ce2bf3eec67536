//! Names already looked up. Prefect cannot rename a flow or a deployment (`FlowUpdate` and
//! `DeploymentUpdate` have no name), so a name found for an id stays true: a refresh asks
//! only for ids not seen before. Bounded: the last `capacity` ids looked up.

use std::collections::{HashMap, VecDeque};
use uuid::Uuid;

#[derive(Clone, Debug)]
pub struct KnownNames {
    names: HashMap<Uuid, String>,
    order: VecDeque<Uuid>,
    capacity: usize,
}

impl KnownNames {
    pub fn new(capacity: usize) -> Self {
        KnownNames {
            names: HashMap::new(),
            order: VecDeque::new(),
            capacity: capacity.max(1),
        }
    }

    /// The names of `ids` already known, and the ids still to ask for.
    pub fn split(&self, ids: &[Uuid]) -> (HashMap<Uuid, String>, Vec<Uuid>) {
        let mut known = HashMap::new();
        let mut unknown = Vec::new();
        for id in ids {
            match self.names.get(id) {
                Some(name) => {
                    known.insert(*id, name.clone());
                }
                None => unknown.push(*id),
            }
        }
        (known, unknown)
    }

    /// Keeps the names an answer found.
    pub fn learn(&mut self, found: &HashMap<Uuid, String>) {
        for (id, name) in found {
            if self.names.insert(*id, name.clone()).is_none() {
                self.order.push_back(*id);
            }
        }
        while self.order.len() > self.capacity {
            if let Some(old) = self.order.pop_front() {
                self.names.remove(&old);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    #[test]
    fn only_ids_not_seen_before_are_asked_for() {
        let mut names = KnownNames::new(10);
        let (known, unknown) = names.split(&[id(1), id(2)]);
        assert!(known.is_empty());
        assert_eq!(unknown, vec![id(1), id(2)]);
        names.learn(&[(id(1), "etl".to_string())].into());
        let (known, unknown) = names.split(&[id(1), id(2)]);
        assert_eq!(known.get(&id(1)).map(String::as_str), Some("etl"));
        // Not found last time (deleted, or not answered): asked again.
        assert_eq!(unknown, vec![id(2)]);
    }

    #[test]
    fn memory_holds_the_last_names_only() {
        let mut names = KnownNames::new(3);
        for n in 0..100 {
            names.learn(&[(id(n), format!("n{n}"))].into());
        }
        assert_eq!(names.names.len(), 3);
        assert_eq!(names.order.len(), 3);
        let (known, unknown) = names.split(&[id(99), id(96)]);
        assert_eq!(known.len(), 1);
        assert_eq!(unknown, vec![id(96)]);
    }
}
