"""The web UI's message catalogue (Chinese first, English on request) and date formatting.

Messages live in ``messages.tsv`` beside this module (key, 中文, English) so translators edit data,
not code. The language is chosen per request: ``?lang=en`` / ``?lang=zh`` sets a cookie; default zh.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from luoshi.extraction.kinds import KINDS

LANGS = ("zh", "en")
LANG_COOKIE = "luoshi_lang"
_CATALOGUE = Path(__file__).with_name("messages.tsv")


@lru_cache(maxsize=1)
def catalogue() -> dict[str, tuple[str, str]]:
    """key -> (zh, en), loaded once. The labels of item kinds (``kind.person`` …) come from the
    registry (luoshi.extraction.kinds), not from the file."""
    messages: dict[str, tuple[str, str]] = {k.message_key: (k.label_zh, k.label_en) for k in KINDS}
    for line in _CATALOGUE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, zh, en = line.split("\t")
        messages[key] = (zh, en)
    return messages


def translator(lang: str) -> Callable[..., str]:
    """A ``_(key, **values)`` function for one language; unknown keys show the key (visible, not hidden)."""
    column = 1 if lang == "en" else 0
    messages = catalogue()

    def _(key: str, default: str | None = None, **values: object) -> str:
        pair = messages.get(key)
        text = pair[column] if pair else (key if default is None else default)
        return text.format(**values) if values else text

    return _


def format_date(value: date | datetime | str | None, lang: str = "zh") -> str:
    """2026年5月7日 in Chinese, 7 May 2026 in English; '' for nothing."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        text = value
        try:
            value = date.fromisoformat(text[:10])
        except ValueError:
            return text
    if lang == "en":
        return f"{value.day} {value.strftime('%b')} {value.year}"
    return f"{value.year}年{value.month}月{value.day}日"


def format_datetime(value: datetime | str | None, lang: str = "zh") -> str:
    """2026年5月7日 14:05 — the date as above plus the time of day."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        text = value
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            return text
    if not isinstance(value, datetime):
        return format_date(value, lang)
    return f"{format_date(value, lang)} {value:%H:%M}"


def format_number(value: float | int | None) -> str:
    """Numbers as a Chinese reader writes them: 7万, 3.2亿, 1200, 12.5."""
    if value is None:
        return ""
    magnitude = abs(value)
    for size, suffix in ((1e8, "亿"), (1e4, "万")):
        if magnitude >= size:
            scaled = value / size
            return f"{scaled:.4g}{suffix}"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.4g}"
