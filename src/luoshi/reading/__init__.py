"""Reading stage: report files (text in any Chinese encoding, HTML, .docx, .pdf) -> clean articles.

    from luoshi.reading import read_path, read_bytes, ReadError
    doc, articles = read_path("page.txt", published=date(2023, 7, 14), place="南通市")
    s, e = original_span(doc.offset_map, articles[0].text_to_doc, 0, 10)  # -> doc.original_text[s:e]
"""
from .errors import ReadError
from .model import Article, SourceDocument
from .offsets import original_span
from .reader import DEFAULT_MAX_BYTES, iter_report_paths, read_bytes, read_path, read_stdin

__all__ = [
    "Article",
    "DEFAULT_MAX_BYTES",
    "ReadError",
    "SourceDocument",
    "iter_report_paths",
    "original_span",
    "read_bytes",
    "read_path",
    "read_stdin",
]
