"""The mutation operators behind :mod:`coursekit.trainer.mutants` (see there for the list and the ids).

Each operator finds *sites* in a cell's ``ast`` and builds the mutated node.
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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from coursekit.trainer import notebooks

_CMP = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq, ast.NotEq: ast.Eq}
_ARITH = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult}
_BITS = {ast.BitAnd: ast.BitOr, ast.BitOr: ast.BitAnd}
_SYMBOL = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=",
           ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.BitAnd: "&", ast.BitOr: "|",
           ast.And: "and", ast.Or: "or"}
_METHODS = {"mean": ("median", "sum"), "median": ("mean",), "sum": ("mean",), "min": ("max",), "max": ("min",),
            "idxmax": ("idxmin",), "idxmin": ("idxmax",), "argmax": ("argmin",), "argmin": ("argmax",)}
_AGG_CALLS = {"agg", "aggregate", "transform"}
_DROPPED = {"dropna", "clip", "abs", "round"}
_SORTS = {"sort_values", "sort_index", "rank"}
_LOGS = {"log": "log10", "log10": "log"}
_RANK_METHODS = {"min": "max", "max": "min", "average": "min", "first": "min", "dense": "min"}
_NUMPY = {"np", "numpy"}
_INT_CALLS = {"len", "int", "argmax", "argmin", "unravel_index"}


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


class _Source:
    """A cell's text as UTF-8 bytes (``ast`` columns are byte offsets)."""

    def __init__(self, text: str) -> None:
        self.data = text.encode("utf-8")
        self.starts = [0]
        for line in self.data.split(b"\n"):
            self.starts.append(self.starts[-1] + len(line) + 1)

    def span(self, node: Any) -> tuple[int, int]:
        return (self.starts[node.lineno - 1] + node.col_offset,
                self.starts[node.end_lineno - 1] + node.end_col_offset)

    def text(self, start: int, end: int) -> str:
        return self.data[start:end].decode("utf-8")


Edit = tuple[int, int, str]  # replace bytes [start, end) of the cell with text


@dataclass
class _Site:
    operator: str
    node: Any
    make: Callable[[Any], Any]  # node (in a copy of the tree) -> replacement node
    edits: Callable[[_Source, Any], list[Edit]] = lambda src, node: []


def _name(func: Any) -> str:
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _is_number(node: Any) -> bool:
    if isinstance(node, ast.UnaryOp):
        return _is_number(node.operand)
    if isinstance(node, ast.BinOp):
        return _is_number(node.left) and _is_number(node.right)
    return isinstance(node, ast.Constant) and type(node.value) in (int, float)


def _is_table(node: Any) -> bool:
    return isinstance(node, (ast.List, ast.Tuple)) and (
        (len(node.elts) >= 3 and all(_is_number(e) for e in node.elts))
        or (bool(node.elts) and all(_is_table(e) for e in node.elts)))


def _int_names(tree: Any) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            value = node.value
            if ((isinstance(value, ast.Call) and _name(value.func) in _INT_CALLS)
                    or (isinstance(value, ast.Subscript) and _name(value.value) == "shape")
                    or (isinstance(value, ast.Constant) and type(value.value) is int)):
                names.update(n.id for t in node.targets for n in ast.walk(t) if isinstance(n, ast.Name))
        elif isinstance(node, (ast.For, ast.comprehension)) and isinstance(node.iter, ast.Call):
            target, kind = node.target, _name(node.iter.func)
            if kind == "range" and isinstance(target, ast.Name):
                names.add(target.id)
            elif kind == "enumerate" and isinstance(target, ast.Tuple) and isinstance(target.elts[0], ast.Name):
                names.add(target.elts[0].id)
    return names


def _token(src: _Source, before: Any, after: Any, old: str, new: str) -> list[Edit]:
    """Replace operator token ``old`` between two operands (past brackets and spaces) with ``new``."""
    start, end = src.span(before)[1], src.span(after)[0]
    gap = src.text(start, end)
    at = len(gap) - len(gap.lstrip(" \t\n\\()"))
    if not gap.startswith(old, at):
        return []
    offset = start + len(gap[:at].encode("utf-8"))
    return [(offset, offset + len(old.encode("utf-8")), new)]


def _whole(text: str) -> Callable[[_Source, Any], list[Edit]]:
    return lambda src, node: [(*src.span(node), text)]


def _tail(old: str, new: str) -> Callable[[_Source, Any], list[Edit]]:
    """Rename the attribute at the end of the node's text."""
    def edits(src: _Source, node: Any) -> list[Edit]:
        start, end = src.span(node)
        return [(end - len(old), end, new)] if src.text(start, end).endswith(old) else []
    return edits


def _requote(new: str) -> Callable[[_Source, Any], list[Edit]]:
    """Replace a string literal keeping its quotes."""
    def edits(src: _Source, node: Any) -> list[Edit]:
        text = src.text(*src.span(node))
        return [(*src.span(node), f"{text[0]}{new}{text[-1]}")]
    return edits


def _add_keyword(node: Any, name: str, value: Any) -> _Site:
    """Add ``name=value`` to the call ``node`` (just before its closing bracket)."""
    def make(call: Any) -> Any:
        return ast.Call(call.func, call.args, [*call.keywords, ast.keyword(name, ast.Constant(value))])

    def edits(src: _Source, call: Any) -> list[Edit]:
        end = src.span(call)[1]
        sep = ", " if call.args or call.keywords else ""
        return [(end - 1, end - 1, f"{sep}{name}={value!r}")] if src.text(end - 1, end) == ")" else []
    return _Site(name, node, make, edits)


def _keep(inner: Any) -> Callable[[_Source, Any], list[Edit]]:
    """Replace the node by the text of ``inner`` (alternatives: as it is, in brackets)."""
    return lambda src, node: [(*src.span(node), t) for t in (src.text(*src.span(inner)),
                                                             f"({src.text(*src.span(inner))})")]


def _operand_text(src: _Source, node: Any, wrap: bool) -> str:
    text = src.text(*src.span(node))
    atomic = isinstance(node, (ast.Name, ast.Constant, ast.Attribute, ast.Subscript, ast.Call))
    return f"({text})" if wrap and not atomic else text


def _constant_sites(node: Any) -> Iterator[_Site]:
    value = node.value
    if isinstance(value, bool):
        yield _Site("bool", node, lambda n: ast.Constant(not n.value), _whole(str(not value)))
    elif isinstance(value, int):
        for op, new in (("int+1", value + 1), ("int-1", value - 1)):
            new_node = (lambda v: lambda n: ast.UnaryOp(ast.USub(), ast.Constant(-v)) if v < 0
                        else ast.Constant(v))(new)
            yield _Site(op, node, new_node, _whole(str(new)))
    elif isinstance(value, float):
        changes = [("num+1", 1.0)] if value == 0 else [("num*2", value * 2), ("num/2", value / 2)]
        for op, new in changes:
            new = float(f"{new:.12g}")
            yield _Site(op, node, (lambda v: lambda n: ast.Constant(v))(new), _whole(repr(new)))


def _call_sites(node: Any) -> Iterator[_Site]:
    func, name = node.func, _name(node.func)
    keywords = {k.arg: k.value for k in node.keywords}
    if name in ("std", "var"):
        ddof = keywords.get("ddof")
        if isinstance(ddof, ast.Constant) and ddof.value in (0, 1):
            yield _Site("ddof", ddof, lambda n: ast.Constant(1 - n.value), _whole(str(1 - ddof.value)))
        elif ddof is None:
            receiver = func.value if isinstance(func, ast.Attribute) else None
            yield _add_keyword(node, "ddof", 1 if _name(receiver) in _NUMPY else 0)
    if name in _DROPPED and isinstance(func, ast.Attribute) and _name(func.value) not in _NUMPY:
        yield _Site("drop", node, lambda n: n.func.value, _keep(func.value))
    elif name == "abs" and len(node.args) == 1 and not node.keywords and (
            isinstance(func, ast.Name) or _name(getattr(func, "value", None)) in _NUMPY):
        yield _Site("drop", node, lambda n: n.args[0], _keep(node.args[0]))
    ascending = keywords.get("ascending")
    if isinstance(ascending, ast.Constant) and isinstance(ascending.value, bool):
        yield _Site("ascending", ascending, lambda n: ast.Constant(not n.value), _whole(str(not ascending.value)))
    elif ascending is None and name in _SORTS and isinstance(func, ast.Attribute):
        yield _add_keyword(node, "ascending", False)
    method = keywords.get("method")
    if name == "rank" and isinstance(method, ast.Constant) and method.value in _RANK_METHODS:
        new = _RANK_METHODS[method.value]
        yield _Site("rank", method, lambda n: ast.Constant(new), _requote(new))


def _node_sites(node: Any, parent: Any, int_names: set[str], agg_strings: set[int]) -> Iterator[_Site]:
    """Every mutation of ``node`` (specific operators first, so duplicates keep their ids)."""
    if isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            if type(op) in _CMP:
                new_op = _CMP[type(op)]

                def make(n: Any, i: int = i, new_op: Any = new_op) -> Any:
                    return ast.Compare(n.left, [new_op() if k == i else o for k, o in enumerate(n.ops)],
                                       n.comparators)
                before = node.left if i == 0 else node.comparators[i - 1]
                yield _Site("cmp", node, make, (lambda b, a, o, w: lambda src, n: _token(src, b, a, o, w))(
                    before, node.comparators[i], _SYMBOL[type(op)], _SYMBOL[new_op]))
    elif isinstance(node, ast.BinOp) and type(node.op) in {**_ARITH, **_BITS}:
        new_op = {**_ARITH, **_BITS}[type(node.op)]
        old, new = _SYMBOL[type(node.op)], _SYMBOL[new_op]
        yield _Site("boolop" if new_op in _BITS.values() else "arith", node,
                    lambda n: ast.BinOp(n.left, new_op(), n.right),
                    lambda src, n: _token(src, node.left, node.right, old, new))
        if isinstance(node.op, (ast.Sub, ast.Div)):
            yield _Site("swap", node, lambda n: ast.BinOp(n.right, n.op, n.left),
                        lambda src, n: [(*src.span(n), f"{_operand_text(src, node.right, wrap)} {old} "
                                                       f"{_operand_text(src, node.left, wrap)}")
                                        for wrap in (False, True)])
    elif isinstance(node, ast.AugAssign) and type(node.op) in _ARITH:
        new_op = _ARITH[type(node.op)]
        yield _Site("arith", node, lambda n: ast.AugAssign(n.target, new_op(), n.value),
                    lambda src, n: _token(src, node.target, node.value, _SYMBOL[type(node.op)] + "=",
                                          _SYMBOL[new_op] + "="))
    elif isinstance(node, ast.BoolOp):
        new_op = ast.Or if isinstance(node.op, ast.And) else ast.And
        old, new = _SYMBOL[type(node.op)], _SYMBOL[new_op]
        yield _Site("boolop", node, lambda n: ast.BoolOp(new_op(), n.values),
                    lambda src, n: [e for a, b in zip(node.values, node.values[1:])
                                    for e in _token(src, a, b, old, new)])
    elif isinstance(node, ast.Call):
        yield from _call_sites(node)
    elif isinstance(node, ast.Attribute) and isinstance(parent, ast.Call) and parent.func is node:
        if node.attr in _LOGS and _name(node.value) in _NUMPY | {"math"}:
            new = _LOGS[node.attr]
            yield _Site("log", node, lambda n: ast.Attribute(n.value, new, ast.Load()), _tail(node.attr, new))
        for new in _METHODS.get(node.attr, ()):
            yield _Site(f"method-{new}", node, (lambda w: lambda n: ast.Attribute(n.value, w, ast.Load()))(new),
                        _tail(node.attr, new))
    elif isinstance(node, ast.Constant) and id(node) in agg_strings:
        for new in _METHODS[node.value]:
            yield _Site(f"aggname-{new}", node, (lambda w: lambda n: ast.Constant(w))(new), _requote(new))
    elif isinstance(node, ast.Constant):
        yield from _constant_sites(node)
    elif isinstance(node, ast.Name) and node.id in int_names:
        for op, bin_op, sym in (("index+1", ast.Add, "+"), ("index-1", ast.Sub, "-")):
            yield _Site(op, node, (lambda b: lambda n: ast.BinOp(ast.Name(n.id, ast.Load()), b(), ast.Constant(1)))(
                bin_op), _whole(f"{node.id} {sym} 1"))


def _walk(tree: Any) -> Iterator[tuple[Any, Any, bool]]:
    """``(node, parent, frozen)`` for every node, depth first; frozen: inside a data table or an f-string."""
    stack: list[tuple[Any, Any, bool]] = [(tree, None, False)]
    while stack:
        node, parent, frozen = stack.pop()
        yield node, parent, frozen
        inner = frozen or _is_table(node) or isinstance(node, ast.JoinedStr)
        stack.extend((child, node, inner) for child in reversed(list(ast.iter_child_nodes(node))))


def _subscripted(node: Any, parent: Any, grand: dict[int, Any]) -> bool:
    """Whether ``node`` is (an item of) the index of a subscript that is read, not assigned."""
    if isinstance(parent, ast.Tuple):
        parent = grand.get(id(parent))
        return isinstance(parent, ast.Subscript) and isinstance(parent.ctx, ast.Load)
    return isinstance(parent, ast.Subscript) and parent.slice is node and isinstance(parent.ctx, ast.Load)


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
    """The mutants of one answer cell's ``source`` (operators and ids: :mod:`coursekit.trainer.mutants`).

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
    src, eligible = _Source(source), _solution_lines(source, markers if regions_only else None)
    int_names = _int_names(tree)
    walked = list(_walk(tree))
    parents = {id(n): p for n, p, _ in walked}
    agg_strings = {id(c) for n, _, _ in walked if isinstance(n, ast.Call) and _name(n.func) in _AGG_CALLS
                   for arg in [*n.args, *(k.value for k in n.keywords)] for c in ast.walk(arg)
                   if isinstance(c, ast.Constant) and c.value in _METHODS}
    index_of = {id(n): i for i, (n, _, _) in enumerate(walked)}
    sites: list[tuple[tuple[int, int], int, _Site, int]] = []
    for node, parent, frozen in walked:
        if not hasattr(node, "lineno") or frozen:
            continue
        if eligible.get(node.lineno) is None or eligible.get(node.lineno) != eligible.get(node.end_lineno):
            continue
        if isinstance(node, ast.Name) and not _subscripted(node, parent, parents):
            continue
        for site in _node_sites(node, parent, int_names, agg_strings):
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


def _render(tree: Any, src: _Source, site: _Site, index: int) -> str | None:
    """The mutated cell source: a small text edit when it gives the mutated tree, else the node unparsed."""
    mutated = copy.deepcopy(tree)
    walked = list(_walk(mutated))
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
