"""Find code in a trainee's cell that would switch off or fake the grading checks.

The off-limits guard (:mod:`coursekit.exercise.guard`) runs inside the trainee's
kernel, where Python lets any code rewrite anything. What it cannot stop by
itself it finds here, by reading the cell's source: rebinding the names the test
cells use (``np``, ``pd``, ``ck`` …), assigning to attributes of those modules
(``np.allclose = …``), reaching into function internals (``__code__``,
``__globals__``), rewriting ``sys.modules``, reloading modules, running code in
another process, or touching the guard itself. :func:`find_tampering` is pure:
the test cells call it in the kernel (so trainees learn before they submit) and
the grader calls it outside the kernel on the submitted notebook (so a trainee who
disables the in-kernel check still loses the points).

>>> [f.what for f in find_tampering("np.allclose = lambda *a, **k: True")]
['np.allclose = …']
>>> find_tampering("import numpy as np\\nx = np.log(2)\\npd.options.display.max_rows = 5")
[]
>>> find_tampering("ck.exercise.verify()")  # the call every test cell starts with
[]
>>> [f.what for f in find_tampering("f = ck.kpi.fcr\\nf.__code__ = g.__code__")]
['__code__']
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

__all__ = ["Finding", "PROTECTED_MODULES", "find_tampering", "describe"]

#: Names the exercise notebooks bind in their setup cell, with the module each must stay.
PROTECTED_MODULES: dict[str, str] = {
    "np": "numpy", "numpy": "numpy", "pd": "pandas", "pandas": "pandas", "ck": "coursekit",
    "coursekit": "coursekit", "math": "math", "sys": "sys", "builtins": "builtins",
    "scipy": "scipy",
}
#: Built-in names the test cells call; redefining one as a function would fake a check.
SHADOWED_BUILTINS = frozenset({
    "isinstance", "issubclass", "set", "sorted", "len", "abs", "all", "any", "float", "int", "str",
    "list", "round", "sum", "min", "max", "zip", "map", "range", "bool", "dict", "tuple", "type",
    "hasattr", "getattr", "callable", "repr", "print", "AssertionError", "Exception",
})

#: Attribute names that only code rewriting functions, frames or the guard needs.
_INTERNALS = frozenset({
    "__code__", "__globals__", "__closure__", "__builtins__", "__defaults__", "__kwdefaults__",
    "__coursekit_guard__", "f_globals", "f_locals", "f_back", "_getframe", "get_referrers",
    "get_referents", "get_objects", "__wrapped__", "__signature__", "__dict__", "__setattr__",
    "__import__",
})
#: Modules whose import means running code outside the guarded kernel or rewriting its internals.
_MODULES = frozenset({"subprocess", "multiprocessing", "ctypes", "linecache", "builtins", "gc",
                      "concurrent", "pty", "code", "codeop", "runpy"})
_OS_CALLS = frozenset({"system", "popen", "execv", "execve", "execl", "execlp", "execvp", "spawnl",
                       "spawnv", "spawnlp", "spawnvp", "fork", "posix_spawn", "startfile"})
_BARE_CALLS = frozenset({"exec", "eval", "compile", "setattr", "delattr", "globals", "vars",
                         "__import__", "reload", "breakpoint"})
#: ``ck.exercise.<name>`` calls a trainee's notebook may contain.
_EXERCISE_API = frozenset({"verify", "off_limits", "expect_series", "expect_frame", "expect_value",
                           "expect_labels", "design"})
#: Attribute assignments that configure rather than replace (``pd.options.display.max_rows = 5``).
_SETTINGS = frozenset({"options", "rcParams"})


@dataclass(frozen=True)
class Finding:
    """One suspicious construct: what it is and the line it is on (1-based)."""

    what: str
    line: int


def _root(node: ast.AST) -> tuple[str | None, list[str]]:
    """``np.random.seed`` -> ("np", ["random", "seed"])."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return node.id, parts[::-1]
    return None, parts[::-1]


class _Scanner(ast.NodeVisitor):
    def __init__(self) -> None:
        self.found: list[Finding] = []

    def flag(self, what: str, node: ast.AST) -> None:
        self.found.append(Finding(what, getattr(node, "lineno", 0)))

    # --- imports -------------------------------------------------------------
    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            top = alias.name.split(".")[0]
            bound = alias.asname or top
            if top in _MODULES:
                self.flag(f"import {alias.name}", node)
            elif alias.name.startswith("coursekit.exercise"):
                self.flag(f"import {alias.name}", node)
            elif alias.name == "importlib" or alias.name.startswith("importlib."):
                pass  # importlib.import_module is blocked at run time; reload is flagged below
            expected = PROTECTED_MODULES.get(bound)
            target = alias.name if alias.asname else top
            if expected is not None and target != expected:
                self.flag(f"import {alias.name} as {bound}", node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        top = module.split(".")[0]
        names = {a.name for a in node.names}
        if top in _MODULES or (module == "os" and names & (_OS_CALLS | {"*"})):
            self.flag(f"from {module} import …", node)
        if module.startswith("coursekit.exercise") or (module == "coursekit" and "exercise" in names):
            if module != "coursekit.exercise" or not names <= _EXERCISE_API:
                self.flag(f"from {module} import …", node)
        if module == "importlib" and "reload" in names:
            self.flag("importlib.reload", node)
        if module == "sys" and "modules" in names:
            self.flag("from sys import modules", node)
        for alias in node.names:
            bound = alias.asname or alias.name
            if bound in PROTECTED_MODULES and f"{module}.{alias.name}" != PROTECTED_MODULES[bound]:
                self.flag(f"from {module} import {alias.name} as {bound}", node)
        self.generic_visit(node)

    # --- rebinding and patching ----------------------------------------------
    def _target(self, target: ast.AST, node: ast.AST) -> None:
        if isinstance(target, ast.Name) and target.id in PROTECTED_MODULES:
            self.flag(f"{target.id} = …", node)
        elif isinstance(target, ast.Attribute):
            root, parts = _root(target)
            if root in PROTECTED_MODULES and not (parts and parts[0] in _SETTINGS):
                self.flag(".".join([root, *parts]) + " = …", node)
            elif target.attr in _INTERNALS:
                self.flag(target.attr, node)
        elif isinstance(target, ast.Subscript):
            root, parts = _root(target.value)
            if root == "sys" and parts == ["modules"]:
                self.flag("sys.modules[…] = …", node)
            elif root in PROTECTED_MODULES and parts and parts[0] in _SETTINGS:
                pass
            elif root in ("__builtins__", "builtins"):
                self.flag(f"{root}[…] = …", node)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self._target(element, node)
        elif isinstance(target, ast.Starred):
            self._target(target.value, node)

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._target(target, node)
            self._shadow(target, node.value, node)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._target(node.target, node)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._target(node.target, node)
        self.generic_visit(node)

    def visit_Delete(self, node: ast.Delete) -> None:
        for target in node.targets:
            self._target(target, node)
        self.generic_visit(node)

    def _bind(self, name: str, node: ast.AST) -> None:
        if name in PROTECTED_MODULES or name in SHADOWED_BUILTINS:
            self.flag(f"{name} = …", node)

    def _shadow(self, target: ast.AST, value: ast.AST, node: ast.AST) -> None:
        """``all = lambda *a: True`` or ``isinstance = other`` (not ``sum = 0`` or ``max = s.max()``)."""
        if isinstance(target, ast.Name) and target.id in SHADOWED_BUILTINS and \
                isinstance(value, (ast.Lambda, ast.Name, ast.Attribute)):
            self.flag(f"{target.id} = …", node)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._bind(node.name, node)
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._bind(node.name, node)
        self.generic_visit(node)

    def visit_For(self, node: ast.For) -> None:
        self._target(node.target, node)
        self.generic_visit(node)

    def visit_With(self, node: ast.With) -> None:
        for item in node.items:
            if item.optional_vars is not None:
                self._target(item.optional_vars, node)
        self.generic_visit(node)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self._target(node.target, node)
        self.generic_visit(node)

    def visit_Global(self, node: ast.Global) -> None:
        for name in node.names:
            self._bind(name, node)

    # --- reads and calls -----------------------------------------------------
    def visit_Attribute(self, node: ast.Attribute) -> None:
        root, parts = _root(node)
        if node.attr in _INTERNALS:
            self.flag(node.attr, node)
        elif root in ("ck", "coursekit") and parts[:1] == ["exercise"]:
            if len(parts) < 2 or parts[1] not in _EXERCISE_API:
                self.flag(".".join([root, *parts]), node)
            return  # do not re-flag the inner chain
        elif root in ("ck", "coursekit") and any(p.startswith("_") for p in parts):
            self.flag(".".join([root, *parts]), node)
            return
        elif root == "sys" and parts and parts[0] == "modules" and len(parts) > 1 and \
                parts[1] in ("pop", "clear", "update", "setdefault", "popitem", "__setitem__",
                             "__delitem__"):
            self.flag("sys.modules." + parts[1], node)
        elif root == "importlib" and parts[:1] == ["reload"]:
            self.flag("importlib.reload", node)
        elif root == "os" and parts and parts[0] in _OS_CALLS:
            self.flag(f"os.{parts[0]}", node)
        elif root == "types" and parts and parts[0] in ("FunctionType", "CodeType", "ModuleType",
                                                          "LambdaType"):
            self.flag(f"types.{parts[0]}", node)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        if isinstance(node.func, ast.Name) and node.func.id in _BARE_CALLS:
            self.flag(f"{node.func.id}(…)", node)
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id in ("__builtins__", "__coursekit_guard__"):
            self.flag(node.id, node)


def find_tampering(source: str) -> list[Finding]:
    """Suspicious constructs in one cell's Python source (empty list = nothing found).

    Cells that do not parse (IPython magics, a syntax error) yield no findings:
    a syntax error costs the task anyway.

    >>> find_tampering("sys.modules['coursekit.kpi'] = fake")[0].what
    'sys.modules[…] = …'
    >>> find_tampering("import coursekit as ck\\nimport pandas as pd")
    []
    >>> find_tampering("import numpy as pd")[0].what
    'import numpy as pd'
    """
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []
    scanner = _Scanner()
    scanner.visit(tree)
    seen: set[tuple[str, int]] = set()
    out = []
    for finding in scanner.found:
        if (finding.what, finding.line) not in seen:
            seen.add((finding.what, finding.line))
            out.append(finding)
    return out


def describe(findings: list[Finding], cell_label: str, lang: str = "zh") -> str:
    """One message for a cell's findings, in Chinese (``lang="en"``: English).

    >>> print(describe([Finding("np.allclose = …", 2)], "第 3 个代码单元格"))
    第 3 个代码单元格第 2 行的 `np.allclose = …`
    会改动或绕过评分检查，本作业不允许这样写：请删除这行代码，重启内核后重新运行全部单元格。
    """
    items = "、".join(f"第 {f.line} 行的 `{f.what}`" for f in findings[:5])
    items_en = ", ".join(f"`{f.what}` (line {f.line})" for f in findings[:5])
    if lang == "en":
        return (f"{cell_label}: {items_en} would change or bypass the grading checks, which this "
                "exercise does not allow: remove it, restart the kernel and run all cells again.")
    return (f"{cell_label}{items} 会改动或绕过评分检查，本作业不允许这样写："
            "请删除这行代码，重启内核后重新运行全部单元格。")
