"""Old path of :mod:`coursekit.trainer.grade.trust`, kept for course configs (``nbgrader_config.py``) that import it."""

from coursekit.trainer.grade.trust import (
    TRUST_CELL_KEY,
    CheckTampering,
    TrustLockedCells,
    configure,
    trust_cell_source,
)

__all__ = ["TRUST_CELL_KEY", "CheckTampering", "TrustLockedCells", "configure", "trust_cell_source"]
