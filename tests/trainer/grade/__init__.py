"""Tests of coursekit.trainer.grade."""
