# shellcheck shell=bash
# minicluster.sh — a throwaway single-node Slurm (munged + slurmctld +
# slurmd) whose every file lives under one folder.  Sourced by
# tests/slurm/run.sh, and meant to run inside a fresh UTS, network, mount and
# PID namespace (see there): the daemons then bind only the namespace's
# loopback, and whatever outlives cluster_stop dies with the namespace.
#
#   cluster_start DIR   writes DIR/etc/slurm.conf, starts the daemons, waits
#                       until the node takes jobs; exports SLURM_CONF.
#                       Status 1, with the daemons' logs printed, on failure.
#   cluster_stop        cancels jobs, shuts the daemons down, kills what is
#                       left.  Safe to call more than once, or after a
#                       failed start.
#
# Each pitfall noted in issue 12 has its line below, with its reason.

CLUSTER_DIR=
CLUSTER_PIDS=()
CLUSTER_START_SECONDS=${CLUSTER_START_SECONDS:-30}
# slurmctld starts pending jobs about once a second: a node with CPUs to
# spare for every task of a small test starts them all in one pass, where
# the machine's 2 would take a pass per pair.  The tasks are short.
CLUSTER_CPUS=${CLUSTER_CPUS:-8}

# cluster_net: the namespace's network.  Run as root inside `unshare --uts
# --net`; touches nothing outside it.
cluster_net() {
    # the daemons bind what the hostname resolves to: make that loopback
    hostname localhost || return 1
    ip link set lo up || return 1
    # glibc's getaddrinfo (AI_ADDRCONFIG) ignores 127.0.0.1 when deciding
    # whether a host has IPv4 at all; a second loopback address convinces it
    ip addr add 127.0.0.2/32 dev lo || return 1
}

cluster_write_conf() {
    local d=$1
    cat >"$d/etc/slurm.conf" <<EOF
# written by tests/slurm/minicluster.sh; lives only as long as the test
ClusterName=newskgtest
SlurmctldHost=localhost
SlurmctldPort=6817
SlurmdPort=6818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$d/munge/munge.socket.2
# without these the daemons listen on 0.0.0.0
CommunicationParameters=NoCtldInAddrAny,NoInAddrAny
StateSaveLocation=$d/state
SlurmdSpoolDir=$d/spool
SlurmctldPidFile=$d/run/slurmctld.pid
SlurmdPidFile=$d/run/slurmd.pid
SlurmctldLogFile=$d/log/slurmctld.log
SlurmdLogFile=$d/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
# no cgroups: a container may have none to give
ProctrackType=proctrack/pgid
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
# finished jobs leave the controller after 5 s (default 300): whoever waits
# for a job (sbatch --wait, submit.sh --wait) looks at it less often the
# longer MinJobAge is, up to every 10-32 s
MinJobAge=5
# schedule batch jobs at once, not in the next scheduling pass
SchedulerParameters=batch_sched_delay=0
ReturnToService=2
# take the node as written here, whatever slurmd finds on the machine
SlurmdParameters=config_overrides
NodeName=localhost CPUs=$CLUSTER_CPUS State=UNKNOWN
PartitionName=test Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
}

# the daemons' logs: slurmctld and slurmd in the foreground copy theirs to
# standard output (*.out), with what they say before opening the log file
cluster_logs() {
    local f
    for f in "$CLUSTER_DIR"/log/munged.log "$CLUSTER_DIR"/log/slurmctld.out "$CLUSTER_DIR"/log/slurmd.out; do
        [ -s "$f" ] || continue
        echo "---- $f (last 30 lines)"
        tail -n 30 "$f"
    done
}

ctld_listening() {
    [ -n "$(ss -Hltn 'sport = :6817' 2>/dev/null)" ]
}

cluster_start() {
    CLUSTER_DIR=$1
    local d=$CLUSTER_DIR
    mkdir -p "$d/etc" "$d/munge" "$d/state" "$d/spool" "$d/run" "$d/log" || return 1
    # munged refuses a socket folder others cannot search, and a key it did
    # not make itself or that others can read
    chmod 755 "$d/munge"
    mungekey -c -k "$d/munge/munge.key" || return 1
    cluster_write_conf "$d" || return 1
    export SLURM_CONF=$d/etc/slurm.conf

    # in the foreground (-F, -D) so that the PIDs are ours to stop: started
    # the usual way, each daemon forks and exits 0 even when it then fails
    munged -F --socket="$d/munge/munge.socket.2" --key-file="$d/munge/munge.key" \
        --pid-file="$d/run/munged.pid" --log-file="$d/log/munged.log" \
        --seed-file="$d/munge/munged.seed" >>"$d/log/munged.out" 2>&1 &
    CLUSTER_PIDS+=($!)
    local deadline=$((SECONDS + CLUSTER_START_SECONDS))
    until [ -S "$d/munge/munge.socket.2" ]; do
        if [ $SECONDS -ge $deadline ] || ! kill -0 "${CLUSTER_PIDS[0]}" 2>/dev/null; then
            echo "munged did not start"
            cluster_logs
            return 1
        fi
        sleep 0.1
    done

    slurmctld -D -f "$SLURM_CONF" >>"$d/log/slurmctld.out" 2>&1 &
    CLUSTER_PIDS+=($!)
    slurmd -D -f "$SLURM_CONF" >>"$d/log/slurmd.out" 2>&1 &
    CLUSTER_PIDS+=($!)

    # a client that finds slurmctld not yet listening sleeps a whole second
    # before it tries again: ask only once the port is open
    until ctld_listening; do
        if [ $SECONDS -ge $deadline ] || ! kill -0 "${CLUSTER_PIDS[1]}" 2>/dev/null; then
            echo "slurmctld did not start"
            cluster_logs
            return 1
        fi
        sleep 0.05
    done
    # ready when the node is idle: only once slurmd has registered
    local state=
    while :; do
        state=$(sinfo -h -N -o '%T' 2>/dev/null | head -n 1)
        [ "$state" = idle ] && return 0
        if [ $SECONDS -ge $deadline ]; then
            echo "Slurm did not start within ${CLUSTER_START_SECONDS}s (node state: '${state:-no answer}')"
            cluster_logs
            return 1
        fi
        sleep 0.2
    done
}

cluster_stop() {
    [ -n "$CLUSTER_DIR" ] || return 0
    if [ ${#CLUSTER_PIDS[@]} -gt 0 ]; then
        # clients retry an absent controller for many seconds: only ask a
        # live one, and give each command a time limit; a controller that
        # never listened is killed without waiting
        local grace=0
        if kill -0 "${CLUSTER_PIDS[1]:-0}" 2>/dev/null && ctld_listening; then
            # scontrol shutdown leaves running job steps behind: cancel first
            timeout 5 scancel --full --quiet --user=root 2>/dev/null
            local deadline=$((SECONDS + 5))
            while [ -n "$(timeout 2 squeue -h -o %i 2>/dev/null)" ] && [ $SECONDS -lt $deadline ]; do
                sleep 0.2
            done
            timeout 5 scontrol shutdown >/dev/null 2>&1
            grace=5
        fi
        local pid alive deadline=$((SECONDS + grace))
        while :; do
            alive=
            for pid in "${CLUSTER_PIDS[@]}"; do
                kill -0 "$pid" 2>/dev/null && alive="$alive $pid"
            done
            [ -z "$alive" ] && break
            if [ $SECONDS -ge $deadline ]; then
                # munged is not stopped by scontrol; anything else here hung
                kill $alive 2>/dev/null
                sleep 0.5
                kill -9 $alive 2>/dev/null
                break
            fi
            # munged is last in line: stop it once the Slurm daemons are gone
            if [ "$alive" = " ${CLUSTER_PIDS[0]}" ]; then
                kill "${CLUSTER_PIDS[0]}" 2>/dev/null
            fi
            sleep 0.1
        done
        wait 2>/dev/null
    fi
    CLUSTER_PIDS=()
    CLUSTER_DIR=
}
