"""Candidate-index keys of a sentence.

The store indexes ``sentence_keys(norm)`` of every stored sentence (key BIGINT ->
sentence) and finds the candidate earlier documents of a new article as those
sharing keys with it, ignoring keys whose document frequency is very high; it
then runs :func:`provenance.match.align` against each candidate. The keys are:

1. the sentence fingerprint (``provenance.text.fingerprint(norm)``): verbatim reuse;
2. one key for every pair of stems of a bottom-k sketch of the sentence's
   content stems: the ``key_stems`` stems with the smallest BLAKE2b hash.
   Because every sentence picks by the same hash order, a stem shared by two
   sentences tends to be picked by both: this is min-hash sampling, and two
   sentences share a pair key exactly when their sketches share two stems, with
   a probability that grows with the overlap of their content words, whatever
   the order, inflection or the synonyms around them (paraphrase). Two
   sketches sharing three stems share three pair keys.

A pair of stems is far more selective than a single stem ("iran" is in every
story about Iran; "iran" with "araji" is not), so the postings a new article
fetches stay few however large the store grows. At most
``1 + C(key_stems, 2)`` keys (7 by default), all signed 64-bit. Stopwords,
content words shorter than ``key_min_word_length`` letters and one-digit
numbers are not used. Keys depend on ``stem_length``, ``key_stems`` and
``key_min_word_length``: a store must re-index if they change (a migration does).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from hashlib import blake2b
from itertools import combinations

from provenance.match.model import DEFAULT_CONFIG, MatchConfig
from provenance.match.words import STOPWORDS, stem
from provenance.text import fingerprint, normalise
from provenance.text.kernels import pair_key, sketch_pair_keys, template_words


@lru_cache(maxsize=1 << 18)
def _stem_hash(stem_: str) -> int:
    """Unsigned 64-bit BLAKE2b of a stem: its place in every sketch."""
    return int.from_bytes(blake2b(b"w\x00" + stem_.encode("utf-8"), digest_size=8).digest(), "big")


_KEY_STEMS: dict[tuple[int, int], dict[str, str | None]] = {}  # (min length, stem length) -> word -> stem
# ... -> (word -> its stem's hash, the function computing one)
_KEY_HASHES: dict[tuple[int, int], tuple[dict[str, int | None], Callable[[str], int | None]]] = {}
_KEY_STEMS_MAX = 1 << 18  # words remembered per setting (the cache starts again when full)


def _key_stem(word: str, min_length: int, stem_length: int) -> str | None:
    if word in STOPWORDS:
        return None
    if word[:1].isdigit():
        return word if len(word) >= 2 else None
    return stem(word, stem_length) if len(word) >= min_length else None


def key_stems(norm: str, config: MatchConfig = DEFAULT_CONFIG) -> set[str]:
    """Distinct stems of a normalised sentence that may become keys."""
    setting = (config.key_min_word_length, config.stem_length)
    known = _KEY_STEMS.setdefault(setting, {})
    if len(known) > _KEY_STEMS_MAX:
        known.clear()
    out = set()
    for word in norm.split():
        try:
            found = known[word]
        except KeyError:
            found = known[word] = _key_stem(word, *setting)
        if found is not None:
            out.add(found)
    return out


def _word_hashes(config: MatchConfig) -> tuple[dict[str, int | None], Callable[[str], int | None]]:
    """The word -> stem hash cache of ``config``'s setting (emptied when full), and what fills it."""
    setting = (config.key_min_word_length, config.stem_length)
    try:
        known, miss = _KEY_HASHES[setting]
    except KeyError:

        def miss(word: str) -> int | None:
            found = _key_stem(word, *setting)
            return None if found is None else _stem_hash(found)

        known, miss = _KEY_HASHES[setting] = ({}, miss)
    if len(known) > _KEY_STEMS_MAX:
        known.clear()
    return known, miss


def sentence_keys(norm: str, *, config: MatchConfig = DEFAULT_CONFIG) -> list[int]:
    """Candidate-index keys of a normalised sentence (the fingerprint first; no duplicates): the pair
    keys of the ``key_stems`` smallest stem hashes of its words (each word mapped straight to its
    stem's hash)."""
    known, miss = _word_hashes(config)
    keys = [fingerprint(norm)]
    keys += sketch_pair_keys(norm, known, miss, config.key_stems)
    return keys


def probe_keys(norm: str, *, config: MatchConfig = DEFAULT_CONFIG, max_stems: int = 40) -> list[int]:
    """Keys that find every stored sentence whose sketch has two stems in this text (for ``trace``).

    The fingerprint and a key for every pair of the text's stems (its first ``max_stems``), not only
    of its sketch: a phrase finds the longer sentence it was cut from.
    """
    hashes = sorted(_stem_hash(s) for s in sorted(key_stems(norm, config))[:max_stems])
    return [fingerprint(norm), *(pair_key(a, b) for a, b in combinations(hashes, 2))]


TEMPLATE_MIN_WORDS = 4
TEMPLATE_MAX_GAPS = (
    2  # runs of names/figures left out; more (German nouns, a busy news sentence): no template
)


def template_key(text: str) -> int | None:
    """Key of a sentence's template: the sentence without its names and figures (original text).

    A line that recurs with another name in it ("Write to the newsroom of The Daily Post; we read
    every message.") has one template across publishers, so it can be found to be boilerplate long
    before any one version of it is. Capitalised words after the first and tokens with a digit are
    left out; None when nothing is left out (the fingerprint says it all), when they are more than
    ``TEMPLATE_MAX_GAPS`` separate runs (a sentence with names all over, or German, whose nouns are
    capitalised, is not a template) or when fewer than ``TEMPLATE_MIN_WORDS`` words stay.
    """
    kept = template_words(text, TEMPLATE_MAX_GAPS, TEMPLATE_MIN_WORDS)
    if kept is None:
        return None
    digest = blake2b(b"t\x00" + normalise(kept).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)
