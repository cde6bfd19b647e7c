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

from hashlib import blake2b
from itertools import combinations

from provenance.match.model import DEFAULT_CONFIG, MatchConfig
from provenance.match.words import STOPWORDS, stem
from provenance.text import fingerprint


def _hash(text: str) -> int:
    """Signed 64-bit BLAKE2b, as ``provenance.text.fingerprint``."""
    return int.from_bytes(blake2b(text.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


def key_stems(norm: str, config: MatchConfig = DEFAULT_CONFIG) -> set[str]:
    """Distinct stems of a normalised sentence that may become keys."""
    out = set()
    for word in norm.split():
        if word in STOPWORDS:
            continue
        if word[:1].isdigit():
            if len(word) >= 2:
                out.add(word)
        elif len(word) >= config.key_min_word_length:
            out.add(stem(word, config.stem_length))
    return out


def sentence_keys(norm: str, *, config: MatchConfig = DEFAULT_CONFIG) -> list[int]:
    """Candidate-index keys of a normalised sentence (the fingerprint first; no duplicates)."""
    keys = [fingerprint(norm)]
    sketch = sorted(s for _, s in sorted((_hash("w\x00" + s), s) for s in key_stems(norm, config))[: config.key_stems])
    keys.extend(_hash(f"p\x00{a}\x00{b}") for a, b in combinations(sketch, 2))
    return list(dict.fromkeys(keys))


def probe_keys(norm: str, *, config: MatchConfig = DEFAULT_CONFIG, max_stems: int = 40) -> list[int]:
    """Keys that find every stored sentence whose sketch has two stems in this text (for ``trace``).

    The fingerprint and a key for every pair of the text's stems (its first ``max_stems``), not only
    of its sketch: a phrase finds the longer sentence it was cut from.
    """
    stems = sorted(key_stems(norm, config))[:max_stems]
    return [fingerprint(norm), *(_hash(f"p\x00{a}\x00{b}") for a, b in combinations(stems, 2))]
