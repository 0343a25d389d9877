"""Statistics: quantities reported as achieved or observed (建成服务站120个, 同比增长12.5%).

The classification is shared with commitments (``quantities.analyse``): every quantity whose tense
is the past or present becomes a statistic. An amount or count repeated in one article (a lead that
the body restates: 签约项目45个 … 共签约项目45个) is reported once; a rate repeated for different
things (同比增长5% for two indicators) stays twice, and so does a rate whose metric names only the change
(增长达50.8% … 第二产业投资增长50.8%: nothing says they are one figure).
"""
from __future__ import annotations

import re
from functools import cache

from luoshi.extraction import lexicon
from luoshi.extraction.dates import as_of_date
from luoshi.extraction.model import ArticleMeta, Statistic
from luoshi.extraction.quantities import (
    PAST,
    AnalysedQuantity,
    Analysis,
    analyse_article,
    is_bare_change,
    same_metric,
)

__all__ = ["extract_statistics"]


def extract_statistics(text: str, meta: ArticleMeta, warnings: list[str] | None = None, *,
                       analysis: Analysis | None = None) -> list[Statistic]:
    """Return the statistics of ``text`` in order of appearance. ``analysis``: the article's
    quantities as the pipeline analysed them once (analysed here when not given)."""
    if analysis is None:
        analysis = analyse_article(text, meta)
    if warnings is not None:
        warnings.extend(w for w in analysis.problems if w not in warnings)
    statistics: list[Statistic] = []
    seen: dict[tuple[float, str | None, str], list[str | None]] = {}
    for quantity in analysis.quantities:
        if quantity.tense != PAST:
            continue
        m = quantity.mention
        metrics = seen.setdefault((float(m.value), m.unit, m.comparator), [])
        if metrics and (m.unit_kind != "percent" or any(same_metric(quantity.metric, e) and not is_bare_change(e)
                                                        and not is_bare_change(quantity.metric) for e in metrics)):
            continue  # an amount or count seen before is a restatement; rates repeat for different things
        metrics.append(quantity.metric)
        as_of = _as_of(text, quantity)
        statistics.append(Statistic(value=m.value, unit=m.unit, comparator=m.comparator, metric=quantity.metric,
                                    as_of=as_of, text=m.text, span=(m.start, m.end),
                                    low=m.low, high=m.high, section=quantity.section,
                                    as_of_date=as_of_date(as_of, meta.published)))
    return statistics


@cache
def _as_of_pattern() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{row[0]})" for row in lexicon.rows("as_of.tsv")))


def _as_of(text: str, quantity: AnalysedQuantity) -> str | None:
    """The nearest dating expression before the number in its sentence (截至目前, 今年上半年)."""
    found = list(_as_of_pattern().finditer(text, quantity.sentence_start, quantity.mention.start))
    return found[-1].group().rstrip("，,") if found else None
