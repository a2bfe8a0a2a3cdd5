"""Load a shipped course dataset as a typed DataFrame.

The CSV files live in ``datasets/`` at the top of the repository and are copied
into the wheel as the ``coursekit/data`` folder, so :func:`load` works from any
working directory: a notebook in ``chapters/``, a script elsewhere, or an
installed package.

Types follow :mod:`coursekit.schema`: datetimes are parsed
(``datetime64[us]``), categories become ``category`` (``priority`` ordered
P1 < P2 < P3 < P4, i.e. most urgent first), flags are ``bool`` (nullable
``boolean`` where a column only applies to one industry), nullable integers
are ``Int64`` and text is ``str``.

>>> from coursekit.datasets import load
>>> tickets = load("tickets")
>>> str(tickets["created_at"].dtype), str(tickets["priority"].dtype)
('datetime64[us]', 'category')
>>> list(tickets["priority"].cat.categories), tickets["priority"].cat.ordered
(['P1', 'P2', 'P3', 'P4'], True)
>>> load("monthly", industry="retail")["team"].nunique()
3
"""

from __future__ import annotations

import importlib.resources
import os
from pathlib import Path

import pandas as pd

from coursekit.checks import choose
from coursekit.errors import ConfigError, DataError
from coursekit.schema import INDUSTRIES, SCHEMAS, Column

NAMES = tuple(SCHEMAS)
ORDERED = {"priority"}  # categorical columns with a natural order (schema order)
_READ_DTYPE = {"str": "str", "category": "str", "int": "Int64", "float": "float64",
               "bool": "boolean", "datetime": "str"}


def repo_data_dir() -> Path:
    """``datasets/`` of the source checkout this module belongs to (may not exist)."""
    return Path(__file__).resolve().parents[3] / "datasets"


DATA_ENV = "COURSEKIT_DATA"


def find_data_dir() -> Path:
    """The folder holding the course's CSV files.

    The environment variable ``COURSEKIT_DATA`` names another folder (e.g. one
    written by ``coursekit data generate --seed 7 --out DIR``); every
    :func:`load` call, and so every chapter and exercise, then reads that folder.
    Without it, the installed package (``coursekit/data``) is searched first,
    then the source checkout (``<repo>/datasets``).

    >>> (find_data_dir() / "tickets.csv").is_file()
    True
    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as empty:
    ...     os.environ["COURSEKIT_DATA"] = empty
    ...     try:
    ...         find_data_dir()
    ...     finally:
    ...         del os.environ["COURSEKIT_DATA"]
    Traceback (most recent call last):
    ...
    coursekit.errors.ConfigError: COURSEKIT_DATA=... lacks staff.csv, tickets.csv, surveys.csv, complaints.csv,
    competency.csv, training.csv, monthly.csv; write the files with `coursekit data generate --seed N --out ...` or
    unset COURSEKIT_DATA to use the shipped data
    """
    chosen = os.environ.get(DATA_ENV, "").strip()
    if chosen:
        folder = Path(chosen).expanduser()
        absent = [f"{name}.csv" for name in NAMES if not (folder / f"{name}.csv").is_file()]
        if absent:
            raise ConfigError(
                f"{DATA_ENV}={chosen} lacks {', '.join(absent)}; write the files with "
                f"`coursekit data generate --seed N --out {chosen}` or unset {DATA_ENV} to use the shipped data")
        return folder
    candidates = [Path(str(importlib.resources.files("coursekit") / "data")), repo_data_dir()]
    for folder in candidates:
        if (folder / "tickets.csv").is_file():
            return folder
    raise ConfigError(
        "the course datasets were not found in " + " or ".join(str(c) for c in candidates)
        + "; run `coursekit data generate --out DIR` and pass data_dir=DIR"
    )


def load(name: str, *, industry: str | None = None, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Read one dataset (``staff``, ``tickets``, ``surveys``, ``complaints``,
    ``competency``, ``training`` or ``monthly``) as a typed DataFrame.

    Parameters
    ----------
    name:
        Dataset name; see :data:`NAMES`.
    industry:
        Keep only the rows of one industry (``manufacturing``, ``services``,
        ``retail`` or ``finance``); the index is renumbered from 0. Every
        categorical column then keeps only the categories that occur in those
        rows, in their original order (``priority`` stays ordered), so
        ``value_counts()`` and ``groupby`` show no empty categories of other
        industries. A column that is empty in the industry (e.g.
        ``return_type`` outside retail) is left with no categories.
    data_dir:
        Read from this folder instead of the shipped data (e.g. a folder
        written by ``coursekit data generate --out DIR``).

    >>> staff = load("staff")
    >>> staff.columns[:3].tolist()
    ['agent_id', 'name', 'industry']
    >>> complaints = load("complaints", industry="services")
    >>> len(load("complaints")["cause"].cat.categories), len(complaints["cause"].cat.categories)
    (26, 8)
    >>> bool((complaints["cause"].value_counts() > 0).all())  # no empty causes of other industries
    True
    >>> list(complaints["industry"].cat.categories)
    ['services']
    >>> load("tickets", industry="retail")["priority"].cat.ordered
    True
    >>> load("tikets")
    Traceback (most recent call last):
    ...
    coursekit.errors.ConfigError: unknown dataset: 'tikets'; did you mean 'tickets'? choose one of staff, tickets,
    surveys, complaints, competency, training, monthly
    """
    choose(name, NAMES, "dataset")
    if industry is not None:
        choose(industry, INDUSTRIES, "industry")
    folder = Path(data_dir) if data_dir is not None else find_data_dir()
    path = folder / f"{name}.csv"
    if not path.is_file():
        raise ConfigError(f"dataset file {path} does not exist; run `coursekit data generate --out {folder}`")
    schema = SCHEMAS[name]
    raw = pd.read_csv(path, encoding="utf-8-sig", dtype={c: _READ_DTYPE[col.kind] for c, col in schema.items()},
                      keep_default_na=False, na_values=[""])
    missing = [c for c in schema if c not in raw.columns]
    if missing:
        raise DataError(missing[0], f"is missing from {path.name} (expected columns: {', '.join(schema)})",
                        hint="regenerate the file with `coursekit data generate`")
    frame = apply_schema(name, raw)
    if industry is not None:
        frame = drop_unused_categories(frame[frame["industry"] == industry].reset_index(drop=True))
    return frame


def drop_unused_categories(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the categories no row uses removed from every categorical column.

    The remaining categories keep their order, and ordered columns stay ordered;
    values and other columns are unchanged.

    >>> df = pd.DataFrame({"p": pd.Categorical(["P3", "P1"], categories=["P1", "P2", "P3"], ordered=True),
    ...                    "n": [1, 2]})
    >>> out = drop_unused_categories(df)
    >>> list(out["p"].cat.categories), out["p"].cat.ordered, out["n"].tolist()
    (['P1', 'P3'], True, [1, 2])
    """
    out = frame.copy()
    for column in out.columns:
        if isinstance(out[column].dtype, pd.CategoricalDtype):
            out[column] = out[column].cat.remove_unused_categories()
    return out


def apply_schema(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with the columns of dataset ``name`` in schema order and schema types.

    Categories come from the schema when it lists them, otherwise from the
    sorted values present. Values outside a listed category set raise a
    :class:`~coursekit.errors.DataError`.

    >>> df = pd.DataFrame({"month": ["2024-01-01"], "industry": ["retail"], "team": ["RT-T1"],
    ...                    "tickets": [3], "fcr": [0.5], "csat_top2": [0.8],
    ...                    "mean_resolution_hours": [5.0], "sla_compliance": [1.0], "complaints": [0]})
    >>> apply_schema("monthly", df).dtypes.astype(str).tolist()[:4]
    ['datetime64[us]', 'category', 'category', 'int64']
    """
    schema = SCHEMAS[name]
    out = {}
    for col_name, col in schema.items():
        out[col_name] = _convert(frame[col_name], col)
    return pd.DataFrame(out, index=frame.index)


def _convert(series: pd.Series, col: Column) -> pd.Series:
    kind = col.kind
    if kind == "datetime":
        if pd.api.types.is_datetime64_any_dtype(series):
            return series.astype("datetime64[us]")
        return pd.to_datetime(series, format="ISO8601").astype("datetime64[us]")
    if kind == "category":
        values = series.astype("str")
        if col.categories is not None:
            categories = list(col.categories)
            unknown = values.notna() & ~values.isin(categories)
            if unknown.any():
                raise DataError(col.name, f"must be one of {', '.join(categories)}",
                                rows=list(series.index[unknown]), values=list(values[unknown]))
        else:
            categories = sorted(values.dropna().unique())
        return values.astype(pd.CategoricalDtype(categories, ordered=col.name in ORDERED))
    if kind == "str":
        return series.astype("str")
    if kind == "float":
        return series.astype("float64")
    if kind == "int":
        return series.astype("Int64" if col.nullable else "int64")
    if kind == "bool":
        return series.astype("boolean" if col.nullable else "bool")
    raise ValueError(f"unknown column kind {kind!r}")  # pragma: no cover - schema is fixed
