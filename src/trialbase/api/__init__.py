"""The HTTP face: the ClinicalTrials.gov API v2 compatible data API and a minimal home page."""
