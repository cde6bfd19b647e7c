"""Normalisation used for fingerprints and matching.

``normalise`` maps text to a canonical form in which trivial differences vanish,
and so do the tricks that hide a copy from a matcher:

0. words broken across line ends are joined (:func:`join_line_breaks`: "num-⏎ber",
   soft hyphens), page numbers on their own line dropped;
1. invisible characters are removed (:func:`strip_invisible`): every format
   character (Unicode category Cf: zero-width space, joiner and non-joiner, word
   joiner, soft hyphen, BOM, the bidi controls) and every default-ignorable code
   point (variation selectors, Hangul fillers, tags), so "wo\u200brd" is "word";
2. Unicode compatibility forms (NFKC);
3. look-alike letters are folded (:func:`fold_confusables`) with the confusables
   skeleton of Unicode's UTS #39 (ICU's ``SpoofChecker``), but only where they
   pose as another script: in a word whose letters mix scripts ("pаypаl" with a
   Cyrillic а) and in a word written wholly in letters that pose as the text's
   main script ("а" for the English article). A word wholly in Cyrillic in Russian
   text stays Cyrillic;
4. letter case (full case folding), and every run of punctuation and whitespace
   (all quote, apostrophe, dash and hyphen characters among them) becomes one
   space. "Amir-Abdollahian" and "Amir Abdollahian" normalise alike, and so do
   "Iraq’s" and "Iraq's".

The original text is never replaced: callers keep it (and character offsets into
it) for display. ``NORMALISATION_VERSION`` names this rule: stored fingerprints
depend on it, so a change to it comes with a migration that re-fingerprints the
store (``migrations/versions/0007_normalisation_v2.py`` for version 2) and a new
version number (``tests/text/test_normalise.py`` pins the output on a probe text).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

import icu

from provenance.text.kernels import ascii_fold

NORMALISATION_VERSION = 2  # 1: NFKC, case folding, punctuation runs (revisions 0001-0006)

# Any run of characters that are not letters or digits (punctuation of every
# script, symbols, quotes, dashes, hyphens, whitespace, underscores) becomes one
# space. This unifies all quote/apostrophe/dash variants by construction.
_NON_WORD = re.compile(r"[\W_]+")
_WORD = re.compile(r"[^\W_]+")

_INVISIBLE_SET = icu.UnicodeSet("[[:Cf:][:Default_Ignorable_Code_Point:]]")
# Scripts that never make a word "mixed": Common (digits, punctuation), Inherited (combining marks),
# Unknown. Han, Hiragana, Katakana, Hangul and Bopomofo are written together in one word (Japanese,
# Korean, Chinese with Bopomofo): UTS #39's augmented script sets count them as one.
_NEUTRAL = frozenset({"Zyyy", "Zinh", "Zzzz"})
_CJK = "Hani"
_CJK_SCRIPTS = frozenset({"Hani", "Hira", "Kana", "Hang", "Bopo"})
_SPOOF = icu.SpoofChecker()
_MAX_FOLDS = 8


def _ranges(uset: icu.UnicodeSet) -> str:
    return "".join(
        f"\\U{ord(str(uset.getRangeStart(i))):08x}-\\U{ord(str(uset.getRangeEnd(i))):08x}"
        for i in range(uset.getRangeCount())
    )


_INVISIBLE = re.compile(f"[{_ranges(_INVISIBLE_SET)}]")


def strip_invisible(text: str) -> str:
    """``text`` without format characters (Cf) and default-ignorable code points."""
    return _INVISIBLE.sub("", text)


@lru_cache(maxsize=1 << 16)
def _script(ch: str) -> str:
    name = str(icu.Script.getScript(ch).getShortName())
    return _CJK if name in _CJK_SCRIPTS else name


@lru_cache(maxsize=1 << 16)
def _skeleton(ch: str) -> str:
    return str(_SPOOF.getSkeleton(0, ch))


@lru_cache(maxsize=64)
def _letters_by_skeleton(script: str) -> dict[str, tuple[str, ...]]:
    """The NFKC-stable letters of ``script``, by their UTS #39 skeleton."""
    pattern = "[[:Han:][:Hiragana:][:Katakana:][:Hangul:][:Bopomofo:]]" if script == _CJK else None
    letters = icu.UnicodeSet(pattern or f"[[:sc={script}:]&[:L:]]")
    table: dict[str, list[str]] = {}
    for ch in letters:
        ch = str(ch)
        if len(ch) == 1 and unicodedata.normalize("NFKC", ch) == ch:
            table.setdefault(_skeleton(ch), []).append(ch)
    return {k: tuple(v) for k, v in table.items()}


@lru_cache(maxsize=1 << 14)
def _lookalike(ch: str, script: str) -> str | None:
    """The letter of ``script`` that ``ch`` poses as (the same skeleton), or None.

    Of several, the one of ``ch``'s case (Cyrillic "І" is Latin "I", "і" is "i", though "I" and "l"
    share a skeleton), then the skeleton's own prototype, then ASCII, then the lowest code point.
    """
    key = _skeleton(ch)
    found = _letters_by_skeleton(script).get(key)
    if not found:
        return None

    def rank(c: str) -> tuple[bool, bool, bool, int]:
        return (c.isupper() != ch.isupper(), unicodedata.normalize("NFD", c) != key, not c.isascii(), ord(c))

    return min(found, key=rank)


_NON_ASCII_LETTER = re.compile(r"[^\W\d_a-zA-Z]")
_NON_ASCII_WORD = re.compile(r"[^\W_]*[^\W\d_a-zA-Z][^\W_]*")
_ASCII_LETTER = re.compile(r"[a-zA-Z]")


@lru_cache(maxsize=64)
def _other_letter(script: str) -> re.Pattern[str]:
    """A letter of no script but ``script`` (and Common, Inherited): the text is not all one script."""
    scripts = _CJK_SCRIPTS if script == _CJK else {script}
    own = "".join(f"[:sc={s}:]" for s in sorted(scripts))
    return re.compile(r"[^\W\d_" + _ranges(icu.UnicodeSet(f"[{own}[:sc=Zyyy:][:sc=Zinh:]]")) + "]")


@lru_cache(maxsize=1 << 18)
def _word_scripts(word: str) -> Counter[str]:
    """How many letters of each script ``word`` has (not to be changed: it is cached)."""
    return Counter(s for c in word if c.isalpha() and (s := _script(c)) not in _NEUTRAL)


@lru_cache(maxsize=1 << 18)
def _fold_word(word: str, context: str | None) -> str:
    scripts = _word_scripts(word)
    if not scripts:
        return word
    if len(scripts) == 1:
        (script,) = scripts
        if context != "Latn" or script == context:
            return word
        # A word wholly in another script in Latin text: folded only if every letter poses as a basic
        # Latin letter ("а" for the article "a", "сор" for "cop"); a word of real Cyrillic ("мир",
        # "Известия") has letters that do not, and is left alone.
        folded = [_lookalike(c, context) if c.isalpha() and _script(c) == script else c for c in word]
        if not all(f is not None and f.isascii() for f in folded):
            return word
        return "".join(f for f in folded if f is not None)
    # Mixed: the script the other letters can be folded into (each has a look-alike there), then the
    # script of most letters ("Москвa" is Cyrillic), then the text's main script.
    letters = [(c, _script(c)) for c in word if c.isalpha() and _script(c) not in _NEUTRAL]

    def rank(target: str) -> tuple[int, int, bool, str]:
        unfoldable = sum(1 for c, s in letters if s != target and _lookalike(c, target) is None)
        return (unfoldable, -scripts[target], target != context, target)

    target = min(scripts, key=rank)
    return "".join(
        (_lookalike(c, target) or c) if c.isalpha() and _script(c) not in _NEUTRAL | {target} else c
        for c in word
    )


def _fold_once(text: str) -> str:
    first = _NON_ASCII_LETTER.search(text)
    if first is None:  # letters of ASCII only (quotes and dashes may be non-ASCII)
        return text
    script = _script(first.group())
    if script not in _NEUTRAL and _other_letter(script).search(text) is None:
        return text  # one script throughout: nothing poses as another
    counts: Counter[str] = Counter({"Latn": len(_ASCII_LETTER.findall(text))})
    mixed = False
    for w in _NON_ASCII_WORD.findall(text):
        scripts = _word_scripts(w)
        mixed = mixed or len(scripts) > 1
        counts.update(scripts)
    counts = +counts
    if not mixed and (len(counts) < 2 or counts.most_common(1)[0][0] != "Latn"):
        return text  # only Latin text has whole words folded; no word mixes scripts
    context = counts.most_common(1)[0][0]
    return _WORD.sub(lambda m: m.group() if m.group().isascii() else _fold_word(m.group(), context), text)


def fold_confusables(text: str) -> str:
    """Fold letters posing as another script's into that script (UTS #39 skeleton, per word).

    A word mixing scripts has its minority letters replaced by the look-alike letter of its majority
    script (ties: the text's main script); a word wholly in a script other than the text's main one
    (the script of most of its letters) is folded into the main script when every letter has a
    look-alike there. Words of one script in text of that script are never changed, so Russian stays
    Cyrillic and Greek stays Greek. ASCII text is returned as it is. Repeated to a fixed point (a fold
    can change which script is the text's main one), so folding twice changes nothing.
    """
    for _ in range(_MAX_FOLDS):
        folded = _fold_once(text)
        if folded == text:
            break
        text = folded
    return text


_BREAK = r"(?:\r\n|[\n\r\u2028\u2029\x85])"
_SOFT_HYPHEN_BREAK = re.compile(rf"\u00ad[ \t]*{_BREAK}\s*")
_HYPHEN_BREAK = re.compile(rf"(?<![\W_])([^\W\d_]+)-[ \t]*{_BREAK}\s*(?=([^\W\d_]+))")
_NUMBER_LINE = re.compile(rf"{_BREAK}[ \t]*[-–—(\[]?\s?\d{{1,4}}\s?[-–—)\]]?[ \t]*(?={_BREAK}|$)")


def join_line_breaks(text: str) -> str:
    """Words broken across a line end joined again, and page numbers on their own line dropped.

    A soft hyphen (U+00AD) at a line end always joins ("num\u00ad⏎ber": "number"). A hyphen at a line
    end before a lower-case letter joins too ("num-⏎ber": "number"; and a word in capitals,
    "CALAVE-⏎RAS"), unless the hyphenated form is
    written within a line of the same text ("well-⏎known" stays "well-known" where "well-known"
    occurs); before a capital or a digit it stays ("anti-⏎American"). A line holding only a number
    ("12", "- 12 -", "[12]") after another line is a page or column number: left out.
    """
    if text.isascii():  # (only two of the line ends are ASCII)
        if "\n" not in text and "\r" not in text:
            return text
    elif not any(c in text for c in "\n\r\u2028\u2029\x85"):
        return text
    text = _SOFT_HYPHEN_BREAK.sub("", text)
    text = _NUMBER_LINE.sub("", text)
    folded = text.casefold()

    def join(m: re.Match[str]) -> str:
        before, after = m.group(1), m.group(2)
        split = after[0].islower() or (before.isupper() and after.isupper())  # "CALAVE-⏎RAS" too
        if not split or f"{before}-{after}".casefold() in folded:
            return before + "-"
        return before

    return _HYPHEN_BREAK.sub(join, text)


def normalise(text: str) -> str:
    """Return the canonical matching form of ``text``.

    Idempotent: ``normalise(normalise(s)) == normalise(s)``.
    """
    if not (text.isascii() and "\n" not in text and "\r" not in text):  # (else no line break to join)
        text = join_line_breaks(text)
    if text.isascii():
        # The same as below, faster: no invisible or look-alike character, NFKC changes nothing, and
        # every character that is not a letter or digit becomes a space, runs of them one.
        return ascii_fold(text)
    text = fold_confusables(unicodedata.normalize("NFKC", strip_invisible(text)))
    # Case folding can produce decomposed sequences (e.g. "İ" -> "i̇"); NFKC again keeps the function
    # idempotent, and so does folding again (a small letter can pose where its capital did not).
    folded = fold_confusables(unicodedata.normalize("NFKC", text.casefold()))
    return _NON_WORD.sub(" ", folded).strip()
