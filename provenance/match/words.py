"""Word-level helpers shared by matching and candidate keys.

Stopwords are a small hand-written English list (function words, pronouns,
auxiliaries, and the commonest reporting verbs of news copy, which writers swap
freely: "said"/"stated"/"added"). Stemming is a prefix stemmer: a word loses one common inflectional suffix
("-s", "-ed", "-ing", ...) and is then represented by its first ``stem_length``
letters, which conflates most English inflection and derivation
("supported"/"supporting", "security"/"secure", "headed"/"head") at no cost and
with no language data.
"""

from __future__ import annotations

import re
from functools import lru_cache

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


@lru_cache(maxsize=1 << 17)
def stem(word: str, length: int = 5) -> str:
    """Light stem: drop one common inflectional suffix, then keep the first ``length`` letters.

    Numbers are kept whole. "headed" -> "head", "supported" -> "suppo", "security" -> "secur".
    """
    if word[:1].isdigit():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: -len(suffix)]
            break
    return word[:length]


_DIGIT = re.compile(r"\d").search


def is_number(word: str) -> bool:
    """True for a token that carries a digit (a figure, a date, an amount)."""
    return not word.isalpha() and _DIGIT(word) is not None
