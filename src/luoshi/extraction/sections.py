"""The document structure of long reports: numbered sections, what time each speaks of, and the
paragraph of this year's expected targets (主要预期目标).

A government work report, a plan or a speech is built from numbered sections — 一、2025年工作回顾 /
二、2026年工作安排, inside them （一）… and 1．… — and the section decides the tense of a figure whose
sentence says nothing of time: in the review "地区生产总值增长5.5%" is a result of last year, in the
plan "完成重大工程投资2550亿元" is a task even without 将 or 力争. What a heading says about time comes
from its words (``section_headings.tsv``: 回顾 / 成绩 → review; 安排 / 任务 / 目标 → plan) and from the
year it names against the publication date (2025年… in a 2026 report → review).

The paragraph that states the year's 主要预期目标 (``expected_target_cues.tsv``) is marked too, so a
researcher can ask for exactly those targets (``role: "expected"`` in the contract).

Pure: text and publication date in, an immutable ``Structure`` out.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property

from luoshi.extraction import lexicon

__all__ = ["Section", "Structure", "REVIEW", "PLAN", "find_structure"]

REVIEW, PLAN = "review", "plan"

# Section numbering (结构, not vocabulary): 一、 is a part; （一） a section of it; 1． / 1、 an item.
_LEVELS = (
    (1, re.compile(r"[一二三四五六七八九十]{1,3}[、．.]")),
    (2, re.compile(r"[（(][一二三四五六七八九十]{1,3}[）)]")),
    (3, re.compile(r"\d{1,2}[．.、](?!\d)")),
)
_HEADING_MAX = 60  # characters of a heading sentence (the first sentence of a numbered paragraph)
_YEAR = re.compile(r"(?<!\d)(\d{4})年")
_HEADING_END = re.compile(r"[。！？；\n]")


@dataclass(frozen=True)
class Section:
    """A numbered section: its heading as printed, where it runs, and what time it speaks of."""

    heading: str
    start: int  # of the heading
    end: int  # where the next heading of the same or a higher level begins
    level: int
    tense: str | None  # REVIEW | PLAN | None (the heading does not say)


@dataclass(frozen=True)
class Structure:
    sections: tuple[Section, ...] = ()
    expected: tuple[tuple[int, int], ...] = ()  # spans of 主要预期目标 paragraphs

    @cached_property
    def _expected_starts(self) -> list[int]:
        """Start of each 主要预期目标 span, for bisection (computed once per structure)."""
        return [s for s, _ in self.expected]

    @cached_property
    def _starts(self) -> list[int]:
        return [section.start for section in self.sections]

    def tense_at(self, pos: int) -> str | None:
        """The tense of the innermost section around ``pos`` that has one (sections are in order: a
        deeper one starts later, so the last containing one with a tense wins; found by bisection)."""
        for i in range(bisect.bisect_right(self._starts, pos) - 1, -1, -1):
            section = self.sections[i]
            if section.end > pos and section.tense is not None:
                return section.tense
        return None

    def section_at(self, pos: int) -> Section | None:
        """The innermost section around ``pos``."""
        for i in range(bisect.bisect_right(self._starts, pos) - 1, -1, -1):
            if self.sections[i].end > pos:
                return self.sections[i]
        return None

    def is_expected(self, pos: int) -> bool:
        if not self.expected:
            return False
        starts = self._expected_starts
        i = bisect.bisect_right(starts, pos) - 1
        return i >= 0 and self.expected[i][0] <= pos < self.expected[i][1]


@cache
def _heading_words() -> tuple[tuple[str, str], ...]:
    return tuple((row[0], row[1]) for row in lexicon.rows("section_headings.tsv"))


@cache
def _expected_cue() -> re.Pattern[str]:
    return re.compile("|".join(lexicon.words("expected_target_cues.tsv")))  # regexes, in file order


def heading_tense(heading: str, published: date | None) -> str | None:
    """What a heading says about time: its words first (the longest that matches), then its year."""
    matches = [(len(word), tense) for word, tense in _heading_words() if word in heading]
    if matches:
        return max(matches)[1]
    years = [int(y) for y in _YEAR.findall(heading)]
    if years and published is not None:
        return REVIEW if max(years) < published.year else PLAN
    return None


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _heading_of(text: str, start: int, end: int) -> tuple[int, str] | None:
    """(level, heading) when the paragraph opens with a section number; the heading is the paragraph's
    first sentence (（一）聚焦扩大内需，确保经济平稳运行。紧抓… -> its first sentence)."""
    line = text[start:end].lstrip()
    for level, pattern in _LEVELS:
        m = pattern.match(line)
        if m:
            rest = line[m.end():]
            cut = _HEADING_END.search(rest)
            heading = rest[: cut.start()] if cut else rest
            if 0 < len(heading) <= _HEADING_MAX:
                return level, heading.strip()
            return None
    return None


def find_structure(text: str, published: date | None = None) -> Structure:
    """The numbered sections of ``text`` and its 主要预期目标 paragraphs."""
    paragraphs = _paragraphs(text)
    found: list[tuple[int, int, str]] = []  # (start, level, heading)
    for start, end in paragraphs:
        numbered = _heading_of(text, start, end)
        if numbered is not None:
            found.append((start, numbered[0], numbered[1]))
    sections = []
    for k, (start, level, heading) in enumerate(found):
        end = next((s for s, lv, _ in found[k + 1:] if lv <= level), len(text))
        sections.append(Section(heading, start, end, level, heading_tense(heading, published)))
    return Structure(tuple(sections), _expected_paragraphs(text, paragraphs))


def _expected_paragraphs(text: str, paragraphs: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """From each 主要预期目标 cue to the end of the paragraph its list is in (the cue may stand on a
    line of its own, "主要预期目标" / "是：地区生产总值增长…", when a page wrapped it)."""
    spans = []
    ends = [e for _, e in paragraphs]
    for m in _expected_cue().finditer(text):
        after = m.end()
        while after < len(text) and text[after] in "\n \u3000":
            after += 1
        i = bisect.bisect_left(ends, after)
        if i < len(paragraphs):
            end = paragraphs[i][1]
            if after >= paragraphs[i][0] and end - m.start() > 0:
                spans.append((m.start(), end))
    return tuple(spans)
