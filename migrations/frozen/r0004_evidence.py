"""Licence notices and credit lines of revision 0004, frozen as they were at commit ccd3f98 (which added it).

``provenance.licences.non_evidence_positions`` of ccd3f98 and what it calls, from
``provenance/licences/{evidence,notices,credits,ids,_spans}.py`` of that commit, in this order. Cut
to what places a notice or a credit line: holders, notice texts, URLs and the credit kinds that are
not credit lines (agency tags, "according to", via, courtesy, links, changes indicated) are left
out, since ``non_evidence_positions`` reads only where notices and credit lines lie; the
dataclasses became named tuples (so that this file runs loaded from its path). The regular
expressions and every decision are those of ccd3f98. Loaded by the revision from this file's path;
it imports nothing of the project (``license_expression`` gives the SPDX list, as it did), and it
never changes: a new rule is a new revision with its own frozen module.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import NamedTuple

from license_expression import get_spdx_licensing  # type: ignore[import-untyped]

# --- provenance/licences/_spans.py

_WINDOW = 500


def word_set(words: str) -> frozenset[str]:
    """The space-separated words of ``words``."""
    return frozenset(words.split())


_ABBREVIATIONS = word_set(
    "inc ltd co corp llc plc mr mrs ms dr st no vs jr sr prof gen sen rep gov lt col capt sgt jan feb mar "
    "apr jun jul aug sep sept oct nov dec etc al fig vol pp ed eds dept univ bros"
)

_FUNCTION_WORDS = word_set(
    "a an the under by of and or to is are was were in on with from for at as this its their our his her"
)

_TERMINALS = frozenset('.!?…:;)"”’»]')

_BACK = re.compile(r"[.!?…][\"'”’)\]]*[ \t]+|\n|[|•·]")

_FORWARD = re.compile(r"[.!?…](?=[\"'”’)\]]*(?:\s|$))|\n|[|•·]")

_NEXT_CHAR = re.compile(r"[ \t\r]*(\S)")

_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


def period_ends_sentence(text: str, i: int) -> bool:
    """True when the terminal punctuation at ``text[i]`` ends a sentence (not "Inc.", "U.S.", "J.")."""
    if text[i] != ".":
        return True
    m = _WORD_BEFORE.search(text, max(0, i - 20), i)
    if m is None:
        return True  # after a digit, quote or bracket
    word = m.group(1)
    if "." in word or (len(word) == 1 and word.isupper()):
        return False
    return word.lower() not in _ABBREVIATIONS


def ends_with_abbreviation(s: str) -> bool:
    """True when ``s`` ends with an abbreviation whose final period belongs to it ("Pro Publica Inc.")."""
    return s.endswith(".") and not period_ends_sentence(s, len(s) - 1)


def newline_is_boundary(text: str, i: int) -> bool:
    """True when the line break at ``text[i]`` ends a sentence rather than wrapping one."""
    line_start = text.rfind("\n", 0, i) + 1
    prev = text[line_start:i].strip()
    nxt_m = _NEXT_CHAR.match(text, i + 1)
    if not prev or nxt_m is None:
        return True
    if prev[-1] in _TERMINALS:
        return True
    if nxt_m.group(1).islower():
        return False
    words = prev.split()
    if words[-1].lower() in _FUNCTION_WORDS:
        return False
    return len(words) <= 12


def clause_start(text: str, pos: int) -> int:
    """Offset where the sentence (or line, or ``|``-separated item) holding ``pos`` starts."""
    lo = max(0, pos - _WINDOW)
    start = lo
    for m in _BACK.finditer(text, lo, pos):
        ch = m.group()[0]
        if ch == "\n":
            if newline_is_boundary(text, m.start()):
                start = m.end()
        elif ch in ".!?…":
            if period_ends_sentence(text, m.start()):
                start = m.end()
        else:
            start = m.end()
    while start < pos and text[start].isspace():
        start += 1
    return start


def clause_end(text: str, pos: int) -> int:
    """Offset just after the sentence holding ``pos`` (its final punctuation included)."""
    hi = min(len(text), pos + _WINDOW)
    for m in _FORWARD.finditer(text, pos, hi):
        ch = m.group()
        if ch in ".!?…":
            if period_ends_sentence(text, m.start()):
                end = m.end()
                while end < len(text) and text[end] in "\"'”’":
                    end += 1
                return end
        elif ch == "\n" and not newline_is_boundary(text, m.start()):
            continue
        else:
            return _rstrip(text, pos, m.start())
    return _rstrip(text, pos, hi)


def _rstrip(text: str, lo: int, end: int) -> int:
    while end > lo and text[end - 1].isspace():
        end -= 1
    return end


# --- provenance/licences/ids.py

LICENSEREF_ARR = "LicenseRef-All-Rights-Reserved"

LICENSEREF_CC_UNSPECIFIED = "LicenseRef-CC-unspecified"

CC0 = "CC0-1.0"

PDM = "CC-PDM-1.0"

PDDC = "CC-PDDC"

_LICENSEREF = re.compile(r"LicenseRef-[A-Za-z0-9.\-]+")


@cache
def _spdx_ids() -> frozenset[str]:
    """SPDX licence ids (not exceptions, not ScanCode's LicenseRef keys) known to license-expression."""
    symbols = get_spdx_licensing().known_symbols
    return frozenset(
        key
        for key, sym in symbols.items()
        if not getattr(sym, "is_exception", False) and not key.startswith("LicenseRef-")
    )


def is_valid_licence_id(spdx: str) -> bool:
    """True for an SPDX licence id on the SPDX list or a syntactically valid ``LicenseRef-`` id."""
    if spdx.startswith("LicenseRef-"):
        return _LICENSEREF.fullmatch(spdx) is not None
    return spdx in _spdx_ids()


def cc_id(elements: frozenset[str], version: str | None, port: str | None = None) -> str:
    """The id of a CC licence with ``elements`` (subset of {"NC", "SA", "ND"}), e.g. ``CC-BY-NC-SA-4.0``.

    ``version`` None gives ``LicenseRef-<base>-unversioned``; ``port`` ("UK", "DE", ...) is
    used only when SPDX has an id for that ported licence.
    """
    if "SA" in elements and "ND" in elements:
        raise ValueError("a licence cannot be both ShareAlike and NoDerivatives")
    base = "CC-BY" + "".join(f"-{e}" for e in ("NC", "SA", "ND") if e in elements)
    if version is None:
        return f"LicenseRef-{base}-unversioned"
    plain = f"{base}-{version}"
    if port:
        ported = f"{plain}-{port.upper()}"
        if is_valid_licence_id(ported):
            return ported
    return plain if is_valid_licence_id(plain) else f"LicenseRef-{plain}"


class LicenceMention(NamedTuple):
    """A licence named in text: ``text[start:end]``; ``form`` is "url", "name", "short" or "bare"."""

    spdx: str
    form: str
    start: int
    end: int

    @property
    def specificity(self) -> int:
        """0 unspecified, 1 unversioned, 2 versioned, 3 exact ported SPDX id."""
        if self.spdx == LICENSEREF_CC_UNSPECIFIED:
            return 0
        if self.spdx.endswith("-unversioned"):
            return 1
        return 3 if re.search(r"\d\.\d-[A-Z]+$", self.spdx) else 2


_ELEMENT = r"(?:Non[\s-]?Commercial|Share[\s-]?Alike|No[\s-]?Deriv(?:ative)?s?(?:[\s-]?Works)?)"

_ELEMENT_SEP = r"(?:\s*[-–,/+]\s*|\s+)(?:and\s+)?"

_PORT_WORDS = (
    r"(?:International|Unported|Generic|(?:UK\s*:?\s*)?England\s*(?:&|and)\s*Wales|(?:UK\s*:?\s*)?Scotland"
    r"|United\s+States|Austria|Germany|Deutschland|Netherlands|Australia|France|Japan|(?-i:UK|US|IGO))\b"
)

_PORT_CODES = r"(?:(?-i:UK|US|AT|DE|NL|AU|FR|JP|IGO)|International|Unported)\b"

_LICENCE_WORD = r"(?:\s+(?:Public\s+)?Licen[cs]e)"

_VERSION = r"[1-4]\.[015]"

_PATTERN = re.compile(
    r"(?P<url>(?:https?://)?(?:www\.)?creativecommons\.org/"
    r"(?:licen[cs]es/(?P<u_els>by(?:-(?:nc|sa|nd))*)(?:/(?P<u_ver>\d\.\d)"
    r"(?:/(?!deed|legalcode)(?P<u_port>[a-z]{2,8}))?)?"
    r"|publicdomain/(?P<u_pd>zero|mark)(?:/\d\.\d)?)"
    r"(?:/(?:deed\.[\w-]+|legalcode(?:\.[\w-]+)?|deed))?/?)"
    r"|(?P<pddc>(?:Creative\s+Commons\s+)?Public\s+Domain\s+Dedication\s+and\s+Certification)"
    r"|(?P<cc0>(?:(?:Creative\s+Commons\s+)?(?:CC[\s-]?0|CC[\s-]Zero|Creative\s+Commons\s+Zero)\b"
    r"(?:\s*(?:v(?:ersion)?\.?\s*)?1\.0)?(?:\s+Universal)?(?:\s*\(\s*CC0(?:\s*1\.0)?\s*\))?"
    r"(?:\s+Public\s+Domain\s+Dedication)?)"
    r"|(?:Creative\s+Commons\s+)?Public\s+Domain\s+Dedication)"
    r"|(?P<pdm>(?:Creative\s+Commons\s+)?Public\s+Domain\s+Mark(?:\s+1\.0)?)"
    rf"|(?P<name>(?P<n_cc>Creative[\s-]+Commons\s+(?:(?:Public\s+)?Licen[cs]e\s*:?\s*)?)?"
    rf"(?P<n_els>Attribution(?:{_ELEMENT_SEP}{_ELEMENT})*){_LICENCE_WORD}?"
    rf"(?:\s*,?\s*(?:v(?:ersion)?\.?\s*)?(?P<n_ver>{_VERSION}))?"
    rf"(?:\s*,?\s*(?P<n_port>{_PORT_WORDS}))?{_LICENCE_WORD}?)"
    r"|(?P<short>(?:(?<![\w.@-])CC[\s-]?|Creative[\s-]+Commons[\s-]+(?=(?-i:BY)))"
    r"(?P<s_els>BY(?:[\s-]?(?:NC|SA|ND))*)"
    rf"(?:[\s-]?(?P<s_ver>[1-4](?:\.[015])?))?(?:[\s-]?(?P<s_port>{_PORT_CODES}))?(?![\w-]))"
    r"|(?P<bare>Creative[\s-]+Commons(?:\s+(?:(?:Public\s+)?Licen[cs]es?|terms))?\b)",
    re.IGNORECASE,
)

_ANCHOR_SOURCE = (
    r"(?=[cpa])(?:creative\s*-?\s*commons|\bcc[\s-]?(?:by|0|zero)\b|\bpublic\s+domain|\battribution\b)"
)

_ANCHOR = re.compile(_ANCHOR_SOURCE)  # on lower-cased text

_ANCHOR_I = re.compile(_ANCHOR_SOURCE.replace("[cpa]", "[cpaCPA]"), re.IGNORECASE)

_URL_LEAD = re.compile(r"(?:https?://)?(?:www\.)?\Z", re.IGNORECASE)

_PORT_CANON = {
    "england": "UK", "uk": "UK", "scotland": "SCOTLAND", "united": "US", "us": "US",
    "austria": "AT", "germany": "DE", "deutschland": "DE", "netherlands": "NL",
    "australia": "AU", "france": "FR", "japan": "JP", "igo": "IGO",
}  # fmt: skip


def _port(raw: str | None) -> str | None:
    if not raw:
        return None
    words = re.findall(r"[a-z]+", raw.lower())
    for word in reversed(words):  # "UK: Scotland" → scotland, "UK: England & Wales" → england
        if word in _PORT_CANON and not (word == "uk" and len(words) > 1):
            return _PORT_CANON[word]
    return _PORT_CANON.get(raw.strip().lower())


def _elements(raw: str, *, spelled_out: bool = False) -> frozenset[str] | None:
    """{"NC", "SA", "ND"} named by "Attribution-NonCommercial-ShareAlike" or "by-nc-sa"; None if invalid."""
    flat = re.sub(r"[^a-z]", "", raw.lower())
    if spelled_out:
        codes = {"NC": "noncommercial" in flat, "SA": "sharealike" in flat, "ND": "noderiv" in flat}
        els = {code for code, present in codes.items() if present}
    else:  # "by", "byncsa", "by-nd-nc" (1.0 URLs put ND first)
        els = {code.upper() for code in re.findall(r"nc|sa|nd", flat[2:])}
    return None if {"SA", "ND"} <= els else frozenset(els)


def _version(raw: str | None) -> str | None:
    if not raw:
        return None
    return raw if "." in raw else f"{raw}.0"


def licence_from_match(m: re.Match[str]) -> tuple[str, str] | None:
    """(spdx id, form) for one match of the mention pattern, or None when it names no licence."""
    if m.group("url"):
        if m.group("u_pd"):
            return (CC0 if m.group("u_pd").lower() == "zero" else PDM), "url"
        els = _elements(m.group("u_els"))
        if els is None:
            return None
        port = m.group("u_port")
        return cc_id(els, m.group("u_ver"), port.upper() if port else None), "url"
    if m.group("pddc"):
        return PDDC, "name"
    if m.group("cc0"):
        return CC0, "name"
    if m.group("pdm"):
        return PDM, "name"
    if m.group("name"):
        if not m.group("n_cc") and not m.group("n_ver"):
            return None  # a bare "Attribution" is a word, not a licence name
        els = _elements(m.group("n_els"), spelled_out=True)
        return (cc_id(els, m.group("n_ver"), _port(m.group("n_port"))), "name") if els is not None else None
    if m.group("short"):
        els = _elements(m.group("s_els"))
        if els is None:
            return None
        port = m.group("s_port")
        return cc_id(els, _version(m.group("s_ver")), _port(port)), "short"
    return LICENSEREF_CC_UNSPECIFIED, "bare"


_JOINABLE_GAP = re.compile(r"[\s(\[,:;–—-]*")


def find_licences(text: str) -> list[LicenceMention]:
    """Every licence named in ``text`` (whatever the grammar around it), in order.

    Adjacent mentions of one licence ("Creative Commons Attribution 4.0 International
    License (CC BY 4.0)") are merged into one, keeping the most specific id.
    """
    found: list[LicenceMention] = []
    cursor = 0
    low = text.lower()
    # Lower-casing keeps offsets except for a few characters ("İ"); then search case-insensitively.
    anchors = _ANCHOR.finditer(low) if len(low) == len(text) else _ANCHOR_I.finditer(text)
    for anchor in anchors:
        if anchor.start() < cursor:
            continue
        lead = _URL_LEAD.search(text, max(cursor, anchor.start() - 12), anchor.start())
        m = _PATTERN.match(text, lead.start() if lead else anchor.start())
        if m is None or m.end() <= anchor.start():
            continue
        cursor = m.end()
        got = licence_from_match(m)
        if got is None:
            continue
        spdx, form = got
        start, end = m.span()
        while end > start and text[end - 1] in ".,;:":  # a URL's trailing sentence punctuation
            end -= 1
        mention = LicenceMention(spdx, form, start, end)
        if found and _JOINABLE_GAP.fullmatch(text[found[-1].end : start]) and _compatible(found[-1], mention):
            prev = found[-1]
            best = mention if mention.specificity > prev.specificity else prev
            close = end
            if close < len(text) and text[close] in ")]" and "(" in text[prev.start : start]:
                close += 1
            found[-1] = LicenceMention(best.spdx, best.form, prev.start, close)
        else:
            found.append(mention)
    return found


_BASE = re.compile(r"^(?:LicenseRef-)?(CC-BY(?:-(?:NC|SA|ND))*)(?:-(\d\.\d))?")


def _compatible(a: LicenceMention, b: LicenceMention) -> bool:
    """Two adjacent mentions that may name the same licence (one refines the other)."""
    if a.spdx == b.spdx or LICENSEREF_CC_UNSPECIFIED in (a.spdx, b.spdx):
        return True
    ma, mb = _BASE.match(a.spdx), _BASE.match(b.spdx)
    if not (ma and mb and ma.group(1) == mb.group(1)):
        return False
    return ma.group(2) is None or mb.group(2) is None or ma.group(2) == mb.group(2)


# --- provenance/licences/notices.py


class Notice(NamedTuple):
    """One licence notice: ``article[start:end]`` (holder and text left out: they place no notice)."""

    spdx: str
    start: int
    end: int
    scope: str


def _notice(spdx: str, start: int, end: int, scope: str) -> Notice:
    """A notice, refused as ``Notice.__post_init__`` refused one."""
    if not is_valid_licence_id(spdx):
        raise ValueError(f"not an SPDX licence id or LicenseRef- id: {spdx!r}")
    return Notice(spdx, start, end, scope)


_I = re.IGNORECASE

_PRECHECK = (
    "commons", "licen", "©", "(c)", "copyright", "rights reserved", "cc by", "cc-by", "ccby", "cc0", "cc-0",
    "cc zero", "public domain", "attribution",
)  # fmt: skip

_MEDIA_NOUN = (
    r"(?:photo(?:graph)?|image|picture|pic|illustration|graphic|video|footage|map|chart|infographic"
    r"|artwork|drawing|cartoon)s?"
)

_CONTENT_NOUN = (
    r"(?:work|article|stor(?:y|ies)|content|text|piece|post|blog(?:\s+post)?|page|site|website|material"
    r"|report|essay|column|op-ed|interview|translation|podcast|transcript|corpus|dataset|data|publication"
    r"|newsletter|feature|episode|document|book|chapter|paper|entry|entries|item|audio|recording"
    r"|everything)s?"
)

_NOUN = rf"(?:{_MEDIA_NOUN}|{_CONTENT_NOUN})"

_LEAD_IN = re.compile(
    r"^[\s(\[\"'“‘]*(?:(?:except|unless)\s+(?:where\s+|as\s+)?otherwise\s+(?:noted|stated|indicated|specified"
    r"|marked)(?:\s+\w+){0,3}\s*,\s*)?",
    _I,
)

_CONT = (
    r"\s*(?:\(|©|(?:is|are|was|were|has|have|had|may|can|will|on|of|in|from|by|at|licen[cs]ed|appearing"
    r"|(?:re)?published\s+(?:on|in|at|by|here)|hosted|posted|written|produced)\b)"
)

_SUBJECT = re.compile(
    r"^(?:all|this|these|our|every|each|any)\s+(?:(?:the|of\s+the|of\s+our|of\s+this)\s+)?"
    rf"(?:[\w'’&-]+\s+){{0,3}}?(?P<noun>{_NOUN})\b(?!['’])(?=\s*,|{_CONT})"
    rf"|^(?:the\s+)?(?P<noun2>{_NOUN})\b(?!['’])(?={_CONT})"
    r"|^(?:this|it|everything)\s+(?:is|was|are|has|may|can)\b"
    r"|^[^\"”’\n]{1,150}[\"”’]\s+(?:\([^)]{0,40}\)\s+)?by\s+"
    r"|^(?:is\s+|are\s+|was\s+|has\s+been\s+)?(?:licen[cs]ed|available|published|republished|reprinted"
    r"|reproduced|released|distributed|shared|made\s+available|dedicated|reused|used|offered)\b"
    r"|^[^,;]{1,80}?\s+licen[cs]es\s+(?:this|it|the|these|all|our|its|his|her|their)\b",
    _I,
)

_VERB_TAIL = re.compile(
    r"\b(?:licen[cs]ed|licen[cs]es\b[^.;]{0,40}|available|published|republished|reprinted|reproduced"
    r"|released|distributed|shared|reused|used|offered|provided|made\s+available|dedicated|marked|covered"
    r"|governed)\b(?:[^.;]{0,80}?\b(?:under|with|via|as|using|to\s+the\s+public\s+domain\s+(?:under|with)))?"
    r"(?:\s+the\s+terms\s+of)?(?:\s+(?:a|an|the|this|its|their|our))?(?:\s+(?:free|open|permissive))?"
    r"\s*[:(\[]?\s*$",
    _I,
)

_STORY_SUFFIX = re.compile(
    r"^\s*(?:(?:are|is|were|was|have|has|had|will|would|could|can|last|earlier|later|since|after|before"
    r"|because|which|that|this\s+(?:week|month|year))\b"
    r"|,\s*(?:the\s+|a\s+)?[\w\s'’-]{0,40}?\b(?:said|says|announced|reported|added|told|according)\b)",
    _I,
)

_LABEL = re.compile(
    r"^(?:licen[cs]e[ds]?|licen[cs]ing|copyright|rights|reuse|terms\s+of\s+(?:re)?use)"
    r"(?:\s+(?:info(?:rmation)?|terms|status|details))?\s*[:=–—-]?\s*[(\[]?\s*$",
    _I,
)

_COPY_OF = re.compile(r"\bcopy\s+of\s+(?:this|the)\s+licen[cs]e\b", _I)

_DECOR = re.compile(r"[\s()\[\]{}<>|.,;:*_–—-]*(?:licen[cs]e)?[\s()\[\]{}<>|.,;:*_–—-]*", _I)

_MEDIA_LEAD = re.compile(
    r"^[(\[]?\s*(?:(?:top|main|lead|header|featured|cover|hero|banner|above|below)\s+)?"
    rf"{_MEDIA_NOUN}(?:\s+credits?)?\s*(?::|by\b|courtesy(?:\s+of)?\b|via\b|from\b|credit\b|©|—|–|-|\|)",
    _I,
)

_MEDIA_ANY = re.compile(
    r"\b(?:photo(?:graph)?|image|picture)\s+(?:by|courtesy|credit)\b"
    r"|\b(?:via|on|from)\s+(?:Flickr|Wikimedia(?:\s+Commons)?|Unsplash)\b"
    r"|\b(?:Flickr|Wikimedia(?:\s+Commons)?|Unsplash)\s*/",
    _I,
)

_MEDIA_ANY_MAX_WORDS = 15

_YEARS = r"(?:19|20)\d{2}(?:\s*[-–—/]\s*(?:(?:19|20)?\d{2}|present))?"

_COPY_LEAD = re.compile(
    r"(?:©|\([cC]\)(?=\s*(?:(?:19|20)\d{2}|Copyright)))"
    r"\s*(?:(?:Copyright|COPYRIGHT|copyright)\b\s*(?:©\s*)?)?"
    r"|(?:Copyright|COPYRIGHT)\b\s*(?:(?:©|\([cC]\))\s*|(?=(?:19|20)\d{2}\b)|:\s*(?=[A-Z]))"
)

_COPY_YEARS = re.compile(rf"(?P<years>{_YEARS})[,.]?\s*")

_HOLDER_STOP = re.compile(
    r"\s*[,.;]?\s*(?:all|some)\s+rights\s+reserved"
    r"|\s*[,;]?\s+(?:is\s+|are\s+)?(?:licen[cs]ed|under|published|released|distributed|available)\b"
    r"|\s*[|\n;©)]|\.(?=[\s\"”’)\]]|$)|\s*,\s*(?=(?:19|20)\d{2}|[a-z])|\s+[-–—]\s|$",
    _I,
)

_RESERVED_AFTER = re.compile(r"[\s.,;|–—-]*(?P<kind>all|some)\s+rights\s+reserved\b\.?", _I)

_ARR = re.compile(r"\ball\s+rights\s+reserved\b\.?", _I)

_AFFILIATES = re.compile(
    r",?\s+(?:or|and)\s+(?:its|their)\s+(?:affiliated\s+companies|affiliates|subsidiaries|licensors)$", _I
)


def clean_holder(raw: str | None) -> str | None:
    """Trim a holder name of punctuation, years, "Copyright", "All rights reserved"; None if nothing left."""
    if not raw:
        return None
    h = raw.strip(" \t\r\n,;:-–—|©")
    h = re.sub(r"^(?:(?:copyright|©|\(c\))\s*)+", "", h, flags=_I)
    h = re.sub(r"[\s,.]*(?:all|some)\s+rights\s+reserved.*$", "", h, flags=_I)
    h = re.sub(rf"^{_YEARS}[,.]?\s*", "", h)
    h = re.sub(rf"[\s,]*{_YEARS}$", "", h)
    h = re.sub(r"\s+copyright$", "", h, flags=_I)
    h = _AFFILIATES.sub("", h)
    h = re.sub(r"^the\s+(?=[A-Z])", "", h)
    h = h.strip(" \t\r\n,;:-–—|©")
    if h.endswith(".") and not ends_with_abbreviation(h):
        h = h.rstrip(".")
    if not h or not (h[0].isupper() or h[0].isdigit()) or len(h) > 100:
        return None
    return h


def is_media_prefix(prefix: str) -> bool:
    """True when the clause before a licence is a photo/image credit."""
    if _MEDIA_LEAD.match(prefix):
        return True
    return len(prefix.split()) <= _MEDIA_ANY_MAX_WORDS and _MEDIA_ANY.search(prefix) is not None


def _licence_notice(text: str, mention: LicenceMention) -> Notice | None:
    """The notice around ``mention``, or None when the grammar around it is not a notice's."""
    cs = clause_start(text, mention.start)
    ce = max(clause_end(text, mention.end), mention.end)
    prefix = text[cs : mention.start]
    suffix = text[mention.end : ce]
    lead = prefix[_LEAD_IN.match(prefix).end() :]  # type: ignore[union-attr]  # always matches
    subject = _SUBJECT.match(lead)
    if is_media_prefix(prefix):
        return _notice(mention.spdx, cs, ce, "media")
    if _VERB_TAIL.search(prefix) and subject and not _STORY_SUFFIX.match(suffix):
        noun = subject.group("noun") or subject.group("noun2") or ""
        scope = "media" if noun and re.fullmatch(_MEDIA_NOUN, noun, _I) else "article"
        return _notice(mention.spdx, cs, ce, scope)
    standalone = _DECOR.fullmatch(prefix) and _DECOR.fullmatch(suffix)
    if _LABEL.match(lead) or _COPY_OF.search(prefix) or standalone:
        return _notice(mention.spdx, cs, ce, "article")
    return None


class _Copyright(NamedTuple):
    start: int
    end: int
    reserved: str | None  # "all", "some" or None
    scope: str


def _cut_holder(text: str, pos: int) -> tuple[str | None, int]:
    """The holder name starting at ``pos`` and the offset where it stops."""
    limit = min(len(text), pos + 150)
    for stop in _HOLDER_STOP.finditer(text, pos, limit):
        if stop.start() == limit and limit < len(text):
            break
        if stop.group().startswith(".") and not period_ends_sentence(text, stop.start()):
            continue
        return clean_holder(text[pos : stop.start()]), stop.start()
    return None, pos


def _copyrights(text: str) -> list[_Copyright]:
    found: list[_Copyright] = []
    for m in _COPY_LEAD.finditer(text):
        if found and m.start() < found[-1].end:
            continue
        years = _COPY_YEARS.match(text, m.end())
        pos = years.end() if years else m.end()
        holder, end = _cut_holder(text, pos)
        symbol = "©" in m.group() or "(" in m.group()
        if holder is None and (years is None or not symbol):
            continue  # "the © symbol", "Copyright 2022 legislation", "Copyright:" with nothing after it
        if holder is None:
            end = years.end() if years else m.end()
            while end > m.start() and text[end - 1] in " ,.":
                end -= 1
        reserved = None
        after = _RESERVED_AFTER.match(text, end)
        if after:
            reserved, end = after.group("kind").lower(), after.end()
        elif text[end : end + 1] == ".":
            end += 1
        cs = clause_start(text, m.start())
        prefix = text[cs : m.start()]
        media = is_media_prefix(prefix + "©")
        found.append(_Copyright(m.start(), end, reserved, "media" if media else "article"))
    return found


def _standalone_arr(text: str, taken: list[tuple[int, int]]) -> list[Notice]:
    out: list[Notice] = []
    for m in _ARR.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        cs = clause_start(text, m.start())
        ce = max(clause_end(text, m.end()), m.end())
        if _DECOR.fullmatch(text[cs : m.start()]) and _DECOR.fullmatch(text[m.end() : ce]):
            out.append(_notice(LICENSEREF_ARR, cs, ce, "article"))
    return out


def _merge(text: str, notices: list[Notice]) -> list[Notice]:
    """Join notices of one licence that overlap or follow each other with only space between."""
    out: list[Notice] = []
    for n in sorted(notices, key=lambda n: (n.start, -n.end)):
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.spdx == n.spdx
            and prev.scope == n.scope
            and (n.start < prev.end or not text[prev.end : n.start].strip())
        ):
            end = max(prev.end, n.end)
            out[-1] = prev._replace(end=end)
        else:
            out.append(n)
    return out


def _prechecked(text: str) -> bool:
    """The gate of ``detect_notices``: without these substrings it found no notice."""
    return any(key in text.lower() for key in _PRECHECK)


def notices_from_mentions(text: str, mentions: list[LicenceMention]) -> list[Notice]:
    """:func:`detect_notices` given ``find_licences(text)`` already computed."""
    notices = [n for m in mentions if (n := _licence_notice(text, m)) is not None]
    low = text.lower()
    copyrights = _copyrights(text) if "©" in text or "copyright" in low or "(c)" in low else []
    article_cc = any(n.scope == "article" for n in notices)
    for c in copyrights:
        if c.reserved == "all" or (c.reserved is None and (c.scope == "media" or not article_cc)):
            notices.append(_notice(LICENSEREF_ARR, c.start, c.end, c.scope))
    if "rights reserved" in low:
        notices.extend(_standalone_arr(text, [(c.start, c.end) for c in copyrights]))
    return _merge(text, notices)


# --- provenance/licences/credits.py

_DOMAIN = (
    r"(?:https?://)?(?:www\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,6}\b"
    r"(?:/[^\s)\]>\"'“”]*)?"
)

_CAP = r"(?:[A-Z][\w&'’.-]*)"

_CONNECT = r"(?:of|for|and|&|de|du|des|la|le|al|el|von|van|der|the)"

_ORG = rf"{_CAP}(?:[ \t]+(?:{_CONNECT}[ \t]+){{0,2}}(?:{_CAP}|\d+\b))*"

_NAME = rf"(?P<name>{_DOMAIN}|(?:The[ \t]+)?{_ORG})(?:[ \t]*\((?P<tag>[A-Z]{{2,8}})\))?"

_DASH = re.compile(rf"(?m)(?:—|–|--|-)[ \t]*{_NAME}[ \t]*\.?[ \t]*$")

_DASH_BEFORE = re.compile(r"(?:^|\n|[.!?\"”’])[ \t]*$")

_SOURCE = re.compile(
    r"\b(?:Sources?|Credits?|Photo credit|Image credit|Content source)[ \t]*:[ \t]*"
    r"(?P<rest>[^\n()\]|]{1,200})"
)

_SOURCE_BEFORE = re.compile(r"(?:^|\n|[(\[|])[ \t]*$")

_GATES = {
    "published": ("originally", "first ", "republished", "reprinted", "reproduced"),
    "source": ("source", "credit"),
}

_PUBLISHED = re.compile(
    r"\b(?i:(?P<adv>originally|first)\s+(?:published|appeared|ran|posted|printed|aired)"
    r"|(?:republished|reprinted|reproduced)\s+(?:with\s+(?:kind\s+)?permission\s+)?from)"
    r"(?:\s+(?i:by|in|on|at|from))?\s+(?:(?:the\s+)?(?:website|site|pages)\s+of\s+)?(?:the\s+)?" + _NAME
)


def _credit(text: str, start: int, end: int, licence: str | None = None) -> tuple[int, int]:
    """Where a credit over ``text[start:end]`` lies, surrounding blanks trimmed (``credits._credit``)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if licence is None and text[end - 1 : end] == "." and not ends_with_abbreviation(text[start:end]):
        end -= 1
    return start, end


def _licence_credits(
    text: str, mentions: list[LicenceMention], notices: list[Notice]
) -> list[tuple[int, int]]:
    """Licence notices, plus licence URLs and short forms ("CC BY-SA 4.0") outside any notice.

    ``mentions`` and ``notices``: ``find_licences(text)`` and ``notices_from_mentions(text, mentions)``,
    which ``credits._licence_credits`` computed itself.
    """
    out = []
    spans = []
    for n in notices:
        spans.append((n.start, n.end))
        if n.spdx != LICENSEREF_ARR:
            out.append(_credit(text, n.start, n.end, n.spdx))
    for m in mentions:
        if m.form in ("url", "short") and not any(a <= m.start < b for a, b in spans):
            out.append(_credit(text, m.start, m.end, m.spdx))
    return out


def _gate(low: str, key: str) -> bool:
    return any(k in low for k in _GATES[key])


def credit_lines(text: str, mentions: list[LicenceMention], notices: list[Notice]) -> list[tuple[int, int]]:
    """Where ``detect_credits(text)`` found credits of ``CREDIT_LINE_KINDS`` (no other kind is sought)."""
    low = text.lower()
    credits = []
    for m in _DASH.finditer(text):  # dash-credit
        if _DASH_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            credits.append(_credit(text, m.start(), m.end()))
    if _gate(low, "source"):  # source-line
        for m in _SOURCE.finditer(text):
            if not _SOURCE_BEFORE.search(text, max(0, m.start() - 8), m.start()):
                continue
            rest = m.group("rest").rstrip(" \t.")
            credits.append(_credit(text, m.start(), m.start("rest") + len(rest)))
    if _gate(low, "published"):  # first-appeared, originally-published
        for m in _PUBLISHED.finditer(text):
            credits.append(_credit(text, m.start(), m.end()))
    return credits + _licence_credits(text, mentions, notices)  # licence-named


# --- provenance/licences/evidence.py

CREDIT_LINE_KINDS = frozenset(
    {"source-line", "originally-published", "first-appeared", "licence-named", "dash-credit"}
)
NON_EVIDENCE_SHARE = 0.5
"""A sentence is not evidence when at least this share of its characters is a notice or a credit line."""


def non_evidence_positions(text: str, spans: Sequence[tuple[int, int]]) -> frozenset[int]:
    """Positions (indexes into ``spans``) of sentences that are mostly a licence notice or a credit line."""
    mentions = find_licences(text)
    notices = notices_from_mentions(text, mentions)
    regions = [(n.start, n.end) for n in notices] if _prechecked(text) else []  # detect_notices(text)
    regions += credit_lines(text, mentions, notices)
    if not regions:
        return frozenset()
    out = set()
    for position, (start, end) in enumerate(spans):
        covered = sum(max(0, min(end, b) - max(start, a)) for a, b in regions)
        if end > start and covered / (end - start) >= NON_EVIDENCE_SHARE:
            out.add(position)
    return frozenset(out)
