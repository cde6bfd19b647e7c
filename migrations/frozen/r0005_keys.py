"""Index keys of revision 0005, frozen as ingest writes them while 0005 is the head revision.

Revision 0005 was added in 5450e74; 7f98d85 gave it its present form (template keys, evidence
sentences only), and 0d2c037 limited templates to two runs of names/figures. These are
``provenance.match.keys.sentence_keys`` and ``template_key`` as of 0d2c037 with the defaults of ``MatchConfig`` then (``stem_length`` 5, ``key_stems`` 4,
``key_min_word_length`` 4), ``provenance.match.words.STOPWORDS`` and ``stem``, and
``provenance.text.normalise`` and ``fingerprint``. The caches of the original are kept or
replaced by ``lru_cache``: they change the speed, not the keys. Loaded by the revision from this
file's path; it imports nothing of the project, and it never changes: a new key rule is a new
revision with its own frozen module.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from functools import lru_cache
from hashlib import blake2b
from itertools import combinations

STEM_LENGTH = 5
KEY_STEMS = 4
KEY_MIN_WORD_LENGTH = 4
TEMPLATE_MIN_WORDS = 4

_NON_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """``provenance.text.normalise``: NFKC, case folding, NFKC, runs of non-word characters to one space."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = unicodedata.normalize("NFKC", folded)
    return _NON_WORD.sub(" ", folded).strip()


def fingerprint(normalised: str) -> int:
    """``provenance.text.fingerprint``: signed 64-bit BLAKE2b of a normalised string."""
    digest = blake2b(normalised.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


STOPWORDS: frozenset[str] = frozenset(
    """
    a about above across after afterwards again against all almost along already also although always am
    among an and another any anyone anything are around as at be became because become becomes been before
    beforehand being below beside besides between both but by can cannot could did do does doing done down
    during each either else elsewhere enough etc even ever every few for former formerly from further had has
    have having he hence her here hers herself him himself his how however i ie if in indeed into is it its
    itself just least less let like ltd many may me meanwhile might more moreover most mostly much must my
    myself namely neither never nevertheless next no nobody none nor not nothing now of off often on once one
    only onto or other others otherwise our ours ourselves out over own per perhaps quite rather same shall
    she should since so some somehow someone something sometime sometimes somewhere still such than that the
    their theirs them themselves then thence there thereafter thereby therefore therein thereupon these they
    this those though through throughout thus to together too toward towards under until up upon us very via
    was we well were what whatever when whence whenever where whereas whereby wherein whether which while who
    whoever whole whom whose why will with within without would yet you your yours yourself yourselves
    s t d ll m re ve don doesn didn isn aren wasn weren hasn haven hadn wouldn shouldn couldn
    mr mrs ms dr
    say says said saying tell tells told add adds added stated stating noted according
    """.split()
)

_SUFFIXES = ("ingly", "edly", "ings", "ing", "ied", "ies", "ed", "es", "ly", "s")


def stem(word: str, length: int = STEM_LENGTH) -> str:
    """``provenance.match.words.stem``: drop one inflectional suffix, keep ``length`` letters."""
    if word[:1].isdigit():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: -len(suffix)]
            break
    return word[:length]


_MASK = (1 << 64) - 1


@lru_cache(maxsize=1 << 18)
def _stem_hash(stem_: str) -> int:
    """Unsigned 64-bit BLAKE2b of a stem: its place in every sketch."""
    return int.from_bytes(blake2b(b"w\x00" + stem_.encode("utf-8"), digest_size=8).digest(), "big")


def _pair_key(a: int, b: int) -> int:
    """Signed 64-bit key of two stems' hashes (``a < b``): SplitMix64's finaliser."""
    x = (a * 0x9E3779B97F4A7C15 + b) & _MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
    x ^= x >> 31
    return x - (1 << 64) if x >= 1 << 63 else x


@lru_cache(maxsize=1 << 18)
def _key_stem(word: str) -> str | None:
    if word in STOPWORDS:
        return None
    if word[:1].isdigit():
        return word if len(word) >= 2 else None
    return stem(word, STEM_LENGTH) if len(word) >= KEY_MIN_WORD_LENGTH else None


def key_stems(norm: str) -> set[str]:
    """Distinct stems of a normalised sentence that may become keys."""
    return {found for word in norm.split() if (found := _key_stem(word)) is not None}


def sentence_keys(norm: str) -> list[int]:
    """Candidate keys of a normalised sentence: its fingerprint, then one key per pair of sketch stems."""
    keys = [fingerprint(norm)]
    sketch = sorted(heapq.nsmallest(KEY_STEMS, map(_stem_hash, key_stems(norm))))
    keys.extend(_pair_key(a, b) for a, b in combinations(sketch, 2))
    return keys


_TOKEN = re.compile(r"\w+")


TEMPLATE_MAX_GAPS = 2


def template_key(text: str) -> int | None:
    """Key of a sentence's template (original text): without capitalised words after the first and
    tokens with a digit; None when nothing is left out, when those are more than ``TEMPLATE_MAX_GAPS``
    separate runs, or when fewer than ``TEMPLATE_MIN_WORDS`` words stay.

    Frozen as at 0d2c037/8019b30 (the runs limit came after 7f98d85 without a revision of its own):
    0005 is the revision whose keys ingest writes from then on, so a store it upgrades must hold the
    keys ingest would have written.
    """
    words = _TOKEN.findall(text)
    dropped = [
        bool((i and w[:1].isupper()) or (not w.isalpha() and any(c.isdigit() for c in w)))
        for i, w in enumerate(words)
    ]
    kept = [w for w, out in zip(words, dropped, strict=True) if not out]
    runs = sum(1 for i, out in enumerate(dropped) if out and (i == 0 or not dropped[i - 1]))
    if not runs or runs > TEMPLATE_MAX_GAPS or len(kept) < TEMPLATE_MIN_WORDS:
        return None
    digest = blake2b(b"t\x00" + normalise(" ".join(kept)).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def index_keys(sentence: str) -> list[int]:
    """What revision 0005 indexes for a sentence (original text): its candidate keys and template key."""
    template = template_key(sentence)
    return sentence_keys(normalise(sentence)) + ([] if template is None else [template])
