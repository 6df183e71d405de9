"""The actor and outlet registries: which known actor or news outlet a piece of text names.

Both are read from JSONL files under overture/data/ (schema and matching rules in
docs/actors.md), once per process, and never changed afterwards.

- `ActorRegistry.lookup("Zelenskiy")`            a name or variant -> Actor
- `ActorRegistry.by_descriptor("the Kremlin spokesman", on=date)` a title -> its holder then
- `ActorRegistry.find_in(text)`                  every registry mention in a text
- `OutletRegistry.lookup / by_domain / find_in`  the same for news organisations
"""
from __future__ import annotations

import datetime as dt
import bisect
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Generic, TypeVar
from urllib.parse import urlsplit

from rapidfuzz import fuzz, process

from overture._errors import ConfigError

__all__ = ["Actor", "ActorRegistry", "Outlet", "OutletRegistry", "RegistryError", "Role", "fold",
           "load_actor_files", "load_actors", "load_outlets"]

KINDS = frozenset({"person", "institution", "state", "group"})
OUTLET_KINDS = frozenset({"outlet", "news_agency", "broadcaster", "newspaper"})
OWNERSHIP = ("state", "public", "private")


class RegistryError(ConfigError):
    """A registry data file is malformed; the message names the file and line."""


# ---------------------------------------------------------------------------- text folding

class _CharFold(dict):
    """str.translate table that strips accents one character for one, so offsets survive."""

    _EXTRA = {"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "s",
              "’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "\u2010": "-", "\u2011": "-",
              "\u00a0": " ", "\u202f": " "}

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        base = self._EXTRA.get(ch) or unicodedata.normalize("NFKD", ch)[:1]
        if len(base) != 1 or unicodedata.combining(base):
            base = ch
        self[code] = base
        return base


_CHAR_FOLD = _CharFold()
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _char_fold(text: str) -> str:
    """The text with accents stripped and quotes straightened, same length as the input."""
    if text.isascii():
        return text
    return _NON_ASCII.sub(lambda m: _CHAR_FOLD[ord(m.group())], text)


_POSSESSIVE = re.compile(r"(?<=\w)'s\b|(?<=s)'(?!\w)")
_NON_WORD = re.compile(r"[^\w]+")


def fold(text: str) -> str:
    """A comparison key: no accents, case, possessive 's, dots or punctuation.

    "Kyiv's" -> "kyiv", "U.S." -> "us", "Erdoğan" -> "erdogan", "Jean-Noël" -> "jean noel".
    """
    text = _POSSESSIVE.sub("", _char_fold(text).casefold())
    text = text.replace(".", "").replace("'", "")
    return " ".join(_NON_WORD.sub(" ", text).split())


_fold_cached = lru_cache(maxsize=1 << 16)(fold)


def _lower_fold(text: str) -> tuple[str, int]:
    """Text ready for a lower-case trie regex, and the flags that regex needs: lower() is
    faster to match than IGNORECASE, but only usable when it keeps every offset."""
    folded = _char_fold(text)
    lowered = folded.lower()
    return (lowered, 0) if len(lowered) == len(folded) else (folded, re.IGNORECASE)


def _strip_article(key: str) -> str:
    return key[4:] if key.startswith("the ") else key


def _case_ok(found: str, surface: str) -> bool:
    """Text may stand for a surface form only if each capital letter of the form is a
    capital in the text ("US" never matches "us"; "Turkey" never matches "turkey")."""
    if found == surface:
        return True
    f = [c for c in found if c.isalpha()]
    s = [c for c in _char_fold(surface) if c.isalpha()]
    if len(f) != len(s):
        return True
    return all(fc.isupper() or not sc.isupper() for fc, sc in zip(f, s))


def _is_acronym(surface: str) -> bool:
    letters = [c for c in surface if c.isalpha()]
    return 0 < len(letters) <= 5 and all(c.isupper() for c in letters)


# ------------------------------------------------------------------------------ records

@dataclass(frozen=True)
class Role:
    """An office held from `start` (inclusive) to `end` (exclusive); None = open."""

    title: str
    state: str | None
    start: dt.date | None
    end: dt.date | None
    descriptors: tuple[str, ...] = ()

    def active_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Actor:
    """A person, institution, state or group that can make a signal."""

    name: str
    kind: str
    side: str | None
    wikidata: str | None
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    surnames: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()   # place names that also stand for this government
    demonyms: tuple[str, ...] = ()   # words that stand for a state inside a title ("Russian")


@dataclass(frozen=True)
class Outlet:
    """A news organisation, as named in bylines, credits and "according to" phrases."""

    name: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]
    country: str | None
    state_affiliated: bool | None
    kind: str
    ownership: str | None = None  # state, public (independent public service) or private


# ------------------------------------------------------------------------------ loading

_ISO3 = re.compile(r"^[A-Z]{3}$")
_QID = re.compile(r"^Q[1-9]\d*$")
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def _read_jsonl(source: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, record) for each non-blank line; `where` is "file:line" for error messages."""
    name = str(source)
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as exc:
        raise RegistryError(f"{source}: cannot read registry file ({exc})") from exc
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RegistryError(f"{where}: not valid JSON ({exc.msg})") from exc
        if not isinstance(record, dict):
            raise RegistryError(f"{where}: expected a JSON object")
        yield where, record


class _Fields:
    """Checked access to one record's fields, raising errors that say where."""

    def __init__(self, where: str, record: dict[str, Any], required: set[str], optional: set[str]):
        self.where, self.record = where, record
        missing = required - record.keys()
        unknown = record.keys() - required - optional
        if missing:
            self.fail(f"missing field(s) {', '.join(sorted(missing))}")
        if unknown:
            self.fail(f"unknown field(s) {', '.join(sorted(unknown))}")

    def fail(self, problem: str) -> None:
        raise RegistryError(f"{self.where}: {problem}")

    def text(self, key: str) -> str:
        value = self.record.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(f"'{key}' must be a non-empty string")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.record.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.fail(f"'{key}' must be a list of non-empty strings")
        return tuple(value)

    def pattern(self, key: str, regex: re.Pattern[str], what: str) -> str | None:
        value = self.record.get(key)
        if value is not None and not (isinstance(value, str) and regex.match(value)):
            self.fail(f"'{key}' must be {what} or null, not {value!r}")
        return value

    def choice(self, key: str, allowed: frozenset[str]) -> str:
        value = self.record.get(key)
        if value not in allowed:
            self.fail(f"'{key}' must be one of {', '.join(sorted(allowed))}, not {value!r}")
        return value

    def date(self, key: str, *, end: bool) -> dt.date | None:
        """ISO date; "2024" or "2024-03" mean the start of that period, or, for an end, the
        start of the next one (the holder is in office throughout the period named)."""
        value = self.record.get(key)
        if value is None:
            return None
        m = _PARTIAL_DATE.match(value) if isinstance(value, str) else None
        if not m:
            self.fail(f"'{key}' must be YYYY-MM-DD, YYYY-MM, YYYY or null, not {value!r}")
        year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
        try:
            start = dt.date(year, month, day)
        except ValueError:
            self.fail(f"'{key}' is not a real date: {value!r}")
        if not end or m[3]:
            return start
        return dt.date(year + 1, 1, 1) if not m[2] else (start + dt.timedelta(days=31)).replace(day=1)


def _role(where: str, record: Any) -> Role:
    if not isinstance(record, dict):
        raise RegistryError(f"{where}: each role must be a JSON object")
    f = _Fields(where + " (role)", record, {"title", "state", "from", "to"}, {"descriptors"})
    role = Role(f.text("title"), f.pattern("state", _ISO3, "an ISO alpha-3 code"),
                f.date("from", end=False), f.date("to", end=True), f.texts("descriptors"))
    if role.start and role.end and role.end <= role.start:
        f.fail(f"role '{role.title}' ends before it starts")
    return role


def _actor(where: str, record: dict[str, Any]) -> Actor:
    f = _Fields(where, record, {"name", "kind", "side", "wikidata", "aliases", "roles"},
                {"surnames", "metonyms", "demonyms"})
    roles = record["roles"]
    if not isinstance(roles, list):
        f.fail("'roles' must be a list")
    return Actor(name=f.text("name"), kind=f.choice("kind", KINDS),
                 side=f.pattern("side", _ISO3, "an ISO alpha-3 code"),
                 wikidata=f.pattern("wikidata", _QID, "a Wikidata id like Q3881"),
                 aliases=f.texts("aliases"), roles=tuple(_role(where, r) for r in roles),
                 surnames=f.texts("surnames"), metonyms=f.texts("metonyms"),
                 demonyms=f.texts("demonyms"))


def _outlet(where: str, record: dict[str, Any]) -> Outlet:
    f = _Fields(where, record, {"name", "aliases", "domains", "country", "state_affiliated", "kind"},
                {"ownership"})
    affiliated = record["state_affiliated"]
    if affiliated not in (True, False, None):
        f.fail("'state_affiliated' must be true, false or null")
    domains = tuple(d.lower() for d in f.texts("domains"))
    ownership = record.get("ownership")
    if ownership not in (*OWNERSHIP, None):
        f.fail(f"'ownership' must be one of {', '.join(OWNERSHIP)} or null")
    return Outlet(f.text("name"), f.texts("aliases"), domains,
                  f.pattern("country", _ISO3, "an ISO alpha-3 code"), affiliated,
                  f.choice("kind", OUTLET_KINDS), ownership)


def load_actors(*sources: Any) -> tuple[Actor, ...]:
    """Actors from JSONL files (paths or importlib Traversables), in file order."""
    return tuple(_actor(where, rec) for src in sources for where, rec in _read_jsonl(src))


def load_outlets(*sources: Any) -> tuple[Outlet, ...]:
    return tuple(_outlet(where, rec) for src in sources for where, rec in _read_jsonl(src))


def _data_file(name: str) -> Any:
    return files("overture.data").joinpath(name)


def _data_files(prefix: str) -> list[Any]:
    """Every overture/data/<prefix>*.jsonl, by file name (so actors.jsonl comes first)."""
    return sorted((f for f in files("overture.data").iterdir()
                   if f.name.startswith(prefix) and f.name.endswith(".jsonl")), key=lambda f: f.name)


def load_actor_files(*sources: Any) -> tuple[Actor, ...]:
    """Actors from several files. A later file only adds actors: a name, alias or metonym
    that an earlier file already uses is an error naming both files, never an override."""
    actors: list[Actor] = []
    owner: dict[str, tuple[str, str]] = {}
    for src in sources:
        file_name = Path(str(src)).name
        for actor in load_actors(src):
            for form in (actor.name, *actor.aliases, *actor.metonyms):
                first_file, first_actor = owner.setdefault(_strip_article(fold(form)), (file_name, actor.name))
                if first_file != file_name:
                    raise RegistryError(f"{file_name}: '{form}' ({actor.name}) is already a name of "
                                        f"'{first_actor}' in {first_file}")
            actors.append(actor)
    return tuple(actors)


# ------------------------------------------------------------------------ phrase matching

T = TypeVar("T")
_SEP = r"[\s\-]+"


def _trie_pattern(phrases: Iterable[str]) -> str:
    """One regex alternation for many phrases, shaped as a character trie so that matching
    costs little more than one phrase; at each position the longest phrase wins."""
    trie: dict[str, dict] = {}
    for phrase in phrases:
        node = trie
        for ch in _char_fold(phrase).lower():
            node = node.setdefault(" " if ch in " -" else ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [(_SEP if ch == " " else re.escape(ch)) + emit(child)
                    for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"
        return body

    return emit(trie) or "(?!)"


class _Compiled(dict[int, re.Pattern[str]]):
    """One big pattern, compiled for a set of flags when first asked for: compiling the
    trie regexes takes a quarter second each, and the IGNORECASE one is rarely needed."""

    def __init__(self, pattern: str) -> None:
        super().__init__()
        self.pattern = pattern

    def __missing__(self, flags: int) -> re.Pattern[str]:
        self[flags] = compiled = re.compile(self.pattern, flags)
        return compiled


class _PhraseIndex(Generic[T]):
    """Surface forms -> items, found in text by one trie regex, checked for capitals."""

    def __init__(self, forms: Iterable[tuple[str, T]]):
        self.by_key: dict[str, list[tuple[str, T]]] = defaultdict(list)
        for surface, item in forms:
            key = fold(surface)
            if key and (surface, item) not in self.by_key[key]:
                self.by_key[key].append((surface, item))
        surfaces = {s for forms_ in self.by_key.values() for s, _ in forms_}
        self.regexes = _Compiled(rf"\b(?:{_trie_pattern(surfaces)})(?!\w)")

    def items(self, found: str) -> list[T]:
        """The items whose surface form `found` may be (case-checked)."""
        out: list[T] = []
        for surface, item in self.by_key.get(_fold_cached(found), ()):
            if item not in out and _case_ok(found, surface):
                out.append(item)
        return out

    def finditer(self, text: str) -> Iterator[tuple[int, int, list[T]]]:
        prepared, flags = _lower_fold(text)
        for m in self.regexes[flags].finditer(prepared):
            items = self.items(text[m.start():m.end()])
            if items:
                yield m.start(), m.end(), items


def _longest_first(spans: list[tuple[int, int, T]]) -> list[tuple[int, int, T]]:
    """Keep the longest of overlapping spans, then return them in text order."""
    starts: list[int] = []
    kept: list[tuple[int, int, T]] = []
    for span in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        i = bisect.bisect_left(starts, span[0])
        if (i < len(kept) and kept[i][0] < span[1]) or (i > 0 and kept[i - 1][1] > span[0]):
            continue
        starts.insert(i, span[0])
        kept.insert(i, span)
    return kept


# ------------------------------------------------------------------- transliteration keys

_TRANSLIT = [("shch", "sh"), ("sch", "sh"), ("tch", "ch"), ("zh", "j"), ("kh", "h"), ("ck", "k"),
             ("tz", "c"), ("ts", "c"), ("w", "v"), ("ph", "f"), ("y", "i")]
_DOUBLE = re.compile(r"(\w)\1+")


def _skeleton(key: str) -> str:
    """A folded name with transliteration choices evened out: Zelenskyy/Zelenskiy/Zelenskii
    -> "zelenski", Syrskyi/Sirsky -> "sirski"."""
    for old, new in _TRANSLIT:
        key = key.replace(old, new)
    key = re.sub(r"ij\b", "i", key)
    return _DOUBLE.sub(r"\1", key)


def _consonants(skeleton: str) -> str:
    return re.sub(r"[aeiou\s]", "", skeleton)


# ----------------------------------------------------------------------- actor registry

_ARTICLES = frozenset({"the", "a", "an"})
_SYNONYMS = {"spokesman": "spokesperson", "spokeswoman": "spokesperson", "defense": "defence",
             "adviser": "advisor"}
_SURFACE_VARIANTS = {"spokesman": ("spokesman", "spokeswoman", "spokesperson"),
                     "spokeswoman": ("spokesman", "spokeswoman", "spokesperson"),
                     "spokesperson": ("spokesman", "spokeswoman", "spokesperson"),
                     "defence": ("defence", "defense"), "defense": ("defence", "defense"),
                     "adviser": ("adviser", "advisor"), "advisor": ("adviser", "advisor")}
_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "sir", "lord", "dame", "gen", "general", "lt",
                         "col", "colonel", "adm", "admiral", "marshal", "sen", "senator", "rep",
                         "cardinal", "archbishop", "sheikh", "prince", "king", "queen", "emir",
                         "crown", "ayatollah", "former", "acting", "then", "ex"})
_NOT_HOLDER = frozenset({"former", "ex", "late", "deputy", "vice", "first", "assistant", "future"})
_FUZZY_CUTOFF = 80


class ActorRegistry:
    """Known actors, with every way the text may name them."""

    def __init__(self, actors: Iterable[Actor]):
        self.actors = tuple(actors)
        self._by_key: dict[str, Actor] = {}
        self._metonyms: set[str] = set()
        surnames: dict[str, set[Actor]] = defaultdict(set)
        self._states: dict[str, Actor] = {}
        for actor in self.actors:
            for form in (actor.name, *actor.aliases, *actor.metonyms):
                key = _strip_article(fold(form))
                other = self._by_key.setdefault(key, actor)
                if other is not actor:
                    raise RegistryError(f"'{form}' names both '{other.name}' and '{actor.name}'"
                                        " (an actor listed twice, or an alias to remove)")
            self._metonyms.update(_strip_article(fold(m)) for m in actor.metonyms)
            for surname in actor.surnames:
                surnames[fold(surname)].add(actor)
            if actor.kind == "state" and actor.side:
                self._states.setdefault(actor.side, actor)
        # a surname alone names someone only if no one else has it (or uses it as a name)
        self._surnames = {k: next(iter(v)) for k, v in surnames.items()
                          if len(v) == 1 and self._by_key.get(k, next(iter(v))) is next(iter(v))}
        self._shared_surnames = {k for k, v in surnames.items() if len(v) > 1}
        self._key_cache: dict[str, tuple[str | None, tuple[str, ...]]] = {}
        self._state_words = self._build_state_words()
        self._acronym_states = {fold(f) for a in self.actors if a.kind == "state"
                                for f in (a.name, *a.aliases, *a.demonyms) if _is_acronym(f)}
        self._descriptors = self._build_descriptors()
        self._title_words = ({w for rest in self._descriptors for w in rest if not w.startswith("@")}
                             | set(self._state_words) | _HONORIFICS)
        self._skeletons: dict[str, set[Actor]] = defaultdict(set)
        for key, actor in [*self._by_key.items(), *self._surnames.items()]:
            if len(key) >= 5:
                self._skeletons[_skeleton(key)].add(actor)
        self._skeleton_list = list(self._skeletons)
        self._names: _PhraseIndex[Actor] | None = None
        self._titles: dict[int, re.Pattern[str]] | None = None

    @classmethod
    def from_jsonl(cls, *paths: str | Path) -> ActorRegistry:
        """A registry from your own files (same schema as overture/data/actors.jsonl)."""
        return cls(load_actor_files(*(Path(p) for p in paths)))

    @staticmethod
    @cache
    def default() -> ActorRegistry:
        """The registry shipped in overture/data/actors*.jsonl (actors.jsonl, actors_world.jsonl,
        ...), built once per process."""
        return ActorRegistry(load_actor_files(*_data_files("actors")))

    def __len__(self) -> int:
        return len(self.actors)

    def __iter__(self) -> Iterator[Actor]:
        return iter(self.actors)

    # ------------------------------------------------------------------ names

    def by_name(self, name: str) -> Actor | None:
        """The actor whose own name this is (folded), or None: no alias, surname or spelling search."""
        actor = self._by_key.get(_strip_article(fold(name)))
        return actor if actor is not None and fold(actor.name) == fold(name) else None

    def lookup(self, name: str) -> Actor | None:
        """The actor a name refers to: exact name or alias (folded), a unique surname, the same
        after leading titles ("Foreign Minister Sergei Lavrov"), else a close transliteration."""
        key = _strip_article(fold(name))
        if not key:
            return None
        words = key.split()
        for i in range(len(words)):
            if i and words[i - 1] not in self._title_words:
                break
            rest = " ".join(words[i:])
            actor = self._by_key.get(rest) or self._surnames.get(rest)
            if actor is not None and self._acronym_case_ok(name, rest, actor):
                return actor
        if key in self._shared_surnames or words[-1:] and len(words) == 1 and words[0] in self._shared_surnames:
            return None  # "Johnson": several people; no close spelling decides between them
        return self._fuzzy(key)

    def _acronym_case_ok(self, name: str, key: str, actor: Actor) -> bool:
        """Lower-case "us" or "un" is a word, not the United States or the United Nations."""
        forms = [f for f in (actor.name, *actor.aliases) if fold(f) == key]
        return not forms or not all(_is_acronym(f) for f in forms) or any(c.isupper() for c in name)

    def _fuzzy(self, key: str) -> Actor | None:
        """Transliteration variants only: close in spelling and with the same consonants, so
        "Zelenskii" and "Serski" match but "Putting" does not match "Putin"."""
        if len(key) < 5:
            return None
        skeleton = _skeleton(key)
        best: dict[Actor, float] = {}
        for choice, score, _ in process.extract(skeleton, self._skeleton_list, scorer=fuzz.ratio,
                                                score_cutoff=_FUZZY_CUTOFF, limit=10):
            if _consonants(choice) != _consonants(skeleton) or (skeleton[-1] == "a" != choice[-1]):
                continue  # other consonants, or a feminine form (Zelenska is not Zelensky)
            for actor in self._skeletons[choice]:
                best[actor] = max(best.get(actor, 0), score)
        if not best:
            return None
        top = max(best.values())
        winners = [a for a, s in best.items() if s == top]
        return winners[0] if len(winners) == 1 else None

    def state_for_word(self, text: str) -> Actor | None:
        """The state a whole word stands for: its name, capital or demonym ("Ukrainian")."""
        side = self._state_words.get(_strip_article(fold(text)))
        return self.state_of(side) if side else None

    def is_metonym(self, text: str) -> bool:
        """True for a place name that can also stand for a government ("Moscow", "Kyiv")."""
        return _strip_article(fold(text)) in self._metonyms

    def sides_named(self, text: str) -> set[str]:
        """The states a text names by name, capital or demonym ("Kyiv", "Russian") -> codes."""
        words = fold(text).split()
        return {side for n in (1, 2, 3) for i in range(len(words) - n + 1)
                if (side := self._state_words.get(" ".join(words[i:i + n])))}

    def state_of(self, side: str) -> Actor | None:
        """The state actor for an ISO alpha-3 code ("RUS" -> Russia)."""
        return self._states.get(side.upper()) if side else None

    # ------------------------------------------------------------ descriptors

    def _build_state_words(self) -> dict[str, str]:
        """Folded words that stand for a state in a title -> its code ("kyiv" -> "UKR")."""
        words: dict[str, str] = {}
        for actor in self.actors:
            if actor.kind == "state" and actor.side:
                for form in (actor.name, *actor.aliases, *actor.metonyms, *actor.demonyms):
                    words.setdefault(_strip_article(fold(form)), actor.side)
        return words

    def _descriptor_key(self, phrase: str) -> tuple[str | None, tuple[str, ...]]:
        """(state, words) for a title: "Russia's foreign minister", "the Russian Foreign
        Minister" and "foreign minister of the Russian Federation" -> ("RUS", (foreign, minister))."""
        cached = self._key_cache.get(phrase)
        if cached is None:
            cached = self._key_cache[phrase] = self._make_descriptor_key(phrase)
        return cached

    def _make_descriptor_key(self, phrase: str) -> tuple[str | None, tuple[str, ...]]:
        key = fold(phrase)
        for long, short in _SYNONYMS.items():
            key = re.sub(rf"\b{long}\b", short, key)
        words = [w for w in key.split() if w not in _ARTICLES]
        marked: list[str] = []
        i = 0
        while i < len(words):
            for n in (3, 2, 1):
                state = self._state_words.get(" ".join(words[i:i + n])) if i + n <= len(words) else None
                if state:
                    marked.append("@" + state)
                    i += n
                    break
            else:
                marked.append(words[i])
                i += 1
        if len(marked) >= 3 and marked[-2] == "of" and marked[-1].startswith("@"):
            marked = [marked[-1], *marked[:-2]]
        if marked and marked[0].startswith("@"):
            return marked[0][1:], tuple(marked[1:])
        return None, tuple(marked)

    def _build_descriptors(self) -> dict[tuple[str, ...], list[tuple[Actor, Role, str | None, bool]]]:
        """title words -> (holder, role, state, whether the phrase itself names the state)."""
        index: dict[tuple[str, ...], list[tuple[Actor, Role, str | None, bool]]] = defaultdict(list)
        for actor in self.actors:
            for role in actor.roles:
                for phrase in (role.title, *role.descriptors):
                    state, rest = self._descriptor_key(phrase)
                    if rest:
                        index[rest].append((actor, role, state or role.state, state is not None))
        return index

    def by_descriptor(self, phrase: str, on: dt.date | None = None, side: str | None = None) -> Actor | None:
        """Who held the office a phrase describes on a date (default: today).

        "the Kremlin spokesman" -> Dmitry Peskov; "the US president" -> Biden in 2022, Trump
        in 2025. A phrase that names no state ("the president", "the head of state") matches
        only titles written without one in the data, unless `side` says which state is meant;
        None whenever more than one actor fits.
        """
        state, rest = self._descriptor_key(phrase)
        if not rest:
            return None
        day = on or dt.date.today()
        state = state or (side.upper() if side else None)
        holders: list[Actor] = []
        for actor, role, role_state, explicit in self._descriptors.get(rest, ()):
            fits = role_state == state if state else not explicit
            if fits and role.active_on(day) and actor not in holders:
                holders.append(actor)
        return holders[0] if len(holders) == 1 else None

    # ------------------------------------------------------------ finding in text

    def _name_index(self) -> _PhraseIndex[Actor]:
        if self._names is None:
            forms = [(f, a) for a in self.actors for f in (a.name, *a.aliases, *a.metonyms)]
            forms += [(s, a) for a in self.actors for s in a.surnames if fold(s) in self._surnames]
            self._names = _PhraseIndex(forms)
        return self._names

    def _title_regex(self, flags: int) -> re.Pattern[str]:
        """A state word (optional), a title, and "of <state>" (optional)."""
        if self._titles is None:
            states = [f for a in self.actors if a.kind == "state"
                      for f in (a.name, *a.aliases, *a.metonyms, *a.demonyms)]
            names = [f for a in self.actors if a.kind == "state" for f in (a.name, *a.aliases)]
            rests: set[str] = set()
            for actor in self.actors:
                for role in actor.roles:
                    for phrase in (role.title, *role.descriptors):
                        rests.update(self._title_surfaces(phrase))
            state_re, rest_re, name_re = _trie_pattern(states), _trie_pattern(rests), _trie_pattern(names)
            pattern = (rf"\b(?:(?P<state>{state_re})(?:'s|')?{_SEP})?(?P<rest>{rest_re})"
                       rf"(?:{_SEP}of{_SEP}(?:the{_SEP})?(?P<of>{name_re}))?(?!\w)")
            self._titles = _Compiled(pattern)
        return self._titles[flags]

    def _title_surfaces(self, phrase: str) -> set[str]:
        """A title as text may write it, without its state word: "Russian defence minister"
        -> {"defence minister", "defense minister"}."""
        words = phrase.split()
        if words and words[0].lower() in _ARTICLES:
            words = words[1:]
        for n in (3, 2, 1):
            if len(words) > n and _strip_article(fold(" ".join(words[:n]))) in self._state_words:
                words = words[n:]
                break
        variants = [[]]
        for word in words:
            options = _SURFACE_VARIANTS.get(word.lower(), (word,))
            variants = [v + [o] for v in variants for o in options]
        return {" ".join(v) for v in variants if v}

    def find_in(self, text: str, on: dt.date | None = None) -> list[tuple[int, int, Actor]]:
        """Every registry mention in a text as (start, end, actor), longest first and without
        overlaps, in text order. With a date `on`, titles whose holder that day is known
        ("the Kremlin spokesman", "Russia's top diplomat") count as mentions too."""
        spans: list[tuple[int, int, Actor]] = []
        for start, end, actors in self._name_index().finditer(text):
            if len(actors) == 1:
                spans.append((start, end, actors[0]))
        if on is not None:
            spans += self._titles_in(text, on)
        return _longest_first(spans)

    def _titles_in(self, text: str, on: dt.date) -> list[tuple[int, int, Actor]]:
        found = []
        prepared, flags = _lower_fold(text)
        for m in self._title_regex(flags).finditer(prepared):
            before = re.search(r"(\w+)\W*$", prepared[max(0, m.start() - 20):m.start()])
            if before and before.group(1).lower() in _NOT_HOLDER:
                continue
            state = text[m.start("state"):m.end("state")] if m.group("state") else ""
            if fold(state) in self._acronym_states and not state.isupper():
                continue  # "let us president..." is not the US
            actor = self.by_descriptor(text[m.start():m.end()], on)
            if actor is not None:
                found.append((m.start(), m.end(), actor))
        return found


# ---------------------------------------------------------------------- outlet registry

class OutletRegistry:
    """Known news organisations: names, aliases, publishers' legal names and web domains."""

    def __init__(self, outlets: Iterable[Outlet]):
        self.outlets = tuple(outlets)
        self._by_key: dict[str, Outlet] = {}
        self._by_domain: dict[str, Outlet] = {}
        for outlet in self.outlets:
            for form in (outlet.name, *outlet.aliases):
                key = _strip_article(fold(form))
                if self._by_key.setdefault(key, outlet) is not outlet:
                    raise RegistryError(f"'{form}' names both '{self._by_key[key].name}' and '{outlet.name}'")
            for domain in outlet.domains:
                if self._by_domain.setdefault(domain, outlet) is not outlet:
                    raise RegistryError(f"domain '{domain}' belongs to two outlets")
        self._index: _PhraseIndex[Outlet] | None = None

    @classmethod
    def from_jsonl(cls, *paths: str | Path) -> OutletRegistry:
        return cls(load_outlets(*(Path(p) for p in paths)))

    @staticmethod
    @cache
    def default() -> OutletRegistry:
        """The registry shipped in overture/data/outlets.jsonl, built once per process."""
        return OutletRegistry(load_outlets(_data_file("outlets.jsonl")))

    def __len__(self) -> int:
        return len(self.outlets)

    def __iter__(self) -> Iterator[Outlet]:
        return iter(self.outlets)

    def lookup(self, name: str) -> Outlet | None:
        """"the BBC", "British Broadcasting Corporation" and "bbc.com" -> BBC."""
        key = _strip_article(fold(name))
        outlet = self._by_key.get(key)
        if outlet is not None:
            forms = [f for f in (outlet.name, *outlet.aliases) if _strip_article(fold(f)) == key]
            if all(_is_acronym(f) for f in forms) and not any(c.isupper() for c in name):
                return None
            return outlet
        return self.by_domain(name) if "." in name and " " not in name.strip() else None

    def by_domain(self, host: str) -> Outlet | None:
        """The outlet a host or URL belongs to: "edition.cnn.com" -> CNN."""
        host = host.strip().lower()
        host = (urlsplit(host).hostname or "") if "//" in host else host.split("/")[0].split(":")[0]
        parts = host.removeprefix("www.").split(".")
        for i in range(len(parts) - 1):
            outlet = self._by_domain.get(".".join(parts[i:]))
            if outlet is not None:
                return outlet
        return None

    def find_in(self, text: str) -> list[tuple[int, int, Outlet]]:
        """Every outlet named in a text (by name, alias or domain), longest first, in order."""
        if self._index is None:
            self._index = _PhraseIndex([(f, o) for o in self.outlets
                                        for f in (o.name, *o.aliases, *o.domains)])
        return _longest_first([(s, e, items[0]) for s, e, items in self._index.finditer(text)
                               if len(items) == 1])
