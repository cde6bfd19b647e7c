"""What the tests do to their PostgreSQL server as its administrator: drop a test's databases, and
move id sequences past rows written with explicit ids."""

from __future__ import annotations

import time

from sqlalchemy import Connection, text
from sqlalchemy.exc import ProgrammingError


def drop_database(conn: Connection, name: str, *, attempts: int = 20) -> None:
    """``DROP DATABASE … WITH (FORCE)``, retried while a backend the test role may not terminate (an
    autovacuum worker started on the database) is still there: PostgreSQL then refuses with
    InsufficientPrivilege rather than waiting."""
    for attempt in range(attempts):
        try:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            return
        except ProgrammingError as e:
            if "pg_signal_backend" not in str(e) or attempt == attempts - 1:
                raise
            conn.rollback()
            time.sleep(0.25)


# Test data written with explicit ids leaves PostgreSQL's id sequences behind (SQLite takes the next id
# from the table itself): move every sequence past its column's largest id, so that rows the code
# inserts afterwards (an ingest after a replayed upgrade) get fresh ids.
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
