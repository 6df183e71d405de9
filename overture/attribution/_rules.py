"""attribution.toml, compiled once per process and never changed afterwards."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files


@dataclass(frozen=True)
class AttributionRules:
    speech_verbs: frozenset[str]
    need_clause: frozenset[str]
    participles: frozenset[str]
    person_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    thing_pronouns: frozenset[str]
    quote_pairs: tuple[tuple[str, str], ...]
    media: tuple[tuple[re.Pattern[str], str], ...]
    sides: dict[str, str]  # demonym or place word -> ISO alpha-3
    press: frozenset[str]
    citing: frozenset[str]
    to_clause: frozenset[str]
    opinion_nouns: frozenset[str]
    documents: frozenset[str]
    proxies: frozenset[str]
    non_speakers: frozenset[str]
    media_nouns: frozenset[str]
    naming_verbs: frozenset[str]
    refusals: frozenset[str]
    group_nouns: frozenset[str]
    non_agents: frozenset[str]
    title_words: frozenset[str]


@cache
def rules() -> AttributionRules:
    data = tomllib.loads(files("overture.data").joinpath("attribution.toml").read_text("utf-8"))
    sp = data["speech"]
    sides = {word: code for code, words in data["sides"].items() for word in words}
    return AttributionRules(
        speech_verbs=frozenset(sp["verbs"]), need_clause=frozenset(sp["need_clause"]),
        participles=frozenset(sp["participles"]),
        person_pronouns=frozenset(data["pronouns"]["person"]),
        group_pronouns=frozenset(data["pronouns"]["group"]),
        thing_pronouns=frozenset(data["pronouns"]["thing"]),
        quote_pairs=tuple((a, b) for a, b in data["quotes"]["pairs"]),
        media=tuple((re.compile(p["re"], re.I), p["label"]) for p in data["media"]["patterns"]),
        sides=sides,
        press=frozenset(sp["press"]), citing=frozenset(sp["citing"]),
        to_clause=frozenset(sp["to_clause"]), opinion_nouns=frozenset(sp["opinion_nouns"]),
        documents=frozenset(data["speakers"]["documents"]), proxies=frozenset(data["speakers"]["proxies"]),
        group_nouns=frozenset(data["speakers"].get("group_nouns", ())),
        non_agents=frozenset(data["speakers"].get("non_agents", ())),
        non_speakers=frozenset(data["speakers"]["non_speakers"]),
        media_nouns=frozenset(data["chain"]["media_nouns"]),
        naming_verbs=frozenset(sp["naming_verbs"]), refusals=frozenset(sp["refusals"]),
        title_words=frozenset(data["quotes"].get("title_words", ())),
    )
