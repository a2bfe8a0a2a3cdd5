"""Bring your own data: read and check a real ticket or survey export.

:func:`read_tickets` and :func:`read_surveys` read a CSV file (UTF-8, UTF-8
with BOM, or GBK as exported by Chinese Excel), an Excel workbook (the first
sheet unless ``sheet=`` names another; header in row 1) or a DataFrame, rename the headers to the schema
names (:mod:`coursekit.schema`), convert the types and check the
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

**Title and totals rows.** Company exports often carry a title above the header
("工单导出（2024年3月）") and a totals row at the bottom. The header row is the
first of the top :data:`HEADER_SEARCH_ROWS` rows that holds every required
column (after the header matching above; for a DataFrame its column names
come first, then its first rows); ``header_row=`` names it instead. Two
kinds of rows are dropped as totals, never anything else:

* a row whose first filled cell is a totals word (:data:`TOTAL_WORDS`:
  合计, 总计, 小计, 共计, Total, Sum ...; a trailing colon is ignored);
* the last row, when its required cells (ticket id, agent, created time) are
  empty and every filled cell is a number: a sum row without a label.

What was skipped is printed (in the message language). With ``report=True``
nothing is printed: you get a :class:`ReadReport` instead, whose ``.frame`` is the
table and whose ``.notes``, ``.header_row`` and ``.skipped_rows`` say what was
skipped (``.table()`` lists the notes; in a notebook it shows itself as that list).

Bad content raises :class:`coursekit.DataError` naming the column (your
header), up to five rows and their values, and the expected form. **Row
numbers** are spreadsheet rows as you see them in Excel: with the header in
row 1 the first data row is row 2 (blank lines and skipped rows keep their
numbers). For a DataFrame input the rows are its index labels.

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

import re
from collections.abc import Mapping
from typing import Any, Literal, NoReturn, overload

import pandas as pd

from coursekit.datasets._byo_types import FILLED, REQUIRED, Checker, convert, finish_types, validate
from coursekit.datasets._read_report import ReadReport
from coursekit.datasets._sheet import (
    HEADER_SEARCH_ROWS,
    TOTAL_WORDS,
    drop_unlabelled_total,
    locate_header,
    read_cells,
    tell,
)
from coursekit.errors import ConfigError, DataError
from coursekit.schema import SCHEMAS

__all__ = ["HEADER_SEARCH_ROWS", "TOTAL_WORDS", "ReadReport", "read_surveys", "read_tickets"]

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

def _norm(header: Any) -> str:
    """Header key for matching: lower case, no spaces/_/-, ASCII brackets.

    >>> _norm(" SLA时限（小时） "), _norm("Ticket ID"), _norm("first_response_at")
    ('sla时限(小时)', 'ticketid', 'firstresponseat')
    """
    text = str(header).replace("\ufeff", "").replace("（", "(").replace("）", ")")
    return re.sub(r"[\s_\-]+", "", text).lower()


def _alias_table(table: str) -> dict[str, str]:
    aliases: dict[str, str] = {}
    for name, col in SCHEMAS[table].items():
        for variant in [name, col.zh, *_ALIASES.get(name, "").split()]:
            aliases.setdefault(_norm(variant), name)
    return aliases


# ---------------------------------------------------------------- headers

def _rename(frame: pd.DataFrame, table: str, mapping: Mapping[str, str] | None) -> tuple[pd.DataFrame, dict]:
    """Rename headers to schema names; return the frame and {schema name: user header}."""
    schema = SCHEMAS[table]
    headers = [str(h) for h in frame.columns]
    by_norm: dict[str, str] = {}
    for h in headers:
        by_norm.setdefault(_norm(h), h)
    target: dict[str, str] = {}  # user header -> schema name
    for theirs, ours in (mapping or {}).items():  # targets were checked by _read_table
        header: str | None = theirs if theirs in headers else by_norm.get(_norm(theirs))
        if header is None:
            raise DataError(str(theirs), f"is in mapping but not a header of the data; headers found: "
                            f"{', '.join(headers)}", hint="copy the header exactly as it appears")
        target[header] = ours
    aliases = _alias_table(table)
    taken = set(target.values())
    for h in headers:
        if h in target:
            continue
        alias = aliases.get(_norm(h))
        if alias is not None and alias not in taken:
            target[h] = alias
    _check_collisions(target)
    ordered = [c for c in schema if c in target.values()]
    back = {ours: theirs for theirs, ours in target.items()}
    extras = [h for h in headers if h not in target]
    clash = [h for h in extras if h in ordered]
    if clash:
        raise DataError(clash[0], f"and {back[clash[0]]!r} both give column {clash[0]!r}",
                        hint="rename or drop one of the two columns")
    out = frame.set_axis(headers, axis=1)[[back[c] for c in ordered] + extras]
    return out.set_axis(ordered + extras, axis=1), back


def _missing(headers: list[str], table: str, mapping: Mapping[str, str] | None) -> list[str]:
    """The required schema columns that ``headers`` (with ``mapping``) do not provide."""
    norms = {_norm(h) for h in headers if h}
    found = {ours for theirs, ours in (mapping or {}).items() if theirs in headers or _norm(theirs) in norms}
    aliases = _alias_table(table)
    found |= {aliases[n] for n in norms if n in aliases}
    missing = [c for c in REQUIRED[table] if c not in found]
    if table == "surveys" and not {"csat", "nps", "ces"} & found:
        missing.append("csat/nps/ces (at least one)")
    return missing


def _missing_error(table: str, missing: list[str], headers: list[str], row: Any, given: bool) -> NoReturn:
    schema = SCHEMAS[table]
    wanted = ", ".join(f"{c} ({schema[c].zh})" if c in schema else c for c in missing)
    shown = ", ".join(h for h in headers if h) or "none"
    col = missing[0].split(" ")[0]
    if given:
        hint = (f"rename the headers, pass mapping={{'your header': '{col}'}}, or check header_row= "
                "(the row that holds the headers)")
    else:
        hint = (f"rename the headers, pass mapping={{'your header': '{col}'}}, or give the header's row with "
                f"header_row= (the first {HEADER_SEARCH_ROWS} rows were searched)")
    if row is None:  # a DataFrame's column names
        problem = f"required column(s) not found: {wanted}; headers found: {shown}"
    else:
        problem = f"required column(s) not found: {wanted}; headers found in row {row}: {shown}"
    raise DataError(", ".join(missing), problem, hint=hint)


def _check_collisions(target: dict[str, str]) -> None:
    seen: dict[str, str] = {}
    for theirs, ours in target.items():
        if ours in seen:
            raise DataError(theirs, f"and {seen[ours]!r} both look like column {ours!r}",
                            hint=f"pass mapping={{{seen[ours]!r}: {ours!r}}} to choose one "
                                 "(the other is then kept as an extra column)")
        seen[ours] = theirs


def _read_table(source: Any, table: str, mapping: Mapping[str, str] | None, sheet: str | int,
                header_row: Any, fn: str, report: bool) -> pd.DataFrame | ReadReport:
    cells, is_frame = read_cells(source, sheet)
    if len(cells.columns) == 0:
        raise DataError(None, "the table has no columns", hint="export the table with its header row")
    schema = SCHEMAS[table]
    for ours in (mapping or {}).values():
        if ours not in schema:
            raise ConfigError(f"mapping target {ours!r} is not a {table} column; columns: {', '.join(schema)}")
    raw, rows, log = locate_header(
        cells, is_frame, header_row, fn, missing=lambda heads: _missing(heads, table, mapping),
        fail=lambda absent, heads, row: _missing_error(table, absent, heads, row, header_row is not None))
    renamed, headers = _rename(raw, table, mapping)
    renamed, rows = drop_unlabelled_total(renamed, FILLED[table], rows, log, fn)
    ck = Checker(headers, rows, renamed)
    data = finish_types(validate(convert(renamed, table, ck), table, ck), table)
    if report:
        return ReadReport(data, fn, header_row=log.header_row, skipped_rows=tuple(log.skipped_rows),
                          notes=tuple(log.notes))
    tell(log.notes)
    return data


@overload
def read_tickets(path_or_frame: Any, mapping: Mapping[str, str] | None = None, *,
                 sheet: str | int = 0, header_row: int | None = None,
                 report: Literal[False] = False) -> pd.DataFrame: ...


@overload
def read_tickets(path_or_frame: Any, mapping: Mapping[str, str] | None = None, *,
                 sheet: str | int = 0, header_row: int | None = None,
                 report: Literal[True]) -> ReadReport: ...


def read_tickets(path_or_frame: Any, mapping: Mapping[str, str] | None = None, *,
                 sheet: str | int = 0, header_row: int | None = None,
                 report: bool = False) -> pd.DataFrame | ReadReport:
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
    header_row:
        The row that holds the headers: its spreadsheet row number for a file
        (1 = the first line), its index label for a DataFrame. Default: found
        by itself (see the module notes); rows above it are skipped.
    report:
        ``True``: return a :class:`ReadReport` (``.frame`` = the table, ``.notes`` /
        ``.header_row`` / ``.skipped_rows`` = what was skipped) and print nothing.

    >>> import pandas as pd
    >>> export = pd.DataFrame([["工单号", "处理人", "创建时间", "解决时间"],
    ...                        ["T1", "A01", "2024-03-01 09:00", "2024-03-01 10:00"],
    ...                        ["合计", None, None, None]], columns=["工单导出（2024年3月）", "", "", ""])
    >>> read_tickets(export)["ticket_id"].tolist()
    read_tickets: the headers are in row 0; skipped 1 row(s) above them ('工单导出（2024年3月）')
    read_tickets: dropped row 2, a totals row ('合计')
    ['T1']
    >>> read = read_tickets(export, report=True)
    >>> read.header_row, read.skipped_rows, read.frame["ticket_id"].tolist()
    (0, (2,), ['T1'])
    >>> read.table()["note"].tolist()[1]
    "read_tickets: dropped row 2, a totals row ('合计')"
    >>> raw = pd.DataFrame({"单号": ["T1"], "客服": ["A01"], "创建时间": ["2024-03-01 09:00"],
    ...                     "解决时间": ["2024-03-01 08:00"]})
    >>> read_tickets(raw, mapping={"单号": "ticket_id"})
    Traceback (most recent call last):
    ...
    coursekit.errors.DataError: column '解决时间': must be on or after 创建时间 (read as resolved_at); rows 0 ...
    """
    return _read_table(path_or_frame, "tickets", mapping, sheet, header_row, "read_tickets", report)


@overload
def read_surveys(path_or_frame: Any, mapping: Mapping[str, str] | None = None, *,
                 sheet: str | int = 0, header_row: int | None = None,
                 report: Literal[False] = False) -> pd.DataFrame: ...


@overload
def read_surveys(path_or_frame: Any, mapping: Mapping[str, str] | None = None, *,
                 sheet: str | int = 0, header_row: int | None = None,
                 report: Literal[True]) -> ReadReport: ...


def read_surveys(path_or_frame: Any, mapping: Mapping[str, str] | None = None, *,
                 sheet: str | int = 0, header_row: int | None = None,
                 report: bool = False) -> pd.DataFrame | ReadReport:
    """Read and check a survey export into the schema's surveys table.

    Required: ``ticket_id`` (工单号) and at least one of ``csat`` (满意度,
    1-5), ``nps`` (推荐意愿, 0-10) and ``ces`` (费力度, CES 2.0 1-7). Answers
    must be whole numbers on their scale; empty answers stay missing (the
    KPI functions exclude them). ``survey_id``, when present, must be unique.
    The parameters are those of :func:`read_tickets`.

    >>> import pandas as pd
    >>> s = read_surveys(pd.DataFrame({"工单号": ["T1", "T2"], "满意度": ["5", ""], "推荐意愿": [9, 3]}))
    >>> s.dtypes.astype(str).to_dict()
    {'ticket_id': 'str', 'csat': 'Int64', 'nps': 'int64'}
    """
    return _read_table(path_or_frame, "surveys", mapping, sheet, header_row, "read_surveys", report)
