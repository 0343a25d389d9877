"""Where ../shared is (seed pages, corpus, gold), for test modules that list its files at collection
time. Tests reach it through the one ``shared_dir`` fixture (tests/conftest.py), which skips when it is
absent — or fails, when LUOSHI_REQUIRE_SHARED is set (CI: the gold bars must not vanish silently).
"""
from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("LUOSHI_SHARED_DIR", REPO.parent / "shared"))
# the folders the tests read; all must be there
LAYOUT = ("seeds", "gold/dev", "gold/workreports", "corpus/raw", "corpus/workreports")


def missing() -> str | None:
    """None when ../shared has its whole layout, else what is missing."""
    absent = [part for part in LAYOUT if not (SHARED / part).is_dir()]
    return f"../shared is incomplete ({SHARED}): no {', '.join(absent)}" if absent else None
