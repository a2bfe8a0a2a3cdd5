"""Where a cell can be mutated: the operator tables and the *sites* they find in a cell's ``ast``.

A :class:`Site` names its operator, the node, how to build the mutated node and
the small text edits that may produce it; :mod:`coursekit.trainer.author.mutators`
turns sites into mutants.

>>> import ast
>>> tree = ast.parse("y = a < b")
>>> [s.operator for n, p, _ in walk(tree) for s in node_sites(n, p, set(), set())]
['cmp']
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

_CMP = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq, ast.NotEq: ast.Eq}
_ARITH = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult}
_BITS = {ast.BitAnd: ast.BitOr, ast.BitOr: ast.BitAnd}
_SYMBOL = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=",
           ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.BitAnd: "&", ast.BitOr: "|",
           ast.And: "and", ast.Or: "or"}
METHODS = {"mean": ("median", "sum"), "median": ("mean",), "sum": ("mean",), "min": ("max",), "max": ("min",),
            "idxmax": ("idxmin",), "idxmin": ("idxmax",), "argmax": ("argmin",), "argmin": ("argmax",)}
AGG_CALLS = {"agg", "aggregate", "transform"}
_DROPPED = {"dropna", "clip", "abs", "round"}
_SORTS = {"sort_values", "sort_index", "rank"}
_LOGS = {"log": "log10", "log10": "log"}
_RANK_METHODS = {"min": "max", "max": "min", "average": "min", "first": "min", "dense": "min"}
_NUMPY = {"np", "numpy"}
_INT_CALLS = {"len", "int", "argmax", "argmin", "unravel_index"}


class Source:
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
class Site:
    operator: str
    node: Any
    make: Callable[[Any], Any]  # node (in a copy of the tree) -> replacement node
    edits: Callable[[Source, Any], list[Edit]] = lambda src, node: []


def call_name(func: Any) -> str:
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


def int_names(tree: Any) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            value = node.value
            if ((isinstance(value, ast.Call) and call_name(value.func) in _INT_CALLS)
                    or (isinstance(value, ast.Subscript) and call_name(value.value) == "shape")
                    or (isinstance(value, ast.Constant) and type(value.value) is int)):
                names.update(n.id for t in node.targets for n in ast.walk(t) if isinstance(n, ast.Name))
        elif isinstance(node, (ast.For, ast.comprehension)) and isinstance(node.iter, ast.Call):
            target, kind = node.target, call_name(node.iter.func)
            if kind == "range" and isinstance(target, ast.Name):
                names.add(target.id)
            elif kind == "enumerate" and isinstance(target, ast.Tuple) and isinstance(target.elts[0], ast.Name):
                names.add(target.elts[0].id)
    return names


def _token(src: Source, before: Any, after: Any, old: str, new: str) -> list[Edit]:
    """Replace operator token ``old`` between two operands (past brackets and spaces) with ``new``."""
    start, end = src.span(before)[1], src.span(after)[0]
    gap = src.text(start, end)
    at = len(gap) - len(gap.lstrip(" \t\n\\()"))
    if not gap.startswith(old, at):
        return []
    offset = start + len(gap[:at].encode("utf-8"))
    return [(offset, offset + len(old.encode("utf-8")), new)]


def _whole(text: str) -> Callable[[Source, Any], list[Edit]]:
    return lambda src, node: [(*src.span(node), text)]


def _tail(old: str, new: str) -> Callable[[Source, Any], list[Edit]]:
    """Rename the attribute at the end of the node's text."""
    def edits(src: Source, node: Any) -> list[Edit]:
        start, end = src.span(node)
        return [(end - len(old), end, new)] if src.text(start, end).endswith(old) else []
    return edits


def _requote(new: str) -> Callable[[Source, Any], list[Edit]]:
    """Replace a string literal keeping its quotes."""
    def edits(src: Source, node: Any) -> list[Edit]:
        text = src.text(*src.span(node))
        return [(*src.span(node), f"{text[0]}{new}{text[-1]}")]
    return edits


def _add_keyword(node: Any, name: str, value: Any) -> Site:
    """Add ``name=value`` to the call ``node`` (just before its closing bracket)."""
    def make(call: Any) -> Any:
        return ast.Call(call.func, call.args, [*call.keywords, ast.keyword(name, ast.Constant(value))])

    def edits(src: Source, call: Any) -> list[Edit]:
        end = src.span(call)[1]
        sep = ", " if call.args or call.keywords else ""
        return [(end - 1, end - 1, f"{sep}{name}={value!r}")] if src.text(end - 1, end) == ")" else []
    return Site(name, node, make, edits)


def _keep(inner: Any) -> Callable[[Source, Any], list[Edit]]:
    """Replace the node by the text of ``inner`` (alternatives: as it is, in brackets)."""
    return lambda src, node: [(*src.span(node), t) for t in (src.text(*src.span(inner)),
                                                             f"({src.text(*src.span(inner))})")]


def _operand_text(src: Source, node: Any, wrap: bool) -> str:
    text = src.text(*src.span(node))
    atomic = isinstance(node, (ast.Name, ast.Constant, ast.Attribute, ast.Subscript, ast.Call))
    return f"({text})" if wrap and not atomic else text


def _constant_sites(node: Any) -> Iterator[Site]:
    value = node.value
    if isinstance(value, bool):
        yield Site("bool", node, lambda n: ast.Constant(not n.value), _whole(str(not value)))
    elif isinstance(value, int):
        for op, new in (("int+1", value + 1), ("int-1", value - 1)):
            new_node = (lambda v: lambda n: ast.UnaryOp(ast.USub(), ast.Constant(-v)) if v < 0
                        else ast.Constant(v))(new)
            yield Site(op, node, new_node, _whole(str(new)))
    elif isinstance(value, float):
        changes = [("num+1", 1.0)] if value == 0 else [("num*2", value * 2), ("num/2", value / 2)]
        for op, changed in changes:
            short = float(f"{changed:.12g}")
            yield Site(op, node, (lambda v: lambda n: ast.Constant(v))(short), _whole(repr(short)))


def _call_sites(node: Any) -> Iterator[Site]:
    func, name = node.func, call_name(node.func)
    keywords = {k.arg: k.value for k in node.keywords}
    if name in ("std", "var"):
        ddof = keywords.get("ddof")
        if isinstance(ddof, ast.Constant) and ddof.value in (0, 1):
            yield Site("ddof", ddof, lambda n: ast.Constant(1 - n.value), _whole(str(1 - ddof.value)))
        elif ddof is None:
            receiver = func.value if isinstance(func, ast.Attribute) else None
            yield _add_keyword(node, "ddof", 1 if call_name(receiver) in _NUMPY else 0)
    if name in _DROPPED and isinstance(func, ast.Attribute) and call_name(func.value) not in _NUMPY:
        yield Site("drop", node, lambda n: n.func.value, _keep(func.value))
    elif name == "abs" and len(node.args) == 1 and not node.keywords and (
            isinstance(func, ast.Name) or call_name(getattr(func, "value", None)) in _NUMPY):
        yield Site("drop", node, lambda n: n.args[0], _keep(node.args[0]))
    ascending = keywords.get("ascending")
    if isinstance(ascending, ast.Constant) and isinstance(ascending.value, bool):
        yield Site("ascending", ascending, lambda n: ast.Constant(not n.value), _whole(str(not ascending.value)))
    elif ascending is None and name in _SORTS and isinstance(func, ast.Attribute):
        yield _add_keyword(node, "ascending", False)
    method = keywords.get("method")
    if name == "rank" and isinstance(method, ast.Constant) and method.value in _RANK_METHODS:
        new = _RANK_METHODS[method.value]
        yield Site("rank", method, lambda n: ast.Constant(new), _requote(new))


def node_sites(node: Any, parent: Any, int_names: set[str], agg_strings: set[int]) -> Iterator[Site]:
    """Every mutation of ``node`` (specific operators first, so duplicates keep their ids)."""
    if isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            if type(op) in _CMP:
                cmp_op = _CMP[type(op)]

                def make(n: Any, i: int = i, cmp_op: Any = cmp_op) -> Any:
                    return ast.Compare(n.left, [cmp_op() if k == i else o for k, o in enumerate(n.ops)],
                                       n.comparators)
                before = node.left if i == 0 else node.comparators[i - 1]
                yield Site("cmp", node, make, (lambda b, a, o, w: lambda src, n: _token(src, b, a, o, w))(
                    before, node.comparators[i], _SYMBOL[type(op)], _SYMBOL[cmp_op]))
    elif isinstance(node, ast.BinOp) and type(node.op) in {**_ARITH, **_BITS}:
        bin_op = {**_ARITH, **_BITS}[type(node.op)]
        old, new = _SYMBOL[type(node.op)], _SYMBOL[bin_op]
        yield Site("boolop" if bin_op in _BITS.values() else "arith", node,
                    lambda n: ast.BinOp(n.left, bin_op(), n.right),
                    lambda src, n: _token(src, node.left, node.right, old, new))
        if isinstance(node.op, (ast.Sub, ast.Div)):
            yield Site("swap", node, lambda n: ast.BinOp(n.right, n.op, n.left),
                        lambda src, n: [(*src.span(n), f"{_operand_text(src, node.right, wrap)} {old} "
                                                       f"{_operand_text(src, node.left, wrap)}")
                                        for wrap in (False, True)])
    elif isinstance(node, ast.AugAssign) and type(node.op) in _ARITH:
        aug_op = _ARITH[type(node.op)]
        yield Site("arith", node, lambda n: ast.AugAssign(n.target, aug_op(), n.value),
                    lambda src, n: _token(src, node.target, node.value, _SYMBOL[type(node.op)] + "=",
                                          _SYMBOL[aug_op] + "="))
    elif isinstance(node, ast.BoolOp):
        bool_op: type[ast.boolop] = ast.Or if isinstance(node.op, ast.And) else ast.And
        old, new = _SYMBOL[type(node.op)], _SYMBOL[bool_op]
        yield Site("boolop", node, lambda n: ast.BoolOp(bool_op(), n.values),
                    lambda src, n: [e for a, b in zip(node.values, node.values[1:], strict=False)
                                    for e in _token(src, a, b, old, new)])
    elif isinstance(node, ast.Call):
        yield from _call_sites(node)
    elif isinstance(node, ast.Attribute) and isinstance(parent, ast.Call) and parent.func is node:
        if node.attr in _LOGS and call_name(node.value) in _NUMPY | {"math"}:
            log = _LOGS[node.attr]
            yield Site("log", node, lambda n: ast.Attribute(n.value, log, ast.Load()), _tail(node.attr, log))
        for method in METHODS.get(node.attr, ()):
            yield Site(f"method-{method}", node,
                       (lambda w: lambda n: ast.Attribute(n.value, w, ast.Load()))(method),
                       _tail(node.attr, method))
    elif isinstance(node, ast.Constant) and id(node) in agg_strings:
        for method in METHODS[str(node.value)]:
            yield Site(f"aggname-{method}", node, (lambda w: lambda n: ast.Constant(w))(method),
                       _requote(method))
    elif isinstance(node, ast.Constant):
        yield from _constant_sites(node)
    elif isinstance(node, ast.Name) and node.id in int_names:
        for label, index_op, sym in (("index+1", ast.Add, "+"), ("index-1", ast.Sub, "-")):
            yield Site(label, node, (lambda b: lambda n: ast.BinOp(ast.Name(n.id, ast.Load()), b(), ast.Constant(1)))(
                index_op), _whole(f"{node.id} {sym} 1"))


def walk(tree: Any) -> Iterator[tuple[Any, Any, bool]]:
    """``(node, parent, frozen)`` for every node, depth first; frozen: inside a data table or an f-string."""
    stack: list[tuple[Any, Any, bool]] = [(tree, None, False)]
    while stack:
        node, parent, frozen = stack.pop()
        yield node, parent, frozen
        inner = frozen or _is_table(node) or isinstance(node, ast.JoinedStr)
        stack.extend((child, node, inner) for child in reversed(list(ast.iter_child_nodes(node))))


def subscripted(node: Any, parent: Any, grand: dict[int, Any]) -> bool:
    """Whether ``node`` is (an item of) the index of a subscript that is read, not assigned."""
    if isinstance(parent, ast.Tuple):
        parent = grand.get(id(parent))
        return isinstance(parent, ast.Subscript) and isinstance(parent.ctx, ast.Load)
    return isinstance(parent, ast.Subscript) and parent.slice is node and isinstance(parent.ctx, ast.Load)
