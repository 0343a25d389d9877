"""The research data files load, every line is commented or well-formed, and no form is claimed twice."""
from __future__ import annotations

import re
from importlib import resources

from luoshi.research import glossary, metrics


def _lines(name: str) -> list[str]:
    text = resources.files("luoshi.research").joinpath("data", name).read_text(encoding="utf-8")
    assert text.startswith("#"), f"{name} starts with a comment saying what it is"
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def test_metrics_file_loads_and_forms_are_unique():
    rows = _lines("metrics.tsv")
    loaded = metrics.metrics()
    assert len(loaded) == len(rows) and len({m.key for m in loaded}) == len(loaded)
    forms = [f for m in loaded for f in m.forms]
    assert len(forms) == len(set(forms)), "a printed form names one metric only"
    for m in loaded:  # every metric normalises from its own label
        assert metrics.normalise_metric(m.label) == m


def test_glossary_noise_patterns_compile_and_are_commented():
    for line in _lines("glossary_noise.tsv"):
        pattern, _, comment = line.partition("\t")
        re.compile(pattern)
        assert comment.strip()
    assert glossary._noise()
