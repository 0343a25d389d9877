"""Fixtures for storage tests: a migrated database per backend and a small invented report,
read into SourceDocument/Article by hand so these tests do not depend on the reading stage."""
from __future__ import annotations

import hashlib
from datetime import date

import pytest

from luoshi.reading.model import Article, SourceDocument

# Invented names and figures, written in the genre of a county newspaper page.
HEADLINE_1 = "全县重点项目推进会召开"
BODY_1 = (
    "本报讯 3月12日下午，县长周明远主持召开全县重点项目推进会。"
    "会议要求，确保全年完成固定资产投资120亿元以上，力争新开工亿元以上项目25个。"
    "今年1-2月，全县规上工业增加值同比增长8.5%。"
)
HEADLINE_2 = "柳溪镇推进农村公路提档升级"
BODY_2 = "本报讯 柳溪镇今年计划改造农村公路40公里，年底前全面完成。目前已完成12公里。"


def make_read(text_suffix: str = "", published: date | None = date(2026, 3, 13)) -> tuple[SourceDocument, list[Article]]:
    """A two-article page; ``text_suffix`` changes the bytes (and so the sha256)."""
    page = f"{HEADLINE_1}\n{BODY_1}\n\n{HEADLINE_2}\n{BODY_2}{text_suffix}\n"
    raw = page.encode("gb18030")
    articles = []
    for index, (headline, body) in enumerate(((HEADLINE_1, BODY_1), (HEADLINE_2, BODY_2 + text_suffix))):
        start = page.index(body)
        articles.append(Article(
            index=index, headline=headline, text=body, doc_start=start, doc_end=start + len(body),
            text_to_doc=list(range(start, start + len(body) + 1)), paragraphs=[(0, len(body))],
            published=published, place="青川县",
        ))
    doc = SourceDocument(
        path="page.txt", raw=raw, sha256=hashlib.sha256(raw).hexdigest(), format="text", encoding="gb18030",
        original_text=page, text=page, offset_map=list(range(len(page) + 1)), published=published, place="青川县",
    )
    return doc, articles


@pytest.fixture
def factory(db_url):
    """A session factory on a database migrated to head (SQLite and PostgreSQL)."""
    from luoshi.storage.db import make_engine, session_factory
    from luoshi.storage.migrate import upgrade_to_head

    engine = make_engine(db_url)
    upgrade_to_head(engine)
    yield session_factory(engine)
    engine.dispose()
