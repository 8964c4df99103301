#!/usr/bin/env bash
# The Slurm test: starts a real single-node Slurm (munged, slurmctld,
# slurmd; tests/slurm/minicluster.sh) inside namespaces of its own, runs
# scripts/slurm/submit.sh over a test corpus as job arrays, checks that the
# merged graph is byte for byte the graph of a single `newskg build`, then
# stops the cluster.
#
#   NEWSKG=/path/to/newskg tests/slurm/run.sh    (default: newskg at the repo root)
#
# NEWSKG_SLURM_KEEP=1 keeps the temporary folder (the daemons' logs and
# config, the jobs' logs and outputs) and prints its path.
#
# Needs root (for the namespaces; Slurm and munge are installed by
# scripts/install-slurm.sh when missing).  The cluster lives in a new UTS,
# network, mount and PID namespace: its daemons see only the namespace's
# loopback, so the host's hostname and network are never touched, and they
# all die with the namespace, whatever happens to this script.  Prints one
# line per check and ends with "N passed, M failed"; exit 1 when anything
# failed.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
NEWSKG=${NEWSKG:-$ROOT/newskg}
case $NEWSKG in
    /*) ;;
    */*) NEWSKG=$PWD/$NEWSKG ;;
esac
export NEWSKG
export NEWSKG_ONTOLOGY=${NEWSKG_ONTOLOGY:-$ROOT/ontology}
export LC_ALL=C
SUBMIT=$ROOT/scripts/slurm/submit.sh
SHARDS=4
# a run that is not over by then has hung (a merge left pending, say)
WAIT_SECONDS=120

passed=0 failed=0

# seconds since $1 (an $EPOCHREALTIME), to a tenth
since() {
    local now=${EPOCHREALTIME/[.,]/} start=${1/[.,]/}
    local ds=$(((now - start) / 100000))
    echo "$((ds / 10)).$((ds % 10))"
}

# check NAME COMMAND...: status 0 of COMMAND is a pass; its output is shown
# (indented, last 30 lines) when it fails.
check() {
    local name=$1 log
    shift
    log=$(mktemp "$TMP/check.XXXXXX")
    if "$@" >"$log" 2>&1; then
        passed=$((passed + 1))
        printf 'ok   %s\n' "$name"
    else
        failed=$((failed + 1))
        printf 'FAIL %s\n' "$name"
        tail -n 30 "$log" | sed 's/^/     | /'
    fi
}

# ---------------------------------------------------------------- inside
# The part that runs as PID 1 of the namespaces (see the end of the file).
inside() {
    # shellcheck source=minicluster.sh
    . "$HERE/minicluster.sh"
    trap 'stop_all; echo "$passed $failed" >"$TMP/counts"' EXIT
    trap 'exit 130' INT TERM
    # the caller's Slurm settings (SBATCH_PARTITION, SLURM_CONF, a job's
    # own SLURM_JOB_ID ...) are for another cluster
    local v
    for v in $(compgen -e | grep -E '^(SBATCH|SALLOC|SLURM)_'); do
        unset "$v"
    done

    local t0=$EPOCHREALTIME
    check "cluster network in the namespace" cluster_net
    check "slurmctld and slurmd start, node idle" cluster_start "$TMP/cluster"
    if [ $failed -ne 0 ]; then
        return
    fi
    echo "     cluster up in $(since "$t0") s"

    # three runs at once, to keep the test short: N-Quads in SHARDS shards,
    # Turtle in 3 (slices of unequal size), and one that must fail
    t0=$EPOCHREALTIME
    timeout "$WAIT_SECONDS" "$SUBMIT" --wait "$TMP/corpus" "$TMP/nq" "$SHARDS" nquads >"$TMP/nq.out" 2>&1 &
    local nq=$!
    timeout "$WAIT_SECONDS" "$SUBMIT" --wait "$TMP/corpus" "$TMP/ttl" 3 turtle >"$TMP/ttl.out" 2>&1 &
    local ttl=$!
    # an ontology folder the compute nodes do not have: every shard fails
    mkdir -p "$TMP/no-ontology"
    NEWSKG_ONTOLOGY=$TMP/no-ontology \
        timeout "$WAIT_SECONDS" "$SUBMIT" --wait "$TMP/corpus" "$TMP/bad" 2 nquads >"$TMP/bad.out" 2>&1 &
    local bad=$!
    local rc_nq=0 rc_ttl=0 rc_bad=0
    wait $nq || rc_nq=$?
    wait $ttl || rc_ttl=$?
    wait $bad || rc_bad=$?
    echo "     three arrays and merges done in $(since "$t0") s"

    check "submit.sh --wait, $SHARDS N-Quads shards: exit 0, job ids printed" \
        submitted "$TMP/nq" "$rc_nq" "$TMP/nq.out" "$SHARDS" nq
    check "each array task built its own shard" shard_logs "$TMP/nq" "$SHARDS"
    check "merged N-Quads = single build, byte for byte" cmp "$TMP/single.nq" "$TMP/nq/graph.nq"
    check "merged N-Quads parse with rapper, as many triples as lines" \
        parses nquads "$TMP/nq/graph.nq"
    check "submit.sh --wait, 3 Turtle shards: exit 0, job ids printed" \
        submitted "$TMP/ttl" "$rc_ttl" "$TMP/ttl.out" 3 ttl
    check "merged Turtle = single build, byte for byte" cmp "$TMP/single.ttl" "$TMP/ttl/graph.ttl"
    check "merged Turtle parses with rapper" parses turtle "$TMP/ttl/graph.ttl"
    check "failing shards: merge cancelled, submit.sh --wait exits non-zero, no graph" \
        failed_run "$TMP/bad" "$rc_bad" "$TMP/bad.out"

    # the documented way to redo lost or failed shards of a run: only their
    # numbers in the array, the run's shard count in NEWSKG_SHARDS, then the
    # merge again
    if [ "$rc_nq" -eq 0 ]; then
        t0=$EPOCHREALTIME
        check "redo shard 2 of 4 (NEWSKG_SHARDS=4, --array=2), merge again: = single build" \
            redo_shard "$TMP/nq" 2 "$SHARDS"
        echo "     redo and merge done in $(since "$t0") s"
    fi
    check "no job left in the queue" queue_empty
}

# redo_shard OUTDIR I K: rebuilds shard I of the N-Quads run in OUTDIR
redo_shard() {
    local outdir=$1 i=$2 k=$3 s job
    s=$outdir/shards/$(printf 'shard-%05d' "$i").nq
    rm -f "$s" "$s.entities" "$outdir/graph.nq"
    job=$(NEWSKG_SHARDS=$k sbatch --parsable --array="$i" --output="$outdir/logs/redo-%A_%a.log" \
        "$ROOT/scripts/slurm/newskg-shard.sbatch" nquads "$outdir/shards" "$TMP/corpus") || return 1
    # a job that never ran exits 0 for sbatch --wait: the cmp below tells
    timeout "$WAIT_SECONDS" sbatch --wait --dependency="afterok:${job%%;*}" --kill-on-invalid-dep=yes \
        --output="$outdir/logs/remerge-%j.log" \
        "$ROOT/scripts/slurm/newskg-merge.sbatch" nquads "$outdir/shards" "$k" "$outdir/graph.nq" || return 1
    cat "$outdir"/logs/redo-*.log
    grep -q "^newskg-shard: shard $i/$k on " "$outdir"/logs/redo-*.log || return 1
    cmp "$TMP/single.nq" "$outdir/graph.nq"
}

stop_all() {
    local t0=$EPOCHREALTIME
    cluster_stop
    echo "     cluster stopped in $(since "$t0") s"
}

# submitted OUTDIR RC LOG K EXT: submit.sh succeeded and said what it did
submitted() {
    local outdir=$1 rc=$2 log=$3 k=$4 ext=$5 i s
    cat "$log"
    [ "$rc" -eq 0 ] || { echo "submit.sh exit $rc"; logs_of "$outdir"; return 1; }
    grep -Eq '^shards job [0-9]+$' "$log" || { echo "no 'shards job N' line"; return 1; }
    grep -Eq '^merge job [0-9]+$' "$log" || { echo "no 'merge job N' line"; return 1; }
    grep -qx "graph $outdir/graph.$ext" "$log" || { echo "no 'graph PATH' line"; return 1; }
    for ((i = 0; i < k; i++)); do
        s=$outdir/shards/$(printf 'shard-%05d' "$i").$ext
        [ -f "$s" ] && [ -f "$s.entities" ] || { echo "$s or its .entities missing"; return 1; }
    done
    [ -s "$outdir/graph.$ext" ] || { echo "$outdir/graph.$ext missing or empty"; return 1; }
}

# shard_logs OUTDIR K: task i of the array logged "shard i/K", once each
shard_logs() {
    local outdir=$1 k=$2 i n
    for ((i = 0; i < k; i++)); do
        n=$(cat "$outdir"/logs/shard-*_"$i".log | grep -c "^newskg-shard: shard $i/$k on ")
        [ "$n" -eq 1 ] || { echo "shard $i/$k logged $n times"; logs_of "$outdir"; return 1; }
    done
}

# parses SYNTAX FILE: rapper reads it without error, and finds triples
parses() {
    local out n
    out=$(rapper -i "$1" -c "$2" 2>&1) || { echo "$out"; return 1; }
    n=$(printf '%s\n' "$out" | sed -n 's/.*returned \([0-9]*\) triples.*/\1/p')
    echo "rapper: ${n:-no} triples"
    [ -n "$n" ] && [ "$n" -gt 0 ] || return 1
    if [ "$1" = nquads ]; then
        [ "$n" -eq "$(wc -l <"$2")" ] || { echo "but $(wc -l <"$2") lines"; return 1; }
    fi
}

failed_run() {
    local outdir=$1 rc=$2 log=$3
    cat "$log"
    [ "$rc" -ne 0 ] || { echo "submit.sh exited 0"; return 1; }
    [ ! -e "$outdir/graph.nq" ] || { echo "a graph was written"; return 1; }
    # cancelled by Slurm, never started (a started job has its log file)
    grep -q "merge job [0-9]* ended CANCELLED" "$log" || { echo "the merge was not cancelled"; return 1; }
    ! ls "$outdir"/logs/merge-*.log 2>/dev/null || { echo "the merge ran"; return 1; }
    grep -q "no ontology files" "$outdir"/logs/shard-*.log || {
        echo "the shard logs do not give newskg's reason"
        logs_of "$outdir"
        return 1
    }
}

queue_empty() {
    local q
    q=$(squeue -h)
    [ -z "$q" ] || { echo "$q"; return 1; }
}

logs_of() {
    local f
    for f in "$1"/logs/*; do
        echo "---- $f"
        tail -n 15 "$f"
    done
}

# ---------------------------------------------------------------- outside
if [ "${NEWSKG_SLURM_INSIDE:-}" = 1 ]; then
    TMP=$NEWSKG_SLURM_TMP
    inside
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "FAIL slurm test: needs root (namespaces, private Slurm daemons)"
    echo "0 passed, 1 failed"
    exit 1
fi
if ! "$ROOT/scripts/install-slurm.sh"; then
    echo "FAIL slurm test: could not install slurm-wlm and munge"
    echo "0 passed, 1 failed"
    exit 1
fi
[ -x "$NEWSKG" ] || {
    echo "FAIL slurm test: $NEWSKG not built"
    echo "0 passed, 1 failed"
    exit 1
}

TMP=$(mktemp -d "${TMPDIR:-/tmp}/newskg-slurm.XXXXXX") || exit 1
chmod 755 "$TMP" # munged checks every folder above its socket
ns=
# The namespace's PID 1 is unshare's child: when it ends, every process in
# the namespace is killed, and unshare returns once they are all gone.
# Interrupted, it is asked to stop the cluster (TERM: cancel the jobs, shut
# the daemons down), and killed if it has not within 15 s.
cleanup() {
    if [ -n "$ns" ] && kill -0 "$ns" 2>/dev/null; then
        local init deadline=$((SECONDS + 15))
        init=$(ps -o pid= --ppid "$ns")
        if [ -n "$init" ]; then
            kill -TERM $init 2>/dev/null
            while kill -0 $init 2>/dev/null && [ $SECONDS -lt $deadline ]; do
                sleep 0.1
            done
            kill -0 $init 2>/dev/null && kill -KILL $init
        fi
        wait "$ns" 2>/dev/null
    fi
    ns=
    if [ -n "${NEWSKG_SLURM_KEEP:-}" ]; then
        echo "     kept $TMP"
    else
        rm -rf "$TMP"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# the test corpus: the corpus and the test articles, in one folder so that
# the single build and the shards read the very same paths
mkdir -p "$TMP/corpus"
cp "$ROOT"/corpus/*.txt "$ROOT"/tests/articles/*.txt "$TMP/corpus/"
single() {
    local rc=0
    "$NEWSKG" build -f "$1" -o "$2" "$TMP/corpus" || rc=$?
    # 1: some inputs skipped, and the graph of the rest written
    [ $rc -le 1 ] && [ -s "$2" ]
}
check "single build of the test corpus (N-Quads)" single nquads "$TMP/single.nq"
check "single build of the test corpus (Turtle)" single turtle "$TMP/single.ttl"

# GNU parallel's recipe (scripts/slurm/parallel.sh) on this machine, while
# the cluster runs
"$ROOT/scripts/slurm/parallel.sh" 2/: "$TMP/corpus" "$TMP/par" 5 nquads </dev/null >"$TMP/par.out" 2>&1 &
par=$!

t0=$EPOCHREALTIME
# in the background so that a signal reaches the trap at once
NEWSKG_SLURM_INSIDE=1 NEWSKG_SLURM_TMP=$TMP \
    unshare --uts --net --mount --pid --mount-proc --kill-child "$BASH" "$HERE/run.sh" &
ns=$!
wait "$ns"
ns=
echo "     start -> arrays -> stop: $(since "$t0") s"

if [ -f "$TMP/counts" ]; then
    read -r p f <"$TMP/counts"
    passed=$((passed + p)) failed=$((failed + f))
else
    check "the test inside the namespace ran to its end" false
fi
rc_par=0
wait $par || rc_par=$?
by_parallel() {
    cat "$TMP/par.out"
    [ "$rc_par" -eq 0 ] || return 1
    cmp "$TMP/single.nq" "$TMP/par/graph.nq"
}
check "parallel.sh over 2/:, 5 shards: merged N-Quads = single build" by_parallel
# every daemon had its files under $TMP: none may be left
none_left() {
    local left
    left=$(ps -eo pid=,args= | grep -F "$TMP/" | grep -v grep)
    [ -z "$left" ] || { echo "$left"; return 1; }
}
check "no Slurm or munge daemon left running" none_left

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
