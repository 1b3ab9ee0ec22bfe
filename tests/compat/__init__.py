"""API compatibility: real ClinicalTrials.gov API v2 clients and a spec fuzzer against our server."""
