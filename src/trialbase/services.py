"""What the HTTP faces (API and website) are given: the store and the search service.

Handlers get everything through ``Services`` rather than opening their own, so a test can build
one over a throwaway store and index, and a server builds exactly one per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from trialbase.search.service import SearchService
from trialbase.store import Store


@dataclass(slots=True)
class Services:
    store: Store
    search: SearchService
    data_dir: Path

    @classmethod
    def open(cls, store: Store, data_dir: Path, *, follow: bool = True) -> Services:
        """Services over ``store`` with the search index under ``data_dir`` (built if missing)."""
        return cls(store=store, search=SearchService(store, data_dir, follow=follow), data_dir=data_dir)

    def close(self) -> None:
        self.search.close()
