"""Errors overture raises on purpose.

OvertureError
├── InputError   an article can't be read (empty, binary, bad encoding, too big); names it
├── ConfigError  unknown stage, bad setting, missing or malformed data file
└── StageError   one stage failed on one article; names both
"""
from __future__ import annotations


class OvertureError(Exception):
    """Catch this to handle anything overture raises on purpose."""


class InputError(OvertureError):
    """An input could not be read as an article."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class ConfigError(OvertureError):
    """The pipeline or one of its data files is set up wrongly."""


class StageError(OvertureError):
    """A stage failed on one article; the batch carries on without it."""

    def __init__(self, stage: str, source: str, problem: str) -> None:
        super().__init__(f"{source}: stage '{stage}' failed: {problem}")
        self.stage = stage
        self.source = source
