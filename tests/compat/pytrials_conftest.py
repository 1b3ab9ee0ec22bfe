"""Copied as ``conftest.py`` beside pytrials' own upstream tests (from its sdist), unmodified.

pytrials reads every URL from the class attribute ``ClinicalTrials._BASE_URL``
(``https://clinicaltrials.gov/api/v2/``). Its ``tests/test_client.py`` builds a client when the
module is imported, so the attribute is set here, before any test module is collected.
"""

from __future__ import annotations

import os

from pytrials.client import ClinicalTrials

ClinicalTrials._BASE_URL = os.environ["TRIALBASE_COMPAT_API_URL"].rstrip("/") + "/"
