"""Extraction's word lists are data: every file parses under the one comment rule, says what it is for,
has no duplicate entry, is read by the code, and no Chinese word list is left inline in the code."""
from __future__ import annotations

import ast
import functools
import importlib
import re
from importlib import resources
from pathlib import Path

import pytest

from luoshi.extraction import lexicon

PACKAGE = Path(importlib.import_module("luoshi.extraction").__file__).parent
FILES = lexicon.data_files()

# Files that hold several lists of one meaning: the values their second column may take (a kind, or
# comma-separated uses). A value outside these would silently drop its words.
KINDS = {
    "attached_bodies.tsv": {"sub_body", "base", "back_reference"},
    "attendance_words.tsv": {"verb", "list_verb", "determiner", "activity", "event"},
    "change_words.tsv": {"basis", "base", "change"},
    "commitment_verbs.tsv": {"build", "thing", "directive", "improve", "lead", "action_lead"},
    "comparators.tsv": {"prefix", "suffix", "infix"},
    "date_anchors.tsv": {"year", "month"},
    "event_anchors.tsv": {"before", "after", "time_verb", "time", "venue", "held", "directive"},
    "guidance_citations.tsv": {"verb", "object", "visit"},
    "coordinators.tsv": {"joins", "split", "not_start", "ends_noun", "shares_comparator", "name_list"},
    "document_verbs.tsv": {"issue", "speak", "issue_lead"},
    "meeting_voices.tsv": {"meeting", "verb"},
    "metric_leading_noise.tsv": {"word", "regex"},
    "metric_subjects.tsv": {"word", "ending"},
    "metric_trailing_noise.tsv": {"level", "word"},
    "org_prefixes.tsv": {"start", "body"},
    "provincial_units.tsv": {"municipality", "ending"},
    "qualifier_marks.tsv": {"ending", "joint", "counted", "capacity", "named", "back", "listing"},
    "place_subjects.tsv": {"whole", "lead"},
    "county_short_contexts.tsv": {"self", "institution"},
    "place_zone_words.tsv": {"zone", "marker"},
    "place_venue_words.tsv": {"at", "come", "visit"},
    "place_host_words.tsv": {"organ", "superior"},
    "org_suffixes.tsv": {"mention", "company", "subject", "assigner", "speaker", "issuer", "metric", "in_place"},
    "place_suffixes.tsv": {"short", "keep", "county_short", "autonomous"},
    "speaker_titles.tsv": {"speaker", "plan_byline", "head_of_government", "not_government"},
    "subject_hedges.tsv": {"hedge", "between"},
    "target_assigners.tsv": {"level", "verb"},
    "unnamed_speakers.tsv": {"source", "qualifier", "official"},
    "visitor_words.tsv": {"word", "regex"},
    "event_non_events.tsv": {"word", "regex", "ahead"},
    "reception_guests.tsv": {"word", "regex"},
    "interview_labels.tsv": {"question", "answer", "title_head", "interviewed", "named_label"},
}
# Files whose entries are (first column, second column): one word may appear under two kinds, and a
# named formulation may have several patterns.
KEYED_BY_TWO = set(KINDS) | {"formulation_patterns.tsv"}
# Files whose first column is a Python regex, not a literal word.
REGEX_FILES = {"as_of.tsv", "expected_target_cues.tsv", "report_cues.tsv", "report_presenting.tsv", "formulation_excluded.tsv", "periods.tsv", "plan_frames.tsv"}

# Modules whose inline word lists have not moved to data yet (emptied as each one is converted).
NOT_YET_CONVERTED: set[str] = set()
# Words that stay in the code because they are structure, not vocabulary: (module, word) -> why.
ALLOWED_INLINE = {
    ("commitments.py", "代表"): "代表…作…报告 / 代表 after a title: the frame of a delivered report, not a list",
    ("numbers.py", "万亿"): "scales of Chinese numerals (万亿, 亿, 万): number grammar, like the digits 一二三",
}

CJK = "\u3400-\u9fff"
_ALTERNATIVE = re.compile(rf"[{CJK}]{{2,}}")


def _text(name: str) -> str:
    return resources.files("luoshi.extraction").joinpath("data", name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", FILES)
def test_file_starts_with_a_header_comment_and_has_entries(name):
    lines = _text(name).splitlines()
    assert lines and lexicon.is_comment(lines[0]), f"{name}: no header comment saying what the list is for"
    assert sum(1 for line in lines if lexicon.is_comment(line)) >= 1
    assert lexicon.rows(name), f"{name}: no entries"
    assert all(row[0] for row in lexicon.rows(name)), f"{name}: a row with an empty first cell"


@pytest.mark.parametrize("name", FILES)
def test_no_duplicate_entries(name):
    width = 2 if name in KEYED_BY_TWO else 1
    keys = [row[:width] for row in lexicon.rows(name)]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    assert not duplicates, f"{name}: listed twice: {duplicates}"


@pytest.mark.parametrize("name", sorted(KINDS))
def test_kinds_are_ones_the_code_reads(name):
    for row in lexicon.rows(name):
        assert len(row) >= 2, f"{name}: {row[0]!r} has no kind"
        unknown = set(row[1].split(",")) - KINDS[name]
        assert not unknown, f"{name}: {row[0]!r} has unknown kind {unknown}"


@pytest.mark.parametrize("name", sorted(REGEX_FILES | {"metric_leading_noise.tsv", "visitor_words.tsv", "event_non_events.tsv",
                                              "reception_guests.tsv"}))
def test_regex_entries_compile(name):
    for row in lexicon.rows(name):
        if name in REGEX_FILES or row[1] in ("regex", "ahead"):
            re.compile(row[0])


def _sources() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(PACKAGE.glob("*.py"))}


@pytest.mark.parametrize("name", FILES)
def test_every_file_is_read_by_the_code(name):
    assert any(f'"{name}"' in src or f"'{name}'" in src for src in _sources().values()), \
        f"{name} is read by no extraction module"


def test_the_comment_rule():
    assert lexicon.is_comment("# a comment") and lexicon.is_comment("   # indented comment")
    assert not lexicon.is_comment("C#\tlanguage")  # a # after the entry is data: no inline comments


def test_results_are_immutable():
    assert isinstance(lexicon.rows("units.tsv"), tuple)
    assert isinstance(lexicon.words("units.tsv"), tuple)
    assert isinstance(lexicon.word_set("units.tsv"), frozenset)
    with pytest.raises(TypeError):
        lexicon.mapping("units.tsv")["个"] = "money"  # type: ignore[index]


def test_alternation_is_escaped_and_longest_first():
    assert lexicon.alternation(["超", "超过", "1.5"]) == "1\\.5|超过|超"
    assert re.fullmatch(lexicon.alternation(["增长", "增"]), "增长")
    with pytest.raises(ValueError):
        lexicon.alternation([])


def test_every_pattern_builds():
    """Every cached builder of a pattern from data (a function without arguments) runs: a bad entry
    fails here, not on the first article that needs it."""
    built = 0
    for path in sorted(PACKAGE.glob("*.py")):
        module = importlib.import_module(f"luoshi.extraction.{path.stem}")
        for value in list(vars(module).values()):
            wrapped = getattr(value, "__wrapped__", None)
            if isinstance(value, functools._lru_cache_wrapper) and wrapped is not None \
                    and wrapped.__module__ == module.__name__ and wrapped.__code__.co_argcount == 0:
                value()
                built += 1
    assert built > 20


def _inline_words(source: str) -> list[tuple[int, str]]:
    """Chinese words (2+ characters) that are alternatives of a regex alternation in a string literal
    (a|b|c), or items of a tuple, list or set of strings: word lists written in the code."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and "|" in node.value:
            value = node.value
            for m in _ALTERNATIVE.finditer(value):
                left = value[m.start() - 1] if m.start() else ""
                right = value[m.end()] if m.end() < len(value) else ""
                if (left == "|" and right in ("|", ")", "")) or (right == "|" and left in ("|", "(", ":", "")):
                    found.append((node.lineno, m.group()))
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set)) and len(node.elts) >= 2 and all(
                isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
            found += [(node.lineno, e.value) for e in node.elts  # type: ignore[attr-defined]
                      if re.fullmatch(rf"[{CJK}]{{2,}}", e.value)]  # type: ignore[attr-defined]
    return found


def test_no_chinese_word_list_is_left_inline():
    left = [f"{name}:{line}: {word}" for name, src in _sources().items() if name not in NOT_YET_CONVERTED
            for line, word in _inline_words(src) if (name, word) not in ALLOWED_INLINE]
    assert not left, "word lists belong in extraction/data/*.tsv:\n" + "\n".join(left)


def test_the_scan_finds_inline_lists():
    assert [w for _, w in _inline_words('re.compile(r"(?:增长|增加|下降)")')] == ["增长", "增加", "下降"]
    assert [w for _, w in _inline_words('x in ("全年", "年内")')] == ["全年", "年内"]
    assert _inline_words('re.compile(r"代表[^，]{0,20}作报告")') == []
