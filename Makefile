# newskg — build, run and test.  `make run` and `make check` do everything on
# a fresh Debian 12 machine (as root they install missing packages first).
CC      ?= cc
PKGS    := redland raptor2 rasqal libxml-2.0 icu-uc
CFLAGS  ?= -O2 -g
WARN    := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wshadow -Wstrict-prototypes
BUILD   ?= build
BIN     ?= newskg
DEPCFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
DEPLIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -pthread
SAN     := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

SRC   := $(filter-out src/main.c,$(wildcard src/*.c))
OBJ   := $(SRC:src/%.c=$(BUILD)/%.o)
TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))

.PHONY: all deps deps-check run check unit e2e asan valgrind clean format lint bench

all: deps-check $(BIN)

# Names the missing Debian package instead of a wall of compiler errors.
deps-check:
	@scripts/check-deps.sh

$(BIN): $(BUILD)/main.o $(OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(DEPLIBS)

$(BUILD)/%.o: src/%.c $(wildcard src/*.h)
	@mkdir -p $(BUILD)
	$(CC) $(WARN) $(CFLAGS) $(DEPCFLAGS) -c -o $@ $<

deps:
	@scripts/install-deps.sh

run: deps
	$(MAKE) all
	@mkdir -p out
	./newskg build -f turtle -o out/graph.ttl corpus/
	./newskg build -f ntriples -o out/graph.nt corpus/
	@echo "wrote out/graph.ttl and out/graph.nt"

$(BUILD)/tests/%: tests/unit/%.c $(OBJ) tests/unit/testutil.h
	@mkdir -p $(BUILD)/tests
	$(CC) $(WARN) $(CFLAGS) $(DEPCFLAGS) -Isrc -o $@ $< $(OBJ) $(DEPLIBS) $$(pkg-config --libs cmocka)

unit: $(TESTS)
	@set -e; for t in $(TESTS); do NEWSKG_ONTOLOGY=$(CURDIR)/ontology $$t; done

e2e: $(BIN)
	@NEWSKG=$(CURDIR)/$(BIN) tests/e2e/run.sh

check: deps
	$(MAKE) all
	$(MAKE) unit
	$(MAKE) e2e
	$(MAKE) store-test
	$(MAKE) queries
	$(MAKE) server-test
	$(MAKE) slurm
	$(MAKE) hostile
	$(MAKE) fuzz FUZZ_SECONDS=60
	$(MAKE) asan
	$(MAKE) valgrind

# Unit tests and the end-to-end suite again, built with AddressSanitizer
# and UndefinedBehaviorSanitizer in their own tree.
# tests/asan.supp: a read past a key inside librdf's hash iterator;
# tests/lsan.supp: URIs Redland's start-up interns and never frees.
ASAN_ENV := ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0:suppressions=$(CURDIR)/tests/asan.supp \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp
asan:
	$(ASAN_ENV) $(MAKE) BUILD=build-asan BIN=build-asan/newskg CFLAGS="$(SAN)" build-asan/newskg unit
	NEWSKG=$(CURDIR)/build-asan/newskg $(ASAN_ENV) tests/e2e/run.sh
	NEWSKG=$(CURDIR)/build-asan/newskg NEWSKG_SKIP_COMPETENCY=1 $(ASAN_ENV) tests/store/run.sh

# The benchmark (bench/README.md): generated corpora of 1,000, 10,000 and
# 100,000 articles in every format, against serdi and compromise; prints one
# table.  BENCH_SIZES="1000 10000" for a shorter run.  Not part of check.
bench: deps
	$(MAKE) all
	@bench/setup.sh
	@NEWSKG=$(CURDIR)/$(BIN) bench/run.sh

valgrind: $(BIN)
	@NEWSKG=$(CURDIR)/$(BIN) tests/valgrind.sh

clean:
	rm -rf build build-asan newskg out

format:
	clang-format -i src/*.c src/*.h tests/unit/*.c tests/unit/*.h

lint:
	cppcheck --quiet --enable=warning,performance,portability --error-exitcode=1 --inline-suppr \
	    --suppress=missingIncludeSystem $(DEPCFLAGS) src

# Hostile inputs and faults: binary, broken and huge files, invalid UTF-8,
# hostile HTML and file names, signals, a full disk, out of memory; every
# output parsed by two parsers in every format (tests/hostile/run.sh).
.PHONY: hostile fuzz clean-fuzz
hostile: $(BIN)
	@NEWSKG=$(CURDIR)/$(BIN) tests/hostile/run.sh

# libFuzzer target (clang, ASan+UBSan) built into build-fuzz/, run for
# FUZZ_SECONDS over tests/fuzz/corpus, then every input in
# tests/fuzz/regressions replayed (tests/fuzz/README.md).
FUZZ_SECONDS ?= 60
fuzz:
	@FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh

clean: clean-fuzz
clean-fuzz:
	rm -rf build-fuzz

# Slurm: a real single-node Slurm (munged, slurmctld, slurmd) started in
# namespaces of its own, scripts/slurm/submit.sh run on it as job arrays, the
# merged graph compared byte for byte with a single build, the cluster
# stopped (tests/slurm/run.sh; needs root, installs slurm-wlm and munge).
.PHONY: slurm
slurm: $(BIN)
	@NEWSKG=$(CURDIR)/$(BIN) tests/slurm/run.sh

# Competency questions (tests/queries/README.md): every question answered on
# the corpus graph by the embedded engine and compared with expected/;
# server-test answers them again on a throw-away Virtuoso (installed when
# missing, 127.0.0.1 only) from the N-Quads and requires identical answers.
.PHONY: queries queries-update server-test
queries: $(BIN)
	@NEWSKG=$(CURDIR)/$(BIN) tests/queries/run.sh
queries-update: $(BIN)
	@NEWSKG=$(CURDIR)/$(BIN) tests/queries/run.sh --update
server-test: $(BIN)
	@scripts/virtuoso.sh install
	@NEWSKG=$(CURDIR)/$(BIN) tests/queries/server.sh

# The store, query and cite end to end: incremental adds equal a build,
# re-adding changes nothing, replacing an article changes only its facts,
# interrupted and killed adds, query formats and refusals, citations, and
# the competency questions answered identically on the file and the store
# (tests/store/run.sh).
.PHONY: store-test
store-test: $(BIN)
	@NEWSKG=$(CURDIR)/$(BIN) tests/store/run.sh
