"""A small invented report, read into SourceDocument/Article by hand, and hand-made extractions for it,
so storage tests depend neither on the reading stage nor on how well the extractors do today."""
from __future__ import annotations

import hashlib
from datetime import date

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



def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return (start, start + len(part))


def make_extractions(articles: list[Article]):
    """Hand-made extractions for :func:`make_read` (storage tests must not depend on how well the
    extractors do today): one of each kind in the first article, a commitment + statistic in the second."""
    from luoshi.extraction.model import (
        ArticleExtraction,
        Commitment,
        Event,
        Formulation,
        Owner,
        Period,
        Person,
        Post,
        Quantity,
        Statistic,
    )

    t1, t2 = articles[0].text, articles[1].text
    c1 = "确保全年完成固定资产投资120亿元以上"
    first = ArticleExtraction(
        place="青川县", place_path=["四川省", "广元市", "青川县"],
        people=[Person(name="周明远", title="县长", posts=[Post(org="青川县人民政府", title="县长")], role="chair",
                       mentions=[_span(t1, "周明远")])],
        events=[Event(type="meeting", name="全县重点项目推进会", start=date(2026, 3, 12), end=date(2026, 3, 12),
                      date_text="3月12日下午", chair="周明远", span=_span(t1, "主持召开全县重点项目推进会"))],
        commitments=[Commitment(kind="target", text=c1, action="完成固定资产投资", owner=Owner(org="青川县人民政府"),
                                target=Quantity(value=1.2e10, unit="元", comparator=">=", metric="固定资产投资",
                                                text="120亿元以上", span=_span(t1, "120亿元以上")),
                                period=Period(text="全年", start=date(2026, 1, 1), end=date(2026, 12, 31)),
                                strength="确保", span=_span(t1, c1))],
        statistics=[Statistic(value=8.5, unit="%", comparator="=", metric="规上工业增加值增速", as_of="1-2月",
                              text="同比增长8.5%", span=_span(t1, "同比增长8.5%"))],
        formulations=[Formulation(text="重点项目推进会", kind="quoted_slogan", span=_span(t1, "重点项目推进会"))],
    )
    c2 = "计划改造农村公路40公里"
    second = ArticleExtraction(
        place="青川县", place_path=["四川省", "广元市", "青川县"],
        commitments=[Commitment(kind="target", text=c2, action="改造农村公路", owner=Owner(org="柳溪镇人民政府"),
                                target=Quantity(value=40, unit="公里", comparator="=", metric="农村公路改造",
                                                text="40公里", span=_span(t2, "40公里")),
                                period=Period(text="年底前", end=date(2026, 12, 31)), strength="计划",
                                span=_span(t2, c2))],
        statistics=[Statistic(value=12, unit="公里", comparator="=", metric="农村公路改造", as_of="目前",
                              text="12公里", span=_span(t2, "12公里"))],
    )
    return [first, second]
