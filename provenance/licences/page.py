"""A web page's licence evidence outside the article text, read through the notice grammar.

The readers gather the evidence as it stands in the page (``provenance.readers.PageEvidence``: a
``rel="license"`` link, a meta tag, a JSON-LD value, a footer line, a figure caption, a credit line);
:func:`page_notes` turns it into licence notes, each keeping the exact evidence text and where it was
found. The rules:

* A **link or value** (``rel="license"``, ``<meta name="dcterms.license">``, JSON-LD ``license``) is
  one licence: :func:`~provenance.licences.names.licence_from_name` of its URL, else of its text. A
  value that names no licence becomes ``LicenseRef-unrecognised`` (the value kept) and a warning.
* A **rights statement** (``<meta name="copyright|dc.rights">``, JSON-LD ``copyrightNotice``) is read
  as a notice ("© 2022 X. All rights reserved.", "CC BY 4.0"); a bare name there ("World Affairs
  Daily") is the copyright holder, all rights reserved by default.
* **Furniture lines** (footer, figure captions, credit lines) go through :func:`detect_notices`,
  exactly as notices in the article text do; a caption's notices license the picture (``media``).
* A JSON-LD ``copyrightHolder`` without a licence of its own names the holder of the page's
  article-scope licence notes that name none; it never lends itself to a media note.

Pure: plain objects in, :class:`PageNote` out; nothing here knows the readers or the store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from provenance.licences.ids import LICENSEREF_ARR
from provenance.licences.names import LICENSEREF_UNRECOGNISED, licence_from_name
from provenance.licences.notices import clean_holder, detect_notices

LINK_KINDS = frozenset({"rel-license", "json-ld"})
"""Evidence that is one licence value (a URL or a name)."""
RIGHTS_KINDS = frozenset({"meta"})
"""Evidence that is a rights statement: a notice, a licence value, or the holder's bare name."""
LINE_KINDS = frozenset({"footer", "figcaption", "credit"})
"""Evidence that is a line of page furniture, read like article text."""
MAX_LICENCE_LINKS = 5
"""A page linking more different licences than this lists licences (a licence guide, a menu): its
links are no notice, and none is kept."""
MAX_PAGE_NOTES = 50
"""Notes kept from one page; the rest are dropped with a warning (a page of 500 licence links is
evidence of nothing more than 50 are)."""
EVIDENCE_MAX = 1000
"""Longest evidence text kept in a note (characters)."""
HOLDER_MAX = 300  # licence_notes.holder is VARCHAR(300)


# CC0's own words: "To the extent possible under law, NAME has waived all copyright ..."
_WAIVER = re.compile(
    r"to\s+the\s+extent\s+possible\s+under\s+law,\s+(?P<h>[^,;]{2,100}?)\s+has\s+waived\b", re.I
)


class Evidence(Protocol):
    """What :func:`page_notes` reads of one piece of page evidence (``provenance.readers.PageEvidence``)."""

    @property
    def kind(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def url(self) -> str | None: ...
    @property
    def holder(self) -> str | None: ...
    @property
    def scope(self) -> str: ...
    @property
    def where(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class PageNote:
    """One licence note read from a page: ``notice`` is the exact evidence, ``found_in`` where it was."""

    spdx: str
    holder: str | None
    notice: str
    scope: str
    found_in: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class PageReading:
    notes: list[PageNote]
    warnings: list[str]


def page_notes(evidence: list[Evidence] | tuple[Evidence, ...]) -> PageReading:
    """The licence notes of a page's evidence, in page order, duplicates dropped; and the warnings."""
    notes: list[PageNote] = []
    warnings: list[str] = []
    holders: list[str] = []
    for item in evidence:
        found_in = (item.where or item.kind)[:64]
        if item.holder and item.kind in LINK_KINDS | RIGHTS_KINDS and not (item.text or item.url):
            holders.append(item.holder)
            continue
        if item.kind in LINK_KINDS or (item.kind in RIGHTS_KINDS and "licen" in found_in):
            notes.extend(_link(item, found_in, warnings))
        elif item.kind in RIGHTS_KINDS:
            notes.extend(_rights(item, found_in, warnings))
        elif item.kind in LINE_KINDS:
            scope = "media" if item.kind == "figcaption" or item.scope == "media" else None
            for n in detect_notices(item.text):
                notes.append(
                    PageNote(n.spdx, _holder(n.holder), n.text[:EVIDENCE_MAX], scope or n.scope, found_in)
                )
        if item.holder and item.kind in LINK_KINDS | RIGHTS_KINDS:
            holders.append(item.holder)
    links = {n.spdx for n in notes if n.found_in.endswith("[rel=license]")}
    if len(links) > MAX_LICENCE_LINKS:
        warnings.append(
            f"{len(links)} different licences linked with rel=license: a list of licences, none kept"
        )
        notes = [n for n in notes if not n.found_in.endswith("[rel=license]")]
    holders += [
        m.group("h") for item in evidence if item.kind in LINE_KINDS for m in [_WAIVER.search(item.text)] if m
    ]
    donor = next((h for h in map(_holder, holders) if h), None)
    if donor:
        notes = [
            PageNote(n.spdx, donor, n.notice, n.scope, n.found_in, n.url)
            if n.holder is None and n.scope == "article" and n.spdx != LICENSEREF_UNRECOGNISED
            else n
            for n in notes
        ]
    unique = _one_per_licence(notes)
    if len(unique) > MAX_PAGE_NOTES:
        warnings.append(f"{len(unique)} licence notes in the page markup; kept the first {MAX_PAGE_NOTES}")
        unique = unique[:MAX_PAGE_NOTES]
    return PageReading(unique, warnings)


def _one_per_licence(notes: list[PageNote]) -> list[PageNote]:
    """One note per licence and scope: a page says "CC BY 4.0" in its footer line, its licence link and
    its meta tags alike. The first that names a holder is kept, else the first; in page order."""
    best: dict[tuple[str, str, str | None], PageNote] = {}
    order: list[tuple[str, str, str | None]] = []
    for n in notes:
        key = (n.spdx, n.scope, n.notice if n.spdx == LICENSEREF_UNRECOGNISED else None)
        if n.scope == "media" and n.holder:  # two photos' credits are two notes
            key = (n.spdx, n.scope, n.holder)
        if key in best and n.holder and best[key].holder and n.holder != best[key].holder:
            key = (*key[:2], n.holder)  # "© 2024 Metro Tribune" and "© Other": two holders, two notes
        if key not in best:
            best[key] = n
            order.append(key)
        elif best[key].holder is None and n.holder is not None:
            best[key] = n
    return [best[k] for k in order]


def _link(item: Evidence, found_in: str, warnings: list[str]) -> list[PageNote]:
    """A licence link or value: one note, ``LicenseRef-unrecognised`` when it names no licence."""
    text = " ".join((item.text or "").split())
    spdx = (licence_from_name(item.url) if item.url else None) or (licence_from_name(text) if text else None)
    evidence = (text or item.url or "")[:EVIDENCE_MAX]
    if spdx is None:
        value = item.url or text
        warnings.append(
            f"{found_in}: licence {_quote(value)} not recognised; stored as {LICENSEREF_UNRECOGNISED}"
        )
        spdx = LICENSEREF_UNRECOGNISED
    scope = "media" if item.scope == "media" else "article"
    return [PageNote(spdx, _holder(item.holder), evidence, scope, found_in, item.url)]


def _rights(item: Evidence, found_in: str, warnings: list[str]) -> list[PageNote]:
    """A rights statement: its notices, else the licence it names, else its holder's bare name."""
    text = " ".join((item.text or "").split())
    if not text:
        return []
    scope = "media" if item.scope == "media" else "article"
    notices = detect_notices(text)
    if notices:
        return [
            PageNote(
                n.spdx,
                _holder(n.holder) or _holder(item.holder),
                n.text[:EVIDENCE_MAX],
                scope,
                found_in,
                item.url,
            )
            for n in notices
        ]
    spdx = licence_from_name(item.url or "") or licence_from_name(text)
    if spdx is not None:
        return [PageNote(spdx, _holder(item.holder), text[:EVIDENCE_MAX], scope, found_in, item.url)]
    holder = clean_holder(text) if len(text.split()) <= 12 else None
    if holder is not None:  # <meta name="copyright" content="World Affairs Daily">: copyright by default
        return [PageNote(LICENSEREF_ARR, _holder(holder), text[:EVIDENCE_MAX], scope, found_in, item.url)]
    warnings.append(f"{found_in}: rights statement {_quote(text)} names no licence or holder; ignored")
    return []


def _holder(name: str | None) -> str | None:
    if not name:
        return None
    name = " ".join(name.split())
    return name[:HOLDER_MAX] or None


def _quote(value: str) -> str:
    return repr(value if len(value) <= 80 else value[:77] + "...")
