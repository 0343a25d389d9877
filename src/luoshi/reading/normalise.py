"""Normalise decoded text while keeping a map from every normalised offset back to the original.

Rules (see docs/reading.md):
- full-width ASCII letters, digits and symbols -> half-width (１２０ -> 120, ％ -> %); Chinese
  punctuation stays full-width (，。；：？！（）);
- ASCII , ; : ? ! ( ) next to Chinese text -> full-width (not between digits: 1,000 and 12:30 stay);
- straight double quotes in Chinese text -> “ ” (alternating per line); 「」『』 -> “”‘’;
- NBSP, ideographic and other spaces, tabs -> one ASCII space; runs of spaces collapse to one;
  leading (paragraph indent) and trailing spaces go; zero-width characters go;
- CRLF and lone CR -> LF; blank lines go, so paragraphs are separated by exactly one "\n".
Spaces between Chinese characters are kept here: in headlines, banners and bylines they separate
parts and names. Article bodies drop them later (segment.py), where headlines and bylines are known.
All 1:1 substitutions keep offsets; deletions are done once, with a map.
"""
from __future__ import annotations

import re

from .offsets import delete_spans

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uff0f\uff1a-\uff20“”‘’《》〈〉【】"
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


def _width_table() -> dict[int, int]:
    table: dict[int, int] = {}
    keep_full = set("，。；：？！（）～“”‘’＂＇")  # Chinese punctuation (and quotes, handled below)
    for code in range(0xFF01, 0xFF5F):
        ch = chr(code)
        if ch not in keep_full:
            table[code] = code - 0xFEE0
    for space in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\x0b\x0c":
        table[ord(space)] = ord(" ")
    table.update({ord("「"): ord("“"), ord("」"): ord("”"), ord("『"): ord("‘"), ord("』"): ord("’")})
    table.update({ord("＂"): ord('"'), ord("＇"): ord("'")})
    # CR (alone or in CRLF) -> LF: CRLF becomes an empty line, and empty lines are deleted below.
    table.update({ord("\r"): ord("\n"), 0x2028: ord("\n"), 0x2029: ord("\n"), 0x85: ord("\n")})
    return table


WIDTH_TABLE = _width_table()
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
# ASCII punctuation with Chinese on at least one side (spaces allowed between), not digit-digit.
_ASCII_PUNCT_IN_CJK = re.compile(
    rf"(?<=[{_CJK}])[ ]?[,;:?!()](?![0-9])|(?<![0-9])[,;:?!()](?=[ ]?[{_CJK}])|(?<=[{_CJK}])[,;:?!()]"
)
_STRAIGHT_QUOTE = re.compile(r'"')
_DELETIONS = re.compile(
    r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]"  # zero-width characters, soft hyphen
    r"|^[ ]+|[ ]+$"  # paragraph indents, trailing spaces
    r"|(?<=[ ])[ ]+"  # runs of spaces
    r"|(?:^|(?<=[ ]))[?？]{3,}(?=[^\s?？])"  # "????": full-width indents lost to a bad re-encoding
    r"|\A\n+|\n(?=\n)|\n+\Z",  # blank lines, leading/trailing newlines
    re.MULTILINE,
)


def normalise(original: str) -> tuple[str, list[int]]:
    """Return (normalised text, map) with ``map[i]`` = index in ``original`` of normalised char ``i``."""
    text = original.translate(WIDTH_TABLE)
    text = _ASCII_PUNCT_IN_CJK.sub(_full_width_punct, text)
    text = _pair_quotes(text)
    assert len(text) == len(original), "1:1 substitutions must keep offsets"
    spans = [m.span() for m in _DELETIONS.finditer(text)]
    return delete_spans(text, _merge(spans))


def _full_width_punct(match: re.Match[str]) -> str:
    s = match.group(0)
    return s[:-1] + _HALF_TO_FULL[s[-1]]


def _pair_quotes(text: str) -> str:
    """Straight " in lines with Chinese -> “ and ” alternately (a line's quotes open and close)."""
    if '"' not in text:
        return text
    out_lines = []
    for line in text.split("\n"):
        if '"' in line and re.search(f"[{_HAN}]", line):
            parts = line.split('"')
            rebuilt = [parts[0]]
            for k, part in enumerate(parts[1:]):
                rebuilt.append("“" if k % 2 == 0 else "”")
                rebuilt.append(part)
            line = "".join(rebuilt)
        out_lines.append(line)
    return "\n".join(out_lines)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
