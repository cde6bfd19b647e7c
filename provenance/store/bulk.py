"""Many rows at once: chunked lookups under the engines' parameter limits, and the hot path's inserts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import Connection, Table, insert

CHUNK = 500
"""Values per ``IN (...)`` list: well under SQLite's and PostgreSQL's limits on parameters."""

T = TypeVar("T")


def chunks(values: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


def rows_with_keys(conn: Connection, sql: str, keys: Iterable[int]) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` with ``{keys}`` replaced by chunks of these integer keys, as plain tuples.

    The hot lookups of detection: the keys (our own 64-bit integers and ids, never user text) are
    written into the statement and the rows read from the driver's cursor, without SQLAlchemy's
    per-row work.
    """
    wanted = sorted({int(k) for k in keys})
    out: list[tuple[Any, ...]] = []
    if not wanted:
        return out
    cursor = conn.connection.cursor()
    try:
        for chunk in chunks(wanted):
            cursor.execute(sql.format(keys=",".join(map(str, chunk))))
            out.extend(cursor.fetchall())
    finally:
        cursor.close()
    return out


def bulk_insert(
    conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
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
    if conn.dialect.name == "postgresql" and driver is not None and hasattr(driver, "pipeline"):  # psycopg 3
        with driver.cursor() as cursor, cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    conn.execute(insert(table), [dict(zip(columns, r, strict=True)) for r in rows])
