"""spaCy's attribute_ruler and lemmatizer, remembered per (word, tag, dependency).

In en_core_web_sm these two components cost a large share of the parse: a Matcher over 179
patterns and a Python loop of lemma rules, for every token. Their output for a token is a
function of the token's own text, tag and dependency label (every single-token pattern
tests only those; the lemma rules read the part of speech and morphology the ruler has just
set). So each distinct (orth, tag, dep) is worked out once, by the real components, and
later tokens copy the answer. The output is identical to the stock pipeline's
(tests/test_nlp_attributes.py compares every token); documents that may hold a multi-token
pattern ("there is", "gon na") and models whose patterns test anything else take the
stock path.
"""
from __future__ import annotations

import re
from typing import Any

import numpy
from spacy.attrs import DEP, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.tokens import Doc

# token attributes a single-token pattern may test and still be a function of (orth, tag, dep)
_KEYED_ATTRS = {"ORTH", "TEXT", "LOWER", "TAG", "DEP", "IS_SPACE"}
_SPEC_ATTRS = _KEYED_ATTRS - {"IS_SPACE"}  # what _may_hold_multi can test
_READ = [ORTH, TAG, DEP, LOWER]
_WRITE = [POS, MORPH, LEMMA]
Key = tuple[int, int, int]  # orth, tag, dep
Answer = tuple[int, int, int, int, int]  # tag, pos, morph, lemma, dep after both components


class CachedAttributes:
    """Apply attribute_ruler then lemmatizer to parsed docs, once per distinct token key."""

    def __init__(self, nlp: Any, ruler: str = "attribute_ruler", lemmatizer: str = "lemmatizer",
                 max_entries: int = 500_000) -> None:
        self.vocab = nlp.vocab
        self.max_entries = max_entries  # a long stream meets ever more rare words: start afresh
        self.ruler = nlp.get_pipe(ruler)
        self.lemmatizer = nlp.get_pipe(lemmatizer)
        self.names = (ruler, lemmatizer)
        self.cache: dict[Key, Answer] = {}
        self.multi, self.keyed = self._read_patterns()

    def _read_patterns(self) -> tuple[list[list[dict[str, Any]]], bool]:
        """The multi-token patterns, and whether caching is exact for this model at all."""
        multi: list[list[dict[str, Any]]] = []
        if getattr(self.lemmatizer, "mode", None) not in ("rule", "lookup"):
            return multi, False
        for entry in self.ruler.patterns:
            for pattern in entry["patterns"]:
                if len(pattern) > 1:
                    if any(set(spec) - _SPEC_ATTRS for spec in pattern):
                        return multi, False
                    multi.append(pattern)
                elif set(pattern[0]) - _KEYED_ATTRS:
                    return multi, False
        return multi, True

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = doc.to_array(_READ)
        if not self.keyed or not rows[:, 2].all() or self._may_hold_multi(rows):
            return self.lemmatizer(self.ruler(doc))  # the stock path
        keys = [tuple(r) for r in rows[:, :3].tolist()]
        cache = self.cache
        missing = list(dict.fromkeys(k for k in keys if k not in cache))
        if missing:
            if len(cache) + len(missing) > self.max_entries:
                cache.clear()
            self._learn(missing)
        answers = numpy.array([cache[k] for k in keys], dtype=numpy.uint64)
        doc.from_array(_WRITE, answers[:, 1:4])
        changed = (answers[:, 0] != rows[:, 1]) | (answers[:, 4] != rows[:, 2])
        for i in numpy.flatnonzero(changed).tolist():  # the rare rules that retag or relabel
            doc[i].tag, doc[i].dep = int(answers[i, 0]), int(answers[i, 4])
        return doc

    def _may_hold_multi(self, rows: numpy.ndarray) -> bool:
        """Whether some multi-token pattern matches the doc (tokens in a row, each meeting
        its spec), tested on the attribute columns at once."""
        if not self.multi:
            return False
        strings = self.vocab.strings
        columns = {"ORTH": rows[:, 0], "TEXT": rows[:, 0], "TAG": rows[:, 1], "DEP": rows[:, 2], "LOWER": rows[:, 3]}
        n = len(rows)
        for pattern in self.multi:
            if len(pattern) > n:
                continue
            run = numpy.ones(n - len(pattern) + 1, dtype=bool)
            for k, spec in enumerate(pattern):
                for attr, value in spec.items():
                    column = columns[attr]
                    admitted = [strings.add(s) for s in _admitted(value, {strings[h] for h in set(column.tolist())})]
                    run &= numpy.isin(column, admitted)[k:k + len(run)]
            if run.any():
                return True
        return False

    def _learn(self, keys: list[Key]) -> None:
        """Run the real components over a document made of the unseen tokens side by side;
        if a multi-token pattern could match across two of them, one token at a time."""
        doc = self._doc(keys)
        if self._may_hold_multi(doc.to_array(_READ)):
            for key in keys:
                self._remember([key], self.lemmatizer(self.ruler(self._doc([key]))))
        else:
            self._remember(keys, self.lemmatizer(self.ruler(doc)))

    def _doc(self, keys: list[Key]) -> Doc:
        strings, n = self.vocab.strings, len(keys)
        return Doc(self.vocab, words=[strings[o] for o, _, _ in keys], spaces=[True] * n,
                   tags=[strings[t] for _, t, _ in keys], deps=[strings[d] for _, _, d in keys],
                   heads=list(range(n)))

    def _remember(self, keys: list[Key], doc: Doc) -> None:
        for key, token in zip(keys, doc):
            self.cache[key] = (token.tag, token.pos, token.morph.key, token.lemma, token.dep)


def _admitted(value: Any, seen: set[str]) -> list[str]:
    """The seen strings a token spec's value admits ("ai", {"IN": [...]}, {"REGEX": ...})."""
    if isinstance(value, str):
        return [value] if value in seen else []
    if isinstance(value, dict) and set(value) == {"IN"}:
        return [v for v in value["IN"] if v in seen]
    if isinstance(value, dict) and set(value) == {"REGEX"}:
        return [s for s in seen if re.search(value["REGEX"], s)]
    return list(seen)  # anything else (NOT_IN, comparisons): assume it may match
