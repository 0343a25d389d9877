"""Quantities in article text: where they are, what they measure, and whether they are future or past.

One pass finds every number phrase with its unit and comparator (``find_quantities``); a second
decides for each whether the text puts it in the future (a target, 目标) or the past (a statistic,
统计) from the tense markers nearest to it (``analyse``). ``commitments`` and ``statistics`` both read
that analysis, so the text is scanned once per article however many extractors ask.

Rules come from the genre, not from any one report:
- a number needs a measure word (个, 人次, 亿元, %) — bare digits are years, codes or ordinals;
- dates, durations, ordinals (第29次), ranges, numbers glued to Latin letters (5G), numbers inside
  book titles 《…》 and inside short quoted slogans (“84211”) are not quantities;
- a number that only qualifies what is counted (10亿元以上的项目5个) is not a quantity of its own;
- the tense comes from the nearest strong marker before the number in its sentence (将, 确保, 已,
  截至, a past year), else a weak one (全年, 计划, this year), else from the previous sentence of the
  paragraph, else from the speaker's announcement; with nothing at all a number is an observation.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from difflib import SequenceMatcher
from functools import cache, lru_cache
from itertools import pairwise
from types import MappingProxyType

from luoshi.extraction import lexicon
from luoshi.extraction.lexicon import alternation
from luoshi.extraction.model import ArticleMeta
from luoshi.extraction.numbers import ARABIC, CHINESE, COMPOUND, SCALES, parse_number
from luoshi.extraction.periods import find_period, plan_years
from luoshi.extraction.sections import PLAN, REVIEW, Structure, find_structure

__all__ = ["same_metric", "is_bare_change", "sizes_differ", "QuantityMention", "Layout", "Marker", "Analysis", "AnalysedQuantity",
           "find_quantities", "layout", "analyse", "analyse_article", "find_markers", "inherited_tense", "markers_in", "FUTURE", "PAST"]

FUTURE, PAST = "future", "past"
CJK = re.compile(r"[\u4e00-\u9fff]")
SENTENCE_END = "。！？!?"
CLAUSE_END = SENTENCE_END + "，；,;：:\n"
ITEM_END = CLAUSE_END + "、"
MAX_SLOGAN_QUOTE = 20  # a quoted span this short is a name or slogan, not reported speech
MAX_LIST_SPAN = 1500  # characters after a frame that ends its paragraph (目标是：) its list may run
MAX_LOOKBACK = 400  # characters before a number searched for its tense markers (longer than any sentence)


def _units() -> Mapping[str, str]:
    return lexicon.mapping("units.tsv")


@cache
def _canonical_units() -> Mapping[str, str]:
    return MappingProxyType({row[0]: row[2] for row in lexicon.rows("units.tsv") if len(row) > 2 and row[2]})


@cache
def _comparators(position: str) -> Mapping[str, str]:
    return MappingProxyType({row[0]: row[2] for row in lexicon.rows("comparators.tsv") if row[1] == position})


@cache
def _comparator_exclusions() -> Mapping[str, str]:
    return MappingProxyType({row[0]: row[3] for row in lexicon.rows("comparators.tsv")
                             if row[1] == "prefix" and len(row) > 3})


@cache
def _quantity_pattern() -> re.Pattern[str]:
    units = alternation(list(_units()) + ["％"])
    infix = alternation(_comparators("infix"))
    scales = alternation([s for s in SCALES if s != "千"])  # 5千米 is 5 km, not 5000 米
    return re.compile(
        rf"(?P<percent>百分之)?(?P<num>{COMPOUND}|{ARABIC}|{CHINESE})(?P<infix>{infix})?(?P<scale>{scales})?(?P<infix2>{infix})?"
        rf"(?:[ \u3000](?=[%％]))?(?P<unit>{units})?")  # 12 %: a stray space before the percent sign


# Where a quantity can start: a digit or a Chinese numeral (百 of 百分之 among them), the first
# characters of ARABIC, COMPOUND and CHINESE.
_QUANTITY_START = re.compile(r"[\d零〇一二两三四五六七八九十百千万亿]")


def _quantity_matches(text: str) -> Iterator[re.Match[str]]:
    """The matches ``_quantity_pattern().finditer(text)`` gives, about twice as fast: the pattern opens
    with an optional group, which keeps the regex engine from skipping to a digit, so the digits are
    found by a class search and the pattern tried only there (every match is non-empty)."""
    match = _quantity_pattern().match
    pos = 0
    for start in _QUANTITY_START.finditer(text):
        at = start.start()
        if at < pos:
            continue  # inside the quantity found before
        found = match(text, at)
        if found is not None:
            yield found
            pos = found.end()


@cache
def _rank_moves() -> tuple[str, ...]:
    return lexicon.words("rank_moves.tsv")


@cache
def _unit_false_friends() -> tuple[str, ...]:
    return lexicon.words("unit_false_friends.tsv")


@cache
def _money_words() -> re.Pattern[str]:
    return re.compile(alternation(lexicon.words("money_words.tsv")))


@cache
def _target_noun_pattern() -> re.Pattern[str]:
    nouns = alternation(lexicon.words("target_nouns.tsv"))
    return re.compile(rf"[\u4e00-\u9fff“”]{{0,8}}?(?:{nouns})")


@dataclass
class QuantityMention:
    """A number phrase as printed: 超7万人 -> value 70000, unit 人, comparator >."""

    value: float | int
    unit: str | None
    unit_kind: str | None
    comparator: str
    text: str
    start: int  # of the whole phrase, prefix comparator included
    end: int
    number_start: int  # of the digits
    qualifier: bool = False  # only qualifies what another number counts (10亿元以上的项目)
    low: float | int | None = None  # a range (增长5%—5.5%): comparator "between", value = low
    high: float | int | None = None
    suffixed: bool = False  # the comparator is a word printed after the number (5%左右, 8万人以上)


def _masked_ranges(text: str) -> list[tuple[int, int]]:
    """Spans whose numbers are names, not quantities: 《book titles》 and short “quoted slogans”."""
    ranges = [m.span() for m in re.finditer(r"《[^》\n]{0,80}》", text)]
    ranges += [m.span() for m in re.finditer(rf"“[^”\n]{{1,{MAX_SLOGAN_QUOTE}}}”", text)
               if not _quoted_quantity(m.group()[1:-1])]
    ranges += [m.span() for m in re.finditer(r'"[^"\n]{1,20}"', text)]
    return sorted(ranges)


def _quoted_quantity(content: str) -> bool:
    """“5.5%左右”的预期目标: a quoted figure with its unit (and comparator) is a quantity, not a slogan
    (“84211” has no unit and stays a name)."""
    m = _quantity_pattern().match(content)
    if m is None or not m.group("unit") or not m.group("num")[0].isdigit():
        return False
    rest = content[m.end():]
    return not rest or rest in _comparators("suffix")


def _inside(ranges: list[tuple[int, int]], pos: int) -> bool:
    i = bisect.bisect_right(ranges, (pos, 10**18)) - 1
    return i >= 0 and ranges[i][0] <= pos < ranges[i][1]


@cache
def _prefix_pattern() -> re.Pattern[str]:
    """Prefix comparator words, matched backwards: the text before a number, reversed."""
    return re.compile(alternation([w[::-1] for w in _comparators("prefix")]))


@cache
def _suffix_pattern() -> re.Pattern[str]:
    return re.compile(alternation(_comparators("suffix")))


def _prefix_comparator(text: str, start: int) -> tuple[str, int]:
    """The comparator word ending right before ``start`` (超过, 近, 达) and where it begins."""
    window = text[max(0, start - 4):start][::-1]
    m = _prefix_pattern().match(window)
    if m:
        word = m.group()[::-1]
        begin = start - len(word)
        if not (begin and text[begin - 1] in _comparator_exclusions().get(word, "")):
            return _comparators("prefix")[word], begin
        shorter = [w for w in _comparators("prefix") if len(w) < len(word) and word.endswith(w)]
        if shorter:  # 签约 excluded 约 — nothing shorter here, but 将近 -> 近 would be tried
            w = max(shorter, key=len)
            return _comparators("prefix")[w], start - len(w)
    return "=", start


def _suffix_comparator(text: str, end: int) -> tuple[str, int]:
    m = _suffix_pattern().match(text, end)
    return (_comparators("suffix")[m.group()], m.end()) if m else ("=", end)


_BEFORE_REJECT = re.compile(r"(?:第|[A-Za-z0-9.\-~—–－]|\d[至到])$")
_AFTER_REJECT = re.compile(r"[-~—–－至到]\d|\.\d|[A-Za-z]")
RANGE_DASH = re.compile(r"[-~—–－至到]")


def _acronym_share(text: str, m: re.Match[str]) -> bool:
    """占GDP50%: a percentage right after an acronym of two or more capitals is a share, not a code."""
    return (m.group("unit") in ("%", "％") and m.group("num")[0].isdigit()
            and bool(re.search(r"(?<![A-Za-z])[A-Z]{2,}$", text[max(0, m.start() - 8):m.start()])))


def _rejected_context(text: str, start: int, num_end: int, in_range: bool) -> bool:
    """Ordinals (第29次), codes glued to letters or digits (T7, 5G, 12.5.3), and numbers joined by a
    dash that ``_range`` did not take (0513-85098765)."""
    if _BEFORE_REJECT.search(text[max(0, start - 2):start]) and not in_range:
        return True
    after = _AFTER_REJECT.match(text, num_end)
    return bool(after and not (in_range and RANGE_DASH.match(after.group())))


@cache
def _round_scales() -> tuple[frozenset[str], tuple[str, ...]]:
    return lexicon.word_set("round_scales.tsv", "scale"), lexicon.words("round_scales.tsv", "class_word")


def _bare_round_scale(text: str, m: re.Match[str]) -> bool:
    """百亿 / 千亿 printed alone as an amount (GDP超过百亿, 突破千亿): a comparator before it and no
    class word after it — 千亿级产业, 百亿工程 name a class of thing, not an amount (round_scales.tsv)."""
    scales, class_words = _round_scales()
    if m.group("num") not in scales or m.group("scale") or text.startswith(class_words, m.end()):
        return False
    return _prefix_comparator(text, m.start())[0] != "="


def _mention_from_match(text: str, m: re.Match[str], *, in_range: bool = False, borrowed_scale: str = "",
                        borrowed_unit: str | None = None) -> QuantityMention | None:
    """One quantity from a match of the quantity pattern. Inside a range (6-8亿元) the first number
    borrows the scale and unit of the second."""
    num = m.group("num")
    is_chinese = not num[0].isdigit()
    negative = not in_range and not is_chinese and _negative_sign().search(text, max(0, m.start() - 4), m.start())
    if (not negative and _rejected_context(text, m.start(), m.end("num"), in_range)
            and not _acronym_share(text, m)):
        return None
    if is_chinese and not re.search(r"[一二两三四五六七八九十]", num):
        if not _bare_round_scale(text, m):
            return None  # 千家万户, 万人: scale characters alone are words, not numbers
        num = "一" + num  # GDP超过百亿: a round scale after a comparator is one of it
    if m.group("percent"):
        return _spelled_percent(text, m)
    if m.group("unit") and text.startswith(_unit_false_friends(), m.start("unit")):
        return None  # 迈上3万亿台阶: 台 belongs to 台阶
    if m.group("unit") == "位" and text[max(0, m.start() - 3):m.start()].rstrip().endswith(_rank_moves()):
        return None  # 较1-5月上升1位: places moved in a ranking, an ordinal change
    unit = m.group("unit") or borrowed_unit
    scale = m.group("scale") or ("" if m.group("unit") else borrowed_scale)
    value = parse_number(num + scale)
    if value is None:
        return None
    if negative:
        value = -value  # 比上年同期增长-8.7%: a decline printed as a negative growth
    if is_chinese and value < 10 and not scale:
        return None  # 一个中心, 两个维护, 三大产业: enumerations and slogans, not quantities
    if is_chinese and (unit in ("次", "届") or text[m.start() - 1:m.start()] in ("届", "第")):
        return None  # 七届九次全会: session numbers are ordinals
    kind = _units().get(unit) if unit else None
    unit = _canonical_units().get(unit, unit) if unit else unit
    if unit == "％":
        unit, kind = "%", "percent"
    if kind == "time":
        return None
    if unit is None:
        if not (scale or re.search("[万亿]", num)) or not _money_words().search(text, max(0, m.start() - 8),
                                                                               m.start()):
            return None
        unit, kind = "元", "money"  # 投资85亿 is 85亿元
    first = m.start() - 1 if negative else m.start()  # the sign belongs to the number
    comparator, start = _prefix_comparator(text, first)
    suffix_comparator, end = _suffix_comparator(text, m.end())
    infix = m.group("infix") or m.group("infix2")
    if suffix_comparator != "=":
        comparator = suffix_comparator  # 控制在5.5%左右: the word glued to the number qualifies it
    elif comparator == "=":
        comparator = ">" if infix else "="
    return QuantityMention(value=value, unit=unit, unit_kind=kind, comparator=comparator,
                           text=text[start:end], start=start, end=end, number_start=first,
                           suffixed=suffix_comparator != "=")


@cache
def _negative_sign() -> re.Pattern[str]:
    """A minus sign right after a word of change or comparison (增长-8.7%, 同比-2.1%: change_words.tsv):
    there a dash is the sign of the number, not a code's or a range's dash."""
    words = alternation([w for w, kind in lexicon.mapping("change_words.tsv").items() if kind in ("change", "basis")])
    return re.compile(rf"(?:{words})[-－−]$")


def _spelled_percent(text: str, m: re.Match[str]) -> QuantityMention | None:
    """百分之五十 / 百分之3.5: a percentage written out in words (the number ends before any unit)."""
    value = parse_number(m.group("num"))
    if value is None:
        return None
    comparator, start = _prefix_comparator(text, m.start())
    suffix_comparator, end = _suffix_comparator(text, m.end("num"))
    comparator = suffix_comparator if comparator == "=" else comparator
    return QuantityMention(value=value, unit="%", unit_kind="percent", comparator=comparator,
                           text=text[start:end], start=start, end=end, number_start=m.start())


def find_quantities(text: str) -> list[QuantityMention]:
    """Every quantity phrase of ``text`` in order, with qualifiers marked (not removed)."""
    masked = _masked_ranges(text)
    mentions: list[QuantityMention] = []
    matches = _quantity_matches(text)
    m = next(matches, None)
    while m is not None:
        following = next(matches, None)
        if _inside(masked, m.start()):
            m = following
            continue
        if (following is not None and following.start() == m.end() + 1 and RANGE_DASH.match(text, m.end())
                and m.group("num")[0].isdigit() and following.group("num")[0].isdigit()):
            mentions.extend(_range(text, m, following))
            m = next(matches, None)
            continue
        mention = _mention_from_match(text, m)
        if mention is not None:
            mentions.append(mention)
        m = following
    doublings = [d for d in _doublings(text) if not _inside(masked, d.start)]
    if doublings:
        mentions = sorted(mentions + doublings, key=lambda q: q.start)
    _share_list_comparators(text, mentions)
    _mark_qualifiers(text, mentions)
    _mark_enumeration_counts(text, mentions)
    _mark_counted_lists(text, mentions)
    _mark_lists_after_counts(text, mentions)
    return mentions


def _mark_lists_after_counts(text: str, mentions: list[QuantityMention]) -> None:
    """4个分现场分别是甲、乙、丙、丁: a count whose noun is followed by a listing word (qualifier_marks.tsv,
    listing) and exactly that many items counts the list that follows; marked as a qualifier."""
    listing = lexicon.words("qualifier_marks.tsv", "listing")
    for mention in mentions:
        if mention.unit_kind != "count" or mention.comparator != "=" or not float(mention.value).is_integer():
            continue
        head = re.match(r"[\u4e00-\u9fff]{0,8}?(?=" + "|".join(map(re.escape, listing)) + ")", text[mention.end:mention.end + 12])
        if head is None:
            continue
        start = mention.end + head.end() + next(len(w) for w in listing if text.startswith(w, mention.end + head.end()))
        clause_end = _next_boundary(text, start, SENTENCE_END + "；;\n")
        items = [item for item in text[start:clause_end].removesuffix("等").split("、") if item]  # 忠和酒业: not 和
        if len(items) == mention.value and not any(re.search(r"\d", item) for item in items):
            mention.qualifier = True


@cache
def _doubling_table() -> tuple[re.Pattern[str], Mapping[str, int]]:
    rows = {word: int(multiple) for word, multiple in lexicon.mapping("doublings.tsv").items()}
    return re.compile(alternation(rows)), MappingProxyType(rows)


def _doublings(text: str) -> list[QuantityMention]:
    """翻一番 / 翻两番: a multiple of the base level written as an idiom (unit 倍, see doublings.tsv)."""
    pattern, multiples = _doubling_table()
    return [QuantityMention(value=multiples[m.group()], unit="倍", unit_kind="percent", comparator="=",
                            text=m.group(), start=m.start(), end=m.end(), number_start=m.start())
            for m in pattern.finditer(text)]


def _range(text: str, low: re.Match[str], high: re.Match[str]) -> list[QuantityMention]:
    """6-8亿元 / 4.5%—5%: one quantity, comparator "between" with its two bounds (``value`` is the
    low one, so a reader that knows no ranges still sees a number); ranges of dates, codes or phone
    numbers fail the unit test and give nothing. A range whose bounds are out of order is not one."""
    upper = _mention_from_match(text, high, in_range=True)
    if upper is None:
        return []
    lower = _mention_from_match(text, low, in_range=True, borrowed_scale=high.group("scale") or "",
                                borrowed_unit=high.group("unit") or upper.unit)
    if lower is None or lower.unit != upper.unit or not lower.value < upper.value:
        return []
    return [QuantityMention(value=lower.value, unit=upper.unit, unit_kind=upper.unit_kind, comparator="between",
                            text=text[lower.start:upper.end], start=lower.start, end=upper.end,
                            number_start=lower.number_start, low=lower.value, high=upper.value)]


def _share_list_comparators(text: str, mentions: list[QuantityMention]) -> None:
    """分别增长4.5%、5.5%左右 / 新增8个、12个以上: a comparator word after the last number of a list
    qualifies every number of the list printed without one of its own."""
    for k in range(len(mentions) - 1, 0, -1):
        last = mentions[k]
        if not last.suffixed or last.comparator == "between":
            continue
        j = k - 1
        while j >= 0 and _list_joiner().fullmatch(text[mentions[j].end:mentions[j + 1].start]) \
                and mentions[j].unit == last.unit and mentions[j].comparator == "=":
            mentions[j].comparator = last.comparator
            j -= 1


@cache
def _list_joiner() -> re.Pattern[str]:
    """What joins the numbers of a list that share the comparator after the last one (、 / 和 / 、和)."""
    return re.compile(rf"、|{alternation(lexicon.words('coordinators.tsv', 'shares_comparator'))}|、和")


@cache
def _part_nouns() -> re.Pattern[str]:
    return re.compile(alternation(lexicon.words("enumeration_nouns.tsv")))


def _mark_enumeration_counts(text: str, mentions: list[QuantityMention]) -> None:
    """A count of the things just listed, or of the report's own parts, is no quantity of its own:
    甲、乙、丙3个实验室 (it counts the list before it, item by item), 以下14个方面的工作
    (enumeration_nouns.tsv). Marked as qualifiers."""
    for mention in mentions:
        if mention.unit_kind != "count" or mention.comparator != "=" or not float(mention.value).is_integer():
            continue
        if _part_nouns().match(text, mention.end):
            mention.qualifier = True
            continue
        clause_start = _last_boundary(text, mention.start, CLAUSE_END)
        listed = text[clause_start:mention.start]
        items = listed.removesuffix("等").split("、")
        if "各" in items[-1]:
            continue  # 甲、乙各有2家: the count is per item, not of the list
        if len(items) < 2 or any(re.search(r"\d", item) or not item for item in items):
            continue
        if len(items) == mention.value:  # 甲、乙等9个专项 names only some: that count may be a target
            mention.qualifier = True


_SPELLED_COUNT = re.compile(r"[两二三四五六七八九]")


def _mark_counted_lists(text: str, mentions: list[QuantityMention]) -> None:
    """100米、200米和500米三项冠军: numbers listed and then counted (三项) are the names of the things
    counted — here three races —, not quantities."""
    k = 0
    while k < len(mentions):
        j = k
        while j + 1 < len(mentions) and _list_joiner().fullmatch(text[mentions[j].end:mentions[j + 1].start]):
            j += 1
        count = _SPELLED_COUNT.match(text, mentions[j].end)
        if j > k and count and parse_number(count.group()) == j - k + 1 and _units().get(
                text[count.end():count.end() + 1]) == "count":
            for mention in mentions[k:j + 1]:
                mention.qualifier = True
        k = j + 1


def _mark_qualifiers(text: str, mentions: list[QuantityMention]) -> None:
    """亿元以上的项目150个 / 10亿元的项目5个: an amount glued to the noun another number counts."""
    for here, following in pairwise(mentions):
        between = text[here.end:following.start]
        if any(ch in ITEM_END for ch in between) or here.unit_kind == "count":
            continue
        glued = here.text.endswith(lexicon.words("qualifier_marks.tsv", "ending")) \
            or between.startswith(lexicon.words("qualifier_marks.tsv", "joint"))
        if glued and len(between) <= 30:
            here.qualifier = True
    counted_nouns = lexicon.words("qualifier_marks.tsv", "counted")
    endings = lexicon.words("qualifier_marks.tsv", "ending")
    capacity = lexicon.words("qualifier_marks.tsv", "capacity")
    back = lexicon.words("qualifier_marks.tsv", "back")
    seen: set[tuple[float, str | None]] = set()
    for here in mentions:  # 这500亿元，争取中央投资…: a figure stated before, pointed back to
        figure = (float(here.value), here.unit)
        if figure in seen and text[max(0, here.start - 2):here.start].endswith(back):
            here.qualifier = True
        seen.add(figure)
    named = lexicon.words("qualifier_marks.tsv", "named")
    for here in mentions:
        if here.unit_kind == "count" and text.startswith(named, here.end):
            here.qualifier = True  # 青年50人论坛: the count is part of a name
            continue
        if here.unit_kind == "measure":  # 年产60万吨油料加工项目 / 梅花60万吨赖氨酸等项目: the plant's size
            noun_match = re.match(r"[\u4e00-\u9fff]{0,12}", text[here.end:here.end + 12])
            noun = noun_match.group() if noun_match else ""
            if text[max(0, here.start - 3):here.start].endswith(capacity) or any(
                    noun[:k].endswith(counted_nouns) for k in range(2, len(noun) + 1)):
                here.qualifier = True
                continue  # 超20亿元项目200个 / 超50亿美元项目取得突破: a class of projects by size
        if here.unit_kind == "money" and here.comparator in (">", ">=") and text.startswith(counted_nouns, here.end):
            here.qualifier = True
        elif here.text.endswith(endings) and text.startswith("的", here.end):
            after = re.match(r"[\u4e00-\u9fff]{1,10}", text[here.end + 1:here.end + 12])
            if after and after.group().endswith(counted_nouns):  # 用地50亩以上的存量工业项目: which projects
                here.qualifier = True
    for counted, threshold in pairwise(mentions):
        # 12个项目总投资超2亿元: how many items pass a threshold; the threshold is no quantity of its own
        between = text[counted.end:threshold.start]
        if (counted.unit_kind == "count" and threshold.unit_kind != "count" and threshold.comparator in (">", ">=")
                and len(between) <= 12 and not any(ch in ITEM_END for ch in between)):
            threshold.qualifier = True


# ---------------------------------------------------------------- layout: paragraphs and sentences

@dataclass(frozen=True)
class Layout:
    """Paragraph and sentence boundaries of a text, for position lookups by bisection."""

    text: str
    paragraph_starts: tuple[int, ...]
    sentence_starts: tuple[int, ...]

    def paragraph_of(self, pos: int) -> int:
        return bisect.bisect_right(self.paragraph_starts, pos) - 1

    def sentence_of(self, pos: int) -> int:
        return bisect.bisect_right(self.sentence_starts, pos) - 1

    def sentence_span(self, index: int) -> tuple[int, int]:
        end = self.sentence_starts[index + 1] if index + 1 < len(self.sentence_starts) else len(self.text)
        return self.sentence_starts[index], end

    def paragraph_span(self, index: int) -> tuple[int, int]:
        end = self.paragraph_starts[index + 1] if index + 1 < len(self.paragraph_starts) else len(self.text)
        return self.paragraph_starts[index], end


def layout(text: str) -> Layout:
    """Paragraphs start after a newline; sentences after 。！？ (and a closing quote) or a newline."""
    paragraphs = [0] + [m.end() for m in re.finditer(r"\n+", text) if m.end() < len(text)]
    sentences = sorted(set(paragraphs) | {m.end() for m in re.finditer(r"[。！？!?]+[”’」]?", text)
                                          if m.end() < len(text)})
    return Layout(text, tuple(paragraphs), tuple(sentences))


# ---------------------------------------------------------------- tense markers

@dataclass(frozen=True)
class Marker:
    """A word that puts nearby numbers in the future (将, 确保) or the past (已, 截至, 2021年)."""

    start: int
    end: int
    word: str
    direction: str  # FUTURE | PAST
    strong: bool
    hedge: bool = False  # printed as the commitment's strength


@cache
def _marker_lexicon() -> tuple[tuple[str, str, bool, bool, str, str], ...]:
    rows = []
    for row in lexicon.rows("strengths.tsv"):
        cells = list(row) + [""] * (5 - len(row))
        rows.append((cells[0], FUTURE, cells[1] == "strong", cells[2] == "1", cells[3], cells[4]))
    for row in lexicon.rows("achievement_markers.tsv"):
        cells = list(row) + [""] * (4 - len(row))
        rows.append((cells[0], PAST if cells[3] != "neutral" else "", cells[3] != "weak", False, cells[1], cells[2]))
    return tuple(rows)


@cache
def _observed_words() -> frozenset[str]:
    """Past markers that only observe (同比增长): past in a news report, silent in a plan."""
    return frozenset(row[0] for row in lexicon.rows("achievement_markers.tsv") if len(row) > 3 and row[3] == "observed")


@cache
def _period_ends() -> Mapping[str, int]:
    """Past markers that are periods of the year, and the month they end in (上半年 -> 6)."""
    return MappingProxyType({row[0]: int(row[4]) for row in lexicon.rows("achievement_markers.tsv")
                             if len(row) > 4 and row[4]})


_YEAR_MARKER = r"(?<!\d)(?P<year>\d{4})年(?!\d)"


@cache
def _marker_pattern() -> re.Pattern[str]:
    """Every marker word, or a year (group ``year``): what ``_marker_matches`` finds."""
    return re.compile(alternation([row[0] for row in _marker_lexicon()]) + "|" + _YEAR_MARKER)


@cache
def _marker_word_pattern() -> re.Pattern[str]:
    return re.compile(alternation([row[0] for row in _marker_lexicon()]))


@cache
def _year_marker_pattern() -> re.Pattern[str]:
    return re.compile(_YEAR_MARKER)


@cache
def _marker_rows() -> Mapping[str, tuple[str, str, bool, bool, str, str]]:
    """Marker word -> its row (a later row of the same word wins)."""
    return MappingProxyType({row[0]: row for row in _marker_lexicon()})


def _marker_matches(text: str) -> Iterator[re.Match[str]]:
    """The matches ``_marker_pattern().finditer(text)`` gives, in order, from two searches that run
    several times faster: words only (the C engine skips to their first characters, which the year
    branch of the alternation prevents) and years only. Where both match at one position the word wins,
    as in the alternation; after a match each search goes on from its end."""
    words, years = _marker_word_pattern(), _year_marker_pattern()
    word, year = words.search(text), years.search(text)
    while word is not None or year is not None:
        found = word if year is None or (word is not None and word.start() <= year.start()) else year
        if found is None:
            return
        yield found
        end = found.end()
        if word is not None and word.start() < end:
            word = words.search(text, end)
        if year is not None and year.start() < end:
            year = years.search(text, end)


@cache
def _plan_period_pattern() -> re.Pattern[str]:
    """“十四五”期间 and the like: the ``plan`` rows of periods.tsv (group ``n``: the plan's number)."""
    return re.compile("|".join(f"(?:{row[0]})" for row in lexicon.rows("periods.tsv") if row[1] == "plan"))


def find_markers(text: str, published: date | None) -> list[Marker]:
    """All tense markers of ``text`` in order. Years count when the publication date is known:
    an earlier year is the past, a later one the future, the current year a weak future."""
    lexicon = _marker_rows()
    markers = []
    for m in _marker_matches(text):
        if m.re is _year_marker_pattern():
            if published is None or text[m.start() - 1:m.start()] in ("比", "较"):
                continue  # 比2020年翻一番 / 较2013年增长: a comparison base, not the time spoken of
            year = int(m.group("year"))
            direction = PAST if year < published.year else FUTURE
            markers.append(Marker(m.start(), m.end(), m.group(), direction, year != published.year))
            continue
        word, direction, strong, hedge, not_after, not_before = lexicon[m.group()]
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if (before and before in not_after) or (after and after in not_before) or not direction:
            continue
        if word in _period_ends() and published is not None and published.month <= _period_ends()[word]:
            continue  # 一季度 in a report of March: the period is not over, it says nothing of the tense
        markers.append(Marker(m.start(), m.end(), word, direction, strong, hedge))
    if published is not None and "五" in text:
        plans = _plan_markers(text, published)
        if plans:
            markers = sorted(markers + plans, key=lambda marker: marker.start)
    return markers


def _plan_markers(text: str, published: date) -> list[Marker]:
    """“十四五”期间 in 2022: the plan's years are still ahead, its figures are targets; “十三五”期间 in
    2022 is over, its figures are results; in the plan's last year it says nothing of the tense."""
    found = []
    for m in _plan_period_pattern().finditer(text):
        n = parse_number(m.group("n"))
        last = plan_years(int(n))[1] if n is not None else None
        if last is not None and last != published.year:
            found.append(Marker(m.start(), m.end(), m.group(), PAST if last < published.year else FUTURE, True))
    return found


# ---------------------------------------------------------------- analysis

@dataclass(frozen=True)
class AnalysedQuantity:
    """A quantity with its tense and the words around it that commitments and statistics need."""

    mention: QuantityMention
    tense: str  # FUTURE | PAST
    metric: str | None
    sentence: int
    paragraph: int
    hedge: str | None = None  # nearest hedge word before it in the sentence: 确保 / 力争
    clause_start: int = 0  # start of its ；-delimited clause group (where its period is looked for)
    sentence_start: int = 0
    section: str | None = None  # heading of the numbered section it stands in (二、2026年工作安排)
    expected: bool = False  # in the paragraph of this year's 主要预期目标


@dataclass(frozen=True)
class Analysis:
    """Every quantity of one article with its tense: computed once per article by the pipeline and
    handed to commitments and statistics, which only read it (``analyse`` returns it finished:
    quantities a tuple, the tense each sentence passes on worked out for every sentence)."""

    text: str
    layout: Layout
    markers: Sequence[Marker]
    quantities: Sequence[AnalysedQuantity] = ()
    sentence_tense: Mapping[int, str | None] = field(default_factory=dict)  # see sentence_carry
    marker_starts: Sequence[int] = ()
    problems: Sequence[str] = ()  # warnings for the extraction: 1.2.3万 not understood
    structure: Structure = field(default_factory=Structure)


def analyse_article(text: str, meta: ArticleMeta) -> Analysis:
    """``analyse`` with what it needs of an article's metadata (the pipeline's one call per article)."""
    return analyse(text, meta.published, meta.headline, tuple(meta.subtitles))


def analyse(text: str, published: date | None, headline: str = "", subtitles: tuple[str, ...] = ()) -> Analysis:
    """Find, place and classify every quantity of ``text``; a new, finished value on every call.

    A headline naming a year before publication (2012年统计公报, published 2013) makes the article a
    look back: there 全年 means the year reported on, not the year ahead. In a plan document (a work
    report, a 规划; ``plan_documents.tsv``) a figure without any tense marker is a target."""
    lay = layout(text)
    markers = find_markers(text, published or _year_spoken_of(text))
    looks_back = published is not None and _looks_back(headline, published)
    if looks_back:
        markers = [replace(marker, direction=PAST)
                   if marker.word in lexicon.word_set("look_back_words.tsv") and not marker.strong else marker
                   for marker in markers]
    else:
        markers = _year_dated_paragraphs(markers, lay)
    marker_starts = [m.start for m in markers]
    structure = find_structure(text, published)
    problems = tuple([f"number {m.group()!r} not understood (several decimal points)"
                      for m in _MALFORMED_NUMBER.finditer(text)][:20])
    found: list[AnalysedQuantity] = []
    # a draft while the quantities are placed: ``found`` and the sentence-tense memo grow as it is built
    analysis = Analysis(text, lay, tuple(markers), found, {}, tuple(marker_starts), problems, structure)
    # a work report's summary that looks back (《政府工作报告》摘要：2021年…全面完成, published 2022) reviews
    default = FUTURE if is_plan_document(headline, subtitles) and not looks_back else PAST
    report_start = _report_start(text, structure) if default == FUTURE else 0
    mentions = _without_heading_repeats(text, lay, [m for m in find_quantities(text) if not m.qualifier])
    metrics = _metrics(text, mentions)
    for mention, metric in zip(mentions, metrics, strict=True):
        s_index = lay.sentence_of(mention.number_start)
        s_start, _ = lay.sentence_span(s_index)
        s_start = max(s_start, mention.start - MAX_LOOKBACK)  # a 5 MB "sentence" stays linear
        before = markers[bisect.bisect_left(marker_starts, s_start):bisect.bisect_left(marker_starts,
                                                                                        mention.start)]
        before = [m for m in before if m.end <= mention.start]
        clause_end = _next_boundary(text, mention.end, CLAUSE_END)
        after = markers[bisect.bisect_left(marker_starts, mention.end):bisect.bisect_left(marker_starts, clause_end)]
        clause_start = _last_boundary(text, mention.start, CLAUSE_END)
        tense = _section_tense(analysis, mention, before, after, clause_start, s_index,
                               default if mention.start >= report_start else PAST)
        if tense == FUTURE and published is not None and _estimate_of_the_past(analysis, mention, before, s_index,
                                                                               s_start, published):
            tense = PAST
        hedge = next((m.word for m in reversed(before) if m.hedge), None)
        group_start = max(s_start, text.rfind("；", s_start, mention.start) + 1,
                          text.rfind(";", s_start, mention.start) + 1)
        section = structure.section_at(mention.start)
        found.append(AnalysedQuantity(
            mention, tense, metric, s_index, lay.paragraph_of(mention.number_start), hedge, group_start, s_start,
            section=section.heading if section else None, expected=structure.is_expected(mention.start)))
    return _finished(analysis)


_YEAR_NAMED = re.compile(r"(?<![\d到至])((?:19|20)\d\d)年")


def _year_spoken_of(text: str) -> date | None:
    """Without a publication date, the year a text names most often (ties: the latest) stands in for it,
    so that the years it names still tell the past from the future (2016年，全市生产总值… in a report
    that sets its 2017年 targets). Years after 到/至 are deadlines, not the year spoken of."""
    years = Counter(int(y) for y in _YEAR_NAMED.findall(text))
    if not years:
        return None
    year = max(years, key=lambda y: (years[y], y))
    return date(year, 1, 1)


def _finished(draft: Analysis) -> Analysis:
    """The draft as a read-only value: quantities a tuple, and the tense every sentence passes on (what
    ``sentence_carry`` gives) worked out now for the sentences the draft did not ask about yet."""
    last_end: dict[int, int] = {}
    for q in draft.quantities:
        last_end[q.sentence] = max(last_end.get(q.sentence, q.mention.end), q.mention.end)
    carry = dict(draft.sentence_tense)
    for sentence in range(len(draft.layout.sentence_starts)):
        if sentence not in carry:
            carry[sentence] = _carried(draft, sentence, last_end.get(sentence))
    return replace(draft, quantities=tuple(draft.quantities), sentence_tense=MappingProxyType(carry))


def _section_tense(analysis: Analysis, mention: QuantityMention, before: list[Marker], after: list[Marker],
                   clause_start: int, sentence: int, default: str) -> str:
    """The tense of one quantity. Its own sentence speaks first (a strong marker: 将, 确保, 已, 2025年);
    where it does not, the section it stands in decides: the review (工作回顾) reports results — there
    a weak future word (全年, 年内) is the year reported on —, the plan (工作安排, 主要预期目标) sets
    tasks — there a weak past word (完成, 实现) is the task. Outside sections the paragraph's earlier
    sentences, a speaker's announcement, then the document's default decide."""
    text = analysis.text
    section = analysis.structure.tense_at(mention.start)
    if analysis.structure.is_expected(mention.start):
        section = PLAN
    if section == REVIEW:
        strong = [m for m in before if m.strong] + [m for m in after if m.strong][:1]
        return strong[-1].direction if strong and strong[-1].direction == FUTURE and _own_clause(
            strong[-1], clause_start, mention) else PAST
    if section == PLAN:
        return _tense(text, mention, before, after, clause_start, plan=True) or FUTURE
    return (_tense(text, mention, before, after, clause_start, plan=default == FUTURE)
            or inherited_tense(analysis, sentence)
            or _announced_tense(analysis, mention.start) or _reviewing_paragraph(analysis, mention.start)
            or default)


_PLAN_NUMBER = re.compile(r"(十[一二三四五六七八九])五")  # a five-year plan's number (structure, not vocabulary)


@cache
def _estimate_words() -> frozenset[str]:
    return lexicon.word_set("estimate_markers.tsv")


def _estimate_of_the_past(analysis: Analysis, mention: QuantityMention, before: list[Marker], sentence: int,
                          sentence_start: int, published: date) -> bool:
    """预计地区生产总值超过2100亿元: an estimate is in the future only when what it estimates lies ahead.
    When the estimate is the sentence's only strong future word, the period it names decides (今年, 2025年
    against the publication date); without one, the review section it stands in, else the sentences before
    it (一年以来…完成了全年目标任务。预计… — last year's results, not yet final when the report was given)."""
    strong = [m for m in before if m.direction == FUTURE and m.strong]
    if not strong or any(m.word not in _estimate_words() for m in strong):
        return False
    if analysis.structure.tense_at(mention.start) == REVIEW:
        return True
    words = analysis.text[sentence_start:mention.start]
    plan = _PLAN_NUMBER.search(words)  # 预计“十二五”开工建设3段: the plan named, with or without 期间
    if plan is not None and (n := parse_number(plan.group(1))) is not None:
        return plan_years(int(n))[1] < published.year
    period = find_period(words, published)
    spoken_of = period is not None and period.text in lexicon.word_set("look_back_words.tsv")
    if period is not None and period.end is not None and not spoken_of:
        return period.end < published
    if period is not None and not spoken_of:
        return False
    for index in range(sentence - 1, max(-1, sentence - 4), -1):
        carry = sentence_carry(analysis, index)
        if carry is not None:
            return carry == PAST
    return False


def _own_clause(marker: Marker, clause_start: int, mention: QuantityMention) -> bool:
    """A marker in the quantity's own clause (before it) or right after it in the clause."""
    return marker.start >= clause_start or marker.start >= mention.end


@cache
def _report_cue() -> re.Pattern[str]:
    return re.compile("|".join(lexicon.words("report_cues.tsv")))  # regexes, in file order


def _report_start(text: str, structure: Structure) -> int:
    """Where a plan document's own text begins: its first report cue (各位代表 / 作政府工作报告 /
    报告指出, ``report_cues.tsv``) or numbered section; 0 when it has neither. Before it stands a news
    lead, whose untensed figures (代表名额为338名) are observations, not targets."""
    cue = _report_cue().search(text)
    starts = [cue.start()] if cue else []
    if structure.sections:
        starts.append(structure.sections[0].start)
    return min(starts, default=0)


def is_plan_document(headline: str, subtitles: tuple[str, ...] | list[str] = ()) -> bool:
    """A work report, plan or speech: by its headline words or a post + name byline under it."""
    if any(word in headline for word in lexicon.words("plan_documents.tsv")):
        return True
    return any(_plan_byline().fullmatch(line.strip()) for line in subtitles)


@cache
def _plan_byline() -> re.Pattern[str]:
    """省长 周立新 under a headline: a post (speaker_titles.tsv ``plan_byline``), a space, a name."""
    posts = alternation(lexicon.words("speaker_titles.tsv", "plan_byline"))
    return re.compile(rf"[\u4e00-\u9fff]{{1,12}}(?:{posts})[\s　]+[\u4e00-\u9fff]{{2,4}}")


def _year_dated_paragraphs(markers: list[Marker], lay: Layout) -> list[Marker]:
    """全年 / 年内 in a paragraph that a past year opens (2022年，全县…。全年粮食总产量…) is that year, as in
    an article whose headline looks back: the paragraph's numbers are its results."""
    look_back = lexicon.word_set("look_back_words.tsv")
    dated: dict[int, str] = {}  # paragraph -> the direction of the first strong marker in it
    result = []
    for marker in markers:
        paragraph = lay.paragraph_of(marker.start)
        if marker.strong:
            dated.setdefault(paragraph, marker.direction if _is_year(marker.word) else "")
        elif marker.word in look_back and dated.get(paragraph) == PAST:
            marker = replace(marker, direction=PAST)
        result.append(marker)
    return result


def _is_year(word: str) -> bool:
    return bool(_year_marker_pattern().fullmatch(word))


def _looks_back(headline: str, published: date) -> bool:
    years = [int(y) for y in re.findall(r"(?<!\d)(\d{4})年?(?!\d)", headline)]
    return bool(years) and max(years) < published.year and max(years) > 1900


def _is_heading(text: str, lay: Layout, paragraph: int) -> bool:
    """A short paragraph without sentence or clause punctuation: a section heading (小标题)."""
    start, end = lay.paragraph_span(paragraph)
    line = text[start:end].strip()
    return 0 < len(line) <= 40 and not any(ch in line for ch in "。！？；，,;")


def _without_heading_repeats(text: str, lay: Layout, mentions: list[QuantityMention]) -> list[QuantityMention]:
    """A section heading restates a figure of the body in fewer words (今年完成投资60亿); the body's
    sentence, which has the tense and the owner, is the one that counts."""
    in_heading = [_is_heading(text, lay, lay.paragraph_of(m.number_start)) for m in mentions]
    body_values = {(float(m.value), m.unit) for m, heading in zip(mentions, in_heading, strict=True) if not heading}
    return [m for m, heading in zip(mentions, in_heading, strict=True) if not (heading and (float(m.value), m.unit) in body_values)]


def _tense(text: str, mention: QuantityMention, before: list[Marker], after: list[Marker],
           clause_start: int, plan: bool = False) -> str | None:
    """Target nouns after the amount first (40亿元采购任务); then a strong marker of its own clause,
    before the number or after it (15个项目今年将开工); then the nearest strong, then weak marker.
    In a plan document a weak past word (完成植树造林30万亩) is the task, not a result, and an observation
    word (同比: achievement_markers.tsv ``observed``) says nothing; elsewhere it decides its own clause only."""
    if plan:
        observed = _observed_words()
        before = [m for m in before if m.word not in observed]
        after = [m for m in after if m.word not in observed]
    if _target_noun_pattern().match(text, mention.end, mention.end + 12):
        return FUTURE
    own = [m for m in before if m.start >= clause_start and m.strong]
    if any(m.hedge for m in own):
        return FUTURE  # 力争一季度增长8%: the hedge of the clause outweighs its period word
    if mention.unit_kind == "percent" and _progress_pattern().search(text[clause_start:mention.start]):
        return PAST  # 完成全年预定目标任务的27%: progress against a target, a result
    observed = _observed_words()
    if own and all(m.word in observed for m in own):
        # 力争应报尽报，…，本年度到位资金同比增长15%以上: 同比 only says how the figure is measured, the hedge
        # earlier in the sentence says it is a goal — unless a past word dates the sentence (一季度，…着力…，同比增长)
        if (mention.comparator != "=" and _hedged_before(before, clause_start, observed)
                and not any(m.direction == PAST and m.word not in observed for m in before)):
            return FUTURE  # an exact figure (同比增长8.5%) after a hedge clause stays a result
    own = own or [m for m in after if m.strong][:1]
    if own:
        return own[-1].direction
    for strong in (True, False):
        for marker in reversed(before):
            if marker.word in observed and marker.start < clause_start:
                continue  # 限上社零额同比增长15%以上，财政总收入达到20亿元: 同比 observes its own number only
            if marker.strong == strong and not (plan and not strong and marker.direction == PAST):
                return marker.direction
    return None


def _hedged_before(before: list[Marker], clause_start: int, observed: frozenset[str]) -> bool:
    """Whether the nearest strong tense word of the sentence before this clause is a hedge (力争, 确保)."""
    earlier = [m for m in before if m.start < clause_start and m.strong and m.word not in observed]
    return bool(earlier) and earlier[-1].hedge


@cache
def _progress_pattern() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{row[0]})" for row in lexicon.rows("progress_frames.tsv")))


@cache
def _announcement_pattern() -> re.Pattern[str]:
    """表示，将… / 强调，要…: a speaker announcing what will be done; 主要预期目标是：… a list of targets."""
    verbs = alternation(lexicon.words("speech_verbs.tsv"))
    hedges = alternation([row[0] for row in lexicon.rows("strengths.tsv") if len(row) > 2 and row[1] == "strong"
                          and row[2] == "1"])
    frames = "|".join(lexicon.words("plan_frames.tsv"))  # regexes, in file order
    subjects = alternation(lexicon.words("announcement_subjects.tsv"))
    return re.compile(rf"(?:{verbs})[，,:：]\s*(?:{subjects}|[\u4e00-\u9fff]{{1,4}}?[市县区局委])?"
                      rf"(?:还|也|都)?(?:{hedges})|{frames}")


def _announced_tense(analysis: Analysis, pos: int) -> str | None:
    """A number without markers later in a paragraph where a speaker announced plans (局长X表示，将…)
    or that opened a list of targets (主要预期目标是：) belongs to the plans."""
    lay = analysis.layout
    start, _ = lay.paragraph_span(lay.paragraph_of(pos))
    found = _announcement_pattern().search(analysis.text, max(start, pos - MAX_LOOKBACK), pos)
    if found:
        return FUTURE
    # 目标是： on a line of its own, its list in the paragraphs below (● 项目引进… / ● 利用外资…)
    frame = _list_frame_pattern().search(analysis.text, max(0, start - MAX_LIST_SPAN), start)
    return FUTURE if frame else None


@cache
def _list_frame_pattern() -> re.Pattern[str]:
    """A target-list frame (plan_frames.tsv) that ends its paragraph: the list is in the next ones."""
    frames = "|".join(lexicon.words("plan_frames.tsv"))
    return re.compile(rf"(?:{frames})[\s：:]*\n")


def _reviewing_paragraph(analysis: Analysis, pos: int) -> str | None:
    """A paragraph that opens on the past (“十四五”时期，上海发展历程… / 2025年，全省… / 一年来，…)
    reviews it: a figure later in it without any marker of its own is a result, even in a plan document
    (全市生产总值从4.16万亿元增加到5.67万亿元)."""
    lay = analysis.layout
    start, _ = lay.paragraph_span(lay.paragraph_of(pos))
    first = lay.sentence_of(start)
    if first == lay.sentence_of(pos):
        return None  # the figure's own sentence has had its say
    strong = [m for m in markers_in(analysis, first) if m.strong]
    return PAST if strong and strong[0].direction == PAST else None


@cache
def _continuation_pattern() -> re.Pattern[str]:
    words = alternation(lexicon.words("continuation_starts.tsv"))
    return re.compile(rf"[\s“]*(?:{words})")


def inherited_tense(analysis: Analysis, sentence: int) -> str | None:
    """The tense a sentence without markers takes from the previous sentences of its paragraph:
    the last strong marker wins; a sentence without any passes on what it inherited. Only sentences
    that continue the previous one (其中…, 新增…) inherit; one with its own subject does not."""
    lay = analysis.layout
    if not _continuation_pattern().match(analysis.text, lay.sentence_starts[sentence]):
        return None
    paragraph = lay.paragraph_of(lay.sentence_starts[sentence])
    index = sentence - 1
    while index >= 0 and lay.paragraph_of(lay.sentence_starts[index]) == paragraph:
        tense = sentence_carry(analysis, index)
        if tense is not None:
            return tense
        if any(True for _ in markers_in(analysis, index)):
            return None  # only weak markers: they do not carry over
        index -= 1
    return None


def markers_in(analysis: Analysis, sentence: int, until: int | None = None) -> Sequence[Marker]:
    """Markers of a sentence (up to ``until``), at most MAX_LOOKBACK characters before its end."""
    start, end = analysis.layout.sentence_span(sentence)
    end = end if until is None else min(end, until)
    starts = analysis.marker_starts
    return analysis.markers[bisect.bisect_left(starts, max(start, end - MAX_LOOKBACK)):bisect.bisect_left(starts, end)]


def sentence_carry(analysis: Analysis, sentence: int) -> str | None:
    """Direction of the last strong marker of a sentence (what it passes to the next one). A finished
    analysis knows it for every sentence; while ``analyse`` builds one, it is worked out from the
    quantities placed so far and remembered in the draft."""
    known = analysis.sentence_tense
    if sentence in known:
        return known[sentence]
    ends = [q.mention.end for q in analysis.quantities if q.sentence == sentence]
    tense = _carried(analysis, sentence, max(ends) if ends else None)
    if isinstance(known, dict):  # the draft's memo (a finished analysis holds a read-only mapping)
        known[sentence] = tense
    return tense


def _carried(analysis: Analysis, sentence: int, last_number_end: int | None) -> str | None:
    # 共采购60辆…，将主要配往城区: a sentence with numbers passes on their tense, so a marker after
    # its last number (what the bought things will be used for) is left out
    strong = [m for m in markers_in(analysis, sentence, until=last_number_end) if m.strong]
    return strong[-1].direction if strong else None


# ---------------------------------------------------------------- metrics: what a number counts

@cache
def _leading_noise() -> re.Pattern[str]:
    """Connectives, hedges, time words and the committing subject before what a number counts
    (metric_leading_noise.tsv, in its order; metric_subjects.tsv; org_suffixes.tsv ``metric``)."""
    entries = "|".join(entry if kind == "regex" else re.escape(entry)
                       for entry, kind in lexicon.rows("metric_leading_noise.tsv"))
    subjects = alternation(lexicon.words("metric_subjects.tsv", "word"))
    endings = alternation(lexicon.words("org_suffixes.tsv", "metric"))
    hedges = alternation(lexicon.words("subject_hedges.tsv"))
    return re.compile(rf"^(?:(?:{entries}|"
                      # the subject before a hedge (全市还将…, 市交通局将完成…) is who commits, not what is counted
                      rf"(?:{subjects}|[省市区县][\u4e00-\u9fff]{{1,10}}?(?:{endings}))"
                      rf"(?=还|也|{hedges}))[，、]?)+")


@cache
def _trailing_noise() -> re.Pattern[str]:
    """森林覆盖率提高到 / 粮食产量稳定在 / 收入实现: the verb that sets a level is not part of what is
    counted (metric_trailing_noise.tsv)."""
    levels = alternation(lexicon.words("metric_trailing_noise.tsv", "level"))
    words = alternation(lexicon.words("metric_trailing_noise.tsv", "word"))
    return re.compile(rf"(?:(?:{levels})(?=到$|至$|在$)|{words})+$")


@cache
def _bare_change() -> re.Pattern[str]:
    """A metric that is only a comparison and a change (同比增长, 比上年下降): it measures the thing
    counted by the number just before it in the sentence (change_words.tsv)."""
    basis = alternation(lexicon.words("change_words.tsv", "basis"))
    base = alternation(lexicon.words("change_words.tsv", "base"))
    change = alternation(lexicon.words("change_words.tsv", "change"))
    return re.compile(rf"(?:{basis}|(?:比|较)(?:{base})(?:同期)?)?(?:{change})")


@cache
def _change_suffix() -> re.Pattern[str]:
    return re.compile(_bare_change().pattern + "$")


# (?<![\d.])\d+… written as \d(?<![\d.]\d)\d*…: the same matches, but opening with a digit the regex
# engine can skip to, instead of a look-behind tried at every character.
_MALFORMED_NUMBER = re.compile(r"\d(?<![\d.]\d)\d*(?:\.\d+){2,}(?:[万亿]+|%|[个人元名家户项])")


@cache
def _coordinator() -> re.Pattern[str]:
    return re.compile(alternation(lexicon.words("coordinators.tsv", "joins")))


def _chars(name: str, kind: str) -> str:
    """One-character entries of a list, for a character class."""
    return "".join(w for w in lexicon.words(name, kind) if len(w) == 1)


@cache
def _list_joint() -> re.Pattern[str]:
    """What joins two numbers of a 分别 list: 、 or a coordinator (8所、12所 / 5%和7%)."""
    return re.compile(rf"、|{alternation(lexicon.words('coordinators.tsv', 'joins'))}")


@cache
def _list_separator() -> re.Pattern[str]:
    """Where the head of a 分别 list splits into its items (交通、水利领域): 、 or a coordinator."""
    return re.compile(rf"[、{_chars('coordinators.tsv', 'split')}]")


@cache
def _noun_after_pattern() -> re.Pattern[str]:
    """The noun after a number (的 optional), up to punctuation, a coordinator or a digit."""
    not_start = alternation(lexicon.words("coordinators.tsv", "not_start"))
    ends = alternation(lexicon.words("coordinators.tsv", "ends_noun"))
    return re.compile(rf"(?:的)?(?!{not_start})([\u4e00-\u9fff“”]{{1,20}}?)(?=[，。；、,;：:\n（(]|{ends}|\d|$)")


def _metrics(text: str, mentions: list[QuantityMention]) -> list[str | None]:
    """What each number counts: the words of its item before it plus the noun right after it.
    A list item with only a one-character head inherits the previous item's (体验馆6个、站40个 -> 体验站);
    分别 lists share out the items of their head (交通、水利领域投资额分别达…)."""
    metrics: list[str | None] = []
    for i, mention in enumerate(mentions):
        item_start = _last_boundary(text, mention.start, ITEM_END)
        if i and item_start < mentions[i - 1].end <= mention.start:
            joined = _coordinator().search(text, mentions[i - 1].end, mention.start)
            if joined:  # 5个国家级示范区和2个省级示范区: the item begins after 和
                item_start = joined.end()
        head = _clean_head(text[item_start:mention.start])
        upper = mentions[i + 1] if i + 1 < len(mentions) else None
        in_range = upper is not None and RANGE_DASH.fullmatch(text[mention.end:upper.start])
        tail = "" if in_range else _noun_after(text, mention.end)  # 800万至1000万人次: 至 is no noun
        metric = (head + tail) or None
        if metric and len(metric) == 1 and metrics and metrics[-1] and len(metrics[-1]) > 1:
            metric = metrics[-1][:-1] + metric
        if i and RANGE_DASH.fullmatch(text[mentions[i - 1].end:mention.start]):
            metric = metrics[-1]  # the upper bound of 4.5%—5% measures what the lower one does
        elif i and metrics[-1] and not re.search(r"[。！？\n]", text[mentions[i - 1].end:mention.start]):
            previous = metrics[-1]
            if metric and _bare_change().fullmatch(metric) and not _bare_change().fullmatch(previous) \
                    and not re.search(r"[；;]", text[mentions[i - 1].end:mention.start]):
                # 收入4.2万元，同比增长5.1%: the rate is of the amount before it
                metric = _change_suffix().sub("", previous) + metric
            elif metric is None:  # 进出口额326.5亿元…；今年力争突破350亿元: the subject is left out
                metric = _elided_subject(text, mentions, metrics, i)
        metrics.append(metric)
    _share_out_distributions(text, mentions, metrics)
    return metrics


def _elided_subject(text: str, mentions: list[QuantityMention], metrics: list[str | None], i: int) -> str | None:
    """The metric of the nearest earlier number of the same unit in the sentence, for a number
    whose clause names nothing (今年力争突破350亿元 after 进出口额326.5亿元)."""
    for j in range(i - 1, -1, -1):
        if re.search(r"[。！？\n]", text[mentions[j].end:mentions[i].start]):
            return None
        if mentions[j].unit == mentions[i].unit and metrics[j]:
            return metrics[j]
    return None


_BOUNDARY_REACH = 60  # characters a clause boundary is looked for on either side


def _last_boundary(text: str, pos: int, delimiters: str) -> int:
    """Just after the last delimiter among the 60 characters before ``pos``; else 60 back (or 0)."""
    lo = max(0, pos - _BOUNDARY_REACH)
    last = _up_to_last(delimiters).match(text, lo, pos)
    return last.end() if last else lo


def _next_boundary(text: str, pos: int, delimiters: str) -> int:
    """The first delimiter among the 60 characters from ``pos``; else 60 on (or the end)."""
    hi = min(len(text), pos + _BOUNDARY_REACH)
    found = _any_of(delimiters).search(text, pos, hi)
    return found.start() if found else hi


@cache
def _any_of(characters: str) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(characters)}]")


@cache
def _up_to_last(characters: str) -> re.Pattern[str]:
    """Everything up to and including the last of ``characters`` (greedy, so the C engine backs off from
    the end of the window)."""
    return re.compile(f"(?s:.*[{re.escape(characters)}])")


def _clean_head(head: str) -> str:
    head = _leading_noise().sub("", head.strip())
    return _trailing_noise().sub("", head)


def _noun_after(text: str, end: int) -> str:
    """返乡创业 in 带动超3万人返乡创业; nothing when the clause ends after the number."""
    m = _noun_after_pattern().match(text[end:end + 24])
    if not m:
        return ""
    tail = m.group(1).removesuffix("的")
    noun, _, rest = tail.partition("的")
    return tail if rest and len(rest) <= 6 else noun  # 村镇的供水项目, but not 这桥的施工方案…


def _share_out_distributions(text: str, mentions: list[QuantityMention], metrics: list[str | None]) -> None:
    for i, mention in enumerate(mentions):
        clause_start = _last_boundary(text, mention.start, CLAUSE_END)
        clause = text[clause_start:mention.start]
        if "分别" not in clause:
            continue
        group = [i]
        while group[-1] + 1 < len(mentions):
            nxt = mentions[group[-1] + 1]
            if not _list_joint().fullmatch(text[mentions[group[-1]].end:nxt.start]):
                break
            group.append(group[-1] + 1)
        after = clause[clause.index("分别") + 2:]
        if "、" in after:  # 分别新建、改扩建中小学8所、12所: the verbs are shared out, the noun is shared
            verbs = _shared_out_verbs(_clean_head(after), len(group))
            if verbs:
                for k, metric in zip(group, verbs, strict=True):
                    metrics[k] = metric
            continue
        heads = _expand_numbered_heads(_list_separator().split(_clean_head(clause[:clause.index("分别")])),
                                       len(group))
        verb = _clean_head(clause[clause.index("分别") + 2:])
        if len(heads) == 1 and len(group) >= 2 and heads[0]:
            for k in group:  # 城乡居民人均收入分别增长5%和7%: the parts are not spelled out
                metrics[k] = heads[0] + verb
            continue
        if len(heads) != len(group) or len(group) < 2:
            continue
        shared = _shared_suffix(heads)
        for k, head in zip(group, heads, strict=True):
            metrics[k] = (head if head.endswith(shared) else head + shared) + verb or None


def _shared_out_verbs(after: str, count: int) -> list[str] | None:
    """新建、改扩建中小学 over two numbers -> 新建中小学, 改扩建中小学: the last item carries the noun,
    which begins after the character that ends the other verbs (建)."""
    items = after.split("、")
    if len(items) != count or count < 2 or any(not item or len(item) > 4 for item in items[:-1]):
        return None
    last = items[-1]
    endings = {item[-1] for item in items[:-1]}
    cut = max((k for k, ch in enumerate(last[:5]) if ch in endings), default=None)
    if cut is None or cut + 1 >= len(last):
        return None
    noun = last[cut + 1:]
    return [item + noun for item in items[:-1]] + [last]


def _shared_suffix(heads: list[str]) -> str:
    """What the last item of 农业、工业、服务业增加值 shares with all: 增加值. The split is after the
    character the other items end with (业), else after as many characters as the longest other item."""
    last, others = heads[-1], heads[:-1]
    endings = {h[-1] for h in others if h}
    for k in range(1, len(last)):
        if last[k - 1] in endings:
            return last[k:]
    k = max((len(h) for h in others), default=0)
    return last[k:] if k < len(last) else ""


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def sizes_differ(a: str | None, b: str | None) -> bool:
    """超10亿元的项目 / 超1亿美元项目: metrics naming things of different printed sizes."""
    numbers_a, numbers_b = _NUMBER.findall(a or ""), _NUMBER.findall(b or "")
    return bool(numbers_a and numbers_b and numbers_a != numbers_b)


def is_bare_change(metric: str | None) -> bool:
    """增长 / 同比增长: a metric that names only a change, not what changes."""
    return bool(metric) and bool(_bare_change().fullmatch(metric or ""))


def same_metric(a: str | None, b: str | None, missing_matches: bool = True) -> bool:
    """Two metrics name the same thing when they share four characters in a row (a lead and the body
    restating 完成公路建设投资); distinct indicators of one value (失业率 5%, 零售额增长 5%) do not.
    A missing metric matches anything: a bare restatement of a figure is the same figure."""
    if not a or not b:
        return missing_matches or a == b
    if sizes_differ(a, b):
        return False
    if len(a) >= 4 and len(b) >= 4 and _grams4(a).isdisjoint(_grams4(b)):
        return False  # no four characters in a row in common: the quick answer for most pairs
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    if match.size < min(4, len(a), len(b)):
        return False
    # 东川市开工率 / 西川市开工率: the same indicator of two different subjects is two figures
    subject_a = _leading_noise().sub("", a[:match.a]).rstrip("市县区省镇")
    subject_b = _leading_noise().sub("", b[:match.b]).rstrip("市县区省镇")
    return not (subject_a and subject_b and subject_a != subject_b)


@lru_cache(maxsize=4096)
def _grams4(metric: str) -> frozenset[str]:
    return frozenset(metric[i:i + 4] for i in range(len(metric) - 3))


def _expand_numbered_heads(heads: list[str], count: int) -> list[str]:
    """一二三产增加值 shared out over three numbers is 一产增加值, 二产增加值, 三产增加值."""
    if len(heads) != 1 or count < 2:
        return heads
    m = re.match(r"([一二三四五六七八九])+", heads[0])
    if not m or len(m.group()) != count:
        return heads
    rest = heads[0][count:]
    return [digit + rest for digit in m.group()]
