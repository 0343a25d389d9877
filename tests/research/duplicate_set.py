"""The labelled set of the near-duplicate detector, built at test time (nothing of ../shared is copied).

Every article of the ../shared news corpus is one label; from each, copies are derived the ways copies
arise in the field, and must join its group:

- ``gb18030`` / ``utf16``: the same text re-encoded (a GBK mirror of a UTF-8 page, an exported file);
- ``chrome``: the text inside a portal page with other navigation, breadcrumbs and footer;
- ``repost``: a re-publication: another outlet's source line on top, an editor's line at the end;
- ``edit``: one sentence of the body replaced by another (invented) sentence;
- ``cut``: one sentence deleted.

Distinct articles that must NOT join are every other original, plus the invented pairs of
``data/same_meeting.txt``: different reports on the same meeting (same names, same meeting name).
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from luoshi.reading import ReadError, read_bytes, read_path

VARIANTS = ("gb18030", "utf16", "chrome", "repost", "edit", "cut")
_SENTENCE = re.compile(r"[^。！？]*[。！？]")
_EDIT = "会议还通报了近期安全生产大检查的情况，并对下一阶段工作作了具体部署。"
_CHROME_TOP = ("首页 | 新闻中心 | 政务公开 | 政务服务 | 互动交流 | 专题专栏", "当前位置：首页 > 新闻中心 > 本地要闻")
_CHROME_BOTTOM = ("【打印本页】【关闭窗口】", "主办单位：某某市人民政府办公室　承办：某某市大数据中心",
                  "网站标识码：1234000000　备案号：某ICP备00000000号　联系我们 | 网站地图")


@dataclass(frozen=True)
class Item:
    label: str  # items with the same label are copies of one article
    variant: str  # original | one of VARIANTS | same_meeting
    text: str


def _body(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def _sentence_edit(text: str, replace: bool) -> str | None:
    """Replace (or delete) the middle sentence of the longest paragraph; None if it has fewer than 3."""
    paras = text.split("\n")
    i = max(range(len(paras)), key=lambda k: len(paras[k]))
    sentences = _SENTENCE.findall(paras[i])
    if len(sentences) < 3:
        return None
    mid = len(sentences) // 2
    sentences[mid] = _EDIT if replace else ""
    paras[i] = "".join(sentences) + paras[i][sum(len(s) for s in _SENTENCE.findall(paras[i])):]
    return "\n".join(paras)


def _chrome_page(headline: str, text: str) -> bytes:
    paras = "".join(f"<p>{html.escape(p)}</p>\n" for p in _body(text))
    top = "".join(f'<div class="nav">{html.escape(line)}</div>' for line in _CHROME_TOP)
    bottom = "".join(f'<div class="footer">{html.escape(line)}</div>' for line in _CHROME_BOTTOM)
    page = (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{html.escape(headline)}_某某市人民政府"
            f"</title></head><body>{top}<div class=\"article\"><h1>{html.escape(headline)}</h1>"
            f"<div class=\"info\">发布时间：2024-05-06　来源：本网　浏览次数：</div>"
            f"<div class=\"content\">{paras}</div></div>{bottom}</body></html>")
    return page.encode("utf-8")


def _read_text(data: bytes, name: str) -> str | None:
    """The copy as reading gives it; None when reading refuses the bytes (reported by ``unreadable``)."""
    try:
        _doc, articles = read_bytes(data, name=name)
    except ReadError:
        return None
    return "\n".join(a.text for a in articles)


def build(manifest: Path, unreadable: list[str] | None = None) -> list[Item]:
    """Originals of the corpus (one label each), their derived copies, and the same-meeting pairs.

    Copies that reading refuses are left out and named in ``unreadable`` (a reading finding, not a
    detector one)."""
    unreadable = unreadable if unreadable is not None else []
    import json

    items: list[Item] = []
    base = manifest.parent
    for n, line in enumerate(manifest.read_text(encoding="utf-8").splitlines()):
        if not line.strip():
            continue
        path = base / json.loads(line)["file"]
        _doc, articles = read_path(path)
        text = "\n".join(a.text for a in articles)
        headline = articles[0].headline if articles else ""
        label = f"corpus-{n:03d}"
        items.append(Item(label, "original", text))
        full = (headline + "\n" + text) if headline and not text.startswith(headline) else text
        repost = f"{headline}\n来源：某某日报客户端\n{text}\n（责任编辑：某编辑）"
        for variant, data, name in (("gb18030", full.encode("gb18030"), "copy.txt"),
                                    ("utf16", full.encode("utf-16"), "copy.txt"),
                                    ("chrome", _chrome_page(headline, text), "copy.html"),
                                    ("repost", repost.encode("utf-8"), "repost.txt")):
            copy = _read_text(data, name)
            if copy is None:
                unreadable.append(f"{path.name}/{variant}")
            else:
                items.append(Item(label, variant, copy))
        for variant, replace in (("edit", True), ("cut", False)):
            edited = _sentence_edit(text, replace)
            if edited is not None:
                items.append(Item(label, variant, edited))
    for label, text in _same_meeting():
        items.append(Item(label, "same_meeting", text))
    return items


def _same_meeting() -> list[tuple[str, str]]:
    raw = (Path(__file__).parent / "data" / "same_meeting.txt").read_text(encoding="utf-8")
    raw = "\n".join(line for line in raw.splitlines() if not line.startswith("#"))
    out = []
    for block in re.split(r"^=== ", raw, flags=re.M)[1:]:
        head, _, body = block.partition("\n")
        out.append((f"meeting-{head.strip()}", body.strip()))  # each article its own label
    return out


@dataclass
class Scores:
    positive_pairs: int
    found_pairs: int
    false_merges: list[tuple[str, str]]
    missed: list[tuple[str, str, float]]
    by_variant: dict[str, tuple[int, int]]

    @property
    def recall(self) -> float:
        return self.found_pairs / self.positive_pairs if self.positive_pairs else 1.0


def score(items: list[Item]) -> Scores:
    """Recall over (original, copy) pairs; every detected group spanning two labels is a false merge."""
    from luoshi.research.duplicates import group_duplicates, signature, similarity

    keys = [f"{it.label}/{it.variant}" for it in items]
    sigs = {k: signature(it.text) for k, it in zip(keys, items, strict=True)}
    groups = group_duplicates(sigs.items())
    group_of = {key: g.canonical for g in groups for key, _ in g.members}
    false_merges = []
    for g in groups:
        labels = {k.rsplit("/", 1)[0] for k, _ in g.members}
        if len(labels) > 1:
            false_merges.append(tuple(sorted(labels)))
    by_variant: dict[str, list[int]] = {}
    missed = []
    found = total = 0
    for key, it in zip(keys, items, strict=True):
        if it.variant in ("original", "same_meeting"):
            continue
        original = f"{it.label}/original"
        total += 1
        hit = key in group_of and group_of.get(key) == group_of.get(original)
        found += hit
        counts = by_variant.setdefault(it.variant, [0, 0])
        counts[0] += hit
        counts[1] += 1
        if not hit:
            a, b = sigs[key], sigs[original]
            missed.append((key, original, similarity(a, b) if a is not None and b is not None else -1.0))
    return Scores(total, found, false_merges, missed, {v: (c[0], c[1]) for v, c in by_variant.items()})
