# jianfu: the two quick-start commands are `make run` and `make test`.
# Each installs what is missing (scripts/setup), builds, then runs.

JOBS   ?= $(shell nproc)
JIANFU := build/release/apps/jianfu/jianfu
SHARED ?= ../shared

.PHONY: all setup build run test asan eval bench bench-registry bench-server format tidy clean

all: build

setup:
	@scripts/setup

build: setup
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

# Checks the example 公文 in examples/ (exit status 1, findings, is the
# expected outcome for these drafts), then serves the API on a demo database
# (scripts/run-demo: a province's generated year in var/demo.db, made once,
# with a demo account for each role) on 127.0.0.1:8080 until Ctrl-C.
run: build
	@$(JIANFU) check examples/ || [ $$? -eq 1 ]
	@echo
	@scripts/run-demo

# The suite on SQLite, then every test that opens a store (ctest label
# "store") again on a throwaway PostgreSQL 15 cluster (scripts/with-postgres);
# JIANFU_REQUIRE_PG=1 makes a PostgreSQL test without a server fail, never skip.
test: build
	@ctest --preset release
	@scripts/with-postgres env JIANFU_REQUIRE_PG=1 ctest --preset release -L store

# Tests under AddressSanitizer and UndefinedBehaviorSanitizer; then the store
# tests' PostgreSQL cases (the libpq wrapper) and the server tests on
# PostgreSQL under them too.
asan: setup
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)
	@ctest --preset asan
	@scripts/with-postgres env JIANFU_REQUIRE_PG=1 ctest --preset asan -R 'postgres|PostgresOnly|OpenStore|ServerTest|AuthTest|TwoServers'

# Precision and recall of the burden checker against the labelled sentences.
eval: build
	@if [ -f $(SHARED)/eval/dev.jsonl ]; then \
	  $(JIANFU) eval $(SHARED)/eval/dev.jsonl; \
	else echo "eval: $(SHARED)/eval/dev.jsonl 不存在，跳过"; fi

bench: setup
	@JIANFU_SETUP_BENCH=1 scripts/setup
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)
	@bench/run.sh

# The registry figures (docs/PERFORMANCE.md, "Registry"): generates a
# national demo year (about 9 GB in $$TMPDIR, a quarter of an hour) unless
# DB=FILE names one.
bench-registry: setup
	@JIANFU_SETUP_BENCH=1 scripts/setup
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)
	@bench/registry.sh $(DB)

# The server figures (docs/PERFORMANCE.md, "Server"): wrk on loopback against
# jianfu serve on a province's demo year (generated once in $$TMPDIR, 1–2
# minutes), with nginx serving a static file of a verify response's size as
# the ceiling; about 7 minutes. ARGS go to bench/server/run.sh, e.g.
# ARGS='--runs 1 --duration 5' or ARGS='--db postgresql://…'.
bench-server: setup
	@JIANFU_SETUP_BENCH=1 scripts/setup
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS) --target jianfu
	@bench/server/run.sh $(ARGS)

format:
	@git ls-files '*.cpp' '*.h' | xargs clang-format -i

tidy: build
	@git ls-files 'src/*.cpp' 'apps/*.cpp' | grep -v _test.cpp | \
	  xargs clang-tidy -p build/release --quiet --extra-arg=-Wno-unknown-warning-option

clean:
	@rm -rf build
