"""Stage 1, sources -> documents -> passages: readers (review text/PDF, JATS, PDF, text), citations,
reference lists, chunking, and the library of added documents (``ingest.library``)."""
