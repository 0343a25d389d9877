"""Data types of the extraction stage. Every item carries ``[start, end)`` spans into the article text.

Serialised by ``to_dict`` into the documented contract ``luoshi.extraction/1``
(docs/extraction-schema.md). Keep field names in sync with that page.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, TypedDict

Span = tuple[int, int]


@dataclass
class Post:
    org: str | None  # organisation resolved to its city: 盐城市发展和改革委员会
    title: str  # post: 主任, 党组书记
    org_as_printed: str | None = None  # 市发展和改革委员会


@dataclass
class Person:
    name: str
    title: str | None  # title phrase exactly as printed: 市发展和改革委员会党组书记、主任
    posts: list[Post] = field(default_factory=list)
    role: str | None = None  # chair | speaker | attendee | met | mentioned
    mentions: list[list[int]] = field(default_factory=list)  # [start, end) of each mention (lists, as in the JSON)


@dataclass
class Quantity:
    value: float | int
    unit: str | None  # measure word without 万/亿: 个, 人, 人次, 元, %
    comparator: str  # one of >= > = <= < ~ between
    metric: str | None  # the thing counted
    text: str = ""  # number phrase as printed: 超7万人
    span: Span = (0, 0)
    low: float | int | None = None  # comparator "between" (增长5%—5.5%): the bounds; value = low
    high: float | int | None = None


@dataclass
class Period:
    text: str | None  # 全年 / 到2027年 / 年底前 / "十五五"期间
    start: date | None = None
    end: date | None = None
    year_end: bool = False  # ends on 31 December of the report's year (全年, 年底前, 年内 …)


@dataclass
class Owner:
    person: str | None = None
    org: str | None = None


@dataclass
class Commitment:
    kind: str  # target | deliverable | directive
    text: str  # the clause as printed
    action: str | None  # verb phrase: 带动返乡创业
    owner: Owner = field(default_factory=Owner)
    target: Quantity | None = None
    period: Period | None = None
    strength: str | None = None  # 确保 / 力争 / 争取 / 将 / 计划 / 要
    span: Span = (0, 0)
    role: str | None = None  # "expected": stated in the paragraph of the year's 主要预期目标
    section: str | None = None  # heading of the numbered section it stands in (三、2026年工作安排)


@dataclass
class Statistic:
    value: float | int
    unit: str | None
    comparator: str
    metric: str | None
    as_of: str | None = None  # 截至目前 / 上半年 / 2023年 as printed
    text: str = ""
    span: Span = (0, 0)
    low: float | int | None = None  # comparator "between": the bounds of a range; value = low
    high: float | int | None = None
    section: str | None = None  # heading of the numbered section it stands in (一、2025年工作回顾)
    as_of_date: date | None = None  # when the figure was true: as_of resolved against the publication date


class Organisation(TypedDict):
    """An organisation mention. A plain dict (the extractor builds and sorts dicts); typed for readers."""

    as_printed: str  # as in the text: 市商务局
    name: str  # resolved against the article's place: 盐城市商务局
    span: list[int]  # [start, end) slicing as_printed


@dataclass
class Event:
    type: str  # meeting | inspection | reception | other
    name: str | None
    start: date | None
    end: date | None
    date_text: str | None  # 昨天下午 / 12日~13日 / 近日
    chair: str | None = None
    participants: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)  # 《…》 reviewed or adopted
    span: Span = (0, 0)


@dataclass
class Formulation:
    text: str  # 84211 / 2+4+N / 三个新
    kind: str  # numeric_code | plus_formula | numbered_slogan | quoted_slogan
    context: str | None = None  # what it names: 攻坚行动 / 现代产业体系
    span: Span = (0, 0)


@dataclass
class ArticleMeta:
    """What extraction may know besides the text (no database, no global state)."""

    headline: str = ""
    headline_guessed: bool = False  # the page prints no headline: ``headline`` is the body's first clause
    published: date | None = None
    place: str | None = None  # caller / publication hint: 南通市
    publisher: str | None = None
    reporters: list[str] = field(default_factory=list)
    subtitles: list[str] = field(default_factory=list)
    dateline: str | None = None  # 本报讯 / 东川新闻网消息（记者 …）: names the outlet, so evidence of place
    breadcrumb: list[str] = field(default_factory=list)  # the portal's columns (城口动态): evidence of place
    site: str | None = None  # the site named in the page's <title> (射阳县人民政府): evidence of place
    page_place: str | None = None  # place of the whole page the article sits on: fallback only


@dataclass
class ArticleExtraction:
    place: str | None = None
    place_path: list[str] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    statistics: list[Statistic] = field(default_factory=list)
    formulations: list[Formulation] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        payload: dict[str, Any] = _jsonable(asdict(self))
        return payload


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, date):
        return obj.isoformat()
    return obj
