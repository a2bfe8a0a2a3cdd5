"""The static tamper scan: what it flags, and the honest code it must leave alone."""

from __future__ import annotations

import pytest

from coursekit.exercise.tamper import find_tampering

#: Honest answers in the style of the course's exercises: none may be flagged
#: (a false positive would cost a trainee points for a right answer).
HONEST = [
    "import numpy as np\nimport pandas as pd\nimport coursekit as ck",
    "from scipy import stats\nt, p = stats.ttest_rel(post, pre)",
    "import scipy.stats as st\nres = st.linregress(x, y)",
    "pd.options.display.max_rows = 20\npd.set_option('display.precision', 3)",
    "import matplotlib.pyplot as plt\nplt.rcParams['font.size'] = 12",
    "sum_ = df['x'].sum()\ntotal = sum(values)\nmax_h = hours.max()",
    "sum = 0\nfor v in values:\n    sum += v",  # shadows a builtin with data, not a function
    "max = df['x'].max()",
    "stats = df.describe()",
    "fcr = tickets.groupby('agent_id')['first_contact_resolved'].mean()",
    "out = df.eval('a + b')\nq = df.query('x > 1')",
    "ck.exercise.verify()",
    "def top2box(scores):\n    s = pd.Series(scores, dtype=float).dropna()\n    return float((s >= 4).mean())",
    "w = getattr(result, 'weights', None)",
    "import importlib\nm = importlib.import_module('math')",
    "class Card:\n    def __init__(self, code):\n        self.code = code",
    "import math\nx = math.sqrt(2)",
    "from coursekit.exercise import design",
]

#: Code that fakes or bypasses the checks, and the construct that must be named.
TAMPERING = {
    "np.allclose = lambda *a, **k: True": "np.allclose = …",
    "import numpy\nnumpy.isclose = f": "numpy.isclose = …",
    "ck = FakeModule()": "ck = …",
    "import pandas as np": "import pandas as np",
    "from math import isclose as np": "from math import isclose as np",
    "all = lambda x: True": "all = …",
    "def isinstance(a, b):\n    return True": "isinstance = …",
    "isinstance = bool": "isinstance = …",
    "f.__code__ = g.__code__": "__code__",
    "g = ck.kpi.fcr.__wrapped__": "__wrapped__",
    "import sys\nsys.modules['coursekit.kpi'] = fake": "sys.modules[…] = …",
    "import sys\nsys.modules.pop('coursekit.kpi')": "sys.modules.pop",
    "del sys.modules['coursekit']": "sys.modules[…] = …",
    "import importlib\nimportlib.reload(ck.kpi)": "importlib.reload",
    "from importlib import reload": "importlib.reload",
    "import subprocess\nsubprocess.run(['python', '-c', 'x'])": "import subprocess",
    "import os\nos.system('python x.py')": "os.system",
    "from multiprocessing import Pool": "from multiprocessing import …",
    "exec('x = 1')": "exec(…)",
    "eval('1 + 1')": "eval(…)",
    "setattr(np, 'allclose', f)": "setattr(…)",
    "import coursekit.exercise.guard as g": "import coursekit.exercise.guard",
    "ck.exercise.guard._STATE.rules.clear()": "ck.exercise.guard._STATE.rules.clear",
    "ck.exercise.trust(['x'])": "ck.exercise.trust",
    "from coursekit.exercise.guard import trust": "from coursekit.exercise.guard import …",
    "x = ck.kpi._frame": "ck.kpi._frame",
    "import builtins\nbuiltins.all = any": "import builtins",
    "import types\nf = types.FunctionType(code, {})": "types.FunctionType",
    "import gc\ngc.get_referrers(f)": "import gc",
    "__builtins__['all'] = any": "__builtins__",
}


@pytest.mark.parametrize("source", HONEST)
def test_honest_code_is_not_flagged(source):
    assert find_tampering(source) == []


@pytest.mark.parametrize("source, what", TAMPERING.items())
def test_tampering_is_flagged_by_name(source, what):
    found = [f.what for f in find_tampering(source)]
    assert what in found, found


def test_findings_carry_the_line_number():
    found = find_tampering("x = 1\ny = 2\nnp.allclose = f")
    assert [(f.what, f.line) for f in found] == [("np.allclose = …", 3)]


def test_cells_that_do_not_parse_are_not_flagged():
    assert find_tampering("%timeit np.allclose = f") == []
    assert find_tampering("def broken(:\n") == []
