"""Licences and publishers: declared licences, detected notices, aliases, the effective licence."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, delete, select

from provenance.errors import NotFoundError, UsageError
from provenance.licences import LICENSEREF_UNRECOGNISED, licence_from_name
from provenance.licences.precedence import note_rank
from provenance.text import normalise
from provenance.results import LicenceEntry, LicenceList, LicenceView, PublisherEntry, PublisherList
from provenance.store import Store, queries, validate
from provenance.store import licences as store_licences
from provenance.store.models import licence_notes as notes_table
from provenance.store import models
from provenance.store.records import PublisherRow

UNKNOWN = "unknown"
PUBLISHER_NAME_MAX = validate.length(models.publishers.c.name)  # VARCHAR(300)
ALIAS_MAX = validate.length(models.publisher_aliases.c.alias)
HOLDER_MAX = validate.length(notes_table.c.holder)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def licence_id(value: str) -> str:
    """The licence id for what a user typed, read by the licence grammar: an SPDX id in any case
    ("cc-by-4.0" → "CC-BY-4.0"), a name ("CC BY 4.0", "Attribution-NonCommercial 4.0 International"),
    a Creative Commons deed or legal-code URL, "CC0", "All rights reserved". UsageError if none."""
    found = licence_from_name(value.strip())
    if found is None or found == LICENSEREF_UNRECOGNISED:
        raise UsageError(
            f"licence {value.strip()!r} not recognised: give an SPDX id (CC-BY-4.0, CC-BY-NC-SA-3.0, "
            'CC0-1.0, LicenseRef-...), a licence name ("CC BY 4.0", "Attribution-NonCommercial 4.0 '
            'International", "Public Domain Mark", "All rights reserved") or a Creative Commons deed URL'
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
    create: bool = False,
) -> LicenceEntry:
    """Declare the licence of one document or of a publisher (replacing an earlier declaration).

    ``spdx`` is read by :func:`licence_id` (names and deed URLs too). A publisher must be known (by
    name or alias) unless ``create``: otherwise NotFoundError names the closest known names. The
    entry's ``governed_by`` is the note that governs the document instead of this declaration (a
    notice in its text or on its page), None when the declaration governs.
    """
    if (doc is None) == (publisher is None):
        raise UsageError("give either a document or --publisher, not both")
    canonical = licence_id(spdx)
    holder = validate.text(holder, "holder", HOLDER_MAX)
    url = validate.text(url, "url")
    with store.begin() as conn:
        if doc is not None:
            doc_id = queries.resolve_document(conn, str(doc))
            store_licences.replace_declared(
                conn, spdx=canonical, created_at=_now(), document_id=doc_id, holder=holder, url=url
            )
            name = queries.document_summary(conn, doc_id).name
            governing = _governing(
                document_licences(conn, doc_id, queries.publisher_ids(conn, [doc_id])[doc_id])
            )
            instead = governing if governing is not None and governing.origin != "declared" else None
            return LicenceEntry(
                canonical,
                holder,
                url,
                "declared",
                "article",
                doc_id,
                name,
                None,
                None,
                None,
                None,
                governed_by=instead,
            )
        pub_id = _known_publisher(conn, publisher or "", create=create)
        store_licences.replace_declared(
            conn, spdx=canonical, created_at=_now(), publisher_id=pub_id, holder=holder, url=url
        )
        name = store_licences.publisher_row(conn, pub_id).name
        return LicenceEntry(canonical, holder, url, "declared", "article", None, None, name, None, None, None)


def unset_licence(
    store: Store, *, doc: str | int | None = None, publisher: str | None = None
) -> LicenceEntry:
    """Remove the licence declared for a document or a publisher; returns the declaration removed.

    NotFoundError when there is none (or no such publisher). Detected and page notes stay."""
    if (doc is None) == (publisher is None):
        raise UsageError("give either a document or --publisher, not both")
    with store.begin() as conn:
        if doc is not None:
            doc_id = queries.resolve_document(conn, str(doc))
            owner = notes_table.c.document_id == doc_id
            what = f"document {doc_id}"
            pub_name = None
            doc_name: str | None = queries.document_summary(conn, doc_id).name
        else:
            pub_id = _known_publisher(conn, publisher or "", create=False)
            owner = notes_table.c.publisher_id == pub_id
            pub_name = store_licences.publisher_row(conn, pub_id).name
            what = f"publisher {pub_name!r}"
            doc_id, doc_name = None, None
        declared = conn.execute(
            select(notes_table).where(owner, notes_table.c.origin == "declared").order_by(notes_table.c.id)
        ).all()
        if not declared:
            raise NotFoundError(f"no licence is declared for {what}")
        conn.execute(delete(notes_table).where(owner, notes_table.c.origin == "declared"))
        last = declared[-1]
        return LicenceEntry(
            last.spdx,
            last.holder,
            last.url,
            "declared",
            "article",
            doc_id,
            doc_name,
            pub_name,
            None,
            None,
            None,
        )


def _known_publisher(conn: Connection, name: str, *, create: bool) -> int:
    """The publisher called (or aliased) ``name``; created when ``create``, else NotFoundError with the
    closest names among publishers and aliases ("did you mean ...")."""
    name = validate.name(name, "publisher name", PUBLISHER_NAME_MAX)
    found = store_licences.find_publisher(conn, name)
    if found is not None:
        return found
    if create:
        return store_licences.publisher_id(conn, name)
    names = {n for row in store_licences.list_publishers(conn) for n in (row.name, *row.aliases)}
    close = difflib.get_close_matches(name, sorted(names), n=3, cutoff=0.6)
    if not close:  # case and spacing aside ("mehr news" for "Mehr News Agency")
        folded = {n.casefold(): n for n in names}
        close = [
            folded[n] for n in difflib.get_close_matches(name.casefold(), sorted(folded), n=3, cutoff=0.5)
        ]
    hint = f"; did you mean {' or '.join(repr(n) for n in close)}?" if close else ""
    raise NotFoundError(f"no publisher {name!r}{hint} (--create to add it)")


def document_licences(conn: Connection, doc_id: int, publisher_id: int | None) -> list[LicenceView]:
    """A document's licence notes, then its publisher's, in precedence order; ``governs`` marks the
    one that decides its licence (the first note of article scope, as the audit takes it)."""
    owner = notes_table.c.document_id == doc_id
    if publisher_id is not None:
        owner = owner | (notes_table.c.publisher_id == publisher_id)
    rows = sorted(
        conn.execute(select(notes_table).where(owner).order_by(notes_table.c.id)),
        key=lambda r: note_rank(
            "document" if r.document_id is not None else "publisher", r.origin, r.spdx, r.id
        ),
    )
    governing = next((r.id for r in rows if r.scope == "article"), None)
    return [
        LicenceView(
            spdx=r.spdx,
            holder=r.holder,
            origin=r.origin,
            scope="document" if r.document_id is not None else "publisher",
            url=r.url,
            notice=r.notice,
            start=r.start,
            end=r.end,
            governs=r.id == governing,
            found_in=r.found_in,
            extent=r.scope,
        )
        for r in rows
    ]


def _governing(views: Sequence[LicenceView]) -> LicenceView | None:
    return next((v for v in views if v.governs), None)


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
                    found_in=r.found_in,
                )
                for r in store_licences.all_notes(conn)
            ]
        )


def alias_publisher(store: Store, name: str, new_aliases: Sequence[str]) -> PublisherEntry:
    """Record other names a publisher is credited by ("MNA" for "Mehr News Agency")."""
    name = validate.name(name, "publisher name", PUBLISHER_NAME_MAX)
    new_aliases = [validate.name(a, "alias", ALIAS_MAX) for a in new_aliases]
    for alias in new_aliases:  # its key (the normalised alias) has a column of the same length
        validate.name(normalise(alias) or alias, f"alias {alias!r} normalised", ALIAS_MAX)
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
    name = validate.name(name, "publisher name", PUBLISHER_NAME_MAX)
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
    origin: str  # "notice" | "page" | "declared" | "publisher" | "unknown"


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
    label = {"detected": "notice", "page": "page", "declared": "declared"}
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
