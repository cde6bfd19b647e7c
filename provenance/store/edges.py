"""Reuse edges and sentence matches: written by detection (``provenance.reuse``), read by reports."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Row, bindparam, delete, insert, or_, select, update

from provenance.store.bulk import bulk_insert, chunks
from provenance.store.models import matches
from provenance.store.models import reuse_edges as edges

MATCH_COLUMNS = ("later_id", "later_position", "earlier_id", "earlier_position", "kind", "score", "quote")


def insert_matches(conn: Connection, rows: Sequence[tuple[Any, ...]]) -> None:
    """Sentence matches as tuples in ``MATCH_COLUMNS`` order."""
    bulk_insert(conn, matches, MATCH_COLUMNS, rows)


def insert_edge(conn: Connection, row: dict[str, Any]) -> None:
    conn.execute(insert(edges).values(**row))


def edges_of(conn: Connection, doc_id: int) -> list[Row[Any]]:
    """Reuse edges in which ``doc_id`` is the later or the earlier article."""
    query = select(edges).where(or_(edges.c.later_id == doc_id, edges.c.earlier_id == doc_id))
    return list(conn.execute(query.order_by(edges.c.coverage.desc(), edges.c.later_id, edges.c.earlier_id)))


def all_edges(conn: Connection) -> list[Row[Any]]:
    return list(conn.execute(select(edges).order_by(edges.c.later_id, edges.c.earlier_id)))


def matches_between(conn: Connection, later_id: int, earlier_id: int) -> list[Row[Any]]:
    query = (
        select(matches)
        .where(matches.c.later_id == later_id, matches.c.earlier_id == earlier_id)
        .order_by(matches.c.later_position, matches.c.earlier_position)
    )
    return list(conn.execute(query))


def matches_of(conn: Connection, doc_id: int) -> dict[tuple[int, int], list[Row[Any]]]:
    """Every match in which ``doc_id`` is the later or the earlier article, by (later_id, earlier_id)."""
    out: dict[tuple[int, int], list[Row[Any]]] = {}
    query = (
        select(matches)
        .where(or_(matches.c.later_id == doc_id, matches.c.earlier_id == doc_id))
        .order_by(
            matches.c.later_id, matches.c.earlier_id, matches.c.later_position, matches.c.earlier_position
        )
    )
    for row in conn.execute(query):
        out.setdefault((row.later_id, row.earlier_id), []).append(row)
    return out


def matches_as_later(conn: Connection, doc_ids: Sequence[int]) -> dict[int, dict[int, list[Row[Any]]]]:
    """The matches of these documents as the later article: by document, then by later position."""
    out: dict[int, dict[int, list[Row[Any]]]] = {d: {} for d in doc_ids}
    for chunk in chunks(sorted(set(doc_ids))):
        query = (
            select(matches)
            .where(matches.c.later_id.in_(chunk))
            .order_by(
                matches.c.later_id, matches.c.later_position, matches.c.earlier_id, matches.c.earlier_position
            )
        )
        for row in conn.execute(query):
            out[row.later_id].setdefault(row.later_position, []).append(row)
    return out


def delete_edges_of(conn: Connection, doc_id: int) -> tuple[int, int]:
    """Delete the matches and reuse edges in which ``doc_id`` is the later or the earlier article.
    Returns (matches, edges) deleted."""
    found = conn.execute(
        delete(matches).where(or_(matches.c.later_id == doc_id, matches.c.earlier_id == doc_id))
    )
    gone = conn.execute(delete(edges).where(or_(edges.c.later_id == doc_id, edges.c.earlier_id == doc_id)))
    return found.rowcount, gone.rowcount


def edges_of_documents(conn: Connection, doc_ids: Iterable[int]) -> list[Row[Any]]:
    """Reuse edges in which any of these documents is the later or the earlier article, by pair."""
    found: dict[tuple[int, int], Row[Any]] = {}
    for chunk in chunks(sorted(set(doc_ids))):
        query = select(edges).where(or_(edges.c.later_id.in_(chunk), edges.c.earlier_id.in_(chunk)))
        for row in conn.execute(query):
            found[(row.later_id, row.earlier_id)] = row
    return [found[k] for k in sorted(found)]


def update_edge(conn: Connection, later_id: int, earlier_id: int, values: dict[str, Any]) -> None:
    conn.execute(
        update(edges).where(edges.c.later_id == later_id, edges.c.earlier_id == earlier_id).values(**values)
    )


def delete_edges(conn: Connection, pairs: Iterable[tuple[int, int]]) -> None:
    """Delete these reuse edges, (later id, earlier id), and their matches."""
    rows = [{"l": later, "e": earlier} for later, earlier in sorted(set(pairs))]
    if rows:
        for table in (matches, edges):
            query = delete(table).where(
                table.c.later_id == bindparam("l"), table.c.earlier_id == bindparam("e")
            )
            conn.execute(query, rows)
