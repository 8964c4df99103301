#!/usr/bin/env bash
# Runs newskg under valgrind (memcheck) on the corpus, the test articles, the
# HTML test page and broken inputs; a run fails on any memory error or any
# definitely or indirectly lost block (what is still reachable at exit is
# not counted).  newskg's own exit status is checked too: it must be what
# the run expects (0, or 1 when inputs are skipped, 2 for a usage error).
#
#   NEWSKG=/path/to/newskg tests/valgrind.sh     (default: newskg at the repo root)
#
# Ends with "N passed, M failed"; exit 1 when anything failed.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
NEWSKG=${NEWSKG:-$ROOT/newskg}
case $NEWSKG in
    /*) ;;
    */*) NEWSKG=$PWD/$NEWSKG ;;
esac
export NEWSKG_ONTOLOGY=${NEWSKG_ONTOLOGY:-$ROOT/ontology}

TMP=$(mktemp -d "${TMPDIR:-/tmp}/newskg-valgrind.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

passed=0 failed=0 n=0

# vg NAME WANT_STATUS ARGS...: newskg ARGS under memcheck, from the repo root
vg() {
    local name=$1 want=$2
    shift 2
    n=$((n + 1))
    local log=$TMP/vg.$n.log rc=0 why=""
    (cd "$ROOT" && valgrind -q --error-exitcode=99 --leak-check=full --suppressions="$HERE/valgrind.supp" \
        --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
        --track-origins=yes --num-callers=30 --log-file="$log" \
        "$NEWSKG" "$@") >"$TMP/out.$n" 2>"$TMP/err.$n" || rc=$?
    if [ $rc -eq 99 ]; then
        why="memory errors or leaks"
    elif [ $rc -ge 128 ]; then
        why="killed by signal $((rc - 128))"
    elif [ $rc -ne "$want" ]; then
        why="newskg exited $rc, expected $want"
    elif grep -Eq 'ERROR SUMMARY: [1-9]|definitely lost: [1-9]|indirectly lost: [1-9]|Invalid (read|write|free)|uninitialised' "$log"; then
        why="valgrind reported problems"
    fi
    if [ -z "$why" ]; then
        passed=$((passed + 1))
        printf 'ok   %s\n' "$name"
    else
        failed=$((failed + 1))
        printf 'FAIL %s: %s\n' "$name" "$why"
        { cat "$log"; tail -n 5 "$TMP/err.$n"; } | head -n 40 | sed 's/^/     | /'
    fi
}

if ! command -v valgrind >/dev/null; then
    echo "FAIL valgrind is not installed (scripts/install-deps.sh)"
    echo "0 passed, 1 failed"
    exit 1
fi
if ! [ -x "$NEWSKG" ]; then
    echo "FAIL not executable: NEWSKG=$NEWSKG"
    echo "0 passed, 1 failed"
    exit 1
fi

# broken inputs exercise the error paths
mkdir -p "$TMP/bad" "$TMP/bad-ontology"
: >"$TMP/bad/empty.txt"
printf '\211PNG\r\n\032\n\000\000\000\rIHDR' >"$TMP/bad/scan.png"
ln -s "$TMP/no/such/file.txt" "$TMP/bad/dangling.txt"
printf ' date 2024-01-15 The UN welcomed\377\376 the talks\000 in Geneva.\001 Russia condemned Ukraine.\n' >"$TMP/bad/repaired.txt"
printf 'not turtle <\n' >"$TMP/bad-ontology/broken.ttl"

vg "corpus/ to N-Triples" 0 build -f ntriples -o "$TMP/corpus.nt" corpus/
vg "corpus/ to Turtle" 0 build -q -f turtle -o "$TMP/corpus.ttl" corpus/
vg "corpus/ to RDF/XML, other base" 0 build -q -f rdfxml --base https://example.org/kg/ -o "$TMP/corpus.rdf" corpus/
vg "test articles folder to N-Quads" 0 build -q -f nquads -o "$TMP/articles.nq" tests/articles/
vg "HTML page to N-Triples" 0 build -f ntriples -o "$TMP/html.nt" tests/articles/11_html_page.html
vg "bad inputs (skipped and repaired)" 1 build -f ntriples -o "$TMP/bad.nt" "$TMP/bad"
vg "broken ontology" 2 build --ontology "$TMP/bad-ontology" -o "$TMP/none.nt" corpus/
vg "unwritable output" 2 build -o /nonexistent/dir/x.nt corpus/
vg "unknown option" 2 build --no-such-option corpus/
vg "shard 1 of 2" 0 build -q --shard 1/2 -f nquads -o "$TMP/shard1.nq" corpus/
vg "shard 0 of 2" 0 build -q --shard 0/2 -f nquads -o "$TMP/shard0.nq" corpus/
vg "merge of two shards" 0 merge -o "$TMP/merged.nq" "$TMP/shard0.nq" "$TMP/shard1.nq"
# forked workers (valgrind follows them) and entity tables spilled to runs
NEWSKG_TEST_ENTITY_MEMORY=2000 vg "-j 3, entity tables spilled" 0 build -q -j 3 -f turtle -o "$TMP/par.ttl" corpus/
vg "a new store" 0 build -q --store "$TMP/store" corpus/000_3e8aa699b92c3654.txt corpus/001_f3e0570de0e62ebb.txt
vg "add to a store" 0 add -q --store "$TMP/store" corpus/
vg "query a store, JSON" 0 query --store "$TMP/store" --results json 'SELECT ?e ?l WHERE { ?e a nkg:State ; rdfs:label ?l }'
vg "query a file, CONSTRUCT" 0 query --graph "$TMP/corpus.nt" --results turtle 'CONSTRUCT { ?e a nkg:Appeal } WHERE { ?e a nkg:Appeal }'
vg "query refused" 1 query --graph "$TMP/corpus.nt" 'SELECT * WHERE { ?s ?p ?o MINUS { ?s a nkg:Appeal } }'
vg "cite an entity" 0 cite --store "$TMP/store" https://w3id.org/newskg/id/state/ARM
vg "cite an unknown IRI, JSON" 1 cite --json --graph "$TMP/corpus.nt" https://w3id.org/newskg/id/none

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
