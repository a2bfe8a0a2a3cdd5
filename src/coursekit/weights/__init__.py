"""Weighting methods: AHP (:mod:`.ahp`), the entropy weight method
(:mod:`.entropy`) and the named random-index tables (:mod:`.random_index`).

>>> from coursekit import weights
>>> weights.ahp([[1, 2], [1/2, 1]], labels=["质量", "效率"]).weights.round(3).to_dict()
{'质量': 0.667, '效率': 0.333}
"""

from coursekit.weights.ahp import (
    CR_THRESHOLD,
    METHODS,
    AHPResult,
    HierarchicalAHPResult,
    ahp,
    hierarchical_ahp,
    hierarchical_weights,
    pairwise_matrix,
    saaty_scale_value,
)
from coursekit.weights.entropy import entropy, entropy_details
from coursekit.weights.random_index import (
    RANDOM_INDEX_SOURCES,
    RANDOM_INDEX_TABLES,
    random_index,
    random_index_table,
)

__all__ = [
    "AHPResult",
    "CR_THRESHOLD",
    "HierarchicalAHPResult",
    "METHODS",
    "RANDOM_INDEX_SOURCES",
    "RANDOM_INDEX_TABLES",
    "ahp",
    "entropy",
    "entropy_details",
    "hierarchical_ahp",
    "hierarchical_weights",
    "pairwise_matrix",
    "random_index",
    "random_index_table",
    "saaty_scale_value",
]
