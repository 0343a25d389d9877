"""Q&A interviews: the interviewee named in the lead owns the targets of his answers (invented article)."""
from __future__ import annotations

from datetime import date

from luoshi.extraction.interviews import interview_turns
from luoshi.extraction.model import ArticleMeta
from luoshi.extraction.pipeline import extract_article

INTERVIEW = (
    "近日，东川市发展和改革委员会主任林小禾接受本报记者专访，介绍了今年全市重大项目建设的打算。\n"
    "记者：林主任您好！去年全市重大项目建设成效明显，今年有哪些安排？\n"
    "林主任：今年我们将围绕先进制造业和城市更新两条主线，全年新开工亿元以上项目120个以上。\n"
    "问：在优化营商环境方面，今年有什么新举措？\n"
    "答：我们将推行“一件事一次办”改革，力争全年新增市场主体3万户。\n"
)


def _targets(text: str) -> list[tuple[float, str | None, str | None, str | None]]:
    meta = ArticleMeta(headline="东川市发改委主任林小禾：今年全力扩大有效投资", published=date(2026, 2, 3))
    ext = extract_article(text, meta)
    return [(c.target.value, c.target.unit, c.owner.person, c.owner.org) for c in ext.commitments if c.target]


def test_targets_stated_in_the_answers_are_the_interviewees():
    assert _targets(INTERVIEW) == [(120, "个", "林小禾", "东川市发展和改革委员会"),
                                   (30000, "户", "林小禾", "东川市发展和改革委员会")]


def test_question_and_answer_labels_give_the_turns():
    from luoshi.extraction.people import extract_people

    people = extract_people(INTERVIEW, ArticleMeta(), "东川市", ["东川市"])
    speakers = [name for _start, _end, name in interview_turns(INTERVIEW, people)]
    assert speakers == [None, "林小禾", None, "林小禾"]


def test_a_transcript_printed_as_one_paragraph_and_labelled_by_name():
    text = ("东川县县长周一鸣近日就县城建设接受了本报记者采访。记者：县城建设今年有什么目标？"
            "周一鸣：今年我们将新建城市道路12条。")
    assert _targets(text) == [(12, "条", "周一鸣", _targets(text)[0][3])]


def test_an_article_without_questions_is_no_transcript():
    assert interview_turns("答：我们将加快发展。", []) == []
    assert interview_turns("会议指出：要抓好落实。", []) == []


def test_a_name_label_with_the_title_after_the_name_gives_the_turn_to_that_person():
    from luoshi.extraction.people import extract_people

    text = ("主持人：今天请到了西山县周一鸣县长。\n周一鸣县长：谢谢主持人。\n"
            "主持人：那么周县长，今年有什么目标？\n周一鸣县长：我们将新建道路12条。\n")
    people = extract_people(text, ArticleMeta(), "西山县", ["西山县"])
    assert [p.name for p in people] == ["周一鸣"]
    assert [name for _s, _e, name in interview_turns(text, people)] == [None, "周一鸣", None, "周一鸣"]
