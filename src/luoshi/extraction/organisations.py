"""Organisation names, resolved to their place: "市商务局" in a 盐城 report is 盐城市商务局.

Local reports name bodies relative to the reporting city (市委, 市发改委, 省政协). ``resolve_org`` expands
common abbreviations (data/org_abbreviations.tsv) and puts the city / province in front of a bare level
prefix; ``extract_organisations`` finds every mention (a level prefix or place name, a few characters, an
organisation ending from data/org_suffixes.tsv) with its span.
"""
from __future__ import annotations

import re
from functools import cache

from luoshi.extraction import lexicon
from luoshi.extraction.entity_data import fold_traditional
from luoshi.extraction.lexicon import alternation, longest_first
from luoshi.extraction.model import ArticleMeta, Organisation
from luoshi.extraction.places import COUNTRY, gazetteer

_LEVEL_PREFIXES = ("市", "省", "县")
_MAX_BODY = 12  # Han characters between a prefix and the organisation ending


def _city_and_province(place: str | None, place_path: list[str]) -> tuple[str | None, str | None, str | None]:
    """(province, city, county) names from a place path such as [江苏省, 南通市] or [河南省, 平顶山市, 汝州市]."""
    path = [p for p in (place_path or ([place] if place else [])) if p and p != COUNTRY]
    municipalities = lexicon.word_set("provincial_units.tsv", "municipality")
    endings = lexicon.words("provincial_units.tsv", "ending")
    province = path[0] if path and (path[0].endswith(endings) or len(path) > 1) else None
    if path and path[0] in municipalities:
        province = path[0]
    city = None
    county = None
    for name in path[1:] if province and province not in municipalities else path:
        if name.endswith("市") and city is None:
            city = name
        elif name.endswith(("市", "县")):
            county = name
    if county and county.endswith("市"):
        city = county  # a county-level city reports as 市 itself (汝州市委)
    return province, city, county


def expand_abbreviation(body: str) -> str:
    """市发改委 -> 市发展和改革委员会 (the prefix before the abbreviation is kept)."""
    table = lexicon.mapping("org_abbreviations.tsv")
    for short in sorted(table, key=len, reverse=True):
        if body.endswith(short) and not body.endswith(table[short]):
            return body[: len(body) - len(short)] + table[short]
    return body


def resolve_org(as_printed: str, place: str | None, place_path: list[str]) -> str:
    """Full name of an organisation as printed: city/province put in front of 市/省/县, abbreviations expanded."""
    name = re.sub(r"\s+", "", as_printed or "")
    if not name:
        return name
    name = expand_abbreviation(name)
    province, city, county = _city_and_province(place, place_path)
    prefix = ""
    if name.startswith("中共"):
        prefix, name = "中共", name[2:]
    if name.startswith("市") and city:
        name = city + name[1:]
    elif name.startswith("自治区") and province and province.endswith("自治区"):
        name = province + name[3:]
    elif name.startswith("省") and province:
        name = province + name[1:]
    elif name.startswith("县") and county and county.endswith("县"):
        name = county + name[1:]
    return prefix + name


@cache
def _body_pattern() -> re.Pattern[str]:
    """An organisation body right after its start: abbreviation, or a few characters and an ending."""
    suffixes = alternation(lexicon.words("org_suffixes.tsv", "mention"))
    continuations = alternation(lexicon.words("org_continuations.tsv"))
    abbreviations = alternation(lexicon.mapping("org_abbreviations.tsv"))
    prefixes = alternation(lexicon.words("org_prefixes.tsv", "body"))
    body = rf"(?:{abbreviations}|[\u4e00-\u9fff]{{0,{_MAX_BODY}}}?(?:{suffixes}))"
    return re.compile(rf"(?:{prefixes})?{body}(?:{continuations})*")


@cache
def _company_end_pattern() -> re.Pattern[str]:
    return re.compile(alternation(lexicon.words("org_suffixes.tsv", "company")))


@cache
def _start_pattern() -> re.Pattern[str]:
    return re.compile(rf"{alternation(lexicon.words('org_prefixes.tsv', 'start'))}|[市省县]")


def _mention_starts(text: str) -> list[int]:
    """Where an organisation name may start: a level prefix after a boundary, a place name, 中共/国家."""
    boundaries = lexicon.word_set("org_left_boundaries.tsv")
    starts = []
    for m in _start_pattern().finditer(text):
        i = m.start()
        before = text[max(0, i - 2):i]
        if i == 0 or not _is_han(text[i - 1]) or before in boundaries or before[-1:] in boundaries:
            starts.append(i)
    starts.extend(start for start, _, _ in gazetteer().scan(text))
    return sorted(set(starts))


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def extract_organisations(text: str, meta: ArticleMeta, place: str | None, place_path: list[str],
                          warnings: list[str] | None = None) -> list[Organisation]:
    """Every organisation mention: {as_printed, name, span}; shared-prefix lists (市发改委、人社局) distribute 市.

    A traditional-character text is matched on its simplified fold (市財政局 -> 市财政局); as_printed keeps
    the original characters, the resolved name is simplified."""
    original = text or ""
    text = fold_traditional(original)
    found = _organisations(text, place, place_path)
    if text is not original:
        for org in found:
            org["as_printed"] = original[org["span"][0]:org["span"][1]]
    return found


def _organisations(text: str, place: str | None, place_path: list[str]) -> list[Organisation]:
    found: list[Organisation] = []
    taken: set[int] = set()
    # Companies first, the latest ending first: 中国某某集团某某设计院有限公司 is one name, not two.
    for m in sorted(_company_end_pattern().finditer(text), key=lambda m: -m.end()):
        start = _company_start(text, m.start())
        if start >= m.start() - 1 or any(i in taken for i in range(start, m.end())):
            continue
        found.append({"as_printed": text[start:m.end()], "name": text[start:m.end()], "span": [start, m.end()]})
        taken.update(range(start, m.end()))
    body = _body_pattern()
    for start in _mention_starts(text):
        if start in taken:
            continue
        gaz_end = _place_end(text, start)
        matched = body.match(text, gaz_end if gaz_end > start else start + 1 if text[start] in "市省县" else start)
        if matched is None or matched.end() - start < 2 or any(i in taken for i in range(start, matched.end())):
            continue
        m = matched
        as_printed = text[start:m.end()]
        if not _plausible_org(as_printed, text[m.start():m.end()]):
            continue
        found.append({"as_printed": as_printed, "name": resolve_org(as_printed, place, place_path),
                      "span": [start, m.end()]})
        taken.update(range(start, m.end()))
        found.extend(_list_continuations(text, m.end(), as_printed, place, place_path, taken))
    found.sort(key=lambda d: d["span"][0])
    return found


def _plausible_org(as_printed: str, body: str) -> bool:
    """Reject 省布局 / 某某经济区协办: a false ending, or a one-character ending after a one-character
    body (only 市委/省委/县委 may be that short)."""
    if as_printed.endswith(lexicon.words("org_false_endings.tsv")):  # any order: not sorted per call
        return False
    single = {w for w in lexicon.words("org_suffixes.tsv", "mention") if len(w) == 1}
    core = body[2:] if body.startswith(lexicon.words("org_prefixes.tsv", "body")) else body
    if core[-1:] in single and len(core) == 2 and core not in lexicon.mapping("org_abbreviations.tsv"):
        return False
    return True


def _place_end(text: str, start: int) -> int:
    """End of an administrative name starting at ``start`` (黄石市, 盐城), or ``start`` when there is none."""
    for form in gazetteer().prefix.get(text[start:start + 2], ()):
        if text.startswith(form, start):
            return start + len(form)
    return start


def _company_start(text: str, suffix_start: int) -> int:
    """Walk left from a company ending over Han/Latin characters to punctuation or a boundary word."""
    i = suffix_start
    while i > 0 and suffix_start - i < 24 and (_is_han(text[i - 1]) or text[i - 1].isascii() and text[i - 1].isalpha()):
        i -= 1
    return _trim_company_start(text, i, suffix_start)


@cache
def _list_item() -> re.Pattern[str]:
    """、人社局 — one more body of a list (compiled once: the suffix alternation is long)."""
    suffixes = alternation(lexicon.words("org_suffixes.tsv", "mention"))
    return re.compile(rf"、([\u4e00-\u9fff]{{1,8}}?(?:{suffixes}))(?=[、，。等和及])")


def _list_continuations(text: str, end: int, first: str, place: str | None, place_path: list[str],
                        taken: set[int]) -> list[Organisation]:
    """市发改委、人社局、教育局: bodies listed after a prefixed one share its prefix."""
    out: list[Organisation] = []
    prefix = first[0] if first[0] in _LEVEL_PREFIXES else ""
    item = _list_item()
    pos = end
    while prefix and (m := item.match(text, pos)):
        body = m.group(1)
        out.append({"as_printed": body, "name": resolve_org(prefix + body, place, place_path),
                    "span": [m.start(1), m.end(1)]})
        taken.update(range(m.start(1), m.end(1)))
        pos = m.end()
    return out


def _trim_company_start(text: str, start: int, end: int) -> int:
    """Start a company name at the last verb/particle before it (会见某某… -> 某某…)."""
    stops = longest_first(lexicon.words("org_left_boundaries.tsv"))
    best = start
    for word in stops:
        i = text.rfind(word, start, end)
        if i >= 0 and i + len(word) > best:
            best = i + len(word)
    return best


__all__ = ["resolve_org", "extract_organisations", "expand_abbreviation"]
