#!/bin/sh
# Installs what the cluster test (tests/slurm/run.sh) needs, when missing:
# Debian 12's Slurm (slurmctld, slurmd, sbatch ...), munge, its
# authentication daemon, and GNU parallel for the recipe without Slurm
# (scripts/slurm/parallel.sh).  The test starts its own private daemons; the
# packages' services are not wanted, so when no policy-rc.d exists one is put
# in place for the install (exit 101: "do not start") and removed after.
# Needs root (or sudo) only when something is missing.
set -e
PACKAGES="slurm-wlm munge parallel"
missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
POLICY=/usr/sbin/policy-rc.d
if [ ! -e "$POLICY" ]; then
    trap '$SUDO rm -f "$POLICY"' EXIT
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$POLICY" >/dev/null
    $SUDO chmod 755 "$POLICY"
fi
export DEBIAN_FRONTEND=noninteractive
# a stale package list can name versions the mirror no longer has
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing
