"""The OpenAPI document describes every answer, with the domain's vocabularies, and the answers use the
JSON contract's field names (``text``, ``span``) beside the older ones (``number_text``, ``span_start``)."""
from __future__ import annotations

import pytest

from luoshi.extraction.kinds import KIND_NAMES
from luoshi.storage.ledger_models import LIGHTS, STATUSES
from luoshi.tracking.actor import ROLES
from luoshi.web.api import schemas

# Invented report: a meeting, a unit, a target and two figures.
REPORT = ("河口市农业农村工作会议召开\n"
          "本报讯 5月6日，河口市农业农村工作会议召开。市农业农村局局长许安平表示，年底前新建高标准农田2万亩以上。"
          "今年以来，全市农产品加工产值达到36.5亿元，同比增长8.2%。\n")


def _answer_schema(op: dict) -> dict | None:
    for code, response in op.get("responses", {}).items():
        if code.startswith("2"):
            content = response.get("content") or {}
            for media in content.values():
                if media.get("schema"):
                    return media["schema"]
    return None


def _component(spec: dict, schema: dict) -> dict:
    ref = schema.get("$ref", "")
    return spec["components"]["schemas"][ref.rsplit("/", 1)[-1]] if ref else schema


def test_every_operation_has_a_response_schema(api_env):
    spec = api_env.app.openapi()
    operations = [(method.upper(), path, op) for path, ops in spec["paths"].items() if path.startswith("/api/v1")
                  for method, op in ops.items()]
    assert len(operations) >= 50
    missing, untyped = [], []
    for method, path, op in operations:
        schema = _answer_schema(op)
        if schema is None:
            missing.append(f"{method} {path}")
        elif schema.get("format") != "binary" and not _component(spec, schema).get("properties"):
            untyped.append(f"{method} {path}")  # a bare "object": the answer is not described
    assert missing == [] and untyped == []


def _enum(spec: dict, model: str, field: str) -> list[str]:
    prop = spec["components"]["schemas"][model]["properties"][field]
    return prop.get("enum") or next(p["enum"] for p in prop.get("anyOf", []) if "enum" in p)


def test_vocabularies_in_the_document_are_the_domain_ones(api_env):
    spec = api_env.app.openapi()
    assert _enum(spec, "ItemOut", "status") == list(STATUSES)
    assert _enum(spec, "ItemOut", "light") == list(LIGHTS)
    assert _enum(spec, "UserOut", "role") == list(ROLES)
    kind = next(p for p in spec["paths"]["/api/v1/extraction/{kind}"]["get"]["parameters"] if p["name"] == "kind")
    assert kind["schema"]["enum"] == list(KIND_NAMES)


@pytest.fixture
def article(api_env):
    boss = api_env.client("supervisor")
    upload = boss.post("/api/v1/documents", files={"file": ("hekou.txt", REPORT.encode("utf-8"))},
                       data={"published": "2026-05-07", "place": "河口市"})
    assert upload.status_code == 201, upload.text
    listing = boss.get(f"/api/v1/articles?document_id={upload.json()['document_id']}").json()
    return boss, boss.get(f"/api/v1/articles/{listing['items'][0]['id']}").json()


def test_items_answer_contract_names_beside_the_old_ones(article):
    boss, art = article
    text = art["text"]
    statistics = boss.get(f"/api/v1/articles/{art['id']}/statistics").json()["items"]
    assert statistics, "the invented report states two figures"
    for s in statistics:
        assert s["text"] == s["number_text"] == text[s["span_start"]:s["span_end"]]
        assert s["span"] == [s["span_start"], s["span_end"]]
    bulk = boss.get("/api/v1/extraction/statistics", params={"article_id": art["id"]}).json()["items"]
    assert [s["text"] for s in bulk] == [s["text"] for s in statistics]
    assert all(s["article"]["place"] == art["place"] for s in bulk)
    for kind in KIND_NAMES:
        for item in art[kind]:
            assert item["span"] == [item["span_start"], item["span_end"]], kind


def test_organisations_are_answered_counted_and_listed(article):
    boss, art = article
    orgs = boss.get(f"/api/v1/articles/{art['id']}/organisations").json()["items"]
    assert "市农业农村局" in [o["as_printed"] for o in orgs]
    for o in orgs:
        assert art["text"][o["span_start"]:o["span_end"]] == o["as_printed"]
    listing = boss.get("/api/v1/articles", params={"document_id": art["document_id"]}).json()["items"]
    assert listing[0]["counts"]["organisations"] == len(orgs) == len(art["organisations"])
    assert boss.get("/api/v1/extraction/organisations", params={"org": "农业农村"}).json()["total"] >= 1


def test_answers_are_their_models_and_hide_the_ledgers_indexes(article):
    boss, art = article
    schemas.ArticleDetail.model_validate(art)
    items = boss.get("/api/v1/items").json()
    assert items["items"], "the target of the invented report becomes a proposed item"
    item = boss.get(f"/api/v1/items/{items['items'][0]['id']}").json()
    assert set(item) == set(schemas.ItemOut.model_fields) | {"span", "target_label"}
    assert "search_text" not in item and "support_key" not in item
