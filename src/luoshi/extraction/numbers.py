"""Numbers as printed in Chinese reports -> Python numbers.

Reports mix Arabic digits with Chinese scale words (4.6万, 1.3万亿, 2000多亿) and write some numbers
entirely in Chinese numerals (一千二百, 两百, 三十亿). ``parse_number`` turns any such phrase into an
int (or a float when it has a fractional part) and returns None for anything that is not a single
well-formed number ("1.2.3万", "一二三产", "第29"), so callers never invent a value.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

import cn2an

__all__ = ["parse_number", "ARABIC", "CHINESE", "COMPOUND", "SCALES", "tidy"]

# Digits with optional thousands separators and decimals: 1,200 / 4.6 / 58249
ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
# Digits on both sides of 万 (2万5000 = 25000), as spoken figures are sometimes printed
COMPOUND = r"\d+万\d{1,4}(?![\d.])"
# Chinese numerals (中文数字), scale characters included: 一千二百 / 两百 / 三十亿 / 三点五
CHINESE = r"[零〇一二两三四五六七八九十百千万亿]+(?:点[零〇一二三四五六七八九]+)?"
# Scale words after Arabic digits (数量级), longest first.
SCALES: dict[str, int] = {"万亿": 10**12, "千亿": 10**11, "百亿": 10**10, "千万": 10**7, "百万": 10**6,
                          "亿": 10**8, "万": 10**4, "千": 10**3}

_COMPOUND = re.compile(r"^(\d+)万(\d{1,4})$")
_ARABIC_WITH_SCALE = re.compile(rf"^({ARABIC})({'|'.join(SCALES)})?$")
_CHINESE_ONLY = re.compile(rf"^{CHINESE}$")
_HAS_DIGIT_WORD = re.compile(r"[零〇一二两三四五六七八九十]")
_POSITIONAL = re.compile(r"^[零〇一二两三四五六七八九]{2,}$")  # 一二三: a list, not a number
# Longer than any figure a report prints (万亿 has 13 digits): a run of digits, not a number. Also a
# budget: turning a 100,000-digit Decimal into an int takes time quadratic in its length.
MAX_NUMBER_CHARS = 40


def tidy(value: float) -> float | int:
    """Return an int when ``value`` is whole (46000.0 -> 46000), else the float rounded to 10 digits."""
    rounded = round(value, 10)
    return int(round(rounded)) if abs(rounded - round(rounded)) < 1e-9 else rounded


def parse_number(text: str) -> float | int | None:
    """Parse "4.6万" -> 46000, "一千二百" -> 1200, "3亿" -> 300000000; None when not one number.

    Full-width digits are accepted (NFKC). A leading bare scale word (百亿 -> 一百亿) is read as one.
    """
    if not text or len(text) > MAX_NUMBER_CHARS:
        return None
    return _parse_short(text)


@lru_cache(maxsize=8192)
def _parse_short(text: str) -> float | int | None:
    """``parse_number`` of a string of at most MAX_NUMBER_CHARS: memoised, as reports print the same
    few hundred numbers (一, 两, 5%, 2025) over and over and cn2an is slow (a pure function of a short
    string: the memo is bounded and cannot change a result)."""
    s = unicodedata.normalize("NFKC", text).strip()
    compound = _COMPOUND.match(s)
    if compound:
        return int(compound.group(1)) * 10**4 + int(compound.group(2))
    match = _ARABIC_WITH_SCALE.match(s)
    if match:
        digits, scale = match.groups()
        exact = Decimal(digits.replace(",", "")) * SCALES.get(scale or "", 1)  # exact: 28461.3亿
        return int(exact) if exact == exact.to_integral_value() else float(exact)
    return _parse_chinese(s)


def _parse_chinese(s: str) -> float | int | None:
    """Chinese numerals through cn2an (which also handles 两, 点 and mixed 万亿 scales)."""
    if not _CHINESE_ONLY.match(s) or _POSITIONAL.match(s):
        return None
    if not _HAS_DIGIT_WORD.match(s):
        s = "一" + s  # 百亿, 千万: a bare scale means one of it
    try:
        value = cn2an.cn2an(s, "normal")
    except (ValueError, KeyError, IndexError, TypeError):
        return _parse_scaled_chinese(s)
    return tidy(float(value))


def _parse_scaled_chinese(s: str) -> float | int | None:
    """cn2an rejects some composed scales (一百亿); split off the trailing 亿/万 and multiply."""
    for scale in ("万亿", "亿", "万"):
        if s.endswith(scale) and len(s) > len(scale):
            head = _parse_chinese(s[: -len(scale)])
            return None if head is None else tidy(float(head) * SCALES[scale])
    return None
