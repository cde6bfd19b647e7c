"""Segmentation against gold sentence boundaries, on unwrapped, hard-wrapped and OCR-like text.

    python bench/segmentation.py [--gold tests/fixtures/wrapped/news.txt]

The gold file has one sentence a line and a blank line between paragraphs (lines starting with '#'
are a header). From it this script builds the text one paragraph a line ("unwrapped"), the same text
wrapped at 40, 60 and 72 columns (``textwrap``), and OCR-like variants: words hyphenated across line
ends ("num-" / "ber"), soft hyphens (U+00AD) at those breaks and inside long words, and column breaks
(a blank line inside a sentence, a page number on its own line). Each is segmented by
``provenance.text.segment``; a predicted sentence is right when its letters and digits are those of a
gold sentence (so a hyphen or a line break inside a word does not count against it). Prints precision
and recall per variant.
"""

from __future__ import annotations

import argparse
import re
import sys
import textwrap
from collections import Counter
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

GOLD = REPO / "tests" / "fixtures" / "wrapped" / "news.txt"
_STRAY_NUMBER = re.compile(r"^\s*\d{1,4}\s*$", re.MULTILINE)
_NOT_ALNUM = re.compile(r"[\W_]+")


def read_gold(path: Path = GOLD) -> list[list[str]]:
    """Paragraphs, each a list of sentences."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            paragraphs[-1].append(line.strip())
        elif paragraphs[-1]:
            paragraphs.append([])
    return [p for p in paragraphs if p]


def unwrapped(paragraphs: list[list[str]]) -> str:
    return "\n\n".join(" ".join(p) for p in paragraphs)


def wrapped(paragraphs: list[list[str]], width: int) -> str:
    return "\n\n".join(textwrap.fill(" ".join(p), width) for p in paragraphs)


def hyphenated(paragraphs: list[list[str]], width: int, mark: str = "-") -> str:
    """Greedy wrapping that splits a word of 6 letters or more across the line end with ``mark``
    (a hyphen, or a soft hyphen), as typesetters and OCR'd newspapers do."""
    out = []
    for p in paragraphs:
        lines, line = [], ""
        for word in " ".join(p).split():
            if not line or len(line) + 1 + len(word) <= width:
                line = f"{line} {word}" if line else word
                continue
            room = width - len(line) - 2  # a space and the mark
            if word.isalpha() and len(word) >= 6 and room >= 3:
                cut = min(room, len(word) - 3)
                lines.append(f"{line} {word[:cut]}{mark}")
                line = word[cut:]
            else:
                lines.append(line)
                line = word
        lines.append(line)
        out.append("\n".join(lines))
    return "\n\n".join(out)


def soft_hyphens(paragraphs: list[list[str]], width: int) -> str:
    """Soft hyphens inside every word of 8 letters or more, and at the line ends that split a word."""
    text = hyphenated(paragraphs, width, mark="\u00ad")
    return re.sub(r"\b([^\W\d_]{4})([^\W\d_]{4,})", "\\1\u00ad\\2", text)


def column_breaks(paragraphs: list[list[str]], width: int, every: int = 9) -> str:
    """Hyphenated wrapping with a column break after every ``every`` lines: a blank line, and on every
    second break a page number on its own line, wherever the break falls in the sentence."""
    lines = hyphenated(paragraphs, width).split("\n")
    out, count = [], 0
    for i, line in enumerate(lines):
        out.append(line)
        if line.strip():
            count += 1
        if count and count % every == 0 and i + 1 < len(lines) and lines[i + 1].strip() and line.strip():
            out.append("\n" + (f"{count // every + 1}\n\n" if (count // every) % 2 else ""))
            count += 1 if (count // every) % 2 == 0 else 0
    return "\n".join(out)


VARIANTS: dict[str, Callable[[list[list[str]]], str]] = {
    "unwrapped (a paragraph a line)": unwrapped,
    "wrapped at 40": lambda p: wrapped(p, 40),
    "wrapped at 60": lambda p: wrapped(p, 60),
    "wrapped at 72": lambda p: wrapped(p, 72),
    "hyphenated at 40": lambda p: hyphenated(p, 40),
    "hyphenated at 60": lambda p: hyphenated(p, 60),
    "soft hyphens at 60": lambda p: soft_hyphens(p, 60),
    "column breaks at 40": lambda p: column_breaks(p, 40),
}


def key(sentence: str) -> str:
    """A sentence's letters and digits (stray page-number lines left out), lower case."""
    return _NOT_ALNUM.sub("", _STRAY_NUMBER.sub("", sentence.replace("\u00ad", ""))).casefold()


def sentences(text: str) -> list[str]:
    from provenance.text import segment

    return [s.text for s in segment(text)]


def precision_recall(predicted: list[str], gold: list[str]) -> tuple[float, float]:
    want = Counter(key(s) for s in gold)
    got = Counter(key(s) for s in predicted if key(s))
    right = sum((want & got).values())
    return right / max(1, sum(got.values())), right / max(1, sum(want.values()))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    args = parser.parse_args(argv)
    paragraphs = read_gold(args.gold)
    gold = [s for p in paragraphs for s in p]
    print(f"Gold: {args.gold.relative_to(REPO) if args.gold.is_relative_to(REPO) else args.gold}")
    print(f"{len(paragraphs)} paragraphs, {len(gold)} sentences")
    print(f"{'variant':34} {'precision':>9} {'recall':>7} {'predicted':>9}")
    for name, make in VARIANTS.items():
        predicted = sentences(make(paragraphs))
        p, r = precision_recall(predicted, gold)
        print(f"{name:34} {p:9.3f} {r:7.3f} {len(predicted):9d}")


if __name__ == "__main__":
    main()
