#!/bin/bash
# submit.sh — builds the graph of a corpus on a Slurm cluster: a job array of
# NSHARDS tasks, each building one slice of the corpus (newskg-shard.sbatch),
# then a merge job (newskg-merge.sbatch) that Slurm starts only when every
# task has succeeded.  The merged graph is byte for byte what a single
# `newskg build` of the corpus writes.
#
#   scripts/slurm/submit.sh [--wait] CORPUS OUTDIR NSHARDS [FORMAT]
#
#   CORPUS   a file or folder (folders are read recursively, as by newskg build)
#   OUTDIR   receives graph.EXT, shards/ and logs/; made when missing
#   NSHARDS  the number of array tasks (at most the cluster's MaxArraySize)
#   FORMAT   nquads (default), ntriples or turtle
#   --wait   wait for the merge; exit 0 only if it succeeded
#
# Prints the two job ids ("shards job N", "merge job M") and the graph's
# path.  CORPUS and OUTDIR must be on a filesystem every node sees.
#
# Environment: NEWSKG (the binary; default the repo's ./newskg) and
# NEWSKG_ONTOLOGY (default the repo's ontology/), both passed to the jobs.
# Slurm's own SBATCH_* variables (SBATCH_PARTITION, SBATCH_ACCOUNT,
# SBATCH_TIMELIMIT, ...) apply to both jobs, as with any sbatch.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

usage() {
    echo "usage: $0 [--wait] CORPUS OUTDIR NSHARDS [nquads|ntriples|turtle]" >&2
    exit 2
}
die() {
    echo "submit.sh: $*" >&2
    exit 2
}

wait_merge=0
args=()
for a in "$@"; do
    case $a in
        --wait) wait_merge=1 ;;
        -h | --help) usage ;;
        -*) echo "submit.sh: unknown option '$a'" >&2; usage ;;
        *) args+=("$a") ;;
    esac
done
[ ${#args[@]} -eq 3 ] || [ ${#args[@]} -eq 4 ] || usage
corpus=${args[0]} outdir=${args[1]} nshards=${args[2]} format=${args[3]:-nquads}

case $nshards in
    '' | *[!0-9]* | 0*) die "NSHARDS '$nshards' is not a positive integer" ;;
esac
case $format in
    ntriples) ext=nt ;;
    nquads) ext=nq ;;
    turtle) ext=ttl ;;
    *) die "FORMAT '$format' cannot be sharded: nquads, ntriples or turtle" ;;
esac
[ -e "$corpus" ] || die "$corpus: no such file or folder"
command -v sbatch >/dev/null || die "sbatch not found: is this a Slurm login node?"

# the jobs start in another folder, maybe on another machine: absolute paths
abspath() {
    if [ -d "$1" ]; then
        (cd "$1" && pwd)
    else
        echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
    fi
}
NEWSKG=${NEWSKG:-$ROOT/newskg}
case $NEWSKG in
    */*) NEWSKG=$(abspath "$NEWSKG") ;;
    *) NEWSKG=$(command -v "$NEWSKG") || die "$NEWSKG: not found on PATH" ;;
esac
[ -x "$NEWSKG" ] || die "$NEWSKG: not an executable (run make, or set NEWSKG)"
NEWSKG_ONTOLOGY=$(abspath "${NEWSKG_ONTOLOGY:-$ROOT/ontology}")
[ -d "$NEWSKG_ONTOLOGY" ] || die "$NEWSKG_ONTOLOGY: no such folder (set NEWSKG_ONTOLOGY)"
export NEWSKG NEWSKG_ONTOLOGY

mkdir -p "$outdir/shards" "$outdir/logs"
corpus=$(abspath "$corpus")
outdir=$(abspath "$outdir")
final=$outdir/graph.$ext

# --parsable prints "jobid" or "jobid;cluster"; --export=ALL carries NEWSKG
# and NEWSKG_ONTOLOGY whatever SBATCH_EXPORT says
shards_job=$(sbatch --parsable --export=ALL --array="0-$((nshards - 1))" \
    --chdir="$outdir" --output="$outdir/logs/shard-%A_%a.log" \
    "$HERE/newskg-shard.sbatch" "$format" "$outdir/shards" "$corpus")
shards_job=${shards_job%%;*}
echo "shards job $shards_job"

# afterok: the merge starts only when every task exited 0.  When one fails
# the dependency can never be met; --kill-on-invalid-dep cancels the merge
# then instead of leaving it pending for ever (and --wait with it).
merge_opts=(--parsable --export=ALL --dependency="afterok:$shards_job" --kill-on-invalid-dep=yes
    --chdir="$outdir" --output="$outdir/logs/merge-%j.log")
merge_args=("$HERE/newskg-merge.sbatch" "$format" "$outdir/shards" "$nshards" "$final")
merge_job=$(sbatch "${merge_opts[@]}" "${merge_args[@]}") || {
    scancel "$shards_job"
    die "could not submit the merge; shards job $shards_job cancelled"
}
merge_job=${merge_job%%;*}
echo "merge job $merge_job"
if [ $wait_merge -eq 0 ]; then
    echo "graph $final"
    exit 0
fi

# --wait.  Not sbatch --wait: it returns 0 for a merge cancelled because a
# shard failed, since a job that never ran has exit code 0.  The merge's
# state is read instead, often enough to see it before slurmctld forgets
# the job (MinJobAge seconds after its end; sacct, where there is
# accounting, remembers longer).
min_age=$(scontrol show config 2>/dev/null | sed -n 's/^MinJobAge *= *\([0-9]*\).*/\1/p')
min_age=${min_age:-300}
job_state() {
    local line
    line=$(scontrol show job -o "$1" 2>/dev/null)
    if [ -n "$line" ]; then
        state=$(printf '%s\n' "$line" | grep -o 'JobState=[A-Z_]*' | cut -d= -f2)
        reason=$(printf '%s\n' "$line" | grep -o 'Reason=[^ ]*' | cut -d= -f2)
    else
        state=$(sacct -n -X -P -j "$1" -o State 2>/dev/null | head -n 1 | cut -d' ' -f1)
        reason=
    fi
}
delay=1
while :; do
    job_state "$merge_job"
    case $state in
        PENDING | CONFIGURING | RUNNING | COMPLETING | REQUEUED | RESIZING | SUSPENDED | '') ;;
        *) break ;;
    esac
    if [ -z "$state" ]; then
        die "merge job $merge_job: its state is no longer known (gone from slurmctld, and no sacct); see $outdir/logs/"
    fi
    sleep "$delay"
    # poll less often as the wait grows, but never less than twice per
    # MinJobAge, or the job could end and be forgotten between two looks
    next=$((delay * 2))
    [ $next -gt 10 ] && next=10
    [ $next -lt $((min_age / 2)) ] && delay=$next
done
if [ "$state" != COMPLETED ]; then
    echo "submit.sh: merge job $merge_job ended $state${reason:+ ($reason)}: see $outdir/logs/" >&2
    grep -l 'failed' "$outdir"/logs/shard-"$shards_job"_*.log 2>/dev/null | sed 's/^/submit.sh: failed: /' >&2
    exit 1
fi
echo "graph $final"
