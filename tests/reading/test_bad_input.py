"""Bad input: one clear line naming the file and the reason, never a traceback."""
from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest

from luoshi.reading import ReadError, iter_report_paths, read_bytes, read_path, read_stdin


def refuse(path) -> str:
    with pytest.raises(ReadError) as info:
        read_path(path)
    message = str(info.value)
    assert "\n" not in message and message.startswith(f"{path}: ")
    return message


def test_missing_path(tmp_path):
    assert refuse(tmp_path / "gone.txt").endswith("no such file")


def test_empty_and_whitespace_only_files(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \r\n\t\n")
    assert refuse(tmp_path / "empty.txt").endswith("empty file")
    assert refuse(tmp_path / "blank.txt").endswith("empty file")


def test_damaged_png_image_is_refused_as_an_image(tmp_path):
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(256))
    assert "damaged or unreadable image" in refuse(tmp_path / "photo.txt")


def test_random_bytes_are_refused(tmp_path):
    (tmp_path / "noise.txt").write_bytes(os.urandom(4096))
    assert "not a report" in refuse(tmp_path / "noise.txt") or "undecodable" in refuse(tmp_path / "noise.txt")


def test_random_bytes_without_nul_are_refused(tmp_path):
    data = bytes(b for b in os.urandom(8192) if b)
    (tmp_path / "noise2.txt").write_bytes(data)
    message = refuse(tmp_path / "noise2.txt")
    assert "undecodable" in message or "not a report" in message


def test_oversized_file_is_refused_without_being_read(tmp_path, monkeypatch):
    big = tmp_path / "huge.txt"
    with open(big, "wb") as handle:  # a sparse 200 MB file: costs no disk, and must not be read
        handle.seek(200 * 1024 * 1024)
        handle.write(b"\n")

    def no_read(self):
        raise AssertionError("the file was read before its size was checked")

    monkeypatch.setattr(Path, "read_bytes", no_read)
    assert "exceeds the 50 MB limit" in refuse(big)


def test_size_limit_is_configurable(tmp_path, monkeypatch):
    small = tmp_path / "small.txt"
    small.write_text("东川市召开会议。" * 200, encoding="utf-8")
    with pytest.raises(ReadError, match="too large"):
        read_path(small, max_bytes=1000)
    monkeypatch.setenv("LUOSHI_MAX_INPUT_BYTES", "1000")
    with pytest.raises(ReadError, match="too large"):
        read_path(small)


def test_directory_given_as_a_file(tmp_path):
    assert "is a directory" in refuse(tmp_path)


def test_directory_without_reports(tmp_path):
    (tmp_path / "picture.gif").write_bytes(b"GIF89a")
    (tmp_path / ".hidden.txt").write_text("东川")
    with pytest.raises(ReadError) as info:
        list(iter_report_paths([tmp_path]))
    assert str(info.value) == f"{tmp_path}: directory contains no report files (.txt .html .docx .pdf …)"


def test_iter_report_paths_recurses_in_order_and_knows_web_extensions(tmp_path):
    for rel in ["b/news.jsp", "a/page.aspx", "a/x.php", "a/.git/config.txt", "c.docx", "d.pdf", "e.gbk.html", "f.jpg"]:
        target = tmp_path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"x")
    names = [p.relative_to(tmp_path).as_posix() for p in iter_report_paths([tmp_path])]
    assert names == ["c.docx", "d.pdf", "e.gbk.html", "f.jpg", "a/page.aspx", "a/x.php", "b/news.jsp"]


def test_read_stdin_reads_bytes_from_standard_input(monkeypatch):
    data = "东川市召开会议\n晚报讯 昨天，东川市召开会议。\n".encode("gbk")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    doc, articles = read_stdin()
    assert doc.path is None and doc.encoding == "gb18030" and articles[0].headline == "东川市召开会议"


def test_page_with_only_furniture_is_refused():
    with pytest.raises(ReadError) as info:
        read_bytes("网站地图\n版权所有 东川市人民政府\n".encode(), name="furniture.html")
    assert str(info.value).startswith("furniture.html: no ")


def test_rtf_is_refused_with_advice():
    with pytest.raises(ReadError, match="RTF document"):
        read_bytes(b"{\\rtf1\\ansi {\\fonttbl}}", name="memo.rtf")


def test_folder_walks_skip_readmes_licences_and_manifests_but_not_named_files(tmp_path):
    (tmp_path / "p1.txt").write_text("东川市召开会议\n晚报讯 昨天，东川市召开会议。\n", encoding="utf-8")
    for name in ("README.md", "readme.txt", "LICENSE.txt", "CHANGELOG.md", "manifest.jsonl", "meta.json"):
        (tmp_path / name).write_text("# 说明\n这是说明文件。\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("东川市召开会议\n晚报讯 昨天，东川市召开会议。\n", encoding="utf-8")
    assert [p.name for p in iter_report_paths([tmp_path])] == ["notes.md", "p1.txt"]
    assert [p.name for p in iter_report_paths([tmp_path / "README.md"])] == ["README.md"]
    _doc, articles = read_path(tmp_path / "README.md")  # named explicitly: read like any report
    assert articles


def test_a_folder_with_only_a_readme_has_no_report_files(tmp_path):
    (tmp_path / "README.md").write_text("说明\n", encoding="utf-8")
    with pytest.raises(ReadError, match="directory contains no report files"):
        list(iter_report_paths([tmp_path]))
