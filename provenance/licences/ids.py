"""Licence identifiers: SPDX validation and finding licence names, short forms and URLs in text.

Every id this package produces is either a real SPDX licence id, checked against
the SPDX list shipped with the ``license-expression`` library (never a
hand-written list), or a ``LicenseRef-`` id, which SPDX allows by construction.

Ids for things the SPDX list lacks:

* ``LicenseRef-CC-BY-SA-unversioned`` (and the like): a Creative Commons
  licence whose elements are named but whose version is not ("licensed under
  the Creative Commons Attribution-ShareAlike License"). We never guess a
  version: the notice does not say which one applies.
* ``LicenseRef-CC-unspecified``: "a Creative Commons licence" with neither
  elements nor version (The Conversation's "republished ... under a Creative
  Commons license").
* ``LicenseRef-All-Rights-Reserved``: a copyright notice without a licence.
* ``LicenseRef-CC-BY-2.1`` and the like: a CC version that exists only ported
  (never seen in practice, but the id stays well formed).

The Public Domain Mark *is* on the SPDX list (``CC-PDM-1.0``), so we use it.
Ported licences map to the exact SPDX id when there is one ("2.0 UK: England &
Wales" ShareAlike → ``CC-BY-SA-2.0-UK``), otherwise to the unported id of the
same version (Attribution "2.0 UK" → ``CC-BY-2.0``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from provenance.licences._spans import literal_starts, matches_at

from license_expression import get_spdx_licensing

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


@dataclass(frozen=True, slots=True)
class LicenceMention:
    """A licence named in text: ``text[start:end]``; ``form`` is "url", "name", "short" or "bare"."""

    spdx: str
    form: str
    start: int
    end: int
    url: str | None = None

    @property
    def specificity(self) -> int:
        """0 unspecified, 1 unversioned, 2 versioned, 3 exact ported SPDX id."""
        if self.spdx == LICENSEREF_CC_UNSPECIFIED:
            return 0
        if self.spdx.endswith("-unversioned"):
            return 1
        return 3 if re.search(r"\d\.\d-[A-Z]+$", self.spdx) else 2


_ELEMENT = (
    r"(?:Non[\s-]?Commercial|Share[\s-]?Alike|No[\s-]?Deriv(?:ative)?s?(?:[\s-]?Works)?"
    # the licence chooser's German, Spanish and French element names
    r"|Nicht[\s-]?kommerziell|Weitergabe\s+unter\s+gleichen\s+Bedingungen|Keine\s+Bearbeitung(?:en)?"
    r"|No[\s-]?Comercial|Compartir[\s-]?Igual|Sin[\s-]?(?:Obra[\s-]?)?Derivad[ao]s?"
    r"|Pas\s+d['’]Utilisation\s+Commerciale|Partage\s+dans\s+les\s+M[êe]mes\s+Conditions|Pas\s+de\s+Modification)"
)
_ATTRIBUTION = r"(?:Attribution|Namensnennung|Reconocimiento|Atribuci[óo]n)"
_ELEMENT_SEP = r"(?:\s*[-–,/+]\s*|\s+)(?:and\s+)?"
_PORT_WORDS = (
    r"(?:International|Unported|Generic|(?:UK\s*:?\s*)?England\s*(?:&|and)\s*Wales|(?:UK\s*:?\s*)?Scotland"
    r"|United\s+States|Austria|Germany|Deutschland|Netherlands|Australia|France|Japan|(?-i:UK|US|IGO)"
    r"|Internacional|International|Unportiert)\b"
)
_PORT_CODES = r"(?:(?-i:UK|US|AT|DE|NL|AU|FR|JP|IGO)|International|Unported)\b"
_LICENCE_WORD = r"(?:\s+(?:(?:Public\s+)?Licen[cs]e|Lizenz|Licencia))"
# "Creative Commons", and its Persian transliterations ("کریتیو کامنز" and spelling variants) that
# Iranian agencies write before the English element names.
_CREATIVE_COMMONS = r"(?:Creative[\s-]+Commons|کر[یئ]{1,2}تیو\s*کام[ا]?نز)"
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
    rf"|(?P<name>(?P<n_cc>{_CREATIVE_COMMONS}\s+(?:(?:Public\s+)?Licen[cs]e\s*:?\s*)?)?"
    rf"(?P<n_els>{_ATTRIBUTION}(?:{_ELEMENT_SEP}{_ELEMENT})*){_LICENCE_WORD}?"
    rf"(?:\s*,?\s*(?:v(?:ersion)?\.?\s*)?(?P<n_ver>{_VERSION}))?"
    rf"(?:\s*,?\s*(?P<n_port>{_PORT_WORDS}))?{_LICENCE_WORD}?)"
    r"|(?P<short>(?:(?<![\w.@-])CC[\s-]?|Creative[\s-]+Commons[\s-]+(?=(?-i:BY)))"
    r"(?P<s_els>BY(?:[\s-]?(?:NC|SA|ND))*)"
    rf"(?:[\s-]?(?P<s_ver>[1-4](?:\.[015])?))?(?:[\s-]?(?P<s_port>{_PORT_CODES}))?(?![\w-]))"
    r"|(?P<bare>Creative[\s-]+Commons(?:\s+(?:(?:Public\s+)?Licen[cs]es?|Lizenz|terms))?\b"
    rf"(?:\s+(?:v(?:ersion)?\.?\s*)?{_VERSION}(?:\s+{_PORT_WORDS})?)?)",
    re.IGNORECASE,
)
# Where a mention can start: the full pattern is tried only at these anchors (and just before
# them, for a URL's scheme), which is several times faster than scanning with it.
_ANCHOR_SOURCE = (
    r"(?=[cpaک])(?:creative\s*-?\s*commons|\bcc[\s-]?(?:by|0|zero)\b|\bpublic\s+domain|\battribution\b"
    r"|کر[یئ]{1,2}تیو\s*کام)"
)
_ANCHOR = re.compile(_ANCHOR_SOURCE)  # on lower-cased text
_ANCHOR_LEADS = ("creative", "cc", "public", "attribution", "کر")  # what every _ANCHOR match starts with
_ANCHOR_I = re.compile(_ANCHOR_SOURCE.replace("[cpaک]", "[cpaCPAک]"), re.IGNORECASE)
_URL_LEAD = re.compile(r"(?:https?://)?(?:www\.)?\Z", re.IGNORECASE)

_PORT_CANON = {
    "england": "UK", "uk": "UK", "scotland": "SCOTLAND", "united": "US", "us": "US",
    "austria": "AT", "germany": "DE", "deutschland": "DE", "netherlands": "NL",
    "australia": "AU", "france": "FR", "japan": "JP", "igo": "IGO",
    "at": "AT", "de": "DE", "nl": "NL", "au": "AU", "fr": "FR", "jp": "JP",
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
        codes = {
            "NC": any(
                w in flat
                for w in ("noncommercial", "nichtkommerziell", "nocomercial", "utilisationcommerciale")
            ),
            "SA": any(
                w in flat for w in ("sharealike", "gleichenbedingungen", "compartirigual", "conditions")
            ),
            "ND": any(w in flat for w in ("noderiv", "bearbeitung", "derivad", "modification")),
        }
        els = {code for code, present in codes.items() if present}
    else:  # "by", "byncsa", "by-nd-nc" (1.0 URLs put ND first)
        els = {code.upper() for code in re.findall(r"nc|sa|nd", flat[2:])}
    return None if {"SA", "ND"} <= els else frozenset(els)


def spelled_elements(raw: str) -> frozenset[str] | None:
    """The elements of a licence named in words ("Attribution-NonCommercial-ShareAlike",
    "Namensnennung - Nicht kommerziell"); None when they contradict each other (SA with ND)."""
    return _elements(raw, spelled_out=True)


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


def licence_from_url(url: str) -> str | None:
    """The licence id of a creativecommons.org deed or legal-code URL, or None."""
    m = _PATTERN.fullmatch(url.strip().rstrip(".,;:)"))
    if m is None or not m.group("url"):
        return None
    found = licence_from_match(m)
    return found[0] if found else None


_JOINABLE_GAP = re.compile(r"[\s(\[,:;–—-]*")


def find_licences(text: str, *, low: str | None = None) -> list[LicenceMention]:
    """Every licence named in ``text`` (whatever the grammar around it), in order.

    Adjacent mentions of one licence ("Creative Commons Attribution 4.0 International
    License (CC BY 4.0)") are merged into one, keeping the most specific id. ``low``:
    ``text.lower()``, when the caller has it.
    """
    found: list[LicenceMention] = []
    cursor = 0
    low = text.lower() if low is None else low
    # Lower-casing keeps offsets except for a few characters ("İ"); then search case-insensitively.
    anchors = (
        matches_at(_ANCHOR, low, literal_starts(low, _ANCHOR_LEADS))  # (_ANCHOR.finditer(low), faster)
        if len(low) == len(text)
        else _ANCHOR_I.finditer(text)
    )
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
        mention = LicenceMention(spdx, form, start, end, text[start:end] if form == "url" else None)
        if found and _JOINABLE_GAP.fullmatch(text[found[-1].end : start]) and _compatible(found[-1], mention):
            prev = found[-1]
            best = mention if mention.specificity > prev.specificity else prev
            close = end
            if close < len(text) and text[close] in ")]" and "(" in text[prev.start : start]:
                close += 1
            found[-1] = LicenceMention(best.spdx, best.form, prev.start, close, prev.url or mention.url)
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
