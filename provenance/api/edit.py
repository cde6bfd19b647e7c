"""Correcting and deleting a stored document: ``set_document`` and ``delete_document``.

Each runs in one transaction (committed whole, or rolled back: an interrupted run changes nothing)
under the candidate index's detection lock, so no concurrent ingest compares articles with a
document half corrected or half deleted.

A correction of ``published_at`` can turn edges round (the direction is
``provenance.match.direction.is_earlier``: dates, then ingest order), and the alignment of a pair
depends on its direction. So the document's matches and edges are deleted and every pair of it is
detected again, exactly as ingest detects a backfilled article: the document's candidate keys are
computed again from its stored sentences (``prepare.new_sentence``, as ingest computes them) and the
``Detector`` compares it with every stored document that shares keys with it, both directions.
Publisher, url and title are read by the audit when it runs: changing them re-detects nothing.

A deletion removes the document's postings, matches and edges (either side), licence notes,
sentences and row, and the publisher its ingest created when no other document has it and no user
gave it a licence, an alias or a flag. What cannot be undone is listed in README ("Correcting and
deleting documents").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Row
from threadpoolctl import threadpool_limits

from provenance.errors import NotFoundError, UsageError
from provenance.match import DEFAULT_CONFIG, DEFAULT_DETECT, DetectConfig, MatchConfig
from provenance.prepare import PUBLISHER_NAME_MAX, new_sentence
from provenance.results import DocumentDeletion, DocumentEdit, DocumentRef, EdgeChange, EdgeState, FieldChange
from provenance.api.index import writing
from provenance.reuse import CandidateIndex, Detector, NewArticle
from provenance.reuse.boilerplate import facts
from provenance.store import Store, documents, edges, queries, validate
from provenance.store import licences as store_licences
from provenance.store.records import NewSentence, StoredDocument

FIELDS = ("published_at", "publisher", "url", "title")
_KEEP: Any = object()  # a keyword not given: that field stays as it is (None clears it)

# The reuse_edges columns that say what an edge is (not when it was found).
_EDGE_FIGURES = (
    "matched_sentences",
    "coverage",
    "source_share",
    "verbatim",
    "near_verbatim",
    "paraphrase",
    "quotes",
    "derivation",
)


def set_document(
    store: Store,
    doc: str | int,
    *,
    published_at: datetime | None = _KEEP,
    publisher: str | None = _KEEP,
    url: str | None = _KEEP,
    title: str | None = _KEEP,
    match_config: MatchConfig = DEFAULT_CONFIG,
    detect_config: DetectConfig = DEFAULT_DETECT,
) -> DocumentEdit:
    """Correct a document's metadata; a keyword left out stays as it is, None (or "") clears it.

    A new ``published_at`` re-detects every pair of the document (its edges re-directed and
    re-classified); a new ``publisher`` is found by name or alias, or created as ingest creates it,
    and the former one is deleted when nothing else holds it (``DocumentEdit.publisher_removed``).
    Raises UsageError when nothing would change, NotFoundError for an unknown document.
    """
    given = _given(published_at=published_at, publisher=publisher, url=url, title=title)
    if not given:
        raise UsageError("nothing to change: give --published-at, --publisher, --url or --title")
    with threadpool_limits(limits=1, user_api="blas"), writing(store) as (conn, index):
        index.lock()
        doc_id = queries.resolve_document(conn, str(doc))
        row = _metadata(conn, doc_id)
        changes, values = _changes(conn, row, given)
        if not changes:
            asked = ", ".join(f"{name} {_shown(given[name])}" for name in given)
            raise UsageError(f"nothing to change: document {doc_id} already has {asked}")
        if "publisher_id" in values and values["publisher_id"] is None and given["publisher"]:
            values["publisher_id"] = store_licences.publisher_id(conn, given["publisher"])
        documents.update_metadata(conn, doc_id, values)
        removed = None
        if "publisher_id" in values and row.publisher_id is not None:
            dropped = documents.drop_unused_publisher(conn, row.publisher_id)
            removed = dropped[0] if dropped else None
        redetect = "published_at" in values
        changed: list[EdgeChange] = []
        unchanged = 0
        if redetect:
            before = _edge_rows(conn, doc_id)
            edges.delete_edges_of(conn, doc_id)
            stored = documents.load_documents(conn, [doc_id])[doc_id]
            detector = Detector(conn, index, config=detect_config, match_config=match_config)
            detector.detect_batch(
                [NewArticle.build(doc_id, stored.published_at, stored.text, _sentences(stored))]
            )
            after = _edge_rows(conn, doc_id)
            changed = _edge_changes(conn, before, after)
            unchanged = sum(1 for other in set(before) & set(after) if _same(before[other], after[other]))
        return DocumentEdit(
            document=_ref(conn, doc_id),
            changes=changes,
            redetected=redetect,
            edges=changed,
            edges_unchanged=unchanged,
            publisher_removed=removed,
        )


def delete_document(
    store: Store,
    doc: str | int,
    *,
    match_config: MatchConfig = DEFAULT_CONFIG,
    detect_config: DetectConfig = DEFAULT_DETECT,
) -> DocumentDeletion:
    """Remove a document with its sentences, candidate-index postings, matches and edges (either
    side) and licence notes, and the publisher only its ingest created. Keys it made common stay so
    (``DocumentDeletion.common_keys_kept``). Raises NotFoundError for an unknown document.

    A sentence it shared that the deletion leaves in fewer than ``boilerplate_min_docs`` documents is
    boilerplate no more: the documents holding it are detected again (as ``set_document`` does), so
    that their edges are those an ingest of the remaining documents gives."""
    with writing(store) as (conn, index):
        index.lock()
        doc_id = queries.resolve_document(conn, str(doc))
        ref = _ref(conn, doc_id)
        row = _metadata(conn, doc_id)
        stored = documents.load_documents(conn, [doc_id])[doc_id]
        keys = {key for key, _, _ in NewArticle.build(doc_id, None, stored.text, _sentences(stored)).postings}
        gone = _edge_changes(conn, _edge_rows(conn, doc_id), {})
        recurring = keys & {k for pair in facts(stored) for k in pair if k is not None}
        before = index.document_counts(recurring)
        postings = index.remove(doc_id, keys)
        match_rows, edge_rows = edges.delete_edges_of(conn, doc_id)
        own = documents.delete_rows(conn, doc_id)
        bound = detect_config.boilerplate_min_docs
        after = index.document_counts(k for k, n in before.items() if n >= bound)
        uncommon = {k for k, n in after.items() if n < bound} | {
            k for k, n in before.items() if n >= bound and k not in after
        }
        if uncommon:
            _redetect(
                conn, index, sorted({d for _, d, _ in index.postings(uncommon)}), match_config, detect_config
            )
        dropped = (
            documents.drop_unused_publisher(conn, row.publisher_id) if row.publisher_id is not None else None
        )
        removed = {
            "documents": own["documents"],
            "sentences": own["sentences"],
            "sentence_keys": postings,
            "matches": match_rows,
            "reuse_edges": edge_rows,
            "licence_notes": own["licence_notes"],
            "publishers": 1 if dropped else 0,
            "publisher_aliases": dropped[1] if dropped else 0,
        }
        return DocumentDeletion(
            document=ref,
            removed=removed,
            edges=gone,
            publisher_removed=dropped[0] if dropped else None,
            common_keys_kept=len(index.common(keys)),
        )


def _given(**fields: object) -> dict[str, Any]:
    """The fields given, cleaned: text stripped ("" is None), dates as naive UTC (the store's times)."""
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if value is _KEEP:
            continue
        if isinstance(value, str):
            value = value.strip() or None
        if name == "published_at":
            if value is not None and not isinstance(value, datetime):
                raise UsageError(f"published_at must be a datetime or None, not {value!r}")
            if isinstance(value, datetime) and value.tzinfo is not None:
                value = value.astimezone(UTC).replace(tzinfo=None)
        elif name == "publisher" and isinstance(value, str):
            value = validate.name(value, "publisher name", PUBLISHER_NAME_MAX)
        elif isinstance(value, str):  # title, url: text columns
            value = validate.text(value, name)
        out[name] = value
    return out


def _metadata(conn: Connection, doc_id: int) -> Row[Any]:
    row = documents.document_metadata(conn, doc_id)
    if row is None:
        raise NotFoundError(f"no document with id {doc_id}")
    return row


def _changes(
    conn: Connection, row: Row[Any], given: Mapping[str, Any]
) -> tuple[list[FieldChange], dict[str, Any]]:
    """The fields that differ from the stored ones, and the column values to write. A publisher is
    compared by the one its name resolves to (an alias of the current publisher changes nothing);
    an unknown one is ``publisher_id`` None, to be created."""
    changes: list[FieldChange] = []
    values: dict[str, Any] = {}
    current_publisher = (
        store_licences.publisher_row(conn, row.publisher_id).name if row.publisher_id else None
    )
    for name in FIELDS:
        if name not in given:
            continue
        value = given[name]
        if name == "publisher":
            found = store_licences.find_publisher(conn, value) if value is not None else None
            if value is not None and found == row.publisher_id:
                continue
            if value is None and row.publisher_id is None:
                continue
            shown = store_licences.publisher_row(conn, found).name if found is not None else value
            changes.append(FieldChange(name, current_publisher, shown))
            values["publisher_id"] = found
        elif getattr(row, name) != value:
            changes.append(FieldChange(name, getattr(row, name), value))
            values[name] = value
    return changes, values


def _shown(value: object) -> str:
    if value is None:
        return "none"
    return value.isoformat() if isinstance(value, datetime) else repr(value)


def _redetect(
    conn: Connection,
    index: CandidateIndex,
    doc_ids: list[int],
    match_config: MatchConfig,
    detect_config: DetectConfig,
) -> None:
    """Delete the edges of these documents and detect them again, every pair once, both directions."""
    for doc_id in doc_ids:
        edges.delete_edges_of(conn, doc_id)
    loaded = documents.load_documents(conn, doc_ids)
    detector = Detector(conn, index, config=detect_config, match_config=match_config)
    detector.detect_batch(
        [NewArticle.build(d, loaded[d].published_at, loaded[d].text, _sentences(loaded[d])) for d in doc_ids]
    )


def _sentences(doc: StoredDocument) -> list[NewSentence]:
    """The stored sentences with their candidate and template keys, computed as ingest computed them."""
    return [new_sentence(s.position, doc.text, s.start, s.end, evidence=s.evidence) for s in doc.sentences]


_Edge = tuple[Row[Any], list[tuple[Any, ...]]]  # a reuse_edges row and its matches


def _edge_rows(conn: Connection, doc_id: int) -> dict[int, _Edge]:
    """The document's edges with their matches, by the other article of each pair."""
    found = edges.matches_of(conn, doc_id)
    out: dict[int, _Edge] = {}
    for e in edges.edges_of(conn, doc_id):
        pairs = [
            (m.later_position, m.earlier_position, m.kind, m.score, m.quote)
            for m in found.get((e.later_id, e.earlier_id), [])
        ]
        out[e.earlier_id if e.later_id == doc_id else e.later_id] = (e, pairs)
    return out


def _state(e: Row[Any]) -> EdgeState:
    return EdgeState(e.later_id, e.earlier_id, e.derivation, e.coverage, e.source_share, e.matched_sentences)


def _same(a: _Edge, b: _Edge) -> bool:
    """The same edge: direction, every figure and the matches (not when it was detected)."""
    (ra, ma), (rb, mb) = a, b
    return (
        (ra.later_id, ra.earlier_id) == (rb.later_id, rb.earlier_id)
        and all(getattr(ra, c) == getattr(rb, c) for c in _EDGE_FIGURES)
        and ma == mb
    )


def _edge_changes(
    conn: Connection, before: Mapping[int, _Edge], after: Mapping[int, _Edge]
) -> list[EdgeChange]:
    """The edges that were added, removed, reversed or re-classified, by the other article of each."""
    out: list[tuple[int, str]] = []
    for other in sorted(set(before) | set(after)):
        was, now = before.get(other), after.get(other)
        if was is None:
            out.append((other, "added"))
        elif now is None:
            out.append((other, "removed"))
        elif was[0].later_id != now[0].later_id:
            out.append((other, "reversed"))
        elif not _same(was, now):
            out.append((other, "reclassified"))
    refs = _refs(conn, [other for other, _ in out])
    return [
        EdgeChange(
            change=change,
            document=refs[other],
            before=_state(before[other][0]) if other in before else None,
            after=_state(after[other][0]) if other in after else None,
        )
        for other, change in out
    ]


def _refs(conn: Connection, doc_ids: Iterable[int]) -> dict[int, DocumentRef]:
    return {d: queries.document_ref(s) for d, s in queries.document_summaries(conn, doc_ids).items()}


def _ref(conn: Connection, doc_id: int) -> DocumentRef:
    return queries.document_ref(queries.document_summary(conn, doc_id))
