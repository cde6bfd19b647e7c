"""What every reader yields: an article, a note, a skipped file (errors are ``provenance.errors.InputError``),
and what they share: the supported formats, the size limit, ISO dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from provenance.errors import InputError
from provenance.readers.page import PageEvidence

SUPPORTED = {
    ".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".jsonl": "jsonl",
}  # fmt: skip
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_SENTENCES = 10_000  # an article's sentences (a long report has ~500); --max-sentences
LIMIT = "limit (--max-bytes)"


@dataclass(frozen=True, slots=True)
class Article:
    """One article's text and whatever metadata its input carried."""

    text: str  # decoded, BOM stripped, line terminators normalised to "\n"
    source: str  # the path as given or found, "-" for stdin
    line: int | None = None  # 1-based line of a JSONL article
    title: str | None = None
    url: str | None = None
    published_at: datetime | None = None  # timezone-aware when the input gave a zone
    publisher: str | None = None
    licence: str | None = None
    encoding: str = "utf-8"  # "utf-8", "utf-8-sig", "windows-1252" (fallback), or an HTML page's declared one
    fmt: str = "txt"  # txt | md | html | jsonl
    evidence: tuple[PageEvidence, ...] = ()  # a web page's licence and credit evidence outside the text
    authors: tuple[str, ...] = ()
    modified_at: datetime | None = None
    language: str | None = None  # BCP 47 as the page gives it ("en-GB")
    warnings: tuple[str, ...] = ()  # problems that did not stop the article (reasons, without the file)
    date_note: str | None = None  # how the date was chosen when the page's dates disagree


@dataclass(frozen=True, slots=True)
class ReaderNote:
    """Something to tell the user about an input that is neither an article nor an error
    ("standard input read as html (guessed from its first bytes)")."""

    source: str
    message: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file found inside a directory whose extension is not supported."""

    source: str


Item = Article | Skipped | InputError | ReaderNote


def parse_datetime(value: str) -> datetime:
    """An ISO 8601 date ("2022-10-15": midnight, naive) or datetime (aware exactly when it has a zone).

    Raises ValueError("not an ISO date or datetime: '...'") for anything else, and for a datetime
    with no UTC form (the store keeps UTC): "'0001-01-01T00:00:00+05:00' is out of range (before
    0001-01-01 in UTC)", "'9999-12-31T23:00:00-05:00' is out of range (after 9999-12-31 in UTC)".
    """
    try:
        found = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"not an ISO date or datetime: {value!r}") from None
    if found.tzinfo is not None:
        try:
            found.astimezone(UTC)
        except (OverflowError, ValueError):
            offset = found.utcoffset()
            side = (
                "before 0001-01-01"
                if offset is not None and offset.total_seconds() > 0
                else "after 9999-12-31"
            )
            raise ValueError(f"{value.strip()!r} is out of range ({side} in UTC)") from None
    return found


def check_sentences(source: str, count: int, max_sentences: int, *, line: int | None = None) -> None:
    """InputError when an article has more sentences than ``max_sentences``."""
    if count > max_sentences:
        reason = f"{count:,} sentences, over the {max_sentences:,} limit (--max-sentences)"
        raise InputError(source, reason, line=line)


def size_text(n: int) -> str:
    """A size in bytes for a message: "12.3 MB", "4.0 KB", "101 bytes"."""
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{n / 1024:.1f} KB" if n >= 1024 else f"{n} bytes"


def unexpected(exc: BaseException) -> str:
    """An unexpected exception as one line of at most 200 characters, for an input's error message
    ("RecursionError: maximum recursion depth exceeded")."""
    text = " ".join(str(exc).split()).encode("utf-8", "replace").decode("utf-8")
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__
