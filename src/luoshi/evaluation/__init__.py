"""Evaluation: compare reading + extraction output with hand-checked gold annotations.

``evaluate_folder(gold_dir)`` -> ``EvalReport`` (per-field precision / recall / F1, micro-averaged,
with misses and false hits per file); ``score_document`` scores one document's predictions.
Matching rules: docs/evaluation.md.
"""
from __future__ import annotations

from luoshi.evaluation.gold import GoldDocument, GoldError, load_gold
from luoshi.evaluation.metrics import FIELDS, Counts
from luoshi.evaluation.runner import EvalReport, evaluate_folder, evaluate_gold
from luoshi.evaluation.score import DocumentScore, score_document

__all__ = ["FIELDS", "Counts", "DocumentScore", "EvalReport", "GoldDocument", "GoldError", "evaluate_folder",
           "evaluate_gold", "load_gold", "score_document"]
