"""Named people with the title printed next to their name, their posts, role and every mention.

The genre prints a title phrase right before a name ("市委副书记、代市长陈海峰"), sometimes after it
("习近平总书记"), and a title before a list of names applies to each ("市领导陈某、楼某"). A name is found
from its position: right after a title head (data/titles.tsv), starting with a surname (data/surnames.tsv),
2-3 characters (4 with a compound surname) and followed by punctuation or a word that ends names
(data/name_stops.tsv: 表示, 指出, 主持, 一行 …). Unnamed officials (相关负责人) are not people; bylined
reporters are not people of the article; names are never resolved through a list of famous people.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from luoshi.extraction import lexicon
from luoshi.extraction.entity_data import as_printed, fold_traditional
from luoshi.extraction.lexicon import alternation, longest_first, occurrences
from luoshi.extraction.model import ArticleMeta, Person, Post
from luoshi.extraction.organisations import resolve_org
from luoshi.extraction.places import gazetteer

_ROLE_WINDOW = 200  # characters searched either side of a name for its role verb (keeps 5 MB inputs linear)
_BACK_REFERENCE_WINDOW = 3000  # how far back a bare 园区 may refer
_MAX_SEGMENT = 32  # characters of one post (organisation + post word) before a name
_TITLE_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z·]")
_PUNCT = set("，。、；：！？“”‘’（）()《》〈〉【】「」『』,.;:!?\n\r\t 　|/—-…·～~")


@cache
def _leading_noise() -> re.Pattern[str]:
    """A title phrase may start with what is left of a dateline or a date (讯, 电, 日, 下午): cut it off
    (title_leading_noise.tsv)."""
    return re.compile(rf"(?:[0-9]*[年月日号时]|{alternation(lexicon.words('title_leading_noise.tsv'))})+")


# One-character words that end a name even before punctuation (万某等，): never read as a third name character.
_FUNCTION_CHARS = set("等在率对的说作是也")
# One-character stop words that are also common third characters of given names (大同, 和平, 立与).
_JOINING_CHARS = set("同和与及")
# One-character boundary words that also occur inside organisation names (发展和改革委员会, 经济技术开发区,
# 同济大学, 对外友好协会); other one-character boundaries (的, 了, 是, 被 …) always cut a title.
_ORG_INTERNAL_CHARS = set("和与及同为在对经由向受等请据率以")
# Last characters of organisations (常委会, 党委, 教育部): what ends in them is no name.
_ORG_FINAL_CHARS = set("会委部局厅院处办组团司")
# Characters that make an after-title the end of a longer post (副县长, 代市长, 总书记, 常务副…).
_LONGER_POST_CHARS = set("副代总常")
# One-character words that may precede a name followed by a weak after-title (以习近平同志为核心).
_AFTER_TITLE_LEFT = set("以在对由与和向同及请让是据经的")


def _sub_bodies() -> tuple[str, ...]:
    """管委会, 组织部 …: a body printed alone in a post segment belongs to the one before it."""
    return lexicon.words("attached_bodies.tsv", "sub_body")


@dataclass
class _Hit:
    """One titled occurrence of a name."""

    name: str
    title: str
    title_start: int
    name_start: int
    name_end: int
    list_end: int = -1  # end of the list of names the title applies to (role verbs come after it)
    after_title: bool = False  # 习近平总书记: title printed after the name


@cache
def _lexicon() -> Mapping[str, Any]:
    """The word lists people.py reads, loaded once (read-only)."""
    surnames = lexicon.word_set("surnames.tsv")
    return MappingProxyType({
        "heads": re.compile(alternation(lexicon.words("titles.tsv"))),
        "heads_set": lexicon.word_set("titles.tsv"),
        "after": longest_first(lexicon.words("post_name_titles.tsv")),
        "after_boundary": frozenset(r[0] for r in lexicon.rows("post_name_titles.tsv")
                                    if r[1:2] in (("boundary",), ("boundary-stop",), ("honorific",))),
        "after_honorific": frozenset(r[0] for r in lexicon.rows("post_name_titles.tsv")
                                     if r[1:2] in (("honorific",), ("thought",))),
        "after_stop": frozenset(r[0] for r in lexicon.rows("post_name_titles.tsv") if r[1:2] == ("boundary-stop",)),
        "stop_re": re.compile(alternation(lexicon.words("name_stops.tsv"))),
        "single_surnames": frozenset(s for s in surnames if len(s) == 1),
        "compound_surnames": frozenset(s for s in surnames if len(s) == 2),
        "not_names": lexicon.word_set("not_names.tsv"),
        "boundaries": longest_first(lexicon.words("org_left_boundaries.tsv")),
        "roles": lexicon.mapping("role_verbs.tsv"),
        "transliteration": lexicon.word_set("transliteration_chars.tsv"),
        "countries": longest_first(lexicon.words("countries.tsv")),
    })


def _ends_name(text: str, pos: int) -> bool:
    """Whether a name may end right before ``pos``: end of text, punctuation or a stop word."""
    if pos >= len(text) or text[pos] in _PUNCT or not _TITLE_CHAR.match(text[pos]):
        return True
    return _lexicon()["stop_re"].match(text, pos) is not None


def _is_name(candidate: str) -> bool:
    """2-3 Han characters starting with a surname (3-4 with a compound surname), not a title or look-alike."""
    lex = _lexicon()
    if candidate[:2] in lex["compound_surnames"]:
        if not 3 <= len(candidate) <= 4:
            return False
    elif not (candidate[:1] in lex["single_surnames"] and 2 <= len(candidate) <= 3) or candidate in lex["heads_set"]:
        return False  # the cheap test first: most candidates do not start with a surname
    if any(not ("\u4e00" <= ch <= "\u9fff") for ch in candidate) or candidate[-1] in _FUNCTION_CHARS:
        return False  # 秦某等: 等 ends a list, not a name
    if candidate in lex["not_names"] or candidate[:2] in lex["not_names"] or lex["stop_re"].match(candidate):
        return False
    return not any(_stop_word_at(candidate, i) for i in range(1, len(candidate) - 1))  # 席就座 is no name


# Transliterated foreign and minority names (外国人名, 少数民族人名): parts joined by a middle dot
# (尼古拉斯·伯恩斯, 艾力更·依明巴海). No surname check: the dot is the signal.
_NAME_DOTS = "·•・‧"
_DOTTED_NAME = re.compile(r"[\u4e00-\u9fff]{1,8}(?:[·•・‧][\u4e00-\u9fff]{1,8}){1,3}")


def dotted_name_at(text: str, pos: int, need_stop: bool = False) -> int | None:
    """End of a dotted name starting at ``pos``: its last part runs to the first place where a name may
    end (伯恩斯一行 -> 伯恩斯). ``need_stop``: only before a stop word, not before punctuation (a bare
    "中国·盐城，" is a place, not a person). Parts that are place names (中国·江苏) are not names."""
    m = _DOTTED_NAME.match(text, pos)
    if m is None:
        return None
    run = m.group(0)
    parts = re.split(f"[{_NAME_DOTS}]", run)
    if any(part in lexicon.word_set("china_names.tsv") or _is_place(part) or _lexicon()["heads"].search(part) for part in parts):
        return None
    last_start = pos + len(run) - len(parts[-1])
    for end in range(last_start + 1, m.end() + 1):
        if end < len(text) and text[end] in _NAME_DOTS:
            break
        if _ends_name(text, end):
            if need_stop and (end >= len(text) or text[end] in _PUNCT or not _TITLE_CHAR.match(text[end])):
                return None
            return end
    return None


def _is_place(word: str) -> bool:
    hits = gazetteer().scan(word)
    return bool(hits) and hits[0][0] == 0 and hits[0][1] >= len(word) - 1


def name_at(text: str, pos: int) -> int | None:
    """End of a person's name starting at ``pos``, or None. Tries 2, 3 then 4 characters: shortest first,
    because the genre glues verbs to names (郑国梁率调研组, 周立新参加); a dotted foreign name first."""
    dotted = dotted_name_at(text, pos)
    if dotted is not None:
        return dotted
    for length in (2, 3, 4):
        candidate = text[pos:pos + length]
        if len(candidate) == length and _is_name(candidate) and _ends_name(text, pos + length):
            if length == 2 and (_prefer_longer(text, pos) or _joining_char_in_name(text, pos)):
                continue
            return pos + length
    return _stop_surname_name_at(text, pos)


_NUMERAL_CHARS = set("一二两三四五六七八九十百千万几")
_LIST_BOUNDS = set("、，。；")


def _stop_surname_name_at(text: str, pos: int) -> int | None:
    """县领导周某、曾某某、谢某 / 部长曾某某等: a surname that is also a stop word (曾 "once") starts a
    three-character name only inside a list: right after 、 or right before 、, 等 or punctuation. Elsewhere
    曾 is the adverb (书记曾多次调研), so the name is read only where a list marks its edges."""
    if text[pos:pos + 1] not in _stop_surnames() or pos + 3 > len(text):
        return None
    rest = text[pos + 1:pos + 3]
    after = text[pos + 3:pos + 4]
    if any(ch in _NUMERAL_CHARS for ch in rest) or not _is_name("王" + rest):
        return None  # 曾两次: a count, not a given name; the rest is checked as if the surname were 王
    if after in _LIST_BOUNDS or after == "等" or (after == "" and pos > 0) \
            or (pos > 0 and text[pos - 1] == "、" and _ends_name(text, pos + 3)):
        return pos + 3
    return None


@cache
def _stop_surnames() -> frozenset[str]:
    """Surnames that name_stops.tsv also lists as one-character stops (曾)."""
    stops = lexicon.word_set("name_stops.tsv")
    return frozenset(s for s in _lexicon()["single_surnames"] if s in stops)


def _prefer_longer(text: str, pos: int) -> bool:
    """Whether a 2-character reading that ends at a one-character stop must yield to a 3-character one.

    "郑国华、" could read 郑国 + 华、 only if 华 were a stop; a 3-character name that ends at punctuation wins
    unless its third character is a function word (万某等，: 等 ends the name)."""
    three = text[pos:pos + 3]
    return len(three) == 3 and _is_name(three) and pos + 3 < len(text) and text[pos + 3] in _PUNCT \
        and text[pos + 2] not in _PUNCT and not _stop_word_at(text, pos + 2) \
        and text[pos + 2] not in _FUNCTION_CHARS


def _joining_char_in_name(text: str, pos: int) -> bool:
    """方大同出席 / 张和平参加: a third character that is also a joining word (同, 和, 与, 及) belongs to
    the name when the three-character reading ends at a stop word or punctuation."""
    three = text[pos:pos + 3]
    return len(three) == 3 and three[2] in _JOINING_CHARS and _is_name(three) \
        and _ends_name(text, pos + 3)


def _stop_word_at(text: str, pos: int) -> bool:
    m = _lexicon()["stop_re"].match(text, pos)
    return m is not None and len(m.group(0)) > 1


def _segment_start(text: str, head_start: int, floor: int) -> int:
    """Leftmost character of one post segment ending at ``head_start``'s head (organisation included)."""
    i = head_start
    while i > floor and head_start - i < _MAX_SEGMENT:
        if _TITLE_CHAR.match(text[i - 1]):
            i -= 1
        elif (bracket := _bracketed_place_before(text, i, floor)) is not None:
            i = bracket  # 泉港区（福州）商会会长: the place in brackets belongs to the organisation
        else:
            break
    segment = text[i:head_start]
    cut = 0
    for word in _lexicon()["boundaries"]:
        j = segment.rfind(word)
        if j >= 0 and j + len(word) > cut and not _inside_org_name(segment, j, word) \
                and not text.startswith(_sub_bodies(), i + j):  # 组织 cuts 组织召开, not 组织部(部)长
            cut = j + len(word)
    i += cut
    noise = _leading_noise().match(text, i, head_start)
    return noise.end() if noise else i


_BRACKETED = re.compile(r"[（(]([\u4e00-\u9fff]{2,6})[）)]$")


def _bracketed_place_before(text: str, end: int, floor: int) -> int | None:
    """Start of a bracketed place name (（福州）) ending at ``end`` inside an organisation's name, when a
    title character precedes it; else None."""
    if text[end - 1] not in "）)":
        return None
    m = _BRACKETED.search(text, max(floor, end - 8), end)
    if m is None or m.start() <= floor or not _TITLE_CHAR.match(text[m.start() - 1]) or not _is_place(m.group(1)):
        return None
    return m.start()


def _inside_org_name(segment: str, index: int, word: str) -> bool:
    """A one-character boundary (和, 经, 同 …) inside 发展和改革委员会 or 经济技术开发区 is part of the name.

    Why: single characters are ambiguous, so one only cuts the phrase when what follows it looks like the
    start of a title (a level prefix, 中共/全国, a modifier, a place name, or the head itself)."""
    if len(word) > 1 or word not in _ORG_INTERNAL_CHARS:
        return False
    if word == "由" and not segment.endswith("自", 0, index):
        return False  # 会议由某某主持: 由 is inside a name only in 自由 (自由贸易试验区)
    rest = segment[index + 1:]
    if not rest and word in _JOINING_CHARS and segment[:index].endswith(tuple(_lexicon()["heads_set"])):
        return True  # 主席团常务主席及成员: two titles joined, one phrase
    if not rest or rest.startswith(lexicon.words("title_starts.tsv")):
        return False
    if rest.startswith(_lexicon()["countries"]):
        return False  # 同尼泊尔联邦院主席某某: a foreign title starts at its country
    hits = gazetteer().scan(rest[:8])
    return not (hits and hits[0][0] == 0)


def _title_start(text: str, head_start: int, floor: int) -> int:
    """Start of a title phrase: post segments joined by 、 going left while each ends with a title head."""
    start = _segment_start(text, head_start, floor)
    heads = _lexicon()["heads_set"]
    while start - 1 > floor and text[start - 1] == "、":
        prev_end = start - 1
        prev_head = next((h for h in sorted(heads, key=len, reverse=True) if text.endswith(h, 0, prev_end)), None)
        if prev_head is None:
            break
        prev_start = _segment_start(text, prev_end - len(prev_head), floor)
        start = prev_start
    return start


def _titled_hits(text: str) -> list[_Hit]:
    """Every name printed right after a title head, with its title phrase; lists after a title share it."""
    lex = _lexicon()
    hits: list[_Hit] = []
    confirmed: dict[tuple[str, int], bool] = {}
    floor = 0
    pos = 0
    while (m := lex["heads"].search(text, pos)) is not None:
        head_end = _longest_head_end(text, m.start())
        gap = 1 if text[head_end:head_end + 1] in (" ", "\u3000") else 0  # 省长 刘某: one space allowed
        name_end = name_at(text, head_end + gap) or _confirmed_name_at(text, head_end + gap, confirmed) \
            or _transliterated_name_at(text, head_end + gap, confirmed) or _list_head_at(text, head_end + gap) \
            or _weak_name_at(text, head_end + gap, confirmed) or _attending_name_at(text, head_end + gap)
        if name_end is None and not gap and (copula := _copula_list_at(text, head_end)) is not None:
            gap, name_end = copula
        if name_end is None:
            pos = m.start() + 1
            continue
        start = _title_start(text, m.start(), floor)
        title = text[start:head_end]
        if not title:
            pos = m.start() + 1
            continue
        group = [_Hit(text[head_end + gap:name_end], title, start, head_end + gap, name_end)]
        floor, pos = name_end, _skip_gloss(text, name_end)
        while pos < len(text) and text[pos] == "、" and (nxt := name_at(text, pos + 1)
                                                         or _long_list_item_at(text, pos + 1)
                                                         or _plain_list_item_at(text, pos + 1)) is not None:
            group.append(_Hit(text[pos + 1:nxt], title, start, pos + 1, nxt))
            floor, pos = nxt, _skip_gloss(text, nxt)
        for hit in group:
            hit.list_end = pos
        hits.extend(group)
    return hits


def _copula_list_at(text: str, pos: int) -> tuple[int, int] | None:
    """执行主席是陈某、朱某: a title, a copula (title_copulas.tsv) and a list of two or more names; the title
    then applies to each. Returns (length of the copula, end of the first name)."""
    for copula in lexicon.words("title_copulas.tsv"):
        if text.startswith(copula, pos):
            start = pos + len(copula)
            end = name_at(text, start)
            if end is not None and text[end:end + 1] == "、" and name_at(text, end + 1) is not None:
                return len(copula), end
    return None


_CONFIRM_WINDOW = 3000  # how far a later (or earlier) bare mention may confirm a name


_CONFIRM_TRIES = 40  # occurrences examined per candidate and window (keeps repetitive 5 MB input linear)


def _confirmed_name_at(text: str, pos: int, cache: dict[tuple[str, int], bool]) -> int | None:
    """郭某解读…。郭某介绍: a name glued to a verb the stop list lacks is accepted when the same characters
    stand alone elsewhere (after punctuation, before a stop word), as the genre repeats names bare.
    ``cache`` remembers the answer per candidate and window-sized stretch of text."""
    for length in (3, 2):
        candidate = text[pos:pos + length]
        if len(candidate) < length or not _is_name(candidate):
            continue
        key = (candidate, pos // _CONFIRM_WINDOW)
        if key not in cache:
            cache[key] = _stands_alone(text, candidate, pos)
        if cache[key]:
            return pos + length
    return None


def _stands_alone(text: str, candidate: str, pos: int) -> bool:
    bucket = pos // _CONFIRM_WINDOW  # the same stretch for every position of one cache bucket
    lo, hi = max(0, (bucket - 1) * _CONFIRM_WINDOW), min(len(text), (bucket + 2) * _CONFIRM_WINDOW)
    start = text.find(candidate, lo, hi)
    tries = 0
    while start >= 0 and tries < _CONFIRM_TRIES:
        end = start + len(candidate)
        if start != pos and (start == 0 or text[start - 1] in _PUNCT) and _ends_name(text, end) \
                and not _stop_word_at(text, end - 1):
            return True
        start, tries = text.find(candidate, end, hi), tries + 1
    return False


def _weak_name_at(text: str, pos: int, cache: dict[tuple[str, int], bool]) -> int | None:
    """副主任向东介绍 … 向东表示: after a title head, a name whose surname is a weak one (weak_surnames.tsv),
    accepted only when it ends at a stop or punctuation and stands alone elsewhere in the text."""
    if text[pos:pos + 1] not in _weak_surnames():
        return None
    for length in (2, 3):
        candidate = text[pos:pos + length]
        if len(candidate) < length or not _is_name("王" + candidate[1:]) or not _ends_name(text, pos + length):
            continue  # the rest of the name is checked as if the surname were an ordinary one
        if length == 3 and text[pos + 3:pos + 4] in _WEAK_NAME_CLOSERS and not set(candidate[1:]) & _PRONOUN_CHARS \
                and candidate[0] in _weak_list_surnames():
            return pos + 3  # 县长向某某，县政协主席…: a three-character name closed by a list's comma
        key = (candidate, pos // _CONFIRM_WINDOW)
        if key not in cache:
            cache[key] = _stands_alone(text, candidate, pos)
        if cache[key]:
            return pos + length
    return None


# What closes a weak-surname name right after a title without further evidence: the comma or 、 of a list
# of officials (县委书记王某，县委副书记、县长向某某，…); a phrase such as 向大家 runs on into its verb.
_WEAK_NAME_CLOSERS = ("，", "、")
_PRONOUN_CHARS = set("我你他她它们大家各全")


def _attending_name_at(text: str, pos: int) -> int | None:
    """县政协主席义某出席，…: after a title head, two or three characters closed by an attendance verb
    (参加, 出席, 陪同, 列席: attendance_words.tsv) and then punctuation or 并 are the attendee's name even
    when the surname is not listed; what else fills that slot is a body (主席团), never a bare 2-3 chars."""
    for length in (2, 3):
        end = pos + length
        item = text[pos:end]
        verb = next((v for v in _attendance_verbs() if text.startswith(v, end)), None)
        if verb is None or text[end + len(verb):end + len(verb) + 1] not in ("，", "。", "；", "、", "并", ""):
            continue
        if len(item) == length and _plain_item(item) and item[-1] not in _ORG_FINAL_CHARS and not _is_place(item):
            return end
    return None


@cache
def _attendance_verbs() -> tuple[str, ...]:
    return lexicon.words("attendance_words.tsv", "verb")


@cache
def _weak_list_surnames() -> frozenset[str]:
    return lexicon.word_set("weak_surnames.tsv", "list")


@cache
def _weak_surnames() -> frozenset[str]:
    return lexicon.word_set("weak_surnames.tsv")


_TRANSLITERATED_MAX = 8


def _transliterated_name_at(text: str, pos: int, cache: dict[tuple[str, int], bool]) -> int | None:
    """总统卡斯特罗举行会谈…卡斯特罗表示: a run of transliteration characters (data/transliteration_chars.tsv)
    after a title head, three or more long, that also stands alone elsewhere in the text."""
    chars = _lexicon()["transliteration"]
    run_end = pos
    while run_end < len(text) and run_end - pos < _TRANSLITERATED_MAX and text[run_end] in chars:
        run_end += 1
    for end in range(pos + 3, run_end + 1):
        candidate = text[pos:end]
        key = (candidate, pos // _CONFIRM_WINDOW)
        if key not in cache:
            cache[key] = _stands_alone(text, candidate, pos)
        if cache[key]:
            return end
    return None


# A pinyin gloss printed after a character by some converted pages (發(fā)): skipped inside lists.
_GLOSS = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{1,7}[)）]")


def _skip_gloss(text: str, pos: int) -> int:
    m = _GLOSS.match(text, pos)
    return m.end() if m else pos


def _plain_item(item: str) -> bool:
    """A list item that may be a name whose surname is missing from surnames.tsv (平某某): Han characters,
    no title head, no stop word, not a known look-alike."""
    lex = _lexicon()
    return all("\u4e00" <= ch <= "\u9fff" for ch in item) and not lex["heads"].search(item) \
        and item not in lex["not_names"] and not lex["stop_re"].match(item) \
        and not any(_stop_word_at(item, i) for i in range(1, len(item))) and item[-1] not in _FUNCTION_CHARS


def _plain_list_item_at(text: str, pos: int) -> int | None:
    """市领导王某、平某某、李某: inside a list after a title, a 2-3 character item bounded by 、 (or ending
    the list at a stop) is a name even when its surname is not listed."""
    for length in (3, 2):
        end = pos + length
        if end <= len(text) and _plain_item(text[pos:end]) and (
                end == len(text) or text[end] in "、等" or text[end] in _PUNCT
                or text.startswith(tuple(_lexicon()["roles"]), end)):
            return end  # the list goes on, or ends at 等, punctuation or a role verb (参加, 出席 …)
    return None


def _list_head_at(text: str, pos: int) -> int | None:
    """市领导平某某、王某某: the first item of a list after a title, when a name follows the 、."""
    for length in (3, 2):
        end = pos + length
        if text[end:end + 1] == "、" and _plain_item(text[pos:end]) and name_at(text, end + 1) is not None:
            return end
    return None


def _long_list_item_at(text: str, pos: int) -> int | None:
    """白玛赤林、: inside a list after a title, a four-character item (minority names) ending at 、."""
    item = text[pos:pos + 4]
    if len(item) == 4 and text[pos + 4:pos + 5] == "、" and item[0] in _lexicon()["single_surnames"] \
            and all("\u4e00" <= ch <= "\u9fff" for ch in item) and not _lexicon()["heads"].search(item) \
            and not any(_stop_word_at(item, i) for i in range(1, 3)):
        return pos + 4
    return None


def _longest_head_end(text: str, start: int) -> int:
    """The end of the longest title head at ``start`` (副总经理 over 副总, 总经理 …)."""
    heads = _lexicon()["heads_set"]
    for length in range(6, 0, -1):
        if text[start:start + length] in heads:
            return start + length
    return start


def _after_name_hits(text: str) -> list[_Hit]:
    """习近平总书记 / 李强总理: a name right before a title that the genre prints after names."""
    hits = []
    for title in _lexicon()["after"]:
        needs_boundary = title in _lexicon()["after_boundary"]
        for m in re.finditer(re.escape(title), text):
            if text[m.end():m.end() + 1] == "会":  # 委员会 is an organisation
                continue
            if title in _lexicon()["after_stop"] and not _ends_name(text, m.end()):
                continue  # 方某代表市委讲话: 代表 is the verb
            if text[m.start() - 1:m.start()] in _LONGER_POST_CHARS:
                continue  # 副县长, 总书记: the end of a longer post, not a title after a name
            printed = "" if title in _lexicon()["after_honorific"] else title
            for length in (3, 2, 4):
                s = m.start() - length
                if text[m.start() - 1:m.start()] in _ORG_FINAL_CHARS:
                    break  # 全国人大常委会委员长: an organisation, not a name, before the title
                if needs_boundary and s > 0 and text[s - 1] not in _PUNCT and text[s - 1] not in _AFTER_TITLE_LEFT \
                        and not (title in _lexicon()["after_stop"] and _is_name(text[s:m.start()])
                                 and _org_or_place_before(text, s)):
                    continue
                if s >= 0 and _is_name(text[s:m.start()]) and not (s > 0 and text[s - 1] in "副常") \
                        and not _is_place(text[s:m.start()]):
                    hits.append(_Hit(text[s:m.start()], printed, s, s, m.start(), m.end(), True))
                    hits.extend(_names_listed_before(text, s, printed, m.end()))
                    break
    return hits


def _org_or_place_before(text: str, pos: int) -> bool:
    """扶绥县吴某县长 / 北京市环保局方某局长: a local post printed after a name may have the name's place or
    body right before the name, ending in a body's last character (局, 委 …) or a place name."""
    if text[pos - 1] in _ORG_FINAL_CHARS:
        return True
    hits = gazetteer().scan(text[max(0, pos - 8):pos])
    return bool(hits) and hits[-1][1] == min(pos, 8)


def _names_listed_before(text: str, start: int, title: str, title_end: int) -> list[_Hit]:
    """王某、刘某同志 / 张某、李某委员: the names joined by 、 before the one an after-title follows share
    that title (the list itself marks the names' edges, so the first needs no boundary before it)."""
    found: list[_Hit] = []
    while start > 0 and text[start - 1] == "、":
        end = start - 1
        begin = next((end - n for n in (3, 2) if end - n >= 0 and _is_name(text[end - n:end])), None)
        if begin is None:
            break
        found.append(_Hit(text[begin:end], title, begin, begin, end, title_end, True))
        start = begin
    return found


@cache
def _parenthetical_title() -> re.Pattern[str]:
    heads = alternation(lexicon.words("titles.tsv"))
    return re.compile(rf"（([^（）。，]{{1,30}}?(?:{heads}))）")


def _parenthetical_hits(text: str) -> list[_Hit]:
    """张某（市发改委主任）: a title in brackets right after a name (captions, lists of speakers)."""
    hits = []
    for m in _parenthetical_title().finditer(text):
        start = _name_ending_at(text, m.start())
        if start is not None:
            hits.append(_Hit(text[start:m.start()], m.group(1), start, start, m.start(), m.end(), True))
    return hits


@cache
def _named_label() -> re.Pattern[str]:
    labels = alternation(lexicon.words("interview_labels.tsv", "named_label"))
    glossed = rf"(?:[\u4e00-\u9fff·](?:{_GLOSS.pattern})?){{2,4}}"  # 曲衛(wèi)國: a pinyin gloss may sit inside
    return re.compile(rf"(?:^|(?<=\n))(?P<title>{labels})(?:[（(](?P<name>[\u4e00-\u9fff·]{{2,4}})[）)]"
                      rf"|[ \u3000]+(?P<spaced>{glossed}))[ \u3000]*[：:]")


def _named_label_hits(text: str) -> list[_Hit]:
    """主持人（王某）：… / 主持人 王某：… opening a line of a transcript: the speaker, titled by the label."""
    hits = []
    for m in lexicon.matches_after(_named_label(), text, "\n"):
        group = "name" if m.group("name") else "spaced"
        hits.append(_Hit(m.group(group), m.group("title"), m.start("title"), m.start(group), m.end(group), m.end()))
    return hits


# A head count between 等 and a collective title (等8位代表, 等十余名委员): digits or numerals and a measure word.
_HEADCOUNT = "(?:[0-9０-９一二两三四五六七八九十百余多]+[位名])?"


@cache
def _collective_after() -> re.Pattern[str]:
    titles = alternation(lexicon.words("collective_titles_after.tsv"))
    return re.compile(rf"等{_HEADCOUNT}({titles})(?![团会组])")


def _collective_after_hits(text: str) -> list[_Hit]:
    """陈某、李某、王某等市领导参加会议: a collective title after 等 applies to each name of the list."""
    hits: list[_Hit] = []
    for m in _collective_after().finditer(text):  # 等8位代表, not 等代表团
        end = m.start()
        group: list[_Hit] = []
        while end > 0:
            start = _name_ending_at(text, end)
            if start is None:
                break
            group.append(_Hit(text[start:end], m.group(1), start, start, end, m.end()))
            if start > 0 and text[start - 1] == "、":
                end = start - 1
                continue
            break
        if group and (group[-1].name_start == 0 or not _TITLE_CHAR.match(text[group[-1].name_start - 1])
                      or text[group[-1].name_start - 1] == "、"):
            hits.extend(reversed(group))
    return hits


_ATTENDANCE_AFTER = "。；！\n"  # what a bare attendance sentence follows (else it opens the text)


@cache
def _bare_attendance() -> re.Pattern[str]:
    """"王某、李某参加。" / "赵某陪同会见。": a clause that is only names and an attendance verb (news
    bulletins name the accompanying leaders this way, without titles; attendance_words.tsv)."""
    verbs = alternation(lexicon.words("attendance_words.tsv", "verb"))
    determiners = alternation(lexicon.words("attendance_words.tsv", "determiner"))
    activities = alternation(lexicon.words("attendance_words.tsv", "activity"))
    return re.compile(rf"(?:^|(?<=[{_ATTENDANCE_AFTER}]))([\u4e00-\u9fff·]{{2,5}}?(?:、[\u4e00-\u9fff·]{{2,5}}?)*?)"
                      rf"等?(?:{verbs})了?(?:{determiners})?(?:{activities})?(?=[。；！]|$)")


@cache
def _bare_list() -> re.Pattern[str]:
    """"在主席台就座的还有：丁某、刘某、许某等。" / "丁某、王某、何某等参加会见" / "丁某、王某、何某等
    主席团成员在主席台就座": untitled names joined by 、 before (等 +) an attendance verb, or three or more
    after a colon or before 等 (what follows 等 is then the collective the names belong to)."""
    verbs = alternation(lexicon.words("attendance_words.tsv", "verb") + lexicon.words("attendance_words.tsv", "list_verb"))
    return re.compile(rf"(?:(?<=[。；！：\n，,;:　 ])|^)((?:[\u4e00-\u9fff·]{{2,8}}?(?:{_list_separator().pattern}))+"
                      rf"[\u4e00-\u9fff·]{{2,8}}?)"
                      rf"(?=(等?(?:{verbs}))|等|[。；，]|$)")


def _bare_attendee_hits(text: str) -> list[_Hit]:
    """Names without a title in a clause of their own ending in 参加/出席/陪同, or a list of three or more
    names closed by 等: title left empty."""
    hits: list[_Hit] = []
    matches = list(lexicon.matches_after(_bare_attendance(), text, _ATTENDANCE_AFTER))
    for m in _bare_list().finditer(text):
        after = text[m.end(1):m.end(1) + 1]
        before = text[max(0, m.start(1) - 1):m.start(1)]
        if after in ("。", "；", "，", "") and before not in ("：", ":"):
            continue  # a plain list ending a clause is a list of things, not of people
        if len(_list_separator().findall(m.group(1))) < 2 and m.group(2) is None:
            continue  # two names need an attendance verb (甲、乙等在主席台就座), not only 等
        matches.append(m)
    for m in matches:
        names = _list_names(m.group(1), m.start(1))
        if not all(_is_name(n) or dotted_name_at(n, 0) == len(n) for n, _ in names) \
                or any(_is_place(n) for n, _ in names):
            continue
        for n, pos in names:
            hits.append(_Hit(n, "", pos, pos, pos + len(n), m.end(1)))
    return hits


@cache
def _list_separator() -> re.Pattern[str]:
    """、 and the coordinators that join the names of one attendance list (甲、乙、丙以及丁)."""
    return re.compile(alternation(("、", *lexicon.words("coordinators.tsv", "name_list"))))


def _list_names(group: str, start: int) -> list[tuple[str, int]]:
    """(name, position) of each name of a list joined by 、 or 以及."""
    names, pos = [], 0
    for sep in _list_separator().finditer(group):
        names.append((group[pos:sep.start()], start + pos))
        pos = sep.end()
    names.append((group[pos:], start + pos))
    return names


def _dotted_hits(text: str) -> list[_Hit]:
    """迈克尔·安德森表示: a dotted name right before a stop word is a person even without a title."""
    hits: list[_Hit] = []
    for m in re.finditer(f"[{_NAME_DOTS}]", text):
        start = m.start()
        while start > 0 and m.start() - start < 8 and "\u4e00" <= text[start - 1] <= "\u9fff":
            start -= 1
        if start > 0 and (text[start - 1] in _NAME_DOTS or (text[start - 1] not in _PUNCT
                                                             and text[start - 1] not in _AFTER_TITLE_LEFT)):
            continue  # inside a longer name or phrase (its title, if any, is found by _titled_hits)
        end = dotted_name_at(text, start, need_stop=True)
        if end is not None and end > m.end() and (not hits or hits[-1].name_start != start):
            hits.append(_Hit(text[start:end], "", start, start, end))
    return hits


def _name_ending_at(text: str, end: int) -> int | None:
    """Start of a name that ends at ``end`` and is preceded by a list separator or punctuation."""
    for length in (3, 2, 4):
        start = end - length
        if start < 0 or not _is_name(text[start:end]):
            continue
        if start == 0 or text[start - 1] in _PUNCT or not _TITLE_CHAR.match(text[start - 1]):
            return start
    return None


# "——访某某局局长王某": an interview's subtitle; 访 ("visiting") is no part of the title phrase.
_INTERVIEW_SUBTITLE = re.compile(r"^[—－\-]*访")


def _subtitle_hits(meta: ArticleMeta, reporters: set[str]) -> list[_Hit]:
    """Titled names in the subtitle lines (a speech's byline "省长 刘某"): spans point nowhere (-1)."""
    found = []
    previous = ""
    for raw in meta.subtitles or []:
        line = _INTERVIEW_SUBTITLE.sub("", fold_traditional(re.sub(r"\s+", "", raw)))
        if _speaker_line(raw, line, previous) and line not in reporters:
            found.append(_Hit(line, "", -1, -1, -1))
        previous = line
        for hit in _titled_hits(line) + _after_name_hits(line):
            if not _is_reporter(line, hit, reporters):
                found.append(_Hit(hit.name, hit.title, -1, -1, -1))
    return found


def _speaker_line(raw: str, line: str, previous: str) -> bool:
    """栗 俊 昌 under "2019年3月2日在某县人民代表大会第四次会议上": a subtitle that is only a name, spaced
    out to the width of a title or printed under the occasion line, is the speaker of the report."""
    return _is_name(line) and not _is_place(line) and (bool(re.search(r"\S\s+\S", raw.strip()))
                                                         or previous.endswith("上"))


def _is_reporter(text: str, hit: _Hit, reporters: set[str]) -> bool:
    if hit.name in reporters:
        return True
    before = text[max(0, hit.name_start - 4):hit.name_start]
    return any(before.endswith(marker) for marker in lexicon.words("reporter_markers.tsv"))


def _title_rank(title: str) -> tuple[int, int]:
    """Prefer a specific title over a collective one (副市长 over 市县领导), then the fuller phrase."""
    if not title:
        return (-1, 0)  # a bare name (王某参加。) yields to any title printed elsewhere
    return (0 if title.endswith(lexicon.words("collective_title_endings.tsv")) else 1, len(title))


def _better_title(new: str, old: str) -> bool:
    """Whether a later printing's title replaces the one kept so far: a specific title beats a collective
    one (or none); between two specific ones, the first printing stays unless the later one adds posts to
    it (某集团董事长 -> 某集团党委书记、董事长); a different post printed later (大会执行主席, then
    主席团常务主席) or the same post with its organisation (主持人, then 某电视台主持人) does not."""
    new_rank, old_rank = _title_rank(new), _title_rank(old)
    if new_rank[0] != old_rank[0] or new_rank[0] < 1:
        return new_rank > old_rank
    return new.count("、") > old.count("、") and _fuller_form(new, old)


def _fuller_form(new: str, old: str) -> bool:
    """县长 -> 扶绥县县长, 某集团董事长 -> 某集团党委书记、董事长: every post of the earlier title is among
    the later title's posts, in the same organisation when the earlier one names it."""
    new_posts: list[tuple[str | None, str]] = []
    org: str | None = None
    for segment in new.split("、"):
        seg_org, post = _split_segment(segment)
        org = seg_org or org  # 党委书记、董事长: the second post is in the first one's organisation
        new_posts.append((org, post))
    for segment in old.split("、"):
        old_org, post = _split_segment(segment)
        if not any(p == post and (old_org is None or (o is not None and o.endswith(old_org))) for o, p in new_posts):
            return False
    return True


def extract_people(text: str, meta: ArticleMeta, place: str | None, place_path: list[str],
                   warnings: list[str] | None = None) -> list[Person]:
    """People of the article in order of first mention; each with its best title, posts, role, mentions.

    Matching runs on the simplified fold of a traditional-character text; names and titles are then
    reported as printed (spans are the same in both)."""
    original = text or ""
    text = fold_traditional(original)
    reporters = {fold_traditional(r) for r in meta.reporters or []}
    hits = [h for h in _titled_hits(text) + _after_name_hits(text) + _collective_after_hits(text)
            + _parenthetical_hits(text) + _bare_attendee_hits(text) + _dotted_hits(text) + _named_label_hits(text)
            if not _is_reporter(text, h, reporters)]
    hits.sort(key=lambda h: h.name_start)
    hits.extend(_subtitle_hits(meta, reporters))
    people: dict[str, Person] = {}
    best: dict[str, _Hit] = {}
    for hit in hits:
        if hit.name not in best or _better_title(hit.title, best[hit.name].title) \
                and (hit.name_start >= 0 or not best[hit.name].title):
            best[hit.name] = hit  # a subtitle's title (span -1) only stands in for a body without one
        people.setdefault(hit.name, Person(name=hit.name, title=None))
    for name, person in people.items():
        hit = best[name]
        person.title = hit.title or None
        person.posts = split_posts(hit.title, place, place_path, text, max(hit.title_start, 0)) if hit.title else []
        person.mentions = _mentions(text, name, [n for n in people if n != name and name in n])
        person.role = _role(text, [h for h in hits if h.name == name and h.name_start >= 0])
        if text is not original:
            person.name = as_printed(original, text, name, max(hit.name_start, 0)) or name
            person.title = as_printed(original, text, person.title, max(hit.title_start, 0))
    return list(people.values())


def _mentions(text: str, name: str, longer_names: list[str]) -> list[list[int]]:
    """Every occurrence of the name, except inside a longer name of another person (陈海 in 陈海峰)."""
    inside: set[int] = set()
    for longer in longer_names:
        for start in occurrences(text, longer):
            inside.update(range(start, start + len(longer)))
    return [[start, start + len(name)] for start in occurrences(text, name) if start not in inside]


def _role(text: str, hits: list[_Hit]) -> str:
    """chair / speaker / attendee / met from the verbs around the person's titled mentions."""
    roles = _lexicon()["roles"]
    found: list[str] = []
    for hit in hits:
        window = max(0, hit.title_start - _ROLE_WINDOW)
        clause_start = max(window, max(text.rfind(p, window, hit.title_start) for p in "。；\n") + 1)
        before = text[clause_start:hit.title_start]
        if any(v in before for v, r in roles.items() if r == "met"):
            found.append("met")
            continue
        after = _clause_after(text, max(hit.name_end, hit.list_end))
        if hit.after_title:
            after = after[:2]  # 习近平总书记重要讲话: the speech is not given in this event
        for _verb_pos, role in sorted((after.find(v), r) for v, r in roles.items() if after.find(v) >= 0):
            found.append("chair" if role == "met" else role)  # X会见Y: X hosts the reception
            break
    for role in ("chair", "met", "speaker", "attendee"):
        if role in found:
            return role
    return "mentioned"


def _clause_after(text: str, pos: int) -> str:
    """Text after a name up to the end of its clause (the next name in a list does not end it)."""
    end = min(len(text), pos + _ROLE_WINDOW)
    for p in "。；\n":
        j = text.find(p, pos, end)
        if j >= 0:
            end = min(end, j)
    return text[pos:end][:40]


def split_posts(title: str, place: str | None, place_path: list[str], text: str = "", at: int = 0) -> list[Post]:
    """市发展和改革委员会党组书记、主任 -> [(盐城市发展和改革委员会, 党组书记), (盐城市发展和改革委员会, 主任)]."""
    posts: list[Post] = []
    previous_printed: str | None = None
    for segment in title.split("、"):
        org_printed, post = _split_segment(segment)
        if not org_printed:
            org_printed = previous_printed
        elif org_printed in _sub_bodies() and previous_printed:
            org_printed = _base_org(previous_printed) + org_printed
        implied = _implied_by(post)
        own_printed = segment[: len(segment) - len(post)]
        if implied and (not own_printed or own_printed.endswith(implied[0])):
            org_printed = _implied_org(implied, segment, post)
        org = None
        if org_printed:
            path = _with_county(org_printed, place_path, text)
            org = resolve_org(_back_reference(org_printed, text, at), place, path)
        posts.append(Post(org=org, title=post, org_as_printed=org_printed))
        previous_printed = org_printed
    return posts


def _with_county(org_printed: str, place_path: list[str], text: str) -> list[str]:
    """县委 in a city report about one of its counties: add the county the text names most (阳新县)."""
    if not org_printed.startswith("县") or any(p.endswith("县") for p in place_path or []):
        return place_path
    city = next((p for p in reversed(place_path or []) if p.endswith("市")), None)
    prefix = gazetteer().by_name.get(city, [None])[0] if city else None
    counts: dict[str, int] = {}
    for _, _, form in gazetteer().scan(text[:20000]):
        for unit in gazetteer().surface[form]:
            if unit.name.endswith("县") and (prefix is None or unit.code[:4] == prefix.code[:4]):
                counts[unit.name] = counts.get(unit.name, 0) + 1
    if not counts:
        return place_path
    return list(place_path or []) + [max(counts, key=lambda n: counts[n])]


@cache
def _segment_heads() -> tuple[str, ...]:
    """Titles and post-name titles, longest first (sorted once, not for every segment)."""
    return tuple(sorted(_lexicon()["heads_set"] | set(_lexicon()["after"]), key=len, reverse=True))


def _split_segment(segment: str) -> tuple[str | None, str]:
    head = next((h for h in _segment_heads() if segment.endswith(h)), segment)
    org = segment[: len(segment) - len(head)]
    post = head
    changed = True
    while changed and org:
        changed = False
        for mod in lexicon.words("post_modifiers.tsv"):
            if org.endswith(mod):  # 常务副区长: the whole segment may be modifier + post
                org, post, changed = org[: -len(mod)], mod + post, True
                break
    return (org or None), post


def _implied_by(post: str) -> str | None:
    """The organisation a post implies (副区长 -> 区人民政府, post_implied_orgs.tsv), also behind its
    modifiers (常务副区长, 第一副书记: post_modifiers.tsv)."""
    implied = lexicon.mapping("post_implied_orgs.tsv")
    while post not in implied:
        mod = next((m for m in lexicon.words("post_modifiers.tsv") if post.startswith(m) and len(post) > len(m)), None)
        if mod is None:
            return None
        post = post[len(mod):]
    return implied[post]


def _implied_org(implied: str, segment: str, post: str) -> str:
    """大冶市市长 -> 大冶市人民政府; 代市长 -> 市人民政府 (resolved to the place later)."""
    printed = segment[: len(segment) - len(post)]
    level = implied[0]
    if printed.endswith(level) and len(printed) > 1:
        return printed + implied[1:]
    return implied


def _base_org(org: str) -> str:
    """东川经济技术开发区党工委 -> 东川经济技术开发区 (so 管委会 attaches to the park, not its party body)."""
    for tail in lexicon.words("attached_bodies.tsv", "base"):
        if org.endswith(tail):
            return org[: -len(tail)]
    return org


@cache
def _back_reference_patterns() -> Mapping[str, re.Pattern[str]]:
    return MappingProxyType({row[0]: re.compile(rf"[\u4e00-\u9fff]{{2,16}}?{row[1]}")
                             for row in lexicon.rows("org_back_references.tsv")})


def _back_reference(org: str, text: str, at: int) -> str:
    """园区党工委 -> 常州某某工业园区党工委: a bare 园区/开发区 means the one named last before ``at``."""
    for word, pattern in _back_reference_patterns().items():
        if org == word or (org.startswith(word)
                           and org[len(word):] in lexicon.word_set("attached_bodies.tsv", "back_reference")):
            named = _last_named(text[max(0, at - _BACK_REFERENCE_WINDOW):at], pattern, word)
            if named:
                return named + org[len(word):]
    return org


def _last_named(before: str, pattern: re.Pattern[str], word: str) -> str | None:
    best = None
    for sentence in re.split(r"[。！？\n；，]", before):
        for m in pattern.finditer(sentence):
            if m.group(0) != word:
                best = _trim_to_name(m.group(0)) or best
    return best


def _trim_to_name(run: str) -> str | None:
    """Cut a text run ending in a park word at the first place name (…的东川西川工业园区 -> 东川西川工业园区)."""
    hits = gazetteer().scan(run)
    return run[hits[0][0]:] if hits else None
