"""The pipeline orders extractor calls, passes each one what it needs, and merges their warnings.

The extractors themselves are replaced by small recording fakes here: these tests check the
wiring (what the pipeline owns), not extraction quality (measured by ``luoshi eval``)."""
from __future__ import annotations

from datetime import date

import pytest

from luoshi.extraction import pipeline
from luoshi.extraction.model import ArticleExtraction, ArticleMeta, Person
from luoshi.reading.model import Article, SourceDocument

TEXT = "市委书记周明远主持召开会议。"


@pytest.fixture
def fakes(monkeypatch):
    """Replace the seven extractors with fakes that record their arguments."""
    seen: dict[str, tuple] = {}
    person = Person(name="周明远", title="市委书记", mentions=[(4, 7)])

    def resolve_place(text, meta, warnings=None):
        seen["place"] = (text, meta)
        warnings.append("place guessed from hint")
        return "江城市", ["江南省", "江城市"]

    def extract_organisations(text, meta, place, place_path):
        seen["orgs"] = (place, place_path)
        return [{"as_printed": "市委", "name": "中共江城市委员会", "span": [0, 2]}]

    def extract_people(text, meta, place, place_path, warnings=None):
        seen["people"] = (place, place_path)
        return [person]

    def extract_events(text, meta, people, warnings=None):
        seen["events"] = people
        warnings.append("date unresolved: 近日")
        return []

    def extract_commitments(text, meta, people, place, place_path, warnings=None, analysis=None):
        seen["commitments"] = (people, place, place_path)
        warnings.append("date unresolved: 近日")  # a repeat: merged once
        return []

    def extract_statistics(text, meta, warnings=None, analysis=None):
        return []

    def extract_formulations(text, meta, warnings=None):
        return []

    for f in (resolve_place, extract_organisations, extract_people, extract_events,
              extract_commitments, extract_statistics, extract_formulations):
        monkeypatch.setattr(pipeline, f.__name__, f)
    return seen, person


def test_extract_article_passes_place_and_people_downstream(fakes):
    seen, person = fakes
    result = pipeline.extract_article(TEXT, ArticleMeta(place="江城市"))
    assert isinstance(result, ArticleExtraction)
    assert (result.place, result.place_path) == ("江城市", ["江南省", "江城市"])
    assert seen["orgs"] == ("江城市", ["江南省", "江城市"])
    assert seen["people"] == ("江城市", ["江南省", "江城市"])
    assert seen["events"] == [person]
    assert seen["commitments"] == ([person], "江城市", ["江南省", "江城市"])
    assert result.people == [person]
    assert result.organisations[0]["name"] == "中共江城市委员会"


def test_extract_article_merges_warnings_once_each_in_order(fakes):
    result = pipeline.extract_article(TEXT, ArticleMeta())
    assert result.warnings == ["place guessed from hint", "date unresolved: 近日"]


def test_failing_extractor_becomes_a_warning_and_keeps_other_items(fakes, monkeypatch):
    def extract_statistics(text, meta, warnings=None, analysis=None):
        raise ValueError("bad number 1.2.3万")

    monkeypatch.setattr(pipeline, "extract_statistics", extract_statistics)
    result = pipeline.extract_article(TEXT, ArticleMeta())
    assert result.statistics == []
    assert len(result.people) == 1
    assert any("extract_statistics failed" in w and "1.2.3万" in w for w in result.warnings)


def test_strict_mode_lets_extractor_errors_propagate(fakes, monkeypatch):
    def extract_statistics(text, meta, warnings=None, analysis=None):
        raise ValueError("boom")

    monkeypatch.setattr(pipeline, "extract_statistics", extract_statistics)
    with pytest.raises(ValueError):
        pipeline.extract_article(TEXT, ArticleMeta(), strict=True)


def test_meta_for_article_prefers_article_values_over_document():
    doc = SourceDocument(path="p.txt", raw=b"", sha256="0", format="text", encoding="utf-8",
                         original_text="", text="", published=date(2024, 3, 1), publisher="江城日报社",
                         place="江城市")
    art = Article(index=0, headline="标题", text=TEXT, reporters=["林晓"], subtitles=["副题"],
                  published=None, place="河口市")
    meta = pipeline.meta_for_article(doc, art)
    assert meta == ArticleMeta(headline="标题", published=date(2024, 3, 1), place="河口市",
                               publisher="江城日报社", reporters=["林晓"], subtitles=["副题"])


def test_extract_document_returns_one_result_per_article_in_order(fakes):
    doc = SourceDocument(path=None, raw=b"", sha256="0", format="text", encoding="utf-8",
                         original_text="", text="")
    arts = [Article(index=i, headline=f"h{i}", text=TEXT) for i in range(3)]
    results = pipeline.extract_document(doc, arts)
    assert len(results) == 3 and all(r.people[0].name == "周明远" for r in results)


def test_real_extractors_survive_text_without_chinese():
    result = pipeline.extract_article("Lorem ipsum 1.2.3 dolor", ArticleMeta(published=date(2024, 2, 1)))
    assert result.commitments == [] and result.statistics == [] and result.people == []


def test_quantities_are_analysed_once_per_article_and_handed_to_both(monkeypatch):
    """Commitments and statistics read one analysis the pipeline made for the article, not a cache
    that whichever ran first filled."""
    from luoshi.extraction import quantities

    made: list[quantities.Analysis] = []
    received: dict[str, object] = {}

    def analyse_article(text, meta):
        made.append(quantities.analyse_article(text, meta))
        return made[-1]

    def extract_commitments(text, meta, people, place, place_path, warnings=None, analysis=None):
        received["commitments"] = analysis
        return []

    def extract_statistics(text, meta, warnings=None, analysis=None):
        received["statistics"] = analysis
        return []

    monkeypatch.setattr(pipeline, "analyse_article", analyse_article)
    monkeypatch.setattr(pipeline, "extract_commitments", extract_commitments)
    monkeypatch.setattr(pipeline, "extract_statistics", extract_statistics)
    text = "今年以来，全市新建服务站120个。明年将新建服务站50个。"
    pipeline.extract_article(text, ArticleMeta(published=date(2025, 6, 1)))
    pipeline.extract_article(text, ArticleMeta(published=date(2025, 6, 1)))
    assert len(made) == 2 and made[0] is not made[1]  # one per article, nothing cached between them
    assert received["commitments"] is made[1] and received["statistics"] is made[1]


def test_extractors_give_the_same_items_in_either_order():
    from luoshi.extraction.commitments import extract_commitments
    from luoshi.extraction.statistics import extract_statistics

    text = "今年以来，全市新建服务站120个，同比增长12%。其中，新增社区食堂8个。明年将新建服务站50个，确保覆盖率达到90%。"
    meta = ArticleMeta(published=date(2025, 6, 1))
    first = (extract_statistics(text, meta), extract_commitments(text, meta, [], "江城市", ["江南省", "江城市"]))
    commitments = extract_commitments(text, meta, [], "江城市", ["江南省", "江城市"])
    assert (extract_statistics(text, meta), commitments) == first
    assert first[0] and first[1]
