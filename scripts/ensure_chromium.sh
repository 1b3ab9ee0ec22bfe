#!/bin/sh
# Make Debian's Chromium available for the browser tests (tests/browser, marker `browser`).
# The tests drive /usr/bin/chromium through Playwright; they never download a browser build.
# When it is missing and this machine can install packages (root with apt-get), install it.
# Otherwise say so: the browser tests then skip with that reason, except in CI (CI set, or
# TRIALBASE_REQUIRE_BROWSER=1) where they fail.
set -eu

chromium=/usr/bin/chromium

if [ -x "$chromium" ]; then
    exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Chromium from Debian's packages for the browser tests..."
    export DEBIAN_FRONTEND=noninteractive
    if apt-get install -y -q chromium >/dev/null 2>&1 \
        || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium >/dev/null; }; then
        exit 0
    fi
    echo "apt-get could not install chromium." >&2
    if [ -n "${CI:-}" ] || [ "${TRIALBASE_REQUIRE_BROWSER:-0}" = "1" ]; then
        exit 1
    fi
fi

echo "Chromium is not installed ($chromium) and cannot be installed here (needs root and apt-get):" \
    "the browser tests will be skipped (and fail in CI)." >&2
exit 0
