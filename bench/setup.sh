#!/bin/sh
# Installs what the benchmark needs beyond scripts/install-deps.sh: GNU time
# (Debian package 'time', for /usr/bin/time -v) and, where Node.js and npm
# are present, the compromise library pinned in bench/package-lock.json, into
# bench/node_modules (git-ignored).  Without Node the bench skips compromise.
set -e
here=$(cd "$(dirname "$0")" && pwd)

if [ ! -x /usr/bin/time ]; then
    echo "installing: time"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends time
fi

pinned=$(sed -n 's/.*"compromise": *"\([0-9.]*\)".*/\1/p' "$here/package.json")
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "bench: no Node.js or npm: the compromise reference will be skipped"
elif ! grep -q "\"version\": \"$pinned\"" "$here/node_modules/compromise/package.json" 2>/dev/null; then
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) ||
        echo "bench: could not install compromise $pinned: its reference will be skipped" >&2
fi
