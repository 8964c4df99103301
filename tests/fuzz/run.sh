#!/usr/bin/env bash
# Builds the libFuzzer target tests/fuzz/fuzz_pipeline.c with clang
# (-fsanitize=fuzzer,address,undefined) into build-fuzz/, fuzzes for
# FUZZ_SECONDS (default 60) from the seeds in tests/fuzz/corpus/, then
# replays every input under tests/fuzz/regressions/.  See tests/fuzz/README.md.
#
#   FUZZ_SECONDS=1800 tests/fuzz/run.sh          (from anywhere)
#
# Environment: FUZZ_SECONDS (0: no fuzzing, only build and replay),
# FUZZ_OUT (build folder, default build-fuzz; another one lets a long run go
# on while `make fuzz` rebuilds),
# FUZZ_MAX_LEN (bytes, default 16384), FUZZ_TIMEOUT (seconds one input may
# take, default 60), FUZZ_ARGS (more libFuzzer flags), CLANG (default clang),
# NKFUZZ_FORMATS=nt|all (N-Triples only, or Turtle and RDF/XML for every
# input rather than one in three while fuzzing; seeds and regressions
# always check all three).
#
# Prints one line per step and ends with "N passed, M failed"; exit 1 on a
# finding (a crash, a sanitizer report, a leak, an output a parser rejects,
# an anchorOf that is not its slice, a timeout) or when a regression input
# fails again.  A finding's input is kept in build-fuzz/artifacts/; make it a
# regression (tests/fuzz/README.md says how).
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT" || exit 1
OUT=${FUZZ_OUT:-$ROOT/build-fuzz}
case $OUT in /*) ;; *) OUT=$ROOT/$OUT ;; esac
BIN=$OUT/fuzz_pipeline
CLANG=${CLANG:-clang}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_MAX_LEN=${FUZZ_MAX_LEN:-16384}
FUZZ_TIMEOUT=${FUZZ_TIMEOUT:-60}
export NEWSKG_ONTOLOGY=${NEWSKG_ONTOLOGY:-$ROOT/ontology}
# symbolized reports; UBSan stops at the first error (as -fno-sanitize-recover)
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# Regression inputs that still fail because of an open bug in src/ (not in
# the target): replayed and reported as KNOWN BUG, not counted as failed.
# When one passes, the run says so: delete it here.  File name -> the bug.
declare -A KNOWN_BUGS=(
)

passed=0 failed=0 known=0

ok() { passed=$((passed + 1)); printf 'ok   %s\n' "$1"; }
bad() { failed=$((failed + 1)); printf 'FAIL %s\n' "$1"; }

# the head of a sanitizer or target report, else the tail of the log
show() {
    if grep -Eq '==[0-9]+==ERROR|runtime error:|FINDING|Sanitizer|deadly signal|timeout' "$1"; then
        grep -E -m 2 -A 24 '==[0-9]+==ERROR|runtime error:|FINDING|ERROR: libFuzzer' "$1" | head -n 50
    else
        tail -n 20 "$1"
    fi | sed 's/^/     | /'
}

finish() {
    [ "$known" -eq 0 ] || echo "$known known bug(s) not counted (KNOWN_BUGS in tests/fuzz/run.sh)"
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit $?
}

# ---------------------------------------------------------------- build

mkdir -p "$OUT/obj" "$OUT/corpus" "$OUT/artifacts"
# nothing in build-fuzz/ belongs in git
[ -e "$OUT/.gitignore" ] || echo '*' >"$OUT/.gitignore"

build() {
    local flags deps src obj objs=() rc=0
    command -v "$CLANG" >/dev/null || { echo "$CLANG not found: apt-get install clang libclang-rt-14-dev (scripts/install-deps.sh)"; return 1; }
    deps=$(pkg-config --cflags --libs redland raptor2 rasqal libxml-2.0 icu-uc) || return 1
    flags="-std=c11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all"
    for src in src/*.c; do
        [ "$src" = src/main.c ] && continue
        obj=$OUT/obj/$(basename "$src" .c).o
        # rebuilt when the source or any header is newer than the object
        if [ ! -e "$obj" ] || [ "$src" -nt "$obj" ] || [ -n "$(find src -name '*.h' -newer "$obj" | head -n 1)" ]; then
            # shellcheck disable=SC2086
            "$CLANG" $flags $(pkg-config --cflags redland raptor2 rasqal libxml-2.0 icu-uc) -c -o "$obj" "$src" || rc=1
        fi
        objs+=("$obj")
    done
    [ $rc -eq 0 ] || return 1
    # shellcheck disable=SC2086
    "$CLANG" ${flags/fuzzer-no-link/fuzzer} -Isrc -o "$BIN" tests/fuzz/fuzz_pipeline.c "${objs[@]}" $deps
}

if build >"$OUT/build.log" 2>&1; then
    ok "build $BIN with $CLANG -fsanitize=fuzzer,address,undefined"
else
    bad "build $BIN"
    tail -n 30 "$OUT/build.log" | sed 's/^/     | /'
    finish
fi

# ---------------------------------------------------------------- seeds

seeds_ok() {
    local n
    n=$(find tests/fuzz/corpus -type f | wc -l)
    echo "$n seeds"
    [ "$n" -gt 0 ] || return 1
    # every seed passes on its own: a seed that fails is a finding at second 0
    NKFUZZ_FORMATS=all "$BIN" -runs=0 -max_len="$FUZZ_MAX_LEN" -artifact_prefix="$OUT/artifacts/seed-" tests/fuzz/corpus
}
if seeds_ok >"$OUT/seeds.log" 2>&1; then
    ok "seeds: $(find tests/fuzz/corpus -type f | wc -l) inputs in tests/fuzz/corpus pass"
else
    bad "seeds: an input in tests/fuzz/corpus fails"
    show "$OUT/seeds.log"
fi

# ---------------------------------------------------------------- fuzzing

if [ "$FUZZ_SECONDS" -gt 0 ]; then
    log=$OUT/fuzz.log
    rc=0
    touch "$OUT/artifacts/.start"
    # new inputs go to build-fuzz/corpus (kept between runs), the seeds are read
    # shellcheck disable=SC2086
    "$BIN" "$OUT/corpus" tests/fuzz/corpus -dict=tests/fuzz/newskg.dict \
        -max_total_time="$FUZZ_SECONDS" -max_len="$FUZZ_MAX_LEN" -timeout="$FUZZ_TIMEOUT" \
        -rss_limit_mb=4096 -artifact_prefix="$OUT/artifacts/" -print_final_stats=1 \
        ${FUZZ_ARGS:-} >"$log" 2>&1 || rc=$?
    # the last status line ("#N ... cov: C ft: F corp: K/SIZE", or in fork
    # mode "#N: cov: C ft: F corp: K ...") and the final statistics
    last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    [ -n "$execs" ] || execs=$(echo "$last" | sed -n 's/^#\([0-9]*\).*/\1/p')
    cov=$(echo "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
    ft=$(echo "$last" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
    corp=$(echo "$last" | sed -n 's/.*corp: \([0-9/]*[A-Za-z]*\).*/\1/p')
    summary="${execs:-?} executions, cov ${cov:-?}, ft ${ft:-?}, corpus ${corp:-?}"
    # with FUZZ_ARGS="-fork=1 -ignore_crashes=1" libFuzzer goes on after a
    # finding: the inputs it kept tell
    found=$(find "$OUT/artifacts" -type f -newer "$OUT/artifacts/.start" ! -name '.*' | sort)
    [ -z "$found" ] || [ $rc -ne 0 ] || rc=1
    if [ $rc -eq 0 ]; then
        ok "fuzz ${FUZZ_SECONDS}s: $summary"
    else
        bad "fuzz ${FUZZ_SECONDS}s: a finding (libFuzzer status $rc) after $summary"
        show "$log"
        for a in $found; do
            echo "     input kept: $a (see tests/fuzz/README.md: make it a regression)"
        done
    fi
fi

# ---------------------------------------------------------------- regressions

n=0
for f in tests/fuzz/regressions/*; do
    [ -f "$f" ] || continue
    case $f in *.note | *.md) continue ;; esac
    n=$((n + 1))
    name=${f##*/}
    log=$OUT/regression.$name.log
    rc=0
    NKFUZZ_FORMATS=all "$BIN" -runs=1 -timeout="$FUZZ_TIMEOUT" "$f" >"$log" 2>&1 || rc=$?
    [ -f "$f.note" ] || echo "note: $f has no $name.note"
    if [ -n "${KNOWN_BUGS[$name]+x}" ]; then
        if [ $rc -eq 0 ]; then
            ok "regression $name"
            printf 'note %s is listed in KNOWN_BUGS but passes now: remove it there\n' "$name"
        else
            known=$((known + 1))
            printf 'KNOWN BUG regression %s: %s\n' "$name" "${KNOWN_BUGS[$name]}"
            show "$log" | head -n 8
        fi
    elif [ $rc -eq 0 ]; then
        ok "regression $name"
    else
        bad "regression $name (status $rc)"
        show "$log"
    fi
done
[ $n -gt 0 ] || echo "note: no regression inputs in tests/fuzz/regressions/"

finish
