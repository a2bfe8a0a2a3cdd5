"""Bring your own data: read and check a real ticket or survey export.

:func:`read_tickets` and :func:`read_surveys` read a CSV file (UTF-8, UTF-8
with BOM, or GBK as exported by Chinese Excel), an Excel workbook (the first
sheet unless ``sheet=`` names another; header in row 1) or a DataFrame, rename the headers to the schema
names (:mod:`coursekit.datasets.schema`), convert the types and check the
content. They return a typed frame like ``coursekit.datasets.load`` does
(``datetime64`` times, categoricals, nullable ``boolean`` flags, ``str`` ids)
and never modify the input.

Headers are recognised in Chinese (the schema's labels such as 工单号,
创建时间, 首次响应时间, 解决时间, 处理人, plus common variants such as 工单编号,
受理时间, 完成时间, 客服工号) and English ("Ticket ID", "created_at",
"Agent"); matching ignores case, spaces, ``_``/``-`` and full-width brackets.
Pass ``mapping={"your header": "schema_column"}`` for anything else. Columns
the schema does not know are kept unchanged after the schema columns; optional
schema columns that are absent stay absent (a KPI that needs one says so).

Bad content raises :class:`coursekit.DataError` naming the column (your
header), up to five rows and their values, and the expected form. **Row
numbers** are spreadsheet rows as you see them in Excel: the header is row 1,
so the first data row is row 2 (blank lines keep their numbers). For a
DataFrame input the rows are its index labels.

>>> import pandas as pd
>>> raw = pd.DataFrame({"工单号": ["T1", "T2"], "处理人": ["A01", "A02"],
...                     "创建时间": ["2024-03-01 09:00", "2024/3/2 10:30"],
...                     "解决时间": ["2024-03-01 11:00", ""], "首次解决": ["是", "否"]})
>>> t = read_tickets(raw)
>>> list(t.columns)
['ticket_id', 'agent_id', 'created_at', 'resolved_at', 'first_contact_resolved']
>>> t["first_contact_resolved"].tolist(), str(t["created_at"].dtype)
([True, False], 'datetime64[us]')
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from coursekit.datasets.load import ORDERED
from coursekit.datasets.schema import CHANNELS, INDUSTRY_ZH, PRIORITIES, SCHEMAS, Column
from coursekit.errors import ConfigError, DataError

REQUIRED = {
    "tickets": ("ticket_id", "agent_id", "created_at", "resolved_at"),
    "surveys": ("ticket_id",),
}
#: Columns that must be filled in on every row.
FILLED = {"tickets": ("ticket_id", "agent_id", "created_at"), "surveys": ("ticket_id",)}
#: Unique id column of each table.
ID_COLUMN = {"tickets": "ticket_id", "surveys": "survey_id"}
#: (earlier, later) time pairs that must be ordered.
ORDER = {
    "tickets": (("created_at", "first_response_at"), ("first_response_at", "resolved_at"),
                ("created_at", "resolved_at"), ("goods_received_at", "refund_completed_at"),
                ("created_at", "complaint_closed_at")),
    "surveys": (),
}
# Header variants beyond the schema's own names and Chinese labels.
_ALIASES = {
    "ticket_id": "工单编号 工单ID 单号 服务单号 ticket ticket_no ticket_number case_id",
    "industry": "行业 industry",
    "team": "团队 小组 组别 team group",
    "agent_id": "处理人工号 客服工号 坐席工号 员工编号 工号 坐席 客服 受理人 agent agent_id assignee owner handler",
    "created_at": "创建日期 受理时间 提交时间 报修时间 开单时间 created create_time created_time opened opened_at",
    "first_response_at": "首响时间 首次回复时间 响应时间 first_response first_response_time first_reply_at",
    "resolved_at": "完成时间 结单时间 办结时间 关闭时间 resolved resolution_time solved_at closed_at closed",
    "channel": "来源渠道 受理渠道 channel source",
    "product_line": "产品 产品类别 product product_line",
    "category": "问题类型 问题分类 工单类型 category issue_type type",
    "priority": "紧急程度 priority",
    "sla_hours": "SLA(小时) SLA时限 SLA小时 SLA sla_hours",
    "first_contact_resolved": "一次解决 首次接触解决 是否首次解决 FCR first_contact_resolution",
    "reopened": "是否重开 重新打开 reopen re_opened",
    "onsite_visit": "是否上门 上门 onsite on_site_visit field_visit",
    "first_time_fix": "一次修复成功 首次修复 FTF",
    "warranty_claim": "保修 是否保修 warranty",
    "serial_no": "序列号 SN serial serial_number",
    "return_type": "退换货类型",
    "goods_received_at": "退货签收时间 goods_received",
    "refund_completed_at": "退款完成时间 换货完成时间 refund_completed",
    "complaint": "是否投诉 complaint",
    "complaint_closed_at": "投诉办结时间",
    "qa_score": "质检得分 质检分数 quality_score",
    "critical_errors": "关键错误数 致命错误数",
    "survey_id": "问卷号 回访编号 survey response_id",
    "responded_at": "回答时间 填写时间 responded submitted_at",
    "csat": "满意度 满意度评分 客户满意度 satisfaction",
    "nps": "推荐意愿 推荐度 likelihood_to_recommend recommend",
    "ces": "费力度 容易程度 customer_effort effort",
}

_TRUE = {"是", "y", "yes", "1", "1.0", "true", "t", "√", "对"}
_FALSE = {"否", "n", "no", "0", "0.0", "false", "f", "×", "x", "错"}
_VALUE_ALIASES: dict[str, dict[str, str]] = {
    "industry": {**{zh: en for en, zh in INDUSTRY_ZH.items()}, **{en: en for en in INDUSTRY_ZH}},
    "channel": {**{c: c for c in CHANNELS}, "电话": "phone", "热线": "phone", "400电话": "phone",
                "在线": "chat", "在线客服": "chat", "聊天": "chat", "微信": "chat", "im": "chat",
                "邮件": "email", "电子邮件": "email", "e-mail": "email", "应用": "app", "小程序": "app",
                "上门": "onsite", "现场": "onsite", "on-site": "onsite"},
    "priority": {**{p.lower(): p for p in PRIORITIES}, **{str(i): f"P{i}" for i in range(1, 5)},
                 "紧急": "P1", "高": "P2", "中": "P3", "低": "P4"},
    "return_type": {"none": "none", "无": "none", "return": "return", "退货": "return",
                    "exchange": "exchange", "换货": "exchange"},
}
_VALUE_HINTS = {
    "channel": "phone, chat, email, app, onsite (or 电话, 在线, 邮件, APP, 上门)",
    "priority": "P1, P2, P3, P4 (or 1-4, 紧急/高/中/低)",
    "industry": "manufacturing, services, retail, finance (or 制造业, 服务业, 零售业, 金融业)",
    "return_type": "none, return, exchange (or 无, 退货, 换货)",
}


def _norm(header: Any) -> str:
    """Header key for matching: lower case, no spaces/_/-, ASCII brackets.

    >>> _norm(" SLA时限（小时） "), _norm("Ticket ID"), _norm("first_response_at")
    ('sla时限(小时)', 'ticketid', 'firstresponseat')
    """
    text = str(header).replace("\ufeff", "").replace("（", "(").replace("）", ")")
    return re.sub(r"[\s_\-]+", "", text).lower()


def _alias_table(table: str) -> dict[str, str]:
    aliases = {}
    for name, col in SCHEMAS[table].items():
        for variant in [name, col.zh, *_ALIASES.get(name, "").split()]:
            aliases.setdefault(_norm(variant), name)
    return aliases


# ---------------------------------------------------------------- reading

def _read(source: Any, sheet: str | int = 0) -> tuple[pd.DataFrame, list[Any]]:
    """Raw cells as strings (files) or the frame's copy, plus the row labels users see."""
    if isinstance(source, pd.DataFrame):
        return source.copy(), list(source.index)
    if not isinstance(source, (str, os.PathLike)):
        raise DataError(None, f"expected a CSV/Excel file path or a DataFrame, got {type(source).__name__}")
    path = Path(source)
    if not path.is_file():
        raise DataError(None, f"file not found: {path}",
                        hint="check the path (relative paths start at the notebook's folder)")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        raw = pd.read_excel(path, sheet_name=sheet, dtype=str, engine="openpyxl")
    elif suffix in (".csv", ".txt", ".tsv"):
        raw = _read_csv(path, sep="\t" if suffix == ".tsv" else ",")
    else:
        raise DataError(None, f"cannot read {path.name}: expected a .csv or .xlsx file",
                        hint="save the export as CSV (UTF-8) or Excel workbook (.xlsx); .xls is not supported")
    rows = [i + 2 for i in range(len(raw))]  # header = spreadsheet row 1
    filled = raw.notna().any(axis=1).to_numpy()
    raw = raw.loc[filled].reset_index(drop=True)
    return raw, [r for r, keep in zip(rows, filled) if keep]


def _read_csv(path: Path, sep: str) -> pd.DataFrame:
    for encoding in ("utf-8-sig", "gbk", "gb18030"):
        try:
            return pd.read_csv(path, sep=sep, dtype=str, encoding=encoding, skip_blank_lines=False)
        except UnicodeDecodeError:
            continue
        except pd.errors.EmptyDataError as exc:
            raise DataError(None, f"{path.name} is empty", hint="export the table with its header row") from exc
    raise DataError(None, f"cannot decode {path.name} as UTF-8 or GBK",
                    hint="save it from Excel as 'CSV UTF-8 (逗号分隔)'")


# ---------------------------------------------------------------- headers

def _rename(frame: pd.DataFrame, table: str, mapping: Mapping[str, str] | None) -> tuple[pd.DataFrame, dict]:
    """Rename headers to schema names; return the frame and {schema name: user header}."""
    schema = SCHEMAS[table]
    headers = [str(h) for h in frame.columns]
    by_norm = {}
    for h in headers:
        by_norm.setdefault(_norm(h), h)
    target: dict[str, str] = {}  # user header -> schema name
    for theirs, ours in (mapping or {}).items():
        if ours not in schema:
            raise ConfigError(f"mapping target {ours!r} is not a {table} column; "
                              f"columns: {', '.join(schema)}")
        header = theirs if theirs in headers else by_norm.get(_norm(theirs))
        if header is None:
            raise DataError(str(theirs), f"is in mapping but not a header of the data; headers found: "
                            f"{', '.join(headers)}", hint="copy the header exactly as it appears")
        target[header] = ours
    aliases = _alias_table(table)
    taken = set(target.values())
    for h in headers:
        if h in target:
            continue
        ours = aliases.get(_norm(h))
        if ours is not None and ours not in taken:
            target[h] = ours
    _check_collisions(target)
    missing = [c for c in REQUIRED[table] if c not in target.values()]
    if table == "surveys" and not {"csat", "nps", "ces"} & set(target.values()):
        missing.append("csat/nps/ces (at least one)")
    if missing:
        wanted = ", ".join(f"{c} ({schema[c].zh})" if c in schema else c for c in missing)
        raise DataError(", ".join(missing), f"required column(s) not found: {wanted}; headers found: "
                        f"{', '.join(headers)}",
                        hint="rename the headers or pass mapping={'your header': '" + missing[0].split(" ")[0] + "'}")
    ordered = [c for c in schema if c in target.values()]
    back = {ours: theirs for theirs, ours in target.items()}
    extras = [h for h in headers if h not in target]
    clash = [h for h in extras if h in ordered]
    if clash:
        raise DataError(clash[0], f"and {back[clash[0]]!r} both give column {clash[0]!r}",
                        hint="rename or drop one of the two columns")
    out = frame.set_axis(headers, axis=1)[[back[c] for c in ordered] + extras]
    return out.set_axis(ordered + extras, axis=1), back


def _check_collisions(target: dict[str, str]) -> None:
    seen: dict[str, str] = {}
    for theirs, ours in target.items():
        if ours in seen:
            raise DataError(theirs, f"and {seen[ours]!r} both look like column {ours!r}",
                            hint=f"pass mapping={{{seen[ours]!r}: {ours!r}}} to choose one "
                                 "(the other is then kept as an extra column)")
        seen[ours] = theirs


# ---------------------------------------------------------------- types

class _Checker:
    """Collects the context for error messages: user headers and row labels."""

    def __init__(self, headers: dict[str, str], rows: list[Any], raw: pd.DataFrame) -> None:
        self.headers = headers
        self.rows = rows
        self.raw = raw  # cells as read, shown in messages

    def label(self, col: str) -> str:
        return self.headers.get(col, col)

    def fail(self, col: str, mask: np.ndarray, form: str, hint: str | None = None) -> DataError:
        pos = np.flatnonzero(mask)
        vals = self.raw[col].to_numpy(dtype=object)
        head = self.label(col)
        read_as = "" if head == col else f" (read as {col})"
        return DataError(head, f"must be {form}{read_as}", rows=[self.rows[i] for i in pos],
                         values=[vals[i] for i in pos[:5]], hint=hint)


def _text(series: pd.Series) -> pd.Series:
    """Strings with surrounding spaces removed and empty cells as missing."""
    if pd.api.types.is_float_dtype(series.dtype) and series.dropna().mod(1).eq(0).all():
        series = series.astype("Int64")
    text = series.astype("str").str.strip()
    return text.mask(text.eq(""))


def _iso(text: pd.Series) -> pd.Series:
    try:
        parsed = pd.to_datetime(text, format="ISO8601", errors="coerce")
    except ValueError:  # mixed time-zone offsets
        parsed = pd.to_datetime(text, format="ISO8601", errors="coerce", utc=True)
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        parsed = parsed.dt.tz_localize(None)
    return parsed.astype("datetime64[us]")


def _to_datetime(series: pd.Series, col: str, ck: _Checker) -> pd.Series:
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        series = series.dt.tz_localize(None)
    if pd.api.types.is_datetime64_dtype(series.dtype):
        return series.astype("datetime64[us]")
    text = _text(series)
    parsed = _iso(text)
    todo = (parsed.isna() & text.notna()).to_numpy()
    if todo.any():  # 2024/3/1, 2024.3.1, 2024年3月1日 and Excel serial day numbers
        clean = (text[todo].str.replace(r"^(\d{4})\s*[年/.]\s*(\d{1,2})\s*[月/.]\s*(\d{1,2})\s*日?",
                                        r"\1-\2-\3 ", regex=True)
                 .str.replace(r"\s+", " ", regex=True).str.strip())
        again = _iso(clean)
        serial = (again.isna() & clean.str.fullmatch(r"\d{5}(\.\d+)?").fillna(False)).to_numpy(dtype=bool)
        if serial.any():
            days = pd.to_numeric(clean[serial])
            again[serial] = (pd.Timestamp("1899-12-30") + pd.to_timedelta(days, unit="D")).to_numpy()
        parsed[todo] = again.to_numpy()
    failed = (parsed.isna() & text.notna()).to_numpy()
    if failed.any():
        raise ck.fail(col, failed, "a date-time such as 2024-03-01 09:30 (year first)",
                      hint="fix these cells or leave them empty")
    return parsed


def _to_bool(series: pd.Series, col: str, ck: _Checker) -> pd.Series:
    if pd.api.types.is_bool_dtype(series.dtype):
        return series.astype("boolean")
    text = _text(series).str.lower()
    out = pd.Series(pd.array([pd.NA] * len(text), dtype="boolean"), index=series.index)
    is_true = text.isin(_TRUE).to_numpy()
    is_false = text.isin(_FALSE).to_numpy()
    out[is_true] = True
    out[is_false] = False
    failed = text.notna().to_numpy() & ~is_true & ~is_false
    if failed.any():
        raise ck.fail(col, failed, "yes/no: 是/否, Y/N, 1/0 or true/false")
    return out


def _to_number(series: pd.Series, col: str, ck: _Checker) -> pd.Series:
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        return series.astype("Float64").astype(float)
    text = _text(series)
    num = pd.to_numeric(text.str.replace(",", "", regex=False), errors="coerce")
    failed = (num.isna() & text.notna()).to_numpy()
    if failed.any():
        raise ck.fail(col, failed, "a number", hint="fix these cells or leave them empty")
    return num.astype(float)


def _to_category(series: pd.Series, col: Column, ck: _Checker) -> pd.Series:
    text = _text(series)
    if col.categories is None:
        return text.astype(pd.CategoricalDtype(sorted(text.dropna().unique())))
    known = _VALUE_ALIASES.get(col.name, {c: c for c in col.categories})
    mapped = text.str.lower().map(known)
    failed = (mapped.isna() & text.notna()).to_numpy()
    if failed.any():
        raise ck.fail(col.name, failed, "one of " + _VALUE_HINTS.get(col.name, ", ".join(col.categories)))
    dtype = pd.CategoricalDtype(list(col.categories), ordered=col.name in ORDERED)
    return pd.Series(pd.Categorical(mapped, dtype=dtype), index=series.index)


def _convert(frame: pd.DataFrame, table: str, ck: _Checker) -> pd.DataFrame:
    columns = {}
    for name in frame.columns:
        col = SCHEMAS[table].get(name)
        raw = frame[name]
        if col is None:
            columns[name] = raw
        elif col.kind == "datetime":
            columns[name] = _to_datetime(raw, name, ck)
        elif col.kind == "bool":
            columns[name] = _to_bool(raw, name, ck)
        elif col.kind in ("int", "float"):
            columns[name] = _to_number(raw, name, ck)
        elif col.kind == "category":
            columns[name] = _to_category(raw, col, ck)
        else:
            columns[name] = _text(raw)
    return pd.DataFrame(columns, index=frame.index)


# ---------------------------------------------------------------- checks

def _validate(data: pd.DataFrame, table: str, ck: _Checker) -> pd.DataFrame:
    for name in FILLED[table]:
        empty = data[name].isna().to_numpy()
        if empty.any():
            raise ck.fail(name, empty, "filled in on every row",
                          hint="fill in these cells or remove the rows")
    id_col = ID_COLUMN[table]
    if id_col in data.columns:
        dup = data[id_col].duplicated(keep=False).to_numpy() & data[id_col].notna().to_numpy()
        if dup.any():
            raise ck.fail(id_col, dup, "unique (each id once)",
                          hint="remove the duplicated rows or fix the ids")
    for earlier, later in ORDER[table]:
        if earlier in data.columns and later in data.columns:
            wrong = (data[later] < data[earlier]).to_numpy(dtype=bool)
            if wrong.any():
                raise ck.fail(later, wrong, f"on or after {ck.label(earlier)}",
                              hint=f"compare with {ck.label(earlier)} on these rows and fix the earlier "
                                   "or the later time")
    for name, col in SCHEMAS[table].items():
        if col.valid is None or name not in data.columns:
            continue
        wrong = col.valid.outside(data[name].to_numpy(dtype=float, na_value=np.nan))
        if wrong.any():
            raise ck.fail(name, wrong, col.valid.form, hint="fix these cells or leave them empty")
    return data


def _finish_types(data: pd.DataFrame, table: str) -> pd.DataFrame:
    for name, col in SCHEMAS[table].items():
        if name in data.columns and col.kind == "int":
            values = data[name]
            data[name] = values.astype("Int64" if col.nullable or values.isna().any() else "int64")
    return data


def _read_table(source: Any, table: str, mapping: Mapping[str, str] | None, sheet: str | int) -> pd.DataFrame:
    raw, rows = _read(source, sheet)
    if len(raw.columns) == 0:
        raise DataError(None, "the table has no columns", hint="export the table with its header row")
    renamed, headers = _rename(raw, table, mapping)
    ck = _Checker(headers, rows, renamed)
    data = _convert(renamed, table, ck)
    return _finish_types(_validate(data, table, ck), table)


def read_tickets(path_or_frame: Any, mapping: Mapping[str, str] | None = None, *,
                 sheet: str | int = 0) -> pd.DataFrame:
    """Read and check a ticket export (CSV, Excel or DataFrame) into the schema's tickets table.

    Required columns: ``ticket_id`` (工单号), ``agent_id`` (处理人),
    ``created_at`` (创建时间) and ``resolved_at`` (解决时间; empty = still
    open). Checked: times parse (year first, e.g. 2024-03-01 09:30, 2024/3/1,
    2024年3月1日, or Excel dates) and are ordered (created <= first response <=
    resolved), ticket ids are unique, yes/no columns read 是/否, Y/N, 1/0 or
    true/false, ``sla_hours`` > 0, ``qa_score`` in 0-100, ``critical_errors``
    a whole number >= 0, channels/priorities/industries known (Chinese names
    such as 电话, 紧急 and 制造业 are translated).

    Parameters
    ----------
    path_or_frame:
        A ``.csv``/``.txt``/``.tsv`` path, an ``.xlsx`` path, or a DataFrame.
    mapping:
        ``{"your header": "schema column"}`` for headers not recognised.
    sheet:
        Excel sheet name or position (default: the first sheet).

    >>> import pandas as pd
    >>> raw = pd.DataFrame({"单号": ["T1"], "客服": ["A01"], "创建时间": ["2024-03-01 09:00"],
    ...                     "解决时间": ["2024-03-01 08:00"]})
    >>> read_tickets(raw, mapping={"单号": "ticket_id"})
    Traceback (most recent call last):
    ...
    coursekit.errors.DataError: column '解决时间': must be on or after 创建时间 (read as resolved_at); rows 0 ...
    """
    return _read_table(path_or_frame, "tickets", mapping, sheet)


def read_surveys(path_or_frame: Any, mapping: Mapping[str, str] | None = None, *,
                 sheet: str | int = 0) -> pd.DataFrame:
    """Read and check a survey export into the schema's surveys table.

    Required: ``ticket_id`` (工单号) and at least one of ``csat`` (满意度,
    1-5), ``nps`` (推荐意愿, 0-10) and ``ces`` (费力度, CES 2.0 1-7). Answers
    must be whole numbers on their scale; empty answers stay missing (the
    KPI functions exclude them). ``survey_id``, when present, must be unique.

    >>> import pandas as pd
    >>> s = read_surveys(pd.DataFrame({"工单号": ["T1", "T2"], "满意度": ["5", ""], "推荐意愿": [9, 3]}))
    >>> s.dtypes.astype(str).to_dict()
    {'ticket_id': 'str', 'csat': 'Int64', 'nps': 'int64'}
    """
    return _read_table(path_or_frame, "surveys", mapping, sheet)
