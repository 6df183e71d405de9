"""Who published a page, and which wire it runs, from what the page says about itself.

A page names its publisher in many small places: the URL, the site's name left on the title
("... | AP News"), the copyright line, the chrome around the article ("GET THE FOX NEWS APP",
"Watch TVN24 on the Internet"), the byline ("By Jane Roe, CNN") and the dateline
("KYIV (Reuters) -"). Each is a vote weighted by how surely it names the publisher rather than
a source it quotes; the publishing site wins, and an agency named only by a dateline or a
credit line ("The Associated Press contributed to this report") is the wire it runs.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from overture.actors._registry import Outlet, OutletRegistry, fold
from overture.clean._meta import _COPYRIGHT, photo_credit

# how surely each kind of evidence names the publisher
WEIGHTS = {"url": 10.0, "title": 7.0, "path": 2.5, "copyright": 3.0, "chrome": 3.0, "masthead": 1.5, "byline": 2.0,
           "dateline": 2.0, "self": 2.0, "told": 0.75, "mention": 0.5}
MIN_SCORE = 2.0  # a lone passing mention in the boilerplate is not enough
_CHROME = re.compile(r"(?i)\b(?:get|download|watch|follow|subscribe|listen|sign up|newsletter|app\b|"
                     r"on the internet|on (?:twitter|facebook|telegram|youtube|instagram|x)\b|live\b|"
                     r"home\b|contact|about us|more from|latest from|editor|staff|all rights|privacy)")
_CREDIT = re.compile(r"(?i)(?:^|[.\n]\s*)(?:the\s+)?([A-Z][\w&.' -]{1,40}?)\s+contributed\s+(?:to\s+)?"
                     r"(?:this\s+)?(?:report|story|article)")
_BYLINE = re.compile(r"(?i)^(?:by\s+)?[A-Z][\w.'’ -]{2,60}?(?:,|\sand\s[\w.'’ -]{2,40},|\s[-–—|]\s)\s*([A-Z][\w&.' -]{1,40})$")
_OWN_BYLINE = re.compile(r"^([A-Z][\w&.' -]{1,30})['’]s\s+[A-Z]")  # "CNN's Jane Roe contributed..."
# an outlet speaking of itself in its own story: "CNN has reached out to", "told CNN"
_SELF = r"(?:has|had|have|is|was)\s+(?:not\s+)?(?:reached out|contacted|obtained|reviewed|learned|confirmed|" \
        r"verified|asked|been able|independently|requested|previously reported)"
_TOLD = r"(?:told|confirmed to|statement to|speaking to|interview with|spoke to|spoke with)\s+(?:the\s+)?"
# "KYIV (Reuters) -", "MINSK, 26 February (BelTA) -", "(AP) —", "Hong Kong CNN —"
_DATELINE_PAREN = re.compile(r"^\W{0,3}(?:[A-Z][\w.'’ -]{1,40}(?:,[^()\n]{0,50})?\s*)?\(([^()\n]{2,40})\)\s*[-–—:]")
_DATELINE_BARE = re.compile(r"^\W{0,3}[A-Z][\w.'’ ,-]{1,40}?\s+([A-Z][\w&.' -]{1,25}?)\s*[-–—]\s")


@dataclass
class Found:
    """The publishing outlet and the wire it runs, with the votes behind them."""

    outlet: str | None = None
    wire: str | None = None
    votes: dict[str, float] = field(default_factory=dict)


def host_outlet(url: str | None, registry: OutletRegistry) -> Outlet | None:
    if not url:
        return None
    host = urlsplit(url).hostname if "//" in url else url
    return registry.by_domain(host or "")


def _named(text: str, registry: OutletRegistry) -> Outlet | None:
    """The outlet a short piece of text is (not merely mentions). A one-word name needs its
    article: a menu's "Local" or "Times" is not The Local or The Times."""
    text = text.strip(" .,:;|-–—()[]")
    hit = registry.lookup(text) if text else None
    if hit is not None and not text.lower().startswith("the "):
        forms = [fold(f) for f in (hit.name, *hit.aliases)]
        if fold(text) not in forms and len(fold(text).split()) == 1:
            return None
    return hit


def _mentions(line: str, registry: OutletRegistry) -> list[Outlet]:
    return [o for _, _, o in registry.find_in(line)]


def dateline_agency(text: str, registry: OutletRegistry) -> Outlet | None:
    """The agency of a dateline opening a paragraph."""
    m = _DATELINE_PAREN.match(text) or _DATELINE_BARE.match(text)
    if not m:
        return None
    inner = m.group(1)
    found = _named(inner, registry)
    if found is None:  # "(Reuters/AP)", "(AP Photo)"
        hits = _mentions(inner, registry)
        found = hits[0] if hits else None
    return found


_URL_LINE = re.compile(r"(?i)^(?:(?:source|url|link|original|canonical)(?:\s+url)?\s*[:=]\s*)?<?(https?://[^\s>]+)>?$")
_SEP = re.compile(r"\s+[|–—-]{1,2}\s+|\s*\|\s*|\s+::?\s+|\s+[-–—]\s*$")
_SITE_LIKE = re.compile(r"^[\w.&'’+ -]{2,40}$")


_DOMAIN = re.compile(r"(?i)^[a-z0-9][\w-]*(?:\.[a-z0-9-]+)*\.(?:com|org|net|co\.uk|co|news|info|ru|ua|de|fr|in|tv)$")
SECTIONS = frozenset("opinion analysis commentary editorial exclusive live breaking news world politics business "
                     "video watch explainer interview review".split())


def site_like(piece: str) -> bool:
    """A short name as sites put after their headlines ("SFGate", "9to5Mac", "The Space Review",
    "cleveland.com")."""
    if _DOMAIN.match(piece.strip()):
        return True
    words = piece.split()
    return bool(_SITE_LIKE.match(piece)) and 1 <= len(words) <= 4 \
        and all(w[0].isupper() or w[0].isdigit() or w.lower() in ("of", "the", "and", "on", "de") for w in words)


def window_title(text: str, spans: list[tuple[int, int]], registry: OutletRegistry) -> tuple[str, str] | None:
    """(headline, site name) from a window-title line "Headline - Site" among the page's first
    lines: the site part is a known outlet; or it is a short name and either the headline
    stands again as a line of its own or the name does on a short line (a masthead, a
    copyright line). "Talks stall — Prince Harry" in a story about him keeps its tail."""
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    for s, e in spans[:3]:
        line = text[s:e]
        seps = list(_SEP.finditer(line))
        if not seps:
            continue
        last, first = seps[-1], seps[0]  # the cut keeps the headline's own dashes as written
        for suffix, head, site in ((True, line[:last.start()], line[last.end():]),
                                   (False, line[first.end():], line[:first.start()])):
            head, site = head.strip(), site.strip()
            if len(head.split()) < 3 or not site:
                continue
            if _named(site, registry) is not None:
                return head, site
            if suffix and site_like(site):
                again = sum(1 for other in lines if other == " ".join(head.split())) >= 1
                masthead = any(site in other and len(other.split()) <= 8 and other != " ".join(line.split())
                               for other in lines)
                if again or masthead:
                    return head, site
    return None


def find_outlet(text: str, body: list[tuple[int, int]], boilerplate: list[tuple[int, int]],
                title: str | None, url: str | None, registry: OutletRegistry, site: str | None = None,
                path: str | None = None) -> Found:
    """Votes for the publisher from every place a page names itself; the wire apart. `site`
    is the name a window title gives ("... - SFGate"), a vote even when no registry knows it."""
    votes: dict[str, float] = defaultdict(float)
    by_name: dict[str, Outlet] = {}
    agencies: list[Outlet] = []

    def vote(outlet: Outlet | None, why: str) -> None:
        if outlet is not None:
            votes[outlet.name] += WEIGHTS[why]
            by_name[outlet.name] = outlet

    vote(host_outlet(url, registry), "url")
    vote(path_outlet(path, registry), "path")  # the collection's folder: "cnn-2024/"
    if not url:  # a scraper's "URL: https://..." line at the top or the foot of the file
        for s, e in [*boilerplate[:10], *boilerplate[-10:]]:
            m = _URL_LINE.match(text[s:e])
            if m:
                vote(host_outlet(m.group(1), registry), "url")
                break
    if site:
        known = _named(site, registry)
        if known is not None:
            vote(known, "title")
        else:
            votes[site] += WEIGHTS["title"]
    elif title:
        parts = _SEP.split(title)
        if len(parts) > 1:
            vote(_named(parts[-1], registry) or _named(parts[0], registry), "title")
    mention_votes: dict[str, int] = defaultdict(int)
    for s, e in boilerplate:
        line = text[s:e]
        if len(line) > 200:
            continue
        if _COPYRIGHT.search(line):
            if not photo_credit(line):
                for outlet in _mentions(line, registry)[:1]:  # the holder, not a photo agency after it
                    vote(outlet, "copyright")
            continue
        whole = _named(line, registry)
        if whole is not None:
            vote(whole, "masthead")
            continue
        hits = _mentions(line, registry)
        if not hits:
            m = _BYLINE.match(line)
            if m and len(line.split()) <= 12:
                vote(_named(m.group(1), registry), "byline")
            continue
        if _CHROME.search(line) and len(line.split()) <= 14:
            vote(hits[0], "chrome")
        elif len(line.split()) <= 12:
            m = _BYLINE.match(line)
            named = _named(m.group(1), registry) if m else None
            if named is not None:
                vote(named, "byline")
            else:
                for outlet in hits:
                    if mention_votes[outlet.name] < 4:  # a menu of sister titles: a little each, capped
                        mention_votes[outlet.name] += 1
                        vote(outlet, "mention")
    for s, e in body[:3]:
        agency = dateline_agency(text[s:e], registry)
        if agency is not None:
            vote(agency, "dateline")
            agencies.append(agency)
            break
    tail = "\n".join(text[s:e] for s, e in [*body[-4:], *boilerplate[-30:]])
    for m in _CREDIT.finditer(tail):
        credited = _named(m.group(1), registry)
        if credited is not None:
            agencies.append(credited)
    for s, e in body[:4]:
        m = _OWN_BYLINE.match(text[s:e])
        if m:
            vote(_named(m.group(1), registry), "byline")
        line_start = text.rfind("\n", 0, s) + 1  # the body may start after the bracket, on its line
        lead = re.match(r"\s*[\[【]([^\]】\n]{3,300})[\]】]", text[line_start:e])  # "[Global Times Special Report]"
        if lead:
            for outlet in _mentions(lead.group(1), registry)[:1]:
                vote(outlet, "byline")
    _self_votes(text, body, registry, vote)
    outlet = None
    if votes:
        best = max(votes, key=lambda n: (votes[n], -list(votes).index(n)))
        if votes[best] >= MIN_SCORE:
            outlet = best
    wire = next((a.name for a in agencies if a.name != outlet and a.kind == "news_agency"), None)
    return Found(outlet, wire, dict(votes))


def _self_votes(text: str, body: list[tuple[int, int]], registry: OutletRegistry, vote) -> None:  # noqa: ANN001
    """Outlets the body speaks of as itself: "X has reached out", "told X" (a little, at most
    three times: other outlets' interviews are quoted too)."""
    told: dict[str, int] = defaultdict(int)
    for s, e in body:
        para = text[s:e]
        for start, end, outlet in registry.find_in(para):
            after, before = para[end:end + 60], para[max(0, start - 40):start]
            if re.match(r"\s+" + _SELF, after):
                vote(outlet, "self")
            elif re.search(_TOLD + r"$", before) and not after.startswith(("'s", "’s")) and told[outlet.name] < 3:
                told[outlet.name] += 1
                vote(outlet, "told")


def path_outlet(path: str | None, registry: OutletRegistry) -> Outlet | None:
    """An outlet a collection's folder or file is named after ("cnn-2024/", "bbc_2022-03-01.txt")."""
    if not path:
        return None
    for part in reversed(path.split("/")[:-1]):
        for word in re.split(r"[-_. ]+", part):
            if len(word) >= 2 and not word.isdigit():
                hit = _named(word.upper() if len(word) <= 5 else word, registry)
                if hit is not None:
                    return hit
    return None


def strip_site(title: str, outlet: str | None, registry: OutletRegistry) -> str:
    """The headline without the site's name glued to it: "Talks resume | AP News" -> "Talks
    resume"; "BBC News - Talks resume" -> "Talks resume". Only a known outlet (or the page's
    own) is cut, so "Iran - US talks" keeps its dash."""
    parts = re.split(r"(\s+[|–—-]\s+|\s*\|\s*|\s+::\s+)", title)
    if len(parts) < 3:
        return title

    def is_site(piece: str) -> bool:
        piece = piece.strip()
        if not piece or _DOMAIN.match(piece) or piece.lower() in ("news", "home", "latest"):
            return True
        hit = _named(piece, registry)
        if hit is not None or (outlet and piece.casefold() == outlet.casefold()):
            return True
        if outlet and len(piece.split()) <= 4 and any(o.name == outlet for _, _, o in registry.find_in(piece)):
            return True  # "AP News" on a page of the Associated Press
        return bool(re.fullmatch(r"(?i)[\w.' -]{2,30}\s(?:news|online|times|post|daily|tv|radio|\.com)", piece)) \
            and len(piece.split()) <= 4 and all(w[0].isupper() or w[0].isdigit() for w in piece.split())

    words = [p for p in parts[::2]]
    pipes = [sep for sep in parts[1::2] if "|" in sep]
    if len(pipes) >= 2 and len(words[0].split()) >= 2 and all(len(w.split()) <= 3 for w in words[1:]):
        return words[0].strip()  # "Standings | Autoracing | F1 | Indy": the headline, then the site's menu
    while len(words) > 1 and is_site(words[-1]):
        parts = parts[:-2]
        words = words[:-1]
    while len(words) > 1 and (is_site(words[0]) or words[0].strip().lower() in SECTIONS):
        parts = parts[2:]  # "Opinion | ...", "BBC News - ..."
        words = words[1:]
    return "".join(parts).strip() or title
