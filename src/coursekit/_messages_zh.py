"""Chinese renderings of the error messages trainees meet (English template -> Chinese template).

:class:`coursekit.errors.DataError` and :class:`~coursekit.errors.ConfigError`
keep their English text as the canonical message; :func:`translate` looks a
text up here when the message language is Chinese. Templates use
``str.format`` fields: ``{name}`` stands for any text (a column name, a
number, a list) and is copied into the Chinese template, itself translated
when it is a known phrase (``" (read as resolved_at)"``). A text without an
entry has no translation (``None``) and the error stays English as a whole.

The messages of the trainer tools (``coursekit.trainer``, the CLI, the lab
launcher) are deliberately not here: trainers read them in English.

>>> translate("must be a number")
'必须是数字'
>>> translate("needs at least 2 pairs, got 1")
'至少需要 2 对数据，实际只有 1 对'
>>> translate("something new") is None
True
"""

from __future__ import annotations

import re
import string
from functools import lru_cache

from coursekit._messages_zh_methods import METHOD_MESSAGES

_KPI_TABLE = "（coursekit.datasets.load 或 read_tickets 读入的表）"

#: English template -> Chinese template. Keep each entry's fields the same in both texts;
#: a ``{msg...}`` field must itself be a known message. Reading data and KPIs here, the
#: methods (weights, SPC, training evaluation, KPI systems, plots) in _messages_zh_methods.
MESSAGES: dict[str, str] = {
    # --- coursekit.errors and shared wording
    "must not be missing": "不能有缺失值",
    "must not be missing (every point is plotted)": "不能有缺失值（每个点都要画出来）",
    "drop or fill the missing points first, e.g. values.dropna()": "先删除或填补缺失的点，例如 values.dropna()",
    "fill or drop those rows": "补全或删除这些行",
    "fill or drop these rows, e.g. {table}[{col}].fillna('unknown')":
        "补全或删除这些行，例如 {table}[{col}].fillna('unknown')",
    "fix or empty these cells": "修正这些单元格或把它们清空",
    "fix these cells or leave them empty": "修正这些单元格或把它们留空",
    "check the data": "检查数据",
    "check the filter": "检查筛选条件",
    "pass two columns of the same table": "传入同一张表的两列",
    # --- coursekit.checks
    "must be a number": "必须是数字",
    "must be a number, not true/false": "必须是数字，不能是 true/false（是/否）",
    "must be a number, got dates or durations (dtype {dtype})": "必须是数字，实际是日期或时长（类型 {dtype}）",
    "turn them into numbers first, e.g. hours = (end - start).dt.total_seconds() / 3600":
        "先换算成数字，例如 hours = (end - start).dt.total_seconds() / 3600",
    "must be one column of numbers, got a DataFrame with columns {cols}":
        "必须是一列数字，实际传入的是含 {cols} 这些列的 DataFrame",
    "pass a single column, e.g. frame['fcr']": "只传入一列，例如 frame['fcr']",
    "must be one sequence of numbers (a list, array or column), got {kind}":
        "必须是一组数字（列表、数组或表中的一列），实际是 {kind}",
    "pass a list, a numpy array or one column such as frame['fcr']": "传入列表、numpy 数组或一列，例如 frame['fcr']",
    "pass scores, rates or amounts; if true should count as 1, convert first with .astype(int)":
        "传入得分、比率或金额；如果 true 应算作 1，先用 .astype(int) 转换",
    "convert text such as '85分' to numbers first": "先把 '85分' 这类文字转换成数字",
    # --- coursekit.datasets (read_tickets / read_surveys / load)
    "expected a CSV/Excel file path or a DataFrame, got {kind}": "需要 CSV/Excel 文件路径或 DataFrame，实际是 {kind}",
    "file not found: {path}": "找不到文件：{path}",
    "check the path (relative paths start at the notebook's folder)": "检查路径（相对路径从 notebook 所在文件夹算起）",
    "cannot read {name}: expected a .csv or .xlsx file": "无法读取 {name}：需要 .csv 或 .xlsx 文件",
    "save the export as CSV (UTF-8) or Excel workbook (.xlsx); .xls is not supported":
        "把导出文件另存为 CSV（UTF-8）或 Excel 工作簿（.xlsx）；不支持 .xls",
    "{name} is empty": "{name} 是空文件",
    "export the table with its header row": "导出时带上表头行",
    "cannot decode {name} as UTF-8 or GBK": "无法按 UTF-8 或 GBK 解码 {name}",
    "save it from Excel as 'CSV UTF-8 (逗号分隔)'": "在 Excel 中另存为“CSV UTF-8（逗号分隔）”",
    "the table has no columns": "这张表没有列",
    "mapping target {col} is not a {table} column; columns: {cols}":
        "mapping 的目标 {col} 不是 {table} 表的列；可用的列：{cols}",
    "is in mapping but not a header of the data; headers found: {headers}":
        "写在 mapping 里，但数据中没有这个表头；找到的表头：{headers}",
    "copy the header exactly as it appears": "按数据中的原样复制表头",
    "required column(s) not found: {wanted}; headers found: {headers}":
        "找不到必需的列：{wanted}；找到的表头：{headers}",
    "required column(s) not found: {wanted}; headers found in row {row}: {headers}":
        "找不到必需的列：{wanted}；第 {row} 行的表头：{headers}",
    "rename the headers or pass mapping={{'your header': '{col}'}}":
        "修改表头，或传入 mapping={{'你的表头': '{col}'}}",
    "rename the headers, pass mapping={{'your header': '{col}'}}, or give the header's row with header_row= "
    "(the first {n} rows were searched)":
        "修改表头、传入 mapping={{'你的表头': '{col}'}}，或用 header_row= 指定表头所在的行（已查找前 {n} 行）",
    "rename the headers, pass mapping={{'your header': '{col}'}}, "
    "or check header_row= (the row that holds the headers)":
        "修改表头、传入 mapping={{'你的表头': '{col}'}}，或检查 header_row=（表头所在的行）",
    "header_row {value} is not a row label of the DataFrame; leave it out to search the first rows, or give the "
    "index label of the row that holds the headers":
        "header_row {value} 不是这个 DataFrame 的行标签；省略它会自动在前几行中查找，或给出表头所在行的索引标签",
    "{fn}: the headers are in row {row}; skipped {n} row(s) above them ({texts})":
        "{fn}：表头在第 {row} 行；跳过了其上方的 {n} 行（{texts}）",
    "{fn}: dropped row {row}, a totals row ({text})": "{fn}：删除了第 {row} 行，这是合计行（{text}）",
    "only numbers, no ticket_id": "只有数字，没有工单号",
    "and {other} both give column {col}": "和 {other} 都对应列 {col}",
    "rename or drop one of the two columns": "重命名或删除其中一列",
    "and {other} both look like column {col}": "和 {other} 看起来都是列 {col}",
    "pass mapping={{{other}: {col}}} to choose one (the other is then kept as an extra column)":
        "传入 mapping={{{other}: {col}}} 选定其中一列（另一列作为额外列保留）",
    "header_row must be a spreadsheet row number from 1 to {n}, got {value}":
        "header_row 必须是 1 到 {n} 之间的表格行号，实际是 {value}",
    "must be {msg_form}": "必须是{msg_form}",
    "must be on or after {col}": "不能早于 {col}",
    "must be filled in on every row": "每一行都必须填写",
    "must be unique (each id once)": "必须唯一（每个编号只出现一次）",
    "a date-time such as 2024-03-01 09:30 (year first)": "日期时间，例如 2024-03-01 09:30（年份在前）",
    "a date-time such as 2024-03-01 09:30": "日期时间，例如 2024-03-01 09:30",
    "yes/no: 是/否, Y/N, 1/0 or true/false": "是/否：是/否、Y/N、1/0 或 true/false",
    "a number": "数字",
    "one of {values}": "以下之一：{values}",
    "filled in on every row": "每一行都要填写",
    "fill in these cells or remove the rows": "填写这些单元格或删除这些行",
    "unique (each id once)": "唯一的（每个编号只出现一次）",
    "remove the duplicated rows or fix the ids": "删除重复的行或修正编号",
    "on or after {col}": "不早于 {col}",
    "compare with {col} on these rows and fix the earlier or the later time":
        "对照这些行的 {col}，修正较早或较晚的那个时间",
    "a positive number of hours": "正的小时数",
    "a number from 0 to 100": "0 到 100 之间的数",
    "a whole number >= 0": "大于等于 0 的整数",
    "an integer from 1 to 5": " 1 到 5 的整数",
    "an integer from 0 to 10": " 0 到 10 的整数",
    "an integer from 1 to 7 (CES 2.0, 7 = very easy)": " 1 到 7 的整数（CES 2.0，7 = 非常容易）",
    "recode the answers to the 1-5 scale": "把答案重新编码为 1-5 分",
    "dataset file {path} does not exist; run `coursekit data generate --out {folder}`":
        "数据文件 {path} 不存在；运行 `coursekit data generate --out {folder}` 生成",
    "is missing from {name} (expected columns: {cols})": "在 {name} 中缺失（应有的列：{cols}）",
    "regenerate the file with `coursekit data generate`": "用 `coursekit data generate` 重新生成该文件",
    "{env}={folder} lacks {names}; write the files with `coursekit data generate --seed N --out {folder2}` "
    "or unset {env2} to use the shipped data":
        "{env}={folder} 中缺少 {names}；用 `coursekit data generate --seed N --out {folder2}` 生成，"
        "或取消 {env2} 改用随课程提供的数据",
    "must be one of {values}": "必须是以下之一：{values}",
    # --- coursekit.kpi
    "{fn} needs a DataFrame, got {kind}": "{fn} 需要一张 DataFrame 表，实际是 {kind}",
    "{fn} needs this column but the table has none; columns found: {cols}":
        "{fn} 需要这一列，但表中没有；现有的列：{cols}",
    "pass the tickets/surveys table (coursekit.datasets.load or read_tickets)": "传入工单表或回访表" + _KPI_TABLE,
    "rename your column to the schema name, or read the file with coursekit.read_tickets / read_surveys "
    "(they map Chinese headers)":
        "把列名改成数据字典中的名称，或用 coursekit.read_tickets / read_surveys 读取文件（它们能识别中文表头）",
    "must be true/false (or 1/0)": "必须是 true/false（或 1/0）",
    "read the file with coursekit.read_tickets, which converts 是/否 and Y/N":
        "用 coursekit.read_tickets 读取文件，它会转换 是/否 和 Y/N",
    "recode these values to the scale or leave them empty (missing values are left out)":
        "把这些值重新编码到量表范围内，或留空（缺失值不参与计算）",
    "must not be earlier than {col}": "不能早于 {col}",
    "check the {start} and {end} of these rows": "检查这些行的 {start} 和 {end}",
    "unknown KPI code {code}; known codes: {codes}": "未知的 KPI 代码 {code}；可用的代码：{codes}",
    "KPI {code} needs the surveys table: scorecard(tickets, surveys, ...)":
        "KPI {code} 需要回访表：scorecard(tickets, surveys, ...)",
    "retention needs customer counts, not tickets: use coursekit.kpi.retention(start, end, new)":
        "客户保留率需要客户数而不是工单：用 coursekit.kpi.retention(start, end, new)",
    "method must be 'top2box' or 'mean', not {value}": "method 必须是 'top2box' 或 'mean'，不能是 {value}",
    "stat must be 'mean' or 'median', not {value}": "stat 必须是 'mean' 或 'median'，不能是 {value}",
    "bins must be increasing hour edges, e.g. (0, 24, 72, inf)": "bins 必须是递增的小时分界，例如 (0, 24, 72, inf)",
    "window_days must be positive, not {value}": "window_days 必须是正数，不能是 {value}",
    "expected a surveys DataFrame or a sequence of answers, got {value}": "需要回访表或一组答案，实际是 {value}",
    "by= needs the surveys DataFrame (with a {col} column), not a sequence":
        "by= 需要回访表（含 {col} 列），不能是一组答案",
    "must be unique in the tickets table": "在工单表中必须唯一",
    "remove duplicate tickets before matching surveys": "先删除重复的工单，再匹配回访",
    "must be a positive number for every group": "每个分组都必须是正数",
    "has no value for these groups that have complaints": "这些有投诉的分组没有基数",
    "add their base sizes": "补上它们的基数",
    "complaint_rate needs a number of complaints or a tickets/complaints table":
        "complaint_rate 需要投诉数或工单/投诉表",
    "must be a positive number (orders, units, customers...), not {value}":
        "必须是正数（订单数、台数、客户数……），不能是 {value}",
    "base must be a number, a per-group Series/dict or 'tickets', not {value}":
        "base 必须是一个数、按分组的 Series/dict 或 'tickets'，不能是 {value}",
    "base='tickets' needs the tickets table with a 'complaint' column": "base='tickets' 需要含 'complaint' 列的工单表",
    "a per-group base needs by=; without by= give the base as one number": "按分组的基数需要 by=；不分组时基数给一个数",
    "with by= give the base per group as a Series or dict (group -> base size)":
        "使用 by= 时，按分组给出基数（Series 或 dict：分组 -> 基数）",
    "by= needs a tickets or complaints table, not a number of complaints": "by= 需要工单表或投诉表，不能只给投诉数",
    "must be a number of new customers >= 0": "必须是大于等于 0 的新客户数",
    "minus new must be >= 0 (more new customers than customers at the end)":
        "减去新客户后必须大于等于 0（新客户比期末客户还多）",
    "minus new must not exceed start (retained customers > customers at start)":
        "减去新客户后不能超过期初客户数（留存客户多于期初客户）",
    "{msg}; got start={start}, end={end}, new={new}": "{msg}；实际 start={start}，end={end}，new={new}",
    "at must be a date-time such as '2025-01-01' or coursekit.datasets.EXPORTED_AT, not {value}":
        "at 必须是日期时间，例如 '2025-01-01' 或 coursekit.datasets.EXPORTED_AT，不能是 {value}",
    "{fn} needs exactly one of limit_days= or limit_hours= (e.g. limit_days=15 for a 15-day complaint deadline, "
    "limit_hours=168 for 7 days)":
        "{fn} 需要 limit_days= 和 limit_hours= 二者之一（例如 15 天投诉时限写 limit_days=15，7 天写 limit_hours=168）",
    "{name} must be a positive number or the name of a column holding one per row, not {value}":
        "{name} 必须是正数，或每行给出时限的列名，不能是 {value}",
    **METHOD_MESSAGES,
}


# Longest literal text first, so a specific template wins over a general one.
@lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    out = []
    for english, chinese in MESSAGES.items():
        parts, literal = [], 0
        for text, field, _, _ in string.Formatter().parse(english):
            parts.append(re.escape(text))
            literal += len(text)
            if field is not None:
                parts.append(f"(?P<{field}>.*?)")
        out.append((-literal, re.compile("".join(parts), re.DOTALL), chinese))
    out.sort(key=lambda item: item[0])
    return [(pattern, chinese) for _, pattern, chinese in out]


# read_tickets adds the schema name to a message about a renamed column: "... (read as created_at)".
_READ_AS = re.compile(r"(?P<msg>.*) \(read as (?P<col>[^()]*)\)", re.DOTALL)


def translate(text: str | None) -> str | None:
    """The Chinese rendering of an English message text, or ``None`` when there is none.

    Fields are translated too when they are themselves known phrases.

    >>> translate("must be a date-time such as 2024-03-01 09:30 (year first) (read as created_at)")
    '必须是日期时间，例如 2024-03-01 09:30（年份在前）（按 created_at 读取）'
    >>> translate("must be on or after 创建时间 (read as resolved_at)")
    '不能早于 创建时间（按 resolved_at 读取）'
    """
    if text is None:
        return None
    read_as = _READ_AS.fullmatch(text)
    if read_as is not None:
        inner = translate(read_as["msg"])
        return None if inner is None else f"{inner}（按 {read_as['col']} 读取）"
    for pattern, chinese in _patterns():
        match = pattern.fullmatch(text)
        if match is not None:
            fields = {k: _field(k, v) for k, v in match.groupdict().items()}
            if None in fields.values():
                continue
            return chinese.format(**fields)
    return None


def _field(name: str, value: str) -> str | None:
    """A field's text in Chinese: known phrases translated, ``{msg...}`` fields must be; the rest as is."""
    if name.startswith("msg"):
        return translate(value)
    if value in MESSAGES:
        return MESSAGES[value]  # a known word or phrase, e.g. the option named by checks.choose
    if not value or not re.search(r"[A-Za-z]{3}", value) or " " not in value:
        return value  # names, numbers and lists pass through unchanged
    return translate(value) or value
