"""Entry point of the child process that runs Sphinx for ``coursekit site build``.

``python -m coursekit.site.sphinx_main ARGS`` is ``python -m sphinx ARGS`` with
one start-up cost removed: jsonschema (imported by nbformat, which myst-nb
uses to read notebooks) loads ``rfc3987_syntax`` when it is installed and
compiles some forty grammars for a URI format check that notebooks never use.
That took about 2.5 s of each build, which is most of a rebuild with no change.
Blocking the import makes jsonschema skip that one format check.
"""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    """Run Sphinx's command line with ``argv``; returns its exit code."""
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]  # None: "import fails"
    from sphinx.cmd.build import main as sphinx_build

    return sphinx_build(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
