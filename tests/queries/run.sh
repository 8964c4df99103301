#!/bin/bash
# Runs every competency question (tests/queries/*.rq) over a built graph and
# compares each normalized answer with tests/queries/expected/NAME.tsv.
#
#   tests/queries/run.sh [--update] [GRAPH]
#
# GRAPH is an N-Triples file (default: built from corpus/ with $NEWSKG, or
# ./newskg, into a temporary folder).  --update rewrites the expected files
# instead of comparing (extraction improves; a reviewer reads the diff).
#
# The engine is a parameter, so the same questions check every way of asking:
#   QUERY_ENGINE   a shell command run once per question with $GRAPH and
#                  $QUERY set; it prints SPARQL results as JSON or XML.
#                  Default: roqet (rasqal, the engine newskg embeds):
#                    roqet -q -i sparql -r xml -D "$GRAPH" "$QUERY"
#                  e.g. QUERY_ENGINE='./newskg query --graph "$GRAPH" --results json --file "$QUERY"'
#                  or   QUERY_ENGINE='./newskg query --store "$STORE" --results json --file "$QUERY"'
#   RESULTS_DIR    keep each normalized answer there as NAME.tsv (default:
#                  a temporary folder), and the seconds per question in
#                  RESULTS_DIR/times.tsv
#   QUERY_TIMEOUT  seconds per question (default 120)
# Exit 0 when every answer equals its expected file, 1 otherwise.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# Debian's interpreter: a pyenv shim in front of it costs a second per call.
PY=$(command -v /usr/bin/python3 || command -v python3)
UPDATE=0
if [ "${1:-}" = "--update" ]; then UPDATE=1; shift; fi
[ $# -le 1 ] || { echo "usage: tests/queries/run.sh [--update] [GRAPH]" >&2; exit 2; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/newskg-queries.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

if [ $# -eq 1 ]; then
    GRAPH=$1
    [ -r "$GRAPH" ] || { echo "run.sh: $GRAPH: cannot read" >&2; exit 2; }
else
    NEWSKG=${NEWSKG:-$ROOT/newskg}
    GRAPH=$TMP/graph.nt
    # From the repository root, so dcterms:source reads "corpus/NAME.txt".
    (cd "$ROOT" && "$NEWSKG" build -f ntriples -o "$GRAPH" corpus) 2>"$TMP/build.err" || {
        rc=$?
        # 1 = some input skipped or repaired (warnings); anything else is fatal.
        [ $rc -eq 1 ] || { cat "$TMP/build.err" >&2; echo "run.sh: building the corpus failed ($rc)" >&2; exit 2; }
    }
fi
GRAPH=$(realpath "$GRAPH")
export GRAPH

# roqet exits 2 after some successful queries (aggregates), so its own errors
# are told apart by status 1 or an "Error" on stderr.
roqet_engine() {
    local rc=0
    roqet -q -i sparql -r xml -D "$GRAPH" "$QUERY" 2>"$TMP/engine.err" || rc=$?
    if [ $rc -eq 1 ] || [ $rc -gt 2 ] || grep -q 'Error' "$TMP/engine.err"; then
        cat "$TMP/engine.err" >&2
        return 1
    fi
}

OUT=${RESULTS_DIR:-$TMP/results}
mkdir -p "$OUT" "$HERE/expected"
: >"$OUT/times.tsv"
fail=0 n=0
for QUERY in "$HERE"/*.rq; do
    export QUERY
    name=$(basename "$QUERY" .rq)
    n=$((n + 1))
    t0=$(date +%s.%N)
    if [ -n "${QUERY_ENGINE:-}" ]; then
        timeout "${QUERY_TIMEOUT:-120}" bash -c "$QUERY_ENGINE" >"$TMP/raw" 2>"$TMP/engine.err"
    else
        export -f roqet_engine; export TMP
        timeout "${QUERY_TIMEOUT:-120}" bash -c roqet_engine >"$TMP/raw"
    fi
    rc=$?
    t1=$(date +%s.%N)
    awk -v n="$name" -v a="$t0" -v b="$t1" 'BEGIN {printf "%s\t%.3f\n", n, b - a}' >>"$OUT/times.tsv"
    if [ $rc -ne 0 ]; then
        echo "FAIL $name: the engine failed (status $rc): $(head -c 600 "$TMP/engine.err")" >&2
        fail=1; continue
    fi
    if ! "$PY" "$HERE/normalize.py" "$TMP/raw" >"$OUT/$name.tsv"; then
        echo "FAIL $name: no SPARQL result" >&2; fail=1; continue
    fi
    expected=$HERE/expected/$name.tsv
    if [ $UPDATE -eq 1 ]; then
        cp "$OUT/$name.tsv" "$expected.tmp" && mv "$expected.tmp" "$expected"
    elif [ ! -e "$expected" ]; then
        echo "FAIL $name: no expected answer (run with --update, then read the diff)" >&2; fail=1
    elif ! diff -u "$expected" "$OUT/$name.tsv" >"$TMP/diff"; then
        echo "FAIL $name: the answer differs from expected/$name.tsv:" >&2
        head -n 40 "$TMP/diff" >&2
        fail=1
    fi
done
# An expected file without its question is a question deleted by mistake.
for e in "$HERE"/expected/*.tsv; do
    [ -e "$e" ] || continue
    [ -e "$HERE/$(basename "$e" .tsv).rq" ] || { echo "FAIL expected/$(basename "$e") has no question" >&2; fail=1; }
done
[ $n -gt 0 ] || { echo "run.sh: no questions in $HERE" >&2; exit 1; }
if [ $UPDATE -eq 1 ]; then
    echo "queries: wrote $n expected answers"
elif [ $fail -eq 0 ]; then
    echo "queries: $n questions, all answers as expected"
fi
exit $fail
