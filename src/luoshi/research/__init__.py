"""Research stage: a corpus of reports as a Parquet dataset, and the questions researchers ask of it.

- ``corpus`` — ``luoshi corpus run``: reading + extraction mapped over files on Dask, written as a
  partitioned Parquet dataset with stable ids (``tables``), resumable;
- ``duplicates`` — MinHash LSH near-duplicate detection (also used by ``luoshi ingest``);
- ``metrics`` / ``outcomes`` — promised vs delivered: targets linked to later statistics;
- ``compare`` — one row per place for a metric and year, and its chart;
- ``glossary`` — formulations (提法): first seen, spread;
- ``query`` — DuckDB SQL over the dataset; ``db`` — the same tables from the database (``--db``).

Arrows: research uses reading and extraction (pure functions) and, for ``--db``, storage; storage
uses only ``duplicates`` (a pure module), web and cli use research.
"""
