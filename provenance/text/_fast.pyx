# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False, cdivision=True
"""The per-sentence hot loops of ingest, compiled (Cython): the twin of ``provenance/text/_pure.py``.

Every function here returns exactly what its namesake in ``_pure.py`` returns, for every input
(``tests/text/test_fast.py`` checks them side by side); ``provenance.text.kernels`` picks one of the
two. The loops run over a sentence's characters or words in C: the same character classes as
Python's (``Py_UNICODE_ISALNUM`` is ``str.isalnum`` and what ``re``'s ``\\w`` tests, with ``_``), the
same 64-bit arithmetic as the pure code's masks.
"""

from cpython.mem cimport PyMem_Free, PyMem_Malloc
from cpython.object cimport PyObject_GenericSetAttr
from cpython.unicode cimport (
    Py_UNICODE_ISALNUM,
    Py_UNICODE_ISALPHA,
    Py_UNICODE_ISDIGIT,
    Py_UNICODE_ISSPACE,
    Py_UNICODE_ISUPPER,
    PyUnicode_DATA,
    PyUnicode_FromKindAndData,
    PyUnicode_KIND,
    PyUnicode_READ,
)
from libc.stdint cimport int64_t, uint64_t
from libc.stdlib cimport qsort

from provenance.text import _pure

cdef extern from "Python.h":
    bint PyUnicode_IS_ASCII(object o)

cdef object _MISSING = object()

# Python's character classes of the 128 ASCII characters, looked up instead of asked of the Unicode
# database (the same answers: the table is filled from Py_UNICODE_IS* below).
cdef enum:
    WORD = 1  # \w: str.isalnum() or "_"
    ALPHA = 2  # str.isalpha()
    DIGIT = 4  # str.isdigit()
    UPPER = 8  # str.isupper()
cdef unsigned char _ASCII_CLASS[128]


cdef inline unsigned char _class_of(Py_UCS4 c) noexcept:
    """WORD, ALPHA and DIGIT of ``c`` (DIGIT asked only of a character that is no letter)."""
    if c < 128:
        return _ASCII_CLASS[c] & (WORD | ALPHA | DIGIT)
    if not Py_UNICODE_ISALNUM(c):
        return 0
    if Py_UNICODE_ISALPHA(c):
        return WORD | ALPHA
    return WORD | (DIGIT if Py_UNICODE_ISDIGIT(c) else 0)


cdef inline bint _is_upper(Py_UCS4 c) noexcept:
    if c < 128:
        return _ASCII_CLASS[c] & UPPER
    return Py_UNICODE_ISUPPER(c)


cdef Py_UCS4 _c
for _c in range(128):
    _ASCII_CLASS[_c] = (
        (WORD if (Py_UNICODE_ISALNUM(_c) or _c == 95) else 0)
        | (ALPHA if Py_UNICODE_ISALPHA(_c) else 0)
        | (DIGIT if Py_UNICODE_ISDIGIT(_c) else 0)
        | (UPPER if Py_UNICODE_ISUPPER(_c) else 0)
    )


def ascii_fold(str text):
    """``text`` (ASCII) lower-cased, every run of characters other than letters and digits one space,
    no space at either end."""
    if not PyUnicode_IS_ASCII(text):
        raise ValueError("ascii_fold takes ASCII text")
    cdef Py_ssize_t n = len(text), i, j = 0
    if n == 0:
        return ""
    cdef const unsigned char* src = <const unsigned char*>PyUnicode_DATA(text)
    cdef unsigned char* out = <unsigned char*>PyMem_Malloc(n)
    cdef unsigned char c
    cdef bint gap = False
    if out is NULL:
        raise MemoryError()
    try:
        for i in range(n):
            c = src[i]
            if c >= 65 and c <= 90:  # A-Z
                c += 32
            elif not ((c >= 97 and c <= 122) or (c >= 48 and c <= 57)):  # neither a-z nor 0-9
                gap = True
                continue
            if gap and j:
                out[j] = 32
                j += 1
            gap = False
            out[j] = c
            j += 1
        return PyUnicode_FromKindAndData(1, out, j)
    finally:
        PyMem_Free(out)


def template_words(str text, Py_ssize_t max_gaps, Py_ssize_t min_words):
    """The words (``\\w+``) of ``text`` that are neither capitalised (after the first) nor hold a digit,
    joined by spaces; None when no word is left out, when the left-out words make more than
    ``max_gaps`` runs, or when fewer than ``min_words`` words are kept."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = len(text), i = 0, start, index = 0, runs = 0
    cdef Py_UCS4 c
    cdef unsigned char cls
    cdef bint alpha, digit, dropped, prev_dropped = False
    cdef list kept = []
    while i < n:
        c = PyUnicode_READ(kind, data, i)
        if not _class_of(c) & WORD:
            i += 1
            continue
        start = i
        alpha = True
        digit = False
        while i < n:
            c = PyUnicode_READ(kind, data, i)
            cls = _class_of(c)
            if not cls & WORD:
                break
            if not cls & ALPHA:
                alpha = False
                if cls & DIGIT:
                    digit = True
            i += 1
        dropped = (index > 0 and _is_upper(PyUnicode_READ(kind, data, start))) or (
            not alpha and digit
        )
        if dropped:
            if not prev_dropped:
                runs += 1
        else:
            kept.append(text[start:i])
        prev_dropped = dropped
        index += 1
    if not runs or runs > max_gaps or len(kept) < min_words:
        return None
    return " ".join(kept)


cdef inline uint64_t _mix(uint64_t a, uint64_t b) noexcept nogil:
    cdef uint64_t x = a * 0x9E3779B97F4A7C15ULL + b
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL
    return x ^ (x >> 31)


def pair_key(a, b):
    """Signed 64-bit key of two unsigned 64-bit hashes: SplitMix64's finaliser over ``a * φ + b``."""
    return <int64_t>_mix(<uint64_t>a, <uint64_t>b)


cdef int _compare(const void* a, const void* b) noexcept nogil:
    cdef uint64_t x = (<const uint64_t*>a)[0], y = (<const uint64_t*>b)[0]
    return (x > y) - (x < y)


def sketch_pair_keys(str norm, dict known, miss, Py_ssize_t k):
    """The pair key of every two of the ``k`` smallest distinct word hashes of ``norm`` (in
    ``itertools.combinations`` order). A word's hash (an unsigned 64-bit int, or None for a word that
    has none) is looked up in ``known``, else computed by ``miss(word)`` and stored there."""
    cdef list words = norm.split()
    cdef Py_ssize_t n = len(words), m = 0, u, i, j
    cdef uint64_t x
    cdef uint64_t* hashes = <uint64_t*>PyMem_Malloc((n if n else 1) * sizeof(uint64_t))
    cdef list out = []
    if k < 0:
        PyMem_Free(hashes)
        raise ValueError("k must be 0 or more")
    if hashes is NULL:
        raise MemoryError()
    try:
        for word in words:
            found = known.get(word, _MISSING)
            if found is _MISSING:
                found = miss(word)
                known[word] = found
            if found is not None:
                hashes[m] = <uint64_t>found
                m += 1
        if m == 0:
            return out
        if m <= 32:  # (a sentence's few: an insertion sort, no call per comparison)
            for i in range(1, m):
                x = hashes[i]
                j = i - 1
                while j >= 0 and hashes[j] > x:
                    hashes[j + 1] = hashes[j]
                    j -= 1
                hashes[j + 1] = x
        else:
            qsort(hashes, m, sizeof(uint64_t), _compare)
        u = 1
        for i in range(1, m):
            if hashes[i] != hashes[u - 1]:
                hashes[u] = hashes[i]
                u += 1
        if u > k:
            u = k
        for i in range(u):
            for j in range(i + 1, u):
                out.append(<int64_t>_mix(hashes[i], hashes[j]))
        return out
    finally:
        PyMem_Free(hashes)


cdef inline bint _has_word(int kind, void* data, Py_ssize_t start, Py_ssize_t end) noexcept:
    """Whether ``text[start:end]`` holds a character re's ``\\w`` matches."""
    cdef Py_ssize_t i
    for i in range(start, end):
        if _class_of(PyUnicode_READ(kind, data, i)) & WORD:
            return True
    return False


cdef inline void _trim_into(list out, int kind, void* data, Py_ssize_t start, Py_ssize_t end):
    while start < end and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, start)):
        start += 1
    while end > start and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, end - 1)):
        end -= 1
    if _has_word(kind, data, start, end):
        out.append((start, end))


def sentence_spans(str text, list offsets, list breaks):
    """The sentences of ``text`` as ``(start, end)`` spans: Bling Fire's ``offsets`` (ascending
    ``(start, end)`` pairs) with what they skip folded into the next sentence, cut again at every
    offset of ``breaks`` (ascending) inside one, trimmed of white space; spans with no ``\\w``
    character are dropped. ValueError for an offset or a break outside the text."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = len(text), nb = len(breaks), bi = 0, j, prev_end = 0, start, end, cut, b
    cdef list out = []
    for b in breaks:
        if b < 0 or b > n:
            raise ValueError(f"break {b} outside a text of {n} characters")
    for pair in offsets:
        start, end = pair
        if start < 0 or end < 0 or start > n or end > n:
            raise ValueError(f"offset {pair!r} outside a text of {n} characters")
        if start > prev_end and _has_word(kind, data, prev_end, start):
            start = prev_end
        prev_end = end
        while bi < nb and <Py_ssize_t>breaks[bi] <= start:
            bi += 1
        cut = start
        j = bi
        while j < nb:
            b = breaks[j]
            if b >= end:
                break
            _trim_into(out, kind, data, cut, b)
            cut = b
            j += 1
        _trim_into(out, kind, data, cut, end)
    if _has_word(kind, data, prev_end, n):
        _trim_into(out, kind, data, prev_end, n)
    return out


def text_lines(str text):
    """Every line of ``text`` (split at ``\\r\\n``, ``\\r``, ``\\n``, U+2028, U+2029, U+0085) as
    ``(start, end, after, stripped, length)``: its first offset, the offset of its line break, the
    offset after the break, the line without surrounding white space, and its width without trailing
    white space. The last line ends at the end of the text, with no break."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = len(text), i = 0, pos = 0, after, rb, la
    cdef Py_UCS4 c
    cdef list out = []
    while True:
        after = -1
        while i < n:
            c = PyUnicode_READ(kind, data, i)
            if c == 13:  # "\r", "\r\n"
                after = i + 2 if i + 1 < n and PyUnicode_READ(kind, data, i + 1) == 10 else i + 1
                break
            if c == 10 or c == 0x2028 or c == 0x2029 or c == 0x85:
                after = i + 1
                break
            i += 1
        if after < 0:
            i = n
            after = n
        rb = i
        while rb > pos and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, rb - 1)):
            rb -= 1
        la = pos
        while la < rb and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, la)):
            la += 1
        out.append((pos, i, after, text[la:rb], rb - pos))
        if i >= n:
            return out
        pos = i = after


def join_titles(str text, list offsets, title):
    """``offsets`` (``(start, end)`` pairs) with a span joined to the one before it when it starts with
    a capital and the one before ends, after trailing white space, with a period where
    ``title.search(text, max(start, last - 5), end)`` finds a title (``last``: the offset after that
    period). ValueError for an offset outside the text."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = len(text), start, end, prev_start = 0, prev_end = 0, last
    cdef list out = []
    for pair in offsets:
        start, end = pair
        if start < 0 or end < 0 or start > n or end > n:
            raise ValueError(f"offset {pair!r} outside a text of {n} characters")
        if out and start < n and Py_UNICODE_ISUPPER(PyUnicode_READ(kind, data, start)):
            last = prev_end if prev_end > prev_start else prev_start
            while last > prev_start and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, last - 1)):
                last -= 1
            if (
                last > 0
                and PyUnicode_READ(kind, data, last - 1) == 46  # "."
                and title.search(text, max(prev_start, last - 5), prev_end) is not None
            ):
                prev_end = end
                out[len(out) - 1] = (prev_start, end)  # (no wraparound: not out[-1])
                continue
        prev_start, prev_end = start, end
        out.append((start, end))
    return out


cdef class _FrozenMaker:
    """``cls(*values)`` for a frozen dataclass: each field set through the slot, as the generated
    ``__init__`` does with ``object.__setattr__``, without a Python call per field."""

    cdef object cls
    cdef tuple names

    def __init__(self, cls, tuple names):
        self.cls = cls
        self.names = names

    def __call__(self, *values):
        cdef Py_ssize_t i, n = len(self.names)
        if len(values) != n:
            raise TypeError(f"{self.cls.__name__} takes {n} values, not {len(values)}")
        obj = self.cls.__new__(self.cls)
        for i in range(n):
            PyObject_GenericSetAttr(obj, self.names[i], values[i])
        return obj


def frozen_maker(cls):
    """A function making ``cls(*values)``, all its fields given in order, for a frozen dataclass with
    slots whose ``__init__`` only stores its fields (no ``__post_init__``, no init-only or
    ``init=False`` fields); ValueError for another class."""
    names = _pure.frozen_fields(cls)
    return _FrozenMaker(cls, names)
