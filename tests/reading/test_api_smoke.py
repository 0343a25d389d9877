"""The public interface others code against: read_bytes/read_path/ReadError/iter_report_paths."""
from __future__ import annotations

from datetime import date

import pytest

from luoshi.reading import ReadError, iter_report_paths, read_bytes, read_path

PAGE = "东川市召开项目推进会\n晚报讯 昨天，东川市召开重点项目推进会，部署下半年工作。\n会议要求，全年新开工项目不少于30个。\n记者林小禾\n"


def test_read_bytes_returns_document_and_articles():
    doc, articles = read_bytes(PAGE.encode("utf-8"), name="page.txt", published=date(2024, 7, 1), place="东川市")
    assert doc.format == "text" and doc.encoding == "utf-8" and len(doc.sha256) == 64
    assert len(articles) == 1
    art = articles[0]
    assert art.headline == "东川市召开项目推进会"
    assert art.reporters == ["林小禾"] and art.dateline == "晚报讯"
    assert art.published == date(2024, 7, 1) and art.place == "东川市"
    assert "全年新开工项目不少于30个" in art.text


def test_read_path_missing_file_is_one_line_error(tmp_path):
    with pytest.raises(ReadError) as info:
        read_path(tmp_path / "nope.txt")
    assert str(info.value) == f"{tmp_path / 'nope.txt'}: no such file"


def test_iter_report_paths_walks_folders_skipping_hidden(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text("x")
    (tmp_path / "sub" / "c.gif").write_bytes(b"x")
    assert [p.name for p in iter_report_paths([tmp_path])] == ["a.txt", "b.html"]


def test_module_entry_point_prints_articles_and_refusals(tmp_path, capsys):
    import json

    from luoshi.reading.__main__ import main

    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    status = main([str(tmp_path / "page.txt"), str(tmp_path / "empty.txt")])
    out, err = capsys.readouterr()
    row = json.loads(out.splitlines()[0])
    assert status == 1 and row["headline"] == "东川市召开项目推进会" and row["reporters"] == ["林小禾"]
    assert err.strip() == f"{tmp_path / 'empty.txt'}: empty file"
