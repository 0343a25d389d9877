"""Split a repaired page into articles: headline, subtitles, dateline, credits, sections, body.

A page is a sequence of blocks (headline, [subtitles/banners], dateline-led body, [byline]). An article
starts at the first line of the page, after a byline that closed a previous article, or at a
heading-like line whose next non-subtitle line is dateline-led. Inside an article, short unpunctuated
lines between body paragraphs are section headings; page furniture (data/boilerplate.tsv) is dropped,
and the trailing footer of the page (account names, slogans, 扫码关注 …) is cut, keeping a publisher line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from . import patterns as p
from .model import Article
from .offsets import delete_spans

_CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff0f\uff1a-\uff1f“”‘’《》、]) (?=[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff0f\uff1a-\uff1f“”‘’《》、])")
_BRACKET_CREDIT = re.compile(r"\s*[（(【]([^（）()【】]{0,40}(记者|通讯员|实习生|摄)[^（）()【】]{0,40})[）)】]")
_HEADLINE_MAX = 80
_FOOTER_LINES = 30  # how far from the end a page footer may start (a list of related links is long)
_BOX_MARKS = tuple("□■◎●○◇◆▲△★☆▌")
_SENTENCE_CLOSERS = set("。！？；…”’")


@dataclass
class Line:
    start: int
    end: int
    text: str
    kind: str = "body"  # body | heading | section | byline | dateline | subtitle | banner | caption | drop
    dated: bool = False  # a heading followed by the page's date/来源 line or a dateline (the article's title)


@dataclass
class Block:
    """Lines of one article before they become an Article."""

    lines: list[Line] = field(default_factory=list)


# A layout-table row with one filled cell ("房山：磨盘柿子争上奥运 | ||||||||"): the cell is the line.
_LAYOUT_CELL = re.compile(r"^[\s|｜]*(?P<cell>[^|｜]*[^|｜\s])[\s|｜]*$")


def split_lines(text: str) -> list[Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append(_layout_cell(Line(pos, pos + len(raw), raw)))
        pos += len(raw) + 1
    return [ln for ln in out if ln.text.strip()]


def _layout_cell(line: Line) -> Line:
    """A line printed in a layout table whose other cells are empty keeps only its one cell (the bars
    are page layout, not a table of figures)."""
    if "|" not in line.text and "｜" not in line.text:
        return line
    cell = _LAYOUT_CELL.match(line.text)
    if cell is None:
        return line
    start, end = cell.span("cell")
    return Line(line.start + start, line.start + end, cell.group("cell"))


def classify(line: Line) -> str:
    """What a line is: drop | byline | dateline | subtitle | banner | caption | section | heading | body."""
    t = line.text
    if len(t) > p.BOILERPLATE_MAX:  # a long line is running text (maybe dateline-led or a caption)
        if p.is_site_footer(t):
            return "drop"  # 版权所有：X 主办单位：Y 网站标识码：Z …, a portal footer printed as one line
        if p.dateline(t):
            return "dateline"
        return "caption" if p.is_caption(t) else "body"
    if p.ORIGINAL_TITLE.match(t):
        return "heading"  # 原标题：… — the printed headline of a reposted article
    if p.is_boilerplate(t):
        return "drop"  # before table rows: a portal's metadata row is printed "来源：X | 作者：Y | …"
    if p.is_table_row(t):
        return "drop" if p.is_furniture_row(t) else "body"  # a table row (| 指标 | 4000.5 |)
    if p.is_byline(t):
        return "byline"
    if p.dateline(t):
        return "dateline"
    if p.is_subtitle(t):
        return "subtitle"
    if p.is_banner(t):
        return "banner"
    if p.is_caption(t):
        return "caption"
    if p.ENUMERATOR.match(t) and p.is_heading_like(t, 40):
        return "section"  # 三、2026年重点工作: a numbered heading never is a headline
    if p.is_heading_like(t, _HEADLINE_MAX):
        return "heading"
    return "body"


@dataclass
class PageMeta:
    """What the page's furniture says about it (kept as metadata although dropped from the text)."""

    publisher: str | None = None  # 中共XX市委宣传部 closing the page, else the 来源：/发布人： outlet
    published: date | None = None  # from a 发布时间：/时间：/bare date line near the top
    reporters: list[str] = field(default_factory=list)  # 作者：王某 in a portal's metadata row
    title: str | None = None  # the 标题 cell of a disclosure table (标 题 X 文 号)
    breadcrumb: list[str] = field(default_factory=list)  # the trail's columns (政务信息, 城口动态), home left out


_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
# 来源：东川日报 alone on its line, or one cell of a portal's metadata row (来源:区城建局 作者:… 发布时间:…)
_SOURCE = re.compile(r"(?:^|[\s|｜])(?:来源|信息来源|稿件来源|文章来源|发布人)(?:\s*[：:]|\s+)\s*[-—]*\s*"
                     r"(?P<name>[\u4e00-\u9fff]{2,20})(?=$|[\s|｜\d])")
# a portal's date, time and outlet under a headline (2021-05-14 19:25:06 城阳融媒)
_DATED_OUTLET = re.compile(r"^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?\s*"
                           r"(?P<name>[\u4e00-\u9fff]{2,12})$")
# Cells of a disclosure table (索引号 | 发布机构 青山区政府 | 标 题 X | 文 号): the publisher and the title.
_PUBLISHER_CELL = re.compile(r"(?:^|[\s|｜])(?:发\s*布\s*机\s*构|发布单位|发文机关)\s*[：:]?\s*(?P<name>[\u4e00-\u9fff]{2,20})(?=$|[\s|｜])")
_TITLE_CELL = re.compile(r"^[|｜\s]*标\s*题\s*[：:|｜]?\s*(?P<title>\S.*?)\s*(?:[|｜\s]\s*(?:文\s*号|发\s*文\s*字\s*号|索\s*引\s*号|发布日期|成文日期)\b.*)?$")
_HEADER_LINES = 10  # metadata lines (dates, sources) are looked for among the first lines only


def segment(text: str, *, title: str | None = None) -> tuple[list[Article], PageMeta]:
    """Return the articles of the page (offsets into ``text``) and what its furniture tells."""
    lines = split_lines(text)
    for ln in lines:
        ln.kind = classify(ln)
    _drop_repeated_summaries(lines)
    _quoted_headlines(lines)
    _stopped_headlines(lines)
    labelled = _drop_page_furniture(lines)
    _mark_dated_headings(lines)
    meta = _header_meta(lines, labelled)
    meta.reporters = meta.reporters or _signature_above_metadata(lines)
    lines, cut = _cut_footer(lines)
    footer = _footer_meta(cut)
    meta.publisher = footer.publisher or meta.publisher
    meta.published = meta.published or footer.published  # a signature date (东川市人民政府 / 2024年7月1日)
    meta.reporters = meta.reporters or footer.reporters
    blocks = _blocks(lines)
    title = title or meta.title
    if title and p.is_site_name(title):
        title = None  # a document title that only names the outlet (东川日报) is no headline
    articles: list[Article] = []
    seen: set[str] = set()
    headline_only: Article | None = None  # a page that is nothing but a headline
    for block in blocks:
        art = _article(block, text, len(articles), title if not articles else None)
        if art is None:
            headline_only = headline_only or _headline_only(block, title)
            continue
        key = art.headline + "\n" + art.text
        if key in seen:  # the same article printed twice (mirrors, reposts): keep the first
            continue
        seen.add(key)
        articles.append(art)
    if not articles and headline_only is not None:
        articles.append(headline_only)
    return articles, meta


_QUOTED_HEADLINE_MAX = 40
_SUMMARY_PROBE = 12  # characters of a summary that the lead must repeat
_SUMMARY_REACH = 3  # lines after the summary where the lead is looked for


def _drop_repeated_summaries(lines: list[Line]) -> None:
    """摘要：4月30日下午，县委书记… followed by the story whose lead says the same: the CMS summary is furniture,
    however long it is (a short one is dropped as boilerplate already)."""
    for k, ln in enumerate(lines):
        if ln.kind == "drop":
            continue
        label = p.summary_label(ln.text)
        if label is None:
            continue
        probe = ln.text[label.end():label.end() + _SUMMARY_PROBE].strip()
        if len(probe) >= _SUMMARY_PROBE // 2 and any(probe in later.text for later in lines[k + 1:k + 1 + _SUMMARY_REACH]):
            ln.kind = "drop"



def _quoted_headlines(lines: list[Line]) -> None:
    """A whole quotation with its full stop inside ("“民生无小事，枝叶总关情。”") right above a
    dateline (or a byline then body) is the next article's headline, not the last paragraph of the
    one before: such a line reads as a sentence, so ``classify`` calls it body."""
    for k, ln in enumerate(lines):
        t = ln.text.strip()
        if (
            ln.kind == "body"
            and len(t) <= _QUOTED_HEADLINE_MAX
            and t.startswith("“")
            and t.endswith("”")
            and t.count("“") == 1
            and _next_is_dateline(lines, k)
        ):
            ln.kind = "heading"


_STOPPED_HEADLINE_MAX = 40


def _stopped_headlines(lines: list[Line]) -> None:
    """"龙华区第一届人民代表大会第二次会议开幕。" / "区长某某作政府工作报告。" above the first dateline of a
    page: a title (and its subtitle) printed with a full stop reads as a sentence, so ``classify`` calls
    it body and the dateline below would start a second article. At the top of the page only (before
    any other body), short one-sentence lines right above a dateline are the headline lines."""
    run: list[Line] = []
    for ln in lines:
        if ln.kind == "drop":
            continue
        t = ln.text.strip()
        if ln.kind == "body" and len(t) <= _STOPPED_HEADLINE_MAX and t.endswith("。") \
                and not p.SENTENCE_PUNCT.search(t[:-1]):
            run.append(ln)
            continue
        if run and ln.kind == "dateline":
            for stopped in run:
                stopped.kind = "heading"
        return


def _headline_only(block: Block, title: str | None) -> Article | None:
    """An article with a headline and no body, for a page that has nothing else."""
    head, _body = _split_head(block.lines)
    lines, headline, _head, _rest = _headline_line(head, [], title)
    headline = headline or title or ""
    if not headline:
        return None
    start = lines[0].start if lines else 0
    return Article(index=0, headline=headline, text="", doc_start=start, doc_end=lines[-1].end if lines else 0,
                   text_to_doc=[start])


_FURNITURE_ZONE = 40  # lines from the top (and from the bottom) where toolbars and breadcrumbs are looked for
_CRUMB_MAX = 16  # characters of one breadcrumb item (政府信息公开)
_LABEL_VALUE_MAX = 30  # characters of the value printed under a metadata label


def _drop_page_furniture(lines: list[Line]) -> list[str]:
    """Mark a viewer's or portal's furniture as dropped, where its context shows it is furniture:
    runs of toolbar controls (下载 / 打印 / 全屏 / 【字号： / 加大 …), breadcrumb trails (首页 / > / …),
    metadata labels with their value on the next line (来源： / 四川日报) and a title block printed
    twice around them. Returns the label lines rejoined with their values ("来源：四川日报"), which are
    page metadata for ``_header_meta``."""
    zone = [k for k in range(len(lines)) if k < _FURNITURE_ZONE or k >= len(lines) - _FURNITURE_ZONE]
    kinds = {k: p.furniture_kind(lines[k].text) for k in zone}
    _drop_toolbar_runs(lines, zone, kinds)
    _drop_menu_runs(lines, zone, kinds)
    _drop_breadcrumbs(lines, kinds)
    labelled = _drop_labels(lines, kinds)
    _drop_repeated_head(lines)
    return labelled


def _drop_toolbar_runs(lines: list[Line], zone: list[int], kinds: dict[int, str | None]) -> None:
    """Two or more toolbar controls in a row (already-dropped furniture between them keeps the run)."""
    run: list[int] = []
    for k in [*zone, -1]:
        if k >= 0 and (kinds.get(k) == "toolbar" or (run and lines[k].kind == "drop")) and (not run or k == run[-1] + 1):
            run.append(k)
            continue
        if sum(kinds.get(j) == "toolbar" for j in run) >= 2:
            for j in run:
                lines[j].kind = "drop"
        run = [k] if k >= 0 and kinds.get(k) == "toolbar" else []


_MENU_RUN = 3  # bulleted tabs in a row that make a menu (two bullets may be a short list)


def _drop_menu_runs(lines: list[Line], zone: list[int], kinds: dict[int, str | None]) -> None:
    """Three or more bulleted tabs in a row (• 会议内容 / • 提纲速读 / • 解读评论; • 2018 / • 2019 …)."""
    run: list[int] = []
    for k in [*zone, -1]:
        if k >= 0 and kinds.get(k) == "menu_item" and (not run or k == run[-1] + 1):
            run.append(k)
            continue
        if len(run) >= _MENU_RUN:
            for j in run:
                lines[j].kind = "drop"
        run = [k] if k >= 0 and kinds.get(k) == "menu_item" else []


def _drop_breadcrumbs(lines: list[Line], kinds: dict[int, str | None]) -> None:
    """首页 / > / 政府信息公开 / > / 政府工作报告: a separator and the short items it joins."""
    for k, kind in kinds.items():
        if kind != "crumb_sep":
            continue
        lines[k].kind = "drop"
        for j in (k - 1, k + 1):
            if 0 <= j < len(lines) and _crumb_item(lines[j].text):
                lines[j].kind = "drop"


def _crumb_item(text: str) -> bool:
    t = text.strip()
    return 0 < len(t) <= _CRUMB_MAX and not p.ANY_PUNCT.search(t)


def _drop_labels(lines: list[Line], kinds: dict[int, str | None]) -> list[str]:
    """来源： / 四川日报 — a label alone on its line and its value on the next one."""
    joined: list[str] = []
    for k, kind in kinds.items():
        if kind != "label" or k + 1 >= len(lines):
            continue
        value = lines[k + 1].text.strip()
        if "位置" in lines[k].text and k + 2 < len(lines) and _SOURCE_WORD.search(lines[k + 2].text):
            lines[k].kind = "drop"  # 当前位置： / headline / 来源：… 作者：… — an empty trail above the headline
            continue
        if 0 < len(value) <= _LABEL_VALUE_MAX and not p.SENTENCE_PUNCT.search(value):
            lines[k].kind = lines[k + 1].kind = "drop"
            joined.append(lines[k].text.strip() + value)
    return joined


_SOURCE_WORD = re.compile(r"(来源|稿源|发布时间|发布日期)[：:]")


def _mark_dated_headings(lines: list[Line]) -> None:
    """A heading right above the page's date/来源 line (dropped as furniture) or above a dateline is the
    article's own title: among several title-like lines (site name, breadcrumb, photo caption) the
    headline is chosen from these (``_headline_line``)."""
    for k in range(min(len(lines), _FURNITURE_ZONE) - 1):
        if lines[k].kind != "heading":
            continue
        nxt = lines[k + 1]
        if nxt.kind == "dateline" or (
                nxt.kind == "drop" and (_DATE.search(nxt.text) or _SOURCE_WORD.search(p.fold(nxt.text)))):
            lines[k].dated = True


def _repeat_key(text: str) -> str:
    return "".join(text.split())


def _drop_repeated_head(lines: list[Line]) -> None:
    """A portal prints the title block above its breadcrumb and again below it: among the first lines,
    a headline-like line printed again after furniture is the same title, dropped the second time."""
    seen: set[str] = set()
    furniture_between = False
    for ln in lines[:_FURNITURE_ZONE]:
        if ln.kind == "drop":
            furniture_between = bool(seen)
            continue
        if ln.kind == "body" and len(ln.text) > _HEADLINE_MAX:
            break  # the body has begun
        key = _repeat_key(ln.text)
        if key in seen and furniture_between:
            ln.kind = "drop"
        seen.add(key)


def _header_meta(lines: list[Line], labelled: list[str] | None = None) -> PageMeta:
    """Date and outlet from dropped metadata lines near the top (发布时间：2011-03-29 / 来源：东川日报),
    including labels printed above their value (``labelled``, rejoined)."""
    meta = PageMeta()
    top = [ln.text for ln in lines[:_FURNITURE_ZONE] if ln.kind == "drop" and not p.furniture_kind(ln.text)]
    for line in [*(labelled or []), *top[:_HEADER_LINES]]:
        found = _DATE.search(line)
        if found and meta.published is None:
            meta.published = _safe_date(found)
        folded = p.fold(line)  # 來源：大觀新聞網: labels match in simplified form, the name is cut as printed
        source = (_SOURCE.search(folded.strip()) or _PUBLISHER_CELL.search(folded)
                  or _DATED_OUTLET.match(folded.strip()))
        if source and meta.publisher is None:
            printed = line.strip() if source.re is not _PUBLISHER_CELL else line
            meta.publisher = printed[source.start("name"):source.end("name")]
        title = _TITLE_CELL.match(line) if meta.title is None else None
        if title and p.HAN.search(title.group("title")):
            meta.title = title.group("title")
        if not meta.reporters:
            meta.reporters = _metadata_authors(line)
    meta.breadcrumb = _breadcrumb(lines, labelled or [])
    return meta


def _signature_above_metadata(lines: list[Line]) -> list[str]:
    """谈某 / 2017年10月10日 来源：某某日报: the page's first line of text is only a name and the dropped
    date-or-source line right under it is the article's metadata: the name is its author (a portal
    prints the byline above the date row), not a headline. The line is dropped; returns the names."""
    first = next((k for k, ln in enumerate(lines[:_FURNITURE_ZONE]) if ln.kind != "drop" and ln.text.strip()), None)
    if first is None or first + 1 >= len(lines) or lines[first + 1].kind != "drop":
        return []
    below = p.fold(lines[first + 1].text.strip())
    if not (_DATE.search(below) and ("来源" in below or _DATED_OUTLET.match(below))):
        return []
    names = p.signature_names(lines[first].text.strip())
    if names:
        lines[first].kind = "drop"
    return names


def _breadcrumb(lines: list[Line], labelled: list[str]) -> list[str]:
    """The first breadcrumb trail among the dropped lines near the top: on one line (当前位置：首页 >
    政务信息 > 城口动态), after a label printed alone, or one item per line around separator lines."""
    top = lines[:_FURNITURE_ZONE]
    for text in [*labelled, *(ln.text for ln in top if ln.kind == "drop")]:
        items = p.breadcrumb_items(text)
        if items:
            return items
    items = []
    for k, ln in enumerate(top):
        if ln.kind != "drop" or p.furniture_kind(ln.text) != "crumb_sep":
            continue
        for j in (k - 1, k + 1):
            if not 0 <= j < len(lines) or lines[j].kind != "drop":
                continue
            item = p.fold(lines[j].text.strip())
            if _crumb_item(item) and item not in items and p.HAN.search(item):
                items.append(item)
    return [i for i in items if not p.breadcrumb_home(i)]


# 作者：王某 in a portal's metadata row (来源：区城建局 作者：王某 发布时间：…); not a unit (作者：东川新闻网).
_AUTHOR = re.compile(
    r"(?:^|[\s|｜【（(])作者\s*[：:]\s*(?:[\u4e00-\u9fff]{0,12}记者\s*)?"
    r"([\u4e00-\u9fff·]{2,4}(?:[ 　、，,]+(?!(?:责任)?编辑|责编|审核|校对|来源|发布|浏览|点击|字号|时间|日期)[\u4e00-\u9fff·]{2,4}){0,5})"
    r"(?=$|[\s|｜】）)])")  # one name or several (作者：王某 李某 赵某), never the next label (作者：王某 责任编辑 李某)


def _metadata_authors(line: str) -> list[str]:
    line = p.unglossed(line)
    found = _AUTHOR.search(p.fold(line))  # labels match in simplified form (責任編輯); names cut from the original
    if found is None:
        return []
    reporters, _, _ = p.credits("作者：" + line[found.start(1):found.end(1)])
    return reporters


def _cut_footer(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """Split off the page footer: from a footer marker on, plus trailing short unpunctuated lines.

    Only the last ``_FOOTER_LINES`` lines are considered: a footer is a few lines, not a page.
    Returns (kept lines, footer lines).
    """
    tail_from = len(lines)
    for k in range(max(0, len(lines) - _FOOTER_LINES), len(lines)):
        if p.starts_footer(lines[k].text):
            tail_from = k
            break
    keep = lines[:tail_from]
    cut = lines[tail_from:]
    floor = max(1, len(keep) - _FOOTER_LINES)
    trailing: list[Line] = []
    while len(keep) > floor and _footer_like(keep[-1]):
        trailing.insert(0, keep.pop())  # at most _FOOTER_LINES inserts
    if sum(1 for ln in trailing if _CLOCK_STAMP.fullmatch(ln.text.strip())) >= _TIMELINE_STAMPS:
        keep.extend(trailing)  # 9:30 / 奠基仪式 / 9:25 / 县委书记某某宣布开工: a live text's entries, not a footer
    else:
        cut[:0] = trailing
    return keep, cut


_CLOCK_STAMP = re.compile(r"\d{1,2}[:：]\d{2}")  # a live text's time stamp on a line of its own (9:30)
_TIMELINE_STAMPS = 2  # time stamps among the trailing short lines that make them a live text


def _footer_meta(cut: list[Line]) -> PageMeta:
    """Publisher (中共XX市委宣传部 / 东川市人民政府办公室), signature date and a metadata author
    (【编辑：X 作者：王某】) among the footer lines."""
    meta = PageMeta()
    first = next((ln.text.strip() for ln in cut if ln.text.strip()), "")
    meta.reporters = p.signature_names(first)  # 张某某 李 某 right after the last paragraph: its authors
    for ln in cut:
        line = ln.text.strip()
        meta.reporters = meta.reporters or _metadata_authors(line)
        if not meta.reporters and p.is_byline(line):  # 记 者 | 王某 李某 among the closing credits
            meta.reporters = p.credits(line)[0]
        if p.is_org_line(line):
            meta.publisher = line.lstrip("◎© ")  # ◎ 《某某时报》某某区融媒体中心: the mark is no part of the name
        found = _DATE.fullmatch(line.rstrip("日")) if len(line) <= 12 else None
        if found and meta.published is None:
            meta.published = _safe_date(found)
    return meta


def _safe_date(found: re.Match[str]) -> date | None:
    try:
        return date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    except ValueError:
        return None


def _footer_like(line: Line) -> bool:
    """A trailing line that cannot end an article: furniture, or short with no sentence punctuation."""
    if line.kind == "heading" and _cut_sentence(line.text):
        return False  # 县人大常委会党组副书记某某，县政协…，县委: a list the stored page cut off, not a title
    if line.kind in ("heading", "banner", "drop", "subtitle", "section"):
        return True
    return line.kind == "body" and len(line.text) <= 30 and not p.SENTENCE_PUNCT.search(line.text)


_CUT_SENTENCE_CHARS = 40  # longer than a title with its clauses
_CUT_SENTENCE_COMMAS = 3  # a title has at most two clauses (某县召开会议，部署某工作，强调某事)


def _cut_sentence(text: str) -> bool:
    """A long line of several clauses without an end: the body the page was cut in, not a heading."""
    return len(text.strip()) > _CUT_SENTENCE_CHARS and sum(text.count(c) for c in "，,") >= _CUT_SENTENCE_COMMAS


def _blocks(lines: list[Line]) -> list[Block]:
    """Group lines into articles."""
    blocks: list[Block] = [Block()]
    has_body = False
    for k, ln in enumerate(lines):
        if ln.kind == "drop":
            continue
        cur = blocks[-1]
        starts_new = False
        if has_body and ln.kind == "heading" and _next_is_dateline(lines, k):
            starts_new = True
        elif has_body and cur.lines and cur.lines[-1].kind == "byline" and ln.kind in ("heading", "banner"):
            starts_new = True
        elif has_body and ln.kind == "dateline" and not ln.text.lstrip().startswith(_BOX_MARKS):
            starts_new = True  # 本报讯 … in mid-page: a brief without a headline (简讯)
        if starts_new:
            blocks.append(Block())
            has_body = False
            cur = blocks[-1]
        cur.lines.append(ln)
        if ln.kind in ("body", "dateline") and not _photo_caption(lines, k):
            has_body = True
    return [b for b in blocks if b.lines]


def _photo_caption(lines: list[Line], k: int) -> bool:
    """A body line printed right above a photographer's credit (图为… / 本报记者 王某 摄) is the photo's
    caption, not the article's text: a dateline after it still opens the same article."""
    following = next((ln for ln in lines[k + 1 : k + 3] if ln.kind != "drop"), None)
    return (lines[k].kind == "body" and following is not None and following.kind == "byline"
            and following.text.rstrip()[-1:] in ("摄", "攝"))


def _next_is_dateline(lines: list[Line], k: int) -> bool:
    """After a heading, the next real line opens an article: a dateline, or a byline then body."""
    following = [ln for ln in lines[k + 1 : k + 7] if ln.kind != "drop"]
    dashed_subtitle = False  # "——…见闻": section headings inside an article have no 副题
    while following and following[0].kind in ("subtitle", "banner", "heading"):
        dashed_subtitle = dashed_subtitle or following[0].kind == "subtitle"
        following.pop(0)  # kicker, subtitle, second headline line
    if not following:
        return False
    if following[0].kind == "dateline" or (dashed_subtitle and following[0].kind == "body"):
        return True
    # a leading byline then the body (记者 王某 / 昨天，…); not an end byline followed by the next headline
    return following[0].kind == "byline" and len(following) > 1 and following[1].kind in ("body", "dateline")


def _article(block: Block, text: str, index: int, title: str | None) -> Article | None:
    """Turn one block of lines into an Article (None when it has no body text)."""
    head, body = _split_head(block.lines)
    art = Article(index=index, headline="", text="")
    headline_lines, headline, head, body = _headline_line(head, body, title)
    art.headline = headline or title or ""
    subtitle_lines: list[Line] = []
    for ln in head:
        if any(ln is h for h in headline_lines):
            continue
        if ln.kind == "caption":  # a picture above the headline: keep only its credit
            _strip_caption_credit(art, text, ln.start, ln.end)
        elif ln.kind == "byline":
            _add_credits(art, ln.text)
        else:
            subtitle_lines.append(ln)
    art.subtitles = _subtitle_texts(subtitle_lines)
    pieces, section_flags = _body_pieces(art, body, text)
    if not pieces:
        return None  # a stray heading or caption between articles is not an article
    _build_text(art, text, pieces, section_flags)
    art.doc_start = head[0].start if head else pieces[0][0]
    art.doc_end = pieces[-1][1]
    if not art.headline:
        art.headline = guess_headline(art.text)
        art.headline_guessed = bool(art.headline)
        if art.headline_guessed:
            art.warnings.append(f"headline guessed from the first sentence (none printed): {art.headline}")
    return art


_GUESS_MIN, _GUESS_MAX = 6, 40  # chars of a clause that can stand for a headline
_SENTENCE_SPLIT = re.compile(r"[。！？!?\n]")
_CLAUSE_SPLIT = re.compile(r"[，；：,;:]")


def guess_headline(body: str) -> str:
    """A stand-in headline for an article that prints none: the first clause of its first sentence
    that says more than when (2月2日上午 / 今年 are skipped) and has at least 6 characters, cut
    to 40 characters ("…" marks a cut). Empty for an empty body."""
    lines = body.strip().split("\n")
    while len(lines) > 1 and not p.HAN.search(lines[0]):
        lines.pop(0)  # a timestamp (9:50) or a Latin site name above the text says nothing of it
    sentence = _SENTENCE_SPLIT.split("\n".join(lines), maxsplit=1)[0].strip()
    clauses = [c.strip() for c in _CLAUSE_SPLIT.split(sentence) if c.strip()]
    chosen = next(
        (c for c in clauses if len(c) >= _GUESS_MIN and not p.headline_cue("time_clause", c) and not _unclosed(c)),
        sentence,
    )
    return chosen if len(chosen) <= _GUESS_MAX else chosen[: _GUESS_MAX - 1] + "…"


def _split_head(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """The head block (headline, subtitles, banners, bylines, a caption above) and the body."""
    k = 0
    while k < len(lines) and lines[k].kind in ("heading", "subtitle", "banner", "byline", "caption"):
        if lines[k].kind == "caption" and any(ln.kind == "heading" for ln in lines[:k]):
            break  # a picture under the headline: its caption is body text
        if lines[k].kind == "heading" and k and _opens_with_time(lines[k].text):
            break  # "• 5月14日上午，…" under the headline: the (hard-wrapped) lead, not a subtitle
        k += 1
    return lines[:k], lines[k:]


def _headline_line(
    head: list[Line], body: list[Line], title: str | None = None
) -> tuple[list[Line], str, list[Line], list[Line]]:
    """The lines that make the headline and its text: the first heading run (a kicker above it and
    a subtitle below it left out, see ``_relation``), else a banner-shaped line, else a punctuated
    first line ("“以旧换新”细则出炉！全市…"), which then moves from body to head."""
    first = next((k for k, ln in enumerate(head) if ln.kind == "heading" and not p.is_site_name(ln.text)), None)
    if first is not None:  # 息县融媒体中心 printed under the title names the outlet: never the headline
        titled = next((k for k, ln in enumerate(head) if ln.kind == "heading" and title
                       and _squash(_clean_headline(ln.text)) == _squash(title)), None)
        if titled is not None:
            return [head[titled]], _clean_headline(head[titled].text), head, body  # the page's own title: whole
        run, headline = _headline_run(head, first)
        if any(ln.dated for ln in run):
            return run, headline, head, body  # the heading the date/来源 line follows: the title
        echoed = _echoed_heading(head, run, headline, body)
        if echoed is not None:
            run, headline = _headline_run(head, echoed)
        return run, headline, head, body
    found = next((ln for ln in head if ln.kind == "banner"), None)  # "稳中求进 提质增效"
    if found is not None:
        return [found], found.text.strip(), head, body
    if not head and body and _first_line_headline(body[0]):
        return [body[0]], _clean_headline(body[0].text), [body[0]], body[1:]
    return [], "", head, body


_ECHO_LEAD = 160  # characters of the lead searched for a heading it repeats
_ECHO_WEAK, _ECHO_STRONG = 0.5, 0.6  # share of a heading the lead repeats: not its headline / its headline
_ECHO_MIN = 6  # a heading shorter than this is never chosen for being echoed


def _echoed_heading(head: list[Line], run: list[Line], headline: str, body: list[Line]) -> int | None:
    """Photo captions printed as headings above the title ("某某宣布大会开幕 / 县长某某作报告 / 第十七届人民
    代表大会第六次会议开幕") or a site's banner above it: the headline is the heading the lead repeats
    (the lead of a report restates its title). Returns the index in ``head`` of that heading, when the
    first heading run is not repeated by the lead and another heading clearly is; else None."""
    headings = [k for k, ln in enumerate(head) if ln.kind == "heading" and not any(ln is r for r in run)
                and not p.SPEAKER.match(ln.text.strip())  # the speaker's line (主席 某某) is echoed, not a title
                and not p.is_site_name(ln.text)]  # nor the outlet a dateline repeats (息县融媒体中心1月3日讯)
    if not headings or not body:
        return None
    lead = _squash(body[0].text)[:_ECHO_LEAD]
    if _echo(_squash(headline), lead) >= _ECHO_WEAK:
        return None
    scored = [(_echo(_squash(head[k].text), lead), k) for k in headings if len(_squash(head[k].text)) >= _ECHO_MIN]
    best = max(scored, default=None)
    return best[1] if best is not None and best[0] >= _ECHO_STRONG else None


def _echo(heading: str, lead: str) -> float:
    """Share of ``heading`` covered by its longest common substring with ``lead``."""
    if not heading or not lead:
        return 0.0
    best = 0
    previous = [0] * (len(lead) + 1)
    for ch in heading:
        current = [0] * (len(lead) + 1)
        for j, other in enumerate(lead, 1):
            if ch == other:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best / len(heading)


def _squash(text: str) -> str:
    return "".join(text.split())


# Page metadata a portal prints on the headline's own line (某某项目集中开工发布日期：2016年10月28日).
_TRAILING_METADATA = re.compile(r"\s*(?:发布日期|发布时间|发表时间|更新时间|时间|日期|来源|作者|浏览次数|点击数)[：:]\s*\S.*$")


def _clean_headline(text: str) -> str:
    """The headline as printed, without 原标题： and without metadata glued to its end."""
    headline = p.ORIGINAL_TITLE.sub("", text.strip())
    cut = _TRAILING_METADATA.search(headline)
    return headline[: cut.start()] if cut and cut.start() >= 4 else headline


def _headline_run(head: list[Line], first: int) -> tuple[list[Line], str]:
    """Grow the headline from the first heading over the heading lines right below it.

    A line that continues a wrapped headline is glued on (no space); the second line of a two-line
    headline (双行主题, lines of about equal length) is added after a space, as one-line headlines
    print their parts; a shorter first line above a longer one is a kicker (引题), once; anything
    else ends the headline (副题 below it stay subtitles).
    """
    run, text = [head[first]], _clean_headline(head[first].text)
    shifted = False
    k = first + 1
    while k < len(head) and head[k].kind == "heading" and not head[k - 1].dated:  # the date line ends it
        lower = head[k].text.strip()
        if p.is_site_name(lower):
            break  # 息县融媒体中心 under the title: the outlet, not a second line or the title below a kicker
        relation = _relation(text, lower)
        if relation == "broken":
            text += lower
        elif relation == "halves":
            text += " " + lower
        elif relation == "kicker" and len(run) == 1 and not shifted and not _opens_with_time(lower):
            run, text, shifted = [], lower, True
        else:
            break
        run.append(head[k])
        k += 1
    return run, text


_LEAD_MARKS = "•·●◆■▪► \u3000"


def _opens_with_time(line: str) -> bool:
    """"• 5月14日上午，某某率考察团…": a line whose first clause only says when is the lead of the body
    (hard-wrapped), never the headline under a kicker."""
    first = _CLAUSE_SPLIT.split(line.lstrip(_LEAD_MARKS), maxsplit=1)
    return len(first) > 1 and p.headline_cue("time_clause", first[0].strip())


_CLAUSE_PUNCT = re.compile(r"[，。！？；,;!?]")  # a headline half may have ： or 、 (东川：“链”上发力), not a comma
_HALVES_RATIO = 0.75  # the two lines of a two-line headline are about as long as each other
_HALVES_MIN, _HALVES_MAX = 6, 30  # chars of each line of a two-line headline
_WRAPPED_TAIL = 3  # a lower line this short is the wrapped end of the line above, never a subtitle


def _relation(upper: str, lower: str) -> str:
    """How heading line ``lower`` relates to the headline ``upper`` printed right above it.

    "broken": ``upper`` was wrapped mid-phrase (it ends in a particle/preposition/opener or has an
    unclosed quote or bracket, ``lower`` starts with a particle or closing mark, a number is split,
    or ``lower`` is a 1–3 character tail that is not a name); "halves": two lines of about equal length without a
    comma or sentence mark (双行主题; a line with a comma is a kicker or a stray body line);
    "kicker": ``upper`` is the shorter line (引题 above 主题); "subtitle": the rest, and always a
    bracketed line ("（2026年1月27日在…会议上）") or a speaker line ("省长 王某").
    """
    if _wrapped(upper, lower):
        return "broken"
    if lower.startswith(("（", "(", "【")) or p.SPEAKER.match(lower):
        return "subtitle"
    if lower.startswith(upper) and lower[len(upper):len(upper) + 1] in ("（", "(", "【", "—", "-", "：", ":"):
        return "subtitle"  # the title printed again with its occasion: 政府工作报告 / 政府工作报告（…会议）
    short, long_ = sorted((len(upper), len(lower)))
    if not _CLAUSE_PUNCT.search(upper + lower) and short >= _HALVES_MIN and long_ <= _HALVES_MAX and short >= _HALVES_RATIO * long_:
        return "halves"
    return "kicker" if len(upper) < len(lower) else "subtitle"


def _wrapped(upper: str, lower: str) -> bool:
    """``upper`` and ``lower`` are one line of print wrapped in the middle of a phrase."""
    return (
        _unclosed(upper)
        or p.headline_cue("open_end", upper)
        or p.headline_cue("open_start", lower)
        or p.headline_cue("break_pair", upper[-1:] + lower[:1])
        or (len(lower) <= _WRAPPED_TAIL and not p.headline_cue("name_line", lower))
    )


def _unclosed(text: str) -> bool:
    """An opening quote or bracket without its closing mark (“… / 《… / （…)."""
    return any(text.count(o) > text.count(c) for o, c in ("“”", "《》", "（）", "()", "【】", "‘’"))


def _subtitle_texts(lines: list[Line]) -> list[str]:
    """Subtitle lines as printed, with a dated speech subtitle wrapped over two lines rejoined
    ("——2026年1月26日在东川市第十届" / "人民代表大会第五次会议上")."""
    out: list[str] = []
    open_frame = False
    for ln in lines:
        t = ln.text.strip()
        if out and ln.kind == "heading" and (open_frame or _unclosed(out[-1])) and not p.SPEAKER.match(t):
            out[-1] += t
        else:
            out.append(t)
        last = out[-1]
        open_frame = (p.headline_cue("frame_open", last) and not p.headline_cue("frame_close", last)
                      and not p.headline_cue("occasion", last))  # "…会议上 省长 王某": closed, speaker after
    return out


def _body_pieces(art: Article, body: list[Line], text: str) -> tuple[list[tuple[int, int]], list[bool]]:
    """Spans of ``text`` that are body (datelines, credits and captions' credits cut off), and for
    each whether it is a section heading (a heading-like line with more body after it)."""
    pieces: list[tuple[int, int]] = []
    section_flags: list[bool] = []
    text_follows = [False] * len(body)  # is there body text after line n (not just credits)?
    for n in range(len(body) - 2, -1, -1):
        text_follows[n] = text_follows[n + 1] or body[n + 1].kind not in ("byline", "caption")
    for n, ln in enumerate(body):
        start, end = ln.start, ln.end
        if ln.kind == "byline":
            _add_credits(art, ln.text)
            continue
        if ln.kind == "dateline":
            start = _strip_dateline(art, ln, text)
        else:
            start = _strip_bracket_credit(art, text, start, end)
            if not pieces:
                start = _strip_leading_credit(art, text, start, end)
        if start >= end:
            continue
        end = _strip_trailing_credit(art, text, start, end)
        end = _strip_caption_credit(art, text, start, end)
        if start >= end:
            continue
        pieces.append((start, end))
        section_flags.append(ln.kind in ("heading", "banner", "subtitle", "section") and text_follows[n])
    return pieces, section_flags


def _first_line_headline(line: Line) -> bool:
    """An article's first line that reads as a headline although it has a ！ or ， inside."""
    t = line.text
    return (line.kind == "body" and len(t) <= 60 and "。" not in t and t[-1] not in "。；，、：:"
            and p.HAN.search(t) is not None)  # 9:50 / ZKX's LAB: a timestamp or a site's Latin name is no headline


def _add_credits(art: Article, credit_text: str) -> None:
    reporters, correspondents, photographers = p.credits(credit_text)
    art.reporters += [r for r in reporters if r not in art.reporters]
    art.correspondents += [c for c in correspondents if c not in art.correspondents]
    art.photographers += [x for x in photographers if x not in art.photographers]


def _strip_dateline(art: Article, ln: Line, text: str) -> int:
    """Record the dateline (and a bracketed credit after it); return where the body starts."""
    m = p.dateline(ln.text)
    if m is None:  # the line was classed "dateline" by this same pattern
        return ln.start
    dl = ln.text[m.start("dl"):m.end("dl")]  # from the original (the match ran on a folded copy)
    pos = ln.start + m.end()
    if dl.lstrip().startswith("□"):
        # □记者 陈小红 林晓东 周一鸣 — the rest of the (short) line is names, or names then body
        rest = ln.text[m.end():]
        names = re.match(r"^[\s|｜:：]*((?:[\u4e00-\u9fff·]{2,4}[\s、，,]*)+?)(?=$|[\s]+[^\s]{6,})", rest)
        art.dateline = art.dateline or dl.strip()
        if p.is_byline(ln.text) or names is None:
            _add_credits(art, ln.text)
            return ln.end
        _add_credits(art, dl + " " + names.group(1))
        return ln.start + m.end() + names.end()
    art.dateline = art.dateline or dl.strip()
    rest_start = pos
    while rest_start < ln.end and text[rest_start] in " ：:":
        rest_start += 1
    body_start = _strip_bracket_credit(art, text, rest_start, ln.end, dateline_end=True)
    if body_start == rest_start:
        lead = p.leading_credit(text[rest_start:ln.end])
        if lead:  # 新华社…电 记者王某、李某 昨天… — an unbracketed credit
            _add_credits(art, lead.group("credit"))
            body_start = rest_start + lead.end()
    return body_start


def _strip_bracket_credit(art: Article, text: str, start: int, end: int, dateline_end: bool = False) -> int:
    """A leading "(记者 王某)" / "（融媒体中心记者陈小红）" / "【全媒体记者 王某】" is a credit, not body."""
    m = _BRACKET_CREDIT.match(p.fold(text[start:end])) if dateline_end or text[start:start + 1] in "（(【" else None
    if not m and dateline_end:
        m = p.dateline_names(text[start:end])  # 三秦网讯(田某 贾某): names alone, right after the dateline
    if not m:
        return start
    if art.dateline is not None or dateline_end:
        art.dateline = (art.dateline or "") + text[start + m.start():start + m.end()].strip()
    _add_credits(art, text[start + m.start(1):start + m.end(1)])
    pos = start + m.end()
    while pos < end and text[pos] in " ：:":
        pos += 1
    return pos


def _strip_leading_credit(art: Article, text: str, start: int, end: int) -> int:
    """"本报记者 王某 通讯员 李某 昨天，…" opening the first paragraph: the credit is not body."""
    lead = p.leading_credit(text[start:end])
    if not lead:
        return start
    _add_credits(art, lead.group("credit"))
    return start + lead.end()


def _strip_trailing_credit(art: Article, text: str, start: int, end: int) -> int:
    """"…部署工作。（记者 王某）" / "…部署工作。 记者 王某": the credit goes to the credit lists."""
    line = text[start:end]
    if line[-1:] in _SENTENCE_CLOSERS:  # the common case: a paragraph ending in 。 has no credit after it
        return end
    m = p.trailing_credit(line)
    if not m:
        return end
    offset = len(line) - len(line[-60:])
    credit = line[offset + m.start("credit"):offset + m.end("credit")]
    _add_credits(art, credit)
    if p.office_credit(credit):
        return end  # （某县统计局 王某）: the office stays in the text, where it tells the place of the release
    cut = start + offset + m.start("credit")
    while cut > start and text[cut - 1] == " ":
        cut -= 1
    return cut


def _strip_caption_credit(art: Article, text: str, start: int, end: int) -> int:
    """"…向大会作报告。本报记者 李木 摄" — the photo credit goes to photographers."""
    segment_text = text[start:end]
    if not p.fold(segment_text).endswith("摄"):
        return end
    m = p.caption_credit(segment_text)
    if not m or m.start() == 0 and not p.is_byline(segment_text):
        return end
    _add_credits(art, segment_text[m.start("credit"):m.end("credit")])
    cut = start + m.start()
    while cut > start and text[cut - 1] == " ":
        cut -= 1
    return cut


def _build_text(art: Article, text: str, pieces: list[tuple[int, int]], section_flags: list[bool]) -> None:
    """Join kept spans with "\n", dropping stray spaces between Chinese characters; keep the map."""
    parts: list[str] = []
    mapping: list[int] = []
    pos = 0
    for n, ((start, end), is_section) in enumerate(zip(pieces, section_flags, strict=True)):
        if n:
            parts.append("\n")
            mapping.append(pieces[n - 1][1])  # the newline stands for the end of the previous paragraph
            pos += 1
        chunk = text[start:end]
        if " " in chunk:  # drop stray spaces between Chinese characters (rare: slice the map)
            stray = [(m.start(), m.end()) for m in _CJK_SPACE.finditer(chunk)]
            kept, chunk_map = delete_spans(chunk, stray, range(start, end + 1))
            mapping.extend(chunk_map[:-1])
        else:
            kept = chunk
            mapping.extend(range(start, end))
        para_start = pos
        parts.append(kept)
        pos += len(kept)
        span = (para_start, pos)
        art.paragraphs.append(span)
        if is_section:
            art.sections.append(span)
    mapping.append(pieces[-1][1] if pieces else art.doc_start)
    art.text = "".join(parts)
    art.text_to_doc = mapping
