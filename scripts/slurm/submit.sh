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
# then instead of leaving it pending for ever (and sbatch --wait with it).
merge_opts=(--parsable --export=ALL --dependency="afterok:$shards_job" --kill-on-invalid-dep=yes
    --chdir="$outdir" --output="$outdir/logs/merge-%j.log")
merge_args=("$HERE/newskg-merge.sbatch" "$format" "$outdir/shards" "$nshards" "$final")
if [ $wait_merge -eq 0 ]; then
    merge_job=$(sbatch "${merge_opts[@]}" "${merge_args[@]}") || {
        scancel "$shards_job"
        die "could not submit the merge; shards job $shards_job cancelled"
    }
    echo "merge job ${merge_job%%;*}"
    echo "graph $final"
    exit 0
fi

# sbatch --wait prints the job id at submission and returns the job's exit
# status when it ends: its output goes through a pipe so that the id is
# shown at once, not when the wait is over
set +e
sbatch --wait "${merge_opts[@]}" "${merge_args[@]}" | {
    read -r merge_job || exit 1
    echo "merge job ${merge_job%%;*}"
    cat
}
status=("${PIPESTATUS[@]}")
set -e
if [ "${status[1]}" -ne 0 ]; then
    scancel "$shards_job"
    die "could not submit the merge; shards job $shards_job cancelled"
fi
if [ "${status[0]}" -ne 0 ]; then
    echo "submit.sh: the merge did not succeed (sbatch exit ${status[0]}); see $outdir/logs/" >&2
    exit 1
fi
echo "graph $final"
