# newskg — build, run and test.  `make run` and `make check` do everything on
# a fresh Debian 12 machine (as root they install missing packages first).
CC      ?= cc
PKGS    := raptor2 libxml-2.0 icu-uc
CFLAGS  ?= -O2 -g
WARN    := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wshadow -Wstrict-prototypes
BUILD   ?= build
BIN     ?= newskg
DEPCFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
DEPLIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
SAN     := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

SRC   := $(filter-out src/main.c,$(wildcard src/*.c))
OBJ   := $(SRC:src/%.c=$(BUILD)/%.o)
TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))

.PHONY: all deps deps-check run check unit e2e asan valgrind clean format lint

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
	$(MAKE) asan
	$(MAKE) valgrind

# Unit tests and the end-to-end suite again, built with AddressSanitizer
# and UndefinedBehaviorSanitizer in their own tree.
asan:
	$(MAKE) BUILD=build-asan BIN=build-asan/newskg CFLAGS="$(SAN)" build-asan/newskg unit
	NEWSKG=$(CURDIR)/build-asan/newskg ASAN_OPTIONS=detect_leaks=1 tests/e2e/run.sh

valgrind: $(BIN)
	@NEWSKG=$(CURDIR)/$(BIN) tests/valgrind.sh

clean:
	rm -rf build build-asan newskg out

format:
	clang-format -i src/*.c src/*.h tests/unit/*.c tests/unit/*.h

lint:
	cppcheck --quiet --enable=warning,performance,portability --error-exitcode=1 --inline-suppr \
	    --suppress=missingIncludeSystem $(DEPCFLAGS) src
