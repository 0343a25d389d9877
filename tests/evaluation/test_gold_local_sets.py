"""The held-out sets under tests/gold_local/{news,blind,blind-c,blind-d,blind-e,tuning-f,tuning-g,blind-g,tuning-h,tuning-i,news-trad}: every gold file loads, names a raw input
that exists in tests/gold_local/raw (resolved from the gold folder, no --shared-root needed), and
every raw input has its manifest line. The inputs are public reports kept in the repository, so
these checks need no ../shared."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from luoshi.evaluation.gold import gold_files, load_gold, resolve_input

LOCAL = Path(__file__).resolve().parents[1] / "gold_local"
SETS = [LOCAL / "news", LOCAL / "blind", LOCAL / "blind-c", LOCAL / "blind-d", LOCAL / "blind-e", LOCAL / "tuning-f",
        LOCAL / "tuning-g", LOCAL / "blind-g", LOCAL / "tuning-h", LOCAL / "tuning-i", LOCAL / "news-trad"]


@pytest.mark.parametrize("folder", SETS, ids=lambda p: p.name)
def test_set_files_load_and_resolve_to_raw_inputs(folder: Path) -> None:
    for path in gold_files(folder):
        gold = load_gold(path)
        raw = resolve_input(gold)
        assert raw.is_file(), f"{path.name}: {raw} missing"
        assert raw.parent == LOCAL / "raw", path.name
        assert gold.articles, path.name


def test_news_and_blind_sets_are_disjoint() -> None:
    news = {p.name for p in gold_files(LOCAL / "news")}
    blind = {p.name for p in gold_files(LOCAL / "blind")}
    blind_c = {p.name for p in gold_files(LOCAL / "blind-c")}
    blind_d = {p.name for p in gold_files(LOCAL / "blind-d")}
    assert news and blind and blind_c and blind_d
    assert not news & blind and not news & blind_c and not blind & blind_c
    assert not blind_d & (news | blind | blind_c)
    trad = {p.name for p in gold_files(LOCAL / "news-trad")}
    assert trad and not trad & (news | blind | blind_c | blind_d)
    blind_e = {p.name for p in gold_files(LOCAL / "blind-e")}
    tuning_f = {p.name for p in gold_files(LOCAL / "tuning-f")}
    assert blind_e and tuning_f and not blind_e & tuning_f
    assert not (blind_e | tuning_f) & (news | blind | blind_c | blind_d | trad)
    tuning_g = {p.name for p in gold_files(LOCAL / "tuning-g")}
    blind_g = {p.name for p in gold_files(LOCAL / "blind-g")}
    assert tuning_g and blind_g and not tuning_g & blind_g
    assert not (tuning_g | blind_g) & (news | blind | blind_c | blind_d | trad | blind_e | tuning_f)
    tuning_h = {p.name for p in gold_files(LOCAL / "tuning-h")}
    assert tuning_h and not tuning_h & (news | blind | blind_c | blind_d | trad | blind_e | tuning_f | tuning_g | blind_g)
    tuning_i = {p.name for p in gold_files(LOCAL / "tuning-i")}
    assert tuning_i and not tuning_i & (news | blind | blind_c | blind_d | trad | blind_e | tuning_f | tuning_g | blind_g
                                      | tuning_h)


def test_every_raw_input_of_a_set_has_a_manifest_line() -> None:
    listed = set()
    for manifest in sorted((LOCAL / "raw").glob("manifest-*.jsonl")):
        for line in manifest.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                listed.add(Path(row["file"]).name)
    for folder in SETS:
        for path in gold_files(folder):
            assert Path(load_gold(path).file).name in listed, path.name


def test_set_b_manifest_names_repository_file_and_commit() -> None:
    """Set b was taken from repository files: each line says which file at which commit."""
    for line in (LOCAL / "raw" / "manifest-b.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        assert row["repo"] and row["path"] and len(row["commit"]) == 40, row["file"]
        assert (LOCAL / "raw" / row["file"]).is_file(), row["file"]


@pytest.mark.parametrize("letter, folder", [("c", "blind-c"), ("d", "blind-d"), ("e", "blind-e"), ("f", "tuning-f"),
                                            ("g1", "tuning-g"), ("g2", "blind-g"), ("h", "tuning-h"),
                                            ("i", "tuning-i")])
def test_page_set_manifest_names_each_input_with_its_source(letter: str, folder: str) -> None:
    """Sets c and d were taken from stored public pages: one manifest line per input, with its id, its
    address (or a note saying the store gave none), a date and a genre, and every gold file of the set
    (blind-c/, blind-d/) is listed."""
    rows = [json.loads(line) for line in
            (LOCAL / "raw" / f"manifest-{letter}.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids)) >= 12  # sets g (two halves of 13, one manifest each) and h (12) are smaller
    for row in rows:
        assert Path(row["file"]).name == f"{row['id']}.txt", row["id"]
        assert (LOCAL / row["file"]).is_file(), row["file"]
        assert row["url"] or row["notes"], row["id"]  # no address: the notes say why (the store gave none)
        assert (row["published"] is None or len(row["published"]) == 10) and row["genre"], row["id"]
    gold = {Path(load_gold(p).file).stem for p in gold_files(LOCAL / folder)}
    assert gold == set(ids)
