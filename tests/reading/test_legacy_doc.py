"""Legacy Word 97–2003 .doc files, read by antiword (installed by scripts/install_system.sh).

The fixture ``fixtures/legacy_report.doc`` was written for these tests: a .docx made with python-docx
(text written here) saved as "MS Word 97" by LibreOffice (``soffice --headless --convert-to doc``).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from luoshi.reading import ReadError, read_bytes, read_path
from luoshi.reading.sniff import detect_format

FIXTURE = Path(__file__).parent / "fixtures" / "legacy_report.doc"


def test_legacy_doc_text_is_read_paragraph_by_paragraph():
    doc, articles = read_path(FIXTURE)
    assert doc.format == "doc"
    assert len(articles) == 1
    art = articles[0]
    assert art.headline == "东川市召开重点项目推进会"
    assert art.dateline and art.dateline.startswith("本报讯")
    assert "力争新增城镇就业3.5万人以上。" in art.text
    assert art.reporters == ["王晓燕"]


def test_legacy_doc_is_sniffed_from_content_whatever_its_name():
    assert detect_format(FIXTURE.read_bytes(), "report.bin") == "doc"


def test_other_old_office_files_are_refused_by_name():
    ole_without_word = FIXTURE.read_bytes().replace("WordDocument".encode("utf-16-le"), "Workbook____".encode("utf-16-le"))
    with pytest.raises(ReadError) as info:
        read_bytes(ole_without_word, name="sheet.xls")
    assert str(info.value) == "sheet.xls: not a report: the file is an old binary Office file that is not a Word document (.xls/.ppt?)"


def test_without_antiword_the_refusal_names_the_missing_tool(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(ReadError) as info:
        read_path(FIXTURE)
    message = str(info.value)
    assert message.startswith(f"{FIXTURE}: cannot read a legacy Word .doc: the antiword tool is not installed")
    assert "scripts/install_system.sh" in message and "\n" not in message


def test_damaged_doc_is_refused_in_one_line():
    data = FIXTURE.read_bytes()
    with pytest.raises(ReadError) as info:
        read_bytes(data[:4096], name="cut.doc")
    assert str(info.value).startswith("cut.doc: ") and "\n" not in str(info.value)
