"""Print the README's table of every tunable setting, read from the code's own docstrings.

    python scripts/settings_table.py         # print the table
    python scripts/settings_table.py --check # exit 1 when README.md's table differs (tests run this)
    python scripts/settings_table.py --write # rewrite README.md's table

Each setting is a dataclass field (or module constant) followed by a string: its meaning.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCES = [
    (
        "provenance/match/model.py",
        "MatchConfig",
        "`provenance.MatchConfig` (matching; `match_config=` of ingest, report, audit, trace, compare)",
    ),
    (
        "provenance/match/model.py",
        "DetectConfig",
        "`provenance.DetectConfig` (candidates and boilerplate; `detect_config=` of ingest, report, audit)",
    ),
    (
        "provenance/licences/audit.py",
        None,
        "`provenance.licences.judge` / `provenance audit` (keyword arguments)",
    ),
]
START, END = "<!-- settings:start -->", "<!-- settings:end -->"


def _documented(body: list[ast.stmt]) -> list[tuple[str, str, str]]:
    rows = []
    for stmt, nxt in zip(body, [*body[1:], None], strict=True):
        target = None
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
            target, value = stmt.target.id, stmt.value
        elif (
            isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)
        ):
            target, value = stmt.targets[0].id, stmt.value
        if (
            target is None
            or not isinstance(nxt, ast.Expr)
            or not isinstance(getattr(nxt, "value", None), ast.Constant)
        ):
            continue
        if isinstance(nxt.value.value, str):
            rows.append((target, ast.unparse(value), " ".join(nxt.value.value.split())))
    return rows


def table() -> str:
    lines = []
    for path, cls, title in SOURCES:
        tree = ast.parse((REPO / path).read_text(encoding="utf-8"))
        body = tree.body
        if cls is not None:
            body = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == cls).body
        lines += [f"**{title}**", "", "| setting | default | meaning |", "|---|---|---|"]
        lines += [
            f"| `{name.lower()}` | `{default}` | {meaning.replace('|', '/')} |"
            for name, default, meaning in _documented(body)
        ]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def readme_block() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return text[text.index(START) + len(START) : text.index(END)].strip("\n") + "\n"


def write_readme() -> None:
    path = REPO / "README.md"
    text = path.read_text(encoding="utf-8")
    start, end = text.index(START) + len(START), text.index(END)
    path.write_text(text[:start] + "\n" + table() + text[end:], encoding="utf-8")


if __name__ == "__main__":
    if "--write" in sys.argv:
        write_readme()
    elif "--check" in sys.argv:
        sys.exit(0 if readme_block() == table() else 1)
    else:
        sys.stdout.write(table())
