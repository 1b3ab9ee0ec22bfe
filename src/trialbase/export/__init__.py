"""Studies in other formats: the CSV table, legacy markup, FHIR and RIS (one renderer per module)."""
