"""tzqa's HTTP layer: thin FastAPI routes over :mod:`tzqa.search.retriever`."""
