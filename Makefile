# prefect-dashboard: every command sets up its own tools first (scripts/setup.sh).
SHELL := /bin/bash
export PATH := $(CURDIR)/.tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: setup run dist test bench bench-live bench-scale bench-browser bench-hostile build lint fmt clean fixtures screenshots side-by-side

setup:
	@scripts/setup.sh

## make run: local Prefect with demo data (or PREFECT_API_URL=...), dashboard on a printed URL
run: setup
	@scripts/run.sh

## make dist: the release as prefect-dashboard-<version>.tar.gz for a machine without Rust:
## dist/ (precompressed), the nginx config templates, render-nginx.sh and an INSTALL
dist: setup
	scripts/release-build.sh
	scripts/make-dist.sh

## make test: fmt, clippy (host + wasm32), native tests, browser tests, end-to-end tests
test: setup
	@scripts/test.sh

## make bench: release bundle sizes (raw and gzip) against the budget
bench: setup
	@scripts/bench.sh

## make bench-live: state-change-to-screen latency, this dashboard against Prefect's own UI
bench-live: setup
	scripts/release-build.sh
	cargo test --features bench --test bench -- --nocapture --skip cold_loads --skip hostile --skip across_replicas

## make bench-scale: the same latency on Prefect's scale setup (PostgreSQL, Redis messaging,
## two API replicas behind the shipped nginx, the services apart), 20 changes per page
## alternating replicas, against Prefect's own UI (e2e `replicas::` checks what must hold);
## then the storm: 20 changes a second for a minute on a live runs list, its requests against
## Prefect's UI's and its rows 10 s after
bench-scale: setup
	scripts/release-build.sh
	cargo test --features bench --test bench -- --nocapture --test-threads=1 across_replicas

## make bench-hostile: what one small hostile record (a repeated RRULE, a sparse table, a
## recursive schema, a 4 MB log line, a 200,000-line log) costs the code that shows it
bench-hostile: setup
	cargo test --release --features bench --test bench -- --nocapture --exact hostile::hostile_records

## make bench-browser: cold loads of every page against Prefect's React and Vue UIs on one
## PostgreSQL-backed server at the demo data, 10,000 and 100,000 flow runs (BENCH_SIZES,
## BENCH_LOADS); prints a table and writes target/bench/browser.json
bench-browser: setup
	@scripts/bench-setup.sh
	scripts/release-build.sh
	cargo test --features bench --test bench -- --nocapture --exact cold_loads

## make fixtures: re-record tests/fixtures from a real, seeded Prefect server
fixtures: setup
	cargo test --features capture --test capture -- --nocapture

## make screenshots: every page in both themes (and the main ones at a phone's width) on a
## seeded local server, into docs/screenshots/
screenshots: setup
	scripts/release-build.sh
	cargo test --features capture --test screenshots -- --nocapture --exact screenshots_of_every_page_in_both_themes

## make side-by-side: this dashboard's main pages and Prefect's React UI's on one seeded
## server at 1440 x 900, in pairs, into target/side-by-side/ (for a blind review)
side-by-side: setup
	scripts/release-build.sh
	cargo test --features capture --test screenshots -- --nocapture --exact side_by_side

build: setup
	scripts/release-build.sh

lint:
	cargo fmt --check
	scripts/check-format.sh
	python3 scripts/check-module-cycles.py
	python3 scripts/check-one-door.py
	cargo clippy --all-targets --features e2e,bench -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib --bins --tests -- -D warnings

fmt:
	leptosfmt --quiet src
	cargo fmt
	leptosfmt --quiet src
	cargo fmt

clean:
	cargo clean
	rm -rf dist .data
