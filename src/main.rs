//! Thin binary: everything lives in the library so it can be tested natively.

fn main() {
    prefect_dashboard::start();
}
