"""Submit a file that is not a notebook."""

NAME = "x10_invalid_json"
DESCRIPTION = "a truncated .ipynb that is not valid JSON"
EXPECT = {"status": "failed", "reason": "invalid notebook"}


def build(release, ctx):
    return b'{"cells": [{"cell_type": "code", "source": "print(1)"'
