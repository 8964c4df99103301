#!/usr/bin/env bash
# End-to-end tests of newskg: run the binary on the corpus, the test articles
# and broken inputs, and check its output against the graph model
# (../shared/spec/graph-model.md) with two RDF parsers, SPARQL (roqet) and
# small Python checkers.  See tests/e2e/README.md.
#
#   NEWSKG=/path/to/newskg tests/e2e/run.sh      (default: newskg at the repo root)
#
# Prints one line per check and ends with "N passed, M failed"; exit 1 when
# anything failed.  Needs rapper, roqet, serdi and Debian's python3-rdflib
# (scripts/install-deps.sh).
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
NEWSKG=${NEWSKG:-$ROOT/newskg}
case $NEWSKG in
    /*) ;;
    */*) NEWSKG=$PWD/$NEWSKG ;;
esac
# the binary under test may live outside the tree (build-asan/newskg): it
# then finds the knowledge files through this
export NEWSKG_ONTOLOGY=${NEWSKG_ONTOLOGY:-$ROOT/ontology}
PY=/usr/bin/python3                 # Debian's, with rdflib; pyenv's may lack it
[ -x "$PY" ] || PY=python3
CORPUS=$ROOT/corpus
ARTICLES=$ROOT/tests/articles
QUERIES=$HERE/queries
SHARED_EVAL=$ROOT/../shared/eval
DEFAULT_BASE=https://w3id.org/newskg/id/
OTHER_BASE=https://example.org/kg/
FORMATS="turtle ntriples nquads rdfxml"
export LC_ALL=C                     # sort order and byte comparisons
export PYTHONUTF8=1                 # arguments and files are UTF-8 whatever the locale
export PYTHONDONTWRITEBYTECODE=1     # no __pycache__ in the tree

TMP=$(mktemp -d "${TMPDIR:-/tmp}/newskg-e2e.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

# Checks that fail today because of a bug in newskg, not in the test: each
# still runs and prints a KNOWN BUG line, but does not count as failed.  When
# one passes, the run says so: delete it here.
declare -A KNOWN_BUGS=(
)

passed=0 failed=0 known=0 skipped=0
seq=0

# check NAME COMMAND...: runs COMMAND (a function or program); status 0 is a
# pass.  Its output is shown (indented, last 25 lines) when it fails.
check() {
    local name=$1
    shift
    seq=$((seq + 1))
    local log=$TMP/log.$seq
    "$@" >"$log" 2>&1
    local rc=$?
    if [ -n "${KNOWN_BUGS[$name]+x}" ]; then
        if [ $rc -eq 0 ]; then
            passed=$((passed + 1))
            printf 'ok   %s\n' "$name"
            printf 'note %s is listed in KNOWN_BUGS but passes now: remove it there\n' "$name"
        else
            known=$((known + 1))
            printf 'KNOWN BUG %s: %s\n' "$name" "${KNOWN_BUGS[$name]}"
            show_log "$log" 8 | sed 's/^/     | /'
        fi
        return 0
    fi
    if [ $rc -eq 0 ]; then
        passed=$((passed + 1))
        printf 'ok   %s\n' "$name"
    else
        failed=$((failed + 1))
        printf 'FAIL %s\n' "$name"
        show_log "$log" | sed 's/^/     | /'
    fi
}

# show_log LOG: a sanitizer report from its head (the error and the first
# frames, not the shadow-byte legend at its end), anything else by its tail
show_log() {
    if grep -Eq '==[0-9]+==ERROR|runtime error:' "$1"; then
        grep -E -m 3 -A 14 '==[0-9]+==ERROR|runtime error:' "$1" | head -n 40
    else
        tail -n "${2:-25}" "$1"
    fi
}

skip() {
    skipped=$((skipped + 1))
    printf 'skip %s: %s\n' "$1" "$2"
}

# run_newskg OUT ERR ARGS...: runs newskg from the repo root (so paths given
# relative to it appear as such in dcterms:source); returns its status.
run_newskg() {
    local out=$1 err=$2
    shift 2
    (cd "$ROOT" && "$NEWSKG" "$@") >"$out" 2>"$err"
}

expect_rc() {  # expect_rc WANT GOT WHAT
    if [ "$2" -ne "$1" ]; then
        echo "$3: exit status $2, expected $1"
        return 1
    fi
}

# sorted_nt FMT FILE: the graph as sorted, de-duplicated N-Triples, written
# by rapper (an N-Quads graph term is dropped).  Fails when rapper fails.
sorted_nt() {
    local tmp=$TMP/sorted.$$.$RANDOM
    rapper -q -i "$1" -o ntriples "$2" "urn:x-base:" >"$tmp" || { rm -f "$tmp"; return 1; }
    sort -u "$tmp"
    rm -f "$tmp"
}

same_graph() {  # same_graph FMT_A FILE_A FMT_B FILE_B
    sorted_nt "$1" "$2" >"$TMP/a.sorted" || { echo "rapper cannot read $2"; return 1; }
    sorted_nt "$3" "$4" >"$TMP/b.sorted" || { echo "rapper cannot read $4"; return 1; }
    if ! [ -s "$TMP/a.sorted" ]; then
        echo "empty graph"
        return 1
    fi
    if grep -q '_:' "$TMP/a.sorted" "$TMP/b.sorted"; then
        echo "note: blank nodes present, the comparison is textual"
    fi
    if ! cmp -s "$TMP/a.sorted" "$TMP/b.sorted"; then
        echo "$(wc -l <"$TMP/a.sorted") vs $(wc -l <"$TMP/b.sorted") triples; first differences:"
        diff "$TMP/a.sorted" "$TMP/b.sorted" | head -n 10 | cut -c1-240
        return 1
    fi
}

# ---------------------------------------------------------------- tools

tools_present() {
    local t ok=0
    for t in rapper roqet serdi; do
        command -v "$t" >/dev/null || { echo "missing: $t"; ok=1; }
    done
    "$PY" -c 'import rdflib' || { echo "missing: rdflib for $PY"; ok=1; }
    [ -x "$NEWSKG" ] || { echo "not executable: NEWSKG=$NEWSKG"; ok=1; }
    return $ok
}

# ---------------------------------------------------------------- formats

build_corpus() {  # build_corpus FMT
    local rc=0
    run_newskg "$TMP/stdout" "$TMP/corpus.$1.err" build -f "$1" -o "$TMP/corpus.$1" corpus/ || rc=$?
    expect_rc 0 $rc "newskg build -f $1 corpus/" || { cat "$TMP/corpus.$1.err"; return 1; }
    [ -s "$TMP/corpus.$1" ] || { echo "no output written"; return 1; }
    [ ! -s "$TMP/stdout" ] || { echo "output on stdout although -o was given"; return 1; }
}

rapper_parses() {  # rapper_parses FMT FILE
    local out
    out=$(rapper -i "$1" -c "$2" "urn:x-base:" 2>&1) || { echo "$out"; return 1; }
    echo "$out"
    # "Parsing returned N triples": N must be > 0
    echo "$out" | grep -Eq 'returned [1-9][0-9]* (triple|statement)'
}

serdi_parses() {  # serdi_parses FMT FILE
    local n
    serdi -i "$1" -o ntriples "$2" >"$TMP/serdi.out" || return 1
    n=$(wc -l <"$TMP/serdi.out")
    echo "$n statements"
    [ "$n" -gt 0 ]
}

rdflib_parses() {  # rdflib_parses FILE
    "$PY" -c '
import sys, rdflib
g = rdflib.Graph()
g.parse(sys.argv[1], format="xml")
print(len(g), "triples")
sys.exit(0 if len(g) else 1)' "$1"
}

nquads_graphs() {
    "$PY" "$HERE/graph_checks.py" nquads "$TMP/corpus.nquads"
}

format_from_extension() {
    local ext fmt rc
    for ext in nt:ntriples nq:nquads rdf:rdfxml ttl:turtle; do
        fmt=${ext#*:}
        ext=${ext%%:*}
        rc=0
        run_newskg "$TMP/stdout" "$TMP/stderr" build -q -o "$TMP/ext.$ext" corpus/000_3e8aa699b92c3654.txt || rc=$?
        expect_rc 0 $rc "-o ext.$ext" || return 1
        rapper -q -i "$fmt" -c "$TMP/ext.$ext" "urn:x-base:" || { echo "-o x.$ext is not $fmt"; return 1; }
        if [ "$fmt" = turtle ] && rapper -q -i ntriples -c "$TMP/ext.$ext" "urn:x-base:" 2>/dev/null; then
            echo "-o x.ttl wrote N-Triples, not Turtle"
            return 1
        fi
        echo "-o x.$ext: $fmt"
    done
    # N-Quads must carry graph terms, N-Triples must not
    grep -Eq '> <[^>]*> \.$' "$TMP/ext.nq" || { echo "-o x.nq has no graph terms"; return 1; }
    serdi -i ntriples "$TMP/ext.nt" >/dev/null || return 1
}

# ---------------------------------------------------------------- SPARQL

# sparql FILE QUERY: rows of the result (TSV, header dropped).  roqet exits 1
# on an error (0 or 2 otherwise).
sparql() {
    local out rc=0
    out=$(roqet -q -r tsv -D "$1" -i sparql "$2" 2>"$TMP/roqet.err") || rc=$?
    if [ $rc -eq 1 ] || [ $rc -gt 2 ] || grep -q 'Error' "$TMP/roqet.err"; then
        echo "roqet failed on $(basename "$2") (status $rc): $(head -c 400 "$TMP/roqet.err")" >&2
        return 1
    fi
    printf '%s\n' "$out" | sed '1{/^?/d}' | sed '/^$/d'
}

# rule GRAPH POPULATION VIOLATIONS: queries/POPULATION.rq lists what the
# rule is about and queries/VIOLATIONS.rq what breaks it; passes when nothing
# breaks it and the population is not empty (a rule that checks nothing
# holds nothing).
rule() {
    local graph=$1 population=$2 violations=$3 n v
    sparql "$graph" "$QUERIES/$population.rq" >"$TMP/pop" || return 1
    sparql "$graph" "$QUERIES/$violations.rq" >"$TMP/bad" || return 1
    n=$(wc -l <"$TMP/pop")
    v=$(wc -l <"$TMP/bad")
    echo "$v of $n violate ($violations.rq over $population.rq)"
    head -n 10 "$TMP/bad" | cut -c1-240
    [ "$n" -gt 0 ] && [ "$v" -eq 0 ]
}

anchors_exact() {
    "$PY" "$HERE/graph_checks.py" anchors "$TMP/corpus.ntriples"
}

sources_are_file_names() {
    "$PY" "$HERE/graph_checks.py" sources "$TMP/corpus.ntriples" "$CORPUS"/*
}

# ---------------------------------------------------------------- determinism

determinism_order() {
    local files rc=0 f
    files=$(cd "$ROOT" && printf '%s\n' corpus/* | sort)
    # shellcheck disable=SC2086
    run_newskg "$TMP/stdout" "$TMP/stderr" build -q -f ntriples -o "$TMP/order.sorted.nt" $files || rc=$?
    expect_rc 0 $rc "sorted files" || return 1
    rc=0
    # shellcheck disable=SC2046,SC2086
    run_newskg "$TMP/stdout" "$TMP/stderr" build -q -f ntriples -o "$TMP/order.reversed.nt" $(echo "$files" | sort -r) || rc=$?
    expect_rc 0 $rc "reversed files" || return 1
    rc=0
    run_newskg "$TMP/stdout" "$TMP/stderr" build -q -f ntriples -o "$TMP/order.folder.nt" corpus/ || rc=$?
    expect_rc 0 $rc "folder" || return 1
    for f in sorted reversed folder; do
        sort "$TMP/order.$f.nt" >"$TMP/order.$f.s"
    done
    [ -s "$TMP/order.sorted.s" ] || { echo "empty output"; return 1; }
    for f in reversed folder; do
        if ! cmp -s "$TMP/order.sorted.s" "$TMP/order.$f.s"; then
            echo "sorted files and $f differ:"
            diff "$TMP/order.sorted.s" "$TMP/order.$f.s" | head -n 8 | cut -c1-240
            return 1
        fi
    done
    echo "$(wc -l <"$TMP/order.sorted.s") lines identical"
}

determinism_runs() {
    local fmt rc
    for fmt in $FORMATS; do
        rc=0
        run_newskg "$TMP/stdout" "$TMP/stderr" build -q -f "$fmt" -o "$TMP/again.$fmt" corpus/ || rc=$?
        expect_rc 0 $rc "second run -f $fmt" || return 1
        cmp "$TMP/corpus.$fmt" "$TMP/again.$fmt" || { echo "-f $fmt: two runs differ"; return 1; }
        echo "-f $fmt: identical"
    done
}

# -j N: forked workers, output byte-identical to one process, every format
# that streams (RDF/XML is written by one process whatever -j says), to a
# file or to standard output, with entity tables spilling to runs or not
parallel_identical() {
    local fmt j
    for fmt in ntriples turtle nquads rdfxml; do
        run_newskg "$TMP/ser.$fmt" "$TMP/stderr" build -q -j 1 -f "$fmt" corpus/ tests/dev/corpus/ ||
            { echo "-j 1 -f $fmt failed"; return 1; }
        for j in 2 3; do
            run_newskg "$TMP/par.$fmt" "$TMP/stderr" build -q -j "$j" -f "$fmt" corpus/ tests/dev/corpus/ ||
                { echo "-j $j -f $fmt failed"; return 1; }
            cmp "$TMP/par.$fmt" "$TMP/ser.$fmt" || { echo "-j $j -f $fmt to stdout differs from -j 1"; return 1; }
            rm -f "$TMP/par.$fmt"
            NEWSKG_TEST_ENTITY_MEMORY=$((j == 3 ? 2000 : 0)) \
                run_newskg "$TMP/stdout" "$TMP/stderr" build -q -j "$j" -f "$fmt" -o "$TMP/par.$fmt" corpus/ tests/dev/corpus/ ||
                { echo "-j $j -f $fmt -o failed"; return 1; }
            cmp "$TMP/par.$fmt" "$TMP/ser.$fmt" || { echo "-j $j -f $fmt -o differs from -j 1"; return 1; }
        done
        echo "-f $fmt: -j 2 and -j 3 identical to -j 1"
    done
}

# a worker that dies holding a document fails the build (exit 2) at once,
# and the previous output stays
parallel_worker_dies() {
    local rc=0
    echo previous >"$TMP/kept.nt"
    NEWSKG_TEST_KILL_WORKER=1 timeout 60 "$NEWSKG" build -q -j 3 -o "$TMP/kept.nt" "$ROOT/corpus/" "$ARTICLES"/*.txt \
        2>"$TMP/stderr" || rc=$?
    expect_rc 2 $rc "-j 3 with a killed worker" || { cat "$TMP/stderr"; return 1; }
    [ "$(cat "$TMP/kept.nt")" = previous ] || { echo "the previous output was replaced"; return 1; }
    grep -q "worker" "$TMP/stderr" || { echo "no reason given:"; cat "$TMP/stderr"; return 1; }
    ! ls "$TMP"/kept.nt.tmp.* >/dev/null 2>&1 || { echo "a temporary file was left"; return 1; }
}

shards_union() {
    local f rc
    : >"$TMP/shards.nt"
    for f in "$CORPUS"/*; do
        rc=0
        run_newskg "$TMP/shard.nt" "$TMP/stderr" build -q -f ntriples "corpus/${f##*/}" || rc=$?
        expect_rc 0 $rc "${f##*/} alone" || return 1
        cat "$TMP/shard.nt" >>"$TMP/shards.nt"
    done
    same_graph ntriples "$TMP/shards.nt" ntriples "$TMP/corpus.ntriples"
}

# --shard I/K + merge: shards taken in order and merged are the single
# build, byte for byte, in every format that shards (more shards than
# files leaves some empty); a merge of mismatched shards is refused
shards_merged() {
    local fmt k i rc shards
    for fmt in ntriples turtle nquads; do
        run_newskg "$TMP/whole.$fmt" "$TMP/stderr" build -q -f "$fmt" "$ROOT/corpus/" "$ARTICLES"/*.txt ||
            { echo "whole -f $fmt failed"; return 1; }
        for k in 2 25; do
            shards=()
            for ((i = 0; i < k; i++)); do
                NEWSKG_TEST_ENTITY_MEMORY=$((k == 2 ? 2000 : 0)) "$NEWSKG" build -q -f "$fmt" --shard "$i/$k" -o "$TMP/shard$i.$fmt" "$ROOT/corpus/" "$ARTICLES"/*.txt 2>"$TMP/stderr" ||
                    { echo "--shard $i/$k -f $fmt failed"; cat "$TMP/stderr"; return 1; }
                [ -s "$TMP/shard$i.$fmt.entities" ] || { echo "no entity file beside shard $i/$k"; return 1; }
                shards+=("$TMP/shard$i.$fmt")
            done
            "$NEWSKG" merge -f "$fmt" -o "$TMP/merged.$fmt" "${shards[@]}" 2>"$TMP/stderr" ||
                { echo "merge of $k -f $fmt failed"; cat "$TMP/stderr"; return 1; }
            cmp "$TMP/merged.$fmt" "$TMP/whole.$fmt" || { echo "$k shards -f $fmt merged differ from one build"; return 1; }
        done
        echo "-f $fmt: 2 and 25 shards (more than files) merge into the single build"
    done
    rc=0
    "$NEWSKG" merge -o "$TMP/bad.nt" "$TMP/shard0.nquads" 2>"$TMP/stderr" || rc=$?
    expect_rc 2 $rc "merge of an N-Quads shard into N-Triples" || return 1
    grep -q "another format" "$TMP/stderr" || { echo "no reason given:"; cat "$TMP/stderr"; return 1; }
    rc=0
    "$NEWSKG" merge -o "$TMP/bad.nt" "$TMP/whole.ntriples" 2>"$TMP/stderr" || rc=$?
    expect_rc 2 $rc "merge of a non-shard" || return 1
    grep -q "not a shard output" "$TMP/stderr" || { echo "no reason given:"; cat "$TMP/stderr"; return 1; }
    [ ! -e "$TMP/bad.nt" ] || { echo "a refused merge wrote its output"; return 1; }
    rc=0
    "$NEWSKG" build -q --shard 3/3 -o "$TMP/bad.nt" "$ROOT/corpus/" 2>/dev/null || rc=$?
    expect_rc 2 $rc "--shard 3/3" || return 1
    rc=0
    "$NEWSKG" build -q --shard 0/2 "$ROOT/corpus/" >/dev/null 2>&1 || rc=$?
    expect_rc 2 $rc "--shard without -o"
}

# ---------------------------------------------------------------- inputs and exit codes

make_inputs() {
    mkdir -p "$TMP/mixed" "$TMP/bad-ontology"
    cp "$ARTICLES/02_serbia_kosovo.txt" "$TMP/mixed/good.txt"
    : >"$TMP/mixed/empty.txt"
    printf '\211PNG\r\n\032\n\000\000\000\rIHDR\000\000\000\001\000\000\000\001\010\006\000\000\000' >"$TMP/mixed/scan.png"
    ln -s "$TMP/no/such/target.txt" "$TMP/mixed/dangling.txt"
    # invalid UTF-8 (\377\376, a lone \303), NUL, C0 controls, DEL and U+FFFE
    # inside an otherwise good article behind a date line
    printf ' date 2024-01-15 GENEVA \342\200\224 The United Nations welcomed the talks between Armenia and Azerbaijan in Geneva on Monday.\377\376 Russia condemned\000 the shelling of Ukraine.\001\177 Sergey Lavrov met Ararat Mirzoyan in Moscow.\303 The OSCE urged both sides \357\277\276to keep the ceasefire.\tEnd.\n' >"$TMP/repaired.txt"
    printf 'this is not @prefix turtle <\n' >"$TMP/bad-ontology/broken.ttl"
}

mixed_folder() {
    local rc=0 f bad=0
    run_newskg "$TMP/stdout" "$TMP/mixed.err" build -f ntriples -o "$TMP/mixed.nt" "$TMP/mixed" || rc=$?
    cat "$TMP/mixed.err"
    expect_rc 1 $rc "folder with bad files" || bad=1
    for f in empty.txt scan.png dangling.txt; do
        if ! grep -Eq "$TMP/mixed/$f: *[^ ].{3,}" "$TMP/mixed.err"; then
            echo "stderr does not name $f with a reason"
            bad=1
        fi
    done
    if grep -q "good.txt" "$TMP/mixed.err"; then
        echo "stderr names the good file"
        bad=1
    fi
    rapper -q -i ntriples -c "$TMP/mixed.nt" "urn:x-base:" || { echo "output missing or unparsable"; return 1; }
    "$PY" "$HERE/graph_checks.py" doc "$TMP/mixed.nt" --source-endswith good.txt \
        --require "Kosovo" || bad=1
    return $bad
}

repaired_input() {
    local rc=0 bad=0
    run_newskg "$TMP/stdout" "$TMP/repaired.err" build -f ntriples -o "$TMP/repaired.nt" "$TMP/repaired.txt" || rc=$?
    cat "$TMP/repaired.err"
    expect_rc 0 $rc "invalid UTF-8 and NUL" || bad=1
    grep -q "$TMP/repaired.txt:.*warn" "$TMP/repaired.err" || { echo "no warning naming the file"; bad=1; }
    rapper -q -i ntriples -c "$TMP/repaired.nt" "urn:x-base:" || return 1
    serdi -i ntriples "$TMP/repaired.nt" >/dev/null || return 1
    "$PY" "$HERE/graph_checks.py" doc "$TMP/repaired.nt" --clean --require "$(printf '\357\277\275')" \
        --require "Russia condemned" --require "Lavrov met" --require "$(printf 'ceasefire.\tEnd.')" || bad=1
    "$PY" "$HERE/graph_checks.py" anchors "$TMP/repaired.nt" || bad=1
    return $bad
}

repaired_rdfxml() {
    local rc=0
    run_newskg "$TMP/stdout" "$TMP/stderr" build -q -f rdfxml -o "$TMP/repaired.rdf" "$TMP/repaired.txt" || rc=$?
    expect_rc 0 $rc "-f rdfxml" || return 1
    rdflib_parses "$TMP/repaired.rdf" || return 1
    same_graph ntriples "$TMP/repaired.nt" rdfxml "$TMP/repaired.rdf"
}

date_line() {
    # the date line is metadata: it dates the document and is not its text
    "$PY" "$HERE/graph_checks.py" doc "$TMP/repaired.nt" --date 2024-01-15 \
        --forbid " date 2024" --forbid "2024-01-15" --require "GENEVA"
}

unknown_option() {
    local rc=0 bad=0
    run_newskg "$TMP/unknown.out" "$TMP/unknown.err" build --no-such-option -o "$TMP/unknown.nt" corpus/ || rc=$?
    cat "$TMP/unknown.err"
    expect_rc 2 $rc "--no-such-option" || bad=1
    grep -q "no-such-option" "$TMP/unknown.err" || { echo "stderr does not name the option"; bad=1; }
    [ ! -e "$TMP/unknown.nt" ] || { echo "wrote an output file"; bad=1; }
    return $bad
}

usage_errors() {
    local rc bad=0
    rc=0; run_newskg "$TMP/stdout" "$TMP/stderr" build -f bogus corpus/ || rc=$?
    expect_rc 2 $rc "-f bogus" || bad=1
    rc=0; run_newskg "$TMP/stdout" "$TMP/stderr" build || rc=$?
    expect_rc 2 $rc "build without PATH" || bad=1
    rc=0; run_newskg "$TMP/stdout" "$TMP/stderr" frobnicate corpus/ || rc=$?
    expect_rc 2 $rc "unknown command" || bad=1
    rc=0; run_newskg "$TMP/stdout" "$TMP/stderr" --help || rc=$?
    expect_rc 0 $rc "--help" || bad=1
    grep -q "usage" "$TMP/stdout" || { echo "--help prints no usage on stdout"; bad=1; }
    return $bad
}

unwritable_output() {
    local rc=0 bad=0
    run_newskg "$TMP/stdout" "$TMP/unwritable.err" build -o /nonexistent/dir/x.ttl corpus/ || rc=$?
    cat "$TMP/unwritable.err"
    expect_rc 2 $rc "-o /nonexistent/dir/x.ttl" || bad=1
    [ ! -e /nonexistent/dir/x.ttl ] || { echo "file written"; bad=1; }
    grep -q "/nonexistent/dir/x.ttl" "$TMP/unwritable.err" || { echo "stderr does not name the path"; bad=1; }
    return $bad
}

failed_run_keeps_output() {
    local rc=0 bad=0
    mkdir -p "$TMP/keep"
    printf 'SENTINEL: must survive a failed run\n' >"$TMP/keep/graph.ttl"
    cp "$TMP/keep/graph.ttl" "$TMP/sentinel.copy"
    run_newskg "$TMP/stdout" "$TMP/keep.err" build --ontology "$TMP/bad-ontology" -o "$TMP/keep/graph.ttl" corpus/ || rc=$?
    cat "$TMP/keep.err"
    expect_rc 2 $rc "--ontology with a broken file" || bad=1
    grep -q "broken.ttl" "$TMP/keep.err" || { echo "stderr does not name the broken ontology file"; bad=1; }
    cmp "$TMP/keep/graph.ttl" "$TMP/sentinel.copy" || { echo "the existing output was changed"; bad=1; }
    if [ "$(find "$TMP/keep" -mindepth 1 | sort)" != "$TMP/keep/graph.ttl" ]; then
        echo "left behind: $(find "$TMP/keep" -mindepth 1 | tr '\n' ' ')"
        bad=1
    fi
    return $bad
}

output_file_mode() {
    local mode want
    want=$(printf '%o' $((0666 & ~0$(umask))))
    mode=$(stat -c %a "$TMP/corpus.ntriples") || return 1
    echo "mode $mode, umask $(umask) gives $want"
    [ "$mode" = "$want" ]
}

# ---------------------------------------------------------------- --base

other_base() {
    local rc=0
    run_newskg "$TMP/stdout" "$TMP/stderr" build -q -f ntriples --base "$OTHER_BASE" -o "$TMP/base.nt" corpus/ || rc=$?
    expect_rc 0 $rc "--base $OTHER_BASE" || return 1
    "$PY" "$HERE/graph_checks.py" base "$TMP/corpus.ntriples" "$TMP/base.nt" "$DEFAULT_BASE" "$OTHER_BASE"
}

# ---------------------------------------------------------------- the HTML page

HTML=tests/articles/11_html_page.html
HTML_URL=https://example-news.test/world/caricom-urges-venezuela-respect-icj-essequibo

html_build() {  # the content checks read standard output, whatever the status
    run_newskg "$TMP/html.nt" "$TMP/html.err" build -f ntriples "$HTML"
    echo $? >"$TMP/html.rc"
}

html_exit_status() {
    local rc=0
    cat "$TMP/html.err"
    expect_rc 0 "$(cat "$TMP/html.rc")" "newskg build $HTML" || return 1
    run_newskg "$TMP/stdout" "$TMP/stderr" build -f ntriples -o "$TMP/html-o.nt" "$HTML" || rc=$?
    cat "$TMP/stderr"
    expect_rc 0 $rc "newskg build -o FILE $HTML" || return 1
    [ -s "$TMP/html-o.nt" ] || { echo "no file written"; return 1; }
}

html_metadata() {
    rapper -q -i ntriples -c "$TMP/html.nt" "urn:x-base:" || return 1
    "$PY" "$HERE/graph_checks.py" doc "$TMP/html.nt" --date 2023-10-09 --url "$HTML_URL" \
        --title-has "Caricom urges Venezuela to respect ICJ process" --source-endswith 11_html_page.html
}

html_text() {
    local args=() s
    # what the article says, entities decoded
    for s in "Caricom urges Venezuela to respect ICJ process as Essequibo row deepens" \
        "The Caribbean Community (CARICOM) on Sunday expressed deep concern over Venezuela’s plan" \
        "Trinidad & Tobago" '“has no validity in international law”' "or elected chief."; do
        args+=(--require "$s")
    done
    # scripts, styles, cookie banner, nav, ads (one inside <article>), the
    # aside and the footer
    for s in "NATO welcomed the decision" "Israel condemned Iran" "dataLayer" "trackShare" \
        "acceptCookies" "Venezuela accused Guyana of provocation" "font-family" "Advertisement" \
        "We use cookies" "Privacy policy" "Manage settings" "Business & Markets" "Americas" \
        "Fly to Caracas" "SkyCarib" "The President met investors in Miami" "Sponsored" \
        "Related articles" "Maduro orders new map" "Lula urges calm" "Argyle talks" \
        "Subscribe for" "All rights reserved" "Example News" "&amp;" "&#8217;" "<p>"; do
        args+=(--forbid "$s")
    done
    "$PY" "$HERE/graph_checks.py" doc "$TMP/html.nt" "${args[@]}"
}

# ---------------------------------------------------------------- test articles

test_articles() {
    "$PY" "$HERE/check_expect.py" --newskg "$NEWSKG" --articles "$ARTICLES" \
        --pending "$HERE/pending.txt" -q >"$TMP/articles.log" 2>&1
    local rc=$?
    # the regressions and build errors first: the log keeps only its tail
    grep -E -A 1 '^  FAIL |ERROR' "$TMP/articles.log" | grep -v '^--$'
    grep '^total:' "$TMP/articles.log"
    return $rc
}

# ---------------------------------------------------------------- shared scorer

shared_scorer() {
    "$PY" "$SHARED_EVAL/score" --gold "$SHARED_EVAL/gold" --json "$TMP/corpus.ntriples" >"$TMP/score.json" || {
        cat "$TMP/score.json"
        return 1
    }
    "$PY" - "$TMP/score.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
bad = 0
prov = r.get("provenance", {})
for k, v in sorted(prov.items()):
    ok = v["of"] > 0 and v["ok"] == v["of"]
    bad += not ok
    print(f"{'ok' if ok else 'BAD'} {k}: {v['ok']}/{v['of']}")
if not prov:
    print("no provenance rules in the report")
    bad += 1
if r.get("missing_documents"):
    print("documents the scorer cannot find:", r["missing_documents"])
    bad += 1
print("events f1", r["events"]["f1"], "entities f1", r["entities"]["f1"], "facts f1", r["facts"]["f1"])
sys.exit(1 if bad else 0)
EOF
}

# ================================================================ run

echo "newskg e2e: NEWSKG=$NEWSKG"
check "tools and binary present" tools_present

for fmt in $FORMATS; do
    check "build corpus -f $fmt" build_corpus "$fmt"
done
if [ -s "$TMP/corpus.ntriples.err" ]; then
    sed 's/^/note: /' "$TMP/corpus.ntriples.err" | head -n 5
fi
for fmt in $FORMATS; do
    check "rapper parses -f $fmt" rapper_parses "$fmt" "$TMP/corpus.$fmt"
done
for fmt in turtle ntriples nquads; do
    check "serdi parses -f $fmt" serdi_parses "$fmt" "$TMP/corpus.$fmt"
done
check "rdflib parses -f rdfxml" rdflib_parses "$TMP/corpus.rdfxml"
for fmt in turtle nquads rdfxml; do
    check "same graph: $fmt = ntriples" same_graph "$fmt" "$TMP/corpus.$fmt" ntriples "$TMP/corpus.ntriples"
done
check "nquads: each document's triples in its own named graph" nquads_graphs
check "format from the -o extension" format_from_extension

G=$TMP/corpus.ntriples
check "rule: every event cites a nif:Sentence" rule "$G" events events_uncited
check "rule: every entity has a nif:Phrase mention" rule "$G" entities entities_unmentioned
check "rule: every entity fact has a cited rdf:Statement" rule "$G" facts facts_uncited
check "rule: facts cite sentences or shipped data" rule "$G" fact_citations fact_citations_bad
check "rule: every entity has exactly one rdfs:label@en" rule "$G" entities entities_label_not_one
check "rule: every document has a dcterms:source" rule "$G" docs docs_without_source
check "rule: no node is both entity and event" rule "$G" entities entity_event_overlap
check "rule: dates, figures and offsets are typed" rule "$G" typed_values typed_values_bad
check "rule: event roles point at typed entities" rule "$G" event_roles event_roles_not_entities
check "anchors: nif:anchorOf is its code-point slice of nif:isString" anchors_exact
check "sources: dcterms:source ends in the document's file name" sources_are_file_names

check "determinism: sorted, reversed and folder input give one graph" determinism_order
check "determinism: two runs write identical files" determinism_runs
check "determinism: documents built one by one give the corpus graph" shards_union
check "determinism: -j 2 and -j 3 write what -j 1 writes" parallel_identical
check "determinism: --shard I/K outputs merged are the single build" shards_merged
check "-j: a worker that dies fails the build, the old output stays" parallel_worker_dies

make_inputs
check "exit 1: empty, PNG and dangling-link inputs are named and skipped" mixed_folder
check "exit 0: invalid UTF-8, NUL and controls repaired with a warning" repaired_input
check "repaired text survives RDF/XML" repaired_rdfxml
check "date line sets dcterms:date and is not text" date_line
check "exit 2: unknown option" unknown_option
check "exit 2: other usage errors" usage_errors
check "exit 2: unwritable output path, no file" unwritable_output
check "failed run leaves the existing output untouched" failed_run_keeps_output
check "output file mode follows umask" output_file_mode

check "--base changes every minted IRI" other_base

html_build
check "html page: exit 0, with and without -o" html_exit_status
check "html page: date, canonical url, title" html_metadata
check "html page: article text only, entities decoded" html_text

check "test articles: no expectation regressed (see pending.txt)" test_articles
grep '^total:' "$TMP/articles.log" | sed 's/^/     /'
grep 'NOTE' "$TMP/articles.log" | sed 's/^ */     /'

if [ -d "$SHARED_EVAL" ] && [ -x "$SHARED_EVAL/score" ]; then
    check "shared scorer: every provenance rule 100% and exercised" shared_scorer
    grep -E '^events f1' "$TMP/log.$seq" | sed 's/^/     /'
else
    skip "shared scorer" "$SHARED_EVAL not found"
fi

[ "$known" -eq 0 ] || echo "$known known bug(s) not counted (KNOWN_BUGS in tests/e2e/run.sh)"
[ "$skipped" -eq 0 ] || echo "$skipped skipped"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
