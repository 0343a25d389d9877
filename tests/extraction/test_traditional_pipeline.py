"""A report printed in traditional characters is extracted on its simplified fold (once, in the pipeline),
and every printed string of the result is cut from the original text at the same offsets."""
from __future__ import annotations

from datetime import date

from luoshi.extraction.model import ArticleMeta
from luoshi.extraction.pipeline import extract_article
from luoshi.extraction.printed import fold_article
from luoshi.reading.traditional import fold

# Written for these tests: a county report in traditional characters.
TRADITIONAL = (
    "3月5日上午，縣委書記王曉東主持召開縣委常委會會議，研究部署全縣重點工作。"
    "會議指出，去年全縣地區生產總值達到120.5億元，增長6.2%，新安裝太陽能路燈3000盞，完成改造農戶1200戶。"
    "王曉東強調，今年全縣將確保完成固定資產投資85億元，新增就業崗位5000個。"
)
META = ArticleMeta(headline="王曉東主持召開縣委常委會會議", published=date(2024, 3, 6), place="东川县")


def test_traditional_report_gives_the_items_of_its_simplified_fold():
    printed = extract_article(TRADITIONAL, META, strict=True)
    simplified = extract_article(fold(TRADITIONAL), ArticleMeta(headline=fold(META.headline), published=META.published,
                                                                place=META.place), strict=True)
    def values(result):
        return sorted((s.value, s.unit, s.comparator) for s in result.statistics), sorted(
            (c.target.value, c.target.unit) for c in result.commitments if c.target)
    assert values(printed) and values(printed) == values(simplified)
    assert [(fold(p.name), fold(p.title or ""), p.mentions) for p in printed.people] == [
        (p.name, p.title or "", p.mentions) for p in simplified.people]
    assert [(e.type, e.start, fold(e.name or "")) for e in printed.events] == [
        (e.type, e.start, e.name or "") for e in simplified.events]
    by_span = {s.span: s for s in simplified.statistics}
    for s in printed.statistics:  # the same metric, printed in the original's characters
        assert fold(s.metric or "") == (by_span[s.span].metric or "")


def test_wan_and_yi_are_scaled_and_measure_words_read_in_traditional_text():
    result = extract_article(TRADITIONAL, META, strict=True)
    stats = {(s.value, s.unit) for s in result.statistics}
    assert (12_050_000_000, "元") in stats  # 120.5億元
    assert (3000, "盏") in stats  # 盞: the unit vocabulary is simplified
    assert (1200, "户") in stats  # 戶
    targets = {(c.target.value, c.target.unit) for c in result.commitments if c.target}
    assert (8_500_000_000, "元") in targets  # 85億元, a target (將確保)


def test_printed_strings_are_slices_of_the_original_text():
    result = extract_article(TRADITIONAL, META, strict=True)
    person = next(p for p in result.people if p.name == "王曉東")
    assert person.title == "縣委書記"
    for start, end in person.mentions:
        assert TRADITIONAL[start:end] == "王曉東"
    for s in result.statistics:
        assert s.text == TRADITIONAL[s.span[0]:s.span[1]]
        assert s.metric and set(s.metric) <= set(TRADITIONAL)  # in the article's characters (全縣…增長 composed)
    for c in result.commitments:
        assert c.text == TRADITIONAL[c.span[0]:c.span[1]]
        if c.owner.person:
            assert c.owner.person == "王曉東"
    assert any("會" in (e.name or "") for e in result.events)  # event name as printed


def test_simplified_text_is_not_folded_and_costs_no_copy():
    text = fold(TRADITIONAL)
    folding = fold_article(text, META)
    assert not folding.active and folding.folded is text and folding.folded_meta is META


def test_metadata_is_folded_with_the_text():
    folding = fold_article(TRADITIONAL, META)
    assert folding.active and len(folding.folded) == len(TRADITIONAL)
    assert folding.folded_meta.headline == "王晓东主持召开县委常委会会议"
    assert folding.piece("县委书记", 10) == "縣委書記"
