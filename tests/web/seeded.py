"""The seeds' store, with a third article that reuses seed 000 and carries hostile text, for the
HTML, web and browser tests."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SEED_000, SEED_002

RLO, PDF = "\u202e", "\u202c"

HOSTILE_LINES = [
    "<script>document.title='PWNED';window.__pwned=1</script> Officials said the statement was read out at noon in the capital.",
    '<img src=x onerror="window.__pwned=2"> A spokesman repeated the claim on state television later that evening.',
    '[Read the statement](javascript:window.__pwned=3) or <a href="javascript:window.__pwned=4">click here</a> for the full statement of the ministry.',
    f"The minister insisted that {RLO}KCATTA{PDF} was never the word he had used about the neighbours.",
]


def hostile_text() -> str:
    """Seed 000's first four paragraphs reused verbatim, then the hostile lines."""
    lines = SEED_000.read_text(encoding="utf-8").splitlines()[:4]
    return "\n".join([*lines, *HOSTILE_LINES]) + "\n"


def seed_store(cli, tmp_path: Path) -> Path:
    """Ingest 000 (2022-10-15), 002 (2022-10-16) and the hostile article (2022-10-20, a javascript:
    URL, a publisher name with markup) into the test's store; returns the hostile file's path."""
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(hostile_text(), encoding="utf-8")
    for path, date, extra in (
        (SEED_000, "2022-10-15", ()),
        (SEED_002, "2022-10-16", ()),
        (
            hostile,
            "2022-10-20",
            ("--url", "javascript:window.__pwned=5", "--publisher", "<b onmouseover=x>Evil</b>"),
        ),
    ):
        result = cli("ingest", str(path), "--published-at", date, "--quiet", *extra)
        assert result.exit_code == 0, result.stderr
    return hostile
