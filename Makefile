# Laowu. `make run` and `make test` are all a new developer needs; both install what is missing.
.PHONY: run test bench-import bench-search bench-dashboard bench-tti bench-cluster setup setup-test bundle build-release build-debug unit browser-test check fmt clippy clean-data

export CARGO_TERM_COLOR ?= never

run: setup bundle build-release
	@mkdir -p data
	LAOWU_DEMO_DATA=$${LAOWU_DEMO_DATA:-true} ./target/release/laowu serve

test: setup-test bundle build-debug
	scripts/check-bundle-size.sh
	cargo test --workspace --no-fail-fast
	node --test tests/browser/

# Benchmarks measure; they are not tests. Figures go in the issue notes.
bench-import: setup build-release
	scripts/bench-import.sh

# BENCH_SEARCH_ARGS="--workers 1000000" for the million; "--backend sqlite" for one backend.
bench-search: setup build-release
	cargo bench -p laowu-tests --bench search -- $(BENCH_SEARCH_ARGS)

# BENCH_DASHBOARD_ARGS="--households 20000 --workers 100000" for a small city; "--backend sqlite" for one backend.
bench-dashboard: setup build-release
	cargo bench -p laowu-tests --bench dashboard -- $(BENCH_DASHBOARD_ARGS)

# Search through HAProxy in front of 1, 2 and 3 nodes on one PostgreSQL database, 16 clients.
# BENCH_CLUSTER_ARGS="--workers 100000 --seconds 30" for more.
bench-cluster: setup-test build-release
	LAOWU_BIN=$(CURDIR)/target/release/laowu cargo bench -p laowu-tests --bench cluster -- $(BENCH_CLUSTER_ARGS)

# Time to interactive of the search page at a throttled phone profile, in headless Chromium.
bench-tti: setup-test bundle build-release
	LAOWU_BIN=target/release/laowu node tests/browser/bench-tti.mjs

setup:
	@scripts/setup.sh

setup-test:
	@scripts/setup.sh test

bundle:
	@scripts/build-bundle.sh

build-release:
	cargo build --release -p server --bin laowu

# The integration and browser tests start this binary.
build-debug:
	cargo build -p server --bin laowu

check: fmt clippy

fmt:
	cargo fmt --all -- --check

# The second run lints the browser side (islands, forms posted in place) as the bundle builds it.
clippy:
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p app --lib --target wasm32-unknown-unknown --no-default-features --features hydrate --target-dir target/front -- -D warnings

clean-data:
	rm -rf data
