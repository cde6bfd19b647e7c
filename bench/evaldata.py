"""Reading the labelled evaluation data in ../shared/eval (shared by the benchmark scripts)."""

from __future__ import annotations

import csv
from pathlib import Path


def read_text(path: Path) -> str:
    """A text file as its authors left it: UTF-8 (BOM stripped), else Windows-1252; any line ending -> \\n."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_msrp(eval_dir: Path) -> list[tuple[int, str, str]]:
    """(quality, sentence 1, sentence 2) of every MSRP training pair."""
    path = eval_dir / "msrp" / "msr_paraphrase_train.txt"
    out = []
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(rows)  # header
        for row in rows:
            if len(row) == 5:
                out.append((int(row[0]), row[3].strip(), row[4].strip()))
    return out


def clough_labels(eval_dir: Path) -> dict[str, tuple[str, str]]:
    """(task, category) by answer file name, from file_information.csv (the 5 sources left out)."""
    path = eval_dir / "clough-stevenson" / "file_information.csv"
    with path.open(encoding="utf-8-sig", newline="") as f:
        return {
            row["File"].strip(): (row["Task"].strip(), row["Category"].strip())
            for row in csv.DictReader(f)
            if row["Category"].strip() != "orig"
        }
