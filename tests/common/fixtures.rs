//! Reads a recorded fixture.

pub fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/prefect-3.8.8/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}
