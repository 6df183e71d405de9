"""The signals stage: which sentences carry negotiation signals, of what type, by whom.

A trained classifier (`_model.py`, weights in overture/data/signal_model/) decides which
types a candidate sentence carries; the cue rules of overture/data/signals.toml are among
its features and, where one matches, mark the words the signal hangs on. Without a shipped
model the rules decide alone. A signal inside an attributed statement belongs to its
speaker; elsewhere to the grammatical subject of the cue's clause (or the agent of a
passive: "a truce declared by X"). The target is the other party named in the sentence,
else the actor's counterpart in its conflict.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from overture._literals import fold, passes
from overture.article import Article, Mention, Sentence, StatementDraft
from overture.attribution._chains import chain_of, medium_of
from overture.attribution._speakers import SpeakerResolver, dateline_end
from overture.pipeline import register_stage
from overture.record import Signal, Span
from overture.signals._actors import ActorRanker, Candidate, candidate_features, default_ranker, head_role
from overture.signals._model import SignalModel, default_model, is_candidate, sentence_features, token_key
from overture.signals._rules import SignalRules, signal_rules

_WORD = re.compile(r"[\w'’-]+")
_TAGGED = {"offer_talks", "condition", "propose", "ceasefire"}
_SUBJ = {"nsubj", "nsubjpass"}
_ADMINISTRATION = re.compile(r"(?i)^(?:the )?([A-Z][\w-]+?)(?:['’]s)? (?:administration|government|cabinet)$")
_OBLIGED = re.compile(r"(?i)\b(?:should|must|ought to|needs? to|has to|have to)\b")
_BARE_AGENTS = frozenset({"the", "government", "authorities", "officials", "official", "administration",
                          "ministry", "army", "military", "regime", "cabinet", "senior", "a", "an", "its"})
_ACCUSE = {"accuse", "blame", "claim", "charge", "allege", "say"}


@dataclass
class Cue:
    type: str
    start: int  # article offsets of the matched words
    end: int


def find_cues(text: str, rules: SignalRules, offset: int = 0, overlapping: bool = False) -> list[Cue]:
    """Every cue in a sentence, negation applied: a negated offer is a refusal. Talks about
    trade, wages or debts (the guard) are not negotiations between parties to a conflict."""
    cues: list[Cue] = []
    folded = fold(text)
    guarded: bool | None = None  # found out only when a guarded type could match
    for sig_type, patterns in rules.patterns.items():
        for pattern in patterns:
            if not passes(rules.literals[pattern], folded):
                continue  # a word this pattern needs is not there
            if sig_type in rules.guarded:
                if guarded is None:
                    guarded = any(passes(rules.literals[g], folded) and g.search(text) for g in rules.guard)
                if guarded:
                    break
            for m in (_overlapping(pattern, text) if overlapping else pattern.finditer(text)):
                kind = sig_type
                before = _WORD.findall(text[max(0, m.start() - 60):m.start()].lower())[-rules.window:]
                if any(w in rules.negation or w.endswith("n't") for w in before) and not _negation_inside(m.group(0)):
                    kind = rules.negated_to.get(sig_type)
                    if kind is None:
                        continue
                if kind in ("ceasefire", "meeting", "accuse_violation") and rules.background.search(text[:m.start()]) \
                        and _noun_cue(m.group(0)):
                    continue  # "since the 2020 ceasefire": background, not news
                if kind in ("meeting", "offer_talks") and re.search(r"(?i)\b(?:whether|asked if)\s+(?:\S+\s+){0,3}$", text[:m.start()]):
                    continue  # "asked whether he would meet X": a question, not a signal
                if kind == "reject_talks" and re.search(
                        r"(?i)(?:\b(?:of|for)\s+|\b(?:than|unlike)\s+(?:(?:a|an|the|any)\s+)?(?:\S+\s+){0,2})$",
                        text[:m.start()]):
                    continue  # "blamed for refusing talks", "better than refusing talks": not a refusal
                if re.search(r"(?i)\b(?:seem(?:s|ed)?|appear(?:s|ed)?)\s+to\s+(?:\S+\s+)?$", text[:m.start()]):
                    continue  # "appears to accept talks": the outlet's reading, not the actor's signal
                cues.append(Cue(kind, offset + m.start(), offset + m.end()))
    return cues


def _earlier_talks(article: Article, i: int, signals: list[Signal]) -> Mention | None:
    """'Part of those talks happened in May': the talks a sentence just before was about,
    so the same actor."""
    first_of = {s.start: k for k, s in enumerate(article.sentences)}
    talks = [s for s in signals if s.type in ("urge_talks", "meeting", "offer_talks", "propose") and s.actor
             and first_of.get(s.evidence.start, -9) >= i - 3]
    if not talks:
        return None
    latest = next(s for s in talks if s.evidence.start == talks[-1].evidence.start)  # first named there
    return Mention(0, 0, latest.actor, latest.actor, latest.actor_side, None)


def _overlapping(pattern: re.Pattern[str], text: str):
    """Matches that may overlap: a cue inside a conditional clause must not hide the cue of
    the main clause that follows it."""
    pos = 0
    while True:
        m = pattern.search(text, pos)
        if m is None:
            return
        yield m
        pos = m.start() + 1


def _noun_cue(matched: str) -> bool:
    """A cue that opens with its noun ("ceasefire brokered by ...") rather than a verb."""
    return bool(re.match(r"(?i)(?:ceasefire|cease-fire|truce|armistice|talks|meeting|negotiations|agreement|deal)\b", matched))


def _negation_inside(matched: str) -> bool:
    return bool(re.match(r"(?i)(?:not|never|no|won|can|don|doesn|did|does|do|will|would|impossible)\b", matched))


def conditions_of(text: str, rules: SignalRules, sig_type: str) -> list[str]:
    tags = [tag for tag, patterns in rules.conditions.items() if any(p.search(text) for p in patterns)]
    if not tags and (sig_type == "condition" or (sig_type == "offer_talks" and any(p.search(text) for p in rules.conditional))):
        tags = ["other"]
    return tags


@register_stage("signals", requires=("sentences", "statements", "said_on"), produces=("signals",))
class SignalStage:
    """Mark each body sentence with the negotiation signals it carries."""

    def __init__(self, model: str | None = "default") -> None:
        """`model`: "default" (the shipped model), a folder holding a model.json, or None
        (the cue rules alone)."""
        self.rules = signal_rules()
        if model == "default":
            self.model: SignalModel | None = default_model()
            self.ranker: ActorRanker | None = default_ranker()
        else:
            self.model = SignalModel.from_disk(Path(model)) if model else None
            self.ranker = ActorRanker.from_disk(Path(model)) if model else None
        self.collect = None  # training's hook: called with (sentence index, cue, candidates)

    def rule_cues(self, article: Article) -> list[list[Cue]]:
        """The cue rules' matches per sentence (a cue inside an 'if' clause excluded)."""
        out = []
        for sent in article.sentences:
            text = article.text[sent.start:sent.end]
            out.append([c for c in find_cues(text, self.rules, sent.start, overlapping=True)
                        if not self._in_conditional(article, sent, c)])
        return out

    def features(self, article: Article, cues: list[list[Cue]] | None = None) -> list[dict[str, float] | None]:
        """The classifier's features per sentence; None for a sentence that is no candidate.
        Training (scripts/train_signals.py) calls this too, so both see the same thing."""
        cues = self.rule_cues(article) if cues is None else cues
        n_cues = sum(len(c) for c in cues)
        out: list[dict[str, float] | None] = []
        for i, sent in enumerate(article.sentences):
            text = article.text[sent.start:sent.end]
            if sent.parse is None or not is_candidate(text):
                out.append(None)
                continue
            kind = next((d.kind for d in article.statements if d.sentences[0] <= i < d.sentences[1]), None)
            feats = sentence_features(sent.parse, sorted({c.type for c in cues[i]}),
                                      sorted({c.type for c in cues[i - 1]}) if i else [], kind, i == 0)
            actors = {m.name for m in article.actors.inside(sent.start, sent.end)
                      if m.name and m.kind in ("person", "state", "institution", "group")}
            feats[f"actors={min(len(actors), 2)}"] = 1.0
            feats[f"doccues={_bucket(n_cues)}"] = 1.0  # an article about talks, or a passing word
            out.append(feats)
        return out

    def _decided(self, article: Article, i: int, sent: Sentence, cues: list[Cue],
                 feats: dict[str, float] | None) -> list[Cue]:
        """The cues that make signals: the classifier's types, each on the rule cue of its
        type where one matched, else on the word that speaks most for it."""
        if self.model is None:
            return _resolve_overlaps(cues)
        if feats is None:
            return []
        out = []
        for sig_type, _p in self.model.predict(feats):
            same = [c for c in cues if c.type == sig_type]
            out.append(same[0] if same else self._anchor(article, sent, sig_type))
        return out

    def _anchor(self, article: Article, sent: Sentence, sig_type: str) -> Cue:
        best, weight = None, 0.0
        for tok in sent.parse:
            k = token_key(tok)
            w = self.model.anchor_weight(sig_type, k) if k and not k.startswith("<") else 0.0
            if w > weight:
                best, weight = tok, w
        if best is None:
            best = sent.parse.root
        start = article.offset(sent, best)
        return Cue(sig_type, start, start + len(best.text))

    def __call__(self, article: Article) -> Article:
        resolver = SpeakerResolver(article)
        signals: list[Signal] = []
        all_cues = self.rule_cues(article)
        feats = self.features(article, all_cues) if self.model is not None else [None] * len(all_cues)
        for i, sent in enumerate(article.sentences):
            done: set[str] = set()  # one cue per type and sentence gives the actors
            for cue in self._decided(article, i, sent, all_cues[i], feats[i]):
                if cue.type in done:
                    continue
                found = [(a, st) for a, st in self._actors(article, resolver, i, sent, cue, signals) if a.name]
                found = [(a, st) for a0, st in found for a in self._as_states(a0, article)]
                converted, forced_target = False, None
                if found and cue.type == "reject_talks" and found[0][1] is not None and found[0][1].speaker \
                        and found[0][1].speaker_side and found[0][0].side \
                        and found[0][0].side != found[0][1].speaker_side:
                    # "X said Y was not ready for talks": X dismisses Y; Y refuses nothing itself
                    st = found[0][1]
                    cue, converted = Cue("dismiss", cue.start, cue.end), True
                    found = [(Mention(0, 0, st.speaker, st.speaker, st.speaker_side, st.speaker_kind), st)]
                pressed = self._pressed(article, sent, cue, found)
                if pressed is not None:  # "X said Y should show it is ready to talk": X presses Y
                    cue, found, forced_target = Cue("urge_talks", cue.start, cue.end), [pressed], found[0][0].name
                    converted = True
                if not converted and (self.ranker is not None or self.collect is not None):
                    candidates = self.actor_candidates(article, resolver, i, sent, cue, found, signals)
                    if self.collect is not None:
                        self.collect(i, cue, candidates)
                    if self.ranker is not None:
                        found = [(c.mention, c.statement) for c in self.ranker.choose(candidates)]
                if not found:
                    continue
                done.add(cue.type)
                for actor, statement in found:
                    partners = [a.name for a, _ in found if a.name != actor.name]
                    for target in ([forced_target] if forced_target else
                                   self._targets(article, resolver, sent, cue, actor)):
                        if partners and (target is None or target in partners):
                            target = partners[0]  # "A and B agreed to a truce": each with the other
                        signals.append(self._signal(article, sent, cue, actor, target, statement))
            resolver.saw_sentence(sent)
            speakers = [d for d in article.statements if d.sentence == i and d.speaker]
            if speakers:
                last = speakers[-1]
                resolver.last_speaker = Mention(0, 0, last.speaker, last.speaker, last.speaker_side, last.speaker_kind)
        article.signals = signals
        return article

    # -- who --------------------------------------------------------------------------
    def actor_candidates(self, article: Article, resolver: SpeakerResolver, i: int, sent: Sentence, cue: Cue,
                         rule_found: list, earlier: list[Signal]) -> list[Candidate]:
        """Everyone who could make this signal, with the ranker's features: the rules' pick,
        the statement's speaker, the cue clause's subjects, every actor the sentence names,
        the last speaker, the paragraph's speaker, the parties of 'between', the actor of the
        signal before. Training (scripts/train_signals.py) calls this too."""
        by_name: dict[str, Candidate] = {}

        def add(m: Mention | None, st: StatementDraft | None, source: str, convert: bool = True) -> None:
            if m is None or not m.name:
                return
            for x in (self._as_states(m, article) if convert else [m]):
                if not x.name or not self._is_actor(x):
                    continue
                c = by_name.setdefault(x.name, Candidate(x, st))
                c.sources.add(source)
                if c.statement is None and st is not None:
                    c.statement = st

        for k, (m, st) in enumerate(rule_found):
            add(m, st, "rule0" if k == 0 else "rule1", convert=False)
        statement = _statement_at(article, i, cue.start)
        if statement is not None and statement.speaker and statement.speaker_kind != "outlet":
            add(Mention(0, 0, statement.speaker, statement.speaker, statement.speaker_side, statement.speaker_kind),
                statement, "speaker")
        for m in self._subjects(article, resolver, sent, cue):
            add(m, statement, "subject")
        for m in self._between(article, resolver, sent):
            add(m, None, "between")
        opening = dateline_end(article, sent)
        for m in article.actors.inside(sent.start, sent.end):
            if m.kind in ("person", "state", "institution", "group", "description") and m.start >= opening:
                add(m, statement, "mention")  # "JERUSALEM (Reuters) -" names a place and a wire
        add(resolver.last_speaker, None, "last")
        for m in self._paragraph_speaker(article, i):
            add(m, None, "para")
        before = [s for s in earlier if s.evidence.end <= sent.start]
        if before:
            s0 = before[-1]
            add(Mention(0, 0, s0.actor, s0.actor, s0.actor_side, None), None, "prev_signal", convert=False)
        inside = [m for m in article.actors.inside(sent.start, sent.end) if m.name]
        order = list(dict.fromkeys(m.name for m in inside))
        counts = self._name_counts(article)
        for c in by_name.values():
            here = next((m for m in inside if m.name == c.mention.name), None)
            info: dict[str, Any] = {"in_sent": "n", "n_doc": _bucket(counts.get(c.mention.name, 0)),
                                    "stmt": (statement.kind if statement is not None else "none")}
            if here is not None:
                toks = [t for t in sent.parse if here.start <= article.offset(sent, t) < here.end] \
                    if sent.parse is not None else []
                dep, prep, verb = head_role(toks)
                gap = here.start - cue.start
                info.update({"in_sent": "y", "dep": dep, "prep": prep, "verb": verb, "rank": str(min(order.index(c.mention.name), 2)),
                             "where": "before" if gap < 0 else "after",
                             "gap": "near" if abs(gap) < 40 else "mid" if abs(gap) < 120 else "far",
                             "loc": "y" if _is_location(article.text, here) else None})
            c.feats = candidate_features(c, cue.type, info)
        return list(by_name.values())

    def _actors(self, article: Article, resolver: SpeakerResolver, i: int, sent: Sentence, cue: Cue,
                earlier: list[Signal]):
        """Who makes the signal: the accusers for a violation, the parties of a meeting, the
        speaker of the statement holding the cue (unless the cue's own clause names another
        side's actor), else the cue clause's subject."""
        if cue.type == "accuse_violation":
            found = list(self._accusers(article, resolver, sent))
            if found:
                return found
        if cue.type == "meeting":
            parties = self._between(article, resolver, sent)
            if parties:
                return [(parties[0], None)]
        statement = _statement_at(article, i, cue.start)
        subjects = [m for m in self._subjects(article, resolver, sent, cue) if self._is_actor(m)]
        cue_text = article.text[statement.cue[0]:statement.cue[1]].lower() if statement and statement.cue else ""
        named_subjects = [m for m in subjects if m.kind != "description"]
        anonymous = statement is not None and bool(named_subjects) and (
            statement.speaker_kind == "description"
            or (cue_text.startswith("according") and statement.speaker_kind not in ("person", "state")))
        if statement is not None and statement.speaker and statement.speaker_kind != "outlet" \
                and not _is_outlet(statement.speaker) and not anonymous:
            speaker = Mention(0, 0, statement.speaker, statement.speaker, statement.speaker_side,
                              statement.speaker_kind)
            other_side = [m for m in subjects if m.name != speaker.name and m.kind not in ("group", "description")
                          and m.side and m.side != speaker.side]
            own_side = any(m.side == speaker.side or m.name == speaker.name for m in subjects)
            if cue.type in self.rules.subject_over_speaker and other_side and not own_side:
                return [(m, statement) for m in other_side]
            return [(speaker, statement)]
        if cue.type in ("dismiss", "condition", "welcome") and self._predicative(article, sent, cue):
            return []  # "X is not serious": X is who the signal is about, not who sends it
        if subjects:
            return [(m, statement) for m in subjects]
        if cue.type == "meeting":
            anyone = self._any_subject(article, resolver, sent)
            if anyone:
                return [(anyone, None)]
            talks = _earlier_talks(article, i, earlier)
            if talks:
                return [(talks, None)]
            pair = self._conflict_pair(article)
            if pair:
                return [(pair[0], None)]
        return [(m, None) for m in self._paragraph_speaker(article, i)]

    def _name_counts(self, article: Article) -> dict[str, int]:
        """How often the article names each actor: counted once per article."""
        if getattr(self, "_counted", (None,))[0] is not article:
            counts: dict[str, int] = {}
            for m in article.mentions:
                if m.name:
                    counts[m.name] = counts.get(m.name, 0) + 1
            self._counted = (article, counts)
        return self._counted[1]

    def _any_subject(self, article: Article, resolver: SpeakerResolver, sent: Sentence) -> Mention | None:
        """The first subject in the sentence that names an actor ('... where officials met')."""
        for tok in sent.parse or ():
            if tok.dep_ in _SUBJ:
                for m in _with_conjuncts(resolver, sent, tok):
                    if self._is_actor(m):
                        return m
        return None

    def _is_actor(self, m: Mention) -> bool:
        if m.name and m.name.lower().startswith(("both ", "each ", "either ", "all sides", "the sides")):
            return False  # "both sides accused each other": the parties are named elsewhere
        """Named actors always; a bare noun phrase only when its head names an agent. An
        outlet that reports a signal is its channel, not its actor."""
        if not m.name or m.kind == "outlet" or _is_outlet(m.name):
            return False
        if m.kind in ("person", "state", "institution", "group") or m.kind is None:
            return True
        head = (m.name or "").split()[-1].lower() if m.name else ""
        return head in self.rules.agent_nouns or head.rstrip("s") in self.rules.agent_nouns

    def _pressed(self, article: Article, sent: Sentence, cue: Cue, found: list) -> tuple | None:
        """The speaker, when a statement says another party should or must be ready to talk:
        the speaker urges that party (the one who should is not offering anything)."""
        if cue.type != "offer_talks" or not found or found[0][1] is None or not found[0][1].speaker:
            return None
        st, actor = found[0][1], found[0][0]
        if actor.name == st.speaker or not _OBLIGED.search(article.text, max(sent.start, cue.start - 60), cue.start):
            return None
        return Mention(0, 0, st.speaker, st.speaker, st.speaker_side, st.speaker_kind), st

    def _as_states(self, m: Mention, article: Article | None = None) -> list[Mention]:
        """'Thai and Cambodian defence officials' act for Thailand and Cambodia; 'a North
        Korean Foreign Ministry spokesman' and 'officials in Washington' for their state; a
        bare 'the government' for the state named last before it (a reader's guess too)."""
        if not m.name:
            return [m]
        led = _ADMINISTRATION.match(m.name)  # "the Bush administration", "Putin's government"
        if led and m.side is None:
            from overture.actors._registry import ActorRegistry
            leader = ActorRegistry.default().lookup(led.group(1))
            state = ActorRegistry.default().state_of(leader.side) if leader and leader.side else None
            if state is not None:
                return [Mention(m.start, m.end, m.text, state.name, state.side, "state")]
        if m.kind != "description":
            return [m]
        words = re.findall(r"[\w'’-]+", m.name.lower())
        if not any(w in self.rules.agent_nouns or w.rstrip("s") in self.rules.agent_nouns for w in words):
            return [m]
        states = _description_states(m.name)
        if not states and article is not None and set(words) <= _BARE_AGENTS:
            before = [x for x in article.mentions if x.kind == "state" and x.side and x.name
                      and m.start - 600 <= x.start < m.start]
            if before:  # the state named last before it, within a paragraph or so
                x = before[-1]
                return [Mention(m.start, m.end, m.text, x.name, x.side, "state")]
        return [Mention(m.start, m.end, m.text, st.name, st.side, "state") for st in states] or [m]

    def _predicative(self, article: Article, sent: Sentence, cue: Cue) -> bool:
        if sent.parse is None:
            return False
        tokens = [t for t in sent.parse if cue.start <= article.offset(sent, t) < cue.end]
        node = tokens[0] if tokens else None
        for _ in range(4):
            if node is None:
                return False
            if node.dep_ in ("acomp", "attr", "oprd") or node.lemma_ == "be" and node.dep_ in ("ROOT", "ccomp"):
                return True
            if node.pos_ == "VERB" and node.lemma_ != "be":
                return False
            node = node.head if node.head is not node else None
        return False

    def _in_conditional(self, article: Article, sent: Sentence, cue: Cue) -> bool:
        """A cue inside an 'if' clause states a condition of someone else's signal."""
        if sent.parse is None:
            return False
        tokens = [t for t in sent.parse if cue.start <= article.offset(sent, t) < cue.end]
        if not tokens:
            return False
        node = tokens[0]
        for _ in range(6):
            if any(c.dep_ == "mark" and c.lower_ in self.rules.conditional_marks for c in node.children):
                return True
            if node.head is node:
                return False
            node = node.head
        return False

    def _between(self, article: Article, resolver: SpeakerResolver, sent: Sentence) -> list[Mention]:
        """'talks between A and B': A and B."""
        if sent.parse is None:
            return []
        for tok in sent.parse:
            if tok.lower_ == "between" and tok.dep_ == "prep":
                obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    toks = list(obj.subtree)
                    people = [m for m in article.actors.inside(article.offset(sent, toks[0]),
                              article.offset(sent, toks[-1]) + len(toks[-1].text)) if m.kind == "person"]
                    distinct = list({m.name: m for m in people}.values())
                    if len(distinct) >= 2:  # "between the head of X, A, and Director B"
                        return distinct[:2]
                    parties = []
                    for t in [obj] + list(obj.conjuncts):
                        toks = list(t.subtree)
                        people = [m for m in article.actors.inside(article.offset(sent, toks[0]),
                                  article.offset(sent, toks[-1]) + len(toks[-1].text)) if m.kind == "person"]
                        m = people[0] if people else resolver.resolve(sent, t)
                        if m is not None and m.name and self._is_actor(m):
                            parties.append(m)
                    if len(parties) >= 2:
                        return parties
        return []

    def _conflict_pair(self, article: Article) -> list[Mention] | None:
        """The first party of a known conflict whose two parties the article both names."""
        for a, b in self.rules.conflicts:
            if _party_named(article, a) and _party_named(article, b):
                return [Mention(0, 0, a[1], a[1], a[0], "state" if a[0] else "group")]
        return None

    def _paragraph_speaker(self, article: Article, i: int) -> list[Mention]:
        """A sentence with no subject of its own ('And to invite X to mediate.') continues the
        last statement made in its paragraph."""
        para = article.sentences[i].paragraph
        before = [d for d in article.statements if d.speaker and d.sentence < i
                  and article.sentences[d.sentence].paragraph == para]
        if not before:
            return []
        d = before[-1]
        return [Mention(0, 0, d.speaker, d.speaker, d.speaker_side, d.speaker_kind)]

    def _subjects(self, article: Article, resolver: SpeakerResolver, sent: Sentence, cue: Cue) -> list[Mention]:
        """The subject of the clause the cue sits in (with its conjuncts), or a passive agent."""
        if sent.parse is None:
            return []
        tokens = [t for t in sent.parse if cue.start <= article.offset(sent, t) < cue.end]
        if not tokens:
            return []
        for tok in tokens:  # "declared by X", "pressure from X"
            for child in tok.children:
                if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "from" and tok.pos_ == "NOUN"):
                    obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                    if obj is not None:
                        found = _with_conjuncts(resolver, sent, obj)
                        if found:
                            return found
        node = tokens[0]
        for _ in range(8):
            # the clause's subjects, also those a misparse hung on its auxiliary ("X has ... expressed")
            kids = list(node.children) + [g for c in node.children if c.dep_ in ("aux", "auxpass") for g in c.children]
            for subj in (c for c in kids if c.dep_ in _SUBJ):
                found = _with_conjuncts(resolver, sent, subj)
                if found:
                    return found
            if node.head is node:
                break
            node = node.head
        return []

    def _accusers(self, article: Article, resolver: SpeakerResolver, sent: Sentence):
        if sent.parse is None:
            return
        for tok in sent.parse:
            if tok.lemma_.lower() in _ACCUSE and tok.pos_ == "VERB":
                subj = next((c for c in tok.children if c.dep_ in _SUBJ), None)
                if subj is not None and subj.lower_ not in {"each", "other"}:
                    for m in _with_conjuncts(resolver, sent, subj):
                        if self._is_actor(m):
                            yield m, None

    # -- whom -------------------------------------------------------------------------
    def _targets(self, article: Article, resolver: SpeakerResolver, sent: Sentence, cue: Cue,
                 actor: Mention) -> list[str | None]:
        if cue.type == "meeting":
            parties = self._between(article, resolver, sent)
            if len(parties) >= 2 and parties[0].name == actor.name:
                return [parties[1].name]
        opening = dateline_end(article, sent)
        mentions = [m for m in article.actors.inside(sent.start, sent.end)
                    if m.name and m.name != actor.name and m.kind in ("person", "state", "institution")
                    and m.start >= opening and not _is_outlet(m.name)
                    and not (actor.side and m.side == actor.side and m.kind != "person")
                    and not _is_location(article.text, m)]
        after = [m for m in mentions if m.start >= cue.start]
        if actor.side:
            other = [m for m in after or mentions if m.side and m.side != actor.side]
            if other:
                return [other[0].name]
        if after:
            return [after[0].name]
        if mentions:
            return [mentions[0].name]
        for a, b in self.rules.conflicts:  # the other party of the actor's conflict, if named
            for own, other in ((a, b), (b, a)):
                if (own[0] and own[0] == actor.side) or own[1] == actor.name:
                    if _party_named(article, other):
                        return [other[1]]
        return [None]

    # -- the record ---------------------------------------------------------------------
    def _signal(self, article: Article, sent: Sentence, cue: Cue, actor: Mention, target: str | None,
                statement: StatementDraft | None) -> Signal:
        text = article.text
        sentence_text = text[sent.start:sent.end]
        quote = None
        if statement is not None and statement.quote:
            qs, qe = statement.quote
            if qs < sent.end and sent.start < qe:
                quote = Span.of(text, qs, qe)
        codes = self.rules.codes.get(cue.type, {})
        conditions = conditions_of(sentence_text, self.rules, cue.type) if cue.type in _TAGGED else []
        if statement is not None:
            medium, via = statement.medium, list(statement.reported_via)
            date_text, said_on = statement.date_text, statement.said_on
        else:
            medium, via = medium_of(sentence_text), chain_of(sentence_text, actor.name)
            date_text, said_on = sent.date_text, sent.said_on
        return Signal(type=cue.type, actor=actor.name, actor_side=actor.side, target=target,
                      evidence=Span.of(text, sent.start, sent.end), quote=quote, conditions=conditions,
                      said_on=said_on, date_text=date_text, medium=medium, reported_via=via,
                      cameo=codes.get("cameo"), plover=codes.get("plover") or None,
                      goldstein=codes.get("goldstein"))




def _with_conjuncts(resolver: SpeakerResolver, sent: Sentence, tok) -> list[Mention]:
    found = []  # a subject inside a dateline ("JERUSALEM (Reuters) - ") resolves to no one
    for t in [tok] + [c for c in tok.conjuncts]:
        if t.i == sent.parse.start and t.i + 1 < len(t.doc) and t.doc[t.i + 1].text in (":", "—", "–"):
            continue  # a dateline ("Moscow: ..."), not a subject
        m = resolver.resolve(sent, t)
        if m is not None and m.name:
            found.append(m)
    return found


def _bucket(n: int) -> str:
    return "0" if n == 0 else "1-2" if n <= 2 else "3-9" if n <= 9 else "10+"


def _description_states(text: str) -> list:
    """The states a description names by demonym, name or capital, longest first ('North
    Korean' before 'Korean'), in order of appearance."""
    pattern, by_form = _state_forms()
    found = []
    for match in pattern.finditer(" ".join(text.replace("\\", " ").split())):
        state = by_form[match.group(0).lower()]
        if state not in found:
            found.append(state)
    return found


@cache
def _state_forms():
    """One regex of every state's demonyms, names and metonyms, from the registry: built once."""
    from overture.actors._registry import ActorRegistry
    by_form = {}
    for actor in ActorRegistry.default():
        if actor.kind == "state" and actor.side:
            for form in (actor.name, *actor.demonyms, *getattr(actor, "metonyms", ())):
                by_form.setdefault(form.lower(), actor)
    forms = sorted(by_form, key=len, reverse=True)
    return re.compile(r"(?i)\b(?:" + "|".join(re.escape(f) for f in forms) + r")\b"), by_form


def _party_named(article: Article, party: tuple[str | None, str]) -> bool:
    side, name = party
    return any(m.name == name or (side and m.side == side and m.kind == "state") for m in article.mentions)


def _is_location(text: str, m: Mention) -> bool:
    """'talks in Saudi Arabia': the place where, not the party to whom."""
    return bool(re.search(r"\b(?:in|at|near|from|to|into|across|around)\s+(?:the\s+)?$", text[max(0, m.start - 12):m.start]))


def _is_outlet(name: str) -> bool:
    from overture.actors._registry import OutletRegistry
    return OutletRegistry.default().lookup(name) is not None


def _statement_at(article: Article, i: int, pos: int) -> StatementDraft | None:
    """The statement whose content holds this position, else one made in this sentence."""
    inside = [d for d in article.statements if d.content[0] <= pos < d.content[1]]
    if inside:
        return min(inside, key=lambda d: d.content[1] - d.content[0])
    here = [d for d in article.statements if d.sentences[0] <= i < d.sentences[1]]
    return here[0] if here else None


def _resolve_overlaps(cues: list[Cue]) -> list[Cue]:
    """A refusal cue wins over an offer cue on the same words; duplicates go."""
    out: list[Cue] = []
    for cue in sorted(cues, key=lambda c: (c.start, -(c.end - c.start))):
        clash = [o for o in out if o.start < cue.end and cue.start < o.end]
        if any(o.type == cue.type for o in clash):
            continue
        if cue.type == "offer_talks" and any(o.type == "reject_talks" for o in clash):
            continue
        if cue.type == "meeting" and any(o.type in ("offer_talks", "propose", "reject_talks", "urge_talks") for o in clash):
            continue  # talks offered, proposed, refused or urged have not taken place
        if cue.type == "offer_talks" and any(o.type == "welcome" for o in clash):
            continue  # "welcomed X's readiness for talks": the readiness is X's, the signal a welcome
        if cue.type != "ceasefire" and any(o.start <= cue.start and cue.end <= o.end and o.type != cue.type
                                           and (o.end - o.start) > (cue.end - cue.start) for o in clash):
            continue  # a cue inside a longer cue of another type is part of that one
        if cue.type in ("reject_talks", "offer_talks", "propose", "urge_talks", "welcome"):
            out = [o for o in out if not (o.start < cue.end and cue.start < o.end and (
                (cue.type == "reject_talks" and o.type == "offer_talks") or o.type == "meeting"
                or (cue.type == "welcome" and o.type == "offer_talks")))]
        out.append(cue)
    return out
