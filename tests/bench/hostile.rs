//! `make bench-hostile`: what one small hostile record costs the code that shows it, each at
//! its worst, in a release build of the dashboard's own logic (natively; the browser runs
//! the same code as wasm). Each line names the record, its size, what the old code would
//! have built, and the time now. Prefect's UI has no counterpart to measure these against
//! (it renders RRULEs and tables differently), so this prints the dashboard's own numbers.

use crate::support::hostile::{recursive_schema, repeated_rrule, sparse_table};
use prefect_dashboard::domain::artifact::body;
use prefect_dashboard::domain::log_book::LogBook;
use prefect_dashboard::domain::log_search::{folded, highlight};
use prefect_dashboard::domain::parameter_form::fields;
use prefect_dashboard::domain::rrule::describe;
use prefect_dashboard::schemas::{Artifact, Log};
use serde_json::{json, Value};
use std::time::Instant;

/// The best of five runs of `work`, in milliseconds.
fn best_ms(mut work: impl FnMut()) -> f64 {
    (0..5)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed().as_secs_f64() * 1000.0
        })
        .fold(f64::INFINITY, f64::min)
}

fn line(record: &str, size: String, naive: &str, ms: f64) {
    println!("{record:<38} {size:>14} {naive:>30} {ms:>10.2} ms");
}

#[test]
fn hostile_records() {
    println!(
        "\n{:<38} {:>14} {:>30} {:>13}",
        "record", "size", "the old code built", "now"
    );
    // An RRULE of repeated BY* values, 6,000 characters.
    let rule = repeated_rrule();
    let ms = best_ms(|| {
        std::hint::black_box(describe(&rule));
    });
    line(
        "RRULE, repeated BY* values",
        format!("{} chars", rule.len()),
        "1020 x 1000 x 960 strings",
        ms,
    );

    // A table artifact of 20,000 rows, each with a key of its own.
    let text = sparse_table(20_000);
    let artifact: Artifact =
        serde_json::from_value(json!({"type": "table", "data": text})).expect("artifact");
    let ms = best_ms(|| {
        std::hint::black_box(body(&artifact));
    });
    line(
        "table, every row its own key",
        format!("{} KB", text.len() / 1000),
        "20000 x 20000 cells",
        ms,
    );

    // A parameter schema whose model refers to itself eight times.
    let Value::Object(schema) = recursive_schema() else {
        panic!("a schema object")
    };
    let ms = best_ms(|| {
        let _ = std::hint::black_box(fields(&schema));
    });
    line(
        "schema, a recursive model",
        format!("{} chars", Value::Object(schema.clone()).to_string().len()),
        "8^6 = 262144 fields",
        ms,
    );

    // A log line of 4 MB searched for 100 terms that each fail on their last character.
    let message = "ab".repeat(2_000_000);
    let terms: Vec<String> = (0..100)
        .map(|i| format!("{}x{i}", "ab".repeat(50)))
        .collect();
    let ms = best_ms(|| {
        let (shown, _) = folded(&message, false);
        std::hint::black_box(highlight(shown, &terms));
    });
    line(
        "log line, folded, 100 terms",
        "4 MB".into(),
        "4M x 100 x 100 compares",
        ms,
    );
    let ms = best_ms(|| {
        std::hint::black_box(highlight(&message, &terms));
    });
    line(
        "log line, unfolded, 100 terms",
        "4 MB".into(),
        "4M x 100 x 100 compares",
        ms,
    );

    // A log of 200,000 lines read whole for a search: the book stops at its cap.
    let page: Vec<Log> = (0..200_000u128)
        .map(|i| {
            serde_json::from_value(json!({
                "id": uuid::Uuid::from_u128(i), "name": "n", "level": 20, "message": "m",
                "timestamp": "2026-12-01T10:00:00Z",
            }))
            .expect("log")
        })
        .collect();
    let ms = best_ms(|| {
        let mut book = LogBook::default();
        book.take(page.clone());
        std::hint::black_box(book.lines().len());
    });
    line(
        "whole log, 200,000 lines",
        "200000 lines".into(),
        "every line, every 5 s",
        ms,
    );
}
