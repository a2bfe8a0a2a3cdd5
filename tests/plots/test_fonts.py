"""CJK font discovery, no missing glyphs with a CJK font, English fallback without one."""

from __future__ import annotations

import io
import logging
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from coursekit import plots, spc  # noqa: E402
from coursekit.i18n import get_language, label, set_language  # noqa: E402
from coursekit.plots import fonts  # noqa: E402

HAVE_CJK = fonts.find_cjk_font() is not None
GLYPH_WORDS = ("missing from font", "Glyph")


@pytest.fixture(autouse=True)
def _clean():
    language = get_language()
    with matplotlib.rc_context():
        yield
    plt.close("all")
    set_language(language)


def _render(ax) -> bytes:
    buffer = io.BytesIO()
    ax.figure.savefig(buffer, format="png", dpi=40)
    return buffer.getvalue()


# Each builder draws Chinese text: Chinese category/axis names and default Chinese titles.
BUILDERS = {
    "radar": lambda: plots.radar(pd.DataFrame(
        {"客户": [80, 60], "效率": [65, 90], "质量": [90, 70], "能力": [70, 75]}, index=["张伟", "李娜"])),
    "pareto": lambda: plots.pareto_chart(pd.Series({"配件缺货": 40, "上门超时": 25, "服务态度": 20, "其他": 15})),
    "control": lambda: plots.control_chart(
        spc.xmr(pd.Series([30.0, 31, 29, 32, 30, 18, 17, 19, 18, 17, 16, 18, 17],
                          index=pd.date_range("2023-01-01", periods=13, freq="MS"), name="平均解决时长")),
        violations="nelson", ylabel="平均解决时长(小时)"),
    "distribution": lambda: plots.score_distribution(
        [-5.0, 58, 65, 72, 84, 93], grades=["E", "D", "C", "C", "B", "A"], thresholds={"A": 90, "B": 80}),
    "before_after": lambda: plots.before_after([60, 70, 65, 72], [72, 75, 80, 71],
                                               groups=["培训组", "培训组", "对照组", "对照组"]),
    "kpi_bars": lambda: plots.kpi_bars({"一组": 0.72, "二组": 0.61, "三组": -0.05}, "fcr", target=0.7),
}


@pytest.mark.needs("a CJK font", None if HAVE_CJK else "needs an installed CJK font (Debian: fonts-noto-cjk)")
@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_chinese_plots_render_without_missing_glyphs(name, caplog):
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.WARNING):
        warnings.simplefilter("always")
        ax = BUILDERS[name]()
        png = _render(ax)
    assert png.startswith(b"\x89PNG")
    texts = [str(w.message) for w in caught] + [r.getMessage() for r in caplog.records]
    assert not [t for t in texts if any(word in t for word in GLYPH_WORDS)], texts
    assert not [t for t in texts if "findfont" in t], texts
    # the figure really carries Chinese text (so the check above means something)
    drawn = " ".join(t.get_text() for t in ax.figure.findobj(matplotlib.text.Text))
    assert any("\u4e00" <= ch <= "\u9fff" for ch in drawn)


def test_the_glyph_check_detects_boxes_without_a_cjk_font():
    # Control for the test above: the same check flags Chinese drawn with DejaVu Sans only.
    with matplotlib.rc_context({"font.family": ["sans-serif"], "font.sans-serif": ["DejaVu Sans"]}):
        fig = matplotlib.figure.Figure()
        fig.text(0.5, 0.5, "首次解决率")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig.savefig(io.BytesIO(), format="png")
    assert any("missing from font" in str(w.message) for w in caught)


@pytest.mark.needs("a CJK font", None if HAVE_CJK else "needs an installed CJK font (Debian: fonts-noto-cjk)")
def test_setup_fonts_puts_the_cjk_family_first():
    family = plots.setup_fonts()
    assert family == fonts.find_cjk_font()
    assert list(matplotlib.rcParams["font.sans-serif"][:2]) == [family, "DejaVu Sans"]
    assert matplotlib.rcParams["axes.unicode_minus"] is False
    # a style reset is repaired by the next plot
    matplotlib.rcParams["font.sans-serif"] = ["DejaVu Sans"]
    plots.kpi_bars({"a": 1.0}, "backlog")
    assert matplotlib.rcParams["font.sans-serif"][0] == family


@pytest.mark.parametrize("installed, expected", [
    ({"DejaVu Sans", "SimHei", "WenQuanYi Micro Hei"}, "WenQuanYi Micro Hei"),
    ({"PingFang SC", "Microsoft YaHei"}, "Microsoft YaHei"),
    ({"Noto Sans CJK JP", "Noto Sans CJK SC", "Source Han Sans SC"}, "Noto Sans CJK SC"),
    ({"Noto Sans CJK KR", "DejaVu Sans"}, "Noto Sans CJK KR"),
    ({"DejaVu Sans", "Liberation Sans"}, None),
])
def test_find_cjk_font_follows_the_preference_order(monkeypatch, installed, expected):
    monkeypatch.setattr(fonts, "_installed_families", lambda: set(installed))
    monkeypatch.setattr(fonts, "_add_system_cjk_fonts", lambda: 0)
    fonts.find_cjk_font.cache_clear()
    try:
        assert fonts.find_cjk_font() == expected
    finally:
        fonts.find_cjk_font.cache_clear()


def test_fonts_installed_after_matplotlibs_cache_are_registered(monkeypatch):
    calls = iter([{"DejaVu Sans"}, {"DejaVu Sans", "WenQuanYi Zen Hei"}])
    monkeypatch.setattr(fonts, "_installed_families", lambda: next(calls))
    monkeypatch.setattr(fonts, "_add_system_cjk_fonts", lambda: 1)
    fonts.find_cjk_font.cache_clear()
    try:
        assert fonts.find_cjk_font() == "WenQuanYi Zen Hei"
    finally:
        fonts.find_cjk_font.cache_clear()


@pytest.fixture
def no_cjk_font(monkeypatch):
    """Simulate a machine without any CJK font (discovery finds nothing)."""
    fonts._reset()
    monkeypatch.setattr(fonts, "find_cjk_font", lambda: None)
    yield
    monkeypatch.undo()
    fonts._reset()


def test_without_cjk_font_one_warning_and_english_labels(no_cjk_font):
    assert get_language() == "zh"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        radar_ax = plots.radar(pd.Series({"客户": 80, "效率": 65, "质量": 90, "能力": 70}))
        pareto_ax = plots.pareto_chart({"phone": 5, "email": 3, "onsite": 2})
        control_ax = plots.control_chart([5, 6, 5, 7, 6, 12], centre=6, ucl=9, lcl=3)
        _render(radar_ax), _render(pareto_ax), _render(control_ax)
    ours = [w for w in caught if issubclass(w.category, plots.MissingCJKFontWarning)]
    assert len(ours) == 1
    message = str(ours[0].message)
    assert "sudo apt-get install fonts-noto-cjk" in message and "YaHei" in message and "PingFang" in message
    assert radar_ax.get_title() == "performance profile"
    assert [t.get_text() for t in radar_ax.get_xticklabels()] == ["customer", "efficiency", "quality", "capability"]
    assert [t.get_text() for t in pareto_ax.get_xticklabels()] == ["phone", "email", "walk-in"]
    assert pareto_ax.get_ylabel() == "count"
    assert control_ax.get_title() == "control chart"
    assert plots.plot_language() == "en"
    assert get_language() == "zh"  # the user's setting is untouched


def test_without_cjk_font_coursekit_draws_no_chinese_text(no_cjk_font):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", plots.MissingCJKFontWarning)
        axes = [
            plots.score_distribution([58, 65, 72, 84, 93], grades=["D", "C", "C", "B", "A"],
                                     thresholds={"A": 90}),
            plots.before_after([60, 70], [70, 74], groups=["treatment", "control"]),
            plots.kpi_bars({"MF-T1": 0.7, "MF-T2": 0.8}, "fcr", target=0.75),
            plots.radar(pd.Series({"fcr": 70, "csat": 80, "nps": 40}, name="MF-A001")),
        ]
    for ax in axes:
        drawn = [t.get_text() for t in ax.figure.findobj(matplotlib.text.Text)]
        assert not [t for t in drawn if any("\u4e00" <= ch <= "\u9fff" for ch in t)], drawn
    assert axes[1].get_legend().get_texts()[0].get_text() == "control: mean change +4"


@pytest.mark.parametrize("name, key", [
    ("radar", "plot.radar.title"),
    ("pareto", "plot.pareto.title"),
    ("distribution", "plot.distribution.title"),
    ("before_after", "plot.before_after.title"),
    ("kpi_bars", "plot.bars.title"),
])
def test_set_language_switches_titles(name, key):
    zh_title = BUILDERS[name]().get_title()
    set_language("en")
    en_title = BUILDERS[name]().get_title()
    assert (zh_title, en_title) == (label(key, lang="zh"), label(key, lang="en"))
    assert zh_title != en_title


def test_set_language_switches_axis_labels():
    ax = plots.kpi_bars({"MF-T1": 0.8}, "sla_compliance")
    assert ax.get_ylabel() == "SLA达成率"
    set_language("en")
    ax = plots.kpi_bars({"MF-T1": 0.8}, "sla_compliance")
    assert ax.get_ylabel() == "SLA compliance"
    ax = plots.control_chart(np.array([1.0, 2.0, 1.5]), centre=1.5, ucl=3, lcl=0)
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("observation", "value")
