"""Reports through the API: upload (read → extract → store → propose), bad files, duplicates,
articles and extraction results, and the evidence loop on the bundled samples."""
from __future__ import annotations

import json

import pytest
from api_support import assert_error

from luoshi.storage.models import Document


def _manifest(samples_dir):
    return [json.loads(line) for line in (samples_dir / "manifest.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


def _upload(client, path, entry=None):
    data = {}
    if entry:
        data = {"published": entry["published"], "place": entry["place"]}
    return client.post("/api/v1/documents", files={"file": (path.name, path.read_bytes())}, data=data)


@pytest.fixture
def samples(samples_dir):
    if not (samples_dir / "manifest.jsonl").exists():
        pytest.skip("samples/ manifest is absent")
    return [(samples_dir / e["file"], e) for e in _manifest(samples_dir)]


def _document_count(env) -> int:
    with env.session() as s:
        return s.query(Document).count()


def test_samples_upload_propose_items_then_evidence_closes_the_loop(api_env, samples):
    boss = api_env.client("supervisor")
    results = [_upload(boss, path, entry) for path, entry in samples]
    assert [r.status_code for r in results] == [201] * len(samples), [r.text for r in results]
    bodies = [r.json() for r in results]
    assert all(b["created"] and b["articles"] >= 1 for b in bodies)
    assert sum(b["items_proposed"] for b in bodies) > 0  # targets stated in the plenary feature
    assert bodies[-1]["evidence_proposed"] > 0  # the later results page measures them

    proposed = boss.get("/api/v1/evidence?status=proposed&page_size=100").json()
    assert proposed["total"] == sum(b["evidence_proposed"] for b in bodies)
    evidence = next(e for e in proposed["items"] if e["value"] is not None)
    assert evidence["reason"] and evidence["quote"]
    item = boss.get(f"/api/v1/items/{evidence['item_id']}").json()
    assigned = boss.post(f"/api/v1/items/{item['id']}/transitions",
                         json={"action": "assign", "unit": item["lead_unit"] or "泰州市人民政府办公室",
                               "due_date": "2026-12-31"})
    assert assigned.status_code == 200, assigned.text
    accepted = boss.post(f"/api/v1/evidence/{evidence['id']}/accept", json={"why": "与统计公报一致"})
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["progress"]["value"] == evidence["value"]
    after = boss.get(f"/api/v1/items/{item['id']}").json()
    assert after["progress_value"] == evidence["value"]
    assert after["light"] in ("green", "yellow", "red") and after["light_reason"]
    progress = boss.get(f"/api/v1/items/{item['id']}/progress").json()
    assert progress["total"] == 1 and progress["items"][0]["source"] == "evidence"


def test_same_file_twice_is_stored_once(api_env, samples):
    boss = api_env.client("supervisor")
    path, entry = samples[0]
    first, second = _upload(boss, path, entry), _upload(boss, path, entry)
    assert first.status_code == 201 and second.status_code == 200
    assert second.json()["created"] is False and second.json()["document_id"] == first.json()["document_id"]
    assert _document_count(api_env) == 1


@pytest.mark.parametrize("name,data,reason", [
    ("empty.txt", b"", "empty"),
    ("noise.bin", bytes(range(256)) * 8, ""),
    ("broken.docx", b"PK\x03\x04 truncated zip", ""),
])
def test_bad_file_is_422_naming_the_file_and_stores_nothing(api_env, name, data, reason):
    response = api_env.client("supervisor").post("/api/v1/documents", files={"file": (name, data)})
    body = assert_error(response, 422, "validation_failed")
    assert body["error"]["message"].startswith(name) and "\n" not in body["error"]["message"]
    assert reason in body["error"]["message"]
    assert _document_count(api_env) == 0


def test_upload_over_the_size_limit_is_413(api_env):
    api_env.app.state.settings.max_upload_bytes = 1000
    response = api_env.client("supervisor").post("/api/v1/documents", files={"file": ("big.txt", "报告".encode() * 600)})
    assert_error(response, 413, "too_large")
    assert _document_count(api_env) == 0


def test_upload_without_a_file_is_422(api_env):
    assert_error(api_env.client("supervisor").post("/api/v1/documents", data={"place": "泰州市"}), 422)


def test_documents_articles_and_extraction_listings(api_env, samples):
    boss = api_env.client("viewer")
    for path, entry in samples:
        _upload(api_env.client("admin"), path, entry)
    docs = boss.get("/api/v1/documents?page_size=2").json()
    assert docs["total"] == len(samples) and len(docs["items"]) == 2 and docs["page_size"] == 2
    doc = boss.get(f"/api/v1/documents/{docs['items'][0]['id']}").json()
    assert doc["articles"] and doc["sha256"]
    raw = boss.get(f"/api/v1/documents/{doc['id']}/raw")
    assert raw.status_code == 200 and len(raw.content) > 100
    articles = boss.get("/api/v1/articles?place=泰州&page_size=100").json()
    assert articles["total"] >= len(samples)
    with_commitments = next(a for a in articles["items"] if a["counts"]["commitments"])
    detail = boss.get(f"/api/v1/articles/{with_commitments['id']}").json()
    assert detail["text"] and detail["extraction"]["commitments"]
    for c in detail["commitments"]:
        assert detail["text"][c["span_start"]:c["span_end"]] == c["text"]  # spans point into the text
    only = boss.get(f"/api/v1/articles/{with_commitments['id']}/commitments").json()
    assert only["total"] == with_commitments["counts"]["commitments"]
    bulk = boss.get("/api/v1/extraction/commitments?metric=就业&page_size=100").json()
    assert bulk["total"] >= 1 and all("就业" in (c["metric"] or "") for c in bulk["items"])
    assert all(c["article"]["place"] for c in bulk["items"])
    stats = boss.get("/api/v1/extraction/statistics?since=2026-09-01").json()
    assert stats["total"] >= 1 and all(s["article"]["published"] >= "2026-09-01" for s in stats["items"])
    assert boss.get("/api/v1/extraction/statistics?until=2026-01-01").json()["total"] == 0
    assert_error(boss.get("/api/v1/articles/999999"), 404, "not_found")
    assert_error(boss.get("/api/v1/extraction/nonsense"), 422)


def test_people_endpoints_after_ingest(api_env, samples):
    for path, entry in samples:
        _upload(api_env.client("admin"), path, entry)
    viewer = api_env.client("viewer")
    people = viewer.get("/api/v1/people").json()
    assert people["total"] >= 1
    name = people["items"][0]["name"]
    person = viewer.get(f"/api/v1/people/{name}").json()
    assert person["name"] == name and person["posts"]
    assert_error(viewer.get("/api/v1/people/无此人某某"), 404)


def test_raw_html_is_served_as_a_sandboxed_download(api_env, samples):
    html = next((p, e) for p, e in samples if p.suffix == ".html")
    doc_id = _upload(api_env.client("admin"), *html).json()["document_id"]
    raw = api_env.client("viewer").get(f"/api/v1/documents/{doc_id}/raw")
    assert raw.content == html[0].read_bytes()
    assert raw.headers["content-disposition"].startswith("attachment")
    assert raw.headers["x-content-type-options"] == "nosniff" and "sandbox" in raw.headers["content-security-policy"]


def test_unexpected_failure_is_json_500_and_stores_nothing(api_env, samples, monkeypatch):
    import luoshi.extraction.pipeline as pipeline

    def explode(*args, **kwargs):
        raise RuntimeError("extraction bug")

    monkeypatch.setattr(pipeline, "extract_document", explode)
    api_env.app.state.settings.isolate_uploads = False  # the patch lives in this process, not in a worker
    path, entry = samples[0]
    from fastapi.testclient import TestClient

    headers = {"Authorization": f"Bearer {api_env.tokens['supervisor']}"}
    quiet = TestClient(api_env.app, headers=headers, raise_server_exceptions=False)
    assert_error(_upload(quiet, path, entry), 500, "internal_error")
    assert _document_count(api_env) == 0
