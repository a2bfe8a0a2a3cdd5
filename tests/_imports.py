"""The import graph of ``coursekit``, read from the source with ``ast`` (nothing is imported).

Used by ``tests/test_architecture.py`` and handy on its own::

    python -m tests._imports            # print cross-layer, private and cyclic imports
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "coursekit"

# Lowest layer first. A module may import from its own layer or a lower one, never a higher one.
# Top-level modules not listed belong to the layer of their name; see docs/architecture.md.
LAYERS: dict[str, tuple[str, ...]] = {
    "foundation": ("errors", "i18n", "_language", "_messages_zh", "_messages_zh_methods", "schema", "checks", "results"),
    "data": ("datasets",),
    "measures": ("kpi",),
    "models": ("weights", "appraisal", "fairness", "training", "spc", "system"),
    "views": ("plots", "widgets", "quiz", "glossary"),
    "trainer": ("exercise", "trainer"),
    "shell": ("cli", "lab", "lab_commands", "site", "__init__", "__main__"),
}
LAYER_OF = {unit: rank for rank, units in enumerate(LAYERS.values()) for unit in units}
LAYER_NAMES = list(LAYERS)


@dataclass(frozen=True)
class Import:
    importer: str      # dotted module name, e.g. coursekit.kpi.rates
    imported: str      # dotted module name that is imported from
    names: tuple[str, ...]  # names taken from it ("" for a plain ``import x``)
    line: int
    lazy: bool         # inside a function (imported when called, not at module import)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted((SRC / PACKAGE).rglob("*.py"))}


def _resolve(importer: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = importer.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports() -> list[Import]:
    """Every import of a coursekit module in the source under :data:`SRC` (read once per folder)."""
    return list(_imports_under(SRC))


@lru_cache(maxsize=4)
def _imports_under(src: Path) -> tuple[Import, ...]:
    known = {module_name(p): p for p in sorted((src / PACKAGE).rglob("*.py"))}
    found: list[Import] = []
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        is_package = path.name == "__init__.py"
        lazy_nodes = {id(n) for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
                      for n in ast.walk(f)}
        type_checking = {id(n) for i in ast.walk(tree) if isinstance(i, ast.If)
                         and "TYPE_CHECKING" in ast.unparse(i.test) for n in ast.walk(i)}
        for node in ast.walk(tree):
            if id(node) in type_checking:
                continue
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == PACKAGE:
                        found.append(Import(name, alias.name, ("",), node.lineno, id(node) in lazy_nodes))
            elif isinstance(node, ast.ImportFrom):
                source = _resolve(name, is_package, node)
                if source.split(".")[0] != PACKAGE:
                    continue
                for alias in node.names:
                    # "from coursekit.kpi import rates" imports a module: record it as such
                    target = f"{source}.{alias.name}"
                    if target in known:
                        found.append(Import(name, target, ("",), node.lineno, id(node) in lazy_nodes))
                    else:
                        found.append(Import(name, source, (alias.name,), node.lineno, id(node) in lazy_nodes))
    return tuple(found)


def unit(module: str) -> str:
    """The package (or top-level module) a module belongs to: coursekit.kpi.rates -> kpi."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def layer(module: str) -> int:
    return LAYER_OF[unit(module)]


def _private(part: str) -> bool:
    return part.startswith("_") and not (part.startswith("__") and part.endswith("__"))


def private_imports() -> list[Import]:
    """Imports of another unit's private module or name (``kpi._frame``, ``from x import _helper``).

    The foundation's private modules (``_messages_zh``) are shared inside the foundation only.
    """
    bad = []
    for imp in imports():
        if unit(imp.importer) == unit(imp.imported):
            continue
        same_layer_foundation = layer(imp.importer) == layer(imp.imported) == 0
        module_private = any(_private(p) for p in imp.imported.split(".")[1:])
        name_private = any(_private(n) for n in imp.names if n)
        if name_private or (module_private and not same_layer_foundation):
            bad.append(imp)
    return bad


def upward_imports() -> list[Import]:
    """Imports from a higher layer (a model importing a view, the foundation importing data …)."""
    return [imp for imp in imports() if unit(imp.imported) != "__init__" and layer(imp.imported) > layer(imp.importer)]


def cycles() -> list[list[str]]:
    """Cycles in the module graph of top-level imports (lazy imports inside functions included).

    Importing a package runs its ``__init__``; an import of ``coursekit.kpi.rates`` is counted as
    an import of that module only (coursekit's ``__init__`` files import lazily).
    """
    graph: dict[str, set[str]] = {}
    for imp in imports():
        if imp.imported in (PACKAGE,):
            continue
        graph.setdefault(imp.importer, set()).add(imp.imported)
    found: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                found.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


if __name__ == "__main__":
    for title, items in (("private", private_imports()), ("upward", upward_imports())):
        print(f"== {title} imports: {len(items)}")
        for imp in items:
            print(f"  {imp.importer}:{imp.line} -> {imp.imported} {','.join(n for n in imp.names if n)}"
                  f"{' (lazy)' if imp.lazy else ''}")
    found = cycles()
    print(f"== cycles: {len(found)}")
    for cycle in found:
        print("  " + " -> ".join(cycle))
