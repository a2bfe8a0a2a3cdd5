"""Static flags on trainee code."""

from __future__ import annotations

import json
from pathlib import Path

from nbformat.v4 import new_code_cell, new_notebook

from coursekit.trainer.grade.scan import PATTERNS, scan_notebook, scan_source, scan_submission


def test_each_pattern_has_an_example() -> None:
    examples = {
        "rewrites cells (IPython hooks)": "get_ipython().ast_transformers.append(t)",
        "patches builtins or modules": "import builtins; builtins.abs = lambda x: 0",
        "reads grader environment": "os.environ.get('NBGRADER_EXECUTION')",
        "touches the gradebook": "sqlite3.connect('gradebook.db')",
        "runs programs or forks": "os.fork()",
        "uses the network": "import socket",
        "low-level access": "import ctypes",
        "looks outside its folder": "open('../../source/ps1/ps1.ipynb')",
    }
    assert set(examples) == {label for label, _ in PATTERNS}
    for label, code in examples.items():
        assert label in scan_source(code), label


def test_ordinary_answers_are_not_flagged() -> None:
    code = ("import pandas as pd\nimport numpy as np\n"
            "df = pd.read_csv('tickets.csv')\nfcr = df['resolved_first_contact'].mean()\n"
            "weights = np.array([0.5, 0.3, 0.2])\nprint(f'FCR = {fcr:.1%}')")
    assert scan_source(code) == []


def test_locked_and_test_cells_are_not_scanned(tmp_path: Path) -> None:
    test = new_code_cell("import os\nassert 'NBGRADER' not in os.environ")
    test.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True}
    answer = new_code_cell("import subprocess")
    answer.metadata["nbgrader"] = {"grade": False, "solution": True, "locked": False}
    nb = new_notebook(cells=[test, answer])
    assert scan_notebook(nb) == ["runs programs or forks"]
    folder = tmp_path / "sub"
    folder.mkdir()
    (folder / "a.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    (folder / "broken.ipynb").write_text("{", encoding="utf-8")
    assert scan_submission(folder) == ["runs programs or forks"]
