"""Trialbase: an open clinical-trial registry built on the ClinicalTrials.gov API v2 data model."""

import os

# numpy (distance search) loads OpenBLAS, whose worker threads spin on every core after use;
# Trialbase does no linear algebra, and on a small machine those spins take time from searches.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__ = "0.1.0"
