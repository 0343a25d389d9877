"""Every real report in ../shared/corpus/raw is read (none of them is refused: all are reports).

Per file: at least one article with body text, the body free of page furniture, and offsets that
lead back to the original text.
"""
from __future__ import annotations

import re

import pytest

from luoshi.reading import read_path
from shared_data import SHARED

pytestmark = pytest.mark.shared

CORPUS = sorted(p.name for p in (SHARED / "corpus" / "raw").glob("*")) or ["<no corpus>"]
# Nothing in the corpus is a non-report; a file listed here would be refused, each with its reason.
EXPECTED_REFUSALS: dict[str, str] = {}
FURNITURE = re.compile(r"责任编辑|发布时间[：:]|发布人[：:]|上一篇|下一篇|网站地图|All Rights Reserved|扫码关注|【打印】|【关闭】")


@pytest.mark.parametrize("name", CORPUS)
def test_corpus_file_is_read_cleanly(name, shared_dir):
    path = shared_dir / "corpus" / "raw" / name
    doc, articles = read_path(path)
    assert articles and all(a.text.strip() for a in articles)
    for art in articles:
        assert not FURNITURE.search(art.text), FURNITURE.search(art.text).group(0)
        for i in range(0, len(art.text), 97):  # every article char leads back into the original
            if art.text[i] != "\n":
                doc_i = art.text_to_doc[i]
                assert doc.text[doc_i] == art.text[i]
                assert 0 <= doc.offset_map[doc_i] < len(doc.original_text)
