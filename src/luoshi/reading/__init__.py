"""Reading stage: report files (text in any Chinese encoding, HTML, .docx, .pdf) -> clean articles.

    from luoshi.reading import read_path, read_bytes, ReadError
    doc, articles = read_path("page.txt", published=date(2023, 7, 14), place="南通市")
"""
from .errors import ReadError
from .model import Article, SourceDocument
from .reader import DEFAULT_MAX_BYTES, iter_report_paths, read_bytes, read_path, read_stdin

__all__ = [
    "Article",
    "DEFAULT_MAX_BYTES",
    "ReadError",
    "SourceDocument",
    "iter_report_paths",
    "read_bytes",
    "read_path",
    "read_stdin",
]
