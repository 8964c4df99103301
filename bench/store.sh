#!/bin/bash
# The store at the scale that matters (bench/README.md): builds a store of
# about a million triples from a generated corpus, then measures adding
# new articles, replacing changed ones, re-adding unchanged ones, and
# asking questions (query and cite), each under /usr/bin/time -v.
#
#   STORE_ARTICLES=1300   corpus size (1,000 generated articles give
#                         about 800,000 triples)
#   STORE_BATCH=20        articles per add / replace
#   BENCH_TMP=${TMPDIR:-/tmp}
#   NEWSKG=./newskg
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
NEWSKG=${NEWSKG:-$root/newskg}
N=${STORE_ARTICLES:-1300}
B=${STORE_BATCH:-20}
TIME=/usr/bin/time
[ -x "$NEWSKG" ] || { echo "store.sh: $NEWSKG: no such program" >&2; exit 2; }
[ -x "$TIME" ] || { echo "store.sh: install Debian package 'time'" >&2; exit 2; }
work=$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/newskg-store-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

python3 "$here/gen-corpus.py" store-bench $((N + B)) "$work/all" >/dev/null
mkdir -p "$work/base" "$work/new"
# the first N articles make the store, the last B are added later
find "$work/all" -type f | LC_ALL=C sort >"$work/list"
head -n "$N" "$work/list" | while read -r f; do cp "$f" "$work/base/"; done
tail -n "$B" "$work/list" | while read -r f; do cp "$f" "$work/new/"; done

# measure NAME COMMAND...: one line of the table
printf '| step | articles | wall s | CPU s | peak MB | store triples | triples/s |\n|---|---|---|---|---|---|---|\n'
measure() {
    local name=$1 articles=$2
    shift 2
    "$TIME" -v "$@" >"$work/out" 2>"$work/time" || { cat "$work/time" >&2; exit 1; }
    local wall cpu peak
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$work/time")
    cpu=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { print u + s }' "$work/time")
    peak=$(awk -F': ' '/Maximum resident/ { printf "%.0f", $2 / 1024 }' "$work/time")
    local size
    size=$("$NEWSKG" query --store "$work/s" --results tsv 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' | tail -n 1)
    local rate="-"
    [ -n "${TRIPLES:-}" ] && rate=$(awk -v t="$TRIPLES" -v w="$wall" 'BEGIN { printf "%.0f", t / w }')
    printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$articles" "$wall" "$cpu" "$peak" "$size" "$rate"
}

TRIPLES=$("$NEWSKG" build -q -f ntriples "$work/base" | sort -u | wc -l)
measure "build --store" "$N" "$NEWSKG" build -q --store "$work/s" "$work/base"
TRIPLES=$("$NEWSKG" build -q -f ntriples "$work/new" | sort -u | wc -l)
measure "add new articles" "$B" "$NEWSKG" add -q --store "$work/s" "$work/new"
# changed versions of B articles already in the store
ls "$work/base" | head -n "$B" | while read -r f; do sed -i 's/ the / a /' "$work/base/$f"; done
TRIPLES=""
measure "replace changed articles" "$B" "$NEWSKG" add -q --store "$work/s" $(ls -d "$work"/base/* | head -n "$B")
measure "re-add all unchanged" "$N" "$NEWSKG" add -q --store "$work/s" "$work/base"
measure "query: count triples" - "$NEWSKG" query --store "$work/s" 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
measure "query: appeals of one state" - "$NEWSKG" query --store "$work/s" \
    'SELECT ?e ?t WHERE { ?e a nkg:Appeal ; nkg:agent <https://w3id.org/newskg/id/state/ARM> ; prov:wasDerivedFrom ?s . ?s nif:anchorOf ?t }'
measure "query: events per class" - "$NEWSKG" query --store "$work/s" \
    'SELECT ?c (COUNT(?e) AS ?n) WHERE { ?e a nkg:Event ; a ?c } GROUP BY ?c'
measure "cite an entity" - "$NEWSKG" cite --store "$work/s" https://w3id.org/newskg/id/state/ARM
echo
echo "store size on disk: $(du -sh "$work/s" | cut -f1)"
