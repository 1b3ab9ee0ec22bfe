"""Trialbase: an open clinical-trial registry built on the ClinicalTrials.gov API v2 data model."""

__version__ = "0.1.0"
