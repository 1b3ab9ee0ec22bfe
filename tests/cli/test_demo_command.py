"""``trialbase demo load``: the seed study and synthetic studies, idempotent, marked synthetic."""

from __future__ import annotations

from click.testing import CliRunner

from trialbase.cli import cli
from trialbase.store import Store


def test_demo_load_brings_the_seed_and_synthetic_studies_with_history(database_url: str) -> None:
    env = {"TRIALBASE_DATABASE_URL": database_url}
    first = CliRunner().invoke(cli, ["demo", "load", "--synthetic", "30"], env=env, catch_exceptions=False)
    assert first.exit_code == 0, first.stderr
    assert first.stdout.splitlines()[-1].startswith("read ")
    assert "new 31" in first.stdout
    assert "rejected 0" in first.stdout
    store = Store.open(database_url)
    try:
        seed = store.current("NCT04822922")
        assert seed is not None
        assert seed.provenance == {"format": "seed"}
        listing = {item.nct_id: item for item in store.recently_updated(100)}
        synthetic = [item for item in listing.values() if item.nct_id != "NCT04822922"]
        assert len(synthetic) == 30
        assert all(item.synthetic and item.nct_id.startswith("NCT99") for item in synthetic)
        assert all((item.brief_title or "").startswith("[Synthetic] ") for item in synthetic)
        assert not listing["NCT04822922"].synthetic
        assert max(len(store.history(item.nct_id)) for item in synthetic) >= 2
    finally:
        store.close()
    again = CliRunner().invoke(cli, ["demo", "load", "--synthetic", "30"], env=env, catch_exceptions=False)
    assert "new 0  updated 0" in again.stdout
    assert "rejected 0" in again.stdout
