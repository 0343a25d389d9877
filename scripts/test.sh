#!/usr/bin/env bash
# The whole test suite, from a fresh clone: creates .venv, installs luoshi with its test
# dependencies (pinned in pyproject.toml), installs Debian's antiword (legacy .doc files) and headless
# Chromium for the browser tests where this machine allows it, runs the gates (ruff, then mypy: any
# finding fails the run), then pytest. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/pip install -q --disable-pip-version-check -c constraints.txt -e '.[test]'
if [[ -f scripts/install_system.sh ]]; then
  bash scripts/install_system.sh || echo "note: could not install antiword; the .doc tests will fail" >&2
fi
if [[ -f scripts/install_browser.sh ]]; then
  bash scripts/install_browser.sh || echo "note: could not install Chromium; browser tests will skip" >&2
fi
.venv/bin/ruff check src tests bench scripts
.venv/bin/mypy  # what and how strictly: [tool.mypy] in pyproject.toml
exec .venv/bin/python -m pytest "$@"
