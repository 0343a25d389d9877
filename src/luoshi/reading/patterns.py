"""Line classifiers shared by repair and segmentation; the patterns themselves live in data/*.tsv.

Every classifier looks at one normalised line (a paragraph). Names say what the line *is*: a byline,
a dateline-led paragraph, a banner, page furniture … so repair never glues a headline onto a body and
segmentation knows where articles start and end.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from . import traditional

# Sentence-final marks: a paragraph ending in one of these is complete (句末标点).
TERMINAL = set("。！？!?…”’」』）)】》.;；：:")
# A paragraph ending in one of these was cut mid-sentence (悬空的顿号、逗号、开引号).
DANGLING = set("、，,“‘《（(—")
# A paragraph cannot begin with these: it is the tail of a broken one.
CONTINUATION_START = set("”’）)》、，。；：！？,.;:!?…")
# Sentence punctuation that only running text (not a headline or heading) contains.
SENTENCE_PUNCT = re.compile(r"[。！？；]")
ANY_PUNCT = re.compile(r"[，。！？；、：,;:!?]")
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CONTENT = re.compile(r"[\u3400-\u9fff\uf900-\ufaffA-Za-z0-9]")
# 一、 （一） 1. 1、 第一， — the start of a numbered item or section (never a continuation).
ENUMERATOR = re.compile(r"^([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十0-9]+[）)]|[0-9]{1,2}[、.．](?![0-9])|第[一二三四五六七八九十]+[，、章节部分条])")
# A banner / series kicker: space-separated idiom-like phrases (凝心聚力 实干争先 再创佳绩).
BANNER = re.compile(r"^(?:[\u4e00-\u9fff]{4} ){1,5}[\u4e00-\u9fff]{4}$|^(?:[\u4e00-\u9fff]{2,5} ){2,5}[\u4e00-\u9fff]{2,5}$")
# "某某省省长 王小川": the speaker line under a report's title (a post, a space, a name).
SPEAKER = re.compile(r"^[\u4e00-\u9fff]{0,16}(长|书记|主任|主席|委员|部长|厅长|局长|代表|秘书长)\s+"
                     r"(?:[\u4e00-\u9fff·]{2,4}|[\u4e00-\u9fff]{1,8}(?:·[\u4e00-\u9fff]{1,8}){1,3})$")  # 主席 艾某·某某
SUBTITLE = re.compile(r"^(——|—|--|－－|──|――|―|~~)")


@dataclass(frozen=True)
class Rule:
    kind: str
    regex: re.Pattern[str]
    comment: str


@cache
def _load(name: str) -> tuple[Rule, ...]:
    """Rules of a data file (read once); ``define`` lines name sub-patterns used later as {NAME}."""
    rules = []
    macros: dict[str, str] = {}
    text = resources.files("luoshi.reading").joinpath("data", name).read_text(encoding="utf-8")
    for lineno, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        parts = raw.split("\t")
        if len(parts) < 2:
            raise ValueError(f"{name}:{lineno}: expected kind<TAB>regex<TAB>comment")
        if parts[0] == "define":
            macros[parts[1]] = _expand(parts[2], macros)
            continue
        pattern = _expand(parts[1], macros)
        rules.append(Rule(parts[0].strip(), re.compile(pattern), parts[2].strip() if len(parts) > 2 else ""))
    return tuple(rules)


def _expand(pattern: str, macros: dict[str, str]) -> str:
    return re.sub(r"\{([A-Z]+)\}", lambda m: f"(?:{macros[m.group(1)]})" if m.group(1) in macros else m.group(0), pattern)


@cache
def rules(name: str, kind: str) -> tuple[re.Pattern[str], ...]:
    """Compiled regexes of one kind from one data file (loaded once)."""
    return tuple(r.regex for r in _load(name) if r.kind == kind)


def fold(line: str) -> str:
    """Traditional -> simplified (the full table of ``traditional.py``; 1:1, offsets unchanged), so a
    pattern written in simplified characters matches 責任編輯 and 分享到 printed in traditional ones."""
    return traditional.fold(line)


def _any(name: str, kind: str, line: str) -> re.Match[str] | None:
    line = fold(line)
    for rx in rules(name, kind):
        m = rx.search(line)
        if m:
            return m
    return None


BOILERPLATE_MAX = 100
FOOTER_MARKER_MAX = 30  # longer lines are running text even if they mention 扫码 or 版权所有


@lru_cache(maxsize=8192)  # repair and segmentation ask about the same lines
def is_boilerplate(line: str) -> bool:
    """Page furniture / promotion / CMS metadata that is never article text."""
    if not _CONTENT.search(line):
        return True  # "|", "-----", "????": no letters at all
    if len(line) > BOILERPLATE_MAX:
        return is_site_footer(line)
    line = unglossed(line)
    if _any("boilerplate.tsv", "drop", line):
        return True
    return len(line) <= 40 and bool(_any("boilerplate.tsv", "short", line))


def summary_label(line: str) -> re.Match[str] | None:
    """摘要：… — the label of a CMS summary that opens the line (boilerplate.tsv, kind summary)."""
    return _any("boilerplate.tsv", "summary", line)


SITE_FOOTER_MAX = 600  # a one-line portal footer; a longer line is running text whatever it mentions
SITE_FOOTER_KINDS = 2  # markers of this many different kinds (copyright, sponsor, ICP number …) on one line


def is_site_footer(line: str) -> bool:
    """A portal's footer printed as one line (版权所有：X 主办单位：Y 网站标识码：Z 备案号：…), however long:
    markers of two or more kinds of ``site_footer`` rules (data/boilerplate.tsv) on one line."""
    if len(line) > SITE_FOOTER_MAX:
        return False
    folded = fold(unglossed(line))
    found = 0
    for rx in rules("boilerplate.tsv", "site_footer"):
        if rx.search(folded):
            found += 1
            if found >= SITE_FOOTER_KINDS:
                return True
    return False


# A pinyin gloss printed after a character by converted pages (網（wǎng）站, 首頁（yè)): furniture tests
# read the line without them (a boolean answer, so no offsets are kept).
_GLOSS = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{1,7}[)）]")


def unglossed(line: str) -> str:
    """The line without pinyin glosses (the same object when it has none)."""
    return _GLOSS.sub("", line) if ("(" in line or "（" in line) else line


TOOLBAR_LINE_MAX = 12  # a toolbar control, breadcrumb item or metadata label is a few characters


def furniture_kind(line: str) -> str | None:
    """"toolbar", "crumb_sep", "label" or "menu_item" for a short line that is one control of a viewer/portal
    toolbar, a breadcrumb separator, a metadata label whose value is the next line, or one bulleted
    tab of a portal's menu; else None.
    These are furniture only in context (a run of them, a label before its value): see segment."""
    t = unglossed(line.strip())
    if len(t) > TOOLBAR_LINE_MAX:
        return None
    for kind in ("toolbar", "crumb_sep", "label", "menu_item"):
        if _any("boilerplate.tsv", kind, t):
            return kind
    return None


BREADCRUMB_MAX = 120  # characters of a breadcrumb line; a longer line is running text
_TRAIL_ITEM_MAX = 16  # characters of one breadcrumb item (政府信息公开)


def breadcrumb_items(line: str) -> list[str]:
    """The columns a breadcrumb line names, home page left out (当前位置: 首页 > 政务信息 > 城口动态 ->
    ["政务信息", "城口动态"]), in simplified form; [] for any other line. The trail is page metadata:
    a portal's column is often named after its county."""
    t = unglossed(line.strip())
    if len(t) > BREADCRUMB_MAX:
        return []
    found = _any("boilerplate.tsv", "trail", t)
    if found is None:
        return []
    (sep,) = rules("boilerplate.tsv", "trail_sep")
    items = [i.strip(" 　:：") for i in sep.split(found.group("trail"))]
    return [i for i in items if 0 < len(i) <= _TRAIL_ITEM_MAX and HAN.search(i) and not breadcrumb_home(i)]


def breadcrumb_home(item: str) -> bool:
    """A breadcrumb item that names no column (首页, 正文)."""
    return _any("boilerplate.tsv", "trail_home", item) is not None


@lru_cache(maxsize=8192)  # repair and segmentation ask about the same lines
def starts_footer(line: str) -> bool:
    """A short line that starts the page footer (查看更多，请扫码关注 / 相关阅读)."""
    if len(line) > FOOTER_MARKER_MAX:  # a body sentence mentioning 扫码关注 does not end the page
        return False
    return bool(_any("boilerplate.tsv", "footer", line))


@cache
def _openers() -> tuple[re.Pattern[str], ...]:
    text = resources.files("luoshi.reading").joinpath("data", "sentence_openers.tsv").read_text(encoding="utf-8")
    return tuple(re.compile(raw.split("\t")[0]) for raw in text.splitlines() if raw.strip() and not raw.startswith("#"))


@lru_cache(maxsize=8192)  # repair and segmentation ask about the same lines
def starts_sentence(line: str) -> bool:
    """The line opens with a typical sentence opener (近年来， / 据了解， / 记者了解到 …)."""
    return any(rx.match(line) for rx in _openers())


@lru_cache(maxsize=8192)  # repair and segmentation ask about the same lines
def dateline(line: str) -> re.Match[str] | None:
    """The dateline at the start of a paragraph (晚报讯 / 新华社北京5月7日电 / □记者), if any."""
    return _any("bylines.tsv", "dateline", line[:60])  # datelines are short and come first


@lru_cache(maxsize=8192)  # repair and segmentation ask about the same lines
def is_byline(line: str) -> bool:
    """A whole short line that only credits reporters/correspondents/photographers."""
    if len(line) > 60 or SENTENCE_PUNCT.search(line.replace("）", "").replace(")", "")):
        return False
    return bool(_any("bylines.tsv", "byline", line))


def caption_credit(line: str) -> re.Match[str] | None:
    return _any("bylines.tsv", "caption", line)


@lru_cache(maxsize=8192)  # repair and segmentation ask about the same lines
def is_caption(line: str) -> bool:
    """A photo caption: a line ending in a photo credit (…作政府工作报告。 本报记者 李木 摄), or a short
    line ending in a picture's source (某县一中。通讯员供图 / 资料图)."""
    if len(line) <= _SHORT_CAPTION and _any("bylines.tsv", "picture_source", line):
        return True
    return line[-1:] in ("摄", "攝") and caption_credit(line[-40:]) is not None and not is_byline(line)


_SHORT_CAPTION = 40  # a caption ending in a picture's source is short (某县一中。通讯员供图)


def dateline_names(text: str) -> re.Match[str] | None:
    """Bare names in brackets right after a dateline (三秦网讯(田某 贾某)8月30日…): group "credit"."""
    return _any("bylines.tsv", "dateline_names", text[:40])


def leading_credit(text: str) -> re.Match[str] | None:
    """A bare credit right after a dateline (记者王某、李某 ⎵ then the body)."""
    return _any("bylines.tsv", "leading", text[:80])


def trailing_credit(line: str) -> re.Match[str] | None:
    """A credit closing a paragraph (…工作。（记者 王某） / …工作。 记者 王某); match on the last 60 chars."""
    tail = line[-60:]
    return _any("bylines.tsv", "trailing", tail)


def office_credit(credit: str) -> bool:
    """（某县统计局 王某）: a credit naming an office and its author."""
    return _OFFICE_NAMED.fullmatch(fold(credit.strip())) is not None


def signature_names(line: str) -> list[str]:
    """The names of a line that is only one to three bare names (张某某 李 某) closing an article, else []."""
    if len(line) > 16 or not _any("bylines.tsv", "signature", line):
        return []
    return _names(line)


def is_org_line(line: str) -> bool:
    return bool(_any("bylines.tsv", "org", line))


def is_table_row(line: str) -> bool:
    """A table row: cells joined by " | " (.docx tables) or a "| a | b |" row (HTML tables)."""
    return " | " in line or line.count("|") >= 2


def is_furniture_row(line: str) -> bool:
    """A " | " row whose every cell is page furniture (手機網站 | 幫助中心): a header, not a table."""
    cells = [c.strip() for c in line.strip().strip("|｜").split("|")]
    return any(cells) and all(is_boilerplate(c) for c in cells if c)


def is_banner(line: str) -> bool:
    return len(line) <= 40 and " " in line and bool(BANNER.match(line))  # phrases are space-separated


def is_subtitle(line: str) -> bool:
    """A 副题: a dashed line (——…), or the occasion of a speech printed under its title without the
    dash ("2026年1月27日在某省第十四届人民代表大会第四次会议上", data/headlines.tsv ``occasion``)."""
    return bool(SUBTITLE.match(line)) or headline_cue("occasion", line.strip())


ORIGINAL_TITLE = re.compile(r"^原标题(?:\s*[：:]\s*|\s+)")  # 原标题：… / 原标题 … (a repost's own title)


_SENTENCE_END = re.compile(r"[。；]")
_EXCLAMATION_HEADLINE_MAX = 40  # "好消息！东川地铁1号线今天开通": a short line may exclaim and stay a headline


# Mojibake of a mis-decoded page: a sentence mark between question marks (浙江?。?025年) is no punctuation.
_MOJIBAKE_MARK = re.compile(r"(?<=[?？\ufffd])[。；](?=[?？\ufffd])")


def is_heading_like(line: str, max_len: int = 60) -> bool:
    """Short, no sentence punctuation, no final mark: a headline, kicker or section heading."""
    if not line or len(line) > max_len:
        return False
    if "?" in line or "？" in line or "\ufffd" in line:
        line = _MOJIBAKE_MARK.sub("?", line)
    inner = _SENTENCE_END if len(line) <= _EXCLAMATION_HEADLINE_MAX else SENTENCE_PUNCT
    if inner.search(line[:-1]) or line[-1] in "。；，、,;:：…":
        return False
    return bool(HAN.search(line))


# A credit naming a unit, not a person (作者：学会部).
_ORG_NAME = re.compile(r"(部|处|办|局|科|室|中心|委|组|社|台|站|网|报)$")
# Words that follow names in a credit but are not names (记者 王某 报道 / 采写 / 发自北京).
_NOT_A_NAME = re.compile(r"^(报道|报导|摄影报道|采写|整理|摄影|摄像|发自.*|通讯员|记者|本报记者|实习生)[：:]?$")
_MARKS = "□■◎●○◇◆▲△★☆▌（）() "
_CREDIT_KEYWORD = re.compile(
    r"(本报记者|特约记者|见习记者|摄影记者|记\s?者|通讯员|实习生|摄影|摄像)\s*[/／:：|｜]?"
    r"|(?<![\u4e00-\u9fff])(文/图|图/文|文图|图文|文|图|撰稿人|撰稿|撰文|作者)\s*[/／:：|｜]"  # 文/王某: separator required
    r"|(审稿人|审稿|审核人|审核|审校|审签|终审|责任编辑|责编|编辑|校对)\s*[:：]"  # an editor: no reporter
)
_EDITOR_ROLES = {"审稿人", "审稿", "审核人", "审核", "审校", "审签", "终审", "责任编辑", "责编", "编辑", "校对"}
_PHOTO_ROLES = {"摄影", "摄像", "摄影记者", "图"}
# "王某/文 李某/摄": names before a slash and their role -> rewritten as "文/王某 图/李某".
_SLASHED_ROLE = re.compile(r"((?:[\u4e00-\u9fff·]{2,5}\s+){0,3}[\u4e00-\u9fff·]{2,5})\s*/\s*(文|摄影|摄|图)(?![\u4e00-\u9fff])")
_SLASH_AS_ROLE = {"文": "文/", "摄": "图/", "摄影": "图/", "图": "图/"}
# 王某 李某 文/图: names, then the words-and-pictures credit they share (read as 文/图 王某 李某)
_NAMES_THEN_WRITER = re.compile(r"^((?:[\u4e00-\u9fff·]{2,5}\s+){0,3}[\u4e00-\u9fff·]{2,5})\s+(文/图|图/文)$")
_CORRESPONDENT_ROLES = {"通讯员", "实习生"}
_OFFICE_NAMED = re.compile(r"[（(]\s*[\u4e00-\u9fff]{2,14}?(?:局|办公室|办|中心|委员会|委|院|站|所|队|台|社)\s+"
                           r"([\u4e00-\u9fff]{2,3}(?:[\s、]+[\u4e00-\u9fff]{2,3}){0,2})\s*[）)]")  # bylines.tsv OFFICE
_BARE_NAME = re.compile(r"[（(]\s*([\u4e00-\u9fff·]{2,4}(?:[\s、]+[\u4e00-\u9fff·]{2,4}){0,2})\s*[）)]")


def credits(text: str) -> tuple[list[str], list[str], list[str]]:
    """Split a byline/credit string into (reporters, correspondents, photographers).

    记者/文/作者 -> reporters; 通讯员/实习生 -> correspondents; 图/摄影 or names followed by 摄 ->
    photographers; names printed before the first keyword (郭某 黄某 本报记者 鄢某) -> correspondents.
    """
    reporters: list[str] = []
    correspondents: list[str] = []
    photographers: list[str] = []
    if office := _OFFICE_NAMED.fullmatch(fold(text.strip())):  # （某县统计局 王某）: the office's named author
        return _names(text.strip()[office.start(1):office.end(1)]), correspondents, photographers
    bare = _BARE_NAME.fullmatch(text.strip())
    if bare and not _CREDIT_KEYWORD.search(fold(bare.group(1))) and not any(
            _NOT_A_NAME.match(n) for n in re.split(r"[\s、]+", bare.group(1))):  # "（王某）" / "（王某 李某）" closing an item: reporters credited by name alone
        return re.split(r"[\s、]+", bare.group(1)), correspondents, photographers
    text = _NAMES_THEN_WRITER.sub(r"\2/\1", text.strip().strip(_MARKS))
    text = _SLASHED_ROLE.sub(lambda m: f" {_SLASH_AS_ROLE[m.group(2)]}{m.group(1)} ", text.strip().strip(_MARKS)).strip()
    folded = fold(text)  # keywords are found in the folded text, names are cut from the original
    pieces = [(m.group(1) or m.group(2) or m.group(3), m.start(), m.end()) for m in _CREDIT_KEYWORD.finditer(folded)]
    if not pieces:
        return reporters, correspondents, photographers
    correspondents += _names(text[: pieces[0][1]])
    for k, (role, _start, end) in enumerate(pieces):
        stop = len(text) if k + 1 == len(pieces) else pieces[k + 1][1]
        chunk = text[end:stop]
        photo = role in _PHOTO_ROLES or bool(re.search(r"\s*[摄攝]\s*$", chunk))
        names = _names(re.sub(r"\s*[摄攝]\s*$", "", chunk))
        if role in _EDITOR_ROLES:
            continue  # （图文:王某 审核:李某）: the reviewer is credited, but is no reporter
        if photo:
            photographers += names
        elif role in _CORRESPONDENT_ROLES:
            correspondents += names
        else:
            reporters += names
    return reporters, correspondents, photographers


def _names(chunk: str) -> list[str]:
    """Person names in a credit chunk; "王 川" (a two-character name padded to align) is one name."""
    tokens = re.split(r"[\s、，,|｜/;；?？]+", chunk.strip(_MARKS))  # ?? = spaces a re-encoding lost
    merged: list[str] = []
    k = 0
    while k < len(tokens):
        if len(tokens[k]) == 1 and k + 1 < len(tokens) and len(tokens[k + 1]) == 1:
            merged.append(tokens[k] + tokens[k + 1])
            k += 2
            continue
        merged.append(tokens[k])
        k += 1
    return [
        n for n in merged
        if re.fullmatch(r"[\u4e00-\u9fff·]{2,5}", n) and not _ORG_NAME.search(fold(n)) and not _NOT_A_NAME.match(fold(n))
    ]


def headline_cue(kind: str, text: str) -> bool:
    """Whether ``text`` shows a headline-layout cue of ``kind`` (data/headlines.tsv: open_end,
    open_start, break_pair, frame_open, frame_close, time_clause, site_name)."""
    return bool(text) and _any("headlines.tsv", kind, text) is not None


_TITLE_PARTS = re.compile(r"\s*(?:_|\||｜| - | — |--|-)\s*")


def site_of_title(title: str | None) -> str | None:
    """The site a page's <title> names beside its headline (县长调研春耕_射阳县人民政府 -> 射阳县人民政府):
    the last part that is only a site name. A portal's owner is evidence of the place it reports on."""
    parts = [t for t in _TITLE_PARTS.split((title or "").strip()) if t]
    if len(parts) < 2:
        return None
    return next((t for t in reversed(parts[1:]) if is_site_name(t)), None)


def is_site_name(title: str) -> bool:
    """A <title> that only names the site or outlet (东川新闻网 / 东川市人民政府), not an article."""
    title = title.strip()
    return len(title) <= 20 and headline_cue("site_name", title)


def ocr_fix(line: str) -> str:
    """An OCR'd line with certain misreadings of page marks corrected (``data/ocr.tsv``: 口记者 → □记者)."""
    for rx in rules("ocr.tsv", "box"):
        m = rx.search(line)
        if m:
            line = line[: m.start("x")] + "□" + line[m.end("x"):]
    return line
