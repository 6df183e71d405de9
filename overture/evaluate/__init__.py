"""Scoring records against gold with the contract's rules (agrees with shared/tools/score.py)."""
from overture.evaluate._score import Report, evaluate, format_report, load_records, same_entity

__all__ = ["Report", "evaluate", "format_report", "load_records", "same_entity"]
