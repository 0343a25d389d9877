"""A bare 园区 in a title refers back to the zone named before it, whatever kind of zone that is."""
from datetime import date

from luoshi.extraction.model import ArticleMeta
from luoshi.extraction.people import extract_people


def _posts(text: str, name: str) -> list[tuple[str | None, str]]:
    meta = ArticleMeta(published=date(2026, 3, 20), place="泰州市")
    person = next(p for p in extract_people(text, meta, "泰州市", ["江苏省", "泰州市"]) if p.name == name)
    return [(post.org, post.title) for post in person.posts]


def test_park_refers_back_to_a_high_tech_zone():
    text = ("泰州医药高新区承担着打造产业高地的使命。园区党工委副书记、管委会副主任蒋丽华表示，"
            "将持续优化营商环境。")
    assert _posts(text, "蒋丽华") == [("泰州医药高新区", "党工委副书记"), ("泰州医药高新区管委会", "副主任")]


def test_park_refers_back_to_an_industrial_park():
    text = "近年来，泰州海陵工业园区稳步发展。园区党工委书记周明远表示，将加快项目建设。"
    assert _posts(text, "周明远") == [("泰州海陵工业园区", "党工委书记")]
