"""Shared fixtures: where ../shared is, and one pipeline per test session (spaCy loads once)."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"


@pytest.fixture(scope="session")
def pipeline():
    from overture import Pipeline
    return Pipeline()


@pytest.fixture(scope="session")
def rules_pipeline():
    """The pipeline with the cue rules alone deciding signals (`--signals rules`): for tests
    of what comes after the signals (folding, positions, stories, outlets) on articles written
    for them, whose signals must not move when the trained model is retrained. The model is
    measured on real text instead (tests/test_signal_model.py, scripts/eval_signals.py)."""
    from overture import Pipeline
    from overture._extract import pipeline_config
    return Pipeline(pipeline_config(signals="rules"))


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/corpus/seeds is not beside the project")
    return SEEDS
