"""Serve a built site on this machine (a static file server on loopback).

The site is plain files and also opens straight from disk or a file share;
a local server is only needed where a browser limits pages opened from
``file://`` (Chinese search works either way).

>>> handler = handler_for(Path("."))
>>> handler.keywords["directory"] == str(Path("."))
True
"""

from __future__ import annotations

import functools
import http.server
from pathlib import Path

from coursekit.errors import ConfigError

__all__ = ["handler_for", "serve"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".ipynb": "application/x-ipynb+json", ".woff2": "font/woff2"}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


def handler_for(folder: Path) -> functools.partial:
    """The request handler serving files from ``folder``."""
    return functools.partial(_QuietHandler, directory=str(folder))


def serve(folder: Path, *, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve ``folder`` until Ctrl+C; raises ConfigError when it holds no built site."""
    if not (folder / "index.html").is_file():
        raise ConfigError(f"no built site in {folder} (index.html is missing); run `coursekit site build` first")
    with http.server.ThreadingHTTPServer((host, port), handler_for(folder)) as server:
        print(f"课程网站 / course site: http://{host}:{server.server_address[1]}/  (Ctrl+C 停止 / to stop)",
              flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
