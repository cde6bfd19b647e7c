"""Licence names and links as they arrive in the wild, read by the grammar of the notices.

A licence often arrives not in a sentence but as a value: the ``href`` or the text of a
``rel="license"`` link, a ``<meta name="dcterms.license">``, a JSON-LD ``license``, front matter,
a JSONL field, ``--licence``. :func:`licence_from_name` reads such a value with the same pattern
(:func:`provenance.licences.ids.find_licences`) and the same ids as a notice in the text, so that
"CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/deed.fr" and "Creative Commons
Attribution 4.0 International License" are all ``CC-BY-4.0``, wherever they were found.

What it accepts, in order:

1. an SPDX id in any case ("cc-by-4.0", "MIT") or a ``LicenseRef-`` id;
2. one licence filling the value, decorations aside ("Licence:", "(CC BY 4.0)", a trailing
   "License", a version spelled "v4.0"); two mentions of one licence ("Creative Commons
   Attribution 4.0 International (CC BY 4.0)") are one. "Attribution-NonCommercial 4.0
   International" is a licence name here (a *value* naming elements and a version), though in
   running text a bare "Attribution" is a word;
3. a sentence that is a notice ("This work is licensed under CC BY 4.0", "© 2022 X. All rights
   reserved."): its first article-scope notice;
4. "All rights reserved" alone: ``LicenseRef-All-Rights-Reserved``.

Anything else, "Public Domain" alone included (it names a status, not a mark or a dedication), is
None: callers keep the value as ``LicenseRef-unrecognised`` and warn.
"""

from __future__ import annotations

import re

from provenance.licences.canonical import canonical_licence_id
from provenance.licences.ids import (
    _ATTRIBUTION,
    _ELEMENT,
    _ELEMENT_SEP,
    _VERSION,
    LICENSEREF_ARR,
    cc_id,
    find_licences,
    spelled_elements,
)
from provenance.licences.notices import detect_notices

LICENSEREF_UNRECOGNISED = "LicenseRef-unrecognised"
"""The id stored for a licence value that names no licence we know (the value kept beside it)."""

_DECORATION = re.compile(r"[\s()\[\]{}<>\"'“”‘’|.,;:*_–—-]*", re.UNICODE)
_LEAD = re.compile(
    r"^\s*(?:(?:licen[cs]e[ds]?|licen[cs]ing|rights|copyright|terms)\s*[:=–—-]\s*|licensed\s+under\s+)", re.I
)
# A licence named by its elements and version alone, "Attribution-NonCommercial 4.0": the element
# words and their separators are those of the mention pattern (``ids``), in any language it knows.
_SPELLED = re.compile(
    rf"^\s*(?:Creative\s+Commons\s+)?(?P<els>{_ATTRIBUTION}(?:{_ELEMENT_SEP}{_ELEMENT})*)"
    rf"\s*,?\s*(?:v(?:ersion)?\.?\s*)?(?P<ver>{_VERSION})\b",
    re.I,
)
_ARR_ONLY = re.compile(r"^\W*all\s+rights\s+reserved\W*$", re.I)


def licence_from_name(value: str | None) -> str | None:
    """The SPDX or ``LicenseRef-`` id a licence name, link or notice names; None when it names none."""
    if not value:
        return None
    value = " ".join(value.split())
    if not value or len(value) > 2000:
        return None
    exact = canonical_licence_id(value)
    if exact is not None:
        return exact
    body = _LEAD.sub("", value)
    whole = _whole_mention(body)
    if whole is not None:
        return whole
    spelled = _SPELLED.match(body)
    if spelled and _DECORATION.fullmatch(_strip_licence_word(body[spelled.end() :])):
        elements = spelled_elements(spelled.group("els"))
        if elements is not None:
            return cc_id(elements, spelled.group("ver"))
    notices = [n for n in detect_notices(value) if n.scope == "article"]
    if notices:
        grants = [n for n in notices if n.spdx != LICENSEREF_ARR]
        return (grants or notices)[0].spdx
    if _ARR_ONLY.match(value):
        return LICENSEREF_ARR
    return None


_TRAILING = re.compile(
    r"^(?:\s*(?:International|Unported|Generic|Public|Licen[cs]e|Deed|Legal\s*code|v(?:ersion)?)\b)*", re.I
)


def _strip_licence_word(rest: str) -> str:
    return rest[_TRAILING.match(rest).end() :]  # type: ignore[union-attr]  # always matches


def _whole_mention(body: str) -> str | None:
    """The licence when mentions of one licence fill ``body`` (decorations aside)."""
    mentions = find_licences(body)
    if not mentions:
        return None
    gaps = [body[: mentions[0].start], body[mentions[-1].end :]]
    gaps += [body[a.end : b.start] for a, b in zip(mentions, mentions[1:], strict=False)]
    if not all(_DECORATION.fullmatch(_strip_licence_word(gap)) for gap in gaps):
        return None
    ids = {m.spdx for m in mentions}
    if len(ids) == 1:
        return mentions[0].spdx
    best = max(mentions, key=lambda m: m.specificity)  # "Creative Commons (CC BY 4.0)": the specific one
    if all(m is best or m.specificity < best.specificity for m in mentions):
        return best.spdx
    return None
