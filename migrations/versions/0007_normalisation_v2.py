"""Normalisation version 2: stored sentences re-fingerprinted, their keys and alias keys with them.

``provenance.text.normalise`` now joins words broken across line ends ("num-⏎ber", soft hyphens),
drops page numbers standing on their own line inside a sentence, removes invisible characters (format characters, category Cf, and
default-ignorable code points: zero-width space, joiner and non-joiner, word joiner, soft hyphen, BOM,
bidi controls) and folds look-alike letters of mixed-script words (UTS #39 skeleton, ICU), so a copy
hidden by them fingerprints as the original. Everything the store derives from normalised text is
brought to the new rule (``migrations/frozen/r0007_keys.py``; the old one is 0005's,
``r0005_keys.py``):

* ``sentences.fingerprint`` of every sentence;
* ``sentence_keys`` of every evidence sentence: the postings of its old keys dropped, its new keys'
  added (but keys already in ``common_keys``); a new key now held by more than 1,000 sentences
  (``DetectConfig.max_key_postings``) is entered in ``common_keys`` and its postings dropped;
* ``publisher_aliases.key``; two aliases whose keys become equal are one alias: the older is kept.

A sentence of ASCII characters only, on one line, normalises alike by both rules and is not touched. Matches and
reuse edges are kept as they were detected (a copy hidden by invisible characters before this revision
is found when either article is detected again). No schema change: the whole revision is one
transaction on SQLite and PostgreSQL. Downgrading applies the old rule the same way.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

MAX_KEY_POSTINGS = 1000  # DetectConfig.max_key_postings of this release
_DOCS_PER_STEP = 500


def _frozen(name: str) -> ModuleType:
    """``migrations/frozen/<name>.py`` beside this folder (the repo's or the installed copy), by its path."""
    path = Path(__file__).resolve().parent.parent / "frozen" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"_provenance_migrations_frozen_{name}", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def upgrade() -> None:
    _renormalise(_frozen("r0005_keys"), _frozen("r0007_keys"))


def downgrade() -> None:
    _renormalise(_frozen("r0007_keys"), _frozen("r0005_keys"))


def _in_ids(sql: str) -> sa.TextClause:
    return sa.text(sql).bindparams(sa.bindparam("ids", expanding=True))


def _insert_ignoring_present(conn: sa.Connection, rows: list[dict[str, int]]) -> None:
    if not rows:
        return
    verb = "INSERT OR IGNORE INTO" if conn.dialect.name == "sqlite" else "INSERT INTO"
    tail = "" if conn.dialect.name == "sqlite" else " ON CONFLICT DO NOTHING"
    conn.execute(
        sa.text(f"{verb} sentence_keys (key, document_id, position) VALUES (:k, :d, :p){tail}"), rows
    )


def _renormalise(old: ModuleType, new: ModuleType) -> None:
    conn = op.get_bind()
    added: set[int] = set()
    doc_ids = [r[0] for r in conn.execute(sa.text("SELECT id FROM documents ORDER BY id"))]
    for i in range(0, len(doc_ids), _DOCS_PER_STEP):
        step = doc_ids[i : i + _DOCS_PER_STEP]
        texts = dict(
            conn.execute(_in_ids("SELECT id, text FROM documents WHERE id IN :ids"), {"ids": step}).all()
        )
        sentences = conn.execute(
            _in_ids(
                'SELECT document_id, position, start, "end", evidence, fingerprint FROM sentences '
                "WHERE document_id IN :ids ORDER BY document_id, position"
            ),
            {"ids": step},
        ).all()
        fingerprints, dropped, fresh = [], [], []
        for doc_id, position, start, end, evidence, stored in sentences:
            piece = texts[doc_id][start:end]
            if piece.isascii() and "\n" not in piece and "\r" not in piece:
                continue  # no line break, invisible or look-alike character: both rules agree
            fp = new.fingerprint(new.normalise(piece))
            if fp != stored:
                fingerprints.append({"f": fp, "d": doc_id, "p": position})
            if not evidence:
                continue
            was, now = set(old.index_keys(piece)), set(new.index_keys(piece))
            dropped += [{"k": k, "d": doc_id, "p": position} for k in sorted(was - now)]
            fresh += [{"k": k, "d": doc_id, "p": position} for k in sorted(now - was)]
        if fingerprints:
            conn.execute(
                sa.text("UPDATE sentences SET fingerprint = :f WHERE document_id = :d AND position = :p"),
                fingerprints,
            )
        if dropped:
            conn.execute(
                sa.text("DELETE FROM sentence_keys WHERE key = :k AND document_id = :d AND position = :p"),
                dropped,
            )
        if fresh:
            keys = sorted({r["k"] for r in fresh})
            common = {
                k
                for (k,) in conn.execute(
                    _in_ids("SELECT key FROM common_keys WHERE key IN :ids"), {"ids": keys}
                )
            }
            _insert_ignoring_present(conn, [r for r in fresh if r["k"] not in common])
            added |= set(keys) - common
    _mark_common(conn, sorted(added))
    _rekey_aliases(conn, new.normalise)


def _mark_common(conn: sa.Connection, keys: list[int]) -> None:
    """Keys this revision added postings to that are now held by more than ``MAX_KEY_POSTINGS``."""
    for i in range(0, len(keys), 500):
        found = conn.execute(
            _in_ids(
                "SELECT key, count(*) FROM sentence_keys WHERE key IN :ids GROUP BY key HAVING count(*) > :limit"
            ),
            {"ids": keys[i : i + 500], "limit": MAX_KEY_POSTINGS},
        ).all()
        if found:
            conn.execute(
                sa.text("INSERT INTO common_keys (key, postings) VALUES (:k, :n)"),
                [{"k": k, "n": n} for k, n in found],
            )
            conn.execute(
                _in_ids("DELETE FROM sentence_keys WHERE key IN :ids"), {"ids": [k for k, _ in found]}
            )


def _rekey_aliases(conn: sa.Connection, normalise: Callable[[str], str]) -> None:
    """Each alias's key by ``normalise``; of aliases whose keys become equal the oldest (lowest id) stays."""
    rows = conn.execute(sa.text("SELECT id, alias, key FROM publisher_aliases ORDER BY id")).all()
    kept: dict[str, int] = {}
    gone, changed = [], []
    for alias_id, alias, key in rows:
        want = normalise(alias)
        if want in kept:
            gone.append(alias_id)
            continue
        kept[want] = alias_id
        if want != key:
            changed.append({"id": alias_id, "k": want})
    if gone:
        conn.execute(_in_ids("DELETE FROM publisher_aliases WHERE id IN :ids"), {"ids": gone})
    if changed:  # through keys no alias can have, so that no two rows ever hold one key meanwhile
        conn.execute(
            sa.text("UPDATE publisher_aliases SET key = :t WHERE id = :id"),
            [{"id": r["id"], "t": f"~0007~{r['id']}"} for r in changed],
        )
        conn.execute(sa.text("UPDATE publisher_aliases SET key = :k WHERE id = :id"), changed)
