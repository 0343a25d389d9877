"""The hot-path shortcuts of extraction give what the plain definitions they replace give.

Each shortcut (a candidate prefilter, a precomputed table, a memo of a pure function) is checked here
against the straightforward character-by-character definition on invented texts and on samples of its
tables, so a speed-up can never change an extraction result.
"""
from __future__ import annotations

import random

from luoshi.extraction import places


def _naive_longest(text: str, prefix) -> list[tuple[int, int, str]]:
    """The definition: at every position the longest form starting there (prefix lists forms longest
    first), then on after it; else one character on."""
    hits = []
    i, n = 0, len(text)
    while i < n - 1:
        for form in prefix.get(text[i:i + 2], ()):
            if text.startswith(form, i):
                hits.append((i, i + len(form), form))
                i += len(form)
                break
        else:
            i += 1
    return hits


def _texts() -> list[str]:
    gaz = places.gazetteer()
    forms = sorted(gaz.surface)
    rng = random.Random(14)
    filler = "会议强调要坚持稳中求进工作总基调，。、（）ab12"
    texts = ["", "南", "南京", "江苏省南京市玄武区召开会议", "吉林长春、武汉市青山区和秀山自治县",
             "南京南京市市", "□□南通", "南通" * 50]
    for _ in range(200):  # forms glued to each other, to their own prefixes and to filler
        pieces = []
        for _ in range(rng.randint(1, 12)):
            form = rng.choice(forms)
            pieces.append(rng.choice([form, form[:rng.randint(1, len(form))], rng.choice(filler) * rng.randint(0, 3)]))
        texts.append("".join(pieces))
    return texts


def test_gazetteer_scan_is_the_longest_match_at_each_position():
    gaz = places.gazetteer()
    for text in _texts():
        assert gaz._scan(text) == tuple(_naive_longest(text, gaz.prefix)), text


def test_county_short_scan_is_the_longest_match_at_each_position():
    prefixes = places._county_short_prefixes()
    shorts = sorted(places._county_short_names())
    rng = random.Random(7)
    texts = _texts() + ["".join(rng.choice(shorts)[: rng.randint(1, 4)] for _ in range(20)) for _ in range(200)]
    for text in texts:
        assert places._scan_county_shorts(text) == _naive_longest(text, prefixes), text


def test_title_heads_pattern_finds_a_title_wherever_one_is_printed():
    from luoshi.extraction import lexicon

    titles = places._post_heads()  # titles.tsv without the name_only heads (河长 of 河长制)
    rng = random.Random(3)
    pool = "".join(lexicon.words("titles.tsv")) + "市县区委会议员，。"
    tails = ["", "书记", "市委书记", "党委", "主持会议"] + ["".join(rng.choice(pool) for _ in range(rng.randint(0, 6)))
                                                for _ in range(2000)]
    for tail in tails:
        assert bool(places._title_heads().search(tail)) == any(t in tail for t in titles), tail


def _naive_last(text: str, pos: int, delimiters: str) -> int:
    start = pos
    while start > 0 and text[start - 1] not in delimiters and pos - start < 60:
        start -= 1
    return start


def _naive_next(text: str, pos: int, delimiters: str) -> int:
    end = pos
    while end < len(text) and text[end] not in delimiters and end - pos < 60:
        end += 1
    return end


def test_clause_boundaries_are_the_nearest_delimiter_within_60_characters():
    from luoshi.extraction import quantities

    rng = random.Random(5)
    for delimiters in (quantities.CLAUSE_END, quantities.ITEM_END, "-]^\\"):
        for _ in range(300):
            text = "".join(rng.choice("增长亿元" * rng.choice((2, 40, 400)) + delimiters + "-]^\\") for _ in range(rng.randint(0, 200)))
            for pos in {0, len(text), rng.randint(0, len(text)), rng.randint(0, len(text))}:
                assert quantities._last_boundary(text, pos, delimiters) == _naive_last(text, pos, delimiters)
                assert quantities._next_boundary(text, pos, delimiters) == _naive_next(text, pos, delimiters)


def test_marker_matches_are_the_alternations_matches():
    from luoshi.extraction import quantities

    words = [row[0] for row in quantities._marker_lexicon()]
    rng = random.Random(11)
    pieces = [*words, "2025年", "2024年内", "12025年", "2025年1", "年", "比", "0", "，", "今年"]
    texts = ["", "2025年", "2025年内力争", "比上年同期2024年全年", "20252026年底前"]
    texts += ["".join(rng.choice(pieces)[: rng.randint(1, 6)] for _ in range(rng.randint(1, 40))) for _ in range(1000)]
    for text in texts:
        expected = [(m.span(), m.group(), bool(m.group("year"))) for m in quantities._marker_pattern().finditer(text)]
        got = [(m.span(), m.group(), m.re is quantities._year_marker_pattern())
               for m in quantities._marker_matches(text)]
        assert got == expected, text


def test_quantity_matches_are_the_patterns_matches():
    from luoshi.extraction import quantities

    rng = random.Random(13)
    pieces = ["百分之", "百分之五十", "4.6万", "1,200", "2万5000", "一千二百", "两百", "三点五", "１２", "５%", "12 %",
              "亿元", "万人", "个", "%", "以上", "左右", "超过", "约", "第", "-", "至", "，", "。", "的", "一", "年", "百"]
    texts = ["", "百", "百分之", "一", "2025年增长5.5%左右", "百分之3.5，1.2.3万", "１２３４万元"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 30))) for _ in range(2000)]
    for text in texts:
        expected = [(m.span(), m.groupdict()) for m in quantities._quantity_pattern().finditer(text)]
        assert [(m.span(), m.groupdict()) for m in quantities._quantity_matches(text)] == expected, text


def test_malformed_number_pattern_is_the_look_behind_definition():
    import re

    from luoshi.extraction import quantities

    definition = re.compile(r"(?<![\d.])\d+(?:\.\d+){2,}(?:[万亿]+|%|[个人元名家户项])")
    rng = random.Random(17)
    texts = ["1.2.3万", "a1.2.3%", ".1.2.3个", "11.2.3.4元", "1.2万", "第1.2.3.4人"]
    texts += ["".join(rng.choice("0123456789..万亿%个元a，") for _ in range(rng.randint(0, 30))) for _ in range(3000)]
    for text in texts:
        assert [m.span() for m in quantities._MALFORMED_NUMBER.finditer(text)] == \
            [m.span() for m in definition.finditer(text)], text


def test_traditional_tests_are_the_set_definitions():
    from luoshi.reading import traditional

    chars = sorted(traditional._traditional_chars())
    rng = random.Random(19)
    simplified = "市委书记会议强调要坚持稳中求进工作总基调，。2025年"
    astral = [c for c in chars if ord(c) > 0xFFFF][:5]
    plain_astral = next(chr(c) for c in range(0x20000, 0x2A6DF) if chr(c) not in traditional._traditional_chars())
    texts = ["", "市委書記", "於", simplified * 30, plain_astral * 10, simplified + plain_astral, *astral,
             "".join(astral) * 3, simplified + plain_astral + "".join(astral)]
    for _ in range(500):
        share = rng.choice((0.0, 0.01, 0.05, 0.5))
        texts.append("".join(rng.choice(chars) if rng.random() < share else rng.choice(simplified)
                             for _ in range(rng.randint(0, 400))))
    for text in texts:
        present = traditional._traditional_chars().intersection(text)
        assert traditional.has_traditional(text) == bool(present), text
        trad = sum(text.count(ch) for ch in present)
        han = len(traditional._HAN.findall(text)) or 1
        expected = bool(present) and trad >= traditional.TRADITIONAL_MIN and trad / han >= traditional.TRADITIONAL_SHARE
        assert traditional.is_traditional(text) == expected, text


def test_named_before_is_the_slice_by_slice_definition():
    gaz = places.gazetteer()

    def naive(text: str, at: int) -> bool:
        return any(text[max(0, end - n):end] in gaz.surface
                   for end in (at, at + 1) for n in range(2, places._LONGEST_FORM + 1) if end - n >= 0)

    for text in _texts():
        for at in range(len(text)):
            assert places._named_before(text, at) == naive(text, at), (text, at)


def test_sentence_start_patterns_are_tried_only_at_sentence_starts():
    from luoshi.extraction import commitments, interviews, lexicon, people

    cases = [(commitments._narration_pattern(), commitments._NARRATION_AFTER, "narration_starts.tsv"),
             (people._bare_attendance(), people._ATTENDANCE_AFTER, "attendance_words.tsv"),
             (people._named_label(), "\n", "interview_labels.tsv"),
             (interviews._label_pattern(), interviews._LABEL_AFTER, "interview_labels.tsv")]
    rng = random.Random(23)
    for pattern, after, words_file in cases:
        pieces = [*lexicon.words(words_file), *after, "王小明", "李华", "、", "：", ":", "（张三）", " ", "\u3000", "等",
                  "出席", "会议", "。", "\n", "记者", "问"]
        texts = ["", *after, "".join(after) * 3]
        texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 40))) for _ in range(1500)]
        for text in texts:
            expected = [(m.span(), m.groups()) for m in pattern.finditer(text)]
            assert [(m.span(), m.groups()) for m in lexicon.matches_after(pattern, text, after)] == expected, text
