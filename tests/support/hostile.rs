//! Small records any flow or API user can write that once froze the tab showing them: the
//! end-to-end test puts them on a real server, the benchmark times the code that shows them.

use serde_json::{json, Map, Value};

/// An RRULE of about 6,000 characters (Prefect takes up to 6,500) whose BY* lists repeat
/// their values: listed naively, 1020 x 1000 x 960 times; there are twelve distinct ones.
pub fn repeated_rrule() -> String {
    let repeated = |values: &str, n: usize| vec![values; n].join(",");
    format!(
        "FREQ=DAILY;BYHOUR={};BYMINUTE={};BYSECOND={}",
        repeated("1,2,3", 340),
        repeated("3,4", 500),
        repeated("5,6", 480)
    )
}

/// A parameter schema whose one field is a model that refers to itself eight times (a
/// recursive pydantic model): 8^6 fields expanded to the depth cap.
pub fn recursive_schema() -> Value {
    let props: Map<String, Value> = (0..8)
        .map(|i| (format!("child{i}"), json!({"$ref": "#/definitions/Node"})))
        .collect();
    json!({
        "type": "object",
        "properties": {"tree": {"$ref": "#/definitions/Node"}},
        "definitions": {"Node": {"type": "object", "properties": props}},
    })
}

/// A table artifact's data of `n` rows, each with a key of its own (n x n cells built
/// naively), as Prefect stores it: a JSON string.
pub fn sparse_table(n: usize) -> String {
    let rows: Vec<Value> = (0..n).map(|i| json!({format!("k{i}"): i})).collect();
    Value::Array(rows).to_string()
}
