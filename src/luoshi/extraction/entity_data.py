"""Traditional-character folding for the entity extractors (people, places, organisations, events).

The word lists themselves are read by ``extraction/lexicon.py``, the one loader of ``extraction/data``.
"""
from __future__ import annotations

from luoshi.reading.traditional import fold, is_traditional

# Traditional characters (繁体字): reports from Hong Kong-style sites or old county portals print 市委書記,
# 會議. Matching runs on a simplified fold of the text (luoshi.reading.traditional: one table, one
# character to one character), so every span stays valid for the original text and names/titles are
# reported as printed. The pipeline folds an article once (extract_article); an extractor called on its
# own folds its text itself with this function.


def fold_traditional(text: str, force: bool = False) -> str:
    """The text with traditional characters replaced by simplified ones, same length; the text itself
    (the same object) when it is not written in traditional characters, so simplified input is untouched.
    ``force`` folds a short line (a headline) whose body was found to be traditional."""
    if not text:
        return text
    if force or is_traditional(text):
        return fold(text)
    return text


def as_printed(original: str, folded: str, piece: str | None, near: int = 0) -> str | None:
    """The original characters of ``piece`` found in the folded text (nearest occurrence at or after
    ``near``, else the first): 市委书记 -> 市委書記. Unchanged when the text was not folded."""
    if not piece or folded is original:
        return piece
    i = folded.find(piece, max(0, near))
    if i < 0:
        i = folded.find(piece)
    return original[i:i + len(piece)] if i >= 0 else piece
