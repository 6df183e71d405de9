"""The literal gate in front of cue patterns may skip a search only when it cannot match."""
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overture._literals import fold, passes, required_literals
from overture.signals._rules import signal_rules


def cue_patterns() -> list[re.Pattern[str]]:
    return [p for ps in signal_rules().patterns.values() for p in ps]


def gate(pattern: str) -> list[set[str]] | None:
    found = required_literals(re.compile(pattern, re.I))
    return None if found is None else [set(group) for group in found]


def test_literals_of_simple_patterns():
    assert gate(r"\b(?:ready|willing) to (?:talk|negotiate)\b") == [
        {"ready to talk", "ready to negotiate", "willing to talk", "willing to negotiate"}]
    assert gate(r"\bcease-?fire\b") == [{"ceasefire", "cease-fire"}]
    assert gate(r"(?:peace )?talks?\b") == [{"talk"}]
    assert gate(r"\w+ing") == [{"ing"}]


def test_every_required_part_can_gate():
    # two words with free text between them: both must be there
    groups = gate(r"\b(?:urged|called on) \w+ to (?:negotiate|talk)")
    assert sorted(map(sorted, groups)) == [[" to negotiate", " to talk"], ["called on ", "urged "]]
    found = required_literals(re.compile(r"\bready\b.{0,40}\btalks\b", re.I))
    assert not passes(found, "ready for the match")
    assert not passes(found, "talks went on")
    assert passes(found, "he is ready, he said, for talks")


def test_no_gate_when_nothing_is_required():
    assert gate(r"(?:talks)?\w*") is None
    assert gate(r"talks|\d+") is None  # one branch needs no word
    assert passes(None, "anything")


def test_most_cue_patterns_get_a_gate():
    gated = [p for p in cue_patterns() if required_literals(p)]
    assert len(gated) >= 0.9 * len(cue_patterns())


@pytest.mark.parametrize("pattern", cue_patterns(), ids=lambda p: p.pattern[:40])
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_match_passes_the_gate(pattern, data):
    text = data.draw(st.from_regex(pattern, fullmatch=False))
    if pattern.search(text):
        assert passes(required_literals(pattern), fold(text)), (pattern.pattern, text)


def test_letters_ignorecase_takes_for_i_pass_the_gate():
    for text in ("DİALOGUE", "dıalogue", "TALKS AND DİALOGUE"):
        pattern = re.compile(r"\bdialogue\b", re.I)
        assert pattern.search(text)
        assert passes(required_literals(pattern), fold(text)), text
