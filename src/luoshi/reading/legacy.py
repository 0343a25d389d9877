"""Text of a legacy Word 97–2003 .doc file, by Debian's ``antiword`` (installed by
``scripts/install_system.sh``; no maintained pure-Python reader of the format exists on PyPI).

antiword is run on a private temporary copy with UTF-8 output and no line wrapping (``-w 0``: one
paragraph per line), under a time limit (what is left of the document's budget, at most 60 s) and an
output cap; without antiword installed the file is refused with a line saying so.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

from . import limits
from .errors import ReadError

ANTIWORD_SECONDS = 60.0


def antiword_path() -> str | None:
    return shutil.which("antiword")


def extract_doc(data: bytes, name: str) -> str:
    """The text of a Word 97–2003 document, one paragraph per line."""
    tool = antiword_path()
    if tool is None:
        raise ReadError(name, "cannot read a legacy Word .doc: the antiword tool is not installed "
                              "(run scripts/install_system.sh as root, or save the file as .docx)")
    seconds = ANTIWORD_SECONDS
    budget = limits.document_seconds()
    if budget > 0:
        seconds = min(seconds, budget)
    with tempfile.TemporaryDirectory(prefix="luoshi-doc-") as tmp:
        path = os.path.join(tmp, "input.doc")
        with open(path, "wb") as fh:
            fh.write(data)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "HOME": tmp}
        try:
            proc = subprocess.run([tool, "-m", "UTF-8.txt", "-w", "0", path], capture_output=True, timeout=seconds,
                                  env=env, check=False, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as exc:
            raise ReadError(name, f"refused: antiword took more than {seconds:g} s on this .doc") from exc
        except OSError as exc:
            raise ReadError(name, f"cannot run antiword ({exc.strerror or exc})") from exc
    if len(proc.stdout) > limits.MAX_DOC_TEXT_BYTES:
        raise ReadError(name, f"refused: the .doc's text exceeds {limits.MAX_DOC_TEXT_BYTES // limits.MB} MB")
    if proc.returncode != 0:
        reason = " ".join(proc.stderr.decode("utf-8", "replace").replace(path, "the file").split())[:200] or f"exit code {proc.returncode}"
        raise ReadError(name, f"damaged or unsupported .doc file (antiword: {reason})")
    text = proc.stdout.decode("utf-8", "replace")
    return "\n".join(line.strip() for line in text.splitlines())
