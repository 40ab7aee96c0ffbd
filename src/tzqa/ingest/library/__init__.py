"""The library: documents beyond the bundled review (papers and reviews from JATS XML, PDF, text or an identifier).

Flow: a file or an identifier -> a reader (``jats``, ``textdoc``) -> an :class:`~.records.Article`
(record, sections, paragraphs with resolved citations, tables, its own reference list) -> passages
(``passages``) -> the index. ``folder`` keeps the files and their records on disk; ``europepmc``
turns identifiers into files.
"""
