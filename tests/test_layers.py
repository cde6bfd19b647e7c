"""The documented direction of dependencies (README, "Layout"), enforced on every import in provenance/.

Each unit (a subpackage or top-level module of ``provenance``) may import only the units listed for it;
imports inside functions count too. A new unit must be given its place here, which is the point.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "provenance"

# unit -> the other units it may import (its own modules always)
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "results": set(),
    "text": set(),
    "match": {"text"},
    "licences": {"text"},
    "readers": {"errors", "text", "licences"},
    "store": {"errors", "results", "text", "licences"},
    "prepare": {"errors", "text", "match", "licences", "readers", "store"},
    "reuse": {"errors", "text", "match", "store"},
    "api": {"errors", "results", "text", "match", "licences", "readers", "prepare", "store", "reuse"},
    "render": {"errors", "results"},
    "web": {"errors", "results", "api", "render"},
    "cli": {"errors", "results", "api", "render", "web", ""},  # "": the package itself (its __version__)
    "": {"api"},  # provenance/__init__.py: the lazy top-level API
}


def _unit(path: Path, package: Path) -> str:
    rel = path.relative_to(package)
    if rel.parts == ("__init__.py",):
        return ""
    return rel.parts[0].removesuffix(".py")


def _imported_units(path: Path) -> set[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
            if node.module == "provenance":  # from provenance import api, render ...
                names = [f"provenance.{a.name}" for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "provenance":  # provenance.X of a unit X; else the package itself (__version__)
                found.add((parts[1] if len(parts) > 1 and parts[1] in ALLOWED else "", node.lineno))
    return found


def _violations(package: Path = PACKAGE) -> list[str]:
    out = []
    for path in sorted(package.rglob("*.py")):
        unit = _unit(path, package)
        assert unit in ALLOWED, f"{path.relative_to(package.parent)}: unit {unit!r} has no place in ALLOWED"
        for target, line in sorted(_imported_units(path)):
            if target != unit and target not in ALLOWED[unit]:
                out.append(
                    f"{path.relative_to(package.parent)}:{line}: {unit or 'provenance'} imports {target}"
                )
    return out


def test_every_import_follows_the_documented_direction() -> None:
    assert _violations() == []


def test_the_rule_is_acyclic_and_text_stays_at_the_bottom() -> None:
    seen: dict[str, int] = {}

    def depth(unit: str, trail: tuple[str, ...] = ()) -> int:
        assert unit not in trail, f"cycle: {' -> '.join((*trail, unit))}"
        if unit not in seen:
            seen[unit] = 1 + max((depth(u, (*trail, unit)) for u in ALLOWED[unit] if u), default=0)
        return seen[unit]

    for unit in ALLOWED:
        depth(unit)
    assert seen["text"] == 1 and seen["cli"] > seen["api"] > seen["reuse"] > seen["store"] > seen["match"]


def test_a_wrong_import_is_caught(tmp_path: Path) -> None:
    bad = tmp_path / "provenance"
    (bad / "cli").mkdir(parents=True)
    (bad / "__init__.py").write_text("")
    (bad / "cli" / "x.py").write_text("def f():\n    from provenance.store import Store\n")
    (bad / "text.py").write_text("import provenance.match.keys\n")
    assert _violations(bad) == [
        "provenance/cli/x.py:2: cli imports store",
        "provenance/text.py:1: text imports match",
    ]
