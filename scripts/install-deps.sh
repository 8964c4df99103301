#!/bin/sh
# Installs the Debian 12 packages newskg builds, runs and tests with, when
# missing.  Needs root (or sudo) only when something is missing.
set -e
PACKAGES="build-essential pkg-config libraptor2-dev raptor2-utils librdf0-dev librasqal3-dev
rasqal-utils libxml2-dev libicu-dev libcmocka-dev serdi python3 python3-rdflib iso-codes valgrind clang libclang-rt-14-dev"
missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing
