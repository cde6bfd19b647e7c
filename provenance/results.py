"""Plain result objects returned by the library and rendered by ``provenance.render``: all of them, here.

Their field names are the keys of the ``--format json`` output (see README,
"JSON output"): renaming a field changes a documented contract.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class _Listing(Generic[T]):
    """A list of results under one key (``{"documents": [...]}``), which iterates like the list."""

    def _items(self) -> list[T]:
        raise NotImplementedError

    def __iter__(self) -> Iterator[T]:
        return iter(self._items())

    def __len__(self) -> int:
        return len(self._items())

    def __getitem__(self, i: int) -> T:
        return self._items()[i]


@dataclass(frozen=True, slots=True)
class DocumentRef:
    """How a document is named in every report."""

    id: int
    title: str | None
    path: str
    published_at: datetime | None
    undated: bool = field(init=False)  # no publication date: its edges are directed by ingest order

    def __post_init__(self) -> None:
        object.__setattr__(self, "undated", self.published_at is None)


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    id: int
    title: str | None
    name: str
    path: str
    url: str | None
    publisher: str | None
    published_at: datetime | None
    ingested_at: datetime
    sentences: int
    undated: bool = field(init=False)  # no publication date (``published_at`` is None)

    def __post_init__(self) -> None:
        object.__setattr__(self, "undated", self.published_at is None)


@dataclass(frozen=True, slots=True)
class DocumentList(_Listing[DocumentSummary]):
    documents: list[DocumentSummary]

    def _items(self) -> list[DocumentSummary]:
        return self.documents


@dataclass(frozen=True, slots=True)
class SentenceView:
    position: int
    start: int
    end: int
    text: str
    fingerprint: str  # 16 hex digits (unsigned), so that JSON readers lose no precision


@dataclass(frozen=True, slots=True)
class LicenceView:
    """One licence note of a document (or of its publisher), in precedence order in ``DocumentDetail``."""

    spdx: str
    holder: str | None
    origin: str  # detected | page | declared
    scope: str  # document | publisher (whose note it is)
    url: str | None = None
    notice: str | None = None
    start: int | None = None
    end: int | None = None
    governs: bool = False  # the note that decides the document's licence (the first of scope article)
    found_in: str | None = None  # origin page: where on the page ("a[rel=license]", "footer", ...)
    extent: str = "article"  # article | media (a photo credit's licence covers the picture only)


@dataclass(frozen=True, slots=True)
class DocumentDetail:
    """``show``: a document, its page metadata, licence notes and sentences.

    ``undated``: no publication date; ``modified_at``, ``language`` and ``authors`` come from the web
    page's metadata (None / empty when it had none)."""

    document: DocumentSummary
    sha256: str
    encoding: str
    format: str
    licences: list[LicenceView] = field(default_factory=list)
    sentences: list[SentenceView] = field(default_factory=list)
    modified_at: datetime | None = None
    language: str | None = None
    authors: list[str] = field(default_factory=list)
    undated: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "undated", self.document.published_at is None)


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What happened to one input: ``stored``, ``present`` (same content already stored), ``failed``,
    ``skipped``, or ``note``: something the reader says about an input and no article
    (``message``: e.g. the format it guessed for stdin), counted in no total.

    ``warnings``: what ingest changed or could not read in a stored article, one reason each, without
    the file name (the licence value not recognised, a name truncated); ``notes``: licence notes
    recorded for a stored article (detected in its text, read from its page, declared).
    """

    source: str
    status: str
    document_id: int | None = None
    sentences: int = 0
    message: str | None = None
    line: int | None = None
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
    notes: int = 0

    @property
    def where(self) -> str:
        """``FILE`` or ``FILE:LINE``, as error and warning lines name an input."""
        return f"{self.source}:{self.line}" if self.line is not None else self.source


@dataclass(slots=True)
class IngestSummary:
    """Totals of an ingest. ``edges``: new reuse edges stored (counted by batch, as detection returns
    them); ``notes``: licence notes recorded (detected, read from pages, declared); ``warnings``: the
    stored articles' warnings, in total. Results of status ``note`` count in no total."""

    stored: int = 0
    present: int = 0
    failed: int = 0
    skipped: int = 0
    sentences: int = 0
    edges: int = 0
    notes: int = 0
    warnings: int = 0
    results: list[IngestResult] = field(default_factory=list)

    def add(self, result: IngestResult) -> None:
        self.results.append(result)
        self.notes += result.notes
        self.warnings += len(result.warnings)
        if result.status == "stored":
            self.stored += 1
            self.sentences += result.sentences
        elif result.status == "present":
            self.present += 1
        elif result.status == "failed":
            self.failed += 1
        elif result.status == "skipped":
            self.skipped += 1

    @property
    def ok(self) -> bool:
        return self.failed == 0


@dataclass(frozen=True, slots=True)
class SentenceOrigin:
    """Where a source sentence originates: the earliest stored sentence its matches lead back to."""

    document: DocumentRef
    position: int


@dataclass(frozen=True, slots=True)
class MatchView:
    """One matched sentence pair: ``sentence`` from the later article, ``source_sentence`` from the earlier.

    ``origin``: in a report, where ``source_sentence`` itself comes from (the source and
    ``source_position`` when it originates there); None from ``compare``, which stores nothing.
    """

    sentence: str
    source_sentence: str
    kind: str
    score: float
    quote: bool
    position: int
    source_position: int
    origin: SentenceOrigin | None = None


@dataclass(frozen=True, slots=True)
class ReuseView:
    """One reuse edge seen from the reported document: ``document`` is the other article."""

    document: DocumentRef
    coverage: float  # share of the later article's non-boilerplate sentences with a source in the earlier
    source_share: float  # share of the earlier article's non-boilerplate sentences reused
    derivation: str
    matched_sentences: int
    kinds: dict[str, int]
    matches: list[MatchView]
    # "by-date": the two publication dates decided which is the earlier; "by-ingest-order": one or
    # both are undated (or the dates are equal), so the ingest order did and the direction is uncertain.
    direction: str = "by-date"
    # In ``sources``: "intermediary" when every match's source sentence originates in another,
    # earlier document (the text came through this one); else "origin". In ``reused_by``: "origin".
    role: str = "origin"


@dataclass(frozen=True, slots=True)
class Report:
    document: DocumentRef
    sources: list[ReuseView]
    reused_by: list[ReuseView]


@dataclass(frozen=True, slots=True)
class Occurrence:
    document: DocumentRef
    position: int
    sentence: str
    kind: str  # "origin" for the earliest; else the kind of reuse of the earliest occurrence
    score: float


@dataclass(frozen=True, slots=True)
class Trace:
    text: str
    earliest: Occurrence | None
    later: list[Occurrence]


@dataclass(frozen=True, slots=True)
class ComparisonView:
    earlier: str
    later: str
    coverage: float
    source_share: float
    derivation: str
    matched_sentences: int
    kinds: dict[str, int]
    matches: list[MatchView]


@dataclass(frozen=True, slots=True)
class LicenceEntry:
    """One licence note, for `provenance licence list`."""

    spdx: str
    holder: str | None
    url: str | None
    origin: str  # detected | page | declared
    scope: str  # article | media
    document_id: int | None
    document: str | None
    publisher: str | None
    notice: str | None
    start: int | None
    end: int | None
    found_in: str | None = None  # origin page: where on the page the evidence was
    # ``licence set``: when another note of the document governs instead of this declaration, that note
    # (its origin, licence and notice), so that the caller can say so; None when this one governs.
    governed_by: LicenceView | None = None


@dataclass(frozen=True, slots=True)
class LicenceList(_Listing[LicenceEntry]):
    licences: list[LicenceEntry]

    def _items(self) -> list[LicenceEntry]:
        return self.licences


@dataclass(frozen=True, slots=True)
class PublisherEntry:
    id: int
    name: str
    aliases: tuple[str, ...]
    noncommercial: bool


@dataclass(frozen=True, slots=True)
class PublisherList(_Listing[PublisherEntry]):
    publishers: list[PublisherEntry]

    def _items(self) -> list[PublisherEntry]:
        return self.publishers


SEVERITIES = ("error", "warning", "info")
_SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}


@dataclass(frozen=True, slots=True)
class AuditFinding:
    document: DocumentRef  # the later article, which reuses ...
    source: DocumentRef  # ... the earlier one
    rule: str
    severity: str  # error | warning | info
    licence: str  # the source's effective licence (SPDX id, LicenseRef-..., or "unknown")
    message: str
    direction: str = "by-date"  # of the edge (later, source): "by-date" | "by-ingest-order"
    # The copies the judged text came through (intermediaries) when ``source`` is its origin and
    # ``document`` took it (also) from another article's copy; empty for direct reuse.
    via: list[DocumentRef] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class AuditReport:
    findings: list[AuditFinding]
    summary: dict[str, object] = field(default_factory=dict)

    def fails(self, fail_on: str) -> bool:
        """Whether a finding at or above ``fail_on`` (error | warning | never) exists."""
        if fail_on == "never":
            return False
        return any(_SEVERITY_RANK[f.severity] <= _SEVERITY_RANK[fail_on] for f in self.findings)


@dataclass(frozen=True, slots=True)
class SchemaState:
    """The store's schema revision (None: an empty store) and the code's."""

    store: str | None
    code: str

    @property
    def current(self) -> bool:
        return self.store == self.code


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One metadata field ``provenance set`` changed: ``name`` is published_at | publisher | url | title."""

    name: str
    before: datetime | str | None
    after: datetime | str | None


@dataclass(frozen=True, slots=True)
class EdgeState:
    """A stored reuse edge: ``later`` (a document id) reuses ``earlier``."""

    later: int
    earlier: int
    derivation: str
    coverage: float
    source_share: float
    matched_sentences: int


@dataclass(frozen=True, slots=True)
class EdgeChange:
    """What a correction or a deletion did to the edge between the document and ``document``.

    ``change``: ``added``, ``removed``, ``reversed`` (the other direction now), ``reclassified`` (the
    same direction, other matches or figures). ``before``/``after``: the edge then and now (None: none).
    """

    change: str
    document: DocumentRef  # the other article of the pair
    before: EdgeState | None
    after: EdgeState | None


@dataclass(frozen=True, slots=True)
class DocumentEdit:
    """What ``provenance set`` changed: the fields, and (when the date changed) the document's edges,
    detected again; ``publisher_removed``: the former publisher, deleted as no document has it now."""

    document: DocumentRef  # as it is now
    changes: list[FieldChange]
    redetected: bool  # published_at changed: every pair with the document was detected again
    edges: list[EdgeChange] = field(default_factory=list)  # the edges that changed
    edges_unchanged: int = 0
    publisher_removed: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentDeletion:
    """What ``provenance delete`` removed: rows per table, the edges, the publisher only it had.

    ``common_keys_kept``: keys of its sentences that are in ``common_keys``; they stay common.
    """

    document: DocumentRef  # as it was
    removed: dict[str, int]
    edges: list[EdgeChange] = field(default_factory=list)
    publisher_removed: str | None = None
    common_keys_kept: int = 0


@dataclass(frozen=True, slots=True)
class SearchMatch:
    """One sentence of the searched text matched with one of a stored article's.

    ``text_position``/``text_sentence``: the searched text's; ``position``/``sentence``: the stored
    article's; ``kind``, ``score``, ``quote`` as in a report's matches."""

    text_position: int
    text_sentence: str
    position: int
    sentence: str
    kind: str
    score: float
    quote: bool


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A stored article that reuses the searched text (``relation`` "reuses") or that the text reuses
    ("reused-by": the stored article is the earlier).

    ``text_coverage``: share of the text's sentences (boilerplate, notices and credit lines aside)
    matched in this article; ``document_coverage``: share of the article's sentences matched in the
    text; ``derivation``: the later one's class, as for a reuse edge."""

    document: DocumentRef
    publisher: str | None
    relation: str
    text_coverage: float
    document_coverage: float
    derivation: str
    matched_sentences: int
    kinds: dict[str, int]
    matches: list[SearchMatch]


@dataclass(frozen=True, slots=True)
class SearchSentence:
    """One sentence of the searched text: ``excluded`` when it is no evidence of reuse (boilerplate,
    a licence notice, a credit line); ``found_in``: the ids of the hits' documents that match it."""

    position: int
    text: str
    excluded: bool
    found_in: list[int]


@dataclass(frozen=True, slots=True)
class SearchResult:
    """``provenance search``: the stored articles that reuse, or are reused by, a text that is not
    stored. ``coverage``: share of the text's sentences (excluded ones aside) found in at least one."""

    name: str
    sentences: list[SearchSentence]
    coverage: float
    hits: list[SearchHit]


@dataclass(frozen=True, slots=True)
class EdgeAudit:
    """The audit of one reuse edge (``later`` reuses ``earlier``, document ids): its verdict (the most
    severe of its findings: error | warning | ok) and the findings of the judgements it feeds, info
    ones included (the text's origin may be another document: see each finding's ``source``)."""

    later: int
    earlier: int
    verdict: str
    findings: list[AuditFinding]


@dataclass(frozen=True, slots=True)
class ReportPage:
    """What the side-by-side HTML report shows: the report, every document of it in full (its
    sentences and licence notes), the positions of each that are no evidence of reuse now
    (boilerplate, notices, credit lines), and the audit of each edge."""

    report: Report
    documents: dict[int, DocumentDetail]
    excluded: dict[int, list[int]]
    audits: list[EdgeAudit]


@dataclass(frozen=True, slots=True)
class StoreProblem:
    """One thing ``provenance check`` found wrong in a store.

    ``kind``: ``integrity`` (SQLite's ``integrity_check``), ``revision``, ``orphan`` (a row pointing at
    a row that does not exist), ``sentences`` (a document's sentences do not cover its text),
    ``fingerprint``, ``evidence``, ``keys`` (a document's postings in the candidate index differ from a
    fresh computation), ``index`` (the candidate index against ``common_keys``), ``edge`` (an edge
    against its matches). ``repaired``: ``check --repair`` fixed it (a second check no longer finds it).
    ``by_hand``: what to do when ``--repair`` cannot fix it (it never changes a document); None when
    ``--repair`` rebuilds it.
    """

    kind: str
    message: str
    repaired: bool = False
    by_hand: str | None = None


@dataclass(frozen=True, slots=True)
class IndexRebuild:
    """``provenance index rebuild``: the candidate index built again from the store's sentences.

    ``engine``: ``sql`` (the ``sentence_keys`` table) or ``lmdb`` (at ``path``, beside the store file);
    ``switched``: the store used the other one before; ``documents`` indexed, ``postings`` held."""

    store: str
    engine: str
    switched: bool
    documents: int
    postings: int
    path: str | None = None


@dataclass(frozen=True, slots=True)
class StoreCheck:
    """What ``provenance check`` found: ``problems`` (none: the store is sound). ``sound``: no
    problem is left (none found, or every one repaired)."""

    store: str
    revision: str | None
    documents: int
    edges: int
    problems: list[StoreProblem]
    repair: bool  # --repair was asked
    sound: bool


@dataclass(frozen=True, slots=True)
class GraphNode:
    """A document in the reuse graph, with its publisher, date and the licence that governs it."""

    id: int
    title: str | None
    name: str
    url: str | None
    publisher: str | None
    published_at: datetime | None
    sentences: int
    licence: str  # the governing licence's SPDX id, LicenseRef-..., or "unknown"
    licence_holder: str | None
    undated: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "undated", self.published_at is None)


@dataclass(frozen=True, slots=True)
class GraphEdge:
    """A reuse edge: ``later`` reuses ``earlier`` (document ids), as ``report`` sees it now, with the
    audit's verdict (error | warning | ok) and the rules of the findings of the judgements it feeds."""

    later: int
    earlier: int
    coverage: float
    source_share: float
    derivation: str
    matched_sentences: int
    kinds: dict[str, int]
    quotes: int  # matched pairs that are a shared quotation
    role: str  # the earlier article's: origin | intermediary
    direction: str  # by-date | by-ingest-order
    verdict: str
    rules: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class GraphRevision:
    """``later`` is a newer version of ``earlier``: two stored documents with the same URL."""

    later: int
    earlier: int
    url: str


@dataclass(frozen=True, slots=True)
class ReuseGraph:
    """The store as a graph: documents, reuse edges and versions (``provenance graph``)."""

    nodes: list[GraphNode]
    edges: list[GraphEdge]
    revisions: list[GraphRevision] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class StatsRow:
    """One outlet (``publisher``; None: documents without one), or one outlet in one ``month``
    (YYYY-MM; None: undated, or the whole period with ``--by publisher``): its articles and how many
    of them are wholly or partially derived from an earlier article of another publisher."""

    publisher: str | None
    month: str | None
    articles: int
    wholly_derived: int
    partially_derived: int
    wholly_share: float
    partially_share: float
    derived_share: float  # wholly or partially


@dataclass(frozen=True, slots=True)
class StatsSource:
    """A most reused source: how many later articles (and of how many other publishers) derive from it."""

    document: DocumentRef
    publisher: str | None
    reused_by: int
    reusing_publishers: int


@dataclass(frozen=True, slots=True)
class StatsOutlet:
    """A most reusing outlet: its articles derived from other publishers' and the sources they took from."""

    publisher: str | None
    derived_articles: int
    sources: int


@dataclass(frozen=True, slots=True)
class ReuseStats:
    """What studies of newsroom recycling count (``provenance stats``): ``rows`` by publisher or by
    publisher and month; the most reused sources and most reusing outlets; the audited reuse
    (``credit``: judgements that are attributed, licensed, both or neither); boilerplate; totals."""

    by: str  # publisher | month
    rows: list[StatsRow]
    top_sources: list[StatsSource]
    top_outlets: list[StatsOutlet]
    credit: dict[str, int]
    boilerplate: dict[str, float]
    totals: dict[str, int]
