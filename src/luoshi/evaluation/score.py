"""Score one document's predictions (reading + extraction output) against its gold annotation.

Pure function of (gold, articles, extractions): no files, no extraction run — so the matching rules
can be unit-tested on tiny hand-made pairs. The rules are documented in docs/evaluation.md.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from luoshi.evaluation.gold import GoldArticle, GoldDocument
from luoshi.evaluation.matching import align_articles, match_items, norm, norm_keep_lines, same_value
from luoshi.evaluation.metrics import FIELDS, RECALL_ONLY, Counts
from luoshi.extraction.model import ArticleExtraction, Commitment, Statistic
from luoshi.reading.model import Article

__all__ = ["DocumentScore", "score_document"]


@dataclass
class DocumentScore:
    gold_file: str  # the gold JSON's name
    input: str  # the annotated input, relative to the shared root
    counts: dict[str, Counts] = field(default_factory=lambda: {f: Counts(recall_only=f in RECALL_ONLY)
                                                               for f in FIELDS})
    misses: dict[str, list[str]] = field(default_factory=dict)  # field -> gold items not found
    false_hits: dict[str, list[str]] = field(default_factory=dict)  # field -> predictions not in gold
    notes: list[str] = field(default_factory=list)  # optional items ignored, event names, span problems
    error: str | None = None  # reading failed: every gold item counts as missed
    seconds: float = 0.0

    def add(self, name: str, tp: int, missed: Iterable[str], false: Iterable[str], where: str,
            unlisted_fn: int = 0, unlisted_fp: int = 0) -> None:
        """Record one comparison: tp matches, the labels of gold items missed and predictions not in gold.

        ``unlisted_*`` count misses / false hits already listed under a more basic field (a target
        missed altogether also misses its owner) so the report does not print them twice."""
        missed, false = list(missed), list(false)
        c = self.counts[name]
        c.tp += tp
        c.fn += len(missed) + unlisted_fn
        c.fp += len(false) + unlisted_fp
        self.misses.setdefault(name, []).extend(f"{where}: {m}" for m in missed)
        self.false_hits.setdefault(name, []).extend(f"{where}: {f}" for f in false)

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold_file": self.gold_file, "input": self.input, "error": self.error,
            "seconds": round(self.seconds, 3),
            "fields": {f: c.to_dict() for f, c in self.counts.items()},
            "misses": {f: v for f, v in self.misses.items() if v},
            "false_hits": {f: v for f, v in self.false_hits.items() if v},
            "notes": self.notes,
        }


_EMPTY_GOLD = GoldArticle(headline="")


def score_document(
    gold: GoldDocument, articles: list[Article], extractions: list[ArticleExtraction]
) -> DocumentScore:
    """Align articles by headline, then score every field of every aligned (or unaligned) article."""
    score = DocumentScore(gold_file=gold.path.name, input=gold.file)
    pairs = align_articles([a.headline for a in gold.articles], [a.headline for a in articles])
    aligned_gold = {g for g, _ in pairs}
    aligned_pred = {p for _, p in pairs}
    score.add("articles", len(pairs),
              [_quote(a.headline) for i, a in enumerate(gold.articles) if i not in aligned_gold],
              [_quote(a.headline) for i, a in enumerate(articles) if i not in aligned_pred], "page")
    empty_article, empty_extraction = Article(index=-1, headline="", text=""), ArticleExtraction()
    for gi, ga in enumerate(gold.articles):
        pi = next((p for g, p in pairs if g == gi), None)
        art, ext = (articles[pi], extractions[pi]) if pi is not None else (empty_article, empty_extraction)
        where = f"article {gi + 1} {_quote(ga.headline, 14)}"
        _score_article(score, ga, art, ext, where, all_articles=articles)
    for pi, art in enumerate(articles):
        if pi not in aligned_pred:
            where = f"unmatched article {pi + 1} {_quote(art.headline, 14)}"
            _score_article(score, _EMPTY_GOLD, art, extractions[pi], where, all_articles=articles)
    _score_boilerplate(score, gold.must_not_contain, articles)
    if gold.fields is not None:
        _keep_fields(score, gold.fields)
    return score


def _keep_fields(score: DocumentScore, fields: frozenset[str]) -> None:
    """Forget the counts of fields the gold file does not annotate (its ``"fields"`` list)."""
    for name in score.counts:
        if name not in fields:
            score.counts[name] = Counts(recall_only=name in RECALL_ONLY)
            score.misses.pop(name, None)
            score.false_hits.pop(name, None)


def _score_article(score: DocumentScore, ga: GoldArticle, art: Article, ext: ArticleExtraction,
                   where: str, all_articles: list[Article]) -> None:
    # A headline the reader guessed (the page prints none; Article.headline_guessed) is no printed
    # headline: it scores as none, so a gold file that records "no headline" is matched by it.
    printed = art.headline if art.headline and not art.headline_guessed else ""
    _score_strings(score, "headlines", [ga.headline] if ga.headline else [], [printed] if printed else [], where)
    _score_strings(score, "reporters", ga.reporters, art.reporters, where)
    predicted_place = ext.place or art.place
    _score_strings(score, "place", [ga.place] if ga.place else [],
                   [predicted_place] if predicted_place and art.index >= 0 else [], where)
    _score_strings(score, "people", [p["name"] for p in ga.people],
                   list(dict.fromkeys(p.name for p in ext.people)), where)
    _score_titles(score, ga, ext, where)
    _score_events(score, ga, ext, where)
    _score_quantities(score, ga, ext, where)
    _score_passages(score, ga, art, all_articles, where)


def _score_strings(score: DocumentScore, name: str, gold: list[str], predicted: list[str], where: str) -> None:
    pairs, missed, false = match_items(gold, predicted, lambda g, p: norm(g) == norm(p))
    score.add(name, len(pairs), missed, false, where)


def _score_titles(score: DocumentScore, ga: GoldArticle, ext: ArticleExtraction, where: str) -> None:
    """(name, title) pairs. Only title disagreements are listed: a person missed or invented
    altogether is already listed under ``people`` (but counts here too)."""
    gold = [(p["name"], p.get("title")) for p in ga.people]
    predicted = list(dict.fromkeys((p.name, p.title) for p in ext.people))
    pairs, missed, false = match_items(gold, predicted,
                                       lambda g, p: norm(g[0]) == norm(p[0]) and norm(g[1]) == norm(p[1]))
    gold_names = {norm(n) for n, _ in gold}
    predicted_names = {norm(n) for n, _ in predicted}
    listed_missed = [g for g in missed if norm(g[0]) in predicted_names]
    listed_false = [p for p in false if norm(p[0]) in gold_names]
    score.add("people_with_title", len(pairs), [_name_title(*g) for g in listed_missed],
              [_name_title(*p) for p in listed_false], where,
              unlisted_fn=len(missed) - len(listed_missed), unlisted_fp=len(false) - len(listed_false))


def _name_title(name: str, title: str | None) -> str:
    return f"{name}（{title}）" if title else f"{name}（no title）"


def _score_events(score: DocumentScore, ga: GoldArticle, ext: ArticleExtraction, where: str) -> None:
    def key_gold(g: dict[str, Any]) -> tuple:
        return (g.get("type"), g.get("start"), g.get("end"))

    def key_pred(e: Any) -> tuple:
        return (e.type, _iso(e.start), _iso(e.end))

    pairs, missed, false = match_items(ga.events, ext.events, lambda g, p: key_gold(g) == key_pred(p),
                                       prefer=lambda g, p: _names_agree(g.get("name"), p.name))
    score.add("events", len(pairs),
              [f"{g.get('type')} {g.get('start')}..{g.get('end')} {g.get('name') or ''}".strip() for g in missed],
              [f"{e.type} {_iso(e.start)}..{_iso(e.end)} {e.name or ''} «{e.date_text or ''}»" for e in false],
              where)
    named = sum(1 for g, p in pairs if _names_agree(g.get("name"), p.name))
    if pairs and named < len(pairs):
        score.notes.append(f"{where}: event names agree for {named} of {len(pairs)} matched events")


def _names_agree(gold: str | None, predicted: str | None) -> bool:
    g, p = norm(gold), norm(predicted)
    return bool(g and p and (g == p or g in p or p in g))


def _score_quantities(score: DocumentScore, ga: GoldArticle, ext: ArticleExtraction, where: str) -> None:
    targets = [c for c in ext.commitments if c.target is not None]
    pairs, missed, false = match_items(ga.targets, targets, _same_target, prefer=_same_owner)
    false = _drop_optional(score, ga.optional, false, lambda c: c.target, where)
    score.add("targets", len(pairs), [_gold_quantity(g) for g in missed], [_commitment_label(c) for c in false],
              where)
    owned = [(g, c) for g, c in pairs if _same_owner(g, c)]
    wrong_owner = [(g, c) for g, c in pairs if not _same_owner(g, c)]
    score.add("target_owners", len(owned),
              [f"{_gold_quantity(g)} — predicted owner {_owner_label(c)}" for g, c in wrong_owner], [], where,
              unlisted_fn=len(missed), unlisted_fp=len(false) + len(wrong_owner))
    found, unfound, wrong = match_items(ga.statistics, ext.statistics, _same_quantity)
    wrong = _drop_optional(score, ga.optional, wrong, lambda s: s, where)
    score.add("statistics", len(found), [_gold_quantity(g) for g in unfound], [_statistic_label(s) for s in wrong],
              where)


def _same_quantity(g: dict[str, Any], q: Any) -> bool:
    """(value, unit, comparator): value within 1e-6 relative, unit after NFKC, comparator exact; a range
    (comparator "between") by its two bounds."""
    if (g.get("comparator") or "=") != q.comparator or norm(g.get("unit")) != norm(q.unit):
        return False
    if q.comparator == "between":
        return same_value(g.get("low"), q.low) and same_value(g.get("high"), q.high)
    return same_value(g.get("value"), q.value)


def _same_target(g: dict[str, Any], c: Commitment) -> bool:
    return _same_quantity(g, c.target)


def _same_owner(g: dict[str, Any], c: Commitment) -> bool:
    """The gold owner (a person, or an organisation when unnamed) equals the predicted owner person
    or organisation; organisation names also agree when one ends with the other (市商务局 ~ 盐城市商务局)."""
    gold = norm(g.get("owner"))
    person, org = norm(c.owner.person), norm(c.owner.org)
    if not gold:
        return not person and not org
    if gold in (person, org):
        return True
    return bool(org) and min(len(gold), len(org)) >= 3 and (gold.endswith(org) or org.endswith(gold))


def _drop_optional(score: DocumentScore, optional: list[dict[str, Any]], false: list, quantity_of: Callable,
                   where: str) -> list:
    """Unmatched predictions that match an optional item by (value, unit) are neither rewarded nor
    penalised: they leave the false hits (the comparator is not required, the status being open)."""
    kept, ignored = [], []
    for item in false:
        q = quantity_of(item)
        if any(same_value(o.get("value"), q.value) and norm(o.get("unit")) == norm(q.unit) for o in optional):
            ignored.append(item)
        else:
            kept.append(item)
    if ignored:
        score.notes.append(f"{where}: {len(ignored)} prediction(s) matched optional items and were ignored: "
                           + "; ".join(_value_label(quantity_of(i).value, quantity_of(i).unit) for i in ignored))
    return kept


def _score_passages(score: DocumentScore, ga: GoldArticle, art: Article, all_articles: list[Article],
                    where: str) -> None:
    """must_contain: present unbroken (line breaks kept) in the aligned article's text — or, when the
    article was not aligned, in any article's text."""
    if not ga.must_contain:
        return
    texts = [art.text] if art.index >= 0 else [a.text for a in all_articles]
    haystacks = [norm_keep_lines(t) for t in texts]
    found = [p for p in ga.must_contain if any(norm(p) in h for h in haystacks)]
    score.add("repaired_passages", len(found), [_quote(p, 30) for p in ga.must_contain if p not in found], [],
              where)


def _score_boilerplate(score: DocumentScore, banned: list[str], articles: list[Article]) -> None:
    """must_not_contain: absent from every article's headline, subtitles and text."""
    if not banned:
        return
    haystack = "\n".join(norm(a.headline) + "\n" + "\n".join(norm(s) for s in a.subtitles) + "\n" + norm(a.text)
                         for a in articles)
    present = [b for b in banned if norm(b) in haystack]
    score.add("boilerplate", len(banned) - len(present), [f"still present: {_quote(b, 30)}" for b in present], [],
              "page")


# ---- labels shown in misses / false hits ----

def _value_label(value: float | int | None, unit: str | None) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value}{unit or ''}"


def _gold_quantity(g: dict[str, Any]) -> str:
    owner = f" owner {g['owner']}" if g.get("owner") else ""
    return f"{g.get('comparator', '=')}{_value_label(g.get('value'), g.get('unit'))}{owner} ({g.get('metric') or '?'})"


def _owner_label(c: Commitment) -> str:
    return c.owner.person or c.owner.org or "none"


def _commitment_label(c: Commitment) -> str:
    q = c.target
    if q is None:
        return f"(no target) owner {_owner_label(c)} «{_short(c.text, 30)}»"
    return f"{q.comparator}{_value_label(q.value, q.unit)} owner {_owner_label(c)} «{_short(q.text or c.text, 30)}»"


def _statistic_label(s: Statistic) -> str:
    return f"{s.comparator}{_value_label(s.value, s.unit)} ({s.metric or '?'}) «{_short(s.text, 30)}»"


def _quote(s: str, n: int = 24) -> str:
    return f"«{_short(s, n)}»"


def _short(s: str | None, n: int) -> str:
    s = (s or "").replace("\n", "⏎")
    return s if len(s) <= n else s[: n - 1] + "…"


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None
