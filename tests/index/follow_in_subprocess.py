"""Run by test_follower.py in a second process: follow the store and report what the index shows.

    python -m tests.index.follow_in_subprocess DATABASE_URL DATA_DIR NCT_ID

Starts a polling follower, prints "ready", then polls its own reader until NCT_ID is found and
prints "seen <seconds>" (or "timeout").
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import tantivy

from trialbase.index.follower import IndexFollower
from trialbase.index.index_dir import open_index
from trialbase.store import Store


def main() -> int:
    url, data_dir, nct_id = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    store = Store.open(url, migrate=False)
    reader = open_index(data_dir)
    with IndexFollower(store, data_dir, poll_seconds=0.2):
        print("ready", flush=True)
        started = time.monotonic()
        while time.monotonic() - started < 20:
            query = tantivy.Query.term_query(reader.schema, "nct_id", nct_id)
            if reader.searcher().search(query, 1).hits:
                print(f"seen {time.monotonic() - started:.2f}", flush=True)
                break
            time.sleep(0.05)
        else:
            print("timeout", flush=True)
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
