"""The store's records: what is written (``New*``) and what detection reads back (``Stored*``).

Plain frozen dataclasses, no SQLAlchemy: the text stages (``provenance.prepare``) build ``NewDocument``
in worker processes, and the detector works on ``StoredDocument``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class NewSentence:
    position: int
    start: int
    end: int
    fingerprint: int
    keys: tuple[int, ...] = ()  # candidate-index keys (provenance.match.sentence_keys)
    evidence: bool = True  # False for a licence notice or credit line
    template: int | None = None  # provenance.match.keys.template_key: counted for boilerplate, never a link


@dataclass(frozen=True, slots=True)
class NewNote:
    """A licence notice detected in the text (``provenance.licences.detect_notices``), or read from the
    page around it (``origin="page"``: no offsets, ``found_in`` says where)."""

    spdx: str
    holder: str | None
    notice: str
    start: int | None
    end: int | None
    scope: str  # article | media
    origin: str = "detected"  # detected | page
    found_in: str | None = None  # for a page note: "a[rel=license]", "meta dcterms.license", "footer", ...
    url: str | None = None  # the licence link the page gave, when it gave one


@dataclass(frozen=True, slots=True)
class NewDocument:
    source: str
    name: str
    title: str | None
    url: str | None
    publisher: str | None  # its name (or an alias); the publisher is created when unknown
    published_at: datetime | None
    ingested_at: datetime
    sha256: str
    encoding: str
    format: str
    text: str
    sentences: Sequence[NewSentence]
    notes: Sequence[NewNote] = ()
    licence: str | None = None  # a declared licence (canonical SPDX or LicenseRef- id)
    licence_value: str | None = None  # the value as the input gave it, kept when it was not recognised
    modified_at: datetime | None = None
    language: str | None = None
    authors: tuple[str, ...] = ()
    page_text: str | None = None  # the page's credit and licence lines outside the article text


@dataclass(frozen=True, slots=True)
class StoredSentence:
    position: int
    start: int
    end: int
    fingerprint: int
    evidence: bool = True  # False for a licence notice or a credit line


@dataclass(frozen=True, slots=True)
class StoredDocument:
    id: int
    published_at: datetime | None
    text: str
    sentences: list[StoredSentence] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PublisherRow:
    id: int
    name: str
    noncommercial: bool
    aliases: tuple[str, ...]
