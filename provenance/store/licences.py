"""Reads and writes of licence notes and publishers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, delete, insert, select, update

from provenance.store.models import documents, publishers
from provenance.store.models import licence_notes as notes
from provenance.store.models import publisher_aliases as aliases
from provenance.store.records import NewNote, PublisherRow
from provenance.text import normalise


def find_publisher(conn: Connection, name: str) -> int | None:
    """The publisher called ``name`` or known by it as an alias."""
    found = conn.execute(select(publishers.c.id).where(publishers.c.name == name)).scalar()
    if found is None:
        found = conn.execute(select(aliases.c.publisher_id).where(aliases.c.key == normalise(name))).scalar()
    return found


def publisher_id(conn: Connection, name: str) -> int:
    """The id of the publisher called ``name`` (or aliased so), created when unknown."""
    found = find_publisher(conn, name)
    if found is None:
        query = insert(publishers).values(name=name, noncommercial=False).returning(publishers.c.id)
        found = conn.execute(query).scalar_one()
        conn.execute(insert(aliases).values(publisher_id=found, alias=name, key=normalise(name)))
    return found


def publisher_row(conn: Connection, publisher_id: int) -> PublisherRow:
    row = conn.execute(select(publishers).where(publishers.c.id == publisher_id)).one()
    names = conn.execute(
        select(aliases.c.alias).where(aliases.c.publisher_id == publisher_id).order_by(aliases.c.id)
    )
    return PublisherRow(
        row.id, row.name, bool(row.noncommercial), tuple(a for (a,) in names if a != row.name)
    )


def alias_owner(conn: Connection, alias: str) -> int | None:
    return conn.execute(select(aliases.c.publisher_id).where(aliases.c.key == normalise(alias))).scalar()


def add_alias(conn: Connection, publisher_id: int, alias: str) -> None:
    conn.execute(insert(aliases).values(publisher_id=publisher_id, alias=alias, key=normalise(alias)))


def set_noncommercial(conn: Connection, publisher_id: int, value: bool) -> None:
    conn.execute(update(publishers).where(publishers.c.id == publisher_id).values(noncommercial=value))


def list_publishers(conn: Connection) -> list[PublisherRow]:
    ids = conn.execute(select(publishers.c.id).order_by(publishers.c.id)).scalars().all()
    return [publisher_row(conn, i) for i in ids]


def replace_declared(
    conn: Connection,
    *,
    spdx: str,
    created_at: datetime,
    document_id: int | None = None,
    publisher_id: int | None = None,
    holder: str | None = None,
    url: str | None = None,
    notice: str | None = None,
) -> None:
    """Declare the licence of a document or a publisher, replacing an earlier declaration for it.

    ``notice``: the value as given, kept for a ``LicenseRef-unrecognised`` declaration."""
    owner = (
        notes.c.document_id == document_id
        if document_id is not None
        else notes.c.publisher_id == publisher_id
    )
    conn.execute(delete(notes).where(owner, notes.c.origin == "declared"))
    conn.execute(
        insert(notes).values(
            document_id=document_id,
            publisher_id=publisher_id,
            spdx=spdx,
            holder=holder,
            url=url,
            notice=notice,
            origin="declared",
            scope="article",
            created_at=created_at,
        )
    )


def insert_detected(
    conn: Connection, document_id: int, found: Sequence[NewNote], created_at: datetime
) -> None:
    """Licence notes of a document: notices detected in its text and those read from its page."""
    if found:
        rows = [
            {
                "document_id": document_id,
                "publisher_id": None,
                "spdx": n.spdx,
                "holder": n.holder,
                "url": n.url,
                "notice": n.notice,
                "start": n.start,
                "end": n.end,
                "origin": n.origin,
                "found_in": n.found_in,
                "scope": n.scope,
                "created_at": created_at,
            }
            for n in found
        ]
        conn.execute(insert(notes), rows)


def all_notes(conn: Connection) -> list[Row[Any]]:
    query = (
        select(notes, documents.c.name.label("document_name"), publishers.c.name.label("publisher_name"))
        .select_from(
            notes.outerjoin(documents, notes.c.document_id == documents.c.id).outerjoin(
                publishers, notes.c.publisher_id == publishers.c.id
            )
        )
        .order_by(notes.c.publisher_id.is_(None), notes.c.publisher_id, notes.c.document_id, notes.c.id)
    )
    return list(conn.execute(query))


def notes_for(conn: Connection, doc_ids: list[int]) -> dict[int, list[Row[Any]]]:
    out: dict[int, list[Row[Any]]] = {d: [] for d in doc_ids}
    for row in conn.execute(select(notes).where(notes.c.document_id.in_(doc_ids)).order_by(notes.c.id)):
        out[row.document_id].append(row)
    return out


def publisher_notes(conn: Connection, publisher_ids: list[int]) -> dict[int, list[Row[Any]]]:
    out: dict[int, list[Row[Any]]] = {p: [] for p in publisher_ids}
    for row in conn.execute(
        select(notes).where(notes.c.publisher_id.in_(publisher_ids)).order_by(notes.c.id)
    ):
        out[row.publisher_id].append(row)
    return out
