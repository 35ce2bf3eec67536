//! Every fixture recorded from a real Prefect server (`make fixtures`) decodes into its Rust
//! type, and encoding it again keeps every field Prefect sent.

mod common {
    pub mod decoders;
}

use common::decoders::{decode_encode, differences, TYPES};
use std::path::PathBuf;

fn fixture_dirs() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/fixtures exists (record it with `make fixtures`)")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("manifest.json").is_file())
        .collect();
    dirs.sort();
    assert!(
        !dirs.is_empty(),
        "no fixture set with a manifest.json under {}",
        root.display()
    );
    dirs
}

#[test]
fn every_fixture_decodes_and_round_trips_every_field() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for dir in fixture_dirs() {
        let manifest: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join("manifest.json")).expect("read manifest"),
        )
        .expect("manifest is JSON");
        let version = manifest["prefect_version"].as_str().unwrap_or("?");
        assert!(
            dir.ends_with(format!("prefect-{version}")),
            "{} records {version}",
            dir.display()
        );
        let fixtures = manifest["fixtures"].as_object().expect("fixtures map");
        for (name, entry) in fixtures {
            let type_name = entry["type"].as_str().expect("type");
            let text =
                std::fs::read_to_string(dir.join(format!("{name}.json"))).expect("fixture file");
            let original: serde_json::Value = serde_json::from_str(&text).expect("fixture is JSON");
            match decode_encode(type_name, &text) {
                Ok(encoded) => {
                    for difference in differences(&original, &encoded, name) {
                        failures.push(format!("{version} {difference}"));
                    }
                }
                Err(e) => failures.push(format!("{version} {name} as {type_name}: {e}")),
            }
            checked += 1;
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        checked >= 40,
        "only {checked} fixtures: the capture is incomplete"
    );
}

#[test]
fn the_manifest_names_only_known_types() {
    for dir in fixture_dirs() {
        let manifest: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join("manifest.json")).expect("read"),
        )
        .expect("json");
        for (name, entry) in manifest["fixtures"].as_object().expect("map") {
            let type_name = entry["type"].as_str().unwrap_or_default();
            assert!(
                TYPES.contains(&type_name),
                "{name}: unknown type {type_name}"
            );
        }
    }
}

#[test]
fn the_comparison_catches_a_dropped_field() {
    let original = serde_json::json!({"a": 1, "b": {"c": "2026-01-01T00:00:00Z"}});
    let same = serde_json::json!({"a": 1.0, "b": {"c": "2026-01-01T00:00:00.000000Z", "d": null}});
    assert!(differences(&original, &same, "x").is_empty());
    let dropped = serde_json::json!({"a": 1, "b": {}});
    assert_eq!(
        differences(&original, &dropped, "x"),
        vec!["x.b.c: dropped".to_string()]
    );
}
