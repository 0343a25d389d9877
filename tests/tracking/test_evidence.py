"""Evidence: statistics of a later report proposed for open items (with reasons), accepted into progress
(turning lights), rejected, added by hand; progress reports and attachments; the whole loop on samples/."""
from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from luoshi.tracking.errors import InvalidTransition, PermissionDenied, ValidationFailed
from luoshi.tracking.evidence import (
    accept_evidence,
    add_file_evidence,
    add_span_evidence,
    list_evidence,
    reject_evidence,
)
from luoshi.tracking.intake import after_ingest
from luoshi.tracking.items import get_item
from luoshi.tracking.matching import metric_similarity, units_compatible
from luoshi.tracking.progress import UploadedFile, add_progress, get_attachment, list_progress
from luoshi.tracking.workflow import transition
from tracking.ledger_fixtures import (
    HOUSING_CLERK,
    JOBS_CLERK,
    PLENUM,
    RESULTS,
    SUPERVISOR,
    VIEWER,
    Doc,
    S,
    assign_all,
    store,
)

SEPT = date(2026, 9, 10)


@pytest.fixture
def loop(session):
    items = after_ingest(session, store(session, PLENUM).id).item_ids
    result = after_ingest(session, store(session, RESULTS).id)
    return items, result


def test_metric_similarity_and_units():
    assert metric_similarity("新增城镇就业", "城镇新增就业") == 1.0
    assert metric_similarity("开展职业技能培训", "职业技能培训") == pytest.approx(0.857, abs=0.001)
    assert metric_similarity("城镇登记失业率", "新增城镇就业") < 0.6
    assert units_compatible("亩", "公顷") and not units_compatible("人", "人次") and not units_compatible(None, "人")


def test_generic_words_do_not_make_metrics_similar():
    from luoshi.tracking.matching import metric_core

    assert metric_core("1—8月全市外贸进出口总额") == "外贸进出口总额"
    assert metric_similarity("实际使用外资同比增长", "实际使用外资增长") == 1.0
    assert metric_similarity("同比增长", "实际使用外资同比增长") == 0.0
    assert metric_similarity("增长", "增长") == 0.0


def test_undated_reports_propose_no_evidence(session):
    after_ingest(session, store(session, PLENUM).id)
    undated = Doc(published=None, statistics=[S("全市新增城镇就业3.6万人", "新增城镇就业", 36000, "人")])
    assert after_ingest(session, store(session, undated).id).evidence_proposed == 0


def test_later_statistics_are_proposed_with_reasons(session, loop):
    items, result = loop
    assert result.items_proposed == 0 and result.evidence_proposed == 3  # the jobless rate matches nothing
    by_item = {e.item_id: e for e in list_evidence(session, SUPERVISOR, status="proposed")}
    jobs = by_item[items[0]]
    assert (jobs.value, jobs.unit, jobs.quote) == (36000, "人", "全市新增城镇就业3.6万人")
    assert jobs.reason == "同一地点临江市；单位人一致；指标相似度1.00；日期在期限内"
    assert "日期晚于期限70天（宽限期内）" in by_item[items[2]].reason


def test_every_evidence_proposal_writes_an_audit_row(session, loop):
    """Issue 11 row 15: an auto-proposed piece of evidence leaves a trace (who, which item, which figure)."""
    from luoshi.storage.ledger_models import AuditEntry

    _, result = loop
    proposed = list_evidence(session, SUPERVISOR, status="proposed")
    rows = session.scalars(select(AuditEntry).where(AuditEntry.action == "propose",
                                                    AuditEntry.entity_type == "evidence")).all()
    assert len(rows) == result.evidence_proposed == len(proposed) == 3
    assert sorted(r.entity_id for r in rows) == sorted(str(e.id) for e in proposed)
    assert {r.actor for r in rows} == {"system"}


def test_evidence_needs_same_place_and_a_date_inside_the_period(session):
    items = after_ingest(session, store(session, PLENUM).id).item_ids
    elsewhere = Doc(published=date(2026, 9, 8), place="江城市", statistics=[S("新增城镇就业3.6万人", "新增城镇就业", 36000, "人")])
    assert after_ingest(session, store(session, elsewhere).id).evidence_proposed == 0
    before = Doc(published=date(2025, 12, 1), statistics=[S("全年新增城镇就业4万人", "新增城镇就业", 40000, "人")])
    assert after_ingest(session, store(session, before).id).evidence_proposed == 0
    assert items


def test_results_ingested_before_the_targets_are_still_proposed(session):
    assert after_ingest(session, store(session, RESULTS).id).evidence_proposed == 0
    result = after_ingest(session, store(session, PLENUM).id)
    assert result.items_proposed == 3 and result.evidence_proposed == 3


def test_statistics_are_not_proposed_twice(session, loop):
    _, result = loop
    assert after_ingest(session, result_document_id(session, result)).evidence_proposed == 0


def result_document_id(session, result):
    from luoshi.storage.ledger_models import Evidence
    from luoshi.storage.models import Article

    evidence = session.get(Evidence, result.evidence_ids[0])
    return session.get(Article, evidence.article_id).document_id


def test_accepting_evidence_records_progress_and_turns_the_light(session, loop):
    items, _ = loop
    assign_all(session, items)
    proposals = {e.item_id: e for e in list_evidence(session, SUPERVISOR, status="proposed")}
    for item_id in items:
        accept_evidence(session, SUPERVISOR, proposals[item_id].id, why="统计局数据", today=SEPT)
    jobs, renovation, housing = (get_item(session, SUPERVISOR, i) for i in items)
    assert (jobs.progress_value, jobs.light) == (36000, "green")  # 86% at 69% of the year
    assert renovation.light == "yellow" and renovation.light_reason.startswith("进度38%，时间已过69%")
    assert housing.light == "red" and housing.light_reason.startswith("已逾期72天")
    report = list_progress(session, SUPERVISOR, items[0])[-1]
    assert report.source == "evidence" and report.value == 36000 and "全市新增城镇就业3.6万人" in report.note
    with pytest.raises(InvalidTransition):
        accept_evidence(session, SUPERVISOR, proposals[items[0]].id)


def test_rejected_evidence_changes_nothing(session, loop):
    items, _ = loop
    proposal = next(e for e in list_evidence(session, SUPERVISOR, items[0]))
    with pytest.raises(PermissionDenied):
        reject_evidence(session, JOBS_CLERK, proposal.id)
    reject_evidence(session, SUPERVISOR, proposal.id, why="口径不同")
    assert get_item(session, SUPERVISOR, items[0]).progress_value is None
    assert list_evidence(session, SUPERVISOR, items[0], status="rejected")[0].decision_note == "口径不同"


def test_units_see_only_their_items_evidence(session, loop):
    assert list_evidence(session, JOBS_CLERK) == []  # proposals stay with the office until assigned
    assign_all(session, loop[0])
    assert len(list_evidence(session, JOBS_CLERK)) == 1
    assert len(list_evidence(session, HOUSING_CLERK)) == 2


def test_unit_reports_progress_after_accepting(session, loop):
    items, _ = loop
    with pytest.raises(PermissionDenied):  # a proposal is not the unit's yet
        add_progress(session, JOBS_CLERK, items[0], value=1000)
    transition(session, SUPERVISOR, items[0], "assign")
    with pytest.raises(ValidationFailed, match="签收"):
        add_progress(session, JOBS_CLERK, items[0], value=1000)
    transition(session, JOBS_CLERK, items[0], "accept")
    report = add_progress(session, JOBS_CLERK, items[0], value=32000, note="春风行动", problems="岗位缺口",
                          next_steps="秋季招聘月", files=[UploadedFile("台账.pdf", b"%PDF-1.4 x", "application/pdf")],
                          today=date(2026, 8, 1))
    item = get_item(session, JOBS_CLERK, items[0])
    assert item.status == "in_progress" and item.progress_value == 32000 and item.last_report_at is not None
    assert (report.problems, report.next_steps) == ("岗位缺口", "秋季招聘月")
    with pytest.raises(PermissionDenied):
        add_progress(session, HOUSING_CLERK, items[0], value=1)
    with pytest.raises(PermissionDenied):
        add_progress(session, VIEWER, items[0], value=1)


def test_attachments_are_size_limited_and_readable(session, loop):
    from luoshi.tracking.settings_change import update_settings

    items, _ = loop
    update_settings(session, SUPERVISOR, {"attachment_max_bytes": 10})
    with pytest.raises(ValidationFailed, match="过大"):
        add_file_evidence(session, SUPERVISOR, items[0], UploadedFile("大文件.xlsx", b"x" * 11))
    evidence = add_file_evidence(session, SUPERVISOR, items[0], UploadedFile("照片.jpg", b"\xff\xd8\xff", "image/jpeg"),
                                 note="现场照片")
    attachment = get_attachment(session, SUPERVISOR, evidence.attachment_id)
    assert (attachment.data, attachment.mime, evidence.status) == (b"\xff\xd8\xff", "image/jpeg", "accepted")
    with pytest.raises(PermissionDenied):
        get_attachment(session, HOUSING_CLERK, attachment.id)


def test_span_evidence_quotes_the_article(session, loop):
    from sqlalchemy import select

    from luoshi.storage.models import Article

    items, _ = loop
    article = session.scalars(select(Article).order_by(Article.id.desc())).first()
    start = article.text.index("全市新增")
    evidence = add_span_evidence(session, SUPERVISOR, items[0], article.id, start, start + 13, value=36000)
    assert evidence.quote == "全市新增城镇就业3.6万人" and evidence.status == "accepted"
    with pytest.raises(ValidationFailed):
        add_span_evidence(session, SUPERVISOR, items[0], article.id, 0, 10**6)


# ---------------------------------------------------------------- the bundled samples, end to end


def test_samples_show_the_whole_loop(session, samples_dir):
    """A target stated in the plenary feature, results in the later HTML report, evidence proposed,
    accepted, and the items turn green or yellow/red accordingly — through the real reading/extraction."""
    manifest = samples_dir / "manifest.jsonl"
    if not manifest.is_file():
        pytest.skip("samples/manifest.jsonl is absent")
    ingest = pytest.importorskip("luoshi.storage.ingest")
    rows = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines() if line.strip()]
    totals = {"items": 0, "evidence": 0}
    for row in sorted(rows, key=lambda r: r["published"]):
        outcome = ingest.ingest_file(session, samples_dir / row["file"], published=date.fromisoformat(row["published"]),
                                     place=row["place"], after_store=after_ingest)
        totals["items"] += outcome.after_store.items_proposed
        totals["evidence"] += outcome.after_store.evidence_proposed
    assert totals["items"] >= 5 and totals["evidence"] >= 3
    from luoshi.storage.ledger_models import Item

    assign_all(session, list(session.scalars(select(Item.id).where(
        Item.status == "proposed", Item.lead_unit.is_not(None), Item.due_date.is_not(None)))))
    for proposal in list_evidence(session, SUPERVISOR, status="proposed"):
        accept_evidence(session, SUPERVISOR, proposal.id, today=SEPT)
    from luoshi.tracking.items import list_items

    measured = [i for i in list_items(session, SUPERVISOR, page_size=200).items if i.progress_value is not None]
    lights = {i.target_metric: i.light for i in measured}
    assert "green" in lights.values() and ({"yellow", "red"} & set(lights.values())), lights
    jobs = next(i for i in measured if i.target_unit == "人" and "就业" in (i.target_metric or ""))
    assert jobs.lead_unit.endswith("人力资源和社会保障局") and jobs.light == "green"
    assert jobs.progress_value < jobs.target_value


YEAR_END_FIGURE = Doc(published=date(2027, 6, 1), headline="2026年国民经济和社会发展统计公报",
                      statistics=[S("2026年全市新增城镇就业4.3万人", "新增城镇就业", 43000, "人")])


def _name_the_year(document, as_of: str) -> None:
    for article in document.articles:
        for stat in article.statistics:
            stat.as_of = as_of


def test_a_figure_naming_its_year_counts_when_published_after_the_grace_days(session):
    items = after_ingest(session, store(session, PLENUM).id).item_ids
    bulletin = store(session, YEAR_END_FIGURE)  # published 152 days after the due date, about 2026
    _name_the_year(bulletin, "2026年")
    session.flush()
    result = after_ingest(session, bulletin.id)
    assert result.evidence_proposed == 1
    (evidence,) = list_evidence(session, SUPERVISOR, items[0])
    assert (evidence.value, evidence.as_of) == (43000, date(2026, 12, 31))


def test_a_figure_naming_its_year_is_found_for_items_ingested_after_it(session):
    bulletin = store(session, YEAR_END_FIGURE)
    _name_the_year(bulletin, "2026年")
    session.flush()
    assert after_ingest(session, bulletin.id).evidence_proposed == 0
    result = after_ingest(session, store(session, PLENUM).id)
    assert result.evidence_proposed == 1
    assert list_evidence(session, SUPERVISOR, result.item_ids[0])[0].quote == "2026年全市新增城镇就业4.3万人"


def test_a_late_figure_without_a_year_is_not_proposed(session):
    after_ingest(session, store(session, PLENUM).id)
    assert after_ingest(session, store(session, YEAR_END_FIGURE).id).evidence_proposed == 0  # 2027-06-01 > due + 92
