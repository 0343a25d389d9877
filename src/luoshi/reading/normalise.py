"""Normalise decoded text while keeping a map from every normalised offset back to the original.

Rules (see docs/reading.md):
- full-width ASCII letters, digits and symbols -> half-width (１２０ -> 120, ％ -> %); Chinese
  punctuation stays full-width (，。；：？！（）);
- ASCII , ; : ? ! ( ) next to Chinese text -> full-width (not between digits: 1,000 and 12:30 stay);
- straight double quotes in Chinese text -> “ ” (alternating per line); 「」『』 -> “”‘’;
- NBSP, ideographic and other spaces, tabs -> one ASCII space; runs of spaces collapse to one;
  leading (paragraph indent) and trailing spaces go; zero-width characters go;
- CRLF and lone CR -> LF; blank lines go, so paragraphs are separated by exactly one "\n";
- pinyin glosses printed after a character (市長(zhǎng), 發(fā)表; data/glosses.tsv) go: they are reading
  furniture of converted pages, and a title or name is whole again without them.
Spaces between Chinese characters are kept here: in headlines, banners and bylines they separate
parts and names. Article bodies drop them later (segment.py), where headlines and bylines are known.
All 1:1 substitutions keep offsets; deletions are done once, with a map.
"""
from __future__ import annotations

import re

from .offsets import delete_spans
from .patterns import fold, rules

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
    # Small form variants (小型变体, U+FE50…) some sites print for the usual marks: 基本同步﹔城镇登记失业率
    table.update({ord(small): ord(usual) for small, usual in zip("﹐﹑﹒﹔﹕﹖﹗", "，、。；：？！", strict=True)})
    # CR (alone or in CRLF) -> LF: CRLF becomes an empty line, and empty lines are deleted below.
    table.update({ord("\r"): ord("\n"), 0x2028: ord("\n"), 0x2029: ord("\n"), 0x85: ord("\n")})
    return table


WIDTH_TABLE = _width_table()
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_ASCII_PUNCT = re.compile(r"[,;:?!()]")
_CJK_CHAR = re.compile(f"[{_CJK}]")
# The same class as a set: one hash lookup per ASCII punctuation mark instead of a regex call.
_CJK_SET = frozenset(chr(c) for c in range(0x2000, 0x10000) if _CJK_CHAR.match(chr(c)))
# Deletions, each a separate scan that starts with a literal (one alternation, or a pattern that
# starts with a lookbehind, is tried at every position and is several times slower).
_DELETIONS = [
    re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]+"),  # zero-width characters, soft hyphen
    re.compile(r"\A +"),  # indent of the first line
    re.compile(r" +(?=\n|\Z)"),  # trailing spaces
    re.compile(r"\A[\n ]+"),  # leading blank lines
    re.compile(r"\n[\n ]*(?=\n)"),  # blank (or space-only) lines
    re.compile(r"\n[\n ]*\Z"),  # trailing blank lines
]
_INDENT = re.compile(r"\n +")  # paragraph indents (the newline itself stays)
_SPACE_RUN = re.compile(r"  +")  # runs of spaces: all but the first go
_LOST_INDENT = re.compile(r"[?？]{3,}")  # "????": full-width indents lost to a bad re-encoding
# A tone letter, or a letter before "?": only then can the text hold a gloss (the gloss scans are skipped).
_GLOSS_HINT = re.compile(r"[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ\u0300\u0301\u0304\u030c]|[a-z]\?[a-z)）]")
_WIDTH_CHARS = re.compile("[" + "".join(re.escape(chr(c)) for c in WIDTH_TABLE) + "]+")


def normalise(original: str) -> tuple[str, list[int]]:
    """Return (normalised text, map) with ``map[i]`` = index in ``original`` of normalised char ``i``."""
    text = _WIDTH_CHARS.sub(lambda m: m.group(0).translate(WIDTH_TABLE), original)  # only runs that change
    text = _widen_punctuation(text)
    text = _pair_quotes(text)
    assert len(text) == len(original), "1:1 substitutions must keep offsets"
    spans = [m.span() for rx in _deletions(text) for m in rx.finditer(text)]
    spans += [(m.start() + 1, m.end()) for m in _INDENT.finditer(text)]
    if "  " in text:
        spans += [(m.start() + 1, m.end()) for m in _SPACE_RUN.finditer(text)]
    if "???" in text or "？？？" in text:  # str.find is far cheaper than a regex scan of the page
        spans += [m.span() for m in _LOST_INDENT.finditer(text) if _after_space(text, m.start()) and _before_text(text, m.end())]
    if _GLOSS_HINT.search(text):
        spans += [m.span() for rx in rules("glosses.tsv", "gloss") for m in rx.finditer(text)]
    if any(cue in text for cue in _INLINE_CUES) or _CIRCLED.search(text):  # a page jump, disclaimer or code may be there
        folded = fold(text)  # 1:1, so spans found in the folded text are spans of ``text``
        spans += [_with_own_line(text, m.span()) for rx in rules("boilerplate.tsv", "inline") for m in rx.finditer(folded)]
    return delete_spans(text, _merge(spans))


def _with_own_line(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """A mark printed on a line of its own goes with its line break (no blank line is left)."""
    start, end = span
    alone = (start == 0 or text[start - 1] == "\n") and end < len(text) and text[end] == "\n"
    return (start, end + 1) if alone else span


_CIRCLED = re.compile("[①-⑳]")  # an editor's code after the last sentence (…贡献。②7)
_INLINE_CUES = ("版）", "版)", "参考）", "參考）", "网络）", "網絡）", "<", "位置：", "位置:", "题目", "标题",
                "出版物号", "出版物號", "编委", "編委", "收起", "展开", "展開", "全文", "门户网站", "門戶網站")  # endings of boilerplate.tsv ``inline`` marks


def strip_glosses(line: str) -> str:
    """``line`` without its pinyin glosses (a page <title> is not normalised, but is read as a headline)."""
    if not _GLOSS_HINT.search(line):
        return line
    for rx in rules("glosses.tsv", "gloss"):
        line = rx.sub("", line)
    return line


_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"


def _deletions(text: str) -> list[re.Pattern[str]]:
    """The deletion scans worth running on ``text`` (substring tests skip the rest)."""
    wanted = _DELETIONS[1:]
    if not (" \n" in text or text.endswith(" ")):
        wanted = [rx for rx in wanted if rx is not _DELETIONS[2]]  # no trailing spaces
    if any(ch in text for ch in _ZERO_WIDTH):
        wanted.append(_DELETIONS[0])
    return wanted


def _after_space(text: str, i: int) -> bool:
    return i == 0 or text[i - 1] in " \n"


def _before_text(text: str, i: int) -> bool:
    return i < len(text) and text[i] not in " \n?？"


def _widen_punctuation(text: str) -> str:
    """ASCII , ; : ? ! ( ) with Chinese on either side (a space between allowed) -> full-width.

    Not between two digits (1,000 and 12:30 stay ASCII).
    """
    hits = [m.start() for m in _ASCII_PUNCT.finditer(text)]
    if not hits:
        return text
    pieces: list[str] = []
    done = 0
    n = len(text)
    for i in hits:
        before = text[i - 1] if i else ""
        if before == " " and i > 1:
            before = text[i - 2]
        after = text[i + 1] if i + 1 < n else ""
        if after == " " and i + 2 < n:
            after = text[i + 2]
        if before.isdigit() and after.isdigit():
            continue
        if before in _CJK_SET or after in _CJK_SET:
            pieces += (text[done:i], _HALF_TO_FULL[text[i]])
            done = i + 1
    pieces.append(text[done:])
    return "".join(pieces)


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
