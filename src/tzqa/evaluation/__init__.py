"""Measuring the search: the factoid gold set (``gold``), the natural questions with graded judgements,
intervals and paired tests (``natural``), and choosing settings on the dev split only (``tuning``)."""
