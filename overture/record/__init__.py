"""The record of one article (the contract's JSON) and how it is built from an Article."""
from overture.record._models import SIGNAL_TYPES, Claim, Record, Signal, Span, Statement

__all__ = ["SIGNAL_TYPES", "Claim", "Record", "Signal", "Span", "Statement", "to_record"]


def to_record(article):  # noqa: ANN001, ANN201 - thin re-export, avoids an import cycle
    from overture.record._build import to_record as build
    return build(article)
