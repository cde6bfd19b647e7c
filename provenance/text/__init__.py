"""Pure functions over strings: normalise, segment, fingerprint.

Nothing here knows about files, the database or the command line.
"""

from provenance.text.fingerprint import fingerprint
from provenance.text.normalise import NORMALISATION_VERSION, normalise
from provenance.text.segment import Segment, segment

__all__ = ["NORMALISATION_VERSION", "Segment", "fingerprint", "normalise", "segment"]
