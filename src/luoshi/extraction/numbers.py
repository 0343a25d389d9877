"""Numbers as printed in Chinese reports -> Python numbers."""
from __future__ import annotations


def parse_number(text: str) -> float | int | None:
    """Parse "4.6万" -> 46000, "一千二百" -> 1200, "3亿" -> 300000000; None when not a number."""
    return None
