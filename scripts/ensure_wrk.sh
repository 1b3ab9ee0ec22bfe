#!/bin/sh
# Make Debian's wrk (an HTTP load generator) available for the HTTP benchmark (bench/http_bench.py).
# When it is missing and this machine can install packages (root with apt-get), install it.
# Otherwise say so and carry on: the benchmark then falls back to a slower Python load generator
# and says so beside its figures.
set -eu

if command -v wrk >/dev/null 2>&1; then
    exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing wrk from Debian's packages for the HTTP benchmark..."
    export DEBIAN_FRONTEND=noninteractive
    if apt-get install -y -q wrk >/dev/null 2>&1 \
        || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q wrk >/dev/null; }; then
        exit 0
    fi
    echo "apt-get could not install wrk." >&2
fi

echo "wrk is not installed and cannot be installed here (needs root and apt-get): the HTTP" \
    "benchmark will use its Python load generator instead (lower ceiling; it says so)." >&2
exit 0
