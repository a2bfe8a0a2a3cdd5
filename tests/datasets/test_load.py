"""``coursekit.datasets.load``: typed frames, any working directory, clear errors."""

from __future__ import annotations

import functools
import subprocess
import sys

import pandas as pd
import pytest

import coursekit
from coursekit.datasets import NAMES, find_data_dir, load
from coursekit.datasets.generate import generate, write
from coursekit.errors import ConfigError, DataError
from coursekit.schema import INDUSTRIES, SCHEMAS
from tests.datasets._shipped import DATASETS, shipped


@pytest.mark.parametrize("name", NAMES)
def test_load_matches_generated_types_and_values(name):
    # The committed files are the default generation, so load() must give the same frame back.
    frame = load(name)
    assert list(frame.columns) == list(SCHEMAS[name])
    assert len(frame) == len(shipped(name))


def test_load_round_trips_the_generator():
    fresh = generate()
    for name in NAMES:
        pd.testing.assert_frame_equal(load(name), fresh[name], obj=name)


def test_types_of_tickets():
    t = load("tickets")
    assert str(t["created_at"].dtype) == "datetime64[us]"
    assert t["resolved_at"].isna().sum() > 0  # open tickets stay NaT
    assert t["priority"].cat.ordered and list(t["priority"].cat.categories) == ["P1", "P2", "P3", "P4"]
    assert t["priority"].min() == "P1"
    assert list(t["industry"].cat.categories) == ["manufacturing", "services", "retail", "finance"]
    assert str(t["first_contact_resolved"].dtype) == "bool"
    assert str(t["onsite_visit"].dtype) == "boolean"
    assert str(t["critical_errors"].dtype) == "Int64"
    assert str(t["ticket_id"].dtype) == "str"
    assert t["serial_no"].isna().sum() > 0 and not (t["serial_no"] == "nan").any()


def test_load_from_any_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert len(load("staff")) == 104
    assert find_data_dir() == DATASETS


def test_load_in_a_fresh_process_from_another_directory(tmp_path):
    code = "import coursekit; print(len(coursekit.load('monthly')))"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "312"  # 13 teams x 24 months
    assert out.stderr == ""


def test_industry_filter():
    retail = load("tickets", industry="retail")
    assert set(retail["industry"]) == {"retail"} and len(retail) == 6000
    assert retail.index[0] == 0


@functools.cache
def _full(name):
    return load(name)


@pytest.mark.parametrize("industry", INDUSTRIES)
@pytest.mark.parametrize("name", NAMES)
def test_industry_selection_keeps_only_categories_that_occur(name, industry):
    full = _full(name)
    expected = full[full["industry"] == industry].reset_index(drop=True)
    categorical = [c for c in full.columns if isinstance(full[c].dtype, pd.CategoricalDtype)]
    assert "industry" in categorical
    for column in categorical:
        present = set(expected[column].dropna().astype(str))
        categories = full[column].cat.categories
        kept = categories[categories.isin(present)]  # original order, unused ones gone
        expected[column] = expected[column].cat.set_categories(kept)
    selected = load(name, industry=industry)
    pd.testing.assert_frame_equal(selected, expected, obj=f"{name}, {industry}")  # values and dtypes
    for column in categorical:
        counts = selected[column].value_counts()
        assert (counts > 0).all(), f"{name}.{column} ({industry}) keeps unused categories: " \
                                   f"{counts.index[counts == 0].tolist()}"
        assert selected[column].cat.ordered == full[column].cat.ordered


def test_industry_selection_examples():
    assert len(load("complaints")["cause"].cat.categories) == 26
    assert len(load("complaints", industry="services")["cause"].cat.categories) == 8
    tickets = load("tickets", industry="manufacturing")
    assert len(load("tickets")["product_line"].cat.categories) == 16
    assert len(tickets["product_line"].cat.categories) == 4
    assert list(tickets["industry"].cat.categories) == ["manufacturing"]
    assert tickets["priority"].cat.ordered and list(tickets["priority"].cat.categories) == ["P1", "P2", "P3", "P4"]
    assert len(tickets["return_type"].cat.categories) == 0 and tickets["return_type"].isna().all()
    assert list(load("tickets", industry="retail")["return_type"].cat.categories) == ["none", "return", "exchange"]


def test_unknown_name_lists_valid_names():
    with pytest.raises(ConfigError) as err:
        load("ticket")
    message = str(err.value)
    assert "'ticket'" in message
    for name in NAMES:
        assert name in message


def test_unknown_industry():
    with pytest.raises(ConfigError, match="unknown industry: 'banking'; .*choose one of manufacturing, services, retail, finance"):
        load("tickets", industry="banking")


def test_data_dir_argument_reads_another_folder(tmp_path):
    write(generate(seed=5, tickets_per_industry=10), tmp_path)
    assert len(load("tickets", data_dir=tmp_path)) == 40


def test_missing_file_names_the_path(tmp_path):
    with pytest.raises(ConfigError, match="surveys.csv does not exist; run `coursekit data generate"):
        load("surveys", data_dir=tmp_path)


def test_missing_column_is_a_data_error(tmp_path):
    frame = shipped("staff").drop(columns=["region"])
    frame.to_csv(tmp_path / "staff.csv", index=False)
    with pytest.raises(DataError) as err:
        load("staff", data_dir=tmp_path)
    assert err.value.column == "region"
    assert "is missing from staff.csv" in str(err.value)


def test_value_outside_a_listed_category_is_a_data_error(tmp_path):
    (tmp_path / "training.csv").write_text(
        "agent_id,industry,team,group,method,pre_score,post_score,fcr_pre,fcr_post,reaction,cost_yuan\n"
        "MF-A001,manufacturing,MF-T1,treatment,online,50,60,0.5,0.6,4.0,800\n"
        "MF-A002,manufacturing,MF-T1,trained,,50,60,0.5,0.6,,0\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        load("training", data_dir=tmp_path)
    assert str(err.value) == "column 'group': must be one of treatment, control; rows 1 (values: 'trained')"


def test_lazy_reexports():
    assert coursekit.load is load
    from coursekit.datasets import byo

    assert coursekit.datasets.read_tickets is byo.read_tickets
    assert coursekit.datasets.read_surveys is byo.read_surveys
    assert coursekit.datasets.PLANTED["process_change"]["team"] == "RT-T2"
    with pytest.raises(AttributeError):
        coursekit.datasets.no_such_name  # noqa: B018


def test_import_stays_light():
    code = ("import sys, coursekit.datasets, coursekit.datasets.generate; coursekit.load('staff'); "
            "print(sorted(m for m in ('matplotlib', 'scipy', 'ipywidgets', 'nbgrader') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
