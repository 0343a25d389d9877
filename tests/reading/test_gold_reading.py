"""Reading matches the hand-checked gold annotations in ../shared/gold/dev (one test per gold file).

Checks the article count and order, headlines, reporters, ``must_contain`` passages (unbroken, in
the article text) and ``must_not_contain`` text (in no article), comparing after NFKC with all
whitespace removed, as ../shared/gold/README.md prescribes.
"""
from __future__ import annotations

import json
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from luoshi.reading import read_path
from shared_data import SHARED

pytestmark = pytest.mark.shared

GOLD_FILES = sorted(p.name for p in (SHARED / "gold" / "dev").glob("*.json")) or ["<no gold files>"]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


@pytest.fixture
def gold(request, shared_dir):
    path = shared_dir / "gold" / "dev" / request.param
    return shared_dir, json.loads(path.read_text(encoding="utf-8"))


def _read(shared_dir: Path, spec: dict):
    published = date.fromisoformat(spec["published"]) if spec.get("published") else None
    return read_path(shared_dir / spec["file"], published=published)


@pytest.mark.parametrize("gold", GOLD_FILES, indirect=True)
def test_articles_and_headlines_match_gold(gold):
    shared_dir, spec = gold
    _doc, articles = _read(shared_dir, spec)
    assert [squash(a.headline) for a in articles] == [squash(g["headline"]) for g in spec["articles"]]


@pytest.mark.parametrize("gold", GOLD_FILES, indirect=True)
def test_reporters_match_gold(gold):
    shared_dir, spec = gold
    _doc, articles = _read(shared_dir, spec)
    assert len(articles) == len(spec["articles"])
    assert [a.reporters for a in articles] == [g["reporters"] for g in spec["articles"]]


@pytest.mark.parametrize("gold", GOLD_FILES, indirect=True)
def test_must_contain_passages_are_unbroken_in_their_article(gold):
    shared_dir, spec = gold
    _doc, articles = _read(shared_dir, spec)
    assert len(articles) == len(spec["articles"])
    for art, g in zip(articles, spec["articles"], strict=True):
        for passage in g.get("must_contain", []):
            assert squash(passage) in squash(art.text), f"{g['headline']}: missing {passage!r}"


@pytest.mark.parametrize("gold", GOLD_FILES, indirect=True)
def test_must_not_contain_text_is_in_no_article(gold):
    shared_dir, spec = gold
    _doc, articles = _read(shared_dir, spec)
    for art in articles:
        everything = squash(art.headline + "".join(art.subtitles) + art.text)
        for banned in spec.get("must_not_contain", []):
            assert squash(banned) not in everything, f"{art.headline}: still contains {banned!r}"


SEEDS = sorted(p.name for p in (SHARED / "seeds").glob("*.txt")) or ["<no seeds>"]
VARIANTS = {
    "crlf": lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    "gb18030": lambda t: t.encode("gb18030"),
    "utf16": lambda t: t.encode("utf-16"),
    "no_blank_lines": lambda t: t.replace("\n\n", "\n").encode("utf-8"),
    "indented": lambda t: "\n".join("\u3000\u3000" + ln if ln else ln for ln in t.split("\n")).encode("utf-8"),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("seed", SEEDS)
def test_seed_pages_read_the_same_whatever_the_encoding_and_layout(seed, variant, shared_dir):
    from luoshi.reading import read_bytes

    path = shared_dir / "seeds" / seed
    text = path.read_text(encoding="utf-8")
    signature = lambda arts: [(squash(a.headline), a.reporters, squash(a.text)) for a in arts]  # noqa: E731
    _, base = read_bytes(text.encode("utf-8"), name=seed)
    _, other = read_bytes(VARIANTS[variant](text), name=f"{seed}.{variant}")
    assert signature(other) == signature(base)
