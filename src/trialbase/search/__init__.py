"""Searching studies: the query language, and (later) the index and the search service.

Pure parts live here without I/O; ``trialbase.search.essie`` is the one parser of the Essie query
language that the web form, the API, RSS feeds and exports all compile to.
"""
