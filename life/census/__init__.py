"""Object census: stabilise patterns, separate their ash into objects, name them by apgcode, count soups, and
sweep soup sizes for emergent abilities (``life census``, ``life emerge``).

Importing this package loads Numba (compiling nothing); the click commands live in ``life.cli.census``.
"""

from .apgcode import apgcode, canonical_wechsler, decode_apgcode, wechsler
from .objects import GLIDER, Classifier, ClusterInfo, Obj
from .soups import SoupCensus, census_soups, soup_pattern
from .stabilise import Outcome, stabilise

__all__ = ["apgcode", "canonical_wechsler", "decode_apgcode", "wechsler", "GLIDER", "Classifier",
           "ClusterInfo", "Obj", "SoupCensus", "census_soups", "soup_pattern", "Outcome", "stabilise"]
