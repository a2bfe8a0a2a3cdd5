"""The mutation operators behind :mod:`coursekit.trainer.author.mutants` (see there for the list and the ids).

Each operator finds *sites* in a cell's ``ast`` (:mod:`coursekit.trainer.author.sites`)
and builds the mutated node.
The mutant's code is the cell's text with the smallest edit that parses to
exactly the mutated tree (an operator token, a constant, a method name …);
when no small edit does, the mutated node is unparsed (``ast.unparse``) in
place, with brackets if needed. Everything outside the edit, comments
included, stays byte for byte.

>>> [m.code for m in mutate_source("y = (a - b) * 2  # note")][:2]
['y = (a - b) / 2  # note', 'y = (a + b) * 2  # note']
"""

from __future__ import annotations

import ast
import copy
import difflib
from dataclasses import dataclass
from typing import Any

from coursekit.trainer import notebooks
from coursekit.trainer.author.sites import (
    AGG_CALLS,
    METHODS,
    Edit,
    Site,
    Source,
    call_name,
    int_names,
    node_sites,
    subscripted,
    walk,
)


@dataclass(frozen=True)
class Mutant:
    """One mutant: answer cell ``cell`` replaced by ``code`` (the whole mutated cell source)."""

    cell: str
    operator: str
    ordinal: int
    code: str
    diff: str  # "line <n>: <original line>  ->  <mutated line>"
    assignment: str = ""

    @property
    def id(self) -> str:
        """``<cell>:<operator>:<ordinal>``, unique within the assignment."""
        return f"{self.cell}:{self.operator}:{self.ordinal}"

    @property
    def replace(self) -> dict[str, str]:
        """The cells to replace in the solution (as a wrong answer's ``replace``)."""
        return {self.cell: self.code}


def _replace_child(parent: Any, old: Any, new: Any) -> None:
    for name, value in ast.iter_fields(parent):
        if value is old:
            setattr(parent, name, new)
            return
        if isinstance(value, list) and any(v is old for v in value):
            value[[i for i, v in enumerate(value) if v is old][0]] = new
            return


def _solution_lines(source: str, markers: tuple[str, str] | None) -> dict[int, int]:
    """Line number (1-based) -> region number, for the lines inside solution regions (all without markers)."""
    if markers is None:
        return {n: 0 for n in range(1, source.count("\n") + 2)}
    lines: dict[int, int] = {}
    line = 1
    for number, region in enumerate(notebooks.split_regions(source, {"solution": markers})):
        if region.kind:
            lines.update({line + 1 + k: number for k in range(len(region.lines))})
            line += 2 + len(region.lines)
        else:
            line += len(region.lines)
    return lines


def _diff(before: str, after: str) -> str:
    old, new = before.split("\n"), after.split("\n")
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag != "equal":
            return (f"line {i1 + 1}: {' '.join(s.strip() for s in old[i1:i2])}  ->  "
                    f"{' '.join(s.strip() for s in new[j1:j2])}")
    return "no change"


def mutate_source(source: str, cell: str = "cell", *, regions_only: bool = False,
                  markers: tuple[str, str] = notebooks.MARKERS["solution"]) -> list[Mutant]:
    """The mutants of one answer cell's ``source`` (operators and ids: :mod:`coursekit.trainer.author.mutants`).

    With ``regions_only`` only code inside the solution regions (between
    ``markers``) is mutated; otherwise the whole source. A source that does not
    parse has no mutants.

    >>> [m.code for m in mutate_source("y = x.dropna().abs()")]  # outer call first
    ['y = x.dropna()', 'y = x.abs()']
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    src, eligible = Source(source), _solution_lines(source, markers if regions_only else None)
    ints = int_names(tree)
    walked = list(walk(tree))
    parents = {id(n): p for n, p, _ in walked}
    agg_strings = {id(c) for n, _, _ in walked if isinstance(n, ast.Call) and call_name(n.func) in AGG_CALLS
                   for arg in [*n.args, *(k.value for k in n.keywords)] for c in ast.walk(arg)
                   if isinstance(c, ast.Constant) and c.value in METHODS}
    index_of = {id(n): i for i, (n, _, _) in enumerate(walked)}
    sites: list[tuple[tuple[int, int], int, Site, int]] = []
    for node, parent, frozen in walked:
        if not hasattr(node, "lineno") or frozen:
            continue
        if eligible.get(node.lineno) is None or eligible.get(node.lineno) != eligible.get(node.end_lineno):
            continue
        if isinstance(node, ast.Name) and not subscripted(node, parent, parents):
            continue
        for site in node_sites(node, parent, ints, agg_strings):
            sites.append(((node.lineno, node.col_offset), len(sites), site, index_of[id(site.node)]))
    sites.sort(key=lambda s: (s[0], s[1]))
    seen = {ast.dump(tree)}
    counts: dict[str, int] = {}
    out = []
    for _, _, site, index in sites:
        ordinal = counts.get(site.operator, 0)
        counts[site.operator] = ordinal + 1
        code = _render(tree, src, site, index)
        if code is None:
            continue
        key = ast.dump(ast.parse(code))
        if key in seen:
            continue
        seen.add(key)
        out.append(Mutant(cell, site.operator, ordinal, code, _diff(source, code)))
    return out


def _render(tree: Any, src: Source, site: Site, index: int) -> str | None:
    """The mutated cell source: a small text edit when it gives the mutated tree, else the node unparsed."""
    mutated = copy.deepcopy(tree)
    walked = list(walk(mutated))
    node, parent, _ = walked[index]
    new = site.make(node)
    if parent is None:
        return None
    _replace_child(parent, node, new)
    expected = ast.dump(mutated)
    start, end = src.span(node)
    unparsed = ast.unparse(new)
    for edit in [*_as_edits(site.edits(src, node)), [(start, end, unparsed)], [(start, end, f"({unparsed})")]]:
        code = src.data
        for a, b, text in sorted(edit, reverse=True):
            code = code[:a] + text.encode("utf-8") + code[b:]
        text = code.decode("utf-8")
        try:
            if ast.dump(ast.parse(text)) == expected:
                compile(text, "<mutant>", "exec")
                return text
        except (SyntaxError, ValueError):
            continue
    return None


def _as_edits(edits: list[Edit]) -> list[list[Edit]]:
    """Edits on disjoint spans form one candidate; overlapping ones (alternatives) one each."""
    if len({(a, b) for a, b, _ in edits}) == len(edits):
        return [edits] if edits else []
    return [[e] for e in edits]
