"""spaCy's stop-word lists, read without importing the language packages.

`import spacy.lang.fr.stop_words` first runs `spacy/lang/fr/__init__.py`, which builds the
French tokenizer exceptions: seconds of start-up in every worker process, for a word list.
Each `stop_words.py` is self-contained, so it is loaded on its own from spaCy's folder.
"""
from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path


@cache
def stop_words(lang: str) -> frozenset[str]:
    """The lower-cased stop words spaCy ships for lang (an ISO 639-1 code)."""
    import spacy.lang

    path = Path(spacy.lang.__file__).parent / lang / "stop_words.py"
    spec = importlib.util.spec_from_file_location(f"_overture_stop_words_{lang}", path)
    if spec is None or spec.loader is None or not path.is_file():
        raise ImportError(f"spaCy has no stop-word list for '{lang}' (looked for {path})")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return frozenset(w.lower() for w in module.STOP_WORDS)
