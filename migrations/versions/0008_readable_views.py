"""Readable views for SQL clients (datasette, sqlite3, psql): ``v_matches`` and ``v_edges``.

The tables keep sentences as offsets into ``documents.text`` and documents as ids; these two views join
them into rows a person can read:

* ``v_matches``: one row per stored sentence match: ``later_id``, ``later_title``, ``later_position``,
  ``later_sentence`` (the sentence's text), ``earlier_id``, ``earlier_title``, ``earlier_position``,
  ``earlier_sentence``, ``kind``, ``score``, ``quote``.
* ``v_edges``: one row per stored reuse edge: ``later_id``, ``later_title``, ``later_publisher``,
  ``later_published_at``, ``earlier_id``, ``earlier_title``, ``earlier_publisher``,
  ``earlier_published_at``, ``matched_sentences``, ``coverage``, ``source_share``, ``verbatim``,
  ``near_verbatim``, ``paraphrase``, ``quotes``, ``derivation``, ``direction`` and ``detected_at``.
  ``direction`` is ``provenance.match.direction.direction_basis`` of the two publication times with its
  default window of one hour (``by-date``, ``uncertain`` or ``by-ingest-order``), written in SQL here:
  a revision uses no project code.

A sentence's text is ``substr(text, start + 1, end - start)``: both engines count characters (code
points), as Python's offsets do. No table or row changes; downgrading drops the views. Creating a view
is transactional DDL on both engines: the revision is one transaction.

Later revisions that rebuild a table the views read (``documents``, ``sentences``, ``publishers``,
``matches``, ``reuse_edges``) on SQLite must drop the views first and create them again after: SQLite
checks every view when a table is renamed, and a view naming a dropped table fails that check.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_WINDOW_SECONDS = 3600  # provenance.match.direction.DIRECTION_WINDOW of this release
_DAY_SECONDS = 86400


def _sentence(doc: str, sentence: str) -> str:
    return f'substr({doc}.text, {sentence}.start + 1, {sentence}."end" - {sentence}.start)'


_MATCHES = f"""CREATE VIEW v_matches AS
SELECT m.later_id AS later_id,
       l.title AS later_title,
       m.later_position AS later_position,
       {_sentence("l", "ls")} AS later_sentence,
       m.earlier_id AS earlier_id,
       r.title AS earlier_title,
       m.earlier_position AS earlier_position,
       {_sentence("r", "rs")} AS earlier_sentence,
       m.kind AS kind,
       m.score AS score,
       m.quote AS quote
FROM matches m
JOIN documents l ON l.id = m.later_id
JOIN sentences ls ON ls.document_id = m.later_id AND ls.position = m.later_position
JOIN documents r ON r.id = m.earlier_id
JOIN sentences rs ON rs.document_id = m.earlier_id AND rs.position = m.earlier_position"""


def _sqlite_times(x: str) -> tuple[str, str]:
    """(microseconds since 1970 exactly, "a date-only value") of a stored SQLite time ``x``.

    SQLAlchemy stores ``YYYY-MM-DD HH:MM:SS.ffffff`` (raw SQL may leave out the fraction): the whole
    seconds by ``strftime('%s')`` of the first 19 characters, the fraction added as an integer, so that
    no floating point decides a comparison at the window's edge."""
    fraction = f"CASE WHEN substr({x}, 20, 1) = '.' THEN CAST(substr(substr({x}, 21) || '000000', 1, 6) AS INTEGER) ELSE 0 END"
    micros = f"(CAST(strftime('%s', substr({x}, 1, 19)) AS INTEGER) * 1000000 + {fraction})"
    date_only = f"(substr({x}, 12, 8) = '00:00:00' AND {fraction} = 0)"
    return micros, date_only


def _sqlite_direction(a: str, b: str) -> str:
    (a_us, a_day), (b_us, b_day) = _sqlite_times(a), _sqlite_times(b)
    day, window = _DAY_SECONDS * 1_000_000, _WINDOW_SECONDS * 1_000_000
    return f"""CASE
         WHEN {a} IS NULL OR {b} IS NULL THEN 'by-ingest-order'
         WHEN NOT {a_day} AND NOT {b_day} THEN
           CASE WHEN abs({a_us} - {b_us}) < {window} THEN 'uncertain' ELSE 'by-date' END
         WHEN ({a_us} < {b_us} + CASE WHEN {b_day} THEN {day} ELSE 0 END
               AND {b_us} < {a_us} + CASE WHEN {a_day} THEN {day} ELSE 0 END)
              OR {a_us} = {b_us} THEN 'uncertain'
         ELSE 'by-date'
       END"""


def _postgres_direction(a: str, b: str) -> str:
    a_day, b_day = f"({a} = date_trunc('day', {a}))", f"({b} = date_trunc('day', {b}))"
    window = f"interval '{_WINDOW_SECONDS} seconds'"
    return f"""CASE
         WHEN {a} IS NULL OR {b} IS NULL THEN 'by-ingest-order'
         WHEN NOT {a_day} AND NOT {b_day} THEN
           CASE WHEN {a} - {b} < {window} AND {b} - {a} < {window} THEN 'uncertain' ELSE 'by-date' END
         WHEN ({a} < {b} + CASE WHEN {b_day} THEN interval '1 day' ELSE interval '0 seconds' END
               AND {b} < {a} + CASE WHEN {a_day} THEN interval '1 day' ELSE interval '0 seconds' END)
              OR {a} = {b} THEN 'uncertain'
         ELSE 'by-date'
       END"""


def _edges(direction: str) -> str:
    return f"""CREATE VIEW v_edges AS
SELECT e.later_id AS later_id,
       l.title AS later_title,
       lp.name AS later_publisher,
       l.published_at AS later_published_at,
       e.earlier_id AS earlier_id,
       r.title AS earlier_title,
       rp.name AS earlier_publisher,
       r.published_at AS earlier_published_at,
       e.matched_sentences AS matched_sentences,
       e.coverage AS coverage,
       e.source_share AS source_share,
       e.verbatim AS verbatim,
       e.near_verbatim AS near_verbatim,
       e.paraphrase AS paraphrase,
       e.quotes AS quotes,
       e.derivation AS derivation,
       {direction} AS direction,
       e.detected_at AS detected_at
FROM reuse_edges e
JOIN documents l ON l.id = e.later_id
JOIN documents r ON r.id = e.earlier_id
LEFT JOIN publishers lp ON lp.id = l.publisher_id
LEFT JOIN publishers rp ON rp.id = r.publisher_id"""


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    direction = (_sqlite_direction if sqlite else _postgres_direction)("l.published_at", "r.published_at")
    op.execute(_MATCHES)
    op.execute(_edges(direction))


def downgrade() -> None:
    op.execute("DROP VIEW v_edges")
    op.execute("DROP VIEW v_matches")
