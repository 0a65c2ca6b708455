# jianfu: the two quick-start commands are `make run` and `make test`.
# Each installs what is missing (scripts/setup), builds, then runs.

JOBS   ?= $(shell nproc)
JIANFU := build/release/apps/jianfu/jianfu
SHARED ?= ../shared

.PHONY: all setup build run test asan eval bench format tidy clean

all: build

setup:
	@scripts/setup

build: setup
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

# Checks the example 公文 in examples/ and prints the report. Exit status 1
# (findings) is the expected outcome for these drafts, so it is not an error.
run: build
	@$(JIANFU) check examples/ || [ $$? -eq 1 ]

test: build
	@ctest --preset release

# Tests under AddressSanitizer and UndefinedBehaviorSanitizer.
asan: setup
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)
	@ctest --preset asan

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

format:
	@git ls-files '*.cpp' '*.h' | xargs clang-format -i

tidy: build
	@git ls-files 'src/*.cpp' 'apps/*.cpp' | grep -v _test.cpp | \
	  xargs clang-tidy -p build/release --quiet --extra-arg=-Wno-unknown-warning-option

clean:
	@rm -rf build
