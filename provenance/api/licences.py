"""Licences and publishers: declared licences, detected notices, aliases, the effective licence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection

from provenance.errors import UsageError
from provenance.licences import canonical_licence_id
from provenance.licences.precedence import note_rank
from provenance.results import LicenceEntry, LicenceList, PublisherEntry, PublisherList
from provenance.store import Store, queries
from provenance.store import licences as store_licences
from provenance.store.records import PublisherRow

UNKNOWN = "unknown"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def licence_id(value: str) -> str:
    """The canonical SPDX id for what a user typed ("cc-by-4.0" → "CC-BY-4.0"); UsageError if unknown."""
    found = canonical_licence_id(value.strip())
    if found is None:
        raise UsageError(
            f"not an SPDX licence id: {value!r} (e.g. CC-BY-4.0, CC-BY-NC-SA-3.0, CC0-1.0, LicenseRef-...)"
        )
    return found


def set_licence(
    store: Store,
    spdx: str,
    *,
    doc: str | int | None = None,
    publisher: str | None = None,
    holder: str | None = None,
    url: str | None = None,
) -> LicenceEntry:
    """Declare the licence of one document or of a publisher (replacing an earlier declaration)."""
    if (doc is None) == (publisher is None):
        raise UsageError("give either a document or --publisher, not both")
    canonical = licence_id(spdx)
    with store.begin() as conn:
        if doc is not None:
            doc_id = queries.resolve_document(conn, str(doc))
            store_licences.replace_declared(
                conn, spdx=canonical, created_at=_now(), document_id=doc_id, holder=holder, url=url
            )
            name = queries.document_summary(conn, doc_id).name
            return LicenceEntry(
                canonical, holder, url, "declared", "article", doc_id, name, None, None, None, None
            )
        pub_id = store_licences.publisher_id(conn, publisher or "")
        store_licences.replace_declared(
            conn, spdx=canonical, created_at=_now(), publisher_id=pub_id, holder=holder, url=url
        )
        return LicenceEntry(
            canonical, holder, url, "declared", "article", None, None, publisher, None, None, None
        )


def list_licences(store: Store) -> LicenceList:
    """Every licence note: publishers' declarations first, then documents' notes."""
    with store.read() as conn:
        return LicenceList(
            [
                LicenceEntry(
                    spdx=r.spdx,
                    holder=r.holder,
                    url=r.url,
                    origin=r.origin,
                    scope=r.scope,
                    document_id=r.document_id,
                    document=r.document_name,
                    publisher=r.publisher_name,
                    notice=r.notice,
                    start=r.start,
                    end=r.end,
                )
                for r in store_licences.all_notes(conn)
            ]
        )


def alias_publisher(store: Store, name: str, new_aliases: Sequence[str]) -> PublisherEntry:
    """Record other names a publisher is credited by ("MNA" for "Mehr News Agency")."""
    with store.begin() as conn:
        pub_id = store_licences.publisher_id(conn, name)
        for alias in new_aliases:
            owner = store_licences.alias_owner(conn, alias)
            if owner is None:
                store_licences.add_alias(conn, pub_id, alias)
            elif owner != pub_id:
                other = store_licences.publisher_row(conn, owner).name
                raise UsageError(f"alias {alias!r} already belongs to publisher {other!r}")
        return _publisher_entry(store_licences.publisher_row(conn, pub_id))


def set_publisher(store: Store, name: str, *, noncommercial: bool) -> PublisherEntry:
    """Mark a publisher as non-commercial (or not): the NonCommercial audit rule reads it."""
    with store.begin() as conn:
        pub_id = store_licences.publisher_id(conn, name)
        store_licences.set_noncommercial(conn, pub_id, noncommercial)
        return _publisher_entry(store_licences.publisher_row(conn, pub_id))


def publishers(store: Store) -> PublisherList:
    """Publishers with their aliases and non-commercial flag."""
    with store.read() as conn:
        return PublisherList([_publisher_entry(r) for r in store_licences.list_publishers(conn)])


def _publisher_entry(row: PublisherRow) -> PublisherEntry:
    return PublisherEntry(id=row.id, name=row.name, aliases=row.aliases, noncommercial=row.noncommercial)


@dataclass(frozen=True, slots=True)
class Effective:
    """The licence that governs a document, and where it came from."""

    spdx: str
    holder: str | None
    origin: str  # "notice" | "declared" | "publisher" | "unknown"


def effective_licences(
    conn: Connection, doc_ids: Sequence[int], publisher_of: dict[int, int | None]
) -> dict[int, Effective]:
    """Precedence: a notice in the article, then a declaration for the article, then the publisher's; else unknown.

    Among several notices in one article, a licence grant beats a bare copyright line.
    """
    by_doc = store_licences.notes_for(conn, list(doc_ids))
    pub_ids = sorted({p for p in publisher_of.values() if p is not None})
    by_pub = store_licences.publisher_notes(conn, pub_ids) if pub_ids else {}
    out: dict[int, Effective] = {}
    label = {"detected": "notice", "declared": "declared"}
    for doc_id in doc_ids:
        pub = publisher_of.get(doc_id)
        notes = [("document", n) for n in by_doc[doc_id] if n.scope == "article"]
        notes += [("publisher", n) for n in (by_pub.get(pub, []) if pub is not None else [])]
        if not notes:
            out[doc_id] = Effective(UNKNOWN, None, "unknown")
            continue
        owner, first = min(notes, key=lambda on: note_rank(on[0], on[1].origin, on[1].spdx, on[1].id))
        out[doc_id] = Effective(
            first.spdx, first.holder, label[first.origin] if owner == "document" else "publisher"
        )
    return out
