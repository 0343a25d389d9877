"""Question-and-answer interviews (访谈实录): who speaks in each turn of a transcript.

"记者：林主任您好！… / 林小禾：今年我们将… / 问：… / 答：…" — the lead names the interviewee ("东川市发改委主任林
小禾接受本报记者专访"); an answer label (答：, his name, or his surname with a title head: 林主任：) gives the
turn to him, a question label (记者：, 问：, 主持人：) hands it back to the reporter. The labels and the lead
words are data (data/interview_labels.tsv). The owner stage (commitments.speaker_turns) takes these turns as
speaker turns, so the targets he states in his answers ("我们将…") are his and his organisation's.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

from luoshi.extraction import lexicon
from luoshi.extraction.entity_data import fold_traditional
from luoshi.extraction.lexicon import alternation
from luoshi.extraction.model import Person

__all__ = ["interview_turns"]

# A label opens a line or follows a sentence end (transcripts printed as one paragraph: "…？张某：…").
_LABEL_AFTER = "\n。？！?!”…"  # what a label follows (else it opens the text or a line)
_LABEL_START = rf"(?:^|(?<=[{_LABEL_AFTER}]))[ \t\u3000]*"


@cache
def _label_pattern() -> re.Pattern[str]:
    question = alternation(lexicon.words("interview_labels.tsv", "question"))
    answer = alternation(lexicon.words("interview_labels.tsv", "answer"))
    heads = alternation(lexicon.words("interview_labels.tsv", "title_head"))
    return re.compile(rf"{_LABEL_START}(?:(?P<question>{question})|(?P<answer>{answer})"
                      rf"|(?P<ref>[\u4e00-\u9fff](?:{heads}))|(?P<name>[\u4e00-\u9fff·]{{2,8}}))\s*[：:]", re.M)


@cache
def _interviewed_pattern() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{e})" for e in lexicon.words("interview_labels.tsv", "interviewed")))


def interview_turns(text: str, people: list[Person]) -> list[tuple[int, int, str | None]]:
    """(start, end, speaker) of every labelled turn of a Q&A transcript, in text order; the speaker is a
    person of ``people`` (None: the reporter asks). Empty when the text is no transcript (no question
    label followed later by an answer label)."""
    if "：" not in text and ":" not in text:
        return []
    names = {fold_traditional(p.name): p.name for p in people}  # the text may be the simplified fold
    interviewee = _interviewee(text, people)
    turns: list[tuple[int, int, str | None]] = []
    asked = answered = False
    for m in lexicon.matches_after(_label_pattern(), text, _LABEL_AFTER):
        if m.group("question"):
            turns.append((m.start("question"), m.end(), None))
            asked = True
        elif m.group("answer") and interviewee:
            turns.append((m.start("answer"), m.end(), interviewee))
            answered = True
        elif m.group("ref") and interviewee and m.group("ref")[0] == interviewee[0]:
            turns.append((m.start("ref"), m.end(), interviewee))  # 林主任：… = the interviewee
            answered = True
        elif m.group("name") and (speaker := _named_speaker(m.group("name"), names)):
            turns.append((m.start("name"), m.end(), speaker))
            answered = True
    return turns if asked and answered else []


def _named_speaker(label: str, names: Mapping[str, str]) -> str | None:
    """The person a name label gives the turn to: 林小禾： or, with his title after the name, 林小禾局长：.
    ``names``: each person's name as the text spells it -> as printed."""
    label = fold_traditional(label)
    if label in names:
        return names[label]
    heads = lexicon.word_set("interview_labels.tsv", "title_head")
    for folded, name in names.items():
        if label.startswith(folded) and label[len(folded):] in heads:
            return name
    return None


def _interviewee(text: str, people: list[Person]) -> str | None:
    """The person the lead says was interviewed (…主任林小禾接受本报记者专访), else None."""
    found: tuple[int, str] | None = None
    for person in people:
        for start, end in person.mentions:
            if _interviewed_pattern().match(text, end) and (found is None or start < found[0]):
                found = (start, person.name)
    return found[1] if found else None
