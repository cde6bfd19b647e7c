"""Normalisation used for fingerprints and matching.

``normalise`` maps text to a canonical form in which trivial differences vanish:
Unicode compatibility forms (NFKC), letter case (full case folding), the many
quote, apostrophe, dash and hyphen characters, and every run of punctuation and
whitespace. "Amir-Abdollahian" and "Amir Abdollahian" normalise alike, and so do
"Iraq’s" and "Iraq's". The original text is never replaced: callers keep it
(and character offsets into it) for display.
"""

from __future__ import annotations

import re
import unicodedata

# Any run of characters that are not letters or digits (punctuation of every
# script, symbols, quotes, dashes, hyphens, whitespace, underscores) becomes one
# space. This unifies all quote/apostrophe/dash variants by construction.
_NON_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """Return the canonical matching form of ``text``.

    Idempotent: ``normalise(normalise(s)) == normalise(s)``.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    # Case folding can produce decomposed sequences (e.g. "İ" -> "i̇"); NFKC again
    # keeps the function idempotent.
    folded = unicodedata.normalize("NFKC", folded)
    return _NON_WORD.sub(" ", folded).strip()
