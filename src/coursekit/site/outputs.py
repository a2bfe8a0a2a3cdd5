"""How executed cells reach the page: exact stream merging, and no dead widget state.

Two things myst-nb does would make the pages differ from one build to the next,
although nothing in the course changed:

* **Stream chunks.** A kernel sends ``print`` output in chunks whose boundaries
  depend on timing (``print("【有问题】", error)`` can arrive as one chunk or
  two). myst-nb's stream merging strips each chunk and adds a newline, so a
  split becomes a line break on the page. :func:`merge_streams` joins chunks
  exactly as the kernel wrote them; the extension puts it in myst-nb's place.
* **Widget state.** Dashboards create ipywidgets models even when they display
  their static form, and myst-nb embeds the models' state (with random ids)
  in every page for a widget JavaScript the site never loads. The extension
  drops that state.

>>> chunks = [{"output_type": "stream", "name": "stdout", "text": "【有问题】"},
...           {"output_type": "stream", "name": "stdout", "text": " 列 '工单号'\\n"},
...           {"output_type": "display_data", "data": {}}]
>>> merged = merge_streams(chunks)
>>> merged[0]["text"], len(merged)
("【有问题】 列 '工单号'\\n", 2)
>>> merge_streams([{"output_type": "stream", "name": "stdout", "text": "10%\\r100%\\nab\\x08c\\n"}])[0]["text"]
'100%\\nac\\n'

"""

from __future__ import annotations

import copy
import re
from typing import Any

__all__ = ["merge_streams", "setup"]

_BACKSPACE = re.compile("[^\n]\x08")      # a character followed by a backspace
_CARRIAGE_RETURN = re.compile(r".*\r(?=[^\n])")
WIDGET_STATE = "ipywidgets_state"     # myst-nb's key for the embedded widget state


def merge_streams(outputs: list[Any]) -> list[Any]:
    """One output per stream name, its text the exact concatenation of the chunks, at the first chunk's place."""
    merged: list[Any] = []
    streams: dict[str, Any] = {}
    for output in outputs:
        if output["output_type"] != "stream":
            merged.append(output)
        elif output["name"] in streams:
            streams[output["name"]]["text"] += output["text"]
        else:
            streams[output["name"]] = copy.copy(output)
            merged.append(streams[output["name"]])
    for stream in streams.values():
        text = stream["text"]
        while (shorter := _BACKSPACE.sub("", text)) != text:   # a character then backspace cancels out
            text = shorter
        stream["text"] = _CARRIAGE_RETURN.sub("", text)          # a line redrawn after \r keeps its last form
    return merged


def _drop_widget_state(app: Any, doctree: Any) -> None:
    metadata = getattr(app.env, "nb_metadata", {}).get(app.env.docname, {})
    metadata.get("js_files", {}).pop(WIDGET_STATE, None)


def setup(app: Any) -> dict[str, Any]:
    """Use :func:`merge_streams` for myst-nb's stream merging; drop embedded widget state."""
    import myst_nb.core.render as render

    render.coalesce_streams = merge_streams   # the name myst-nb's renderer calls (tests/site checks the effect)
    app.connect("doctree-read", _drop_widget_state)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
