"""The committed list of top-level domains is what its generator makes from the Public Suffix List."""

from __future__ import annotations

import pytest
from tools.gen_top_level_domains import bundled_list, render, top_level_domains

from trialbase.domain.validation.top_level_domains import TOP_LEVEL_DOMAINS


def test_the_list_holds_real_top_level_domains_and_not_typing_slips() -> None:
    assert {"com", "org", "cn", "fr", "health", "xn--fiqs8s", "中国"} <= TOP_LEVEL_DOMAINS
    assert not {"cpm", "clinc", "uchicago", "con"} & TOP_LEVEL_DOMAINS


def test_the_committed_list_matches_the_generator() -> None:
    pytest.importorskip("tld")
    from pathlib import Path

    import trialbase.domain.validation.top_level_domains as module

    version, domains = top_level_domains(bundled_list().read_text(encoding="utf-8"))
    if domains != TOP_LEVEL_DOMAINS:
        pytest.skip(f"the installed tld package has a different list ({version}); regenerate to update")
    assert Path(module.__file__).read_text(encoding="utf-8") == render(version, domains)
