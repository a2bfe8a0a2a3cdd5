"""Tests of coursekit.trainer.author."""
