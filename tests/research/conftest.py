"""Fixtures of the research tests: ../shared inputs (a failure, not a skip, under CI), one real Dask
cluster (a scheduler and two worker processes on loopback) for the whole session, and small corpora
written at test time."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(os.environ.get("LUOSHI_SHARED_DIR", Path(__file__).resolve().parents[2].parent / "shared"))


def _shared(sub: str) -> Path:
    path = SHARED / sub
    if not path.exists():
        message = f"{path} is missing: the research tests read real reports from ../shared"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def news_manifest() -> Path:
    """The 58-file news corpus of ../shared (JSONL manifest: file, published, place, …)."""
    return _shared("corpus/manifest.jsonl")


@pytest.fixture(scope="session")
def workreports_manifest() -> Path:
    """The eight 2026 provincial work reports of ../shared."""
    return _shared("corpus/workreports/manifest.jsonl")


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
