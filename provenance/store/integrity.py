"""The store's own consistency, as SQL: SQLite's integrity check, orphaned rows, the candidate index
against ``common_keys``, each edge's figures against its matches. Read by ``provenance.api.check``;
the repairs it makes of derived rows are here too (the documents are never touched)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, bindparam, text

from provenance.store.bulk import bulk_insert, chunks
from provenance.store.models import sentence_keys

# (table, what is wrong, SQL counting the rows, derived: deleted by --repair)
ORPHANS: list[tuple[str, str, str, bool]] = [
    (
        "sentences",
        "of no document",
        "FROM sentences s WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = s.document_id)",
        False,
    ),
    (
        "sentence_keys",
        "postings of no sentence",
        "FROM sentence_keys k WHERE NOT EXISTS (SELECT 1 FROM sentences s "
        "WHERE s.document_id = k.document_id AND s.position = k.position)",
        True,
    ),
    (
        "matches",
        "of no later sentence",
        "FROM matches m WHERE NOT EXISTS (SELECT 1 FROM sentences s "
        "WHERE s.document_id = m.later_id AND s.position = m.later_position)",
        True,
    ),
    (
        "matches",
        "of no earlier sentence",
        "FROM matches m WHERE NOT EXISTS (SELECT 1 FROM sentences s "
        "WHERE s.document_id = m.earlier_id AND s.position = m.earlier_position)",
        True,
    ),
    (
        "matches",
        "of no reuse edge",
        "FROM matches m WHERE NOT EXISTS (SELECT 1 FROM reuse_edges e "
        "WHERE e.later_id = m.later_id AND e.earlier_id = m.earlier_id)",
        True,
    ),
    (
        "reuse_edges",
        "of a document that does not exist",
        "FROM reuse_edges e WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = e.later_id) "
        "OR NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = e.earlier_id)",
        True,
    ),
    (
        "licence_notes",
        "of a document or publisher that does not exist",
        "FROM licence_notes n WHERE (n.document_id IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM documents d WHERE d.id = n.document_id)) OR (n.publisher_id IS NOT NULL AND "
        "NOT EXISTS (SELECT 1 FROM publishers p WHERE p.id = n.publisher_id))",
        False,
    ),
    (
        "publisher_aliases",
        "of no publisher",
        "FROM publisher_aliases a WHERE NOT EXISTS (SELECT 1 FROM publishers p WHERE p.id = a.publisher_id)",
        False,
    ),
    (
        "documents",
        "with a publisher that does not exist",
        "FROM documents d WHERE d.publisher_id IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM publishers p WHERE p.id = d.publisher_id)",
        False,
    ),
]


def integrity_errors(conn: Connection) -> list[str]:
    """SQLite's ``PRAGMA integrity_check`` lines other than "ok" (PostgreSQL: none, it has no such check)."""
    if conn.dialect.name != "sqlite":
        return []
    return [line for (line,) in conn.exec_driver_sql("PRAGMA integrity_check") if line != "ok"]


def orphans(conn: Connection) -> list[tuple[int, str, str, int, bool]]:
    """(index in ORPHANS, table, what is wrong, rows, derived) of every kind of orphaned row found."""
    found = []
    for i, (table, what, sql, derived) in enumerate(ORPHANS):
        n = conn.execute(text(f"SELECT count(*) {sql}")).scalar_one()
        if n:
            found.append((i, table, what, n, derived))
    return found


def delete_orphans(conn: Connection, index: int) -> int:
    """Delete the orphaned rows of ORPHANS[index] (a derived table). Returns how many."""
    table, _, sql, derived = ORPHANS[index]
    assert derived, table
    alias = sql.split()[2]  # "FROM table alias WHERE ..."
    where = sql.split(" WHERE ", 1)[1]
    return conn.execute(text(f"DELETE FROM {table} AS {alias} WHERE {where}")).rowcount


def postings_per_document(conn: Connection) -> dict[int, int]:
    """How many postings each document has in ``sentence_keys`` (one scan)."""
    rows = conn.execute(text("SELECT document_id, count(*) FROM sentence_keys GROUP BY document_id"))
    return {d: n for d, n in rows}


def document_postings(conn: Connection, doc_id: int, keys: Iterable[int]) -> set[tuple[int, int]]:
    """(key, position) of the postings of ``doc_id`` under these keys (by the primary key: no scan)."""
    out: set[tuple[int, int]] = set()
    for chunk in chunks(sorted(set(keys))):
        rows = conn.execute(
            text(
                "SELECT key, position FROM sentence_keys WHERE document_id = :d AND key IN :keys"
            ).bindparams(bindparam("keys", expanding=True)),
            {"d": doc_id, "keys": chunk},
        )
        out.update((k, p) for k, p in rows)
    return out


def replace_document_postings(conn: Connection, doc_id: int, postings: list[tuple[int, int, int]]) -> None:
    """Drop every posting of ``doc_id`` and write these instead."""
    conn.execute(text("DELETE FROM sentence_keys WHERE document_id = :d"), {"d": doc_id})
    bulk_insert(conn, sentence_keys, ("key", "document_id", "position"), sorted(postings))


def common_key_postings(conn: Connection) -> int:
    """Postings under keys entered as too common (which should have been dropped)."""
    return conn.execute(
        text("SELECT count(*) FROM sentence_keys WHERE key IN (SELECT key FROM common_keys)")
    ).scalar_one()


def drop_common_key_postings(conn: Connection) -> int:
    return conn.execute(text("DELETE FROM sentence_keys WHERE key IN (SELECT key FROM common_keys)")).rowcount


def crowded_keys(conn: Connection, max_postings: int) -> int:
    """Keys held by more than ``max_postings`` postings and not entered as common."""
    return conn.execute(
        text("SELECT count(*) FROM (SELECT key FROM sentence_keys GROUP BY key HAVING count(*) > :n) AS t"),
        {"n": max_postings},
    ).scalar_one()


def edge_rows(conn: Connection) -> list[Any]:
    """Every reuse edge with both documents' dates and digests (the direction's tie-break), in order."""
    return list(
        conn.execute(
            text(
                "SELECT e.later_id, e.earlier_id, e.matched_sentences, e.coverage, e.source_share, e.verbatim, "
                "e.near_verbatim, e.paraphrase, e.quotes, e.derivation, "
                "l.published_at AS later_date, r.published_at AS earlier_date, "
                "l.sha256 AS later_sha256, r.sha256 AS earlier_sha256 "
                "FROM reuse_edges e "
                "JOIN documents l ON l.id = e.later_id JOIN documents r ON r.id = e.earlier_id "
                "ORDER BY e.later_id, e.earlier_id"
            )
        )
    )


def foreign_key_problems(conn: Connection) -> dict[tuple[str, str], int]:
    """SQLite's ``PRAGMA foreign_key_check``: rows whose foreign key points nowhere, counted by (table,
    referenced table). PostgreSQL enforces its foreign keys: none."""
    if conn.dialect.name != "sqlite":
        return {}
    out: dict[tuple[str, str], int] = {}
    for table, _rowid, parent, _fk in conn.exec_driver_sql("PRAGMA foreign_key_check"):
        out[(table, parent)] = out.get((table, parent), 0) + 1
    return out


def weak_common_keys(conn: Connection, max_postings: int) -> set[int]:
    """Keys in ``common_keys`` recorded with no more than ``max_postings`` postings: detection enters a
    key only when it has more, so these were entered wrongly (and their postings dropped wrongly)."""
    rows = conn.execute(text("SELECT key FROM common_keys WHERE postings <= :n"), {"n": max_postings})
    return {k for (k,) in rows}


def delete_common_keys(conn: Connection, keys: Iterable[int]) -> None:
    for chunk in chunks(sorted(set(keys))):
        conn.execute(
            text("DELETE FROM common_keys WHERE key IN :keys").bindparams(bindparam("keys", expanding=True)),
            {"keys": chunk},
        )


def later_documents_of_loose_matches(conn: Connection) -> set[int]:
    """Later documents of matches with no edge or pointing at a sentence that does not exist."""
    sql = (
        "SELECT DISTINCT m.later_id FROM matches m WHERE EXISTS (SELECT 1 FROM documents d WHERE d.id = m.later_id) "
        "AND (NOT EXISTS (SELECT 1 FROM reuse_edges e WHERE e.later_id = m.later_id AND e.earlier_id = m.earlier_id) "
        "OR NOT EXISTS (SELECT 1 FROM sentences s WHERE s.document_id = m.later_id AND s.position = m.later_position) "
        "OR NOT EXISTS (SELECT 1 FROM sentences s WHERE s.document_id = m.earlier_id AND s.position = m.earlier_position))"
    )
    return {d for (d,) in conn.execute(text(sql))}


def update_sentence(conn: Connection, doc_id: int, position: int, fingerprint: int, evidence: bool) -> None:
    conn.execute(
        text("UPDATE sentences SET fingerprint = :f, evidence = :e WHERE document_id = :d AND position = :p"),
        {"f": fingerprint, "e": evidence, "d": doc_id, "p": position},
    )


def sentence_counts(conn: Connection) -> dict[int, int]:
    """Every document's id and ``sentence_count``, in id order."""
    return dict(conn.execute(text("SELECT id, sentence_count FROM documents ORDER BY id")).all())


def common_keys(conn: Connection) -> set[int]:
    return {k for (k,) in conn.execute(text("SELECT key FROM common_keys"))}
