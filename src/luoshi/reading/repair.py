"""Rejoin paragraphs that a newspaper column break split in two (断段修复).

A break between line A and line B is removed when A cannot end a paragraph and B can continue it:

- A is running text (not a headline, byline, dateline-only line, banner, subtitle, table row or
  page furniture) and does not end in sentence-final punctuation (。！？… ” 」 ） etc.);
- B is not a dateline, byline, subtitle, numbered item (一、 （一） 1.) or page furniture;
- and one of: B starts with a mark no paragraph can start with (” 、 ， 。 …); A ends dangling (、 ， “ 《 ();
  A is body text (contains sentence punctuation) and B is body text too; or A is a short unpunctuated
  fragment and B's first clause is a one-to-three-character tail ("重要" / "支撑，是…").
A headline is protected by position: the first line of the page and a line right after a byline.
Every join is recorded as the offset (in the repaired text) where B's text now begins.
"""
from __future__ import annotations

import re

from . import patterns as p
from .offsets import delete_spans

_FIRST_CLAUSE = re.compile(r"^[^，。！？；、：,;:!?“”（）()]*")
_SHORT_TAIL = 3  # chars before B's first punctuation that mark it as the tail of A's clause
_COMMA_TAIL = 4  # the same when A already has a comma (so is a sentence, not a short heading)


def repair(text: str, base: list[int] | None = None) -> tuple[str, list[int], list[int]]:
    """Return (repaired text, its map, join offsets in the repaired text).

    The map points into ``text``, or, given ``base`` (``text``'s own map), wherever ``base`` points.
    """
    lines = text.split("\n")
    decisions = _decide(lines)
    joins = [k for k, join in enumerate(decisions) if join]  # join lines[k] and lines[k+1]
    if not joins:
        return text, (list(range(len(text) + 1)) if base is None else base), []
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    spans = [(starts[k + 1] - 1, starts[k + 1]) for k in joins]  # the "\n" between A and B
    repaired, mapping = delete_spans(text, spans, base)
    offsets = [starts[k + 1] - (n + 1) for n, k in enumerate(joins)]
    return repaired, mapping, offsets


def _decide(lines: list[str]) -> list[bool]:
    """For each pair of neighbouring lines, whether the break between them goes.

    The first line and the line after a byline are headline positions and never join their
    successor. A second pass lets a short unpunctuated line that itself continues into the next
    line ("…今年经济社会发展的" / "主要预期目标" / "是：…") join the running text before it too.
    """
    decisions: list[bool] = []
    headline_position = [True] + [p.is_byline(line) for line in lines[:-1]]
    for k in range(len(lines) - 1):
        a, b = lines[k], lines[k + 1]
        if headline_position[k]:
            decisions.append(_headline_continues(a, b))
        else:  # B may be the next article's headline ("“…，…”" above a dateline): then no join
            decisions.append(should_join(a, b) and (_must_continue(a, b) or not _opens_article(lines, k + 1)))
    for k in range(len(decisions) - 1):
        if not decisions[k] and decisions[k + 1] and not headline_position[k] and _continues_into(lines[k], lines[k + 1]):
            decisions[k] = True
    return decisions


def _opens_article(lines: list[str], k: int) -> bool:
    """Line ``k`` is a headline: heading-like, and the next line is a dateline, a byline followed
    by body, or a "——" subtitle (a quoted headline "“让数据多跑路，让群众少跑腿”" has a comma but is no tail)."""
    if k + 1 >= len(lines) or not p.is_heading_like(lines[k], 60):
        return False
    after = lines[k + 1]
    if p.is_byline(after):  # a byline opening the body, not one closing the article above
        return k + 2 < len(lines) and not p.is_heading_like(lines[k + 2], 60)
    return p.dateline(after) is not None or p.is_subtitle(after)


def _must_continue(a: str, b: str) -> bool:
    """The break is a column break whatever follows: A dangles or B starts with a closing mark."""
    return bool(a) and bool(b) and (a[-1] in p.DANGLING or b[0] in p.CONTINUATION_START)


def _headline_continues(a: str, b: str) -> bool:
    """A headline broken after a comma ("…常务会议，学习贯彻" / "习近平总书记…精神") goes on in ``b``."""
    return (
        bool(a) and bool(b)
        and a[-1] in "，、"
        and len(a) + len(b) <= 100
        and p.is_heading_like(b, 80)
        and not _protected(a)
        and not _protected_start(b)
    )


def _continues_into(a: str, b: str) -> bool:
    """Running text cut mid-sentence, followed by a fragment that is not a heading of its own."""
    return (
        bool(a) and bool(b)
        and not _closed(a)
        and _running_text(a)
        and not _protected(a)
        and not _headline_style(a)
        and not _protected_start(b)
        and bool(p.HAN.match(b[0]) or b[0].isdigit())
        and not p.starts_sentence(b)
    )


def should_join(a: str, b: str) -> bool:
    """True when the break between paragraphs ``a`` and ``b`` is a column break, not a real one."""
    if not a or not b or _closed(a) or _protected(a) or _protected_start(b):
        return False
    if b[0] in p.CONTINUATION_START:
        return True
    if not (p.HAN.match(b[0]) or b[0].isalnum() or b[0] in "“‘《"):
        return False
    if a[-1] in p.DANGLING or a.count("“") > a.count("”"):
        return True  # a dangling 、 ， or an unclosed quote never ends a paragraph
    b_is_body = bool(p.ANY_PUNCT.search(b)) or len(b) > 40
    if not b_is_body or _headline_style(a) or p.starts_sentence(b):
        return False
    # B's first clause; 0 when B opens with a quote (a new quoted sentence, not a tail)
    clause = _FIRST_CLAUSE.match(b)  # always matches (possibly empty)
    first_clause = len(clause.group(0)) if clause and (p.HAN.match(b[0]) or b[0].isdigit()) else 99
    if _running_text(a):
        return True
    if "，" in a[:-1]:
        # "会议强调，…实现新提" / "升”…": a clause-tail continuation; a heading with a comma is
        # followed by a whole sentence instead
        return first_clause <= _COMMA_TAIL
    return (
        not p.ANY_PUNCT.search(a)
        and len(a) >= 6
        and first_clause <= _SHORT_TAIL
        and bool(p.SENTENCE_PUNCT.search(b))
    )


def _closed(a: str) -> bool:
    """A ends a paragraph: final punctuation (not an opener), or a photo credit (…交流。 李木 摄)."""
    if a[-1] in p.TERMINAL and a[-1] not in p.DANGLING:
        return True
    return a[-1] == "摄" and p.caption_credit(a) is not None


def _running_text(a: str) -> bool:
    """Body text, not a heading: has a sentence mark, or commas in a line longer than a heading."""
    if p.ENUMERATOR.match(a) and not p.SENTENCE_PUNCT.search(a) and len(a) <= 40:
        return False  # 三、2026年重点工作 — a numbered section heading
    return bool(p.SENTENCE_PUNCT.search(a)) or (bool(p.ANY_PUNCT.search(a)) and len(a) > 30)  # 、 only: 30+


def _headline_style(a: str) -> bool:
    """Headlines separate their parts with spaces (学习贯彻 习近平总书记…); running text does not."""
    dl = p.dateline(a)
    if dl:
        a = a[dl.end():].lstrip()  # "晚报讯 昨天…": the space after a dateline is not a headline's
    if len(a) > 80 or p.SENTENCE_PUNCT.search(a):
        return False
    return bool(re.search(r"[\u4e00-\u9fff”] [\u4e00-\u9fff“]", a))


def _protected(a: str) -> bool:
    return (
        p.is_byline(a)
        or p.is_boilerplate(a)
        or p.summary_label(a) is not None  # 摘要：… is a paragraph of its own, often cut unpunctuated
        or p.is_banner(a)
        or p.is_subtitle(a)
        or p.is_table_row(a)
        or (bool(p.ENUMERATOR.match(a)) and not p.SENTENCE_PUNCT.search(a) and len(a) <= 40)
        or bool((dateline := p.dateline(a)) and dateline.end() >= len(a.rstrip()) - 1)
    )


def _protected_start(b: str) -> bool:
    return (
        p.dateline(b) is not None
        or p.is_byline(b)
        or p.is_subtitle(b)
        or p.is_boilerplate(b)
        or p.is_banner(b)
        or p.is_table_row(b)
        or bool(p.ENUMERATOR.match(b))
    )
