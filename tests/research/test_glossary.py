"""Formulations glossary: first seen, spread, noise removed."""
from __future__ import annotations

import json
from datetime import date

from luoshi.research.glossary import glossary, is_formulation


def test_noise_is_removed_codes_and_counted_slogans_are_kept():
    assert not is_formulation("施工图", "quoted_slogan") and not is_formulation("扩围", "quoted_slogan")
    assert not is_formulation("路线图", "quoted_slogan")
    assert is_formulation("63222", "numeric_code") and is_formulation("3+3+X", "plus_formula")
    assert is_formulation("四个一", "numbered_slogan") and is_formulation("比学赶超争一流", "quoted_slogan")


def _row(text, kind, place, doc, day, context=None):
    return {"text": text, "kind": kind, "place": place, "document_id": doc, "published": day, "context": context}


def test_first_seen_and_spread():
    rows = [
        _row("1+3+N", "plus_formula", "江城市", "d2", date(2025, 3, 1), "产业体系"),
        _row("1+3+N", "plus_formula", "东川县", "d1", date(2024, 6, 1), "产业体系"),
        _row("1+3+N", "plus_formula", "江城市", "d3", date(2025, 7, 1)),
        _row("施工图", "quoted_slogan", "江城市", "d3", date(2025, 7, 1)),
        _row("84211", "numeric_code", "江城市", "d3", date(2025, 7, 1), "攻坚行动"),
    ]
    out = glossary(rows)
    assert [r["text"] for r in out] == ["1+3+N", "84211"]
    first = out[0]
    assert (first["first_seen"], first["first_place"], first["first_document"]) == (date(2024, 6, 1), "东川县", "d1")
    assert (first["places"], first["reports"], first["mentions"]) == (2, 3, 3)
    assert json.loads(first["per_year"]) == {"2024": 1, "2025": 2} and first["contexts"] == "产业体系"
