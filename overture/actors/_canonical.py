"""Names a reader can trust: who spoke, without the title, the clause or the description.

Every view is keyed by the name on a statement or a signal, so the name must be a name:
"Taoiseach Leo Varadkar" is Leo Varadkar (role "Taoiseach"); "Head of the European Commission
Ursula von der Leyen, who took" is Ursula von der Leyen; "a senior Ukrainian official" speaks
for Ukraine (role "senior official"); "a White House official" for the White House;
"Experts", "Officials", "Both sides", "2.8 million people" and "2024 Annual Threat assessment"
are no one (the description is kept as the role). A title alone ("the US President",
"Taoiseach") is whoever held it on the day, when the registry knows.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from overture.actors._registry import ActorRegistry

# words that make a title, a rank or a description, never a name
TITLE_WORDS = frozenset("""
president presidents vice prime minister ministers premier chancellor taoiseach tanaiste king queen prince
princess emir sheikh sultan crown secretary general secretary-general undersecretary under-secretary
spokesman spokeswoman spokesperson spokespeople press head heads chief chiefs leader leaders ambassador
envoy envoys special foreign defence defense interior finance deputy senior former then acting top
adviser advisor advisers advisors aide aides official officials commissioner governor mayor senator sen
rep representative congressman congresswoman speaker chairman chairwoman chair director judge justice
attorney lawyer lawyers constable sheriff detective inspector superintendent officer coach pastor rabbi
imam bishop cardinal miss ceo cfo coo founder co-founder owner general gen colonel col lieutenant lt major commander admiral marshal sergeant
captain capt brigadier field of the for and on in at to a an one some many several two three four most
other state states affairs national security council house european union commission parliament
member members mp mps lawmaker lawmakers legislator official's minister's president's author editor
correspondent reporter journalist analyst analysts expert experts observer observers diplomat diplomats
source sources negotiator negotiators mediator mediators delegate delegates delegation spokesmen
military army navy air force forces police intelligence agency ministry office department
government authorities administration regime leadership side sides party cabinet presidential royal
chief-of-staff staff assistant associate professor dr mr mrs ms sir lord lady dame
""".split())
_DAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday today yesterday".split())
# the head nouns of descriptions: no one in particular
GENERIC = frozenset("""
experts expert analysts analyst officials official authorities authority minister spokesman spokeswoman
spokesperson diplomats diplomat sources source observers critics residents witnesses people citizens
voters protesters activists scientists researchers astronomers doctors lawyers investigators prosecutors
officers soldiers troops police opposition businessman businesswoman insiders aides advisers allies
leaders lawmakers legislators members democrats republicans candidates candidate negotiators mediators
both sides side others many some several poll polls survey report reports statement remarks framework
assessment office committee whales russians ukrainians americans israelis palestinians observers
plaintiffs defendants families parents students workers farmers experts' government
center centre forum team group panel board company companies firm firms democrat republican supporters signatories agencies strategist strategists
campaign polling features fans users customers employees staffers residents' neighbors neighbours
""".split())
_DOCUMENTS = re.compile(r"(?i)\b(?:report|assessment|statement|poll|polling|survey|framework|remarks|letter|"
                        r"document|memo|study|analysis|data|records|figures|plan|proposal|resolution|communique|"
                        r"lawsuit|suit|complaint|filing|indictment|ruling|order|locator|website|video|post)s?$")
_INDEFINITE = re.compile(r"(?i)^(?:a|an|one|some|many|several|two|three|four|five|few|most|other|another|"
                         r"various|numerous|multiple|senior|unnamed|anonymous|about|around|nearly|more|"
                         r"his|her|its|their|our|this|that|these|those|recent)\b|%")
_CLAUSE = re.compile(r"\s*(?:,|\s[-–—]\s|\s(?:who|which|whose|that|when|while|after|before|as)\s).*$")
_DATE_TAIL = re.compile(r"(?i)\s+(?:on|last|this|next)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|"
                        r"sunday|week|month|year)\b")  # "Prime Minister on Sunday Boris Johnson"
_HONORIFIC = re.compile(r"(?i)^(?:mr|mrs|ms|dr|sir|lord|lady|dame|prof)\.?$")


@dataclass(frozen=True)
class Canonical:
    """A name fit for a view (None when the words name no one), its side, and the role or
    description the words gave."""

    name: str | None
    side: str | None = None
    role: str | None = None


def _is_title(word: str) -> bool:
    low = word.lower().strip(",.()'’")
    return low in TITLE_WORDS or low in _DAYS or low.removesuffix("'s").removesuffix("’s") in TITLE_WORDS \
        or _demonym(low) is not None


@cache
def _sides() -> dict[str, str]:
    """Demonyms to the state they name: the attribution rules' list, then every state's own
    demonyms in the registry ("Australian" -> AUS)."""
    from overture.attribution._rules import rules
    sides = {d.lower(): a.side for a in ActorRegistry.default().actors if a.kind == "state" and a.side
             for d in a.demonyms}
    sides.update(rules().sides)
    return sides


def _demonym(word: str) -> str | None:
    return _sides().get(word.lower().strip(",.()'’"))


def canonical(name: str | None, side: str | None = None, *, kind: str | None = None,
              on: dt.date | None = None) -> Canonical:
    """The name to store for what a text called a speaker or an actor (see the module doc).
    A name that is already well formed is kept as the pipeline resolved it."""
    if not name:
        return Canonical(None, side)
    name, side = _tidy(name, side)
    single_noun = kind == "description" and len(name.split()) == 1 \
        and _known(name.strip(), ActorRegistry.default()) is None  # "Mood", "League": a common noun
    if well_formed(name) and not single_noun:
        return Canonical(name, side)
    if single_noun:
        return Canonical(None, side, _role(name))
    registry = ActorRegistry.default()
    text = " ".join(name.split()).strip(" ,.;:-–—\"'“”‘’()[]")
    if _is_clean(text):
        known = _known(text, registry)
        if known is not None:
            return Canonical(known.name, known.side or side)
    text = re.sub(r"(?i)^the\s+", "", _DATE_TAIL.sub("", _CLAUSE.sub("", text))).strip(" ,.;:")
    if _INSTITUTION.search(text) and text[:1].isupper() and kind != "description" \
            and all(w[:1].isupper() or w.lower() in ("of", "for", "and", "the", "on") for w in text.split()):
        known = _known(text, registry)  # "Ethiopian Ministry of Foreign Affairs" is a name
        return Canonical(known.name if known else text, (known.side if known else None) or side)
    known = _known(text, registry) if _is_clean(text) else None
    if not text or not any(c.isalpha() for c in text) or not (text[0].isalpha() or text[0].isdigit()):
        return Canonical(None, side, _role(name))  # "-he"
    if text[0].islower():
        return _who_for(text, side, on, registry)
    if text[0].isdigit() or _DOCUMENTS.search(text) or _DOCUMENT_HEAD.match(text):
        return Canonical(None, side, _role(name))  # "2.8 million people", "2024 Annual Threat assessment"
    owned = _POSSESSED.search(text)
    if owned:  # "Hamas's political bureau" speaks for Hamas; "Trump's security detail" for no one
        owner = registry.lookup(text[:owned.start()])
        if owner is not None and owner.kind in ("institution", "state", "group"):
            return Canonical(text[:owned.start()].strip(), owner.side, _role(text[owned.start() + 2:]))
        return Canonical(None, side, _role(text))
    words = text.split()
    cut = max((i + 1 for i, w in enumerate(words) if _is_title(w)), default=0)
    if cut:  # the name is the capitalised run at the end: "governor of Kherson region Oleksandr Prokudin"
        run = len(words)
        while run > cut and (words[run - 1][:1].isupper() or words[run - 1].lower() in _PARTICLES):
            run -= 1
        cut = run if run < len(words) else cut
    title, rest = " ".join(words[:cut]), words[cut:]
    found_side = side or next((_demonym(w) for w in words[:cut] if _demonym(w)), None)
    if rest and (kind == "person" or cut > 0) and _looks_like_person(rest):
        full = " ".join(rest)
        hit = _known(full, registry)
        if hit is not None and hit.kind == "person":
            return Canonical(hit.name, hit.side or found_side, _role(title))
        return Canonical(full, found_side, _role(title) if title else None)
    if cut == len(words) or kind == "description" or _INDEFINITE.match(text) or text.lower() in GENERIC \
            or words[-1].lower() in GENERIC or (len(words) > 1 and not any(c.isupper() for c in words[-1])):
        return _who_for(text, found_side, on, registry)
    if known is not None:
        return Canonical(known.name, known.side or side)
    return Canonical(text, side)


_INSTITUTION = re.compile(r"(?i)\b(?:Ministry|Office|Council|Department|Agency|Commission|Parliament|Committee|"
                          r"Army|Forces|Force|Navy|Guard|Service|Services|Bureau|Directorate|Embassy|Mission|"
                          r"Court|Assembly|Senate|Congress|Cabinet|Secretariat|Presidency|Command|"
                          r"Civil Defen[cs]e|Defen[cs]e Forces|Police|District|University|Institute|"
                          r"Foundation|Union|Party|Front|Movement|Corporation|Company|Group|Network|Forum|Association|"
                          r"Alliance|Coalition|Federation|Organi[sz]ation)\b")


def _known(text: str, registry: ActorRegistry):  # noqa: ANN202
    """The registry's actor for a name, only when the name is one of its forms, a surname of
    it, or the same person's name in another spelling with the same surname: a close
    spelling is no licence to swap "Clementine Nkweta-Salami" for "Hossein Salami"."""
    from overture.actors._registry import fold
    hit = registry.lookup(text)
    if hit is None:
        return None
    key = fold(text)
    forms = {fold(f) for f in (hit.name, *hit.aliases)}
    surnames = {fold(f) for f in hit.surnames}
    words = key.split()
    if key in forms or (len(words) == 1 and key in surnames):
        return hit
    last = fold(text.split()[-1])  # "Nkweta-Salami" stays one surname
    same_first = words[0][:1] == fold(hit.name).split()[0][:1]  # Mikhail ~ Mykhailo; Husam is not Adnan
    if len(words) > 1 and hit.kind == "person" and same_first \
            and (last in surnames or last == fold(hit.name.split()[-1])):
        return hit
    return None


def _who_for(text: str, side: str | None, on: dt.date | None, registry: ActorRegistry) -> Canonical:
    """A description or a bare title: the office holder on the day; else the institution or
    state it speaks for ("a White House official"); else no one, the description kept."""
    role = _role(text)
    holder = registry.by_descriptor(text, on) if not _INDEFINITE.match(text) else None
    if holder is not None and not text.lower().endswith("s"):
        return Canonical(holder.name, holder.side, role)
    for s, e, actor in registry.find_in(text, on):
        if actor.kind in ("institution", "state", "group") and not registry.is_metonym(text[s:e]):
            return Canonical(actor.name, actor.side, None if actor.name.lower() == (role or "") else role)
    state = registry.state_of(side) if side else None
    if state is not None:
        return Canonical(state.name, state.side, role)
    return Canonical(None, None, role)


def _role(text: str) -> str | None:
    words = [w for w in text.split() if w.lower() not in ("a", "an", "the", "one", "some") and not _HONORIFIC.match(w)]
    role = " ".join(words).strip(" ,.;:-–—").lower()
    return None if not role or role in ("he", "she", "they", "it", "we", "i", "you") else role


def _is_clean(text: str) -> bool:
    """A name with nothing in front of it or after it."""
    words = text.split()
    return bool(words) and not _is_title(words[0]) and not _CLAUSE.search(text) and not _DATE_TAIL.search(text)


_PARTICLES = frozenset("von der de van bin al el da di la le du ibn".split())


def _looks_like_person(words: list[str]) -> bool:
    """Capitalised name words, one to five, none of them a title or a generic noun."""
    return 1 <= len(words) <= 5 and all(w[:1].isupper() or w.lower() in _PARTICLES for w in words) \
        and not any(w.lower() in GENERIC or _is_title(w) for w in words)


_PEOPLE = frozenset("officials members leaders lawmakers sources aides advisers staff supporters".split())
_POSSESSED = re.compile(r"['’]s\s+[a-z]")  # a person's thing, in lower case: "Company's investigations"
_DOCUMENT_HEAD = re.compile(r"(?i)^(?:text|new data|data|details|copy|draft|transcript|footage)\b")
_FUNCTION_WORDS = frozenset("of the for and on in at to a an".split())
_RANKS = frozenset("ceo cfo coo founder chairman chairwoman president minister spokesman spokeswoman spokesperson "
                   "secretary director chief governor mayor senator ambassador envoy commander".split())


_ACRONYM_NOTE = re.compile(r"\s*\([A-Z]{2,6}\)")  # "Magen David Adom (MDA)"
_PLACE_TAIL = re.compile(r"^(?P<name>.+?\S)\s+in\s+(?P<place>[A-Z][\w’' -]+)$")
_STATE_OWNER = re.compile(r"^(?P<owner>[A-Z][\w. -]+?)['’]s\s+(?P<rest>[A-Z].*)$")


def _tidy(name: str, side: str | None) -> tuple[str, str | None]:
    """Names that carry their state or a gloss around them: "Israel's Magen David Adom (MDA)
    emergency service" -> Magen David Adom (Israel); "Ukraine's Foreign Affairs Ministry" ->
    Ukrainian Foreign Affairs Ministry; "Hostages Forum in Israel" -> Hostages Forum."""
    text = _ACRONYM_NOTE.sub("", " ".join(name.split()))
    if text != " ".join(name.split()):  # a gloss after the name: "Magen David Adom emergency service"
        words = text.split()
        while len(words) > 1 and words[-1][:1].islower() and any(w[:1].isupper() for w in words[:-1]):
            words = words[:-1]
        text = " ".join(words)
    registry = ActorRegistry.default()
    owner = _STATE_OWNER.match(text)
    state = registry.state_for_word(owner.group("owner")) if owner else None
    if owner and state is not None:
        rest = owner.group("rest")
        demonym = state.demonyms[0] if state.demonyms else state.name
        text = f"{demonym} {rest}" if _INSTITUTION.search(rest) and not _known(rest, registry) else rest
        side = side or state.side
    place = _PLACE_TAIL.match(text)
    state = registry.state_for_word(place.group("place")) if place else None
    if place and state is not None and not registry.is_metonym(place.group("place")) \
            and len(place.group("name").split()) >= 2 and place.group("name")[:1].isupper():
        side = side or state.side  # a state's own name: "in The Hague" may be the court's city
        text = place.group("name")
    return text, side


def well_formed(name: str | None) -> bool:
    """Whether a stored name is a name: no title in front, no clause, not a generic noun or an
    indefinite description, not a number or a document (the check the views are held to)."""
    if not name:
        return True  # no one named: not a bad name
    text = " ".join(name.split())
    if _tidy(text, None)[0] != text:
        return False  # its state or a gloss still around it
    words = text.split()
    if not text[0].isupper():
        return False
    if _CLAUSE.search(text) or _DATE_TAIL.search(text) or _INDEFINITE.match(text) or _DOCUMENTS.search(text):
        return False
    if _known(text, ActorRegistry.default()) is not None:
        return True  # a registry name or alias: "United States", "White House", "Sheikh Hasina"
    institution = bool(_INSTITUTION.search(text)) and len(words) > 1
    if text.lower() in GENERIC or (words[-1].lower() in GENERIC and (not institution or words[-1].lower() in _PEOPLE)):
        return False  # "Party officials" are people of an institution, not the institution
    if _POSSESSED.search(text) or _DOCUMENT_HEAD.match(text):
        return False  # "Trump's security detail", "Text of the resolution", "New data from ..."
    if len(words) > 1 and not any(c.isupper() for c in words[-1]) and not institution:
        return False  # "Furious donors", "Japanese city", "Case file": a description, not a name
    if words[-1].lower().strip(",.") in TITLE_WORDS and not institution:
        return False  # "Rebel leader", "Former president", "Taoiseach": a title, no name
    lead = 0  # the run of title words and demonyms in front: "Australian Defence Minister" Richard Marles
    while lead < len(words) - 1 and _is_title(words[lead]):
        lead += 1
    titled = any(w.lower().strip(",.") in TITLE_WORDS and w.lower() not in _FUNCTION_WORDS for w in words[:lead])
    inner = any(w.lower().strip(",.") in _RANKS for w in words[1:-2])  # "Delta CEO Ed Bastian"
    return not ((titled or inner) and not institution)
