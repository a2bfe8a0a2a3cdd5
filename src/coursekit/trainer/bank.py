"""Old path of :mod:`coursekit.trainer.author.bank`, kept for ``tests/hub`` until it imports the new path."""

from coursekit.trainer.author.bank import ValidAnswer, WrongAnswer, apply, load_bank, load_valid_bank, validate

__all__ = ["ValidAnswer", "WrongAnswer", "apply", "load_bank", "load_valid_bank", "validate"]
