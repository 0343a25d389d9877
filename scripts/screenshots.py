#!/usr/bin/env python3
"""Regenerate the UI screenshots of every page (tests/_artifacts/screenshots/); the ones docs/ shows are
written by scripts/docs_screenshots.py.

The generators drive the real app in headless Chromium through the browser-test fixtures, so they live
beside the browser tests under the ``screenshots`` marker, which the test suite deselects; this runs
exactly them. Extra arguments go to pytest (e.g. ``-k samples``).

    .venv/bin/python scripts/screenshots.py
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    sys.exit(pytest.main([str(REPO / "tests" / "web" / "test_e2e_browser.py"), "--screenshots", "-m", "screenshots",
                          "-p", "no:randomly", *sys.argv[1:]]))
