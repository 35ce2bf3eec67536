//! Property test: arbitrary JSON, and real fixtures with random damage, never panic a
//! decoder; they decode or return an error. Deterministic (a fixed-seed xorshift), so a
//! failure reproduces; the failing input is printed.

mod common {
    pub mod decoders;
}

use common::decoders::{decode_encode, TYPES};
use serde_json::{json, Map, Value};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

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

fn arbitrary(rng: &mut Rng, depth: u32) -> Value {
    match rng.below(if depth == 0 { 5 } else { 7 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 => json!((rng.next() as i64) >> rng.below(64)),
        3 => json!(f64::from_bits(rng.next()).clamp(-1e300, 1e300)).clone(),
        4 => Value::String(WORDS[rng.below(WORDS.len())].to_string()),
        5 => Value::Array(
            (0..rng.below(4))
                .map(|_| arbitrary(rng, depth - 1))
                .collect(),
        ),
        _ => {
            let mut object = Map::new();
            for _ in 0..rng.below(5) {
                object.insert(
                    WORDS[rng.below(WORDS.len())].to_string(),
                    arbitrary(rng, depth - 1),
                );
            }
            Value::Object(object)
        }
    }
}

/// Replaces, removes or retypes one value somewhere in `value`.
fn damage(rng: &mut Rng, value: &mut Value) {
    match value {
        Value::Object(object) if !object.is_empty() => {
            let keys: Vec<String> = object.keys().cloned().collect();
            let key = &keys[rng.below(keys.len())];
            match rng.below(3) {
                0 => {
                    object.remove(key);
                }
                1 => {
                    object.insert(key.clone(), arbitrary(rng, 2));
                }
                _ => {
                    if let Some(inner) = object.get_mut(key) {
                        damage(rng, inner);
                    }
                }
            }
        }
        Value::Array(items) if !items.is_empty() => {
            let i = rng.below(items.len());
            damage(rng, &mut items[i]);
        }
        other => *other = arbitrary(rng, 2),
    }
}

fn must_not_panic(type_name: &str, text: &str) {
    let result = catch_unwind(AssertUnwindSafe(|| decode_encode(type_name, text)));
    assert!(result.is_ok(), "decoder {type_name} panicked on: {text}");
}

#[test]
fn arbitrary_json_never_panics_a_decoder() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..400 {
        let text = arbitrary(&mut rng, 4).to_string();
        for type_name in TYPES {
            must_not_panic(type_name, &text);
        }
    }
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
            must_not_panic(type_name, garbage);
        }
    }
}

#[test]
fn damaged_fixtures_never_panic_their_decoder() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/prefect-3.8.8");
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("manifest.json")).expect("fixture manifest"),
    )
    .expect("manifest JSON");
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    let mut rejected = 0;
    for (name, entry) in manifest["fixtures"].as_object().expect("map") {
        let type_name = entry["type"].as_str().expect("type");
        let text = std::fs::read_to_string(dir.join(format!("{name}.json"))).expect("fixture");
        let original: Value = serde_json::from_str(&text).expect("json");
        for _ in 0..40 {
            let mut damaged = original.clone();
            for _ in 0..=rng.below(3) {
                damage(&mut rng, &mut damaged);
            }
            let damaged = damaged.to_string();
            must_not_panic(type_name, &damaged);
            if decode_encode(type_name, &damaged).is_err() {
                rejected += 1;
            }
            let cut = rng.below(text.len().max(1));
            must_not_panic(type_name, text.get(..cut).unwrap_or_default());
        }
    }
    assert!(
        rejected > 0,
        "no damaged input was rejected: the damage is not reaching the decoders"
    );
}
