#!/bin/sh
# Make PostgreSQL reachable for the tests when it is installed on this machine.
# The tests use it whenever it answers; with TRIALBASE_REQUIRE_POSTGRES=1 (CI) they fail without it,
# so there this script also installs the server from Debian's packages if it is missing.
set -eu

host=127.0.0.1
port=5432

if command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h "$host" -p "$port"; then
    exit 0
fi

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    if [ "${TRIALBASE_REQUIRE_POSTGRES:-0}" = "1" ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing PostgreSQL from Debian's packages..."
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null
    else
        echo "PostgreSQL is not installed: the tests will run on SQLite only."
        exit 0
    fi
fi

version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
if [ -z "$version" ]; then
    echo "PostgreSQL has no cluster here: the tests will run on SQLite only."
    exit 0
fi
echo "starting PostgreSQL $version..."
pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
for _ in $(seq 1 30); do
    if pg_isready -q -h "$host" -p "$port"; then
        exit 0
    fi
    sleep 1
done
echo "PostgreSQL did not come up on $host:$port: the tests will run on SQLite only." >&2
exit 0
