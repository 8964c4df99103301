#!/bin/bash
# The benchmark (bench/README.md): generates scale corpora, runs newskg build
# on each in every output format under /usr/bin/time -v, measures serdi and
# compromise on the same data, and prints one table (bench/report.py).
#
#   BENCH_SIZES="1000 10000 100000"  corpus sizes, in articles
#   BENCH_SEED=newskg                generator seed
#   BENCH_RDFXML_MAX=10000           RDF/XML only up to this size (it is slow)
#   BENCH_COMPROMISE_MAX=10000       compromise only up to this size
#   BENCH_TMP=${TMPDIR:-/tmp}        where corpora and outputs go (the 100,000
#                                    size needs some 35 GB free for a moment)
#   BENCH_RESULTS=FILE               also keep the raw measurements (TSV)
#   BENCH_NODE=node                  Node.js for compromise ("none": skip it)
#   NEWSKG=./newskg                  the program measured
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
NEWSKG=${NEWSKG:-$root/newskg}
SIZES=${BENCH_SIZES:-1000 10000 100000}
SEED=${BENCH_SEED:-newskg}
RDFXML_MAX=${BENCH_RDFXML_MAX:-10000}
COMPROMISE_MAX=${BENCH_COMPROMISE_MAX:-10000}
NODE=${BENCH_NODE:-node}
TIME=/usr/bin/time

die() { echo "bench: $*" >&2; exit 2; }
[ -x "$NEWSKG" ] || die "$NEWSKG: no such program (run make first)"
[ -x "$TIME" ] || die "$TIME is missing: install Debian package 'time' (bench/setup.sh does)"
command -v serdi >/dev/null || die "serdi is missing: install Debian package 'serdi' (scripts/install-deps.sh does)"

work=$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/newskg-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
results=$work/results.tsv
printf 'articles\ttext_bytes\trun\tjobs\twall_s\tcpu_s\tpeak_kb\tout_bytes\ttriples\tnote\n' >"$results"

# Digest of every file of a corpus, in name order.
corpus_digest() { (cd "$1" && find . -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-64); }

# The generator must give the same bytes for the same seed, whatever Python's
# hash seed, and other bytes for another seed.
check_generator() {
    PYTHONHASHSEED=1 python3 "$here/gen-corpus.py" "$SEED" 300 "$work/a"
    PYTHONHASHSEED=2 python3 "$here/gen-corpus.py" "$SEED" 300 "$work/b"
    python3 "$here/gen-corpus.py" "$SEED-other" 300 "$work/c"
    local a b c
    a=$(corpus_digest "$work/a") b=$(corpus_digest "$work/b") c=$(corpus_digest "$work/c")
    rm -rf "$work/a" "$work/b" "$work/c"
    [ "$a" = "$b" ] || die "generator is not deterministic: seed $SEED gave $a, then $b"
    [ "$a" != "$c" ] || die "generator ignores its seed: two seeds gave $a"
    echo "generator: deterministic (300 articles, seed $SEED: sha256 $a)"
}

# Every run starts from the same state: what earlier runs left dirty in the
# page cache is written out first (serdi's 15 GB copy, written back while
# the next run went, cost `-j 2` a third of its speed at 100,000 articles).
settle() { sync; }

# measure OUTFILE COMMAND...: runs COMMAND under time -v and sets wall, cpu
# (seconds), kb (peak resident set) and size (bytes of OUTFILE).  A failing
# command stops the bench.
measure() {
    local out=$1 rc=0
    shift
    settle
    "$TIME" -v -o "$work/time.txt" "$@" || rc=$?
    [ "$rc" -eq 0 ] || { cat "$work/time.txt" >&2; die "'$*' exited $rc"; }
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0
                                                  for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$work/time.txt")
    cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$work/time.txt")
    kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time.txt")
    size=0
    if [ -f "$out" ]; then size=$(stat -c %s "$out"); fi
}

# row ARTICLES BYTES RUN JOBS TRIPLES NOTE: one line of results from the last measure.
row() {
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$wall" "$cpu" "$kb" "$size" "$5" "$6" >>"$results"
    printf '  %-24s %9.2f s wall %9.2f s CPU %8d KB peak  %s\n' "$3 -j $4" "$wall" "$cpu" "$kb" "$6"
}

skipped() {
    printf '%s\t%s\t%s\t-\t-\t-\t-\t-\t-\tskipped: %s\n' "$1" "$2" "$3" "$4" >>"$results"
    echo "  $3: skipped ($4)"
}

compromise_ready() { command -v "$NODE" >/dev/null && [ -d "$here/node_modules/compromise" ]; }

bench_size() {
    local n=$1 corpus=$work/corpus-$1 out=$work/out bytes t0 t1
    t0=$(date +%s.%N)
    python3 "$here/gen-corpus.py" "$SEED" "$n" "$corpus"
    t1=$(date +%s.%N)
    bytes=$(find "$corpus" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
    awk -v n="$n" -v b="$bytes" -v t0="$t0" -v t1="$t1" \
        'BEGIN { printf "%d articles, %.1f MB of text (generated in %.1f s)\n", n, b / 1e6, t1 - t0 }'

    # N-Triples first: its lines count the triples, and serdi re-writes it.
    # -j 2 runs right after -j 1, so both meet the machine in the same state;
    # serdi's 15 GB rewrite before it left the (shared, virtual) disk busy
    # for a minute after sync, and -j 2 waited on it (RESULTS.md).
    local triples same="same output as -j 1"
    measure "$out.nt" "$NEWSKG" build -q -j 1 -f ntriples -o "$out.nt" "$corpus"
    triples=$(wc -l <"$out.nt")
    row "$n" "$bytes" newskg-ntriples 1 "$triples" ""
    measure "$out.j2.nt" "$NEWSKG" build -q -j 2 -f ntriples -o "$out.j2.nt" "$corpus"
    cmp -s "$out.nt" "$out.j2.nt" || same="OUTPUT DIFFERS FROM -j 1"
    row "$n" "$bytes" newskg-ntriples 2 "$triples" "$same"
    rm -f "$out.j2.nt"
    measure "$out.serdi.nt" sh -c 'exec serdi -q -i ntriples -o ntriples "$1" >"$2"' serdi "$out.nt" "$out.serdi.nt"
    row "$n" "$bytes" serdi-ntriples 1 "$triples" ""
    rm -f "$out.nt" "$out.serdi.nt"

    local fmt
    for fmt in nquads turtle rdfxml; do
        if [ "$fmt" = rdfxml ] && [ "$n" -gt "$RDFXML_MAX" ]; then
            skipped "$n" "$bytes" newskg-rdfxml "over BENCH_RDFXML_MAX=$RDFXML_MAX"
            continue
        fi
        measure "$out.$fmt" "$NEWSKG" build -q -j 1 -f "$fmt" -o "$out.$fmt" "$corpus"
        row "$n" "$bytes" "newskg-$fmt" 1 "$triples" ""
        rm -f "$out.$fmt"
    done

    if [ "$n" -gt "$COMPROMISE_MAX" ]; then
        skipped "$n" "$bytes" compromise "over BENCH_COMPROMISE_MAX=$COMPROMISE_MAX"
    elif ! compromise_ready; then
        skipped "$n" "$bytes" compromise "no Node.js or no bench/node_modules (bench/setup.sh)"
    else
        measure /nonexistent sh -c 'exec "$1" "$2" "$3" >"$4"' compromise "$NODE" "$here/compromise.js" "$corpus" "$work/found"
        row "$n" "$bytes" compromise 1 - "$(cat "$work/found")"
    fi
    rm -rf "$corpus"
}

# What RESULTS.md needs to describe the machine and the code measured.
describe_machine() {
    echo "newskg benchmark: $("$NEWSKG" --version 2>&1 | head -1)," \
        "commit $(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown), sizes: $SIZES"
    echo "machine: $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1))," \
        "$(awk '/MemTotal/ { printf "%.1f GB RAM", $2 / 1048576 }' /proc/meminfo)," \
        "Debian $(cat /etc/debian_version 2>/dev/null || echo '?'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

describe_machine
check_generator
for n in $SIZES; do
    bench_size "$n"
done
[ -z "${BENCH_RESULTS:-}" ] || cp "$results" "$BENCH_RESULTS"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
python3 "$here/report.py" "$results"
