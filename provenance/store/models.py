"""The store's tables, as SQLAlchemy 2.0 typed models.

The schema is created and changed only by Alembic migrations (``migrations/``);
these models are what the code expects at the migration head and what
``migrations/env.py`` compares against.

Design notes
- ``sentences`` is the big table (tens of millions of rows): its key is the
  natural ``(document_id, position)``, it holds character offsets into
  ``documents.text`` rather than a second copy of the text, and its
  ``fingerprint`` is a signed 64-bit integer (BLAKE2b of the normalised
  sentence) with its own index for exact-sentence lookup.
- Times are stored as naive UTC (aware inputs are converted), the one
  representation SQLite and PostgreSQL share.
"""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Publisher(Base):
    __tablename__ = "publishers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    noncommercial: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    aliases: Mapped[list[PublisherAlias]] = relationship(
        back_populates="publisher", cascade="all, delete-orphan"
    )


class PublisherAlias(Base):
    """Another name a publisher is credited by ("MNA" for "Mehr News Agency").

    ``key`` is the normalised alias (``provenance.text.normalise``), unique
    across publishers so that a credit resolves to one publisher.
    """

    __tablename__ = "publisher_aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    publisher_id: Mapped[int] = mapped_column(ForeignKey("publishers.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(300), unique=True)

    publisher: Mapped[Publisher] = relationship(back_populates="aliases")


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(Text)  # absolute path, "path#LINE" for JSONL, or "<stdin>"
    name: Mapped[str] = mapped_column(String(500), index=True)  # file name, for lookup by name
    title: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    publisher_id: Mapped[int | None] = mapped_column(ForeignKey("publishers.id"), index=True)
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    ingested_at: Mapped[datetime] = mapped_column(DateTime)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    encoding: Mapped[str] = mapped_column(String(32))
    format: Mapped[str] = mapped_column(String(16))
    sentence_count: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    # From a web page's metadata (JSON-LD, Open Graph, meta tags) when it has them.
    modified_at: Mapped[datetime | None] = mapped_column(DateTime)
    language: Mapped[str | None] = mapped_column(String(35))  # BCP 47 as given ("en-GB")
    authors: Mapped[str | None] = mapped_column(Text)  # a JSON array of names
    # A page's credit and licence lines outside the article text: not sentences, evidence for the audit.
    page_text: Mapped[str | None] = mapped_column(Text)

    publisher: Mapped[Publisher | None] = relationship()


class Sentence(Base):
    """One sentence: ``documents.text[start:end]``; ``fingerprint`` of its normalised form."""

    __tablename__ = "sentences"

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    fingerprint: Mapped[int] = mapped_column(BigInteger)
    # False for a licence notice or a credit line: never evidence of reuse (fixed by the text alone).
    evidence: Mapped[bool] = mapped_column(Boolean, server_default=true())

    __table_args__ = (Index("ix_sentences_fingerprint", "fingerprint"),)


class LicenceNote(Base):
    """A licence for a document or a publisher: detected in the text, read from the page, or declared.

    ``origin``: ``detected`` (a notice in the article text, ``start``/``end`` its offsets), ``page``
    (a web page's markup or furniture; ``found_in`` says where, ``notice`` the exact evidence), or
    ``declared`` (by a user, or by the input's metadata: front matter, JSONL, ``--licence``).
    An unrecognised licence value is kept as ``LicenseRef-unrecognised`` with the value in ``notice``.
    """

    __tablename__ = "licence_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    publisher_id: Mapped[int | None] = mapped_column(
        ForeignKey("publishers.id", ondelete="CASCADE"), index=True
    )
    spdx: Mapped[str] = mapped_column(String(100))
    holder: Mapped[str | None] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(Text)
    notice: Mapped[str | None] = mapped_column(Text)
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    origin: Mapped[str] = mapped_column(String(16))  # "detected" | "page" | "declared"
    found_in: Mapped[str | None] = mapped_column(String(64))  # where on the page, for origin "page"
    scope: Mapped[str] = mapped_column(
        String(16), server_default="article"
    )  # "article" | "media" (a photo credit)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (
        CheckConstraint("(document_id IS NULL) <> (publisher_id IS NULL)", name="one_owner"),
        CheckConstraint("origin IN ('detected', 'declared', 'page')", name="origin"),
    )


class SentenceKey(Base):
    """Candidate-index keys of a sentence (``provenance.match.sentence_keys``).

    The primary key ``(key, document_id, position)`` is the lookup index: the
    documents sharing keys with a new article are found by key, never by
    comparing the article with every stored one. On SQLite the table is
    ``WITHOUT ROWID``: its rows live in that index, stored once.

    A key found in more than ``DetectConfig.max_key_postings`` sentences is
    too common to point at candidates: it is entered in ``common_keys`` and
    its postings are dropped, so that no lookup ever reads more than that
    many postings of one key, however large the store grows.
    """

    __tablename__ = "sentence_keys"

    key: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)

    __table_args__ = {"sqlite_with_rowid": False}


class CommonKey(Base):
    """A candidate key held by too many sentences to be evidence; its postings are not kept."""

    __tablename__ = "common_keys"

    key: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    postings: Mapped[int] = mapped_column(Integer)  # how many sentences held it when it was found common


class SentenceMatch(Base):
    """One sentence of a later article drawing on one sentence of an earlier one."""

    __tablename__ = "matches"

    later_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    later_position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    earlier_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    earlier_position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(16))
    score: Mapped[float] = mapped_column(Float)
    quote: Mapped[bool] = mapped_column(Boolean)

    __table_args__ = (Index("ix_matches_earlier_id", "earlier_id"),)


class ReuseEdge(Base):
    """Article level: the later article reuses the earlier one (directions by date, then ingest order)."""

    __tablename__ = "reuse_edges"

    later_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    earlier_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    matched_sentences: Mapped[int] = mapped_column(Integer)
    coverage: Mapped[float] = mapped_column(Float)
    source_share: Mapped[float] = mapped_column(Float)
    verbatim: Mapped[int] = mapped_column(Integer)
    near_verbatim: Mapped[int] = mapped_column(Integer)
    paraphrase: Mapped[int] = mapped_column(Integer)
    quotes: Mapped[int] = mapped_column(Integer)
    derivation: Mapped[str] = mapped_column(String(24))
    detected_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_reuse_edges_earlier_id", "earlier_id"),)


# The tables, for SQLAlchemy Core statements (the bulk paths use Core, not the ORM).
publishers = cast(Table, Publisher.__table__)
publisher_aliases = cast(Table, PublisherAlias.__table__)
documents = cast(Table, Document.__table__)
sentences = cast(Table, Sentence.__table__)
licence_notes = cast(Table, LicenceNote.__table__)
sentence_keys = cast(Table, SentenceKey.__table__)
common_keys = cast(Table, CommonKey.__table__)
matches = cast(Table, SentenceMatch.__table__)
reuse_edges = cast(Table, ReuseEdge.__table__)
