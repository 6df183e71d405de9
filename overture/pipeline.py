"""Stages, their registry, and the Pipeline that runs them in the configured order.

A stage is a small object with one job: `__call__(article) -> article`. It declares what
it `requires` and `produces` (names of Article fields), so a wrongly ordered config fails
when the pipeline is built, not an hour into a corpus. Stages are looked up by name, so the
CLI, the API and other engines all build the same pipeline from `defaults.toml`.
"""
from __future__ import annotations

import logging
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import import_module
from importlib.resources import files
from typing import Any, Protocol

from overture._errors import ConfigError, OvertureError, StageError
from overture.article import Article

log = logging.getLogger(__name__)

# What the reader fills in before any stage runs.
_GIVEN = ("source", "raw", "kind", "hints")


class Stage(Protocol):
    def __call__(self, article: Article) -> Article: ...


@dataclass(frozen=True)
class StageInfo:
    name: str
    factory: Callable[..., Stage]
    requires: tuple[str, ...]
    produces: tuple[str, ...]


_REGISTRY: dict[str, StageInfo] = {}


def register_stage(name: str, *, requires: tuple[str, ...] = (), produces: tuple[str, ...] = ()):
    """Class decorator: make a stage buildable by name from a config."""

    def wrap(cls: Callable[..., Stage]) -> Callable[..., Stage]:
        held = _REGISTRY.get(name)
        if held is not None and held.factory is not cls:
            raise ConfigError(f"stage name '{name}' is already registered by {held.factory!r}")
        _REGISTRY[name] = StageInfo(name, cls, tuple(requires), tuple(produces))
        return cls

    return wrap


def _load_builtin_stages() -> None:
    """Import the stage packages so their @register_stage decorators run."""
    for module in ("clean", "nlp", "actors", "attribution", "dates", "signals", "claims"):
        import_module(f"overture.{module}.stage")


def default_config() -> dict[str, Any]:
    return tomllib.loads(files("overture").joinpath("defaults.toml").read_text("utf-8"))


class Pipeline:
    """The configured stages, in order, checked once when built."""

    def __init__(self, config: dict[str, Any] | None = None) -> None:
        _load_builtin_stages()
        self.config = config or default_config()
        names = self.config["pipeline"]["stages"]
        settings = self.config.get("stages", {})
        have = set(_GIVEN)
        self.stages: list[tuple[str, Stage]] = []
        for name in names:
            info = _REGISTRY.get(name)
            if info is None:
                raise ConfigError(f"unknown stage '{name}'; known: {sorted(_REGISTRY)}")
            missing = [r for r in info.requires if r not in have]
            if missing:
                raise ConfigError(f"stage '{name}' needs {missing}, which no earlier stage produces")
            self.stages.append((name, info.factory(**settings.get(name, {}))))
            have.update(info.produces)

    def __call__(self, article: Article) -> Article:
        for name, stage in self.stages:
            try:
                article = stage(article)
            except OvertureError:
                raise
            except Exception as exc:  # one article's failure must not end the batch
                log.debug("stage %s failed on %s", name, article.source, exc_info=True)
                raise StageError(name, article.source, f"{type(exc).__name__}: {exc}") from exc
        return article

    def run(self, articles: Iterable[Article]) -> Iterator[Article | OvertureError]:
        """Each article through every stage; a failure is yielded in its place."""
        for article in articles:
            try:
                yield self(article)
            except OvertureError as exc:
                yield exc
