"""The attribution stage: every attributed statement in the body, with speaker and chain.

Work goes in three passes over the article:
  1. speech events, sentence by sentence on the parse: a reporting verb with its speaker
     ("X said (that) ...", "..., X said", "X told Y that ...", "X believes that ..."), a
     participle or conjunct that borrows its clause's subject ("..., adding that ...",
     "... and said ..."), or a source phrase ("according to X", "in X's view");
  2. quotes: each given to the speech event of its own sentence, or, with none there, to
     the speaker the paragraph around it makes plain (see `_orphan_speaker`);
  3. the statements' reporting chains and media (`_chains`).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from overture.article import Article, Mention, Sentence, StatementDraft
from overture.attribution._chains import chain_of, medium_of, outlet_named
from overture.attribution._quotes import Quote, find_quotes
from overture.attribution._rules import rules
from overture.attribution._speakers import SpeakerResolver, issuer_of, span_of
from overture.pipeline import register_stage

_JUNK = " \t\n,;:.\"“”‘’«»'—–-"


@dataclass
class _Event:
    """A speech act found in one sentence, before quotes are given to it."""

    sentence: int
    cue: tuple[int, int]
    speaker: Mention | None
    content: tuple[int, int] | None
    subject_start: int  # where the speaker's words begin: an unclosed quote stops there
    used: bool = False


@dataclass
class _Quoted:
    """An outer quote while it waits for a speaker."""

    quote: Quote
    first: int  # sentence indexes
    last: int
    paragraph: int


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop surrounding spaces, punctuation, quote marks and a leading 'that'."""
    while start < end and text[start] in _JUNK:
        start += 1
    while end > start and text[end - 1] in _JUNK.replace(".", ""):
        end -= 1
    if text[start:start + 5].lower() == "that ":
        start += 5
    return start, end


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


@register_stage("attribution", requires=("sentences", "mentions", "actors"), produces=("statements",))
class AttributionStage:
    """Find who said what in the body, and how it reached the outlet."""

    def __init__(self) -> None:
        self.rules = rules()

    def __call__(self, article: Article) -> Article:
        if not article.sentences:  # nothing parsed (an empty body, or the prefilter said skip)
            article.statements = []
            return article
        quotes = [q for q in self._quotes(article) if q.depth == 0]
        self.speakers = SpeakerResolver(article)
        events: list[_Event] = []
        for i, sent in enumerate(article.sentences):
            closed = [(q.start, q.end) for q in quotes if q.closed and q.start < sent.end and sent.start < q.end]
            inside = closed + [(q.start, q.end) for q in quotes if not q.closed and q.start < sent.end
                               and sent.start < q.end and q.start < sent.start]
            events.extend(self._speech_events(article, i, sent, inside))
            self.speakers.saw_sentence(sent, closed)
        quotes = _cut_unclosed(article, quotes, events)
        article.statements = self._statements(article, events, quotes)
        _add_chains(article, events)
        return article

    def _quotes(self, article: Article) -> list[Quote]:
        found = []
        for s, e in article.body:
            for q in find_quotes(article.text[s:e]):
                found.append(Quote(q.start + s, q.end + s, q.depth, q.closed))
        return found

    # -- 1. speech events -----------------------------------------------------------------
    def _speech_events(self, article: Article, i: int, sent: Sentence, inside) -> list[_Event]:
        if sent.parse is None:
            return []
        events = []
        for tok in sent.parse:
            pos = article.offset(sent, tok)
            if any(s <= pos < e for s, e in inside):
                continue
            source = self._source_phrase(article, i, sent, tok)
            if source is not None:
                events.append(source)
                continue
            event = self._verb_event(article, i, sent, tok)
            if event is not None:
                events.append(event)
                self.speakers.last_speaker = event.speaker
        return _split_contents(article, events)

    def _verb_event(self, article: Article, i: int, sent: Sentence, tok) -> _Event | None:
        """A reporting verb with a speaker: 'X said ...', '..., adding that ...'."""
        r = self.rules
        lemma = tok.lemma_.lower()
        if lemma not in r.speech_verbs or tok.pos_ not in ("VERB", "AUX"):
            return None
        if _aside(tok):
            return self._aside_event(article, i, sent, tok)
        subj = _subject_of(tok, lemma in r.participles)
        if subj is None or _denied(tok, r):
            return None
        content = self._content(article, sent, tok)
        if content is None and (lemma in r.need_clause or not _may_introduce_quote(tok)):
            return None
        speaker = self._cited_source(article, sent, tok, subj) or self.speakers.resolve(sent, subj)
        if speaker is None:
            return None
        pos = article.offset(sent, tok)
        return _Event(i, self._cue(article, sent, tok), speaker, content,
                      min(pos, article.offset(sent, subj.left_edge)))

    def _aside_event(self, article: Article, i: int, sent: Sentence, verb) -> _Event | None:
        """'As X noted, ...', 'As noted by X, ...': X said the main clause that follows."""
        if verb.lemma_.lower() in self.rules.need_clause:
            return None  # 'as expected, ...'
        subj = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
        if subj is None:
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            subj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        if subj is None or _names_outlet(article, sent, subj):
            return None  # 'as reported by TASS': a channel, not a speaker
        content = _content_span(article, sent, [t for t in verb.head.subtree if t.i > verb.right_edge.i])
        speaker = self.speakers.resolve(sent, subj) if content else None
        if speaker is None:
            return None
        return _Event(i, self._cue(article, sent, verb), speaker, content, article.offset(sent, verb.left_edge))

    def _cue(self, article: Article, sent: Sentence, verb) -> tuple[int, int]:
        """The verb, or 'told journalists' when the audience is the press."""
        pos = article.offset(sent, verb)
        for c in verb.children:
            if c.dep_ in ("dobj", "dative") and c.i == verb.i + 1 and c.lower_ in self.rules.press:
                return pos, article.offset(sent, c) + len(c.text)
        return pos, pos + len(verb.text)

    def _cited_source(self, article: Article, sent: Sentence, verb, subj) -> Mention | None:
        """'CNN, citing European diplomats, reported ...': the diplomats spoke; the outlet relays."""
        if not _names_outlet(article, sent, subj):
            return None
        for node in (verb, subj):
            for c in node.children:
                if c.lemma_.lower() in self.rules.citing and c.dep_ in ("advcl", "acl", "prep", "xcomp"):
                    obj = next((g for g in c.children if g.dep_ in ("dobj", "pobj")), None)
                    if obj is not None:
                        return self.speakers.resolve(sent, obj)
        return None

    def _content(self, article: Article, sent: Sentence, verb) -> tuple[int, int] | None:
        """What was said: the verb's clause, the clause of 'in a statement that ...', or the
        main clause a trailing 'X said' hangs on ('The plan works, she said')."""
        for clause in self._content_clauses(verb):
            content = _content_span(article, sent, list(clause.subtree))
            if content:
                return content
        if _trails_its_clause(verb) and verb.lemma_.lower() not in self.rules.need_clause:
            return _content_span(article, sent, [t for t in verb.head.subtree if t.i < verb.left_edge.i])
        return None

    def _content_clauses(self, verb):
        to_clause = self.rules.to_clause
        if verb.lemma_.lower() in self.rules.naming_verbs:  # "called the plan 'a joke'"
            obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
            named = [c for c in verb.children if c.dep_ in ("oprd", "xcomp", "prep", "ccomp") and obj is not None and c.i > obj.i]
            if obj is not None and named:
                yield _Phrase(obj.doc, obj.left_edge.i, named[-1].right_edge.i)
            elif obj is not None and any(c.dep_ in ("appos", "oprd") for c in obj.children):
                yield obj
        for c in verb.children:
            if c.dep_ == "ccomp" or (c.dep_ == "xcomp" and verb.lemma_.lower() in to_clause):
                yield c
        for c in verb.children:  # "said in a statement that ...", "wrote in a post that ..."
            if c.dep_ == "prep":
                for obj in (g for g in c.children if g.dep_ == "pobj"):
                    yield from (g for g in obj.children if g.dep_ in ("acl", "ccomp") and _has_mark(g))

    def _source_phrase(self, article: Article, i: int, sent: Sentence, tok) -> _Event | None:
        """'According to X, ...', 'in X's view, ...', 'in the words of X': X said the rest.
        An outlet or a report here is only a channel (see `_chains`), not a speaker."""
        found = _source_of(tok, self.rules)
        if found is None:
            return None
        cue_end, holder, phrase = found
        if holder.lemma_.lower() in self.rules.documents:  # 'according to a statement from X'
            holder = issuer_of(holder)
            if holder is None:
                return None
        s, e = span_of(article, sent, list(holder.subtree))
        if outlet_named(article.text[s:e]):
            return None
        speaker = self.speakers.resolve(sent, holder)
        if speaker is None:
            return None
        content = _rest_of_sentence(article, sent, phrase)
        if content is None:
            return None
        pos = article.offset(sent, tok)
        return _Event(i, (pos, article.offset(sent, cue_end) + len(cue_end.text)), speaker, content, pos)

    # -- 2. statements ----------------------------------------------------------------------
    def _statements(self, article: Article, events: list[_Event], quotes: list[Quote]) -> list[StatementDraft]:
        sentence_of = _sentence_index(article)
        pending = []
        for q in quotes:
            first, last = sentence_of(q.start), sentence_of(max(q.start, q.end - 1))
            pending.append(_Quoted(q, first, last, article.sentences[first].paragraph if article.sentences else 0))
        drafts: list[StatementDraft] = []
        orphans: list[_Quoted] = []
        mixed_quotes: set[Quote] = set()
        for ev in events:  # reported speech first, so a quote inside it makes it mixed
            if ev.content is None:
                continue
            quoted = [p.quote for p in pending if _overlap((p.quote.start, p.quote.end), ev.content) > 0]
            kind = _kind(article.text, ev.content, quoted)
            if kind == "direct":
                continue  # the quote itself becomes the statement, below
            mixed_quotes.update(quoted)
            ev.used = True
            quote = (quoted[0].start, quoted[0].end) if quoted else None
            drafts.append(self._draft(ev.content, kind, ev.speaker, ev.cue, ev.sentence,
                                      sentence_of(ev.content[1] - 1), quote))
        for p in pending:
            if p.quote in mixed_quotes:
                continue
            event = _event_for_quote(article, p, events)
            if event is None:
                orphans.append(p)
                continue
            event.used = True
            drafts.append(self._draft((p.quote.start, p.quote.end), "direct", event.speaker, event.cue,
                                      min(p.first, event.sentence), max(p.last, event.sentence),
                                      (p.quote.start, p.quote.end)))
        for p in orphans:
            if len(article.text[p.quote.start:p.quote.end].split()) < 4:
                continue  # a scare quote or a quoted term, not a statement
            if _names_something(article.text, p.quote, self.rules):
                continue  # 'an offensive dubbed "Operation Dawn of the North"'
            speaker = _orphan_speaker(article, p, pending, drafts)
            draft = self._draft((p.quote.start, p.quote.end), "direct", None, None, p.first, p.last,
                                (p.quote.start, p.quote.end))
            if speaker is not None:
                draft.speaker, draft.speaker_side, draft.speaker_kind = speaker
            drafts.append(draft)
        drafts.sort(key=lambda d: d.content[0])
        return drafts

    @staticmethod
    def _draft(content, kind, speaker: Mention | None, cue, first: int, last: int, quote=None) -> StatementDraft:
        return StatementDraft(content=content, kind=kind, speaker=speaker.name if speaker else None,
                              speaker_side=speaker.side if speaker else None,
                              speaker_kind=speaker.kind if speaker else None, cue=cue, quote=quote,
                              sentence=min(first, last), sentences=(min(first, last), max(first, last) + 1))


# -- speech events: the parse ------------------------------------------------------------------

_SUBJECTS = ("nsubj", "csubj")
_CLIMB = ("advcl", "xcomp", "conj", "acl", "pcomp", "prep", "dobj", "pobj", "relcl")


class _Phrase:
    """A token run standing in for a clause: `subtree` is the run."""

    def __init__(self, doc, first: int, last: int) -> None:
        self.subtree = list(doc[first:last + 1])


def _denied(verb, r) -> bool:
    """'did not say', 'declined to say': no statement was made."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in r.refusals


def _split_contents(article: Article, events: list[_Event]) -> list[_Event]:
    """'X said A, while Y insisted B': X's content stops where Y's attribution begins."""
    for ev in events:
        for other in events:
            if other is ev or ev.content is None:
                continue
            s, e = ev.content
            if s < other.subject_start < e and other.cue[0] < e and other.subject_start > ev.cue[1]:
                cut = _trim(article.text, s, other.subject_start)
                words = article.text[cut[0]:cut[1]].split()
                while words and words[-1].lower() in _LINKS:
                    cut = (cut[0], article.text.rindex(words.pop(), cut[0], cut[1]))
                    cut = _trim(article.text, *cut)
                if len(words) >= 3:
                    ev.content = cut
    return events


_LINKS = {"while", "but", "and", "whereas", "although", "though", "as", "when", "after", "before"}


def _subject_of(verb, participle: bool):
    """The verb's own subject, or, for a participle or a conjunct ('..., adding that',
    '... and said', 'by saying', 'a statement saying'), the subject of the clause it hangs on."""
    subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
    if subjects:  # two when a dateline is parsed as one ('GAZA CITY — "...," said X'): the nearer
        return min(subjects, key=lambda c: abs(c.i - verb.i))
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return None  # "is said to be ...": no speaker named
    if verb.dep_ not in _CLIMB or (verb.dep_ != "conj" and not participle and verb.tag_ != "VBG"):
        return None
    node = verb
    for _ in range(4):
        if node.dep_ not in _CLIMB or node.head is node:
            return None
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return next((c for c in node.children if c.dep_ in _SUBJECTS + ("nsubjpass",)), None)
    return None


def _may_introduce_quote(verb) -> bool:
    """A reporting verb with no clause still reports when a quote or a colon is its object
    ('"...," she said', 'he said: "..."')."""
    doc = verb.doc
    near = [doc[j] for j in range(max(verb.sent.start, verb.i - 3), min(verb.sent.end, verb.i + 4))]
    return any(t.text in "\"“”«»‘’'':" or t.text == ":" for t in near) or verb.dep_ in ("ROOT", "parataxis", "conj")


def _trails_its_clause(verb) -> bool:
    """'The plan works, she said' parsed with 'said' hanging on the clause it reports; also
    'The plan works, an official told Reuters' (a 'told' whose object is only the listener)
    and the same parsed as a second conjunct, when no 'and' joins the two and the reporting
    clause ends the sentence."""
    if verb.head.i >= verb.i or verb.dep_ not in ("parataxis", "ccomp", "conj"):
        return False
    if any(c.dep_ in ("ccomp", "xcomp") or (c.dep_ == "dobj" and verb.lemma_ != "tell") for c in verb.children):
        return False
    between = verb.doc[verb.head.i:verb.left_edge.i]
    if verb.dep_ == "conj":  # ", said X." ends the sentence, with no "and" before it
        if any(c.dep_ in ("cc", "preconj") for c in verb.children) or verb.left_edge.i == 0 \
                or verb.doc[verb.left_edge.i - 1].text not in ",—–\"”" \
                or any(not t.is_punct for t in verb.doc[verb.right_edge.i + 1:verb.sent.end]):
            return False
    return any(t.text in ",—–\"”" for t in between)


def _content_span(article: Article, sent: Sentence, toks: list) -> tuple[int, int] | None:
    """The trimmed span of some tokens, if it holds more than a few characters."""
    if not toks:
        return None
    s, e = _trim(article.text, *span_of(article, sent, toks))
    return (s, e) if e - s > 3 else None


def _names_outlet(article: Article, sent: Sentence, tok) -> bool:
    """Whether the phrase a token heads names a news outlet."""
    return outlet_named(article.text[slice(*span_of(article, sent, list(tok.subtree)))])


def _aside(verb) -> bool:
    """A reporting clause opened by 'as' before the clause it reports."""
    return verb.dep_ == "advcl" and verb.i < verb.head.i \
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)


def _has_mark(clause) -> bool:
    return any(c.dep_ == "mark" for c in clause.children) or clause.dep_ == "ccomp"


def _source_of(tok, r):
    """(last cue token, the holder token, the whole phrase's head) for 'according to X',
    'in X's opinion', 'in the words of X', else None."""
    doc = tok.doc
    if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
        to = doc[tok.i + 1]
        obj = next((c for c in to.children if c.dep_ == "pobj"), None)
        return (to, obj, tok) if obj is not None else None
    if tok.lower_ == "per" and tok.i > 0 and doc[tok.i - 1].text == ",":  # "..., per the civil defence"
        obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if obj is not None and not obj.like_num and obj.pos_ in ("PROPN", "NOUN") \
                and all(t.is_punct for t in doc[obj.right_edge.i + 1:tok.sent.end]):
            return tok, obj, tok
        return None
    if tok.lower_ == "in" and tok.dep_ == "prep":
        obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if obj is None or obj.lemma_.lower() not in r.opinion_nouns:
            return None
        poss = next((c for c in obj.children if c.dep_ == "poss"), None)
        if poss is not None:
            return obj, poss, tok
        of = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        holder = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        return (obj, holder, tok) if holder is not None else None
    return None


def _rest_of_sentence(article: Article, sent: Sentence, phrase) -> tuple[int, int] | None:
    """The sentence without a source phrase: what follows it when it opens the sentence,
    else what comes before it."""
    toks = list(phrase.subtree)
    s, e = span_of(article, sent, toks)
    if s - sent.start <= 2 or article.text[sent.start:s].strip(" ,") in ("", "But", "And"):
        rest = (e, sent.end)
    else:
        rest = (sent.start, s)
    rest = _trim(article.text, *rest)
    return rest if rest[1] - rest[0] >= 8 else None


# -- quotes and their speakers -----------------------------------------------------------------

def _cut_unclosed(article: Article, quotes: list[Quote], events: list[_Event]) -> list[Quote]:
    """An unclosed quote that holds its own ', she said' (a missing closing mark) ends where
    that attribution begins; the attribution's event then takes the quote."""
    out = []
    for q in quotes:
        for ev in ([] if q.closed else events):
            before = article.text[q.start:ev.subject_start].rstrip()
            if q.start < ev.subject_start < q.end and before.endswith((",", "—", "–")) and len(before.split()) >= 3:
                q = Quote(q.start, q.start + len(before.rstrip(_JUNK)), q.depth, True)
                ev.content = None
                break
        out.append(q)
    return out


def _kind(text: str, content: tuple[int, int], quoted: list[Quote]) -> str:
    """direct when the content is (nearly) all inside quotes, mixed when a quote is only part
    of it, indirect with no quote at all."""
    if not quoted:
        return "indirect"
    outside = text[content[0]:content[1]]
    for q in sorted(quoted, key=lambda q: -q.start):
        a, b = max(q.start, content[0]) - content[0], min(q.end, content[1]) - content[0]
        outside = outside[:a] + " " + outside[b:]
    words = [w for w in outside.split() if w.strip(_JUNK)]
    return "mixed" if len(words) >= 2 else "direct"


def _event_for_quote(article: Article, p: _Quoted, events: list[_Event]) -> _Event | None:
    """The speech event a quote belongs to: one in its own sentences (or the next one, when
    only the attribution stands between), else the colon event just before it."""
    q = p.quote
    text = article.text
    near = [ev for ev in events if p.first <= ev.sentence <= p.last and _may_own(text, ev, q)]
    if not near:
        near = [ev for ev in events if ev.sentence == p.last + 1 and _between_is_short(text, q, ev)
                or ev.sentence == p.first - 1 and text[ev.cue[1]:q.start].rstrip(" “\"«").endswith(":")]
    return min(near, key=lambda ev: min(abs(ev.cue[0] - q.end), abs(ev.cue[1] - q.start)), default=None)


def _may_own(text: str, ev: _Event, q: Quote) -> bool:
    """An event outside the quote may own it when it reports nothing else: no clause, the
    quote itself, or a clause of its own it has not yet turned into a statement."""
    if q.start <= ev.cue[0] < q.end:
        return False
    if ev.content is None or _overlap(ev.content, (q.start, q.end)) > 0:
        return True
    return not ev.used and _between_is_short(text, q, ev)


def _between_is_short(text: str, q: Quote, ev: _Event) -> bool:
    """Only the attribution's own words stand between the quote and the cue."""
    gap = text[q.end:ev.cue[0]] if ev.cue[0] >= q.end else text[ev.cue[1]:q.start]
    return len(gap.strip(_JUNK + "\n").split()) <= 6


def _orphan_speaker(article: Article, p: _Quoted, pending: list[_Quoted], drafts: list[StatementDraft]):
    """A quote with no attribution of its own, in the order news writes them:
    the statement just before it in its paragraph ('"...," she said. "..."'); a colon after a
    named subject ('X laid out the plan: "..."'); the next statement in its paragraph
    ('"...?" X also said: "..."'); for a quote opening a paragraph, the previous paragraph's
    last speaker; for a quote left open at a paragraph's end, the quote that continues it."""
    q = p.quote
    para_of = lambda d: article.sentences[d.sentence].paragraph  # noqa: E731
    spoken = [d for d in drafts if d.speaker]
    before = [d for d in spoken if para_of(d) == p.paragraph and d.content[1] <= q.start]
    if before:
        return _who(max(before, key=lambda d: d.content[1]))
    colon = _colon_subject(article, p)
    if colon is not None:
        return colon
    after = [d for d in spoken if para_of(d) == p.paragraph and d.content[0] >= q.end]
    if after:
        return _who(min(after, key=lambda d: d.content[0]))
    sent = article.sentences[p.first]
    if sent.start >= q.start - 2:
        previous = [d for d in spoken if para_of(d) == p.paragraph - 1]
        if previous:
            return _who(max(previous, key=lambda d: d.content[1]))
    if not q.closed or q.end >= article.sentences[p.last].end - 2:
        following = [d for d in spoken if para_of(d) == p.paragraph + 1 and d.quote
                     and article.sentences[d.sentence].start >= d.quote[0] - 2]
        if following:
            return _who(min(following, key=lambda d: d.content[0]))
    return None


def _names_something(text: str, q: Quote, r) -> bool:
    """A quoted title: most of its longer words capitalised, or just after 'dubbed',
    'the documentary', 'operation' and the like."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text[q.start:q.end]) if len(w) > 3]
    if words and sum(w[0].isupper() for w in words) >= 0.75 * len(words):
        return True
    before = re.findall(r"[\w-]+", text[max(0, q.start - 40):q.start].lower())[-3:]
    return any(w in r.title_words for w in before)


def _who(d: StatementDraft):
    return d.speaker, d.speaker_side, d.speaker_kind


def _colon_subject(article: Article, p: _Quoted):
    """'Lopez laid out her plan: "..."': the subject of the clause the colon ends."""
    q = p.quote
    sent = article.sentences[p.first]
    lead = article.text[sent.start:q.start].rstrip(" “\"«'‘")
    if not lead.endswith(":") or sent.parse is None:
        return None
    verbs = [t for t in sent.parse if t.pos_ in ("VERB", "AUX") and article.offset(sent, t) < q.start]
    for verb in verbs:
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            m = SpeakerResolver(article).resolve(sent, subj)
            if m is not None and m.kind in ("person", "institution", "state"):
                return m.name, m.side, m.kind
    if not verbs and len(lead.split()) <= 10:  # a label: 'Guterres: "..."', 'X, in his address: "..."'
        named = [m for m in article.mentions if sent.start <= m.start and m.end <= sent.start + len(lead)
                 and m.name and m.kind in ("person", "institution", "state")]
        if named:
            return named[0].name, named[0].side, named[0].kind
    return None


# -- 3. chains and media -----------------------------------------------------------------------

def _add_chains(article: Article, events: list[_Event]) -> None:
    """Each statement's medium and reporting chain: from its own sentences, else carried
    over from the same speaker's previous speech act (one interview, many quotes). Acts that
    became no statement ("X admitted ... in an interview with the BBC") still pass theirs on."""
    acts = [(d.sentences, d.speaker, d) for d in article.statements]
    acts += [((ev.sentence, ev.sentence + 1), ev.speaker.name, None) for ev in events
             if not ev.used and ev.speaker is not None and ev.content is None]
    acts.sort(key=lambda act: (act[0][0], act[2] is not None))
    carried: dict[str, tuple[list[str], str | None]] = {}
    for (a, b), speaker, draft in acts:
        text = _act_text(article, a, b)
        chain, medium = chain_of(text, speaker), medium_of(text)
        key = speaker or ""
        old_chain, old_medium = carried.get(key, ([], None))
        if _NO_CARRY.search(text):
            old_chain, old_medium = [], None  # "according to reports, X had earlier said"
        if medium == "interview" and (old_medium or "").startswith("interview "):
            medium = old_medium  # "in the interview": the one already named
        if not chain and not medium:
            chain, medium = list(old_chain), old_medium
        elif not medium:
            medium = old_medium if old_chain and chain[-len(old_chain):] == old_chain else None
        if draft is not None:
            draft.reported_via, draft.medium = chain, medium
        if key:
            carried[key] = (chain, medium)


_NO_CARRY = re.compile(r"\b(?:according to (?:media |news )?reports|previously|earlier|last (?:week|month|year))\b", re.I)


def _act_text(article: Article, a: int, b: int) -> str:
    """The sentences of a speech act, from the start of the sentence spaCy may have cut short
    at a quotation mark ('According to the newspaper "MK" | on the 21st, X said ...')."""
    while a > 0 and article.sentences[a - 1].paragraph == article.sentences[a].paragraph \
            and not article.sentence_text(a - 1).rstrip("\"”’' )").endswith((".", "!", "?", "…")):
        a -= 1
    return " ".join(article.sentence_text(k) for k in range(a, min(b, len(article.sentences))))


def _sentence_index(article: Article):
    starts = [s.start for s in article.sentences]

    def find(pos: int) -> int:
        return max(0, bisect.bisect_right(starts, pos) - 1)
    return find
