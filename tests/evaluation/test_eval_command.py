"""``luoshi eval``: a folder of gold files in, a per-field report out; bars make it exit 1."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from luoshi.cli.eval_commands import parse_bars, register
from luoshi.evaluation import evaluate_folder

REPORT = "江城市召开开放型经济推进会\n本报讯（记者 苏文）3月4日，江城市召开会议。市委书记周明远出席会议。\n"


def make_app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:  # a group, as in the real luoshi app
        """test app"""

    register(app)
    return app


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    """shared-like layout: root/raw/report.txt and root/gold/dev/report.json."""
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "report.txt").write_text(REPORT, encoding="utf-8")
    gold = tmp_path / "gold" / "dev"
    gold.mkdir(parents=True)
    (gold / "report.json").write_text(json.dumps({
        "file": "raw/report.txt", "published": "2024-03-05",
        "articles": [{"headline": "江城市召开开放型经济推进会", "reporters": ["苏文"], "place": "江城市",
                      "people": [{"name": "周明远", "title": "市委书记"}], "events": [], "targets": [],
                      "statistics": [], "must_contain": ["市委书记周明远出席会议"]}],
        "must_not_contain": ["扫码关注"]}, ensure_ascii=False), encoding="utf-8")
    return gold


def fake_reader(path, published=None):
    """A stand-in for reading: one article, headline = first line (the runner is under test here)."""
    from luoshi.reading.model import Article, SourceDocument

    text = Path(path).read_text(encoding="utf-8")
    head, body = text.split("\n", 1)
    doc = SourceDocument(path=str(path), raw=text.encode(), sha256="0", format="text", encoding="utf-8",
                         original_text=text, text=text, published=published)
    return doc, [Article(index=0, headline=head, text=body, published=published)]


def test_evaluate_folder_resolves_inputs_beside_the_gold_folder(gold_dir):
    report = evaluate_folder(gold_dir, reader=fake_reader)
    assert [d.error for d in report.documents] == [None]
    totals = report.totals
    assert totals["articles"].f1 == 1.0 and totals["repaired_passages"].f1 == 1.0
    assert totals["boilerplate"].f1 == 1.0
    assert totals["reporters"].fn == 1  # the fake reader finds no byline


def test_unreadable_input_is_scored_as_all_missed_with_the_reason(gold_dir):
    (gold_dir.parent.parent / "raw" / "report.txt").unlink()
    report = evaluate_folder(gold_dir, reader=fake_reader)
    assert "report.txt" in report.documents[0].error
    assert report.totals["articles"].fn == 1 and report.totals["people"].fn == 1


def test_eval_command_prints_every_field(gold_dir):
    result = CliRunner().invoke(make_app(), ["eval", str(gold_dir)])
    assert result.exit_code == 0, result.output
    for name in ("articles", "people_with_title", "target_owners", "repaired_passages", "boilerplate"):
        assert name in result.output


def test_eval_command_json_has_fields_and_files(gold_dir):
    result = CliRunner().invoke(make_app(), ["eval", str(gold_dir), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["schema"] == "luoshi.eval/1"
    assert set(data["fields"]["people"]) == {"tp", "fp", "fn", "precision", "recall", "f1"}
    assert data["files"][0]["input"] == "raw/report.txt"


def test_missed_bar_exits_one(gold_dir):
    # nothing can reach an F1 above 1, so this bar is always missed
    result = CliRunner().invoke(make_app(), ["eval", str(gold_dir), "--summary", "--min-f1", "articles=1.01"])
    assert result.exit_code == 1
    assert "bar missed: articles" in result.output


def test_not_a_gold_folder_is_one_line_and_exit_two(tmp_path):
    result = CliRunner().invoke(make_app(), ["eval", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "nope: not a folder of gold files" in result.output


def test_parse_bars():
    assert parse_bars(["targets=0.9", "people with title=0.95"]) == {"targets": 0.9, "people_with_title": 0.95}
    with pytest.raises(ValueError):
        parse_bars(["targets"])
    with pytest.raises(ValueError):
        parse_bars(["targets=high"])


def test_field_option_limits_the_listed_misses(gold_dir):
    (gold_dir.parent.parent / "raw" / "report.txt").write_text("另一个标题\n正文没有人名。\n", encoding="utf-8")
    result = CliRunner().invoke(make_app(), ["eval", str(gold_dir), "--field", "people"])
    assert result.exit_code == 0, result.output
    assert "miss  people:" in result.output and "miss  reporters:" not in result.output


def test_compare_shows_how_f1_moved_since_an_earlier_report(gold_dir, tmp_path):
    earlier = json.loads(CliRunner().invoke(make_app(), ["eval", str(gold_dir), "--json"]).output)
    earlier["fields"]["people"]["f1"] -= 0.25  # as if people had been worse before
    baseline = tmp_path / "before.json"
    baseline.write_text(json.dumps(earlier), encoding="utf-8")
    result = CliRunner().invoke(make_app(), ["eval", str(gold_dir), "--summary", "--compare", str(baseline)])
    assert result.exit_code == 0, result.output
    people_line = next(line for line in result.output.splitlines() if line.startswith("people "))
    assert people_line.rstrip().endswith("+0.250")


def test_compare_refuses_a_file_that_is_not_an_eval_report(gold_dir, tmp_path):
    other = tmp_path / "other.json"
    other.write_text("{}", encoding="utf-8")
    result = CliRunner().invoke(make_app(), ["eval", str(gold_dir), "--compare", str(other)])
    assert result.exit_code == 2 and "not a luoshi eval --json report" in result.output
