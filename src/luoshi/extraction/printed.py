"""Fold an article once, extract on the fold, report what is printed.

A report in traditional characters (市委書記, 萬元, 會議) is extracted on its simplified fold
(``luoshi.reading.traditional``): every extractor — people, places, events, organisations, quantities,
commitments, statistics, sections, formulations — matches its simplified word lists against the same
folded text and folded metadata, so they agree with each other (an event's chair is the person the
people stage found). The fold maps one character to one character, so every span an extractor reports
is a span of the printed text too; ``restore`` then puts the printed characters back into every string
that was cut from the text (a name, a title, a clause, a metric, an event name), slicing the original at
the same offsets. Values that are not printed strings stay as resolved: the place and its path, an
organisation's resolved name, an owner organisation, a unit (元, 个, 条 — the unit vocabulary is simplified).

Simplified text costs nothing here: ``fold_article`` hands back the same objects and ``restore`` is not run.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from functools import cached_property

from luoshi.extraction.model import ArticleExtraction, ArticleMeta, Person
from luoshi.reading.traditional import fold, is_traditional

__all__ = ["Folding", "fold_article", "restore"]

_WINDOW = 2000  # characters either side of an item's span searched first for its printed piece


@dataclass(frozen=True)
class Folding:
    """An article's printed text and metadata beside their folds (the same objects when not folded)."""

    text: str
    folded: str
    meta: ArticleMeta
    folded_meta: ArticleMeta

    @property
    def active(self) -> bool:
        return self.folded is not self.text

    def piece(self, piece: str | None, near: int = 0) -> str | None:
        """The printed characters of ``piece`` cut from the folded text: the occurrence nearest to
        ``near``; else one in the folded headline or subtitles (items named there have span (0, 0));
        else ``piece`` with the article's own printing of each folded character (a composed value)."""
        if not piece or not self.active:
            return piece
        i = _nearest(self.folded, piece, near)
        if i >= 0:
            return self.text[i:i + len(piece)]
        for printed, folded in self._lines():
            i = folded.find(piece)
            if i >= 0:
                return printed[i:i + len(piece)]
        return piece.translate(self._unfold)

    @cached_property
    def _unfold(self) -> dict[int, str]:
        """This article's own simplified -> printed characters (the most frequent printing of each
        folded character): a piece composed from several places of the text (城乡居民人均可支配收入增长,
        a metric shared out over 分别增长8%、9%) is printed in the article's characters."""
        seen: dict[str, Counter[str]] = {}
        for simple, printed in zip(self.folded, self.text, strict=True):
            if simple != printed:
                seen.setdefault(simple, Counter())[printed] += 1
        return {ord(simple): counts.most_common(1)[0][0] for simple, counts in seen.items()}

    def span(self, piece: str, start: int, end: int) -> str:
        """``piece`` printed: the original at ``[start, end)`` when the fold has ``piece`` there."""
        if self.active and 0 <= start < end and self.folded[start:end] == piece:
            return self.text[start:end]
        return self.piece(piece, start) or piece

    def _lines(self) -> list[tuple[str, str]]:
        meta, folded = self.meta, self.folded_meta
        lines = [(meta.headline or "", folded.headline or "")]
        lines += list(zip(meta.subtitles, folded.subtitles, strict=True))
        if meta.dateline and folded.dateline:
            lines.append((meta.dateline, folded.dateline))
        return lines


def fold_article(text: str, meta: ArticleMeta) -> Folding:
    """The article folded once, when its text is written in traditional characters; its metadata lines
    (headline, subtitles, dateline, reporters, publisher) are then folded with it."""
    if not is_traditional(text):
        return Folding(text, text, meta, meta)
    folded_meta = replace(
        meta,
        headline=fold(meta.headline or ""),
        subtitles=[fold(s) for s in meta.subtitles],
        reporters=[fold(r) for r in meta.reporters],
        publisher=fold(meta.publisher) if meta.publisher else meta.publisher,
        dateline=fold(meta.dateline) if meta.dateline else meta.dateline,
    )
    return Folding(text, fold(text), meta, folded_meta)


def restore(result: ArticleExtraction, folding: Folding) -> ArticleExtraction:
    """``result`` (extracted on the fold) with every string cut from the text printed as in the original."""
    if not folding.active:
        return result
    names = {person.name: _restore_person(person, folding) for person in result.people}

    def name(value: str | None, near: int) -> str | None:
        return names.get(value, folding.piece(value, near)) if value else value

    for event in result.events:
        at = event.span[0]
        event.name = folding.piece(event.name, at)
        event.date_text = folding.piece(event.date_text, at)
        event.chair = name(event.chair, at)
        event.participants = [name(p, at) or p for p in event.participants]
        event.documents = [folding.piece(d, at) or d for d in event.documents]
    for c in result.commitments:
        at = c.span[0]
        c.text = folding.span(c.text, *c.span)
        c.action = folding.piece(c.action, at)
        c.strength = folding.piece(c.strength, at)
        c.section = folding.piece(c.section, at)
        c.owner.person = name(c.owner.person, at)
        if c.period is not None:
            c.period.text = folding.piece(c.period.text, at)
        if c.target is not None:
            c.target.text = folding.span(c.target.text, *c.target.span)
            c.target.metric = folding.piece(c.target.metric, c.target.span[0])
    for s in result.statistics:
        at = s.span[0]
        s.text = folding.span(s.text, *s.span)
        s.metric = folding.piece(s.metric, at)
        s.as_of = folding.piece(s.as_of, at)
        s.section = folding.piece(s.section, at)
    for f in result.formulations:
        f.text = folding.span(f.text, *f.span)
        f.context = folding.piece(f.context, f.span[0])
    for org in result.organisations:
        start, end = org["span"][0], org["span"][1]
        org["as_printed"] = folding.span(org["as_printed"], start, end)
    return result


def _restore_person(person: Person, folding: Folding) -> str:
    """Restore one person in place (name from its first mention, title and posts nearest to it); the
    printed name."""
    at = person.mentions[0][0] if person.mentions else 0
    if person.mentions:
        person.name = folding.span(person.name, *person.mentions[0])
    else:
        person.name = folding.piece(person.name, at) or person.name
    person.title = folding.piece(person.title, at)
    for post in person.posts:
        post.title = folding.piece(post.title, at) or post.title
        post.org_as_printed = folding.piece(post.org_as_printed, at)
    return person.name


def _nearest(text: str, piece: str, near: int) -> int:
    """Index of the occurrence of ``piece`` in ``text`` nearest to ``near`` (-1 if none); the window
    around ``near`` is searched first, so a long report is not scanned per item."""
    near = max(0, min(near, len(text)))
    for lo, hi in ((max(0, near - _WINDOW), near + _WINDOW + len(piece)), (0, len(text))):
        after = text.find(piece, near, hi)
        before = text.rfind(piece, lo, near + len(piece) - 1) if near else -1
        if after >= 0 and before >= 0:
            return after if after - near <= near - before else before
        if after >= 0 or before >= 0:
            return max(after, before)
    return -1
