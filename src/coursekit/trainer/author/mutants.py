"""Mutation testing of the course's tests: does every small slip in a solution lose points?

A *mutant* is the solution notebook with one small, mechanical change in one
answer cell, made only inside the cell's ``### BEGIN SOLUTION`` …
``### END SOLUTION`` regions (fixed code around them, such as
``def top2box(scores):``, and every other byte of the cell stay as they are).
``coursekit course check --mutants`` grades each mutant exactly like a
trainee's submission. A mutant is **killed** when it loses points on at least
one autograded test cell and **survives** when it keeps full marks. A survivor
is a change the tests cannot see: a gap in the tests, or an *equivalent*
mutant (same results, e.g. a changed tolerance) that a reviewer lists in
``tests/course/mutants/equivalent.yaml``.

Operators (one change per mutant; the name is part of the mutant's id):

========================= ==========================================================
``cmp``                   ``<`` ↔ ``<=``, ``>`` ↔ ``>=``, ``==`` ↔ ``!=``
``arith``                 ``+`` ↔ ``-``, ``*`` ↔ ``/`` (also in ``+=`` …)
``swap``                  operands of ``-`` and ``/`` swapped: ``a - b`` → ``b - a``
``int+1``, ``int-1``      integer constant n → n + 1, n − 1 (also constant subscripts)
``num*2``, ``num/2``      float constant doubled, halved (``0.0`` → ``1.0``: ``num+1``)
``method-<new>``          ``.mean()`` → median or sum, ``median``/``sum`` → mean,
                          ``min`` ↔ ``max``, ``idxmin`` ↔ ``idxmax``, ``argmin`` ↔ ``argmax``
``aggname-<new>``         the same swaps of names given as strings to ``agg``/``transform``
``ddof``                  ``ddof=0`` ↔ ``ddof=1``; absent on ``.std()``/``.var()``: the
                          other default is added (``ddof=0``; ``np.std``: ``ddof=1``)
``drop``                  ``x.dropna()``, ``x.clip(…)``, ``x.abs()``, ``x.round(…)``,
                          ``np.abs(x)`` → ``x``
``ascending``             ``ascending=True`` ↔ ``False``; ``ascending=False`` added to
                          ``sort_values``/``sort_index``/``rank`` calls without it
``index+1``, ``index-1``  ``x[i]`` → ``x[i + 1]``, ``x[i - 1]`` for names bound to integers
                          (``len``, ``int``, ``argmax``, ``unravel_index``, ``.shape[…]``,
                          ``range``/``enumerate`` counters), when read, not assigned
``boolop``                ``and`` ↔ ``or``, ``&`` ↔ ``|``
``bool``                  ``True`` ↔ ``False``
``log``                   ``np.log`` ↔ ``np.log10``
``rank``                  ``rank(method="min")`` ↔ ``"max"`` (other tie methods → ``"min"``)
========================= ==========================================================

Numbers inside literal data tables (lists or tuples of three or more numbers,
e.g. a given AHP matrix) and anything inside an f-string are not mutated: a
changed datum or message says nothing about the tests. A mutant whose grading
fails (a time-out, a crash) counts as killed.

**Ids.** ``<answer cell grade_id>:<operator>:<ordinal>``, the ordinal counting
that operator's sites in that cell in source order (skipped and duplicate
mutants keep their numbers), so editing another cell, or another operator's
code, changes no id. Mutants with the same code as an earlier one (or as the
solution) are dropped, and so are mutants that do not compile.

>>> [(m.id, m.diff) for m in mutate_source("ok = x < 3", "c1")]  # doctest: +NORMALIZE_WHITESPACE
[('c1:cmp:0', 'line 1: ok = x < 3  ->  ok = x <= 3'), ('c1:int+1:0', 'line 1: ok = x < 3  ->  ok = x < 4'),
 ('c1:int-1:0', 'line 1: ok = x < 3  ->  ok = x < 2')]
>>> code = "def f(s):\\n    ### BEGIN SOLUTION\\n    return s.mean()\\n    ### END SOLUTION"
>>> [m.id for m in mutate_source(code, "c2", regions_only=True)]
['c2:method-median:0', 'c2:method-sum:0']

**Report** (:func:`format_summary`): per assignment the number of mutants,
killed, equivalent and surviving, and the share killed of the non-equivalent
ones, then one line per survivor with its id and diff:

>>> s = MutationSummary("a1", [MutantResult("c:cmp:0", "c", "cmp", "line 1: a < b  ->  a <= b", "survived"),
...                            MutantResult("c:arith:0", "c", "arith", "line 2: …", "killed", ["t"])])
>>> print("\\n".join(format_summary(s)))
a1: 2 mutants, 1 killed, 0 equivalent, 1 survived: 50.0% of 2 non-equivalent killed (threshold 90%)
  survived  c:cmp:0  line 1: a < b  ->  a <= b
>>> s.problems()[0][1]
'mutation score 50.0% is below the threshold 90%: 1 of 2 non-equivalent mutants survive (c:cmp:0)'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coursekit.errors import ConfigError
from coursekit.trainer import notebooks
from coursekit.trainer.author.mutators import Mutant, mutate_source

__all__ = ["DEFAULT_THRESHOLD", "Mutant", "MutantResult", "MutationSummary", "format_summary", "generate",
           "judge", "load_equivalent", "mutate_source", "result_rows"]

#: Share of the non-equivalent mutants that must be killed (``--mutant-threshold``).
DEFAULT_THRESHOLD = 0.90


def generate(assignment: str, source_notebooks: Iterable[Any],
             markers: tuple[str, str] = notebooks.MARKERS["solution"]) -> list[Mutant]:
    """Mutants of every autograded answer cell (code) of an assignment's source notebooks.

    Only the code between the solution ``markers`` (the course's, default
    ``BEGIN SOLUTION``/``END SOLUTION``) is mutated.
    """
    out: list[Mutant] = []
    for nb in source_notebooks:
        for gid, cell in notebooks.graded_cells(nb, "answer"):
            if cell.cell_type == "code":
                out.extend(Mutant(m.cell, m.operator, m.ordinal, m.code, m.diff, assignment)
                           for m in mutate_source(cell.source, gid, regions_only=True, markers=markers))
    return out


def load_equivalent(path: str | Path) -> dict[str, dict[str, str]]:
    """The reviewed equivalent mutants: ``{assignment: {mutant id: reason}}``.

    The YAML file maps each assignment to a list of ``{id: ..., reason: ...}``;
    a missing or empty file means none. Raises :class:`~coursekit.errors.ConfigError`
    naming the file for a malformed entry or an id listed twice.

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "equivalent.yaml"
    >>> _ = f.write_text("a1:\\n  - id: 'c:num/2:0'\\n    reason: only a tolerance\\n", encoding="utf-8")
    >>> load_equivalent(f)
    {'a1': {'c:num/2:0': 'only a tolerance'}}
    """
    import yaml

    path = Path(path)
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path.name}: expected a mapping of assignment -> list of {{id, reason}}")
    out: dict[str, dict[str, str]] = {}
    for assignment, entries in data.items():
        seen = out.setdefault(str(assignment), {})
        for entry in entries or []:
            if not isinstance(entry, dict) or not entry.get("id") or not str(entry.get("reason") or "").strip():
                raise ConfigError(f"{path.name}: {assignment}: each entry needs an 'id' and a 'reason', "
                                  f"not {entry!r}")
            if str(entry["id"]) in seen:
                raise ConfigError(f"{path.name}: {assignment}: mutant {entry['id']!r} is listed twice")
            seen[str(entry["id"])] = " ".join(str(entry["reason"]).split())
    return out


@dataclass
class MutantResult:
    """The verdict on one mutant: ``killed``, ``survived`` or ``equivalent`` (a reviewed survivor)."""

    id: str
    cell: str
    operator: str
    diff: str
    status: str = "survived"
    lost: list[str] = field(default_factory=list)  # test cells that lost points
    note: str = ""  # the reason it is equivalent, or the grading failure that counts as a kill
    seconds: float = 0.0


@dataclass
class MutationSummary:
    """All mutants of one assignment, judged; ``share`` is the share killed of the non-equivalent ones."""

    assignment: str
    results: list[MutantResult]
    threshold: float = DEFAULT_THRESHOLD
    stale: list[str] = field(default_factory=list)  # equivalent ids that match no mutant
    not_equivalent: list[str] = field(default_factory=list)  # listed as equivalent but killed

    def _count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def total(self) -> int:
        return len(self.results)

    @property
    def killed(self) -> int:
        return self._count("killed")

    @property
    def equivalent(self) -> int:
        return self._count("equivalent")

    @property
    def survivors(self) -> list[MutantResult]:
        return [r for r in self.results if r.status == "survived"]

    @property
    def share(self) -> float:
        """Killed / (total − equivalent); 1.0 when every mutant is equivalent (or there are none)."""
        judged = self.total - self.equivalent
        return self.killed / judged if judged else 1.0

    def problems(self, equivalent_file: str = "equivalent.yaml") -> list[tuple[str, str, str | None]]:
        """``(check, message, mutant id)`` for every failed check: the threshold and stale or wrong entries."""
        out: list[tuple[str, str, str | None]] = []
        if self.share < self.threshold - 1e-12:
            survivors = self.survivors
            out.append(("mutants", f"mutation score {self.share:.1%} is below the threshold {self.threshold:.0%}: "
                                   f"{len(survivors)} of {self.total - self.equivalent} non-equivalent mutants "
                                   f"survive ({', '.join(r.id for r in survivors)})", None))
        out.extend(("equivalent", f"stale entry in {equivalent_file}: mutant {m!r} no longer exists "
                                  f"(the solution changed); remove the entry or review the mutant again", m)
                   for m in self.stale)
        out.extend(("equivalent", f"{equivalent_file} lists mutant {m!r} as equivalent but the tests kill it; "
                                  f"remove the entry", m) for m in self.not_equivalent)
        return out


def judge(assignment: str, mutants: Iterable[Mutant], verdicts: dict[str, tuple[list[str], str]],
          equivalent: dict[str, str], threshold: float = DEFAULT_THRESHOLD,
          seconds: dict[str, float] | None = None) -> MutationSummary:
    """Sort graded mutants into killed, survived and equivalent.

    ``verdicts`` maps a mutant id to ``(test cells that lost points, grading
    error)``; a mutant whose grading failed (an error, e.g. a timeout) counts as
    killed. ``equivalent`` is this assignment's part of :func:`load_equivalent`.

    >>> m = Mutant("c", "cmp", 0, "x = a <= b", "…", "a1")
    >>> s = judge("a1", [m], {"c:cmp:0": ([], "")}, {"c:cmp:0": "same", "c:gone:0": "old"})
    >>> [(r.status, r.note) for r in s.results], s.stale, s.share
    ([('equivalent', 'same')], ['c:gone:0'], 1.0)
    """
    results, ids = [], set()
    for mutant in mutants:
        ids.add(mutant.id)
        lost, error = verdicts.get(mutant.id, ([], "not graded"))
        result = MutantResult(mutant.id, mutant.cell, mutant.operator, mutant.diff, lost=list(lost),
                              seconds=(seconds or {}).get(mutant.id, 0.0))
        if lost or error:
            result.status, result.note = "killed", (f"grading failed: {error}" if error and not lost else "")
        elif mutant.id in equivalent:
            result.status, result.note = "equivalent", equivalent[mutant.id]
        results.append(result)
    listed_killed = [r.id for r in results if r.status == "killed" and r.id in equivalent]
    return MutationSummary(assignment, results, threshold, stale=sorted(set(equivalent) - ids),
                           not_equivalent=listed_killed)


def format_summary(summary: MutationSummary) -> list[str]:
    """Report lines: the counts, then each survivor with its id and diff (see the module docstring)."""
    s = summary
    lines = [f"{s.assignment}: {s.total} mutants, {s.killed} killed, {s.equivalent} equivalent, "
             f"{len(s.survivors)} survived: {s.share:.1%} of {s.total - s.equivalent} non-equivalent killed "
             f"(threshold {s.threshold:.0%})"]
    width = max((len(r.id) for r in s.survivors), default=0)
    lines.extend(f"  survived  {r.id:<{width}}  {r.diff}" for r in s.survivors)
    lines.extend(f"  stale     {m}" for m in s.stale)
    return lines


def result_rows(summaries: Iterable[MutationSummary]) -> list[dict[str, Any]]:
    """One JSON-friendly row per mutant (``--mutants-json``)."""
    return [{"assignment": s.assignment, "id": r.id, "cell": r.cell, "operator": r.operator, "status": r.status,
             "lost": r.lost, "diff": r.diff, "note": r.note, "seconds": r.seconds}
            for s in summaries for r in s.results]
