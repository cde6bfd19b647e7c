"""Many rows at once, on the ingest path."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, Table, insert


def bulk_insert(conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[tuple]) -> None:
    """Insert many rows given as tuples in ``columns`` order: the hot path's inserts.

    On SQLite straight to the driver's ``executemany`` (SQLAlchemy's per-row parameter handling costs
    more than SQLite's insert itself); elsewhere a Core insert (batched into multi-row VALUES).
    """
    if not rows:
        return
    if conn.dialect.name == "sqlite":
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" * len(columns))
        conn.exec_driver_sql(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", list(rows))
    else:
        conn.execute(insert(table), [dict(zip(columns, r, strict=True)) for r in rows])
