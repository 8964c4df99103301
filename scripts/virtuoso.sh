#!/bin/bash
# A throw-away Virtuoso open source (Debian's virtuoso-opensource, 7.2) on
# 127.0.0.1 only, to load newskg's N-Quads and ask SPARQL over HTTP.
#
#   scripts/virtuoso.sh install
#       install virtuoso-opensource with apt-get when missing (root or sudo)
#   scripts/virtuoso.sh run NQUADS QUERIES_DIR OUTDIR
#       start a server, bulk-load NQUADS (each document in its named graph),
#       run every QUERIES_DIR/*.rq over the SPARQL protocol into
#       OUTDIR/NAME.json (SPARQL 1.1 Query Results JSON), write
#       OUTDIR/times.tsv (seconds: start, load, each query), stop the server
#   scripts/virtuoso.sh serve NQUADS
#       start and load the same way, print the endpoint, and keep the server
#       until interrupted (Ctrl-C)
#
# The server lives in a temporary folder (its own ini, database and log),
# both ports (ISQL and HTTP) are free ports bound to 127.0.0.1, the dba
# password is replaced by a random one at start, and the server is stopped
# and the folder removed on every exit (trap).  VIRTUOSO_KEEP=1 keeps the
# folder for a post-mortem.  Needs: virtuoso-t, isql-vt (Debian package
# virtuoso-opensource-7-bin) and python3.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
VT_START_DEADLINE=${VT_START_DEADLINE:-90}   # seconds; first start builds the database (~4 s here)
VT_TMP="" VT_PID="" VT_ISQL_PORT="" VT_HTTP_PORT="" VT_PW="dba"

# Debian's interpreter: a pyenv shim in front of it costs a second per call.
PY=$(command -v /usr/bin/python3 || command -v python3)

die() { echo "virtuoso.sh: $*" >&2; exit 1; }

# Debian's package asks for a dba password (debconf) and its postinst starts
# the system service (ports 1111 and 8890 on every interface) to set it.
# Neither is wanted: noninteractive debconf leaves the password unset (the
# package then keeps its service disabled), and a policy-rc.d that denies
# starts (Docker images ship one; otherwise ours, removed after) keeps the
# service from ever listening.
vt_install() {
    if command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1; then
        return 0
    fi
    local sudo="" ours=0 rc=0
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\n# virtuoso.sh: no service starts while installing\nexit 101\n' |
            $sudo tee /usr/sbin/policy-rc.d >/dev/null && $sudo chmod 755 /usr/sbin/policy-rc.d && ours=1
    fi
    echo "installing virtuoso-opensource" >&2
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            virtuoso-opensource >/dev/null || rc=$?
    [ $ours -eq 1 ] && $sudo rm -f /usr/sbin/policy-rc.d
    [ $rc -eq 0 ] || die "apt-get install virtuoso-opensource failed (status $rc)"
    command -v virtuoso-t >/dev/null 2>&1 || die "virtuoso-t not found after installing"
}

# Two free TCP ports on 127.0.0.1 (asked of the kernel, released at once).
free_ports() {
    "$PY" -c '
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])
for s in socks: s.close()'
}

# ini_edit FILE [SECTION KEY VALUE | SECTION KEY - | SECTION - -]...:
# set a key, delete a key (-), or delete a whole section (- -).  Virtuoso's
# ini repeats keys and has inline comments, so edit lines, not a parse tree.
ini_edit() {
    "$PY" - "$@" <<'PY'
import re, sys
path, args = sys.argv[1], sys.argv[2:]
edits = [args[i:i + 3] for i in range(0, len(args), 3)]
lines = open(path, encoding="utf-8").read().split("\n")
for sec, key, val in edits:
    out, cur, done = [], None, False
    for ln in lines:
        m = re.match(r"\s*\[(.*)\]\s*$", ln)
        if m:
            if cur == sec and not done and key != "-" and val != "-":
                out.append(f"{key} = {val}"); done = True
            cur = m.group(1)
            if cur == sec and key == "-":
                continue
            out.append(ln); continue
        if cur == sec and key == "-":
            continue
        k = re.match(r"\s*([^;=\s][^=]*?)\s*=", ln)
        if cur == sec and k and k.group(1) == key:
            if val != "-" and not done:
                out.append(f"{key} = {val}"); done = True
            continue
        out.append(ln)
    if cur == sec and not done and key != "-" and val != "-":
        out.append(f"{key} = {val}"); done = True
    if not done and key != "-" and val != "-":
        out += ["", f"[{sec}]", f"{key} = {val}"]
    lines = out
open(path, "w", encoding="utf-8").write("\n".join(lines))
PY
}

isql() {  # isql SQL... : run statements as dba, fail on any SQL error
    local out
    out=$(isql-vt "127.0.0.1:$VT_ISQL_PORT" dba "$VT_PW" VERBOSE=OFF BANNER=OFF PROMPT=OFF \
        ECHO=OFF ERRORS=STDOUT "exec=$*" 2>&1) || { echo "$out" >&2; return 1; }
    if printf '%s' "$out" | grep -q -E '^\*\*\* Error|^SQLState|Error S[0-9A-Z]{4}'; then
        echo "$out" >&2; return 1
    fi
    printf '%s\n' "$out"
}

vt_stop() {
    if [ -n "$VT_PID" ] && kill -0 "$VT_PID" 2>/dev/null; then
        # SHUTDOWN checkpoints and exits; TERM if it does not answer, KILL last.
        isql-vt "127.0.0.1:$VT_ISQL_PORT" dba "$VT_PW" "exec=shutdown;" >/dev/null 2>&1 &
        local i=0
        while kill -0 "$VT_PID" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
        kill -0 "$VT_PID" 2>/dev/null && kill -TERM "$VT_PID" 2>/dev/null
        i=0
        while kill -0 "$VT_PID" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
        kill -0 "$VT_PID" 2>/dev/null && kill -KILL "$VT_PID" 2>/dev/null
        wait "$VT_PID" 2>/dev/null
        wait 2>/dev/null   # the shutdown client
    fi
    VT_PID=""
    if [ -n "$VT_TMP" ] && [ -d "$VT_TMP" ]; then
        if [ "${VIRTUOSO_KEEP:-0}" = 1 ]; then
            echo "virtuoso.sh: kept $VT_TMP" >&2
        else
            rm -rf "$VT_TMP"
        fi
    fi
    VT_TMP=""
}

print_log() {
    echo "---- virtuoso log ($VT_TMP/virtuoso.log) ----" >&2
    tail -n 40 "$VT_TMP/virtuoso.log" >&2 2>/dev/null
    echo "---- end of log ----" >&2
}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", b - a}'; }

# vt_start DATADIR: a fresh server whose DirsAllowed includes DATADIR.
vt_start() {
    local datadir=$1 src ports i
    command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1 ||
        die "virtuoso-t and isql-vt are missing: run 'scripts/virtuoso.sh install' (as root)"
    src=/etc/virtuoso-opensource-7/virtuoso.ini
    [ -r "$src" ] || src=/usr/share/virtuoso-opensource-7/virtuoso.ini
    [ -r "$src" ] || die "no virtuoso.ini to copy (package virtuoso-opensource-7)"
    VT_TMP=$(mktemp -d "${TMPDIR:-/tmp}/newskg-virtuoso.XXXXXX") || die "cannot make a temporary folder"
    trap 'vt_stop' EXIT
    trap 'vt_stop; exit 130' INT
    trap 'vt_stop; exit 143' TERM
    mkdir -p "$VT_TMP/vsp"
    cp "$src" "$VT_TMP/virtuoso.ini"
    ports=$(free_ports) || die "cannot find free ports"
    VT_ISQL_PORT=${ports% *} VT_HTTP_PORT=${ports#* }
    local d=$VT_TMP
    # ResultSetMaxRows: the default 10,000 silently truncates HTTP answers.
    ini_edit "$d/virtuoso.ini" \
        Database DatabaseFile "$d/virtuoso.db" \
        Database ErrorLogFile "$d/virtuoso.log" \
        Database LockFile "$d/virtuoso.lck" \
        Database TransactionFile "$d/virtuoso.trx" \
        Database xa_persistent_file "$d/virtuoso.pxa" \
        TempDatabase DatabaseFile "$d/virtuoso-temp.db" \
        TempDatabase TransactionFile "$d/virtuoso-temp.trx" \
        Parameters ServerPort "127.0.0.1:$VT_ISQL_PORT" \
        Parameters DirsAllowed "., $d, $datadir" \
        Parameters MaxQueryMem 512M \
        Parameters ThreadsPerQuery 2 \
        Parameters MaxClientConnections 4 \
        HTTPServer ServerPort "127.0.0.1:$VT_HTTP_PORT" \
        HTTPServer ServerRoot "$d/vsp" \
        HTTPServer ServerThreads 4 \
        URIQA DefaultHost "127.0.0.1:$VT_HTTP_PORT" \
        SPARQL ResultSetMaxRows 100000000 \
        SPARQL MaxQueryExecutionTime 600 \
        Plugins - - \
        "Zero Config" - - || die "cannot write $d/virtuoso.ini"
    (cd "$d" && exec virtuoso-t +configfile "$d/virtuoso.ini" +foreground >"$d/stdout.log" 2>&1) &
    VT_PID=$!
    i=0
    while :; do
        if ! kill -0 "$VT_PID" 2>/dev/null; then
            echo "virtuoso.sh: the server exited while starting" >&2
            cat "$d/stdout.log" >&2 2>/dev/null; print_log; VT_PID=""; exit 1
        fi
        if grep -q 'Server online at' "$d/virtuoso.log" 2>/dev/null &&
            isql-vt "127.0.0.1:$VT_ISQL_PORT" dba dba "exec=select 1;" >/dev/null 2>&1; then
            break
        fi
        i=$((i + 1))
        if [ $i -gt $((VT_START_DEADLINE * 5)) ]; then
            echo "virtuoso.sh: not online after ${VT_START_DEADLINE}s" >&2; print_log; exit 1
        fi
        sleep 0.2
    done
    local pw
    pw=$("$PY" -c 'import secrets; print(secrets.token_hex(16))')
    isql "USER_CHANGE_PASSWORD('dba', 'dba', '$pw');" >/dev/null || { print_log; die "cannot set the dba password"; }
    VT_PW=$pw
    # Both listeners must be on the loopback address only.
    if command -v ss >/dev/null 2>&1; then
        local bad
        bad=$(ss -ltnp 2>/dev/null | grep "pid=$VT_PID," | awk '{print $4}' | grep -v '^127\.0\.0\.1:' || true)
        [ -z "$bad" ] || die "the server listens beyond 127.0.0.1: $bad"
    fi
    VT_ENDPOINT="http://127.0.0.1:$VT_HTTP_PORT/sparql"
    i=0
    until "$PY" "$HERE/sparql-http.py" "$VT_ENDPOINT" <(echo 'ASK {}') >/dev/null 2>&1; do
        i=$((i + 1))
        [ $i -gt 100 ] && { print_log; die "no SPARQL endpoint at $VT_ENDPOINT"; }
        sleep 0.2
    done
}

# vt_load NQUADS: bulk-load one N-Quads file; every quad keeps its graph.
vt_load() {
    local f=$1 state
    f=$(realpath "$f")
    case "$f" in
    *.nq) ;;
    *) die "$1: the bulk loader reads N-Quads from a file named *.nq" ;;
    esac
    case "$f" in *"'"*) die "$1: a quote in the path cannot be passed to the loader" ;; esac
    # ld_add queues one file (ld_dir would take a LIKE pattern, where '_'
    # matches any character); triples outside a graph would go to the third
    # argument's graph, and N-Quads from newskg have none.
    isql "ld_add('$f', 'urn:newskg:no-graph');" >/dev/null || die "$1: cannot queue the file"
    isql "rdf_loader_run();" >/dev/null || { print_log; die "$1: the bulk loader failed"; }
    state=$(isql "select ll_state, ll_error from DB.DBA.LOAD_LIST;") || die "cannot read the load list"
    state=$(printf '%s\n' "$state" | grep -v '^[[:space:]]*$')
    if [ "$(printf '%s\n' "$state" | awk '{print $1}' | sort -u)" != 2 ] ||
        printf '%s\n' "$state" | awk '$2 != "NULL" && $2 != ""' | grep -q .; then
        print_log; die "$1: not loaded: $state"
    fi
    isql "checkpoint;" >/dev/null || die "checkpoint failed"
}

vt_query() {  # vt_query QUERY_FILE OUT_JSON
    "$PY" "$HERE/sparql-http.py" "$VT_ENDPOINT" "$1" "$2"
}

cmd_run() {
    [ $# -eq 3 ] || die "usage: virtuoso.sh run NQUADS QUERIES_DIR OUTDIR"
    local nq=$1 qdir=$2 out=$3 t0 t1 t2 q name fail=0 tq
    [ -r "$nq" ] || die "$nq: cannot read"
    [ -d "$qdir" ] || die "$qdir: not a folder"
    mkdir -p "$out" || die "$out: cannot create"
    t0=$(now)
    vt_start "$(dirname "$(realpath "$nq")")"
    t1=$(now)
    vt_load "$nq"
    t2=$(now)
    printf 'start\t%s\nload\t%s\n' "$(elapsed "$t0" "$t1")" "$(elapsed "$t1" "$t2")" >"$out/times.tsv"
    for q in "$qdir"/*.rq; do
        [ -e "$q" ] || continue
        name=$(basename "$q" .rq)
        tq=$(now)
        if vt_query "$q" "$out/$name.json"; then
            printf 'query %s\t%s\n' "$name" "$(elapsed "$tq" "$(now)")" >>"$out/times.tsv"
        else
            fail=1
        fi
    done
    vt_stop
    return $fail
}

cmd_serve() {
    [ $# -eq 1 ] || die "usage: virtuoso.sh serve NQUADS"
    [ -r "$1" ] || die "$1: cannot read"
    vt_start "$(dirname "$(realpath "$1")")"
    vt_load "$1"
    echo "SPARQL endpoint: $VT_ENDPOINT (Ctrl-C stops the server and removes $VT_TMP)"
    while kill -0 "$VT_PID" 2>/dev/null; do sleep 1; done
}

case "${1:-}" in
install) vt_install ;;
run) shift; cmd_run "$@" ;;
serve) shift; cmd_serve "$@" ;;
*) echo "usage: scripts/virtuoso.sh install | run NQUADS QUERIES_DIR OUTDIR | serve NQUADS" >&2; exit 2 ;;
esac
