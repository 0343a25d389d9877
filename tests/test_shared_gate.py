"""The gold bars cannot vanish silently: without ../shared a test that needs it skips, and fails when
LUOSHI_REQUIRE_SHARED is set (as .ci/run sets it). Runs pytest on one such test in a subprocess."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NEEDS_SHARED = "tests/reading/test_corpus_reading.py"


def _run(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "LUOSHI_REQUIRE_SHARED"}
    environment.update(LUOSHI_SHARED_DIR=str(tmp_path / "no-shared-here"), **env)
    return subprocess.run([sys.executable, "-m", "pytest", NEEDS_SHARED, "-q", "-p", "no:randomly", "-p", "no:cacheprovider"],
                          cwd=REPO, env=environment, capture_output=True, text=True, timeout=300)


def test_a_missing_shared_folder_skips_by_default(tmp_path):
    result = _run(tmp_path)
    assert result.returncode == 0, result.stdout[-2000:]
    assert "SKIPPED" in result.stdout and "../shared is incomplete" in result.stdout


def test_a_missing_shared_folder_fails_when_it_is_required(tmp_path):
    result = _run(tmp_path, LUOSHI_REQUIRE_SHARED="1")
    assert result.returncode != 0
    assert "LUOSHI_REQUIRE_SHARED is set" in result.stdout
