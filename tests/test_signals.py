"""The cue rules per type and condition tags per tag, on sentences written for these tests.

Each sentence is a kind of language, not an article we have seen: refusals and negations,
conditional offers, a truce declared, a violation alleged, and sentences about fighting,
aid, sanctions, elections, trade, sport and background that must carry no signal.

The rules no longer decide alone: they are features of the trained model and mark the
words a signal hangs on, and `--signals rules` runs them as the engine. These tests pin
them down with that engine; the model is measured in tests/test_signal_model.py.
"""
from __future__ import annotations

import pytest

import overture
from overture.signals._rules import signal_rules
from overture.signals.stage import conditions_of

SIGNALS = [
    ("offer_talks", "Ghana's foreign minister said his government was ready to hold talks with the rebels without delay."),
    ("offer_talks", "The militia's leader said the movement was willing to negotiate with the army if it halted its offensive."),
    ("reject_talks", "The president ruled out any negotiations with the separatists as long as they held the border towns."),
    ("reject_talks", "The government said it was not ready to negotiate with the insurgents."),
    ("reject_talks", "The junta said it would never negotiate with what it called terrorists."),
    ("condition", "The prime minister said the country would never agree to a deal that recognised the occupation "
                  "of its northern provinces."),
    ("condition", "Any peace agreement must include the full withdrawal of foreign troops, the defence minister said."),
    ("propose", "The Kenyan president proposed holding a summit of regional leaders in Nairobi to end the fighting."),
    ("propose", "Norway offered to host talks between the two delegations in Oslo."),
    ("welcome", "The rebel spokesman welcomed the government's decision to release political prisoners."),
    ("dismiss", "The army spokesman dismissed the rebels' offer as a publicity stunt."),
    ("dismiss", "The foreign ministry said the proposal was unrealistic and had nothing to do with the situation "
                "on the ground."),
    ("urge_talks", "The UN envoy urged both parties to return to the negotiating table."),
    ("urge_talks", "The African Union called on the warring sides to resume peace talks immediately."),
    ("ceasefire", "The army declared a unilateral 72-hour ceasefire to allow aid convoys into the city."),
    ("ceasefire", "The rebels said they were prepared to observe a truce during the holiday."),
    ("accuse_violation", "The rebels accused the army of violating the ceasefire by shelling their positions overnight."),
    ("meeting", "Delegations from the two governments held talks in Doha on Tuesday."),
    ("meeting", "The two foreign ministers met in Geneva last week for a new round of negotiations."),
]

NO_SIGNAL = [
    "At least 12 people were killed when a missile struck a residential building, officials said.",
    "The European Union approved a new package of sanctions against the regime on Friday.",
    "The ruling party won a majority of seats in Sunday's parliamentary election.",
    "Trade talks between the two countries stalled over agricultural tariffs.",
    "The union said it was ready to resume wage negotiations with the employers next week.",
    "The two teams will meet in the cup final on Saturday.",
    "Since the 2020 ceasefire, the front line has barely moved.",
    "The government announced a new aid package for farmers hit by the drought.",
    "Asked whether he would meet the opposition leader, the president declined to answer.",
]

TAGS = {
    "territorial_integrity": "We are ready for talks, but only within our internationally recognised borders, the minister said.",
    "no_recognition_of_annexation": "The government will never recognise the annexed provinces as part of the neighbouring state.",
    "troop_withdrawal": "Talks can start once the withdrawal of foreign troops is complete.",
    "security_guarantees": "Any deal would require binding security guarantees from the major powers.",
    "ceasefire_first": "Negotiations are possible after a ceasefire takes hold, he said.",
    "public_format": "He said any talks must be held in public, not behind closed doors.",
    "direct_format": "The rebels want direct talks with the president rather than through envoys.",
    "via_intermediaries": "The two sides are negotiating through intermediaries in Doha.",
    "partners_present": "We will negotiate together with our partners, the foreign minister said.",
    "peace_plan_basis": "Talks must be based on our peace plan, the president insisted.",
    "referendum": "Any agreement would be put to a referendum, the prime minister said.",
    "civilian_infrastructure": "The truce would cover strikes on civilian infrastructure only.",
    "un_charter": "A settlement must respect the UN Charter, the envoy said.",
    "sovereignty": "We will not trade our sovereignty for peace, the president said.",
    "neutrality": "The government offered a neutral status in exchange for guarantees.",
    "sanctions": "Moscow demanded the lifting of Western sanctions before any deal.",
}


@pytest.fixture(scope="module")
def extract(rules_pipeline):
    return lambda text: overture.extract(text, pipeline=rules_pipeline)


@pytest.mark.parametrize("kind,text", SIGNALS)
def test_each_type_is_found_with_an_actor(extract, kind, text):
    signals = [s for s in extract(text).signals if s.type == kind]
    assert signals, f"no {kind} in: {text}"
    # a named actor, or an unnamed one kept as the role ("the president": no name, role "president")
    assert all(s.actor or s.actor_role for s in signals)
    assert signals[0].cameo and signals[0].goldstein is not None


@pytest.mark.parametrize("text", NO_SIGNAL)
def test_sentences_about_other_things_carry_no_signal(extract, text):
    assert extract(text).signals == []


def test_a_negated_offer_is_a_refusal_not_an_offer(extract):
    types = {s.type for s in extract("The rebel commander said the group was not willing to hold talks "
                                     "with the government.").signals}
    assert "reject_talks" in types and "offer_talks" not in types


def test_a_cue_inside_an_if_clause_is_a_condition_of_the_main_offer(extract):
    record = extract("If the army is willing to discuss a truce, then we will be ready to negotiate, "
                     "the rebel leader said.")
    offers = [s for s in record.signals if s.type == "offer_talks"]
    # an unnamed speaker is no name in the views; who it was stays as the role
    assert [(s.actor, s.actor_role) for s in offers] == [(None, "rebel leader")]
    assert offers[0].conditions  # a conditional offer carries its condition


def test_a_speaker_reporting_the_other_side_unready_dismisses_it(extract):
    record = extract("Azerbaijani President Ilham Aliyev said Yerevan was not ready for real peace.")
    assert [(s.type, s.actor) for s in record.signals] == [("dismiss", "Ilham Aliyev")]


@pytest.mark.parametrize("tag,text", sorted(TAGS.items()))
def test_each_condition_tag(tag, text):
    assert tag in conditions_of(text, signal_rules(), "offer_talks")


def test_a_conditional_offer_with_no_known_tag_is_tagged_other():
    assert conditions_of("If the shelling of the port ends, our delegation will sit down with theirs.", signal_rules(),
                         "offer_talks") == ["other"]


def test_codes_follow_the_contract_table(extract):
    [truce] = [s for s in extract("The army declared a unilateral 72-hour ceasefire.").signals]
    assert (truce.type, truce.cameo, truce.plover, truce.goldstein) == ("ceasefire", "0871", "RETREAT", 9.0)


@pytest.mark.parametrize("engine", ["rules_pipeline", "pipeline"])
def test_saying_another_party_should_be_ready_to_talk_presses_it(engine, request):
    pipeline = request.getfixturevalue(engine)
    record = overture.extract("French President Emmanuel Macron said Russia should show it is ready to negotiate.",
                              pipeline=pipeline)
    assert [(s.type, s.actor, s.target) for s in record.signals] == [("urge_talks", "Emmanuel Macron", "Russia")]
    record = overture.extract("President Volodymyr Zelensky said Ukraine was ready to negotiate with Russia.",
                              pipeline=pipeline)
    assert [(s.type, s.actor) for s in record.signals] == [("offer_talks", "Volodymyr Zelensky")]


@pytest.mark.parametrize("engine", ["pipeline", "rules_pipeline"])
def test_a_dateline_is_never_speaker_actor_or_target(engine, request):
    """Wire copy opens with the place and the agency; neither says or does anything."""
    pipeline = request.getfixturevalue(engine)
    for text in ("KABUL (Reuters) - The Taliban said on Sunday they were ready to hold peace talks with the "
                 "Afghan government if foreign troops left.",
                 "NAIROBI, Kenya - Somalia's president urged the Al-Shabaab militants to lay down arms and "
                 "join negotiations, his office said.",
                 "AFP - Rebels in eastern Congo accused the army of breaking the three-week-old truce."):
        record = overture.extract(text, pipeline=pipeline)
        assert record.signals, text
        named = {s.actor for s in record.signals} | {s.target for s in record.signals} \
            | {st.speaker for st in record.statements}
        assert not named & {"KABUL", "Kabul", "Reuters", "NAIROBI", "Nairobi", "Kenya", "AFP"}, (text, named)
