//! Property tests (proptest, which shrinks a failure to a small input and prints it):
//! arbitrary JSON, and real fixtures with random damage, never panic a decoder; they decode
//! or return an error. Native only (proptest is a native dev-dependency).
#![cfg(not(target_arch = "wasm32"))]

mod common {
    pub mod decoders;
}

use common::decoders::{decode_encode, TYPES};
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Map, Value};
use std::cell::Cell;
use std::path::PathBuf;

const WORDS: &[&str] = &[
    "",
    "id",
    "type",
    "name",
    "state",
    "COMPLETED",
    "Late",
    "2026-01-01T00:00:00Z",
    "2026-13-45",
    "00000000-0000-0000-0000-000000000000",
    "not-a-uuid",
    "flow-run",
    "task_run",
    "input_type",
    "storage_key",
    "interval",
    "cron",
    "rrule",
    "\u{0}",
    "é",
    "9999999999999999999999",
];

/// Any JSON value up to four levels deep, over words the schemas use (and some they hate).
fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e300f64..1e300).prop_map(Value::from),
        prop::sample::select(WORDS).prop_map(|w| Value::String(w.to_string())),
    ];
    leaf.prop_recursive(4, 64, 5, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Value::Array),
            btree_map(prop::sample::select(WORDS), inner, 0..5).prop_map(|m| {
                Value::Object(
                    m.into_iter()
                        .map(|(k, v)| (k.to_string(), v))
                        .collect::<Map<_, _>>(),
                )
            }),
        ]
    })
}

/// What one piece of damage does where it lands.
#[derive(Clone, Debug)]
enum Damage {
    Remove,
    Replace(Value),
}

/// Follows `path` (each step picks a child by index, modulo their number) as deep as it
/// goes, then removes or replaces what it reached.
fn damage(value: &mut Value, path: &[usize], what: &Damage) {
    let (step, rest) = match path.split_first() {
        Some((step, rest)) => (*step, rest),
        None => (0, &[][..]),
    };
    match value {
        Value::Object(object) if !object.is_empty() => {
            let key = object
                .keys()
                .nth(step % object.len())
                .cloned()
                .unwrap_or_default();
            if rest.is_empty() {
                match what {
                    Damage::Remove => {
                        object.remove(&key);
                    }
                    Damage::Replace(new) => {
                        object.insert(key, new.clone());
                    }
                }
            } else if let Some(inner) = object.get_mut(&key) {
                damage(inner, rest, what);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            let i = step % items.len();
            damage(&mut items[i], rest, what);
        }
        other => {
            if let Damage::Replace(new) = what {
                *other = new.clone();
            }
        }
    }
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        // Nothing is written into the tree; a failure prints its shrunk input.
        failure_persistence: None,
        ..Config::default()
    })
}

#[test]
fn arbitrary_json_never_panics_a_decoder() {
    runner(400)
        .run(&json(), |value| {
            let text = value.to_string();
            for type_name in TYPES {
                let _ = decode_encode(type_name, &text);
            }
            Ok(())
        })
        .unwrap_or_else(|failure| panic!("{failure}"));
    for garbage in [
        "",
        "{",
        "[",
        "nul",
        "\"",
        "{\"id\":",
        "[1,2",
        "\u{feff}{}",
        "1e99999",
    ] {
        for type_name in TYPES {
            let _ = decode_encode(type_name, garbage);
        }
    }
}

/// Every recorded fixture: its decoder's type name and its text.
fn fixtures() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/prefect-3.8.8");
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("manifest.json")).expect("fixture manifest"),
    )
    .expect("manifest JSON");
    manifest["fixtures"]
        .as_object()
        .expect("map")
        .iter()
        .map(|(name, entry)| {
            let type_name = entry["type"].as_str().expect("type").to_string();
            let text = std::fs::read_to_string(dir.join(format!("{name}.json"))).expect("fixture");
            (type_name, text)
        })
        .collect()
}

#[test]
fn damaged_fixtures_never_panic_their_decoder() {
    let fixtures = fixtures();
    let damage_strategy = prop_oneof![Just(Damage::Remove), json().prop_map(Damage::Replace),];
    let rejected = Cell::new(0u32);
    let strategy = (
        0..fixtures.len(),
        vec((vec(any::<usize>(), 0..6), damage_strategy), 1..4),
        any::<usize>(),
    );
    runner(1500)
        .run(&strategy, |(which, damages, cut)| {
            let (type_name, text) = &fixtures[which];
            let mut damaged: Value = serde_json::from_str(text).expect("json");
            for (path, what) in &damages {
                damage(&mut damaged, path, what);
            }
            if decode_encode(type_name, &damaged.to_string()).is_err() {
                rejected.set(rejected.get() + 1);
            }
            let _ = decode_encode(
                type_name,
                text.get(..cut % text.len().max(1)).unwrap_or_default(),
            );
            Ok(())
        })
        .unwrap_or_else(|failure| panic!("{failure}"));
    assert!(
        rejected.get() > 0,
        "no damaged input was rejected: the damage is not reaching the decoders"
    );
}
