#!/bin/bash
# The competency questions on a real SPARQL server: builds the corpus graph
# as N-Triples and N-Quads, answers every question with the embedded engine
# on the N-Triples file (tests/queries/run.sh, which also compares with
# expected/) and with Virtuoso over the SPARQL protocol after bulk-loading
# the N-Quads (scripts/virtuoso.sh), and requires identical normalized
# answers.  It also checks that the server holds each article in its own
# named graph, with exactly the triples the N-Quads file gives that graph.
#
#   tests/queries/server.sh        (make server-test)
#
# NEWSKG names the binary (default ./newskg); QUERY_ENGINE as in run.sh.
# Prints the build, load and query times.  Exit 0 when everything agrees.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
NEWSKG=${NEWSKG:-$ROOT/newskg}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/newskg-server-test.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM
fail=0
PY=$(command -v /usr/bin/python3 || command -v python3)
secs() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b - a}'; }

build() {  # build FORMAT FILE
    local rc=0
    # From the repository root, so dcterms:source reads "corpus/NAME.txt".
    (cd "$ROOT" && "$NEWSKG" build -f "$1" -o "$2" corpus) 2>"$TMP/build.err" || rc=$?
    [ $rc -le 1 ] || { cat "$TMP/build.err" >&2; echo "server.sh: newskg build -f $1 failed ($rc)" >&2; exit 1; }
}
t0=$(date +%s.%N)
build ntriples "$TMP/graph.nt"
build nquads "$TMP/graph.nq"
t1=$(date +%s.%N)
echo "built the corpus graph: $(wc -l <"$TMP/graph.nt") triples, $(secs "$t0" "$t1") s for both formats"

# 1. Embedded engine on the N-Triples file, against expected/.
mkdir -p "$TMP/embedded"
t0=$(date +%s.%N)
RESULTS_DIR=$TMP/embedded "$HERE/run.sh" "$TMP/graph.nt" || fail=1
t1=$(date +%s.%N)
echo "embedded engine: $(wc -l <"$TMP/embedded/times.tsv") questions in $(secs "$t0" "$t1") s" \
    "(queries alone: $(awk '{s += $2} END {printf "%.2f", s}' "$TMP/embedded/times.tsv") s)"

# 2. Virtuoso: the same questions, plus the size of every named graph.
mkdir -p "$TMP/q"
cp "$HERE"/*.rq "$TMP/q/"
cat >"$TMP/q/_graph_sizes.rq" <<'EOF'
SELECT ?g (COUNT(*) AS ?triples) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g
EOF
"$ROOT/scripts/virtuoso.sh" run "$TMP/graph.nq" "$TMP/q" "$TMP/virtuoso-json" || {
    echo "FAIL the Virtuoso run failed" >&2; exit 1; }
mkdir -p "$TMP/virtuoso"
for q in "$HERE"/*.rq; do
    name=$(basename "$q" .rq)
    if ! "$PY" "$HERE/normalize.py" "$TMP/virtuoso-json/$name.json" >"$TMP/virtuoso/$name.tsv"; then
        fail=1; continue
    fi
    if [ ! -e "$TMP/embedded/$name.tsv" ]; then
        fail=1
    elif ! diff -u "$TMP/embedded/$name.tsv" "$TMP/virtuoso/$name.tsv" >"$TMP/diff"; then
        echo "FAIL $name: Virtuoso's answer (+) differs from the embedded engine's (-):" >&2
        head -n 40 "$TMP/diff" >&2
        fail=1
    fi
done

# Each document's graph on the server holds exactly its quads in the file
# (Virtuoso's own graphs, outside newskg's base, are left out).
"$PY" - "$TMP/graph.nq" "$TMP/virtuoso-json/_graph_sizes.json" <<'PY' || fail=1
import json, re, sys
base = "https://w3id.org/newskg/id/"
want = {}
seen = set()
for line in open(sys.argv[1], encoding="utf-8"):
    if not line.strip():
        continue
    m = re.search(r"<([^<>]*)>\s*\.\s*$", line)
    if not m:
        sys.exit(f"FAIL a quad without a graph: {line[:120]}")
    if line in seen:
        continue
    seen.add(line)
    want[m.group(1)] = want.get(m.group(1), 0) + 1
doc = json.load(open(sys.argv[2], encoding="utf-8"))
got = {b["g"]["value"]: int(b["triples"]["value"]) for b in doc["results"]["bindings"]
       if b["g"]["value"].startswith(base)}
docs = [g for g in want if g.startswith(base + "doc/")]
if got != want:
    for g in sorted(set(got) | set(want)):
        if got.get(g) != want.get(g):
            print(f"FAIL graph {g}: {want.get(g, 0)} quads in the file, {got.get(g, 0)} on the server",
                  file=sys.stderr)
    sys.exit(1)
if not docs:
    sys.exit("FAIL no document graph in the N-Quads file")
print(f"named graphs: {len(docs)} documents + {len(want) - len(docs)} other, "
      f"{sum(want.values())} triples, all as in the file")
PY

awk -F'\t' '$1 == "start" {s = $2} $1 == "load" {l = $2} /^query / && $1 != "query _graph_sizes" {q += $2; n++}
    END {printf "virtuoso: start %.2f s, bulk load %.2f s, %d questions over HTTP in %.2f s\n", s, l, n, q}' \
    "$TMP/virtuoso-json/times.tsv"
if [ $fail -eq 0 ]; then
    echo "server-test: every question gives the same answer on the file and on Virtuoso, as expected"
fi
exit $fail
