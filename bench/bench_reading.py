"""Throughput of the reading stage (decode + normalise + repair + segment) on generated pages.

    .venv/bin/python bench/bench_reading.py [--mb 20] [--seed 1] [--stages] [--profile 25]

``--stages`` also prints the CPU time of each stage (sniff, decode, normalise, repair, segment);
``--profile N`` runs the timed loop under cProfile and prints the N functions with the most own time.
Wall-clock MB/s depends on the machine's load (on a shared 2-core box it is often half the CPU
figure or less); the CPU figure is the one to compare between versions.

Generates page-like text from templates in this file (invented cities and names; multi-article
evening-paper pages with column breaks, ASCII commas, full-width digits, bylines and a WeChat
footer), encodes a third of the pages as GB18030, and times ``read_bytes`` on one core. Prints MB/s.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import time

from luoshi.reading import read_bytes

CITIES = ["东川", "西山", "南湖", "北塘", "青峰", "云溪", "白沙", "金桥"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "小川一鸣晓燕文君海峰立新志远雨欣木子明华"
VERBS = ["召开", "部署", "推进", "调研", "会见", "考察"]
TOPICS = ["重点项目建设", "城市更新", "乡村振兴", "科技创新", "招商引资", "安全生产", "民生实事", "营商环境"]
CLAUSES = [
    "要坚持问题导向，压实工作责任",
    "全年新开工亿元以上项目不少于{n}个",
    "确保完成投资{n}亿元以上",
    "各地各部门要强化协同、形成合力",
    "加快打造一流营商环境，持续优化政务服务",
    "城镇新增就业{n}万人",
    "推动“{t}”行动落地见效",
    "扎实办好民生实事，切实增强群众获得感",
]


def name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice([1, 2])))


def full_width_digits(text: str) -> str:
    return text.translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"})


def paragraph(rng: random.Random) -> str:
    sentences = []
    for _ in range(rng.randint(2, 5)):
        clauses = [rng.choice(CLAUSES).format(n=rng.randint(2, 300), t=rng.choice(TOPICS)) for _ in range(rng.randint(2, 4))]
        sentences.append(",".join(clauses) + "。")  # ASCII commas, as some pages print them
    text = rng.choice(CITIES) + "市" + "".join(sentences)
    return full_width_digits(text) if rng.random() < 0.3 else text


def article(rng: random.Random) -> list[str]:
    city = rng.choice(CITIES)
    lines = [f"{name(rng)}主持{rng.choice(VERBS)}{city}市{rng.choice(TOPICS)}工作 {rng.choice(TOPICS)}取得新成效"]
    if rng.random() < 0.3:
        lines.append("——深入学习贯彻全会精神")
    body = [paragraph(rng) for _ in range(rng.randint(3, 8))]
    body[0] = "晚报讯 昨天下午," + body[0]
    for k in range(len(body)):
        if rng.random() < 0.25:  # a column break inside the paragraph
            cut = rng.randint(5, len(body[k]) - 5)
            if body[k][cut - 1] not in "。":
                lines += [body[k][:cut], body[k][cut:]]
                continue
        lines.append(body[k])
    lines.append(f"记者{name(rng)}")
    return lines


def page(rng: random.Random) -> str:
    lines: list[str] = []
    for _ in range(rng.randint(3, 6)):
        lines += article(rng)
    lines += ["书香东川", "查看更多,请扫码关注", "中共东川市委宣传部"]
    return "\n\n".join("\u3000\u3000" + ln if rng.random() < 0.5 else ln for ln in lines) + "\n"


def corpus(megabytes: float, seed: int) -> list[bytes]:
    rng = random.Random(seed)
    pages: list[bytes] = []
    size = 0
    while size < megabytes * 1024 * 1024:
        text = page(rng)
        data = text.encode("gb18030") if len(pages) % 3 == 2 else text.encode("utf-8")
        pages.append(data)
        size += len(data)
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0, help="megabytes of generated pages (default 20)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--stages", action="store_true", help="also print CPU time per stage")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="cProfile; print the top N functions")
    args = parser.parse_args()
    pages = corpus(args.mb, args.seed)
    total = sum(len(p) for p in pages)
    read_bytes(pages[0], name="warm-up.txt")  # compile the pattern files once, outside the timing
    articles = 0
    profiler = cProfile.Profile() if args.profile else None
    start, cpu_start = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    for k, data in enumerate(pages):
        _doc, arts = read_bytes(data, name=f"page-{k}.txt")
        articles += len(arts)
    if profiler:
        profiler.disable()
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    mb = total / 1024 / 1024
    print(
        f"{len(pages)} pages, {mb:.1f} MB, {articles} articles: {elapsed:.1f} s wall ({mb / elapsed:.2f} MB/s), "
        f"{cpu:.1f} s CPU on one core ({mb / cpu:.2f} MB/s)"
    )
    if args.stages:
        print_stages(pages)
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.profile)


def print_stages(pages: list[bytes]) -> None:
    """CPU seconds per stage over all pages (the stages called one by one, as read_bytes does)."""
    from luoshi.reading.decode import decode_bytes
    from luoshi.reading.normalise import normalise
    from luoshi.reading.repair import repair
    from luoshi.reading.segment import segment
    from luoshi.reading.sniff import detect_format

    spent = dict.fromkeys(("sniff", "decode", "normalise", "repair", "segment"), 0.0)
    for data in pages:
        marks = [time.process_time()]
        detect_format(data, "page.txt")
        marks.append(time.process_time())
        text, _encoding = decode_bytes(data, "page.txt", html=False, warnings=[])
        marks.append(time.process_time())
        normalised, mapping = normalise(text)
        marks.append(time.process_time())
        repaired, _map, _joins = repair(normalised, mapping)
        marks.append(time.process_time())
        segment(repaired)
        marks.append(time.process_time())
        for name, before, after in zip(spent, marks, marks[1:], strict=True):
            spent[name] += after - before
    print("CPU by stage: " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in spent.items()))


if __name__ == "__main__":
    main()
