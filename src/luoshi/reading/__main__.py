"""``python -m luoshi.reading FILE|FOLDER|- ...``: print what the reader makes of each input as JSON lines.

A debugging aid for the reading stage alone (no database): one JSON object per article, with the
document's path, format, encoding and publisher; a refused input prints its one-line reason
on stderr and makes the exit status 1.
"""
from __future__ import annotations

import json
import sys

from . import ReadError, iter_report_paths, read_path, read_stdin


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 2
    failed = False
    for arg in args:
        try:
            paths = ["-"] if arg == "-" else list(iter_report_paths([arg]))
            for path in paths:
                doc, articles = read_stdin() if path == "-" else read_path(path)
                for art in articles:
                    row = {"path": doc.path, "format": doc.format, "encoding": doc.encoding,
                           "publisher": doc.publisher, **art.to_dict()}
                    print(json.dumps(row, ensure_ascii=False))
        except ReadError as exc:
            print(exc, file=sys.stderr)
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
