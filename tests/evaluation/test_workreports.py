"""``luoshi eval`` on work-report gold: the in-process scorer gives the figures of the reference
script in ../shared/tools, and its rules (ranges as one target, results never targets) hold."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from luoshi.evaluation.metrics import Counts
from luoshi.evaluation.workreports import (
    WorkReportGold,
    _extract_json,
    evaluate_workreports,
    is_workreport_folder,
    score_workreport,
    target_key,
)

TEXT = ("一、2025年工作回顾\n地区生产总值增长5.2%。\n二、2026年工作安排\n"
        "今年主要预期目标是：地区生产总值增长5%—5.5%，城镇新增就业8万人以上。\n新建学校10所。\n")


def _gold(**extra) -> WorkReportGold:
    fields = dict(path=Path("x.json"), file="x.txt", published=date(2026, 1, 20), place="东川市",
                  title="2026年东川市政府工作报告", paragraph_first="今年主要预期目标是：地区生产总值增",
                  paragraph_last="城镇新增就业8万人以上。",
                  expected_targets=[{"value": None, "low": 5, "high": 5.5, "unit": "%", "comparator": "between"},
                                    {"value": 80000, "unit": "人", "comparator": ">="}],
                  results=[{"value": 5.2, "unit": "%"}],
                  task_targets=[{"value": 10, "unit": "所", "comparator": "=", "text": "新建学校10所"}],
                  task_targets_optional=[])
    fields.update(extra)
    return WorkReportGold(**fields)


def _commitment(text_piece: str, target: dict) -> dict:
    return {"span": [TEXT.index(text_piece), TEXT.index(text_piece) + len(text_piece)], "target": target,
            "owner": {"org": "东川市人民政府"}}


def test_a_range_is_one_target_keyed_by_its_bounds():
    assert target_key({"comparator": "between", "low": 5, "high": 5.5, "unit": "%", "value": 5}) == (
        None, 5.0, 5.5, "%", "between")
    assert target_key({"comparator": "≥", "value": 8, "unit": "万人"})[4] == ">="


def test_expected_targets_results_and_tasks_are_scored_apart():
    payload = {"articles": [{"headline": "2026年东川市政府工作报告", "text": TEXT, "statistics": [
        {"value": 5.2, "unit": "%", "span": [TEXT.index("5.2%"), TEXT.index("5.2%") + 4]}], "commitments": [
        _commitment("5%—5.5%", {"value": 5, "low": 5, "high": 5.5, "unit": "%", "comparator": "between"}),
        _commitment("8万人以上", {"value": 80000, "unit": "人", "comparator": ">="}),
        _commitment("10所", {"value": 10, "unit": "所", "comparator": "="}),
    ]}]}
    score = score_workreport(_gold(), payload, "x.txt")
    assert score.counts["expected_targets"] == Counts(2, 0, 0)
    assert score.counts["ranges"] == Counts(1, 0, 0)
    assert score.counts["expected_owners"] == Counts(2, 0, 0)
    assert score.counts["task_targets"] == Counts(1, 0, 0)
    assert score.counts["results_as_statistics"] == Counts(1, 0, 0)
    assert score.headline_is_title and score.results_taken_for_targets == 0


def test_a_result_of_the_review_taken_for_a_target_is_an_error():
    payload = {"articles": [{"headline": "下载全屏", "text": TEXT, "statistics": [], "commitments": [
        _commitment("5.2%", {"value": 5.2, "unit": "%", "comparator": "="})]}]}
    score = score_workreport(_gold(), payload, "x.txt")
    assert score.results_taken_for_targets == 1 and not score.headline_is_title
    assert score.counts["expected_targets"] == Counts(0, 0, 2)


def test_the_in_process_scorer_agrees_with_the_reference_script(shared_dir, tmp_path):
    gold_dir = shared_dir / "gold" / "workreports"
    assert is_workreport_folder(gold_dir) and not is_workreport_folder(shared_dir / "gold" / "dev")
    payloads: dict[str, dict] = {}

    def extractor(path: Path, published: date | None) -> dict:
        payloads[path.name] = _extract_json(path, published)
        (tmp_path / (path.name + ".json")).write_text(json.dumps(payloads[path.name], ensure_ascii=False),
                                                      encoding="utf-8")
        return payloads[path.name]

    ours = evaluate_workreports(gold_dir, shared_dir, extractor=extractor)
    script = shared_dir / "tools" / "score_workreports.py"
    out = subprocess.run([sys.executable, str(script), str(gold_dir), "--root", str(shared_dir),
                          "--cmd", f'cat "{tmp_path}/$(basename {{file}}).json"'],
                         capture_output=True, text=True, timeout=120).stdout
    reference = {line[:22].strip(): line[22:].split("(")[1] for line in out.splitlines() if "(tp " in line}
    names = {"expected targets": "expected_targets", "ranges": "ranges", "expected owners": "expected_owners",
             "task targets": "task_targets", "results as statistics": "results_as_statistics"}
    for label, field in names.items():
        c = ours.totals[field]
        assert reference[label] == f"tp {c.tp} fp {c.fp} fn {c.fn})", label
    taken = sum(d.results_taken_for_targets for d in ours.documents)
    assert f"last year's results taken for targets: {taken} of" in out
    assert f"headline read as the report's title: {sum(d.headline_is_title for d in ours.documents)} of" in out


def test_paragraph_anchor_cut_inside_a_pinyin_gloss_still_finds_the_paragraph():
    from luoshi.evaluation.workreports import _anchor, _normal_map

    text, index = _normal_map("城鎮登記失業(yè)率控制在4%以內。")
    assert _anchor("yè)率控制在4%以內。") in text
    assert text.startswith("城镇登记失业率")  # gloss left out, folded; index points into the printed text
    assert index[text.index("率")] == "城鎮登記失業(yè)率".index("率")
