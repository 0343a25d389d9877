"""Scoring government work reports (政府工作报告) the way a researcher reads them first.

A work-report gold file (format: ``../shared/gold/workreports/README.md``) does not list every item of
the report; it marks the paragraph that states this year's 主要预期目标 (by its first and last
characters) and lists, for that paragraph, every number-bearing target, the previous year's GDP results
printed in the review, and the first quantified targets of the task section. What is scored:

- expected targets: targets whose span starts inside the paragraph, matched by (value or low/high,
  unit, comparator) — precision and recall; ranges (comparator ``between``) also on their own;
- expected owners: a matched expected target's owner organisation names the report's place;
- last year's results: found as statistics before the paragraph; each one extracted as a target
  there instead is counted as an error (the review is the past, never a promise);
- task targets: recall over the gold list, precision over the stretch of text the gold list covers
  (quantities the annotators did not agree on are neither rewarded nor penalised);
- headline: the report's title, not page furniture.

Text is compared after NFKC with whitespace removed, as everywhere in evaluation.
"""
from __future__ import annotations

import json
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from luoshi.evaluation.gold import GoldError
from luoshi.evaluation.metrics import Counts
from luoshi.reading.normalise import strip_glosses
from luoshi.reading.patterns import rules
from luoshi.reading.traditional import fold

__all__ = ["WorkReportGold", "WorkReportReport", "is_workreport_folder", "load_workreport_gold",
           "evaluate_workreports", "WORKREPORT_FIELDS"]

WORKREPORT_FIELDS = ("expected_targets", "ranges", "expected_owners", "task_targets", "results_as_statistics")
# Suffixes left off a place name when its government is looked for in an owner (安徽省 -> 安徽).
_PLACE_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "省", "市", "县", "区")
_COMPARATORS = {">=": ">=", "≥": ">=", ">": ">", "=": "=", "==": "=", "<=": "<=", "≤": "<=", "<": "<",
                "~": "~", "≈": "~", "between": "between", "range": "between"}

Key = tuple[float | None, float | None, float | None, str, str]


def _normal_map(text: str | None) -> tuple[str, list[int]]:
    """NFKC text without whitespace and pinyin glosses, traditional characters folded (as ``matching.norm``),
    and for each of its characters the index it came from."""
    text = text or ""
    glosses = set()
    if text and strip_glosses(text) != text:
        glosses = {i for rx in rules("glosses.tsv", "gloss") for m in rx.finditer(text) for i in range(*m.span())}
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(fold(text)):  # one character for one: indices stay those of ``text``
        if i in glosses:
            continue
        for c in unicodedata.normalize("NFKC", ch):
            if not c.isspace():
                out.append(c)
                index.append(i)
    return "".join(out), index


def _norm(text: str | None) -> str:
    return _normal_map(text)[0]


# An anchor cut inside a gloss (…業(yè)率… annotated from "yè)率"): the gloss fragment at its edge is left out.
_GLOSS_EDGE = re.compile(r"^[a-zü\u00e0-\u01dc\u0300-\u030c?]{1,7}[)）]|[(（][a-zü\u00e0-\u01dc\u0300-\u030c?]{0,7}$")


def _anchor(text: str) -> str:
    return _norm(_GLOSS_EDGE.sub("", text.strip()))


def _round(x: Any) -> float | None:
    try:
        return None if x is None else round(float(x), 6)
    except (TypeError, ValueError):
        return None


def target_key(target: dict[str, Any]) -> Key:
    """What two targets must share to be the same: value (or the bounds of a range), unit, comparator."""
    comparator = _COMPARATORS.get(target.get("comparator") or "", target.get("comparator") or "")
    if comparator == "between":
        return (None, _round(target.get("low")), _round(target.get("high")), _norm(target.get("unit")), comparator)
    return (_round(target.get("value")), None, None, _norm(target.get("unit")), comparator)


@dataclass
class WorkReportGold:
    path: Path
    file: str
    published: date | None
    place: str
    title: str
    paragraph_first: str
    paragraph_last: str
    expected_targets: list[dict[str, Any]]
    results: list[dict[str, Any]]
    task_targets: list[dict[str, Any]]
    task_targets_optional: list[dict[str, Any]]


def is_workreport_folder(gold_dir: str | Path) -> bool:
    """A folder of work-report gold: its json files carry a ``targets_paragraph``."""
    files = sorted(Path(gold_dir).glob("*.json"))
    if not files:
        return False
    try:
        first = json.loads(files[0].read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(first, dict) and "targets_paragraph" in first


def load_workreport_gold(path: str | Path) -> WorkReportGold:
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        paragraph = raw["targets_paragraph"]
        published = date.fromisoformat(raw["published"]) if raw.get("published") else None
        return WorkReportGold(
            path=path, file=raw["file"], published=published, place=raw.get("place") or "",
            title=raw.get("title") or "", paragraph_first=paragraph["first"], paragraph_last=paragraph["last"],
            expected_targets=list(raw.get("expected_targets") or []),
            results=list(raw.get("results_2025") or raw.get("results") or []),
            task_targets=list(raw.get("task_targets") or []),
            task_targets_optional=list(raw.get("task_targets_optional") or []),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise GoldError(f"{path}: not a work-report gold file ({exc.__class__.__name__}: {exc})") from None


def _multiset_match(gold: Iterable[Key], predicted: Iterable[Key]) -> tuple[int, int, int]:
    g, p = Counter(gold), Counter(predicted)
    tp = sum((g & p).values())
    return tp, sum(p.values()) - tp, sum(g.values()) - tp


@dataclass
class WorkReportScore:
    gold_file: str
    input: str
    counts: dict[str, Counts] = field(default_factory=dict)
    results_taken_for_targets: int = 0
    results_total: int = 0
    headline_is_title: bool = False
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class WorkReportReport:
    gold_dir: str
    documents: list[WorkReportScore] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def totals(self) -> dict[str, Counts]:
        totals = {f: Counts() for f in WORKREPORT_FIELDS}
        for doc in self.documents:
            for f, c in doc.counts.items():
                totals[f] += c
        return totals

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": "luoshi.eval.workreports/1",
            "gold_dir": self.gold_dir,
            "seconds": round(self.seconds, 3),
            "fields": {f: c.to_dict() for f, c in self.totals.items()},
            "results_taken_for_targets": sum(d.results_taken_for_targets for d in self.documents),
            "results_total": sum(d.results_total for d in self.documents),
            "headline_is_title": sum(d.headline_is_title for d in self.documents),
            "files": [{"gold_file": d.gold_file, "input": d.input, "problems": d.problems,
                       "fields": {f: c.to_dict() for f, c in d.counts.items()}} for d in self.documents],
        }

    def failed_bars(self, bars: dict[str, float]) -> list[str]:
        totals = self.totals
        return [f"{f}: F1 {totals[f].f1:.3f} < {bar:g}" for f, bar in bars.items()
                if f in totals and totals[f].f1 < bar]

    def format_text(self, details: bool = True) -> str:
        lines = [f"luoshi eval {self.gold_dir}: {len(self.documents)} work reports in {self.seconds:.1f}s", "",
                 f"{'field':<24}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
        for f, c in self.totals.items():
            p = "-" if c.precision is None else f"{c.precision:.3f}"
            lines.append(f"{f:<24}{p:>7}{c.recall:>7.3f}{c.f1:>7.3f}{c.tp:>6}{c.fp:>6}{c.fn:>6}")
        taken = sum(d.results_taken_for_targets for d in self.documents)
        total = sum(d.results_total for d in self.documents)
        lines.append(f"last year's results taken for targets: {taken} of {total}")
        lines.append(f"headline read as the report's title: {sum(d.headline_is_title for d in self.documents)}"
                     f" of {len(self.documents)}")
        if details:
            for doc in self.documents:
                if doc.problems:
                    lines.extend(["", f"== {doc.gold_file} ({doc.input}) {doc.seconds:.2f}s"])
                    lines.extend(f"  {p}" for p in doc.problems)
        return "\n".join(lines)


def _place_stem(place: str) -> str:
    for suffix in _PLACE_SUFFIXES:
        if place.endswith(suffix) and len(place) > len(suffix):
            return place[: -len(suffix)]
    return place


def _paragraph_article(articles: list[dict[str, Any]], gold: WorkReportGold
                       ) -> tuple[dict[str, Any], int, int] | None:
    """The article holding the targets paragraph, and the paragraph's [start, end) in its text."""
    first, last = _anchor(gold.paragraph_first), _anchor(gold.paragraph_last)
    for article in articles:
        text, index = _normal_map(article.get("text"))
        i = text.find(first)
        if i < 0:
            continue
        j = text.find(last, i)
        end = index[j + len(last) - 1] + 1 if j >= 0 else index[i] + 400
        return article, index[i], end
    return None


def score_workreport(gold: WorkReportGold, payload: dict[str, Any], input_name: str) -> WorkReportScore:
    """Score one report's extraction (the ``luoshi.extraction/1`` JSON of the whole document)."""
    score = WorkReportScore(gold_file=gold.path.name, input=input_name,
                            counts={f: Counts() for f in WORKREPORT_FIELDS})
    found = _paragraph_article(payload.get("articles") or [], gold)
    if found is None:
        score.problems.append("targets paragraph not found in any article text")
        score.counts["expected_targets"] += Counts(fn=len(gold.expected_targets))
        score.counts["task_targets"] += Counts(fn=len(gold.task_targets))
        return score
    article, p0, p1 = found
    headline = _norm(article.get("headline"))
    score.headline_is_title = headline == _norm(gold.title) or "政府工作报告" in headline
    commitments = [c for c in article.get("commitments") or [] if c.get("target") and c.get("span")]
    _score_expected(gold, commitments, p0, p1, score)
    _score_results(gold, article, commitments, p0, score)
    _score_tasks(gold, article, commitments, p1, score)
    return score


def _score_expected(gold: WorkReportGold, commitments: list[dict[str, Any]], p0: int, p1: int,
                    score: WorkReportScore) -> None:
    inside = [c for c in commitments if p0 <= c["span"][0] < p1]
    predicted = [target_key(c["target"]) for c in inside]
    wanted = [target_key(t) for t in gold.expected_targets]
    score.counts["expected_targets"] += Counts(*_multiset_match(wanted, predicted))
    score.counts["ranges"] += Counts(*_multiset_match([k for k in wanted if k[4] == "between"],
                                                      [k for k in predicted if k[4] == "between"]))
    stem = _place_stem(gold.place)
    left = Counter(wanted)
    for c in inside:
        k = target_key(c["target"])
        if left[k] > 0:
            left[k] -= 1
            org = _norm((c.get("owner") or {}).get("org"))
            score.counts["expected_owners"] += Counts(1, 0, 0) if stem and stem in org else Counts(0, 1, 1)
    score.problems += [f"expected target missed {k}" for k in (Counter(wanted) - Counter(predicted)).elements()]
    score.problems += [f"expected target extra {k}" for k in (Counter(predicted) - Counter(wanted)).elements()]


def _score_results(gold: WorkReportGold, article: dict[str, Any], commitments: list[dict[str, Any]], p0: int,
                   score: WorkReportScore) -> None:
    def value_unit(item: dict[str, Any]) -> tuple[float | None, str]:
        return _round(item.get("value")), _norm(item.get("unit"))

    stats = Counter(value_unit(s) for s in article.get("statistics") or [] if s.get("span") and s["span"][0] < p0)
    targets = Counter(value_unit(c["target"]) for c in commitments if c["span"][0] < p0)
    for result in gold.results:
        k = value_unit(result)
        score.results_total += 1
        score.counts["results_as_statistics"] += Counts(1, 0, 0) if stats[k] > 0 else Counts(0, 0, 1)
        if targets[k] > 0:
            score.results_taken_for_targets += 1
            score.problems.append(f"last year's result taken for a target {k}")


def _score_tasks(gold: WorkReportGold, article: dict[str, Any], commitments: list[dict[str, Any]], p1: int,
                 score: WorkReportScore) -> None:
    text, index = _normal_map(article.get("text"))
    last = _anchor(gold.paragraph_last)
    start = text.find(last, text.find(_anchor(gold.paragraph_first))) + len(last)
    end = start
    for t in gold.task_targets:
        j = text.find(_norm(t.get("text")), max(start, 0))
        if j >= 0:
            end = max(end, j + len(_norm(t.get("text"))))
    stop = index[min(end, len(index)) - 1] + 1 if index else p1
    after = [target_key(c["target"]) for c in commitments if p1 <= c["span"][0] < stop]
    wanted = [target_key(t) for t in gold.task_targets]
    optional = Counter(target_key(t) for t in gold.task_targets_optional)
    tp, _, fn = _multiset_match(wanted, after)
    fp = sum(n for k, n in (Counter(after) - Counter(wanted)).items() if k not in optional)
    score.counts["task_targets"] += Counts(tp, fp, fn)
    score.problems += [f"task target missed {k}" for k in (Counter(wanted) - Counter(after)).elements()]
    score.problems += [f"task target extra {k}" for k in (Counter(after) - Counter(wanted)).elements()
                       if k not in optional]


Extractor = Callable[[Path, date | None], dict[str, Any]]


def _extract_json(path: Path, published: date | None) -> dict[str, Any]:
    from luoshi.extraction.pipeline import extract_document
    from luoshi.extraction.schema import document_to_json
    from luoshi.reading import read_path

    doc, articles = read_path(path, published=published)
    return document_to_json(doc, articles, extract_document(doc, articles))


def evaluate_workreports(gold_dir: str | Path, shared_root: str | Path | None = None, *,
                         only: str | None = None, extractor: Extractor | None = None) -> WorkReportReport:
    """Read, extract and score every work report of ``gold_dir`` (input paths relative to the
    shared root, by default the gold folder's grandparent, as for news gold)."""
    started = time.perf_counter()
    gold_dir = Path(gold_dir)
    root = Path(shared_root) if shared_root else gold_dir.resolve().parent.parent
    report = WorkReportReport(gold_dir=str(gold_dir))
    for path in sorted(gold_dir.glob("*.json")):
        if only and only not in path.name:
            continue
        gold = load_workreport_gold(path)
        t0 = time.perf_counter()
        try:
            payload = (extractor or _extract_json)(root / gold.file, gold.published)
        except Exception as exc:  # noqa: BLE001 - a reading failure scores as all missed, the run goes on
            payload = {"articles": []}
            failed = WorkReportScore(gold_file=path.name, input=gold.file,
                                     counts={f: Counts() for f in WORKREPORT_FIELDS},
                                     problems=[f"{root / gold.file}: {exc}"])
            failed.counts["expected_targets"] += Counts(fn=len(gold.expected_targets))
            failed.counts["task_targets"] += Counts(fn=len(gold.task_targets))
            report.documents.append(failed)
            continue
        score = score_workreport(gold, payload, gold.file)
        score.seconds = time.perf_counter() - t0
        report.documents.append(score)
    report.seconds = time.perf_counter() - started
    return report
