"""The notebook API: luoshi.read / extract_text / rows, without a database."""
from __future__ import annotations

from datetime import date

import pytest

import luoshi
from luoshi.reading import ReadError

REPORT = """石门镇召开秋粮收购工作会议

本报讯（通讯员 贺青）9月3日，石门镇召开秋粮收购工作会议，镇长秦立夫出席会议并讲话。

会议要求，确保今年秋粮收购量达到8000吨以上。截至8月底，全镇已建成烘干中心4个。
"""


def test_version_is_a_string():
    assert isinstance(luoshi.__version__, str) and luoshi.__version__


def test_read_returns_articles_with_their_extraction(tmp_path):
    path = tmp_path / "shimen.txt"
    path.write_bytes(REPORT.encode("gbk"))
    arts = luoshi.read(path, published="2026-09-04", place="石门县")
    assert len(arts) == 1
    art = arts[0]
    assert art.headline == "石门镇召开秋粮收购工作会议"
    assert art.published == date(2026, 9, 4)
    assert "确保今年秋粮收购量达到8000吨以上" in art.text
    for kind in ("people", "events", "commitments", "statistics", "formulations"):
        for item in getattr(art, kind):
            span = item.mentions[0] if kind == "people" else item.span
            assert 0 <= span[0] <= span[1] <= len(art.text)
    entry = art.to_dict()
    assert entry["headline"] == art.headline and entry["text"] == art.text
    assert "ExtractedArticle" in repr(art)


def test_extract_text_matches_reading_the_same_text_from_a_file(tmp_path):
    path = tmp_path / "same.txt"
    path.write_text(REPORT, encoding="utf-8")
    from_text = luoshi.extract_text(REPORT, published=date(2026, 9, 4))
    from_file = luoshi.read(path, published=date(2026, 9, 4))
    assert [a.to_dict() for a in from_text] == [a.to_dict() for a in from_file]


def test_rows_quote_the_text_each_item_points_at():
    arts = luoshi.extract_text(REPORT, published="2026-09-04")
    all_rows = [(kind, row) for kind in ("people", "commitments", "statistics") for row in luoshi.rows(arts, kind)]
    assert all_rows, "a leader, a 确保 target and a count should yield at least one item"
    for _kind, row in all_rows:
        if True:
            assert row["headline"] == "石门镇召开秋粮收购工作会议"
            expected = row.get("text") or row.get("name")
            if expected and row["quote"] is not None:
                assert row["quote"] == expected
    with pytest.raises(ValueError):
        luoshi.rows(arts, "nonsense")


def test_unreadable_input_raises_read_error(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(ReadError, match="empty.txt"):
        luoshi.read(empty)
