"""Events: the gatherings an article reports (meetings, inspections, receptions, ceremonies), with dates.

A sentence reports an event when it holds an event word (data/event_types.tsv: 常务会议, 全会, 调研, 会见,
仪式 …) and a word showing it took place (data/event_occurrence.tsv: 召开, 举行, 主持, 会见, 获悉 …), or
the "在…会议上" frame of a speech with a date. Dates come from the sentence (昨天下午, 12日~13日, 5月7日)
and otherwise from the article's lead; an undated later mention of the same kind is the same gathering
("市领导凌某参加会见"), so events of one type merge unless their dates differ. Unnamed ceremonies and
activities (活动) count only with a date of their own, so a passing "开展…活动" is not an event.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from types import MappingProxyType
from typing import Any

from luoshi.extraction import lexicon
from luoshi.extraction.dates import DateMention, find_dates, resolve_date
from luoshi.extraction.entity_data import as_printed, fold_traditional
from luoshi.extraction.lexicon import alternation, longest_first
from luoshi.extraction.model import ArticleMeta, Event, Person

_SENTENCE_END = re.compile(r"[。！？\n]")
_NAME_CHAR = re.compile(r"[\u4e00-\u9fff0-9A-Za-z（）()·《》“”]")
_MAX_NAME = 40
_LEAD_SENTENCES = 2  # where the dateline's date is printed
# 第十四届人民代表大会第五次会议: a session number continues the name after 代表大会.
_SESSION = re.compile(r"第[0-9一二三四五六七八九十]+次(?:全体)?会议")


@cache
def _cited_visit() -> re.Pattern[str]:
    """总书记考察某省重要讲话: a visit that is only the source of a speech being studied, not reported here."""
    return re.compile(rf"[^，。；]{{0,8}}?(?:{alternation(lexicon.words('guidance_citations.tsv', 'visit'))})")


@cache
def _speech_frame() -> re.Pattern[str]:
    """"在…会议上讲话" / "在…发布会上回应": a dated speech at a gathering reports the gathering."""
    sessions = alternation(lexicon.words("event_sessions.tsv"))  # 在部长通道上: a session named by itself
    return re.compile(rf"在(?:[^，。]{{2,40}}(?:{alternation(lexicon.words('speech_frame_gatherings.tsv'))})"
                      rf"|[^，。]{{0,12}}?(?:{sessions}))上")


@cache
def _document() -> re.Pattern[str]:
    """会议审议通过了《…》: the documents a meeting dealt with."""
    verbs = alternation(lexicon.words("meeting_document_verbs.tsv"))
    return re.compile(rf"(?:{verbs})[了并和及审议通过]{{0,4}}((?:《[^》]{{2,80}}》[、和及]?)+)")


@cache
def _visitor() -> re.Pattern[str]:
    return re.compile("|".join(entry if kind == "regex" else re.escape(entry)
                               for entry, kind in lexicon.rows("visitor_words.tsv")))


@cache
def _guest() -> re.Pattern[str]:
    """与来我县考察的某某: the other side of a talk is a guest who came to the place (reception_guests.tsv)."""
    return re.compile("|".join(entry if kind == "regex" else re.escape(entry)
                               for entry, kind in lexicon.rows("reception_guests.tsv")))


@cache
def _non_events(undated: bool = False) -> re.Pattern[str]:
    """Phrases that hold an event word but report no gathering (会议室, 会议精神, 座谈交流等方式 …); in a sentence
    without a date (``undated``) also a gathering still ahead (将参加某恳谈会, 某会议即将闭幕)."""
    kinds = ("regex", "ahead") if undated else ("regex",)
    return re.compile("|".join(f"(?:{entry})" if kind in kinds else re.escape(entry)
                               for entry, kind, *_ in lexicon.rows("event_non_events.tsv")
                               if kind == "word" or kind in kinds))


def _non_event(sentence: str, start: int, end: int, undated: bool = False) -> bool:
    """The event word at [start, end) lies inside a non-event phrase of the sentence."""
    return any(m.start() <= start and end <= m.end() for m in _non_events(undated).finditer(
        sentence, max(0, start - 60), min(len(sentence), end + 60)))


@cache
def _time_clause() -> re.Pattern[str]:
    """闭幕后 / 召开期间 right after a keyword: the keyword only dates another clause."""
    verbs = alternation(lexicon.words("event_anchors.tsv", "time_verb"))
    return re.compile(rf"(?:{verbs})?(?:{alternation(lexicon.words('event_anchors.tsv', 'time'))})")


@cache
def _anchor_before() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(lexicon.words('event_anchors.tsv', 'before'))})[^，；：]{{0,30}}$")


@cache
def _anchor_after() -> re.Pattern[str]:
    return re.compile(rf"(?:[^，；：]{{0,12}}?(?:{alternation(lexicon.words('event_anchors.tsv', 'after'))}))")


@dataclass
class _Candidate:
    type: str
    name: str
    keyword: str
    span: tuple[int, int]
    sentence: tuple[int, int]
    dates: list[DateMention] = field(default_factory=list)
    own_date: bool = False
    any_date: bool = False  # some date expression (even unresolved: 近日, 8月20日 without a year) applies
    attended: bool = False  # a named person attends it in its sentence (某某出席开工仪式)
    start: date | None = None
    end: date | None = None
    date_text: str | None = None
    lead_dated: bool = False  # the date is the article's lead date, not one of its own sentence


@cache
def _lexicon() -> MappingProxyType[str, Any]:
    types = lexicon.mapping("event_types.tsv")
    return MappingProxyType({
        "types": types,
        "keywords": re.compile(alternation(types)),
        "occurrence": longest_first(lexicon.words("event_occurrence.tsv")),
        "boundaries": longest_first(lexicon.words("event_name_boundaries.tsv")),
    })


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _event_name(text: str, kw_start: int, kw_end: int, sentence_start: int, keyword: str, kind: str) -> str:
    """The event's own name ending at its keyword (十六届市政府第12次常务会议), else the keyword itself."""
    if kind in ("inspection", "reception"):
        return keyword
    i = kw_start
    while i > sentence_start and kw_start - i < _MAX_NAME and _NAME_CHAR.match(text[i - 1]):
        i -= 1
    prefix = text[i:kw_start]
    cut = 0
    for word in _lexicon()["boundaries"]:
        j = prefix.rfind(word)
        if j >= 0 and j + len(word) > cut:
            cut = j + len(word)
    name = (prefix[cut:] + keyword).strip("（）()")
    if name.count("“") > name.count("”"):
        name = name.lstrip("“")  # an unclosed quote: 的“某某大会 -> 某某大会
    elif name.count("”") > name.count("“"):
        name = "“" + name  # the boundary 的“ took the opening quote: 的“某某”发布会 -> “某某”发布会
    return name or keyword


def _candidates(text: str, published: date | None, warnings: list[str] | None) -> list[_Candidate]:
    lex = _lexicon()
    found: list[_Candidate] = []
    previous: tuple[int, int] | None = None
    for s_start, s_end in _sentences(text):
        before, previous = previous, (s_start, s_end)
        sentence = text[s_start:s_end]
        if not lex["keywords"].search(sentence):
            continue
        dates = _with_months(sentence, find_dates(sentence, published, warnings))
        if not dates and before is not None:
            dates = _date_line(text, before, s_start, published, warnings)
        occurred = _occurred(sentence, lex["occurrence"], not dates)
        speech_frame = bool(_speech_frame().search(sentence)) and bool(dates)
        if not (occurred or speech_frame) or _historical(sentence, dates, published):
            continue
        for kind, m in _best_keywords(sentence, dates):
            k_start, k_end = s_start + m.start(), s_start + m.end()
            if m.group(0).endswith("会") and text.startswith("议", k_end):
                k_end += 1  # 党组会议: the keyword 党组会 continues into 会议
            keyword = text[k_start:k_end]
            if kind == "meeting" and keyword in lexicon.word_set("visit_parts.tsv") \
                    and _guest().search(sentence, 0, m.start()):
                kind = "reception"  # 与来我县考察的某董事长举行工作座谈: a talk with a guest receives him
            name = _event_name(text, k_start, k_end, s_start, keyword, kind)
            session = _SESSION.match(text, k_end)
            if session and kind == "meeting":
                name, k_end = name + session.group(0), session.end()
            name_start = k_end - len(name) if name != keyword else k_start
            if any(name_start < c.span[1] and k_end > c.span[0] for c in found[-4:] if c.sentence == (s_start, s_end)):
                continue  # 第三届某某博览会活动: one gathering, not a meeting and an activity
            if kind == "meeting" and name == keyword and _meeting_speaks(text, k_start, k_end, s_start) \
                    and any(c.type == "meeting" for c in found):
                continue  # 会议传达学习了…6月28日…讲话: the meeting already told speaks; the date is what it studied
            found.append(_Candidate(kind, name, keyword, (name_start, k_end),
                                    (s_start, s_end), [_shift(d, s_start) for d in dates]))
    return found


@cache
def _meeting_voice() -> tuple[frozenset[str], re.Pattern[str]]:
    verbs = [*lexicon.words("speech_verbs.tsv"), *lexicon.words("meeting_voices.tsv", "verb")]
    return lexicon.word_set("meeting_voices.tsv", "meeting"), re.compile(rf"(?:还|并|也)?(?:{alternation(verbs)})")


def _meeting_speaks(text: str, k_start: int, k_end: int, s_start: int) -> bool:
    """会议传达学习了… / 会上强调…: a meeting word opening its sentence as the subject of what it does
    (meeting_voices.tsv) — the meeting the article reports, not a new one."""
    words, verb = _meeting_voice()
    return not text[s_start:k_start].strip() and text[k_start:k_end] in words and bool(verb.match(text, k_end))


def _date_line(text: str, line: tuple[int, int], s_start: int, published: date | None,
               warnings: list[str] | None) -> list[DateMention]:
    """A line that is only a date ("3月1日上午" over an entry of a live text or a caption) dates the line right
    after it: its date, placed at the start of the sentence; else nothing."""
    l_start, l_end = line
    if l_end - l_start > 16 or s_start - l_end > 2:
        return []
    found = find_dates(text[l_start:l_end], published, warnings)
    if len(found) != 1 or found[0].start != 0 or found[0].end != l_end - l_start or found[0].first is None:
        return []
    d = found[0]
    return [DateMention(d.text, 0, 0, d.first, d.last)]


def _occurred(sentence: str, words: tuple[str, ...], undated: bool) -> bool:
    """The sentence holds a word showing a gathering took place (event_occurrence.tsv) outside its non-event
    phrases: an undated "某会议即将闭幕" or "将参加某恳谈会" shows none."""
    if not any(w in sentence for w in words):
        return False
    rest = _non_events(undated).sub("", sentence)
    return rest == sentence or any(w in rest for w in words)


# A month without a day (去年11月, 2019年4月, 4月到广西视察): the event's own date, unresolved by convention.
@cache
def _month_only() -> re.Pattern[str]:
    years = alternation(lexicon.words("date_anchors.tsv", "year"))
    return re.compile(rf"(?P<year>(?:19|20)\d{{2}}年|{years})?(?<![0-9])(?P<month>1[0-2]|[1-9])月"
                      r"(?![0-9一二三四五六七八九十]{1,3}[日号])(?![份底初中末])")


def _with_months(sentence: str, dates: list[DateMention]) -> list[DateMention]:
    """The sentence's dates plus its month-only expressions (first/last None), in text order."""
    if "月" not in sentence:
        return dates
    months = [DateMention(m.group(0), m.start(), m.end(), None, None) for m in _month_only().finditer(sentence)
              if not any(d.start <= m.start() < d.end for d in dates)]
    return sorted([*dates, *months], key=lambda d: d.start) if months else dates


def _subtitle_candidates(meta: ArticleMeta, published: date | None, warnings: list[str] | None,
                         fold: bool = False) -> list[_Candidate]:
    """Events named in subtitle lines ("——2月3日在…代表大会第五次会议上") or the headline: span (0, 0).

    They come after the body's candidates, so a gathering the body also reports keeps the body's span."""
    found = []
    # Subtitles joined: a long "——…在某省第十四届 / 人民代表大会第五次会议上" line is often printed in two.
    lines = ["".join(re.sub(r"\s+", "", line).lstrip("—-") for line in (meta.subtitles if meta else None) or [])]
    if meta and meta.headline:
        lines.append(meta.headline)  # 某某主持召开市委常委会: the headline names the body's gathering
    for line in lines:
        line = re.sub(r"\s+", "", line).lstrip("—-")
        folded = fold_traditional(line, force=fold)
        for c in _candidates(folded, published, warnings):
            c.name = as_printed(line, folded, c.name) or c.name
            c.span, c.sentence = (0, 0), (0, 0)
            c.dates = [DateMention(d.text, -1, -1, d.first, d.last) for d in c.dates]
            found.append(c)
    return found


def _has_visitor(text: str, c: _Candidate, people: list[Person]) -> bool:
    """An inspection without a date of its own needs someone visiting in its sentence (a named person,
    一行, 调研组); otherwise "加强督导检查工作" or "进行考察" is work, not a reported visit."""
    if c.type != "inspection" or c.own_date or c.span == (0, 0):
        return True
    s_start, s_end = c.sentence
    sentence = text[s_start:s_end]
    if _visitor().search(sentence):
        return True
    return any(s_start <= m[0] < s_end for p in people for m in p.mentions)


def _historical(sentence: str, dates: list[DateMention], published: date | None) -> bool:
    """2019年全国两会上…参加代表团审议: a sentence set in an earlier year, with no day of its own, recalls
    history (a retrospective, a work report's review of last year); it reports no gathering of today."""
    if published is None or any(d.first for d in dates):
        return False
    m = re.match(r"[^，。]{0,6}?((?:19|20)\d{2})年(?![0-9一二三四五六七八九十]{1,2}月)", sentence)
    return m is not None and int(m.group(1)) < published.year


def _attended(text: str, c: _Candidate, people: list[Person]) -> bool:
    """某某出席重点项目开工奠基仪式: a named person of the article attends the ceremony in its sentence."""
    s_start, s_end = c.sentence
    if c.keyword in lexicon.word_set("event_sessions.tsv"):  # “部长通道”开启，某某接受了采访
        return any(s_start <= m[0] < s_end for p in people for m in p.mentions)
    if c.name == c.keyword or c.name.startswith(lexicon.words("event_back_references.tsv")):
        return False  # 参加相关活动 / 参加本次活动: the gathering already reported, not a new one
    if c.keyword.endswith(lexicon.words("event_ceremonies.tsv")) and _named_after_anchor(text, c):
        return True  # 某县举行了2021年春季重大项目集中开工仪式: a ceremony held under its own name
    before = text[s_start:c.span[0]]
    if re.match(r"在[^，。]{1,12}期间", before):
        return False  # 在锡期间…主持…活动: part of the visit being reported, not a gathering of its own
    return s_end > s_start and any(v in before for v in lexicon.words("attendance_words.tsv", "event")) \
        and any(s_start <= m[0] < c.span[0] for p in people for m in p.mentions)


def _named_after_anchor(text: str, c: _Candidate) -> bool:
    """The candidate's own name follows right after 举行/举办/参加/出席 (and 了). A description is no name:
    "参加了4个项目的开工仪式" (的 inside), "举行开工庆典仪式的某公司" (a clause about the company)."""
    if "的" in c.name or text.startswith("的", c.span[1]):
        return False
    before = text[max(c.sentence[0], c.span[0] - 6):c.span[0]].removesuffix("了")
    return before.endswith(_ceremony_verbs())


@cache
def _ceremony_verbs() -> tuple[str, ...]:
    return tuple(w for w, uses, *_ in lexicon.rows("event_anchors.tsv") if "held" in uses.split(","))


def _best_keywords(sentence: str, dates: list[DateMention] | None = None) -> list[tuple[str, re.Match[str]]]:
    """Per event type, the keyword of the gathering the sentence reports, in sentence order.

    "…人代会闭幕后，县政府随即召开…部署会": the keyword anchored to 召开/举行 (right before its name, or
    "…在某地举行" after it) wins over one in a time clause (闭幕后) or one merely mentioned."""
    lex = _lexicon()
    best: dict[str, tuple[int, re.Match[str]]] = {}
    seen: list[tuple[str, int, re.Match[str]]] = []
    for m in lex["keywords"].finditer(sentence):
        kind = lex["types"][m.group(0)]
        if kind == "inspection" and (sentence.startswith(lexicon.words("inspection_non_visits.tsv"), m.end())
                                     or _cited_visit().match(sentence, m.end())
                                     or _back_reference().search(sentence, max(0, m.start() - 6), m.start())):
            continue
        if _cited(sentence, m.start(), m.end()) or _followed_by_title(sentence, m.end()) \
                or _non_event(sentence, m.start(), m.end(), not dates) or _directed(sentence, m.start()):
            continue
        score = _anchor_score(sentence, m.start(), m.end())
        seen.append((kind, score, m))
        if kind not in best or score > best[kind][0]:
            best[kind] = (score, m)
    if "other" in best and best.get("meeting", (0, None))[0] > 0:
        del best["other"]  # 某大会活动之一，某对接会在某地举行: the activity is that meeting
    chosen = [(kind, m) for kind, (_, m) in best.items()]
    chosen += _dated_apart(seen, chosen, dates or [])
    return sorted(chosen, key=lambda km: km[1].start())


@cache
def _back_reference() -> re.Pattern[str]:
    """通过此次实地考察: a visit referred back to (a word of two or more characters, event_back_references.tsv)
    is the one already told, not a new one; 该 alone is left out (到该县考察 is a visit)."""
    words = [w for w in lexicon.words("event_back_references.tsv") if len(w) >= 2]
    return re.compile(rf"(?:{alternation(words)})[\u4e00-\u9fff]{{0,2}}$")


@cache
def _directive() -> re.Pattern[str]:
    # the directive verb said by someone (not 按照…要求 / 的要求, requirements as a noun), then a modal 要
    # (not the 要 of 重要, 主要, 需要, 要点, 要闻)
    return re.compile(rf"(?<!按照)(?<!根据)(?<![的照据])(?:{alternation(lexicon.words('event_anchors.tsv', 'directive'))})"
                      r"[^。；]*?(?<![重主需只纲摘提必紧首显])要(?![求点闻素害件员领])")


def _directed(sentence: str, start: int) -> bool:
    """"某某要求班子成员要积极投身于…教育实践活动，在做好近期…调研活动的同时": an event word after a directive
    (要求/强调 … 要) is work demanded of the listeners, not a gathering the article reports."""
    return bool(_directive().search(sentence, 0, start))


def _day_before(dates: list[DateMention], pos: int) -> DateMention | None:
    return next((d for d in reversed(dates) if d.end <= pos), None)


def _dated_apart(seen: list[tuple[str, int, re.Match[str]]], chosen: list[tuple[str, re.Match[str]]],
                 dates: list[DateMention]) -> list[tuple[str, re.Match[str]]]:
    """Further gatherings of a chosen type in the sentence, each after a day of its own ("继3月29日…委员通道
    集中采访活动后，昨天上午，…走上“局长通道”"): a keyword whose nearest day before it is resolved and differs
    from that of the chosen keyword of its type is another gathering."""
    extra: list[tuple[str, re.Match[str]]] = []
    for kind, m in list(chosen):
        own = _day_before(dates, m.start())
        if own is None or own.first is None:
            continue
        for other_kind, score, other in seen:
            if other_kind != kind or other is m or score < 0 or other.start() < m.end():
                continue
            day = _day_before(dates, other.start())
            if day is not None and day.first is not None and day.first != own.first \
                    and all(day.first != _first_of(dates, x) for _, x in extra):
                extra.append((kind, other))
    return extra


def _first_of(dates: list[DateMention], m: re.Match[str]) -> date | None:
    day = _day_before(dates, m.start())
    return day.first if day else None


def _anchor_score(sentence: str, start: int, end: int) -> int:
    after = sentence[end:end + 16]
    clause_after = re.split(r"[，；：]", after, maxsplit=1)[0]
    if _time_clause().match(after):
        return -1
    before = sentence[max(0, start - 40):start]
    clause_before = re.split(r"[，；：]", before)[-1]
    score = 0
    if _anchor_before().search(clause_before):
        score += 2
    if _anchor_after().match(clause_after):
        score += 2
    return score


def _cited(sentence: str, start: int, end: int) -> bool:
    """Whether the keyword sits in a clause like 深入贯彻…全会、…会议精神 (guidance cited, not an event)."""
    floor, ceiling = max(0, start - 80), min(len(sentence), end + 80)
    left = max(floor, max(sentence.rfind(p, floor, start) for p in "，；：") + 1)
    right_candidates = [i for i in (sentence.find(p, end, ceiling) for p in "，；：") if i >= 0]
    right = min(right_candidates) if right_candidates else ceiling
    before, after = sentence[left:start], sentence[end:right]
    return any(v in before for v in lexicon.words("guidance_citations.tsv", "verb")) \
        and any(o in after for o in lexicon.words("guidance_citations.tsv", "object"))


@cache
def _title_heads() -> tuple[str, ...]:
    return longest_first(lexicon.words("titles.tsv"))


def _followed_by_title(sentence: str, end: int) -> bool:
    """市人大常委会主任: an organisation with a post, not a meeting."""
    m = re.compile(r"(?:常务)?(?:副|代)?").match(sentence, end)  # 常委会副委员长, 常委会常务副主任
    after = m.end() if m else end  # the pattern is all optional: it always matches
    return sentence.startswith(_title_heads(), after) or sentence.startswith("党组", end)


def _shift(d: DateMention, offset: int) -> DateMention:
    return DateMention(d.text, d.start + offset, d.end + offset, d.first, d.last)


def _lead_date(text: str, published: date | None, warnings: list[str] | None) -> DateMention | None:
    """The date printed in the article's first sentences (the dateline: 晚报讯 昨天下午, …)."""
    for s_start, s_end in _sentences(text)[:_LEAD_SENTENCES]:
        for d in find_dates(text[s_start:s_end], published, warnings):
            return _shift(d, s_start)
    return None


_TEXT_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})年")
_MONTH_DAY = re.compile(r"^[0-9一二三四五六七八九十]{1,2}月[0-9一二三四五六七八九十]{1,3}日")


def _date_by_text_year(cands: list[_Candidate], text: str) -> None:
    """No publication date: a month-day (8月20日) takes the year the first paragraph prints (2019年…),
    never shifted; relative days (昨天) stay unresolved."""
    year = _TEXT_YEAR.search(text.split("\n", 1)[0])
    if year is None:
        return
    reference = date(int(year.group(1)), 12, 31)
    for c in cands:
        if c.start is None and c.date_text and _MONTH_DAY.match(c.date_text):
            c.start, c.end = resolve_date(c.date_text, reference)


def _brief_leads(text: str, briefs: list[int], published: date | None,
                 warnings: list[str] | None) -> list[DateMention | None]:
    """The lead date of each brief of a brief column (its first date), in brief order."""
    ends = [*briefs[1:], len(text)]
    leads: list[DateMention | None] = []
    for start, end in zip(briefs, ends, strict=True):
        lead = _lead_date(text[start:end], published, warnings)
        leads.append(_shift(lead, start) if lead is not None else None)
    return leads


def _assign_dates(cands: list[_Candidate], lead: DateMention | None, briefs: list[int] | None = None,
                  brief_leads: list[DateMention | None] | None = None) -> None:
    """Each candidate's date: its sentence's, else the lead's (in a brief column, its own brief's lead)."""
    for c in cands:
        own_lead = lead
        if briefs and brief_leads and c.span != (0, 0) and _brief_of(briefs, c.span[0]) > 0:
            own_lead = brief_leads[_brief_of(briefs, c.span[0]) - 1] or lead
        _assign_one(c, own_lead)


def _assign_one(c: _Candidate, lead: DateMention | None) -> None:
    before = [d for d in c.dates if d.start < c.span[1]]
    chosen = before[-1] if before else (c.dates[0] if c.dates else None)
    if chosen is not None and chosen.first is None and lead is not None and lead.first is not None \
            and chosen.text.startswith(lexicon.words("anaphoric_days.tsv")):
        chosen = DateMention(chosen.text, chosen.start, chosen.end, lead.first, lead.last)  # 当天 = the lead's day
    if chosen is not None:
        c.own_date = True
    elif c.type != "other" or c.attended:
        chosen = lead
        c.lead_dated = chosen is not None
    if chosen is not None:
        c.any_date = True
        c.start, c.end, c.date_text = chosen.first, chosen.last, chosen.text


_BRIEF_TITLE_MAX = 40  # characters of a brief's title line in a brief column
_BRIEFS_MIN = 3  # titled briefs that make an article a brief column (快讯, 简报)
_BRIEF_MARKS = "◆●■▲★☆◇○□"


def brief_starts(text: str) -> list[int]:
    """Where each brief of a brief column starts (国内联播快讯, 要闻简报): lines led by ◆/● …, or an
    alternation of short title lines (no sentence mark) and one paragraph each, three or more times.
    Empty for an ordinary article (whose section headings are followed by several paragraphs)."""
    lines, pos = [], 0
    for raw in text.split("\n"):
        lines.append((pos, raw.strip()))
        pos += len(raw) + 1
    lines = [(start, t) for start, t in lines if t]
    marked = [start for start, t in lines if t[0] in _BRIEF_MARKS]
    if len(marked) >= 2:
        return marked
    titles = [k for k, (_, t) in enumerate(lines) if len(t) <= _BRIEF_TITLE_MAX and not _SENTENCE_END.search(t)
              and not t.endswith(("。", "；", "：", ":"))]
    if len(titles) < _BRIEFS_MIN or titles[0] != 0 or any(b - a != 2 for a, b in zip(titles, titles[1:], strict=False)):
        return []  # the column opens with a title, and titles alternate with single paragraphs (captions
        # between the paragraphs of one report follow its lead paragraph)
    if len(lines) - 1 - titles[-1] > 1:
        return []  # the last brief is one paragraph too
    return [lines[k][0] for k in titles]


def _brief_of(starts: list[int], pos: int) -> int:
    return sum(1 for s in starts if s <= pos)


def _merge(cands: list[_Candidate], briefs: list[int] | None = None) -> list[_Candidate]:
    """One event per gathering: same type and same (or missing) dates are the same event; in a brief
    column (``briefs``: where each brief starts) never across two briefs."""
    merged: list[_Candidate] = []
    briefs = briefs or []
    for c in cands:
        if c.type == "other" and not (c.own_date or c.attended):
            continue  # 开展…活动: an activity with neither its own date nor a named attendee is work
        if not c.any_date and (c.type != "meeting" or c.name == c.keyword):
            continue  # an undated, unnamed mention (进行调研) is work, not a reported gathering
        same = next((m for m in merged if m.type == c.type and _dates_compatible(m, c)
                     and not _distinct_names(m, c)
                     and _brief_of(briefs, m.span[0]) == _brief_of(briefs, c.span[0])), None)
        if same is None and c.lead_dated and c.span != (0, 0):
            # 座谈会由某某主持 after "在14日晚召开的座谈会上": a later mention without a day of its own is the
            # gathering of its type already dated by its own sentence, not one on the lead's day
            same = next((m for m in merged if m.type == c.type and m.own_date and m.start is not None
                         and not _distinct_names(m, c)
                         and _brief_of(briefs, m.span[0]) == _brief_of(briefs, c.span[0])), None)
        if same is None:
            merged.append(c)
            continue
        if same.name == same.keyword and _name_quality(c) > _name_quality(same):
            same.name = c.name
        if same.start is None and c.start is not None:
            same.start, same.end, same.date_text = c.start, c.end, c.date_text
    return merged


def _distinct_names(a: _Candidate, b: _Candidate) -> bool:
    """开工奠基仪式 and 签约仪式 on one day are two ceremonies; two undated meetings with their own names
    (代表团审议, 领导小组会议) are two meetings: named candidates merge only when one name contains the other."""
    if a.name == a.keyword or b.name == b.keyword:
        return False
    if a.type == "meeting" and (a.start is not None or b.start is not None):
        return False  # dated meetings merge by date (the headline's wording often differs from the body's)
    if a.type not in ("other", "meeting"):
        return False
    return a.name not in b.name and b.name not in a.name


def _dates_compatible(a: _Candidate, b: _Candidate) -> bool:
    if a.start is None and b.start is None:
        return True
    if a.start is None or b.start is None:
        undated, day = (a, b.start) if a.start is None else (b, a.start)
        month = _month_only().search(undated.date_text or "") if undated.own_date else None
        if month is None or day is None:
            return True
        # 去年11月…会晤 is not the 3月19日 会见: a month of its own that is not the other's month
        offset = int(lexicon.mapping("date_anchors.tsv", value=2).get(month.group("year") or "", "0"))
        return int(month.group("month")) == day.month and offset == 0
    return (a.start, a.end) == (b.start, b.end)


def _name_quality(c: _Candidate) -> tuple[int, int]:
    return (0 if c.name == c.keyword else 1, min(len(c.name), 30))


def extract_events(text: str, meta: ArticleMeta, people: list[Person],
                   warnings: list[str] | None = None) -> list[Event]:
    """Events of the article in order, each with type, own name, resolved dates, chair, participants, documents."""
    original = text or ""
    text = fold_traditional(original)  # 會議 -> 会议 for matching; names are reported as printed
    published = meta.published if meta else None
    cands = _candidates(text, published, warnings)
    if text is not original:
        for c in cands:
            c.name = as_printed(original, text, c.name, c.span[0] - _MAX_NAME) or c.name
    cands.extend(_subtitle_candidates(meta, published, warnings, fold=text is not original))
    if not cands:
        return []
    for c in cands:
        c.attended = c.type == "other" and _attended(text, c, people)
    briefs = brief_starts(text)
    _assign_dates(cands, _lead_date(text, published, warnings), briefs,
                  _brief_leads(text, briefs, published, warnings) if briefs else None)
    if published is None:
        _date_by_text_year(cands, text)
    cands = _drop_visit_parts(text, _drop_received_tours(text, [c for c in cands if _has_visitor(text, c, people)]))
    events = []
    documents = _documents(text)
    for i, c in enumerate(_merge(cands, briefs)):
        chair, participants = _people_of(text, c, people)
        events.append(Event(type=c.type, name=c.name, start=c.start, end=c.end, date_text=c.date_text,
                            chair=chair, participants=participants,
                            documents=documents if c.type == "meeting" and i == _first_meeting(cands, briefs) else [],
                            span=c.span))
    return events


def _drop_visit_parts(text: str, cands: list[_Candidate]) -> list[_Candidate]:
    """A bare 座谈 / 座谈交流 (visit_parts.tsv) on the day of a reported inspection or reception belongs to it;
    so does an unnamed 座谈会 that the visiting party holds in the sentence of its tour ("某某一行察看了…，
    并召开座谈会"), while one told in a sentence of its own ("随后，在会议室召开座谈会") stays a meeting."""
    parts = lexicon.word_set("visit_parts.tsv")
    visits = [c for c in cands if c.type in ("inspection", "reception") and c.any_date]

    def part_of_visit(c: _Candidate) -> bool:
        if c.type != "meeting" or not any(_dates_compatible(c, v) for v in visits):
            return False
        if c.keyword in parts:
            return True
        return c.name == c.keyword and c.keyword.startswith(tuple(parts)) and c.span != (0, 0) \
            and bool(_visitor().search(text, c.sentence[0], c.span[0]))

    return [c for c in cands if not part_of_visit(c)]


def _drop_received_tours(text: str, cands: list[_Candidate]) -> list[_Candidate]:
    """"某商会一行前往某区参观考察。区委书记某某会见了陈会长一行": when the article reports the reception of a
    visiting party (一行, 与来某地考察的某某), the guests' tour (考察, 考察期间 …) on a compatible date is the
    occasion of that reception, not a visit of its own."""
    receptions = [c for c in cands if c.type == "reception" and c.span != (0, 0)
                  and _received_party(text[c.sentence[0]:c.sentence[1]])]
    return [c for c in cands if not (c.type == "inspection" and any(_dates_compatible(c, r) for r in receptions))]


def _received_party(sentence: str) -> bool:
    """The reception's sentence names a visiting party (visitor_words.tsv: 一行, 代表团) or a guest who came."""
    return bool(_visitor().search(sentence) or _guest().search(sentence))


def _first_meeting(cands: list[_Candidate], briefs: list[int] | None = None) -> int:
    kinds = [c.type for c in _merge(list(cands), briefs)]
    return kinds.index("meeting") if "meeting" in kinds else -1


def _documents(text: str) -> list[str]:
    """Titles in 《》 that a meeting reviewed, studied or adopted (审议通过《…》, 研究了《…》《…》)."""
    docs: list[str] = []
    for m in _document().finditer(text):
        docs.extend(t for t in re.findall(r"《([^》]+)》", m.group(1)) if t not in docs)
    return docs


def _people_of(text: str, c: _Candidate, people: list[Person]) -> tuple[str | None, list[str]]:
    """Chair (主持) and participants (参加/出席/陪同/会见) of an event among the article's people."""
    chair = None
    participants: list[str] = []
    s_start, s_end = c.sentence
    for person in people:
        in_sentence = any(s_start <= m[0] < s_end for m in person.mentions) and s_end > s_start
        if in_sentence and person.role in ("mentioned", None) and c.type in ("inspection", "reception", "other"):
            participants.append(person.name)  # 省委书记某某在我市调研: the visitor takes part
            continue
        if person.role == "chair" and c.type in ("meeting", "other") and chair is None:
            chair = person.name
        elif person.role in ("attendee", "met", "speaker") or (person.role == "chair" and c.type != "meeting"):
            if person.role == "speaker" and c.type != "meeting":
                continue
            participants.append(person.name)
    return chair, participants
