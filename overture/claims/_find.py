"""Numeric claims in parsed sentences: a figure, what it counts, who says so, whether checked.

A number is a claim only when the parse shows it counting something the lexicon names
(people, troops, weapons, attacks, places, money, a percentage...). Everything else a
number can be - a date, a year, a duration, an age, a clock time, an ordinal, part of a
name like G20 or Su-34 - falls out because it counts nothing in the lexicon or is caught
by an exclusion pattern. The words live in overture/data/claims.toml.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from overture.article import Article, Sentence
from overture.record import Claim, Span

_DIGITS = re.compile(r"^\d[\d,]*(?:\.\d+)?$")
_YEAR = re.compile(r"^(?:18|19|20)\d\d$")
_SMALL = {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}
_ANAPHORIC = {"the", "both", "these", "those", "their", "its", "his", "her"}
_COMPARATIVE = {"as", "more", "less", "higher", "lower", "larger", "bigger", "greater", "than", "the", "that", "over"}


def _words(items: list[str]) -> frozenset[str]:
    return frozenset(w.lower() for w in items)


@dataclass(frozen=True)
class ClaimRules:
    """The lexicons of claims.toml, compiled once when the stage is built."""

    version: str
    number_words: frozenset[str]
    vague: frozenset[str]
    scales: frozenset[str]
    ranges: frozenset[str]
    pronoun_like: frozenset[str]
    approximators: tuple[str, ...]  # longest first
    articles: frozenset[str]
    counted: dict[str, frozenset[str]]  # group -> lemmas
    currency_signs: frozenset[str]
    percent: tuple[str, ...]
    aggregates: frozenset[str]
    harm_verbs: frozenset[str]
    destroy_verbs: frozenset[str]
    people_entities: frozenset[str]
    time_units: frozenset[str]
    supplies: frozenset[str]
    age_limits: frozenset[str]
    kinds: frozenset[str]
    year_prepositions: frozenset[str]
    token_patterns: tuple[re.Pattern[str], ...]
    after_patterns: tuple[re.Pattern[str], ...]
    before_patterns: tuple[re.Pattern[str], ...]
    reporting_verbs: frozenset[str]
    source_prepositions: frozenset[str]
    source_nouns: frozenset[str]
    documents: frozenset[str]
    outlet_voice: frozenset[str]
    pronouns: frozenset[str]
    unverified: tuple[re.Pattern[str], ...]
    confirmed: tuple[re.Pattern[str], ...]
    confirmed_next: tuple[re.Pattern[str], ...]

    @classmethod
    def load(cls, name: str = "claims.toml") -> "ClaimRules":
        data: dict[str, Any] = tomllib.loads(files("overture.data").joinpath(name).read_text("utf-8"))
        num, cnt, exc, cla, ver = (data[k] for k in ("numbers", "counted", "excluded", "claimants", "verification"))

        def rx(items: list[str]) -> tuple[re.Pattern[str], ...]:
            return tuple(re.compile(p, re.I) for p in items)

        groups = ("people", "forces", "harm", "weapons", "events", "places", "goods", "money")
        return cls(
            version=data.get("version", ""),
            number_words=_words(num["words"]), vague=_words(num["vague"]), scales=_words(num["scales"]),
            ranges=_words(num["ranges"]), pronoun_like=_words(num["pronoun_like"]),
            approximators=tuple(sorted({a.lower() for a in num["approximators"]}, key=len, reverse=True)),
            articles=_words(num["articles"]),
            counted={g: _words(cnt[g]) for g in groups},
            currency_signs=_words(cnt["currency_signs"]), percent=tuple(p.lower() for p in cnt["percent"]),
            aggregates=_words(cnt["aggregates"]), harm_verbs=_words(cnt["harm_verbs"]),
            destroy_verbs=_words(cnt["destroy_verbs"]),
            people_entities=frozenset(cnt["people_entities"]),
            time_units=_words(exc["time_units"]), supplies=_words(exc["supplies"]),
            age_limits=_words(exc["age_limits"]), kinds=_words(exc["kinds"]),
            year_prepositions=_words(exc["year_prepositions"]),
            token_patterns=tuple(re.compile(p) for p in exc["token_patterns"]),
            after_patterns=rx(exc["after_patterns"]), before_patterns=rx(exc["before_patterns"]),
            reporting_verbs=_words(cla["reporting_verbs"]),
            source_prepositions=_words(cla["source_prepositions"]),
            source_nouns=_words(cla["source_nouns"]), documents=_words(cla["documents"]), outlet_voice=_words(cla["outlet_voice"]),
            pronouns=_words(cla["pronouns"]),
            unverified=rx(ver["unverified"]), confirmed=rx(ver["confirmed"]),
            confirmed_next=rx(ver["confirmed_next"]),
        )

    def counts(self, lemma: str) -> str | None:
        """The lexicon group a noun lemma belongs to, if any."""
        lemma = lemma.lower()
        for group, words in self.counted.items():
            if lemma in words:
                return group
        return None


@dataclass
class Figure:
    """A number as written in one sentence: its tokens, and the hedge before it."""

    tokens: list[Any]  # the number tokens, with a range ("five or six") and any % or $ sign
    start: int  # offset in the sentence's Doc, approximator included
    end: int
    approximator: str | None = None


# ---------------------------------------------------------------- finding figures

def _is_number(tok: Any, rules: ClaimRules) -> bool:
    low = tok.lower_
    if low in rules.number_words or low in rules.vague:
        return True
    if _DIGITS.match(tok.text):
        return True
    return bool(re.match(r"^\d+(?:\.\d+)?(?:bn|mn|m|k)$", low))


def _figures(sent: Any, rules: ClaimRules) -> list[Figure]:
    """Each run of number tokens in a sentence, joined into one figure where written as one."""
    doc, out, i, end = sent.doc, [], sent.start, sent.end
    while i < end:
        tok = doc[i]
        if not _is_number(tok, rules):
            i += 1
            continue
        toks = [tok]
        j = i + 1
        while j < end:
            nxt = doc[j]
            if _is_number(nxt, rules) or nxt.lower_ in rules.scales:
                toks.append(nxt)
                j += 1
            elif (nxt.lower_ in rules.ranges or nxt.lower_ == "of" and toks[-1].lower_ in rules.vague
                  or nxt.lower_ == "and" and i > sent.start and doc[i - 1].lower_ == "between") \
                    and j + 1 < end and _is_number(doc[j + 1], rules):
                toks += [nxt, doc[j + 1]]  # "five or six", "10 to 15", "tens of thousands"
                j += 2
            else:
                break
        # a percent sign or word after, a currency sign before, belong to the figure
        n = _percent_length(doc, j, end, rules)
        toks += list(doc[j:j + n])
        j += n
        first = toks[0]
        if i > sent.start and doc[i - 1].lower_ in rules.currency_signs:
            toks.insert(0, doc[i - 1])
            first = doc[i - 1]
        out.append(_with_hedge(Figure(toks, first.idx, toks[-1].idx + len(toks[-1].text)), sent, rules))
        i = j
    return out


def _percent_length(doc: Any, j: int, end: int, rules: ClaimRules) -> int:
    """How many tokens from j spell a percent: '%', 'percent', 'per cent'."""
    for p in rules.percent:
        words = p.split()
        if j + len(words) <= end and [t.lower_ for t in doc[j:j + len(words)]] == words:
            return len(words)
    return 0


def _with_hedge(fig: Figure, sent: Any, rules: ClaimRules) -> Figure:
    """Take in an approximator written just before the figure ("more than", "some")."""
    text = sent.doc.text
    before = text[max(sent.start_char, fig.start - 30):fig.start]
    low = before.lower()
    number = fig.tokens[0] if fig.tokens[0].lower_ not in rules.currency_signs else fig.tokens[1]
    hedges = rules.approximators + (tuple(rules.articles) if number.lower_ in rules.scales else ())
    for phrase in hedges:
        if re.search(r"(?:^|[\s(\[“\"])" + re.escape(phrase) + r"\s+$", low):
            cut = low.rstrip().rfind(phrase)
            fig.start = fig.start - len(before) + cut
            fig.approximator = text[fig.start:fig.start + len(phrase)]
            break
    return fig


# ---------------------------------------------------------------- what is counted

@dataclass
class Counted:
    kind: str  # a lexicon group, or percent / money / aggregate / age / supplies
    noun: Any | None  # the counted noun token, when there is one


def _excluded(fig: Figure, sent: Any, rules: ClaimRules) -> bool:
    """Dates, years, clock times, ordinals, compounds like 30-hour and names like Su-34."""
    nums = [t for t in fig.tokens if _is_number(t, rules)]
    if not nums:
        return True
    if any(p.search(t.text) for t in nums for p in rules.token_patterns):
        return True
    text = sent.doc.text
    last = fig.tokens[-1]
    after = text[last.idx + len(last.text):last.idx + len(last.text) + 12]
    before = text[max(sent.start_char, fig.tokens[0].idx - 20):fig.tokens[0].idx]
    if any(p.search(after) for p in rules.after_patterns) and not _is_range_dash(after):
        return True
    if any(p.search(before) for p in rules.before_patterns):
        return True
    if len(nums) == 1 and nums[0].lower_ in rules.pronoun_like and nums[0].dep_ != "nummod":
        return True
    return any(t.ent_type_ == "ORDINAL" for t in nums)


def _is_range_dash(after: str) -> bool:
    return bool(re.match(r"^[-‑–]\s?\d", after))


def _head_noun(fig: Figure, rules: ClaimRules) -> Any | None:
    """The noun a figure modifies ("15 buses"), or the noun of its "of" phrase
    ("hundreds of attacks", "12 of the soldiers")."""
    inside = {t.i for t in fig.tokens}
    for t in fig.tokens:
        if t.head.i not in inside and t.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod", "appos") \
                and t.head.pos_ in ("NOUN", "PROPN"):
            head = t.head
            if head.lower_ in rules.scales or head.lower_ in rules.vague:
                continue
            return head
    for t in fig.tokens:
        for child in t.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs and objs[0].pos_ in ("NOUN", "PROPN"):
                    return objs[0]
    return None


def _age_limit(tok: Any, rules: ClaimRules) -> bool:
    """'raise the conscription age to 27 (years)', 'a conscription age of 25': a policy figure."""
    prep = tok.head if tok.dep_ == "pobj" else None
    if prep is None or prep.dep_ not in ("prep", "dative"):
        return False
    owner = prep.head
    if owner.lemma_.lower() in rules.age_limits:
        return True
    verbs = [owner] + ([owner.head] if owner.dep_ == "conj" else [])
    return any(c.lemma_.lower() in rules.age_limits and c.dep_ in ("dobj", "nsubjpass", "nsubj")
               for v in verbs for c in v.children)


def _bare(tok: Any, rules: ClaimRules) -> Counted | None:
    """A number standing alone: '12 were killed', 'losses at 90,000', 'the toll rose to 45'."""
    if _age_limit(tok, rules):
        return Counted("age", None)
    head = tok.head
    if tok.dep_ == "pobj" and head.dep_ in ("prep", "dative"):
        owner = head.head
        if owner.lemma_.lower() in rules.aggregates and owner.pos_ == "NOUN":
            return Counted("aggregate", owner)
        if owner.pos_ in ("VERB", "AUX"):
            for c in owner.children:
                if c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.lemma_.lower() in rules.aggregates:
                    return Counted("aggregate", c)
    if tok.ent_type_ in ("DATE", "TIME"):
        return None
    if tok.dep_ in ("nsubj", "nsubjpass", "dobj"):
        verbs = {head.lemma_.lower()} | {c.lower_ for c in head.children if c.dep_ == "prt"}
        if verbs & rules.harm_verbs:
            return Counted("people", None)
        if verbs & rules.destroy_verbs:
            return Counted("weapons", None)
    return None


def _counted(fig: Figure, sent: Any, rules: ClaimRules) -> Counted | None:
    """What a figure counts, or None when it is not a claim."""
    texts = [t.lower_ for t in fig.tokens]
    if any(t in rules.percent or t == "%" for t in texts) or " ".join(texts[-2:]) in rules.percent:
        return Counted("percent", None)
    doc, nxt_i = sent.doc, fig.tokens[-1].i + 1
    nxt = doc[nxt_i] if nxt_i < sent.end else None
    if texts[0] in rules.currency_signs or (nxt is not None and nxt.lemma_.lower() in rules.counted["money"]):
        return Counted("money", nxt if nxt is not None and nxt.pos_ == "NOUN" else None)
    nums = [t for t in fig.tokens if _is_number(t, rules)]
    if len(nums) == 1 and _YEAR.match(nums[0].text):
        prev = doc[nums[0].i - 1] if nums[0].i > sent.start else None
        if nums[0].ent_type_ == "DATE" or (prev is not None and prev.lower_ in rules.year_prepositions):
            return None
    noun = _head_noun(fig, rules)
    if noun is None:
        anchor = next((t for t in fig.tokens if t.head.i not in {x.i for x in fig.tokens}), fig.tokens[-1])
        return _bare(anchor, rules)
    lemma = noun.lemma_.lower()
    if lemma in rules.kinds:
        return None
    if lemma in rules.time_units or noun.lower_ in rules.time_units:
        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ == "of" and any(
                    o.lemma_.lower() in rules.supplies for o in c.subtree if o.dep_ in ("pobj", "conj")):
                fig.end = noun.idx + len(noun.text)  # "three days" of supplies: keep the unit
                return Counted("supplies", noun)
        return Counted("age", noun) if _age_limit(noun, rules) else None
    if lemma == "time" and _multiplier(noun, sent):
        return None
    group = rules.counts(lemma) or rules.counts(noun.lower_) or next(
        (rules.counts(c.lemma_) for c in noun.children if c.dep_ == "compound" and rules.counts(c.lemma_)), None)
    if group is None and noun.ent_type_ in rules.people_entities and noun.tag_ in ("NNS", "NNPS"):
        group = "people"
    if group is None:
        return None
    if _anaphoric(fig, noun, rules):
        return None
    return Counted(group, noun)


def _multiplier(noun: Any, sent: Any) -> bool:
    """'three times more', 'twice as many': a ratio, not a count of events."""
    j = noun.i + 1
    return j < sent.end and sent.doc[j].lower_ in _COMPARATIVE


def _anaphoric(fig: Figure, noun: Any, rules: ClaimRules) -> bool:
    """'the two men', 'both three sides' point back at people already named; not a count."""
    if fig.approximator or len(fig.tokens) != 1 or fig.tokens[0].lower_ not in _SMALL:
        return False
    dets = [c for c in noun.children if c.i < fig.tokens[0].i and c.dep_ in ("det", "poss", "predet")]
    return any(d.lower_ in _ANAPHORIC for d in dets)


# ---------------------------------------------------------------- subject words

def _subject(counted: Counted, fig: Figure, rules: ClaimRules) -> str | None:
    """A few words saying what is counted: the noun with its modifiers and one qualifier."""
    noun = counted.noun
    if counted.kind == "percent":
        pct = fig.tokens[-1]
        of = [c for c in pct.children if c.dep_ == "prep" and c.lower_ == "of"]
        if of:
            return _clip([t for t in of[0].subtree][1:])
        head = pct.head
        subj = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subj and head.head.i != head.i:
            subj = [c for c in head.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        words = ([subj[0]] if subj else []) + ([head] if head.pos_ in ("VERB", "ADJ") else [])
        return " ".join(t.text for t in words) or "share"
    if counted.kind == "money" and noun is None:
        last = fig.tokens[-1]
        after = [c for t in fig.tokens for c in t.children if c.dep_ == "prep" and c.i > last.i] + \
                [c for c in last.head.children if c.dep_ == "prep" and c.i > last.i]
        return _clip(list(after[0].subtree)[1:]) if after else "money"
    if counted.kind == "age":  # "draft age"
        age = next((t for t in fig.tokens[-1].sent if t.lemma_.lower() in rules.age_limits), None)
        if age is not None:
            return _clip([c for c in age.children if c.i < age.i and c.dep_ in ("compound", "amod")] + [age])
    if noun is None:
        return "people" if counted.kind == "people" else None
    if counted.kind == "aggregate":  # "death toll", "population"
        return _clip([c for c in noun.children if c.i < noun.i and c.dep_ in ("compound", "amod")] + [noun])
    last = max(t.i for t in fig.tokens)
    # modifiers written between the number and the noun: "Russian soldiers", "drone attacks"
    words = [t for t in noun.doc[last + 1:noun.i] if t.pos_ in ("ADJ", "NOUN", "PROPN", "VERB")] + [noun]
    qualifier = next((c for c in noun.children if c.i > noun.i and c.dep_ in ("acl", "prep")), None)
    if qualifier is not None and not (counted.kind == "supplies" and qualifier.lower_ != "of"):
        words += list(qualifier.subtree)[:6]
    elif noun.dep_ in ("nsubj", "nsubjpass") and noun.head.lemma_.lower() in rules.harm_verbs:
        words.append(noun.head)
    return _clip(words)


def _clip(tokens: list[Any], most: int = 8) -> str | None:
    """At most `most` words, without punctuation or a dangling 'and'/'of' at the end."""
    words = [t for t in tokens if t.pos_ != "PUNCT"][:most]
    while words and words[-1].pos_ in ("CCONJ", "ADP", "DET"):
        words.pop()
    return " ".join(t.text for t in words) or None


# ---------------------------------------------------------------- who says so

@dataclass
class Source:
    """Who the parse says asserts a figure. status: found, outlet, pronoun, blocked, none."""

    status: str
    tokens: list[Any] | None = None  # the claimant's name words
    head: Any | None = None  # their head noun


def _phrase(noun: Any) -> list[Any]:
    """The name part of a noun phrase: modifiers and 'of X', no article, clause or apposition."""
    keep = [noun]
    for c in noun.children:
        if c.i < noun.i and c.dep_ in ("compound", "amod", "nmod", "poss", "nummod", "npadvmod", "case", "cc", "conj"):
            keep += list(c.subtree)
        elif c.i > noun.i and (c.dep_ in ("compound", "flat") or (c.dep_ == "prep" and c.lower_ == "of")):
            keep += list(c.subtree)
        elif c.i > noun.i and c.dep_ in ("cc", "conj"):
            keep += [c] if c.dep_ == "cc" else list(_phrase(c))
    keep = sorted({t.i: t for t in keep if t.dep_ not in ("det", "punct") or t.i > noun.i}.values(), key=lambda t: t.i)
    # only the contiguous run around the head
    run = [noun]
    by_i = {t.i: t for t in keep}
    i = noun.i - 1
    while i in by_i:
        run.insert(0, by_i[i])
        i -= 1
    i = noun.i + 1
    while i in by_i:
        run.append(by_i[i])
        i += 1
    while run and (run[0].pos_ in ("DET", "PUNCT", "CCONJ") or run[0].lower_ in ("’s", "'s")):
        run.pop(0)
    while run and run[-1].pos_ in ("PUNCT", "CCONJ", "ADP"):
        run.pop()
    return run or [noun]


def _source_noun(tok: Any, rules: ClaimRules) -> Any | None:
    """The X of 'according to X', 'from French sources', 'per X' hanging from one token."""
    for c in tok.children:
        low = c.lower_
        if low == "according":
            to = [g for g in c.children if g.lower_ == "to"]
            objs = [o for g in to for o in g.children if o.dep_ == "pobj"]
            if objs:
                return objs[0]
        if c.dep_ == "prep" and low in rules.source_prepositions and low != "according to":
            objs = [o for o in c.children if o.dep_ == "pobj"]
            if objs and objs[0].lemma_.lower() in rules.source_nouns:
                return objs[0]
    return None


def _found(noun: Any) -> Source:
    return Source("found", _phrase(noun), noun)


def _source(start: Any, rules: ClaimRules) -> Source:
    """Walk up from the counted word to the nearest reporting verb or 'according to'.

    A figure inside a relative clause ("regions that voted...") describes its noun in the
    outlet's voice, so the walk stops there."""
    tok = start
    while True:
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("VERB", "AUX") and lemma in rules.reporting_verbs:
            subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
            agent = [o for c in tok.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
            who = agent[0] if agent else (subj[0] if subj and subj[0].dep_ == "nsubj" else None)
            if who is not None:
                if who.lower_ in rules.outlet_voice:
                    noun = _source_noun(tok, rules)
                    return _found(noun) if noun is not None else Source("outlet")
                if who.lower_ in rules.pronouns or who.pos_ == "PRON":
                    return Source("pronoun")
                if who.lemma_.lower() in rules.documents:
                    maker = [o for c in who.children if c.dep_ == "prep" and c.lower_ in ("by", "from", "of")
                             for o in c.children if o.dep_ == "pobj"]
                    if maker:
                        return _found(maker[0])
                return _found(who)
        noun = _source_noun(tok, rules)
        if noun is not None:
            return _found(noun)
        if tok.head.i == tok.i:
            return Source("none")
        if tok.dep_ == "relcl":
            return Source("blocked")
        tok = tok.head


def _name(article: Article, sentence: Sentence, tokens: list[Any], head: Any, rules: ClaimRules) -> str:
    """A claimant phrase as an actor name: the mention at its head word when there is one
    ("the SVR" -> its canonical name; "US intelligence" stays as written)."""
    start = article.offset(sentence, tokens[0])
    end = article.offset(sentence, tokens[-1]) + len(tokens[-1].text)
    phrase = article.text[start:end]
    actors = article.actors
    if actors is not None:
        at = article.offset(sentence, head)
        mention = next((m for m in actors.inside(start, end) if m.start <= at < m.end and m.name), None)
        if mention is not None:
            return mention.name
        if head.lemma_.lower() not in rules.source_nouns:
            described = _safe_descriptor(actors, phrase)
            if described:
                return described
    return re.sub(r"(?:'s|’s)$", "", re.sub(r"\s+", " ", phrase)).strip(" ,;:\"“”")


def _safe_descriptor(actors: Any, phrase: str) -> str | None:
    try:
        found = actors.by_descriptor(phrase)
    except Exception:  # the registry is optional here; a raw phrase is still a good answer
        return None
    return found.name if found is not None and found.name else None


def _speaker_at(article: Article, offset: int):
    for d in article.statements:
        if d.content[0] <= offset < d.content[1] and d.speaker:
            return d
    return None


def _claimant(article: Article, sentence: Sentence, start: Any, offset: int, rules: ClaimRules) -> str | None:
    """The phrase the parse names as source, canonicalised; else the speaker of the statement
    holding the figure (which resolves pronouns); else None, the outlet's own figure."""
    source = _source(start, rules)
    if source.status in ("blocked", "outlet"):
        return None
    if source.status == "found" and source.tokens:
        return _name(article, sentence, source.tokens, source.head, rules)
    statement = _speaker_at(article, offset)
    return statement.speaker if statement is not None else None


# ---------------------------------------------------------------- checked or not

def _verified(article: Article, index: int, rules: ClaimRules) -> bool | None:
    """What the sentence, or a next sentence that only looks back at it, says about checking."""
    text = article.sentence_text(index)
    nxt = article.sentence_text(index + 1) if index + 1 < len(article.sentences) else ""
    if nxt and article.sentences[index + 1].parse is not None and _figures(article.sentences[index + 1].parse, rules):
        nxt = ""  # a sentence with figures of its own speaks about those
    if any(p.search(text) or p.search(nxt) for p in rules.unverified):
        return False
    if any(p.search(text) for p in rules.confirmed) or any(p.search(nxt.strip()) for p in rules.confirmed_next):
        return True
    return None


# ---------------------------------------------------------------- the stage's work

def find_claims(article: Article, rules: ClaimRules) -> list[Claim]:
    """Every numeric claim in the article's parsed sentences, in reading order."""
    claims: list[Claim] = []
    for index, sentence in enumerate(article.sentences):
        sent = sentence.parse
        if sent is None:
            continue
        evidence = Span.of(article.text, sentence.start, sentence.end)
        for fig in _figures(sent, rules):
            if _excluded(fig, sent, rules):
                continue
            counted = _counted(fig, sent, rules)
            if counted is None:
                continue
            offset = sentence.base + fig.start
            start = counted.noun if counted.noun is not None else fig.tokens[-1]
            claims.append(Claim(
                claimant=_claimant(article, sentence, start, offset, rules),
                figure=article.text[offset:sentence.base + fig.end],
                subject=_subject(counted, fig, rules),
                evidence=evidence,
                verified=_verified(article, index, rules),
            ))
    return claims
