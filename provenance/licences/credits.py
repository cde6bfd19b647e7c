"""Attribution statements: how an article credits where its text came from.

:func:`detect_credits` finds the usual newsroom wordings, each with the credited
party as written and character offsets (``text == article[start:end]``):

================== ==========================================================
kind               example
================== ==========================================================
agency-tag         "TEHRAN (MNA) –", "(Reuters) -", an article ending "(AP)"
dash-credit        "... the minister said. — Reuters" at the end of a line
source-line        "Source: Mehr News Agency", "(Source: X)", "Credit: X"
according-to       "according to the Mehr News Agency", "according to a report
                   in The Guardian" (never "according to officials")
originally-published "originally published by/in/on X", "republished from X"
first-appeared     "This article first appeared on Global Voices"
via                "(via AP)", "Photo via Flickr"
courtesy           "courtesy of X"
link               any URL
licence-named      a licence notice, or a licence URL / short form ("CC BY 4.0")
changes-indicated  "adapted from", "translated from", "edited for length",
                   "changes were made", "based on a report by X"
================== ==========================================================

:func:`credits_name` answers the audit's question "is this source credited?".
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from provenance.licences._spans import (
    clause_start,
    ends_with_abbreviation,
    literal_starts,
    matches_at,
    word_set,
)
from provenance.licences.ids import LICENSEREF_ARR, LicenceMention, find_licences
from provenance.licences.notices import Notice, is_media_prefix, notices_from_mentions
from provenance.text import normalise

KINDS = (
    "agency-tag", "dash-credit", "source-line", "according-to", "originally-published", "first-appeared",
    "via", "courtesy", "link", "licence-named", "changes-indicated",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Credit:
    """One attribution statement: ``text == article[start:end]``.

    ``licence`` is the SPDX/LicenseRef id for ``kind == "licence-named"``, else None.
    """

    kind: str
    name: str | None
    url: str | None
    text: str
    start: int
    end: int
    licence: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown credit kind {self.kind!r}")


_DOMAIN = (
    r"(?:https?://)?(?:www\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,6}\b"
    r"(?:/[^\s)\]>\"'“”]*)?"
)
_CAP = r"(?:[A-Z][\w&'’.-]*)"
_CONNECT = r"(?:of|for|and|&|de|du|des|la|le|al|el|von|van|der|the)"
_ORG = rf"{_CAP}(?:[ \t]+(?:{_CONNECT}[ \t]+){{0,2}}(?:{_CAP}|\d+\b))*"
_NAME = rf"(?P<name>{_DOMAIN}|(?:The[ \t]+)?{_ORG})(?:[ \t]*\((?P<tag>[A-Z]{{2,8}})\))?"
_URL = re.compile(r"\bhttps?://[^\s<>\"'\])]+|\bwww\.[^\s<>\"'\])]+")
_IS_URL = re.compile(rf"^{_DOMAIN}$")

# An agency's tag: "(AP)", "(Reuters)", or lower-case "(dpa)" (which counts only after an upper-case
# dateline city, see _agency_tags).
_TAG = re.compile(r"\((?P<tag>[A-Z]{2,8}|[A-Z][a-z]{2,11}|(?P<lower>[a-z]{2,4}))\)")
_UPPER = "A-ZÀ-ÖØ-Þ"
# A dateline before the tag: a city ("TEHRAN", "PARÍS", "New York") and a date, month first
# ("Jan. 9, 2024") or day first as Spanish, French and German agencies write it ("9 may",
# "3 juin 2024", "3. Juni").
_DATELINE = re.compile(
    rf"\s*(?:(?P<city>[{_UPPER}][\w'’.-]*)(?:[ ,]+[{_UPPER}][\w'’.-]*)*,?"
    r"(?P<date>\s+[A-Z][a-z]{2,9}\.?\s+\d{1,2}(?:,\s*\d{4})?"
    r"|\s+\d{1,2}\.?\s+[^\W\d_]{3,10}\.?(?:\s+\d{4})?)?)?\s*,?\s*"
)
# What follows an opening tag: a dash or colon (EFE writes ".-"), or the end of the line.
_AFTER_TAG = re.compile(r"[ \t]*\.?[ \t]*(?:[-–—:]|\r?\n|$)")
# A date after a dash credit, as source lists give it: "— Ionian Times, September 4, 2023".
_TRAIL_DATE = (
    r"(?:,[ \t]*(?:[A-Z][a-z]{2,9}\.?[ \t]+\d{1,2},?[ \t]+\d{4}|\d{1,2}\.?[ \t]+[^\W\d_]{3,10}\.?[ \t]+\d{4}"
    r"|\d{4}-\d{2}-\d{2}))?"
)
_DASH = re.compile(rf"(?m)(?:—|–|--|-)[ \t]*{_NAME}{_TRAIL_DATE}[ \t]*\.?[ \t]*$")
_DASH_LEADS = ("—", "–", "-")  # what every _DASH match starts with
_DASH_BEFORE = re.compile(r"(?:^|\n|[.!?\"”’])[ \t]*$")
_SOURCE = re.compile(
    r"\b(?:Sources?|Credits?|Photo credit|Image credit|Content source)[ \t]*:[ \t]*"
    r"(?P<rest>[^\n()\]|]{1,200})"
)
_SOURCE_LEADS = ("Source", "Credit", "Photo credit", "Image credit", "Content source")  # of _SOURCE
_SOURCE_BEFORE = re.compile(r"(?:^|\n|[(\[|])[ \t]*$")
# Cheap substring gates (on lower-cased text) before running each pattern.
_GATES = {
    "according": ("according",),
    "published": ("originally", "first ", "republished", "reprinted", "reproduced"),
    "via": ("via ",),
    "courtesy": ("courtesy",),
    "link": ("http", "www."),
    "source": ("source", "credit"),
}
_ACCORDING = re.compile(
    r"\b(?i:according)\s+to\s+(?P<the>(?:a|an|the)\s+)?(?:(?:recent|new|latest|separate|local)\s+)?"
    r"(?:(?:report|story|article|dispatch|piece|statement|interview|reporting|figures|data|survey|poll"
    r"|analysis)s?\s+(?:by|in|from|on|published\s+by|carried\s+by)\s+(?:the\s+)?)?" + _NAME
)
_PUBLISHED = re.compile(
    r"\b(?i:(?P<adv>originally|first)\s+(?:published|appeared|ran|posted|printed|aired)"
    r"|(?:republished|reprinted|reproduced)\s+(?:with\s+(?:kind\s+)?permission\s+)?from)"
    r"(?:\s+(?i:by|in|on|at|from))?\s+(?:(?:the\s+)?(?:website|site|pages)\s+of\s+)?(?:the\s+)?" + _NAME
)
_PUBLISHED_LEADS = ("originally", "first", "republished", "reprinted", "reproduced")  # of _PUBLISHED
# The only characters other than ASCII letters that re's IGNORECASE matches to a letter of those words
# (to i, i and s); tests/licences/test_credit_scan.py checks every code point.
_CASELESS_EXTRA = "İıſ"
_VIA = re.compile(r"\b[Vv]ia\s+(?:the\s+)?" + _NAME)
_COURTESY = re.compile(r"\b(?i:courtesy)(?:\s+of)?\s+(?:the\s+)?" + _NAME)
_CHANGE_PHRASES = (
    r"(?:adapted|abridged|excerpted|condensed|translated|shortened)(?:\s+and\s+\w+)?\s+from",
    (
        r"(?:article|story|text|piece|report|version|original|content|translation|it|this)"
        r"\s+(?:has|have|had|was|were)\s+(?:been\s+)?(?:lightly\s+|slightly\s+|heavily\s+)?"
        r"(?:edited|modified|adapted|abridged|condensed|shortened|translated|updated|changed)"
    ),
    (
        r"changes\s+(?:were|have\s+been|has\s+been)\s+made"
        r"(?=\s*(?:[.;)]|$|to\s+(?:the|this)\s+(?:original|article|text|story|piece|content)))"
    ),
    r"edited\s+for\s+(?:length|clarity|style|brevity|space)",
    r"(?:lightly|slightly|heavily)\s+edited",
    r"translated\s+by",
    r"modified\s+version",
    (
        r"based\s+on\s+(?:an?\s+|the\s+)?(?:article|report|story|reporting|piece|dispatch|original)s?"
        r"\s+(?:by|from|in|published|first|originally|that)"
    ),
    r"with\s+(?:minor\s+|some\s+)?(?:changes|modifications|edits)",
)
_CHANGES = re.compile(
    rf"\b(?:{'|'.join(_CHANGE_PHRASES)})\b(?:\s+(?:from|by|in))?"
    r"(?:\s+(?:(?:a|an|the)\s+)?(?:(?:report|story|article|piece)\s+(?:by|in|from)\s+)?"
    rf"(?:the\s+)?(?-i:{_NAME}))?",
    re.IGNORECASE,
)
_CHANGES_ANCHOR = re.compile(
    r"\b(?:adapted|abridged|excerpted|condensed|translated|modified|updated|shortened|edited|changes"
    r"|changed|based|edits|modifications)\b"
)  # on lower-cased text; _CHANGES is tried only around these words
_LANGUAGES = word_set(
    "persian farsi arabic french spanish german russian chinese turkish urdu english italian portuguese "
    "japanese korean hebrew dutch hindi kurdish pashto"
)
_ORG_WORDS = word_set(
    "news agency times post press journal herald gazette tribune daily media radio television tv network "
    "broadcasting corporation reuters afp ap bloomberg conversation guardian telegraph observer magazine "
    "wire service chronicle monitor review insider globe mail express mirror independent economist xinhua "
    "tass tasnim irna isna fars mehr jazeera presse associated newspaper outlet website channel bbc cnn "
    "npr pbs politico axios propublica ministry department office committee council commission institute "
    "organisation organization bank fund university center centre association union group company inc ltd "
    "foundation voices wikipedia agence"
)
_TITLES = word_set(
    "president minister secretary spokesman spokeswoman spokesperson director chief ambassador general "
    "gen dr mr mrs ms prof professor senator sen rep representative governor mayor officer commander "
    "deputy head chairman chairwoman chair ceo prime foreign defence defense adviser advisor envoy "
    "official king queen prince sheikh ayatollah judge justice lawyer attorney colonel captain lieutenant "
    "sergeant analyst"
)


def _clean_name(raw: str | None) -> str | None:
    if not raw:
        return None
    name = raw.strip(" \t,;:")
    name = re.sub(r"['’]s$", "", name)
    if name.endswith(".") and not ends_with_abbreviation(name) and not _IS_URL.match(name):
        name = name.rstrip(".")
    name = re.sub(r"^the\s+", "", name)
    return name or None


def _name_url(m: re.Match[str]) -> tuple[str | None, str | None]:
    name = _clean_name(m.group("name"))
    if name and _IS_URL.match(name) and "." in name:
        return name, name.rstrip(".,;:")
    return name, None


def _looks_like_org(name: str, had_article: bool) -> bool:
    """Whether an "according to" name is a publication/organisation rather than a person."""
    if _IS_URL.match(name) and "." in name:
        return True
    words = [w.strip(".’'").lower() for w in name.split()]
    if any(w in _ORG_WORDS for w in words):
        return True
    if any(w in _TITLES for w in words):
        return False
    if len(words) == 1 and name.isupper() and 2 <= len(name) <= 8:
        return True
    return had_article or len(words) == 1


def _agency_tags(text: str) -> list[Credit]:
    out = []
    for m in _TAG.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        # A whole line before the tag may be a dateline even where a period inside it looks like a
        # sentence end ("BERLIN, 3. Juni (dpa) -"); else the tag's own clause.
        pre = text[line_start : m.start()]
        dateline = _DATELINE.fullmatch(pre)
        if dateline is None or not dateline.group("city"):
            pre = text[max(line_start, clause_start(text, m.start())) : m.start()]
            dateline = _DATELINE.fullmatch(pre)
        at_end = not text[m.end() :].strip(" \t\r\n.")
        city = (dateline.group("city") or "") if dateline is not None else ""
        opening = dateline is not None and (
            not pre.strip() or dateline.group("date") is not None or city.isupper()
        )
        after = _AFTER_TAG.match(text, m.end()) is not None
        if m.group("lower") is not None:
            # "(dpa)" only opening a line after a city: "Hamburg (dpa) -", "BERLIN, 3. Juni (dpa) -".
            opening = bool(city) and m.start() - len(pre) == line_start
            at_end = False
        if (opening and after) or (at_end and not pre.strip()):
            out.append(Credit("agency-tag", m.group("tag"), None, m.group(), m.start(), m.end()))
    return out


def _credit(
    text: str, kind: str, start: int, end: int, name: str | None, url: str | None, licence: str | None = None
) -> Credit:
    """A credit over ``text[start:end]`` with surrounding blanks trimmed."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if licence is None and text[end - 1 : end] == "." and not ends_with_abbreviation(text[start:end]):
        end -= 1
    return Credit(kind, name, url, text[start:end], start, end, licence)


def _simple(text: str, kind: str, pattern: re.Pattern[str]) -> list[Credit]:
    out = []
    for m in pattern.finditer(text):
        name, url = _name_url(m)
        if name and name.split()[0].lower() in _LANGUAGES:
            name = None
        out.append(_credit(text, kind, m.start(), m.end(), name, url))
    return out


def _changes(text: str, low: str) -> list[Credit]:
    out: list[Credit] = []
    done = 0
    for anchor in _CHANGES_ANCHOR.finditer(low):
        if anchor.start() < done:
            continue
        m = _CHANGES.search(text, max(done, anchor.start() - 40), anchor.end() + 200)
        if m is None or m.start() > anchor.start():
            continue
        done = m.end()
        name, url = _name_url(m)
        if name and name.split()[0].lower() in _LANGUAGES:
            name = None
        out.append(_credit(text, "changes-indicated", m.start(), m.end(), name, url))
    return out


def _links(text: str) -> list[Credit]:
    out = []
    for m in _URL.finditer(text):
        url = m.group().rstrip(".,;:!?")
        if "creativecommons.org" not in url.lower():  # those are licence-named credits
            out.append(_credit(text, "link", m.start(), m.start() + len(url), None, url))
    return out


def _licence_credits(text: str, licences: tuple[list[LicenceMention], list[Notice]] | None) -> list[Credit]:
    """Licence notices, plus licence URLs and short forms ("CC BY-SA 4.0") outside any notice."""
    out = []
    spans = []
    if licences is None:
        mentions = find_licences(text)
        notices = notices_from_mentions(text, mentions)
    else:
        mentions, notices = licences
    for n in notices:
        spans.append((n.start, n.end))
        if n.spdx != LICENSEREF_ARR:
            out.append(_credit(text, "licence-named", n.start, n.end, n.holder, None, n.spdx))
    for m in mentions:
        if m.form in ("url", "short") and not any(a <= m.start < b for a, b in spans):
            out.append(_credit(text, "licence-named", m.start, m.end, None, m.url, m.spdx))
    return out


def _published(text: str, low: str) -> Iterable[re.Match[str]]:
    """``_PUBLISHED.finditer(text)``, tried only where ``low`` (``text.lower()``) holds a lead word:
    where no character changes length when lower-cased (only "İ" does) and none is matched to a
    lead's letters under IGNORECASE without being that letter in either case."""
    if len(low) != len(text) or any(c in text for c in _CASELESS_EXTRA):
        return _PUBLISHED.finditer(text)
    return matches_at(_PUBLISHED, text, literal_starts(low, _PUBLISHED_LEADS))


def _gate(low: str, key: str) -> bool:
    return any(k in low for k in _GATES[key])


def detect_credits(
    text: str,
    *,
    kinds: Collection[str] = KINDS,
    licences: tuple[list[LicenceMention], list[Notice]] | None = None,
    low: str | None = None,
) -> list[Credit]:
    """Every attribution statement in ``text`` of one of ``kinds``, in order of position (each kind is
    found on its own: asking for fewer finds the same ones of those kinds, faster).

    ``licences``: ``find_licences(text)`` and ``notices_from_mentions(text, that)`` when the caller has
    them already; ``low``: ``text.lower()``, when the caller has it.
    """
    low = text.lower() if low is None else low
    credits = _agency_tags(text) if "agency-tag" in kinds and "(" in text else []
    dashes = matches_at(_DASH, text, literal_starts(text, _DASH_LEADS)) if "dash-credit" in kinds else ()
    for m in dashes:  # (_DASH.finditer(text), tried only at the dashes)
        if _DASH_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            name, url = _name_url(m)
            credits.append(_credit(text, "dash-credit", m.start(), m.end(), name, url))
    if "source-line" in kinds and _gate(low, "source"):
        for m in matches_at(_SOURCE, text, literal_starts(text, _SOURCE_LEADS)):  # (_SOURCE.finditer)
            if not _SOURCE_BEFORE.search(text, max(0, m.start() - 8), m.start()):
                continue
            rest = m.group("rest").rstrip(" \t.")
            name = _clean_name(rest)
            url = name if name and _IS_URL.match(name) and "." in name else None
            credits.append(_credit(text, "source-line", m.start(), m.start("rest") + len(rest), name, url))
    if "according-to" in kinds and _gate(low, "according"):
        for m in _ACCORDING.finditer(text):
            name, url = _name_url(m)
            if name and _looks_like_org(name, bool(m.group("the")) or m.group("name").startswith("The ")):
                credits.append(_credit(text, "according-to", m.start(), m.end(), name, url))
    if not {"first-appeared", "originally-published"}.isdisjoint(kinds) and _gate(low, "published"):
        for m in _published(text, low):
            name, url = _name_url(m)
            kind = "first-appeared" if (m.group("adv") or "").lower() == "first" else "originally-published"
            credits.append(_credit(text, kind, m.start(), m.end(), name, url))
    if "via" in kinds and _gate(low, "via"):
        for m in _VIA.finditer(text):
            prefix = text[clause_start(text, m.start()) : m.start()].rstrip()
            if not prefix or prefix[-1] in "([|/—–-:" or is_media_prefix(prefix + " via"):
                name, url = _name_url(m)
                credits.append(_credit(text, "via", m.start(), m.end(), name, url))
    if "courtesy" in kinds and _gate(low, "courtesy"):
        credits += _simple(text, "courtesy", _COURTESY)
    if "changes-indicated" in kinds:
        credits += _changes(text, low)
    if "link" in kinds and _gate(low, "link"):
        credits += _links(text)
    if "licence-named" in kinds:
        credits += _licence_credits(text, licences)
    return sorted((c for c in credits if c.kind in kinds), key=lambda c: (c.start, c.end, c.kind))


def _norm_name(name: str) -> str:
    n = normalise(name)
    return n.removeprefix("the ")


def _split_url(url: str) -> tuple[str, str]:
    """(host, path) with scheme, "www.", query, fragment and trailing slash dropped; lower-cased host."""
    u = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip(), flags=re.IGNORECASE)
    u = re.split(r"[?#]", u, maxsplit=1)[0]
    host, _, path = u.partition("/")
    host = host.lower().removeprefix("www.")
    return host, path.strip("/")


def url_matches(link: str, target: str) -> bool:
    """True when ``link`` points at ``target`` or a page above or below it on the same host.

    "mehrnews.com/news/123" matches "https://www.mehrnews.com/news/123/slug/" and the
    site's home page "mehrnews.com" matches every page on it.
    """
    lh, lp = _split_url(link)
    th, tp = _split_url(target)
    if not lh or lh != th:
        return False
    return lp == tp or not lp or not tp or lp.startswith(tp + "/") or tp.startswith(lp + "/")


def credits_name(credits: Sequence[Credit], names: Iterable[str], urls: Iterable[str] = ()) -> bool:
    """True when some credit names one of ``names`` or links one of ``urls``.

    Names (a publisher's name or aliases, a licence holder) are compared after
    :func:`provenance.text.normalise` with a leading "the" dropped, against the
    credit's ``name`` and, on word boundaries, anywhere in its ``text``: "MNA" matches
    "(MNA)", "Mehr News Agency" matches "according to the Mehr News Agency (MNA)".
    URLs match as in :func:`url_matches` (scheme, "www." and trailing slash ignored).
    """
    wanted = {n for n in (_norm_name(x) for x in names if x) if n}
    targets = [u for u in urls if u]
    for c in credits:
        if wanted:
            if c.name and _norm_name(c.name) in wanted:
                return True
            padded = f" {normalise(c.text)} "
            if any(f" {n} " in padded for n in wanted):
                return True
        if targets:
            links = [u for u in (c.url, c.name if c.name and _IS_URL.match(c.name) else None) if u]
            if any(url_matches(link, t) for link in links for t in targets):
                return True
    return False
