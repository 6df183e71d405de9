"""Where a statement was made and through whom it reached the outlet.

"According to Interfax ..., X said in an interview with CNN" reaches us via Interfax, then
BBC: intermediaries that report come first, the medium the actor spoke to comes last.
"""
from __future__ import annotations

import re

from overture.attribution._rules import rules

_SOURCE_CUES = re.compile(r"\b(?:according to|citing|quoting|cited by|as reported by|reported by|"
                          r"(?:in )?a report (?:by|from|in)|the website of|as quoted by|wrote|reported|"
                          r"said|added|quoted)\b", re.I)
_MEDIA_TAIL = re.compile(r"\s+(?:newspaper|news agency|agency|TV channel|channel|TV|television|radio|website|daily)$", re.I)
_STATE_TV = re.compile(r"\b(?:speaking to|spoke to|on|to|told|telling|interview (?:with|to))\s+(?:the\s+)?"
                       r"(?P<who>[A-Z][\w]*(?:['’]s)?)\s+state(?:-run)? (?:television|TV)\b")
_SPOKE_TO_CUES = re.compile(r"\b(?:interview (?:with|to|for)|told|telling|speaking to|spoke to|speaking with)\s+$", re.I)


def _capitalised(text: str) -> str:
    """'the Sun' written as 'The Sun', so a title's own article matches (same length)."""
    return re.sub(r"\bthe (?=[A-Z])", "The ", text)


def medium_of(sentence: str) -> str | None:
    """The medium named in a sentence ("interview with BBC", "nightly video address")."""
    from overture.actors._registry import OutletRegistry
    for pattern, label in rules().media:
        m = pattern.search(sentence)
        if not m:
            continue
        value = label
        if "{1}" in label:
            group = (m.group(1) or "").strip() if m.lastindex else ""
            if not group:
                continue
            group = _MEDIA_TAIL.sub("", group) or group
            outlet = OutletRegistry.default().lookup(group) or _outlet_in(group) or _outlet_in("The " + group)
            if label.startswith(("interview", "remarks to")) and outlet is None and not _looks_like_media(group):
                if label.startswith("remarks to"):
                    continue
                value = "interview"
            else:
                value = label.replace("{1}", outlet.name if outlet else re.sub(r"^the\s+", "", group, flags=re.I))
        return re.sub(r"\s+", " ", value).strip()
    if re.search(r"\binterview\b", sentence, re.I):
        return "interview"
    return None


def outlet_named(phrase: str):
    """The outlet a phrase is ("NBC News", "the TV channel" is one too), else None."""
    from overture.actors._registry import OutletRegistry
    outlet = OutletRegistry.default().lookup(phrase) or _outlet_in(_capitalised(phrase))
    if outlet is not None:
        return outlet
    words = phrase.lower().split()
    return words[-1] if words and words[-1] in rules().media_nouns else None


def _state_broadcaster(sentence: str) -> tuple[int, str] | None:
    """"speaking on Belarusian state television" -> (position, "Belarusian state television")."""
    from overture.actors._registry import ActorRegistry
    m = _STATE_TV.search(sentence)
    if not m:
        return None
    side = rules().sides.get(m.group("who").lower().replace("’", "'"))
    state = ActorRegistry.default().state_of(side) if side else None
    if state is None or not state.demonyms:
        return None
    return m.start(), f"{state.demonyms[0]} state television"


def _outlet_in(text: str):
    from overture.actors._registry import OutletRegistry
    found = OutletRegistry.default().find_in(text)
    return found[0][2] if found else None


def _looks_like_media(name: str) -> bool:
    return bool(re.search(r"\b(?:news|agency|newspaper|TV|television|radio|channel|magazine|times|post|daily)\b", name, re.I))


def chain_of(sentence: str, speaker: str | None = None) -> list[str]:
    """Outlets between the article and the speaker, nearest to the speaker last."""
    from overture.actors._registry import OutletRegistry
    sentence = _capitalised(sentence)
    reporters: list[tuple[int, str]] = []
    spoken_to: list[tuple[int, str]] = []
    for s, _e, outlet in OutletRegistry.default().find_in(sentence):
        if speaker and outlet.name == speaker:
            continue
        before = sentence[max(0, s - 40):s]
        if _SPOKE_TO_CUES.search(before.rstrip("( ") + " ") or re.search(r"\binterview (?:with|to|for) (?:the )?$", before, re.I):
            spoken_to.append((s, outlet.name))
        elif re.search(r"(?:according to|citing|quoting|by|of|from)\s+(?:the\s+)?(?:[\w\"“”]+\s+){0,5}[\"“«]?$", before, re.I) \
                or re.match(r"[\w\s.\"“”]*?\b(?:reported|said|wrote|added|cited|quoted|commented|published)\b",
                            sentence[_e:_e + 30]) or _SOURCE_CUES.search(sentence[_e:_e + 25] or ""):
            reporters.append((s, outlet.name))
    broadcaster = _state_broadcaster(sentence)
    if broadcaster is not None:
        spoken_to.append(broadcaster)
    names: list[str] = []
    for _, name in reporters + spoken_to:
        if name not in names:
            names.append(name)
    return names
