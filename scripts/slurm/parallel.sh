#!/bin/bash
# parallel.sh — the build that submit.sh runs on Slurm, where there is no
# Slurm: GNU parallel runs the NSHARDS shards (newskg build --shard I/K) on
# the machines it reaches over ssh, then this machine merges them.  The
# graph is byte for byte what a single `newskg build` of the corpus writes.
#
#   scripts/slurm/parallel.sh SSHLOGINS CORPUS OUTDIR NSHARDS [FORMAT]
#
#   SSHLOGINS  GNU parallel's --sshlogin list: "4/node1,4/node2" runs up to
#              4 shards at once on each of node1 and node2; ":" is this
#              machine ("2/:" two at once)
#   CORPUS, OUTDIR, NSHARDS, FORMAT  as for submit.sh; OUTDIR receives
#              graph.EXT, shards/ and logs/
#
# The newskg binary ($NEWSKG, default the repo's), its knowledge files
# ($NEWSKG_ONTOLOGY, default the repo's), CORPUS and OUTDIR must be at the
# same paths on every machine: a shared filesystem.  Exit 0 when the graph
# was written; 1 when a shard or the merge failed (logs/ says which).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

die() {
    echo "parallel.sh: $*" >&2
    exit 2
}
[ $# -eq 4 ] || [ $# -eq 5 ] || die "usage: $0 SSHLOGINS CORPUS OUTDIR NSHARDS [nquads|ntriples|turtle]"
logins=$1 corpus=$2 outdir=$3 nshards=$4 format=${5:-nquads}
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
command -v parallel >/dev/null || die "GNU parallel not found (Debian: apt-get install parallel)"

# the commands run in another folder, maybe on another machine
abspath() {
    if [ -d "$1" ]; then
        (cd "$1" && pwd)
    else
        echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
    fi
}
newskg=$(abspath "${NEWSKG:-$ROOT/newskg}")
[ -x "$newskg" ] || die "$newskg: not an executable (run make, or set NEWSKG)"
ontology=$(abspath "${NEWSKG_ONTOLOGY:-$ROOT/ontology}")
[ -d "$ontology" ] || die "$ontology: no such folder (set NEWSKG_ONTOLOGY)"
mkdir -p "$outdir/shards" "$outdir/logs"
corpus=$(abspath "$corpus")
outdir=$(abspath "$outdir")

# One line per shard, "I NNNNN" (its number, and padded for the file name);
# {1} and {2} below are replaced by parallel, everything else is quoted for
# the remote shell.  Exit 1 from newskg means that some inputs were skipped
# (named in the shard's log): a single build skips the same ones, so the
# shard is good.
q() { printf '%q' "$1"; }
shard_cmd="$(q "$newskg") build --ontology $(q "$ontology") --shard {1}/$nshards -f $format"
shard_cmd+=" -o $(q "$outdir/shards/shard-"){2}.$ext $(q "$corpus")"
shard_cmd+=" 2>$(q "$outdir/logs/shard-"){2}.log || [ \$? -eq 1 ]"
echo "parallel.sh: $nshards shards on $logins"
for ((i = 0; i < nshards; i++)); do
    printf '%d %05d\n' "$i" "$i"
done | parallel --colsep ' ' --sshlogin "$logins" --halt now,fail=1 \
    --joblog "$outdir/logs/parallel.joblog" "$shard_cmd" || {
    echo "parallel.sh: a shard failed: see $outdir/logs/parallel.joblog and $outdir/logs/shard-*.log" >&2
    exit 1
}

# the merge reads every shard: here, in shard order
shards=()
for ((i = 0; i < nshards; i++)); do
    shards+=("$outdir/shards/$(printf 'shard-%05d' "$i").$ext")
done
final=$outdir/graph.$ext
"$newskg" merge --ontology "$ontology" -f "$format" -o "$final" "${shards[@]}" 2>"$outdir/logs/merge.log" || {
    echo "parallel.sh: the merge failed: see $outdir/logs/merge.log" >&2
    exit 1
}
echo "graph $final"
