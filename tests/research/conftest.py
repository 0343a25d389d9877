"""Fixtures of the research tests: ../shared inputs (through ``shared_dir``: a failure, not a skip, in CI), one real Dask
cluster (a scheduler and two worker processes on loopback) for the whole session, and small corpora
written at test time."""
from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def news_manifest(shared_dir: Path) -> Path:
    """The 58-file news corpus of ../shared (JSONL manifest: file, published, place, …)."""
    return shared_dir / "corpus" / "manifest.jsonl"


@pytest.fixture(scope="session")
def workreports_manifest(shared_dir: Path) -> Path:
    """The eight 2026 provincial work reports of ../shared."""
    return shared_dir / "corpus" / "workreports" / "manifest.jsonl"


@pytest.fixture(scope="session")
def dask_client():
    """A real LocalCluster: scheduler + 2 worker processes (one thread each) on 127.0.0.1."""
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                           host="127.0.0.1")
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()
