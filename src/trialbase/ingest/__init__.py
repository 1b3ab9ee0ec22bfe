"""Getting studies in: readers for every input format, the import pipeline and the API sync."""
