"""``coursekit lab``: open the course in JupyterLab (Chinese interface, start-here notebook).

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="coursekit")
>>> add_commands(parser.add_subparsers())
>>> args = parser.parse_args(["lab", "--port", "8890", "--no-browser"])
>>> args.port, args.no_browser, args.configure_only
(8890, True, False)
"""

from __future__ import annotations

import argparse
import sys


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    """Register ``coursekit lab`` on the CLI's sub-command parsers."""
    parser = subparsers.add_parser(
        "lab",
        help="open the course in JupyterLab (Chinese interface, start-here notebook)",
        description=(
            "Set JupyterLab's default language to Chinese (zh_CN) and switch off its news "
            "pop-up for this environment, then start JupyterLab with the file browser at "
            "the course root and chapters/00_start_here.ipynb open. Stop it with Ctrl+C."
        ),
    )
    parser.add_argument("--port", type=int, default=None,
                        help="port to listen on (default: JupyterLab's, 8888 or the next free one)")
    parser.add_argument("--no-browser", action="store_true",
                        help="do not open a web browser; print the address instead")
    parser.add_argument("--root", default=None,
                        help="course folder (default: the nearest folder with chapters/)")
    parser.add_argument("--configure-only", action="store_true",
                        help="only write the Chinese-interface defaults, do not start JupyterLab")
    parser.set_defaults(func=run_lab)


def run_lab(args: argparse.Namespace) -> int:
    """Configure JupyterLab, then (unless ``--configure-only``) run it until it stops."""
    from coursekit import lab
    from coursekit.errors import ConfigError

    try:
        path = lab.configure_lab()
    except ConfigError as exc:
        if args.configure_only:
            raise
        print(f"coursekit: warning: {exc}; JupyterLab starts with its default language",
              file=sys.stderr)
    else:
        print(f"JupyterLab 默认设置（中文界面）已写入 / defaults written: {path}")
    if args.configure_only:
        return 0
    return lab.launch(args.root, port=args.port, open_browser=not args.no_browser, configure=False)
