"""Tests of coursekit.trainer.review."""
