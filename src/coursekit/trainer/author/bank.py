"""The banks of wrong and of valid answers that test the course's tests.

Each YAML file in the bank folder (``tests/course/wrong_answers/``) holds the
wrong answers of one assignment::

    assignment: a1_kpi_calculation
    wrong_answers:
      - id: csat-mean                 # unique within the assignment
        description: CSAT as mean/5 instead of the top-2-box share
        cell: a1-csat                 # answer cell (grade_id) to replace ...
        code: |                       # ... with this source
          def top2box(scores): ...
        must_fail: [a1-test-csat]     # test cells that must lose points

``replace: {cell_id: code, ...}`` may be used instead of ``cell``/``code``
when a mistake spans several answer cells. A variant is the solution notebook
with only these cells replaced, so it isolates one mistake.

The bank of **valid** answers (``tests/course/valid_answers/``) holds correct
answers written another way (numpy instead of groupby, ``apply`` instead of
``agg``, a loop instead of vectorised code …); each must keep full marks on
every test cell, so the tests do not punish a right answer for its form::

    assignment: a1_kpi_calculation
    valid_answers:
      - id: fcr-numpy
        description: FCR with numpy bincount instead of groupby
        cell: a1-fcr                  # or replace: {cell_id: code, ...}
        code: |
          ...

>>> wa = WrongAnswer("a1", "x", "demo", {"a1-ans": "x = 0"}, ("a1-test",))
>>> wa.key
'a1/x'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coursekit.errors import ConfigError
from coursekit.trainer import notebooks


@dataclass(frozen=True)
class WrongAnswer:
    """One plausible mistake: replacement answer cells and the tests that must catch it."""

    assignment: str
    id: str
    description: str
    replace: dict[str, str]
    must_fail: tuple[str, ...]
    source: str = ""

    @property
    def key(self) -> str:
        """``assignment/id``, unique across the bank."""
        return f"{self.assignment}/{self.id}"


@dataclass(frozen=True)
class ValidAnswer:
    """A correct answer written another way: replacement answer cells that must keep full marks."""

    assignment: str
    id: str
    description: str
    replace: dict[str, str]
    source: str = ""

    @property
    def key(self) -> str:
        """``assignment/id``, unique across the bank."""
        return f"{self.assignment}/{self.id}"


def _checked(raw: Any, origin: str, kind: str, required: tuple[str, ...]) -> dict[str, str]:
    """The entry's replacements (``cell``/``code`` or ``replace``); ConfigError when malformed."""
    where = f"{origin}: {kind} {raw.get('id', '?') if isinstance(raw, dict) else raw!r}"
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: each entry must be a mapping")
    missing = [k for k in required if not raw.get(k)]
    if missing:
        raise ConfigError(f"{where}: missing {', '.join(missing)}")
    if "replace" in raw:
        replace = raw["replace"]
        if not isinstance(replace, dict) or not replace:
            raise ConfigError(f"{where}: 'replace' must map answer cell ids to code")
    elif "cell" in raw and "code" in raw:
        replace = {raw["cell"]: raw["code"]}
    else:
        raise ConfigError(f"{where}: give either 'cell' and 'code' or 'replace'")
    return {str(k): str(v).rstrip("\n") for k, v in replace.items()}


def _entry(raw: Any, assignment: str, origin: str) -> WrongAnswer:
    replace = _checked(raw, origin, "wrong answer", ("id", "description", "must_fail"))
    must_fail = raw["must_fail"]
    if isinstance(must_fail, str):
        must_fail = [must_fail]
    return WrongAnswer(assignment=assignment, id=str(raw["id"]), description=str(raw["description"]).strip(),
                       replace=replace, must_fail=tuple(str(c) for c in must_fail), source=origin)


def _valid_entry(raw: Any, assignment: str, origin: str) -> ValidAnswer:
    replace = _checked(raw, origin, "valid answer", ("id", "description"))
    return ValidAnswer(assignment=assignment, id=str(raw["id"]), description=str(raw["description"]).strip(),
                       replace=replace, source=origin)


def load_bank(path: str | Path) -> list[WrongAnswer]:
    """Read every ``*.yaml``/``*.yml`` file under ``path`` (a folder or one file).

    Raises :class:`~coursekit.errors.ConfigError` naming the file and entry
    when an entry is malformed or an id is used twice.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a1.yaml").write_text(
    ...     "assignment: a1\\nwrong_answers:\\n  - id: zero\\n    description: returns 0\\n"
    ...     "    cell: a1-ans\\n    code: x = 0\\n    must_fail: [a1-test]\\n", encoding="utf-8")
    >>> [w.key for w in load_bank(folder)]
    ['a1/zero']
    """
    return _load(path, "wrong_answers", _entry)


def load_valid_bank(path: str | Path) -> list[ValidAnswer]:
    """Read the valid answers of every ``*.yaml``/``*.yml`` file under ``path`` (a folder or one file).

    A missing folder holds no valid answers. Raises :class:`~coursekit.errors.ConfigError`
    naming the file and entry when an entry is malformed or an id is used twice.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a1.yaml").write_text(
    ...     "assignment: a1\\nvalid_answers:\\n  - id: loop\\n    description: a for loop\\n"
    ...     "    cell: a1-ans\\n    code: x = 0\\n", encoding="utf-8")
    >>> [(v.key, v.replace) for v in load_valid_bank(folder)]
    [('a1/loop', {'a1-ans': 'x = 0'})]
    """
    return _load(path, "valid_answers", _valid_entry) if Path(path).exists() else []


def _load(path: str | Path, key: str, build: Any) -> list[Any]:
    import yaml

    path = Path(path)
    files = [path] if path.is_file() else sorted([*path.glob("*.yaml"), *path.glob("*.yml")])
    bank: list[Any] = []
    seen: set[str] = set()
    for file in files:
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        assignment = data.get("assignment")
        if not assignment:
            raise ConfigError(f"{file}: missing 'assignment'")
        for raw in data.get(key) or []:
            entry = build(raw, str(assignment), file.name)
            if entry.key in seen:
                raise ConfigError(f"{file.name}: {key[:-1].replace('_', ' ')} id {entry.id!r} is used twice")
            seen.add(entry.key)
            bank.append(entry)
    return bank


def validate(bank: Iterable[WrongAnswer | ValidAnswer],
             source_notebooks: dict[str, list[Any]]) -> list[tuple[Any, str]]:
    """Problems with a bank (wrong or valid answers) against the source notebooks (empty list = fine).

    ``source_notebooks`` maps an assignment id to its source notebooks. Checks
    that every replaced cell is an answer cell and every ``must_fail`` cell (wrong
    answers) is an autograded test cell of that assignment. Each problem is
    returned with the entry it concerns.

    >>> validate([WrongAnswer("a9", "x", "demo", {"c": "0"}, ("t",))], {})
    [(WrongAnswer(assignment='a9', id='x', ...), "a9/x: unknown assignment 'a9'")]
    """
    problems = []
    for wa in bank:
        nbs = source_notebooks.get(wa.assignment)
        if nbs is None:
            problems.append((wa, f"{wa.key}: unknown assignment {wa.assignment!r}"))
            continue
        roles = {gid: notebooks.cell_role(cell) for nb in nbs for gid, cell in notebooks.graded_cells(nb)}
        for cell_id in wa.replace:
            if roles.get(cell_id) not in ("answer", "manual"):
                problems.append((wa, f"{wa.key}: {cell_id!r} is not an answer cell"))
        for cell_id in getattr(wa, "must_fail", ()):
            if roles.get(cell_id) != "test":
                problems.append((wa, f"{wa.key}: must_fail {cell_id!r} is not an autograded test cell"))
    return problems


def apply(wa: Any, nb: Any) -> Any:
    """A copy of notebook ``nb`` with the replacements of ``wa`` (anything with a ``replace``
    mapping: a wrong or valid answer, a mutant) applied to the cells it holds."""
    out = notebooks.normalise(nb)
    for gid, cell in notebooks.graded_cells(out):
        if gid in wa.replace:
            cell.source = wa.replace[gid]
    return out
