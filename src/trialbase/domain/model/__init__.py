"""The typed ClinicalTrials.gov API v2 study model (generated from the official spec).

The stored document is the JSON itself; these types are how code reads it with names and types
checked. ``Study`` is the root. See ``trialbase.domain.study_document`` for loading and validation.
"""

from trialbase.domain.model.study import Study

__all__ = ["Study"]
