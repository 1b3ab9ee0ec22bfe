"""Legacy ClinicalTrials.gov XML (``<clinical_study>``, the former AllPublicXML) to v2 documents.

``convert_clinical_study(xml)`` turns one record into the API v2 study document, including results,
and reports every problem it finds as an ``Issue`` naming the XML element; it never raises for bad
input.
"""

from trialbase.ingest.legacy_xml.contacts_locations import Geocoder
from trialbase.ingest.legacy_xml.conversion import FORMAT, ConversionResult, convert_clinical_study

__all__ = ["FORMAT", "ConversionResult", "Geocoder", "convert_clinical_study"]
