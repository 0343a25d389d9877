"""Marks the recogniser loses, restored from the page's ink (reading/ocr.py ``_dash``, ``_spaces``): a
subtitle's —— read as 一, and the spaces between a byline's names. Lines are drawn here in Noto CJK with
character boxes placed as rapidocr places them (one average character wide, centred where each
character is), so no OCR runs."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

import scans
from luoshi.reading import ocr

SIZE = 60
Y0, Y1 = 20, 20 + SIZE + 10


def _draw(printed: str, *, bold: bool = False, serif: bool = True) -> tuple[np.ndarray, list[float]]:
    """A line image and the centre of each printed character's advance."""
    font = scans.font(SIZE, bold=bold, serif=serif)
    img = Image.new("L", (60 + int(font.getlength(printed)) + 60, Y1 + 20), 255)
    ImageDraw.Draw(img).text((60, 22), printed, font=font, fill=0)
    centres = [60 + font.getlength(printed[:i]) + font.getlength(printed[i]) / 2 for i in range(len(printed))]
    return np.asarray(img), centres


def _boxes(centres: list[float]) -> list[list[list[float]]]:
    return [[[c - SIZE / 2, Y0], [c + SIZE / 2, Y0], [c + SIZE / 2, Y1], [c - SIZE / 2, Y1]] for c in centres]


def _read(printed: str, read: str, **font: bool) -> str:
    """``printed`` drawn, recognised as ``read`` (the characters of ``printed`` without its spaces, a
    leading —— read as 一 placed on the dash's second half, as detection boxes cut its start)."""
    image, centres = _draw(printed, **font)
    ink = ocr._Ink(image)
    if printed.startswith("——"):
        centres = [centres[1]] + centres[2:]
        printed = printed[1:]
    kept = [c for c, ch in zip(centres, printed, strict=True) if ch != " "]
    chars = list(read)
    assert len(chars) == len(kept)
    boxes = _boxes(kept)
    assert ink.for_line(boxes)
    return "".join(ocr._spaces(ink, boxes, ocr._dash(ink, boxes, chars)))


@pytest.mark.parametrize("font", [{}, {"bold": True}, {"serif": False, "bold": True}])
def test_a_subtitles_dash_read_as_one_is_two_dashes(font):
    assert _read("——市委八届十二次全会侧记", "一市委八届十二次全会侧记", **font) == "——市委八届十二次全会侧记"


@pytest.mark.parametrize("printed", ["一是加强组织领导", "一、总体要求", "一二三四五六", "一一对应落实"])
def test_a_real_one_stays(printed):
    assert _read(printed, printed) == printed


@pytest.mark.parametrize("font", [{}, {"serif": False}])
def test_the_spaces_between_a_bylines_names_are_put_back(font):
    assert _read("记者 赵伟伟 孙欣 张咪", "记者赵伟伟孙欣张咪", **font) == "记者 赵伟伟 孙欣 张咪"


@pytest.mark.parametrize("printed", ["坚决落实过紧日子要求", "提高企业自主创新能力", "八川小儿北非州门日目"])
def test_no_space_where_none_is_printed(printed):
    # narrow glyphs (日) leave wide margins and some (八, 川) gaps inside: their centres still stand one em apart
    assert _read(printed, printed) == printed


def test_a_headline_keeps_its_two_halves_apart():
    assert _read("扬帆逐梦再启航 乘风破浪谱新篇", "扬帆逐梦再启航乘风破浪谱新篇", bold=True) == "扬帆逐梦再启航 乘风破浪谱新篇"
