"""Shared helpers of the dashboards: tables as HTML, charts as PNG, scorecard rows, static views.

>>> import pandas as pd
>>> html_table(pd.DataFrame({"composite": [82.25]}, index=pd.Index(["A1"], name="agent_id")))[:6]
'<table'
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd

from coursekit.checks import did_you_mean
from coursekit.errors import DataError
from coursekit.i18n import get_language, label
from coursekit.quiz.items import static_mode

#: Texts of the static views, (Chinese, English) like the labels of :mod:`coursekit.i18n` and chosen
#: by the same display language (kept here: ``coursekit/i18n.py`` is at the module size limit).
_TEXTS: dict[str, tuple[str, str]] = {
    "note": ("交互版：在 JupyterLab 中打开本章（终端运行 `coursekit lab`）即可{action}；下面是初始状态{state}。",
             "Interactive version: open this chapter in JupyterLab (run `coursekit lab` in a terminal) "
             "to {action}; below is the initial state{state}."),
    "tuner": ("拖动滑块调整各指标的权重（合计始终为 1），排名表和得分图随之更新",
              "drag the sliders to change the indicator weights (always summing to 1) and watch the "
              "ranking table and chart follow"),
    "what_if": ("修改该员工的各项指标值或目标值，看综合得分、等级和排名怎样变化",
                "change the agent's KPI values or the targets and watch the composite score, grade and rank move"),
    "roi": ("拖动滑块改变每点价值、切换效应口径，看 ROI 和 BCR 怎样变化",
            "move the value-per-point slider and switch the effect basis to see how ROI and BCR change"),
    "xmr": ("用菜单切换{group}和指标，查看相应的 XmR 图和判异点",
            "pick another {group} or metric from the menus to see its XmR chart and rule breaks"),
    "effect": ("效应", "effect"),
    "breakeven": ("盈亏平衡的每点价值(元)", "break-even value per point"),
    "rule": ("判异规则", "rule"),
    "rule_name": ("规则内容", "rule name"),
}


def static_text(key: str, **fields: Any) -> str:
    """A text of the static views in the display language (``coursekit.set_language``)."""
    text = _TEXTS[key][0 if get_language() == "zh" else 1]
    return text.format(**fields) if fields else text


def static_note(action: str, state: Sequence[tuple[str, Any]] = ()) -> dict[str, str]:
    """The note above a static view: how to get the interactive version, what it lets you change
    (``action``, a text of :func:`static_text`) and the settings shown (``state``: label/value pairs)."""
    zh = get_language() == "zh"
    shown = ("，" if zh else ", ").join(f"{name}{'：' if zh else ': '}{value}" for name, value in state)
    if shown:
        shown = f"（{shown}）" if zh else f" ({shown})"
    text = static_text("note", action=action, state=shown)
    marked = re.sub(r"`([^`]+)`", r"<code>\1</code>", escape(text))
    return {"text/plain": text, "text/html": f"<p class='coursekit-static-note'><i>{marked}</i></p>"}


def html_table(frame: pd.DataFrame, digits: int = 1, formats: Mapping[str, str] | None = None) -> str:
    """``frame`` as a small HTML table with translated headers and rounded numbers.

    ``formats`` gives some columns their own format spec (e.g. ``{"costs": ",.0f"}``).
    """
    shown = _labelled(frame)
    text = shown.to_html(float_format=lambda v: f"{v:.{digits}f}", border=0, na_rep="—",
                         formatters=_formatters(formats))
    return text.replace('<table class="dataframe">', '<table class="dataframe coursekit-table">')


def table_output(frame: pd.DataFrame, digits: int = 1, formats: Mapping[str, str] | None = None) -> dict[str, str]:
    """A display bundle of ``frame``: :func:`html_table` and the same table as plain text."""
    plain = _labelled(frame).to_string(float_format=lambda v: f"{v:.{digits}f}", na_rep="—",
                                       formatters=_formatters(formats))
    return {"text/plain": plain, "text/html": html_table(frame, digits, formats)}


def new_figure(draw: Callable[[Any], Any], figsize: tuple[float, float] = (5.0, 3.6)) -> Any:
    """A figure drawn by ``draw(ax)``, made without pyplot (never shown twice, nothing to close)."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=figsize, layout="constrained")
    draw(figure.add_subplot())
    return figure


def render_png(draw: Any, figsize: tuple[float, float] = (5.0, 3.6), dpi: int = 90) -> bytes:
    """PNG bytes of a figure drawn by ``draw(ax)``, made without pyplot (no inline double display)."""
    return _png(new_figure(draw, figsize), dpi)


def show_figure(figure: Any) -> None:
    """Display ``figure`` as an output of its own (an image, never a data: URI inside HTML).

    The figure itself is displayed when IPython has an image formatter for figures (the inline
    backend registers one); otherwise, e.g. with ``MPLBACKEND=Agg``, its PNG bytes as ``image/png``.
    """
    from IPython import get_ipython
    from IPython.display import display

    shell = get_ipython()
    formatters = shell.display_formatter.formatters if shell is not None else {}
    for mime in ("image/png", "image/svg+xml", "image/jpeg"):
        try:
            formatters[mime].lookup(figure)
        except KeyError:
            continue
        display(figure)
        return
    display({"image/png": _png(figure, 90), "text/plain": repr(figure)}, raw=True)


class StaticFallback:
    """Base of the dashboards: displays as the widget, or as static outputs in :func:`static_mode`.

    In static mode IPython finds the method ``_ipython_display_`` and calls it; it displays the
    note, the tables and the chart as outputs of their own. Otherwise that attribute is ``None``,
    which IPython skips, so ``_repr_mimebundle_`` shows the widget exactly as before.
    """

    widget: Any

    def _static_note(self) -> dict[str, str]:  # pragma: no cover - overridden
        raise NotImplementedError

    def _static_tables(self) -> list[dict[str, str]]:  # pragma: no cover - overridden
        raise NotImplementedError

    def _static_figure(self) -> Any:
        """The chart of the current state (a matplotlib Figure), or ``None`` without one."""
        return None

    @property
    def _ipython_display_(self) -> Callable[[], None] | None:
        return self._display_static if static_mode() else None

    def _display_static(self) -> None:
        from IPython.display import display

        for bundle in [self._static_note(), *self._static_tables()]:
            display(bundle, raw=True)
        figure = self._static_figure()
        if figure is not None:
            show_figure(figure)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        if not static_mode():
            return self.widget._repr_mimebundle_(**kwargs)
        parts = [self._static_note(), *self._static_tables()]
        return {"text/plain": "\n\n".join(p["text/plain"] for p in parts),
                "text/html": "".join(p["text/html"] for p in parts)}


def check_row(scorecard: pd.DataFrame, row: Any) -> None:
    """Raise a :class:`DataError` when ``row`` is not a label of the scorecard's index."""
    if row in scorecard.index:
        return
    name = str(scorecard.index.name or "index")
    hint = did_you_mean(row, scorecard.index)
    raise DataError(name, f"has no row {row!r}", rows=[row],
                    hint=hint + f"use a label of the scorecard's index, e.g. {scorecard.index[0]!r}")


def escape(value: Any) -> str:
    return html.escape(str(value))


def _labelled(frame: pd.DataFrame) -> pd.DataFrame:
    shown = frame.copy()
    shown.columns = [label(c) for c in shown.columns]
    shown.index = pd.Index([label(i) for i in shown.index],
                           name=label(shown.index.name) if shown.index.name else None)
    return shown


def _formatters(formats: Mapping[str, str] | None) -> dict[str, Callable[[Any], str]] | None:
    def spec(fmt: str) -> Callable[[Any], str]:
        return lambda v: "—" if pd.isna(v) else format(v, fmt)

    return {label(c): spec(fmt) for c, fmt in formats.items()} if formats else None


def _png(figure: Any, dpi: int) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
