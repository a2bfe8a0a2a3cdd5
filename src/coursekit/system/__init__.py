"""KPI systems: normalisation (:mod:`.normalise`), the system model
(:mod:`.model`, built from :mod:`.indicator`, :mod:`.score`, :mod:`.changes`,
:mod:`.describe` and :mod:`.io`), indicator cards (:mod:`.cards`), the
compliance gate (:mod:`.gate`) and example systems (:mod:`.examples`).

>>> from coursekit.system import example_system
>>> example_system("services").describe().shape
(8, 8)
"""

from coursekit.system.cards import IndicatorCards, indicator_cards, missing_card_fields
from coursekit.system.examples import EXAMPLE_SYSTEMS, example_system
from coursekit.system.gate import compliance_gate
from coursekit.system.model import CARD_FIELDS, WEIGHT_TOLERANCE, Dimension, Indicator, KPISystem, SystemScore
from coursekit.system.normalise import DIRECTIONS, NORMALISE_METHODS, normalise

__all__ = [
    "CARD_FIELDS",
    "DIRECTIONS",
    "Dimension",
    "EXAMPLE_SYSTEMS",
    "Indicator",
    "IndicatorCards",
    "KPISystem",
    "NORMALISE_METHODS",
    "SystemScore",
    "WEIGHT_TOLERANCE",
    "compliance_gate",
    "example_system",
    "indicator_cards",
    "missing_card_fields",
    "normalise",
]
