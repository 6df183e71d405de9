"""The attribution stage: every attributed statement in the body, with speaker and chain.

Three forms, found in this order on each sentence's parse:
  1. a speech verb with a subject ("X said that ...", "..., X stated", "X told Y that ..."),
     or a participle hanging on one ("..., adding that ...");
  2. a source preposition ("according to X, ...");
  3. quotes: given to the speech event nearest them, or, for a quote that opens a
     paragraph with no speaker of its own, to the speaker of the paragraph before.
"""
from __future__ import annotations

from dataclasses import dataclass

from overture.article import Article, Mention, Sentence, StatementDraft
from overture.attribution._chains import chain_of, medium_of
from overture.attribution._quotes import Quote, find_quotes
from overture.attribution._rules import rules
from overture.attribution._speakers import SpeakerResolver, span_of
from overture.pipeline import register_stage

_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}


@dataclass
class _Event:
    """A speech act found in one sentence, before quotes are given to it."""

    sentence: int
    cue: tuple[int, int]
    speaker: Mention | None
    content: tuple[int, int] | None
    used: bool = False


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop surrounding spaces, punctuation, quote marks and a leading 'that'."""
    junk = " \t\n,;:.\"“”‘’«»'—–-"
    while start < end and text[start] in junk:
        start += 1
    while end > start and text[end - 1] in junk.replace(".", ""):
        end -= 1
    if text[start:start + 5].lower() == "that ":
        start += 5
    return start, end


@register_stage("attribution", requires=("sentences", "mentions", "actors"), produces=("statements",))
class AttributionStage:
    """Find who said what in the body, and how it reached the outlet."""

    def __init__(self) -> None:
        self.rules = rules()

    def __call__(self, article: Article) -> Article:
        quotes = self._quotes(article)
        outer = [q for q in quotes if q.depth == 0]
        self.speakers = SpeakerResolver(article)
        events: list[_Event] = []
        for i, sent in enumerate(article.sentences):
            inside = [(q.start, q.end) for q in outer if q.start < sent.end and sent.start < q.end]
            found = self._speech_events(article, i, sent, inside)
            events.extend(found)
            self.speakers.saw_sentence(sent, inside)
        article.statements = self._statements(article, events, outer)
        self._add_chains(article)
        return article

    # -- quotes -------------------------------------------------------------------------
    def _quotes(self, article: Article) -> list[Quote]:
        found = []
        for s, e in article.body:
            for q in find_quotes(article.text[s:e]):
                found.append(Quote(q.start + s, q.end + s, q.depth, q.closed))
        return found

    # -- speech events ------------------------------------------------------------------
    def _speech_events(self, article: Article, i: int, sent: Sentence, inside) -> list[_Event]:
        if sent.parse is None:
            return []
        r = self.rules
        events = []
        for tok in sent.parse:
            pos = article.offset(sent, tok)
            if any(s <= pos < e for s, e in inside):
                continue
            lemma = tok.lemma_.lower()
            if lemma == "accord" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
                events.extend(self._according_to(article, i, sent, tok))
                continue
            if lemma not in r.speech_verbs or tok.pos_ not in ("VERB", "AUX"):
                continue
            subj = next((c for c in tok.children if c.dep_ in _SUBJECTS), None)
            if subj is None and tok.dep_ in ("advcl", "xcomp", "conj", "acl", "pcomp") and lemma in r.participles | {"say", "state"}:
                subj = next((c for c in tok.head.children if c.dep_ in _SUBJECTS), None)
            if subj is None:
                continue
            content = self._content(article, sent, tok)
            if content is None and lemma in r.need_clause:
                continue
            speaker = self.speakers.resolve(sent, subj)
            if speaker is None:
                continue
            cue = (pos, pos + len(tok.text))
            for c in tok.children:  # "told journalists" as the cue
                if c.dep_ in ("dobj", "dative") and c.i == tok.i + 1 and c.lower_ in {"journalists", "reporters"}:
                    cue = (pos, article.offset(sent, c) + len(c.text))
            events.append(_Event(i, cue, speaker, content))
            self.speakers.last_speaker = speaker
        return events

    def _content(self, article: Article, sent: Sentence, verb) -> tuple[int, int] | None:
        """The clause that was said: the verb's complement clause, else None."""
        for c in verb.children:
            if c.dep_ in ("ccomp", "xcomp") and (c.dep_ == "ccomp" or verb.lemma_ in {"call", "urge"}):
                toks = list(c.subtree)
                s, e = span_of(article, sent, toks)
                s, e = _trim(article.text, s, e)
                if e - s > 3:
                    return s, e
        return None

    def _according_to(self, article: Article, i: int, sent: Sentence, tok) -> list[_Event]:
        """'According to X, ...': X is the speaker unless X is only a medium (an outlet)."""
        from overture.actors._registry import OutletRegistry
        to = tok.doc[tok.i + 1]
        obj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if obj is None:
            return []
        s, e = span_of(article, sent, list(obj.subtree))
        if OutletRegistry.default().find_in(article.text[s:e]) or obj.lemma_ in {"report", "reports", "website"}:
            return []
        speaker = self.speakers.resolve(sent, obj)
        if speaker is None:
            return []
        pos = article.offset(sent, tok)
        phrase_end = e
        rest_s, rest_e = (phrase_end, sent.end) if pos <= sent.start + 2 else (sent.start, pos)
        rest_s, rest_e = _trim(article.text, rest_s, rest_e)
        if rest_e - rest_s < 8:
            return []
        return [_Event(i, (pos, article.offset(sent, to) + 2), speaker, (rest_s, rest_e))]

    # -- statements ---------------------------------------------------------------------
    def _statements(self, article: Article, events: list[_Event], outer: list[Quote]) -> list[StatementDraft]:
        drafts: list[StatementDraft] = []
        sentence_of = _sentence_index(article)
        previous_speaker: Mention | None = None
        for q in outer:
            first, last = sentence_of(q.start), sentence_of(max(q.start, q.end - 1))
            words = len(article.text[q.start:q.end].split())
            near = [ev for ev in events if first - 1 <= ev.sentence <= last + 1
                    and not (q.start <= ev.cue[0] < q.end)
                    and (ev.content is None or _overlap(ev.content, (q.start, q.end)) > 0)]
            near = [ev for ev in near if ev.sentence in (first, last) or
                    (ev.sentence == last + 1 and _only_space_between(article.text, q.end, ev.cue[0]))]
            event = min(near, key=lambda ev: min(abs(ev.cue[0] - q.end), abs(ev.cue[0] - q.start)), default=None)
            if event is None and words < 4:
                continue  # a scare quote or a quoted term, not a statement
            speaker = event.speaker if event else None
            if event is None:
                para = article.sentences[first].paragraph if article.sentences else 0
                opens = article.sentences and article.sentences[first].start >= q.start - 2
                prev = [d for d in drafts if d.speaker and article.sentences[d.sentence].paragraph in (para - 1, para)]
                if opens and prev:
                    speaker_name, side, kind = prev[-1].speaker, prev[-1].speaker_side, prev[-1].speaker_kind
                    drafts.append(StatementDraft((q.start, q.end), "direct", speaker_name, side, kind, None,
                                                 (q.start, q.end), first, (first, last + 1)))
                    continue
            else:
                event.used = True
            drafts.append(self._draft((q.start, q.end), "direct", speaker, event.cue if event else None,
                                      first, last, quote=(q.start, q.end)))
            previous_speaker = speaker or previous_speaker
        for ev in events:
            if ev.used or ev.content is None:
                continue
            quoted = [q for q in outer if _overlap((q.start, q.end), ev.content) > 0]
            kind = "mixed" if quoted else "indirect"
            if quoted and all(q.start <= ev.content[0] and ev.content[1] <= q.end for q in quoted):
                kind = "direct"
            drafts.append(self._draft(ev.content, kind, ev.speaker, ev.cue, ev.sentence, sentence_of(ev.content[1] - 1),
                                      quote=(quoted[0].start, quoted[0].end) if quoted else None))
        drafts.sort(key=lambda d: d.content[0])
        return drafts

    @staticmethod
    def _draft(content, kind, speaker: Mention | None, cue, first: int, last: int, quote=None) -> StatementDraft:
        return StatementDraft(content=content, kind=kind, speaker=speaker.name if speaker else None,
                              speaker_side=speaker.side if speaker else None,
                              speaker_kind=speaker.kind if speaker else None, cue=cue, quote=quote,
                              sentence=min(first, last), sentences=(min(first, last), max(first, last) + 1))

    # -- chains and media ---------------------------------------------------------------
    def _add_chains(self, article: Article) -> None:
        """Each statement's medium and reporting chain: from its own sentences, else carried
        over from the same speaker's previous statement (one interview, many quotes)."""
        carried: dict[str, tuple[list[str], str | None]] = {}
        for d in article.statements:
            a, b = d.sentences
            text = " ".join(article.sentence_text(k) for k in range(a, min(b, len(article.sentences))))
            chain = chain_of(text, d.speaker)
            medium = medium_of(text)
            if medium and medium.startswith(("interview with ", "remarks to ")):
                target = medium.split(" ", 2)[-1]
                if target not in chain and any(o == target for o in _outlet_names(text)):
                    chain.append(target)
            key = d.speaker or ""
            old_chain, old_medium = carried.get(key, ([], None))
            if not chain and not medium:
                chain, medium = list(old_chain), old_medium
            elif not medium:
                medium = old_medium if old_chain and chain[-len(old_chain):] == old_chain else None
            d.reported_via, d.medium = chain, medium
            if key:
                carried[key] = (chain, medium)


def _outlet_names(text: str) -> list[str]:
    from overture.actors._registry import OutletRegistry
    return [o.name for _, _, o in OutletRegistry.default().find_in(text)]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _only_space_between(text: str, a: int, b: int) -> bool:
    return len(text[a:b].strip(" ,.\"”’'\n")) <= 12


def _sentence_index(article: Article):
    starts = [s.start for s in article.sentences]
    import bisect

    def find(pos: int) -> int:
        return max(0, bisect.bisect_right(starts, pos) - 1)
    return find
