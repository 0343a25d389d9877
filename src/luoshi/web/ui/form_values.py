"""Values typed into the UI's forms, read once for every page: dates (2026-05-07) and numbers as a unit
types them (32000, 3.2万, 1.5亿, 45%), and the size of the split form."""
from __future__ import annotations

from datetime import date

from luoshi.tracking.errors import ValidationFailed

SPLIT_ROWS = 4  # blank part rows the split form offers


def parse_date(text: str) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ValidationFailed(f"日期格式不对：{text}（应为 2026-05-07）") from exc


def parse_number(text: str) -> float | None:
    """A number as a unit types it: 32000, 3.2万, 1.5亿, 45%."""
    text = (text or "").strip().replace(",", "").replace("，", "").rstrip("%％")
    if not text:
        return None
    scale = 1.0
    for suffix, factor in (("亿", 1e8), ("万", 1e4)):
        if text.endswith(suffix):
            text, scale = text[: -len(suffix)], factor
    try:
        return float(text) * scale
    except ValueError as exc:
        raise ValidationFailed(f"数值无法识别：{text}") from exc
