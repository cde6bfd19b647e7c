"""Candidate keys of revision 0002, frozen as they were at commit 9226912 (the commit that added it).

At 9226912 ``provenance.match.keys.sentence_keys(norm)`` was ``[fingerprint(norm)]`` (the
bottom-k sketch came in 80bb1f9, the stem pairs in 5450e74 with revision 0005), and
``provenance.text.normalise`` and ``fingerprint`` were as below. Loaded by the revision from
this file's path; it imports nothing of the project, and it never changes: a new key rule is a
new revision with its own frozen module.
"""

from __future__ import annotations

import re
import unicodedata
from hashlib import blake2b

_NON_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """``provenance.text.normalise`` of 9226912: NFKC, case folding, NFKC, non-word runs to one space."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = unicodedata.normalize("NFKC", folded)
    return _NON_WORD.sub(" ", folded).strip()


def fingerprint(normalised: str) -> int:
    """``provenance.text.fingerprint`` of 9226912: signed 64-bit BLAKE2b of a normalised string."""
    digest = blake2b(normalised.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def sentence_keys(norm: str) -> list[int]:
    """``provenance.match.keys.sentence_keys`` of 9226912: the fingerprint alone."""
    return [fingerprint(norm)]
