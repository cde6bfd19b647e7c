"""Many rows at once, on the ingest path."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, Table, insert


def bulk_insert(conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[tuple]) -> None:
    """Insert many rows given as tuples in ``columns`` order: the hot path's inserts.

    On SQLite straight to the driver's ``executemany`` (SQLAlchemy's per-row parameter handling costs
    more than SQLite's insert itself); on PostgreSQL through psycopg's ``COPY ... FROM STDIN``, in
    the same transaction; elsewhere a Core insert (batched into multi-row VALUES).
    """
    if not rows:
        return
    names = ", ".join(f'"{c}"' for c in columns)
    if conn.dialect.name == "sqlite":
        marks = ", ".join("?" * len(columns))
        conn.exec_driver_sql(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", list(rows))
        return
    driver = conn.connection.driver_connection
    if conn.dialect.name == "postgresql" and hasattr(driver, "pipeline"):  # psycopg 3
        with driver.cursor() as cursor, cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    conn.execute(insert(table), [dict(zip(columns, r, strict=True)) for r in rows])
