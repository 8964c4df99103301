#!/bin/sh
# Says which Debian package to install when a library newskg builds with is
# missing (make deps, or make run / make check as root, install them all).
missing=""
for pair in raptor2:libraptor2-dev redland:librdf0-dev rasqal:librasqal3-dev libxml-2.0:libxml2-dev icu-uc:libicu-dev; do
    pc=${pair%%:*}; pkg=${pair#*:}
    pkg-config --exists "$pc" 2>/dev/null || missing="$missing $pkg"
done
command -v pkg-config >/dev/null 2>&1 || missing="pkg-config$missing"
if [ -n "$missing" ]; then
    echo "newskg: missing build dependencies; install them with:" >&2
    echo "    apt-get install$missing" >&2
    echo "(or run 'make deps' as root)" >&2
    exit 1
fi
