"""The pattern data files load, every rule is commented, and every kind is one the code uses."""
from __future__ import annotations

from importlib import resources

import pytest

from luoshi.reading import patterns

KINDS = {
    "boilerplate.tsv": {"drop", "footer", "short", "toolbar", "crumb_sep", "label", "site_footer", "inline", "trail", "summary", "define",
                        "trail_sep", "trail_home", "menu_item"},
    "bylines.tsv": {"define", "dateline", "dateline_names", "byline", "leading", "trailing", "caption", "picture_source", "org", "signature"},
    "glosses.tsv": {"define", "gloss"},
    "headlines.tsv": {"open_end", "open_start", "break_pair", "frame_open", "frame_close", "time_clause", "site_name",
                      "name_line", "occasion"},
    "ocr.tsv": {"box"},
}


@pytest.mark.parametrize("name", sorted(KINDS))
def test_rules_load_with_known_kinds_and_comments(name):
    text = resources.files("luoshi.reading").joinpath("data", name).read_text(encoding="utf-8")
    for raw in text.splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = raw.split("\t")
        assert parts[0] in KINDS[name], raw
        assert len(parts) >= 3 and parts[-1].strip(), f"uncommented rule: {raw}"
    assert patterns._load(name)  # every regex compiles after macro expansion


@pytest.mark.parametrize("name", ["sentence_openers.tsv", "traditional.tsv"])
def test_lexicons_load(name):
    text = resources.files("luoshi.reading").joinpath("data", name).read_text(encoding="utf-8")
    rows = [r for r in text.splitlines() if r.strip() and not r.startswith("#")]
    assert rows and all("\t" in r for r in rows)


def test_traditional_folding_keeps_length():
    line = "本報訊（記者 林小禾）東川市召開會議"
    assert len(patterns.fold(line)) == len(line) and patterns.fold(line).startswith("本报讯（记者")


def test_ocr_fixes_restore_the_byline_box_only_before_a_credit():
    assert patterns.ocr_fix("口记者赵小川 林木") == "□记者赵小川 林木"
    assert patterns.ocr_fix("口本报记者 林木") == "□本报记者 林木"
    assert patterns.ocr_fix("口岸建设提速，记者了解到") == "口岸建设提速，记者了解到"
