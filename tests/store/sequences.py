"""Test data written with explicit ids leaves PostgreSQL's id sequences behind (SQLite takes the next
id from the table itself): move every sequence past its column's largest id, so that rows the code
inserts afterwards (an ingest after a replayed upgrade) get fresh ids."""

from __future__ import annotations

from sqlalchemy import Connection, text


def sync_sequences(conn: Connection) -> None:
    """On PostgreSQL, set each serial or identity column's sequence to follow its largest value."""
    if conn.dialect.name != "postgresql":
        return
    columns = conn.execute(
        text(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() "
            "AND (column_default LIKE 'nextval(%' OR is_identity = 'YES')"
        )
    ).all()
    for table, column in columns:
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence(:t, :c), "
                f'COALESCE((SELECT max("{column}") FROM "{table}"), 0) + 1, false)'
            ),
            {"t": table, "c": column},
        )
