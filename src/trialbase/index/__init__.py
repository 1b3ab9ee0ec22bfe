"""The search index: a tantivy index derived from the store, rebuildable at any time.

Modules (see docs/design/search.md):

* ``pieces``, ``areas`` — the data model's pieces and the search areas (generated tables);
* ``schema`` — the tantivy schema and the ``tb_text`` analyzer (``open_tantivy``);
* ``documents`` — a v2 document turned into its index document (``index_document``);
* ``geohash``, ``sites`` — the geo cells and packed site coordinates of a study;
* ``index_dir`` — generations, the ``current`` pointer, ``build_index``, ``open_index``;
* ``follower`` — ``IndexFollower``, which keeps an index current from the change log.

Nothing is re-exported here, so importing the tables does not load tantivy.
"""
