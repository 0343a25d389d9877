"""Fuzz target over ``luoshi.read_bytes`` (reading + extraction) with a bounded budget: whatever the
bytes, the only exception is the documented ReadError. Inputs mix raw bytes with report-like
fragments (markup, control characters, digits, zip and PDF magic) so the interesting paths are hit."""
from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import luoshi
from luoshi.reading import ReadError

_FRAGMENTS = [b"<html>", b"<p>", b"</p>", b"<title>", b"<div>", b"PK\x03\x04", b"%PDF-1.4", b"\x00", b"\x01",
              b"\x0b", b"\x1b", b"\xef\xbb\xbf", b"\xff\xfe", "全市新增城镇就业3.5万人以上".encode(),
              "确保年底前完成".encode("gb18030"), b"1234567890" * 20, "，。\n".encode(), b"&#0;", b"<![CDATA[",
              "9999年12月31日前".encode(), "0000年1月".encode(), "2101年第三季度".encode(), "1899年".encode()]
_pieces = st.one_of(st.binary(max_size=64), st.sampled_from(_FRAGMENTS),
                    st.text(max_size=40).map(lambda t: t.encode("utf-8", "surrogatepass")))
_inputs = st.lists(_pieces, max_size=30).map(b"".join)
_names = st.sampled_from(["x.txt", "x.html", "x.docx", "x.pdf", "x"])


# 60 examples in the suite (seconds); LUOSHI_FUZZ_EXAMPLES=5000 for a longer run by hand.
@settings(max_examples=int(os.environ.get("LUOSHI_FUZZ_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
@given(data=_inputs, name=_names)
def test_read_bytes_raises_nothing_but_read_error(data, name):
    try:
        arts = luoshi.read_bytes(data, name=name)
    except ReadError as exc:
        assert str(exc).startswith(f"{name}: ") and "\n" not in str(exc)
        return
    for art in arts:
        assert "\x00" not in art.text
        for item in art.commitments + art.statistics:
            assert 0 <= item.span[0] <= item.span[1] <= len(art.text)
