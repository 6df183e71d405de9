"""The world actor file (overture/data/actors_world.jsonl): it loads beside actors.jsonl with
no name claimed twice, and states, capitals, groups and office holders of other conflicts
resolve. Example sentences are made up for these tests."""
from __future__ import annotations

import datetime as dt
import json
import time
from importlib.resources import files
from pathlib import Path

import pytest

from overture.actors._registry import ActorRegistry, RegistryError, load_actor_files, load_actors

DATA = files("overture.data")


@pytest.fixture(scope="module")
def actors() -> ActorRegistry:
    return ActorRegistry.default()


def name_of(actor) -> str | None:
    return actor.name if actor is not None else None


def test_every_file_loads_into_the_default_registry_without_collisions(actors: ActorRegistry) -> None:
    base = load_actors(DATA.joinpath("actors.jsonl"))
    world = load_actors(DATA.joinpath("actors_world.jsonl"))
    holders = load_actors(DATA.joinpath("actors_officeholders.jsonl"))
    assert len(world) >= 400 and len(holders) >= 3000
    assert len(actors) == len(base) + len(world) + len(holders)
    names = [{a.name for a in f} for f in (base, world, holders)]
    assert not (names[0] & names[1] or names[0] & names[2] or names[1] & names[2])
    # every UN member state (plus Palestine, Kosovo, Taiwan and the Holy See) has a state line
    states = {a.side for a in actors if a.kind == "state"}
    assert len(states) >= 197 and {"COD", "COG", "PSE", "XKX", "TWN", "VAT", "SDN", "THA"} <= states


def test_a_name_already_in_an_earlier_file_is_refused_naming_both_files(tmp_path: Path) -> None:
    first, second = tmp_path / "actors.jsonl", tmp_path / "actors_extra.jsonl"
    line = {"name": "Ruritania", "kind": "state", "side": "RUR", "wikidata": None, "aliases": [], "roles": []}
    first.write_text(json.dumps(line) + "\n", "utf-8")
    second.write_text(json.dumps({**line, "name": "Kingdom of Ruritania", "aliases": ["Ruritania"]}) + "\n", "utf-8")
    with pytest.raises(RegistryError, match=r"actors_extra.jsonl: 'Ruritania'.*actors.jsonl"):
        ActorRegistry.from_jsonl(first, second)
    assert len(load_actor_files(first)) == 1


@pytest.mark.parametrize("text, canonical", [
    ("DRC", "Democratic Republic of the Congo"),
    ("DR Congo", "Democratic Republic of the Congo"),
    ("Congo-Brazzaville", "Republic of the Congo"),
    ("Kinshasa", "Democratic Republic of the Congo"),
    ("Hemedti", "Mohamed Hamdan Dagalo"),
    ("Ansar Allah", "Houthis"),
    ("the Houthi movement", "Houthis"),
    ("Islamic Resistance Movement", "Hamas"),
    ("Abu Mohammed al-Jolani", "Ahmed al-Sharaa"),
    ("Hizbollah", "Hezbollah"),
    ("AFC/M23", "M23"),
    ("Sudanese army", "Sudanese Armed Forces"),
    ("Ivory Coast", "Côte d'Ivoire"),
    ("Bogota", "Colombia"),
    ("Naypyitaw", "Myanmar"),
    ("Ramallah", "Palestinian Authority"),
    ("Gen. Abdel Fattah al-Burhan", "Abdel Fattah al-Burhan"),
    ("Prime Minister Anutin", "Anutin Charnvirakul"),
])
def test_lookup_resolves_world_names(actors: ActorRegistry, text: str, canonical: str) -> None:
    assert name_of(actors.lookup(text)) == canonical


def test_capitals_are_metonyms_and_sanaa_is_not_yemen(actors: ActorRegistry) -> None:
    assert actors.is_metonym("Kinshasa") and actors.is_metonym("Port Sudan") and actors.is_metonym("Baku")
    assert not actors.is_metonym("Congo")
    assert actors.lookup("Sanaa") is None  # Houthi-held: not the recognised government
    assert name_of(actors.state_of("COD")) == "Democratic Republic of the Congo"


@pytest.mark.parametrize("phrase, day, holder", [
    ("the Israeli prime minister", "2024-03-01", "Benjamin Netanyahu"),
    ("the Israeli defence minister", "2024-03-01", "Yoav Gallant"),
    ("the Israeli defense minister", "2025-03-01", "Israel Katz"),
    ("the Thai foreign minister", "2025-03-01", "Maris Sangiampongsa"),
    ("the Thai prime minister", "2025-03-01", "Paetongtarn Shinawatra"),
    ("Hezbollah chief", "2024-06-01", "Hassan Nasrallah"),
    ("Hezbollah chief", "2025-06-01", "Naim Qassem"),
    ("Kinshasa's top diplomat", "2025-02-01", "Thérèse Kayikwamba Wagner"),
    ("Pakistan's army chief", "2025-05-10", "Asim Munir"),
    ("the foreign minister of Armenia", "2025-08-08", "Ararat Mirzoyan"),
    ("the Syrian president", "2023-06-01", "Bashar al-Assad"),
    ("the Syrian president", "2025-06-01", "Ahmed al-Sharaa"),
    ("the RSF commander", "2024-06-01", "Mohamed Hamdan Dagalo"),
])
def test_world_titles_resolve_to_the_holder_on_the_date(actors: ActorRegistry, phrase: str, day: str,
                                                        holder: str) -> None:
    assert name_of(actors.by_descriptor(phrase, dt.date.fromisoformat(day))) == holder


SENTENCE = ("Kinshasa accused Kigali of backing the M23, while Hemedti's Rapid Support Forces said "
            "they would attend talks in Jeddah; the Thai foreign minister spoke to Phnom Penh.")


def test_find_in_finds_world_mentions(actors: ActorRegistry) -> None:
    found = [(SENTENCE[s:e], a.name) for s, e, a in actors.find_in(SENTENCE, on=dt.date(2025, 3, 1))]
    assert found == [
        ("Kinshasa", "Democratic Republic of the Congo"),
        ("Kigali", "Rwanda"),
        ("M23", "M23"),
        ("Hemedti", "Mohamed Hamdan Dagalo"),
        ("Rapid Support Forces", "Rapid Support Forces"),
        ("Thai foreign minister", "Maris Sangiampongsa"),
        ("Phnom Penh", "Cambodia"),
    ]


def test_find_in_stays_fast_with_the_world_file(actors: ActorRegistry) -> None:
    text = (SENTENCE + " Negotiators met again on Sunday without a breakthrough. ") * 25
    assert len(text) >= 5000
    on = dt.date(2025, 3, 1)
    actors.find_in(text, on=on)  # build the matchers
    runs = 20
    start = time.perf_counter()
    for _ in range(runs):
        actors.find_in(text, on=on)
    per_call = (time.perf_counter() - start) / runs
    assert per_call < 0.05, f"{per_call * 1000:.2f} ms per 5k-char text with titles"
