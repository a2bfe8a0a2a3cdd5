"""read_tickets / read_surveys: Chinese headers, CSV and Excel, typing, and clear errors on bad input.

Row numbers in errors from files are spreadsheet rows: the header is row 1, the
first data row is row 2 (a title row above the header pushes everything one row down).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from coursekit import kpi
from coursekit.datasets.byo import read_surveys, read_tickets
from coursekit.errors import ConfigError, DataError

ZH_HEADER = ["工单号", "创建时间", "首次响应时间", "解决时间", "处理人", "渠道", "优先级", "问题类别",
             "产品线", "班组", "首次解决", "重开", "SLA时限（小时）"]
ZH_ROWS = [
    ["T001", "2024-03-01 09:00", "2024-03-01 09:20", "2024-03-01 11:00", "A01", "电话", "P2", "安装调试",
     "空压机", "MF-T1", "是", "否", "8"],
    ["T002", "2024/3/1 10:00", "2024/3/1 10:30", "", "A02", "在线", "紧急", "故障维修",
     "空压机", "MF-T1", "否", "否", "4"],
    ["T003", "2024年3月2日 08:00", "2024-03-02 08:05", "2024-03-02 20:00", "A01", "APP", "p3", "故障维修",
     "注塑机", "MF-T2", "Y", "N", "8"],
    ["T004", "2024-03-02 09:00", "2024-03-02 09:10", "2024-03-02 10:00", "A02", "上门", "4", "安装调试",
     "注塑机", "MF-T2", "1", "0", ""],
]


def zh_frame() -> pd.DataFrame:
    return pd.DataFrame(ZH_ROWS, columns=ZH_HEADER)


def write_csv(path, frame, encoding="utf-8-sig"):
    frame.to_csv(path, index=False, encoding=encoding)
    return path


def check_typed(t: pd.DataFrame) -> None:
    assert list(t.columns[:6]) == ["ticket_id", "team", "agent_id", "created_at", "first_response_at",
                                   "resolved_at"]
    assert str(t["created_at"].dtype) == "datetime64[us]"
    assert str(t["ticket_id"].dtype) == "str" and str(t["agent_id"].dtype) == "str"
    assert isinstance(t["team"].dtype, pd.CategoricalDtype)
    assert list(t["channel"].cat.categories) == ["phone", "chat", "email", "app", "onsite"]
    assert t["priority"].cat.ordered
    assert str(t["first_contact_resolved"].dtype) == "boolean"
    assert t["sla_hours"].dtype == "float64"
    # values: 2024/3/1 and 2024年3月2日 parsed; 电话/在线/APP/上门 and 紧急/p3/4 translated
    assert t["created_at"].tolist() == list(pd.to_datetime(
        ["2024-03-01 09:00", "2024-03-01 10:00", "2024-03-02 08:00", "2024-03-02 09:00"]))
    assert t["resolved_at"].isna().tolist() == [False, True, False, False]
    assert t["channel"].tolist() == ["phone", "chat", "app", "onsite"]
    assert t["priority"].tolist() == ["P2", "P1", "P3", "P4"]
    assert t["first_contact_resolved"].tolist() == [True, False, True, True]
    assert t["reopened"].tolist() == [False, False, False, False]
    assert math.isnan(t["sla_hours"].iloc[3])


def test_csv_with_chinese_headers(tmp_path):
    t = read_tickets(write_csv(tmp_path / "导出.csv", zh_frame()))
    check_typed(t)
    # the typed table feeds the KPI functions: FCR 3/4, by agent A01 2/2, A02 1/2
    assert kpi.fcr(t) == 0.75
    assert kpi.fcr(t, by="agent_id").to_dict() == {"A01": 1.0, "A02": 0.5}


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_csv_encodings(tmp_path, encoding):
    check_typed(read_tickets(write_csv(tmp_path / "t.csv", zh_frame(), encoding=encoding)))


def test_excel_with_chinese_headers_and_datetime_cells(tmp_path):
    frame = zh_frame()
    frame["创建时间"] = pd.to_datetime(frame["创建时间"].str.replace("年", "-").str.replace("月", "-")
                                   .str.replace("日", "").str.replace("/", "-"))
    path = tmp_path / "工单.xlsx"
    frame.to_excel(path, index=False, engine="openpyxl")
    check_typed(read_tickets(path))


def test_excel_bad_cell_is_reported_by_spreadsheet_row(tmp_path):
    frame = zh_frame()
    frame.loc[2, "首次响应时间"] = "明天"
    path = tmp_path / "bad.xlsx"
    frame.to_excel(path, index=False, engine="openpyxl")
    # frame row 2 is spreadsheet row 4 (header = row 1)
    with pytest.raises(DataError, match=r"column '首次响应时间': must be a date-time .*rows 4 \(values: '明天'\)"):
        read_tickets(path)
    # a blank spreadsheet row 3 pushes it to row 5 and is not read as a ticket
    import openpyxl

    book = openpyxl.load_workbook(path)
    book.active.insert_rows(3)
    book.save(path)
    with pytest.raises(DataError, match=r"rows 5 \(values: '明天'\)"):
        read_tickets(path)


def test_excel_serial_day_numbers_are_dates():
    frame = zh_frame()
    # Excel serial 45352.375 = 2024-03-01 09:00 (day 45352 counted from 1899-12-30, + 0.375 day)
    frame.loc[0, "创建时间"] = "45352.375"
    assert read_tickets(frame)["created_at"].iloc[0] == pd.Timestamp("2024-03-01 09:00")


def test_english_aliases_and_mapping():
    raw = pd.DataFrame({
        "Ticket ID": ["T1", "T2"], "Agent": ["A", "B"], "Created At": ["2024-01-01 08:00", "2024-01-01 09:00"],
        "Closed": ["2024-01-01 10:00", None], "Solved on first call": ["yes", "no"], "Notes": ["x", "y"],
    })
    t = read_tickets(raw, mapping={"Solved on first call": "first_contact_resolved"})
    # schema columns in schema order, unknown columns kept at the end
    assert list(t.columns) == ["ticket_id", "agent_id", "created_at", "resolved_at", "first_contact_resolved", "Notes"]
    assert t["first_contact_resolved"].tolist() == [True, False]


def test_input_frame_is_not_modified():
    raw = zh_frame()
    before = raw.copy(deep=True)
    read_tickets(raw)
    pd.testing.assert_frame_equal(raw, before)


def test_typed_frame_passes_through():
    t = read_tickets(zh_frame())
    again = read_tickets(t)
    pd.testing.assert_frame_equal(t, again)


# ------------------------------------------------------------------ bad input

def test_missing_required_columns_lists_them_and_headers_found():
    raw = zh_frame().drop(columns=["创建时间", "处理人"])
    with pytest.raises(DataError) as err:
        read_tickets(raw)
    text = str(err.value)
    assert "required column(s) not found: agent_id (处理人), created_at (创建时间)" in text
    assert "headers found: 工单号, 首次响应时间, 解决时间" in text
    assert "mapping=" in text


def test_unparseable_time_in_csv_names_rows_values_and_form(tmp_path):
    frame = zh_frame()
    frame.loc[1, "创建时间"] = "2024-13-45"
    frame.loc[3, "创建时间"] = "上周五"
    with pytest.raises(DataError) as err:
        read_tickets(write_csv(tmp_path / "t.csv", frame))
    text = str(err.value)
    # frame rows 1 and 3 -> spreadsheet rows 3 and 5
    assert text.startswith("column '创建时间': must be a date-time such as 2024-03-01 09:30")
    assert "(read as created_at)" in text
    assert "rows 3, 5 (values: '2024-13-45', '上周五')" in text


def test_blank_lines_keep_their_row_numbers(tmp_path):
    path = tmp_path / "t.csv"
    frame = zh_frame()
    frame.loc[3, "重开"] = "maybe"
    text = frame.to_csv(index=False).splitlines()
    text.insert(2, "")                       # a blank line as spreadsheet row 3
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    # frame row 3 was spreadsheet row 5; after the blank line it is row 6
    expected = r"column '重开': must be yes/no: 是/否, Y/N, 1/0 or true/false.*rows 6 \(values: 'maybe'\)"
    with pytest.raises(DataError, match=expected):
        read_tickets(path)
    # blank lines are not rows of data: header + one ticket + two blank lines -> 1 ticket
    short = tmp_path / "short.csv"
    short.write_text("\n".join(zh_frame().to_csv(index=False).splitlines()[:2] + ["", ""]), encoding="utf-8")
    assert len(read_tickets(short)) == 1


def test_times_out_of_order():
    frame = zh_frame()
    frame.loc[0, "首次响应时间"] = "2024-03-01 08:00"   # before created 09:00
    with pytest.raises(DataError) as err:
        read_tickets(frame)
    text = str(err.value)
    assert "column '首次响应时间': must be on or after 创建时间 (read as first_response_at); rows 0" in text
    assert "2024-03-01 08:00" in text
    frame = zh_frame()
    frame.loc[2, "解决时间"] = "2024-03-02 08:01"     # after created, before first response 08:05
    with pytest.raises(DataError, match=r"column '解决时间': must be on or after 首次响应时间.*rows 2"):
        read_tickets(frame)


def test_duplicate_ids_are_listed():
    frame = pd.concat([zh_frame(), zh_frame().iloc[[0, 2]]], ignore_index=True)
    expected = (r"column '工单号': must be unique \(each id once\).*"
                r"rows 0, 2, 4, 5 \(values: 'T001', 'T003', 'T001', 'T003'\)")
    with pytest.raises(DataError, match=expected):
        read_tickets(frame)


def test_unrecognised_boolean_and_category_values():
    frame = zh_frame()
    frame.loc[1, "首次解决"] = "可能"
    expected = r"column '首次解决'.*yes/no: 是/否, Y/N, 1/0 or true/false.*rows 1 \(values: '可能'\)"
    with pytest.raises(DataError, match=expected):
        read_tickets(frame)
    frame = zh_frame()
    frame.loc[0, "渠道"] = "信鸽"
    expected = r"column '渠道': must be one of phone, chat, email, app, onsite .*rows 0 \(values: '信鸽'\)"
    with pytest.raises(DataError, match=expected):
        read_tickets(frame)


def test_required_cells_must_be_filled():
    frame = zh_frame()
    frame.loc[2, "处理人"] = " "
    with pytest.raises(DataError, match=r"column '处理人': must be filled in on every row.*rows 2"):
        read_tickets(frame)


def test_numbers_and_ranges():
    frame = zh_frame()
    frame.loc[0, "SLA时限（小时）"] = "八小时"
    with pytest.raises(DataError, match=r"column 'SLA时限（小时）': must be a number .*rows 0 \(values: '八小时'\)"):
        read_tickets(frame)
    frame.loc[0, "SLA时限（小时）"] = "-4"
    with pytest.raises(DataError, match=r"must be a positive number of hours .*rows 0"):
        read_tickets(frame)
    qa = zh_frame().assign(质检得分=["95", "", "120", "101"])
    with pytest.raises(DataError) as err:
        read_tickets(qa)
    assert "column '质检得分': must be a number from 0 to 100 (read as qa_score); rows 2, 3 (values: '120', '101')" \
        in str(err.value)


def test_range_edges_from_the_schema(tmp_path):
    # sla_hours: 0 is refused (must be > 0) but half an hour is fine; critical_errors: whole numbers >= 0
    frame = zh_frame()
    frame.loc[1, "SLA时限（小时）"] = "0"
    with pytest.raises(DataError, match=r"column 'SLA时限（小时）': must be a positive number of hours "
                                        r"\(read as sla_hours\); rows 3 \(values: '0'\); fix: fix these cells"):
        read_tickets(write_csv(tmp_path / "t.csv", frame))  # data row 1 is spreadsheet row 3
    frame.loc[1, "SLA时限（小时）"] = "0.5"
    assert read_tickets(frame)["sla_hours"].tolist()[:2] == [8.0, 0.5]
    errors = zh_frame().assign(关键错误数=["0", "1.5", "", "2"])
    with pytest.raises(DataError, match=r"column '关键错误数': must be a whole number >= 0 "
                                        r"\(read as critical_errors\); "
                                        r"rows 1 \(values: '1.5'\)"):
        read_tickets(errors)


# (column, the KPI that reads it, accepted values, refused values)
SHARED_RANGES = [
    ("csat", kpi.csat, [1, 5], [0, 6, 4.5]),
    ("nps", kpi.nps, [0, 10], [-1, 11, 9.5]),
    ("ces", kpi.ces, [1, 7], [0, 8, 6.5]),
    ("qa_score", kpi.qa_score, [0, 100, 87.5], [-1, 101]),
    ("critical_errors", kpi.critical_error_rate, [0, 3], [-1, 1.5]),
    ("sla_hours", kpi.sla_compliance, [0.5, 48], [0, -4]),
]


@pytest.mark.parametrize(("column", "kpi_function", "good", "bad"), SHARED_RANGES)
def test_reader_and_kpi_accept_the_same_values(column, kpi_function, good, bad):
    base = {"ticket_id": ["T1"], "agent_id": ["A"], "created_at": ["2024-03-01 09:00"],
            "resolved_at": ["2024-03-01 11:00"]}
    read = read_surveys if column in ("csat", "nps", "ces") else read_tickets
    for value in good:
        frame = pd.DataFrame({**base, column: [value]})
        kpi_function(read(frame))
        kpi_function(frame.assign(created_at=pd.to_datetime(frame["created_at"]),
                                  resolved_at=pd.to_datetime(frame["resolved_at"])))
    for value in bad:
        frame = pd.DataFrame({**base, column: [value]})
        with pytest.raises(DataError, match=f"column '{column}': must be"):
            read(frame)
        with pytest.raises(DataError, match=f"column '{column}': must be"):
            kpi_function(frame.assign(created_at=pd.to_datetime(frame["created_at"]),
                                      resolved_at=pd.to_datetime(frame["resolved_at"])))


def test_many_bad_rows_are_summarised():
    frame = pd.concat([zh_frame()] * 3, ignore_index=True)
    frame["工单号"] = [f"T{i}" for i in range(len(frame))]
    frame["重开"] = "?"
    with pytest.raises(DataError, match=r"rows 0, 1, 2, 3, 4 and 7 more"):
        read_tickets(frame)


def test_mapping_errors():
    with pytest.raises(ConfigError, match="mapping target 'handler' is not a tickets column"):
        read_tickets(zh_frame(), mapping={"处理人": "handler"})
    with pytest.raises(DataError, match="column '经办人': is in mapping but not a header of the data; "
                                        "headers found: 工单号"):
        read_tickets(zh_frame(), mapping={"经办人": "agent_id"})


def test_excel_sheet_by_name(tmp_path):
    path = tmp_path / "book.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as book:
        pd.DataFrame({"说明": ["本表为导出说明"]}).to_excel(book, sheet_name="说明", index=False)
        zh_frame().to_excel(book, sheet_name="工单", index=False)
    with pytest.raises(DataError, match="required column"):
        read_tickets(path)                    # the first sheet holds no tickets
    assert len(read_tickets(path, sheet="工单")) == 4


def test_schema_name_header_clashing_with_a_mapped_header():
    frame = zh_frame().assign(resolved_at="2024-03-03")
    with pytest.raises(DataError, match="column 'resolved_at': and '解决时间' both give column 'resolved_at'"):
        read_tickets(frame, mapping={"解决时间": "resolved_at"})


def test_ambiguous_headers_need_a_mapping():
    frame = zh_frame().assign(完成时间=zh_frame()["解决时间"])
    with pytest.raises(DataError, match=r"both look like column 'resolved_at'.*mapping="):
        read_tickets(frame)
    t = read_tickets(frame, mapping={"解决时间": "resolved_at"})
    assert "完成时间" in t.columns and "resolved_at" in t.columns


def test_file_problems(tmp_path):
    with pytest.raises(DataError, match="file not found"):
        read_tickets(tmp_path / "nope.csv")
    (tmp_path / "t.json").write_text("{}")
    with pytest.raises(DataError, match="expected a .csv or .xlsx file"):
        read_tickets(tmp_path / "t.json")
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(DataError, match="empty"):
        read_tickets(tmp_path / "empty.csv")
    with pytest.raises(DataError, match="expected a CSV/Excel file path or a DataFrame"):
        read_tickets([1, 2])


# ------------------------------------------------------------------ surveys

def test_read_surveys_csv(tmp_path):
    raw = pd.DataFrame({"问卷编号": ["S1", "S2", "S3"], "工单号": ["T001", "T002", "T003"],
                        "满意度(1-5)": ["5", "", "4"], "推荐意愿(0-10)": ["9", "6", "10"],
                        "费力度(CES 2.0, 1-7)": ["7", "5", "6"], "回访时间": ["2024-03-02", "2024-03-03", ""]})
    s = read_surveys(write_csv(tmp_path / "s.csv", raw))
    assert list(s.columns) == ["survey_id", "ticket_id", "responded_at", "csat", "nps", "ces"]
    assert str(s["csat"].dtype) == "Int64" and str(s["nps"].dtype) == "int64"
    # CSAT 5, (blank), 4 -> top-2-box 2/2; NPS 9, 6, 10 -> (2 - 1)/3 * 100 = 33.3
    assert kpi.csat(s) == 1.0 and kpi.nps(s) == pytest.approx(100 / 3)


def test_read_surveys_errors():
    raw = pd.DataFrame({"工单号": ["T1", "T2", "T3"], "满意度": ["5", "6", "4.5"]})
    with pytest.raises(DataError) as err:
        read_surveys(raw)
    assert "column '满意度': must be an integer from 1 to 5 (read as csat); rows 1, 2 (values: '6', '4.5')" \
        in str(err.value)
    with pytest.raises(DataError, match=r"required column\(s\) not found: csat/nps/ces \(at least one\)"):
        read_surveys(pd.DataFrame({"工单号": ["T1"], "备注": ["x"]}))
    with pytest.raises(DataError, match=r"column 'survey_id': must be unique.*rows 0, 1"):
        read_surveys(pd.DataFrame({"survey_id": ["S1", "S1"], "ticket_id": ["T1", "T2"], "nps": [1, 2]}))


def test_shipped_csv_reads_like_load():
    from coursekit.datasets import find_data_dir, load

    ours = read_tickets(find_data_dir() / "tickets.csv")
    ref = load("tickets")
    # same values; read_tickets always gives nullable booleans where load has plain bool
    pd.testing.assert_frame_equal(ours, ref, check_dtype=False)
    assert str(ours["first_contact_resolved"].dtype) == "boolean"
    assert [c for c in ref if str(ref[c].dtype) != str(ours[c].dtype)] == ["first_contact_resolved", "reopened"]
    pd.testing.assert_frame_equal(read_surveys(find_data_dir() / "surveys.csv"), load("surveys"))


# ------------------------------------------------------------------ title rows and totals rows
# A company export: a title line, the header, the tickets, then a 合计 line (issue 12 §1).

TITLE = "工单导出（2024年3月）"


def export_lines(frame: pd.DataFrame, *, title: bool = True, total: str | None = "合计") -> list[str]:
    lines = frame.to_csv(index=False).splitlines()
    if title:
        lines.insert(0, TITLE)                      # a one-cell line: shorter than the header
    if total is not None:
        lines.append(total + "," * (len(frame.columns) - 2) + ",4")   # 4 tickets; the last cell a number
    return lines


def test_csv_with_title_and_totals_rows(tmp_path, capsys):
    path = tmp_path / "导出.csv"
    path.write_text("\n".join(export_lines(zh_frame())) + "\n", encoding="utf-8-sig")
    t = read_tickets(path)
    check_typed(t)                                   # the same 4 tickets as without the extra rows
    # by hand: title = row 1, header = row 2, tickets = rows 3-6, 合计 = row 7
    notes = ["read_tickets: the headers are in row 2; skipped 1 row(s) above them ('工单导出（2024年3月）')",
             "read_tickets: dropped row 7, a totals row ('合计')"]
    assert capsys.readouterr().out.splitlines() == notes
    assert t.attrs == {}                             # no metadata in DataFrame.attrs: see the report below
    report = read_tickets(path, report=True)
    assert capsys.readouterr().out == ""             # the report holds the notes; nothing printed
    pd.testing.assert_frame_equal(report.frame, t)
    assert report.notes == tuple(notes) and report.header_row == 2
    assert report.skipped_rows == (1, 7)             # the title row and the 合计 row, as Excel numbers them
    assert report.table()["note"].tolist() == notes
    assert report.title() == "read_tickets: read 4 row(s); skipped 2 row(s)"
    assert "工单导出（2024年3月）" in report._repr_html_() and len(report) == 4


def test_rows_in_errors_stay_spreadsheet_rows_below_a_title(tmp_path):
    frame = zh_frame()
    frame.loc[2, "重开"] = "maybe"                   # frame row 2: spreadsheet row 5 under title + header
    path = tmp_path / "t.csv"
    path.write_text("\n".join(export_lines(frame)) + "\n", encoding="utf-8-sig")
    with pytest.raises(DataError, match=r"column '重开': must be yes/no.*rows 5 \(values: 'maybe'\)"):
        read_tickets(path)


def test_excel_with_title_blank_row_and_total_with_colon(tmp_path, capsys):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([TITLE])
    sheet.append([])                                 # row 2 blank
    sheet.append(ZH_HEADER)                          # row 3
    for row in ZH_ROWS:                              # rows 4-7
        sheet.append(row)
    sheet.append(["总计："] + [None] * (len(ZH_HEADER) - 2) + [24])   # row 8
    path = tmp_path / "导出.xlsx"
    book.save(path)
    check_typed(read_tickets(path))
    out = capsys.readouterr().out
    assert "the headers are in row 3" in out and "dropped row 8, a totals row ('总计：')" in out


def test_frame_read_without_header_handling_finds_its_header_row(capsys):
    # pd.read_excel of such an export: the title becomes the column names, the header row 0
    raw = pd.DataFrame([ZH_HEADER, *ZH_ROWS, ["Total", *[None] * (len(ZH_HEADER) - 1)]],
                       columns=[TITLE] + [f"Unnamed: {j}" for j in range(1, len(ZH_HEADER))])
    t = read_tickets(raw)
    check_typed(t)
    assert list(t.index) == [1, 2, 3, 4]             # the frame's own labels: row 0 was the header
    assert capsys.readouterr().out.splitlines() == [
        "read_tickets: the headers are in row 0; skipped 1 row(s) above them ('工单导出（2024年3月）')",
        "read_tickets: dropped row 5, a totals row ('Total')"]


def test_explicit_header_row(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("\n".join(export_lines(zh_frame(), total=None)) + "\n", encoding="utf-8")
    assert len(read_tickets(path, header_row=2)) == 4
    with pytest.raises(DataError) as err:
        read_tickets(path, header_row=3)             # row 3 is the first ticket, not the header
    text = str(err.value)
    assert "required column(s) not found" in text and "headers found in row 3: T001" in text
    assert "check header_row=" in text
    raw = pd.DataFrame([ZH_HEADER, *ZH_ROWS], index=[10, 11, 12, 13, 14])
    assert read_tickets(raw, header_row=10)["ticket_id"].tolist() == ["T001", "T002", "T003", "T004"]
    with pytest.raises(ConfigError, match="header_row must be a spreadsheet row number from 1 to 6, got 0"):
        read_tickets(path, header_row=0)
    with pytest.raises(ConfigError, match="header_row 99 is not a row label of the DataFrame"):
        read_tickets(raw, header_row=99)


def test_no_header_in_the_searched_rows_says_how_to_name_it(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("\n".join([f"说明第{i}行" for i in range(1, 12)] + zh_frame().to_csv(index=False).splitlines()),
                    encoding="utf-8")                # header in row 12, beyond the 10 rows searched
    with pytest.raises(DataError) as err:
        read_tickets(path)
    text = str(err.value)
    assert "headers found in row 1: 说明第1行" in text
    assert "header_row= (the first 10 rows were searched)" in text
    assert len(read_tickets(path, header_row=12)) == 4


def test_totals_rows_are_dropped_conservatively(capsys):
    frame = zh_frame()
    sub = pd.DataFrame([["小计"] + [None] * (len(ZH_HEADER) - 1)], columns=ZH_HEADER)
    sums = pd.DataFrame([[None] * (len(ZH_HEADER) - 1) + ["20"]], columns=ZH_HEADER)
    # a 小计 line in the middle and an unlabelled sum line (no id, agent or time; only numbers) at the end
    t = read_tickets(pd.concat([frame.iloc[:2], sub, frame.iloc[2:], sums], ignore_index=True))
    assert t["ticket_id"].tolist() == ["T001", "T002", "T003", "T004"]
    assert capsys.readouterr().out.splitlines() == [
        "read_tickets: dropped row 2, a totals row ('小计')",
        "read_tickets: dropped row 5, a totals row (only numbers, no ticket_id)"]
    # a totals word that is not the first filled cell, or a last row with an id, is data: kept and checked
    frame.loc[3, "问题类别"] = "合计"
    assert len(read_tickets(frame)) == 4
    lone = pd.concat([zh_frame(), sums], ignore_index=True)
    lone.loc[4, "工单号"] = "T005"
    with pytest.raises(DataError, match=r"column '处理人': must be filled in on every row.*rows 4"):
        read_tickets(lone)
    # nothing skipped: nothing printed, no notes
    assert read_tickets(zh_frame()).attrs == {} and capsys.readouterr().out == ""
    report = read_tickets(zh_frame(), report=True)
    assert (report.header_row, report.skipped_rows, report.notes) == (None, (), ())
    assert report.table().empty
    # a DataFrame's skipped rows are its index labels: 小计 is label 1
    assert read_surveys(pd.DataFrame({"工单号": ["T1", "小计"], "满意度": ["5", "5"]}),
                        report=True).skipped_rows == (1,)


def test_totals_word_in_the_first_filled_cell_after_blank_ones(capsys):
    # row 4: 工单号 and 创建时间 blank, the first filled cell (首次响应时间) reads " 合 计： " -> a totals row
    row = [None, " ", " 合 计： "] + [None] * (len(ZH_HEADER) - 3)
    frame = pd.concat([zh_frame(), pd.DataFrame([row], columns=ZH_HEADER)], ignore_index=True)
    assert read_tickets(frame, report=True).skipped_rows == (4,)
    # the same word behind a filled first cell is data: the row is kept and checked (合计 is no time)
    frame.loc[4, "工单号"] = "T005"
    with pytest.raises(DataError, match=r"column '首次响应时间': must be a date-time.*rows 4"):
        read_tickets(frame)


def test_report_of_a_frame_with_a_title_in_its_column_names():
    raw = pd.DataFrame([ZH_HEADER, *ZH_ROWS, ["Total", *[None] * (len(ZH_HEADER) - 1)]],
                       columns=[TITLE] + [f"Unnamed: {j}" for j in range(1, len(ZH_HEADER))])
    report = read_tickets(raw, report=True)
    # header = index label 0; the title was the column names (not a row), Total = label 5
    assert report.header_row == 0 and report.skipped_rows == (5,)
    assert list(report.frame.index) == [1, 2, 3, 4]


def test_cells_with_spaces_and_repeats_read_like_clean_ones():
    # the converters look at each distinct cell once; spaces around a cell must not change its meaning
    frame = pd.concat([zh_frame()] * 2, ignore_index=True)
    frame["工单号"] = [f"T{i}" for i in range(len(frame))]
    padded = frame.map(lambda v: f" {v} " if v else v)
    t, p = read_tickets(frame), read_tickets(padded)
    pd.testing.assert_frame_equal(t, p)
    # team has no fixed categories: the ones found, sorted (MF-T1, MF-T2), each row its own
    assert list(p["team"].cat.categories) == ["MF-T1", "MF-T2"]
    assert p["team"].tolist() == ["MF-T1", "MF-T1", "MF-T2", "MF-T2"] * 2
    assert p["ticket_id"].tolist()[:2] == ["T0", "T1"]


def test_times_in_the_usual_form_and_others_in_one_column(tmp_path):
    # the usual form is parsed in one pass; the other cells (ISO with seconds, 2024/3/1, 年月日, Excel
    # serial) go through the slower chain and land in the same column, each on its own row
    frame = zh_frame()
    frame["创建时间"] = ["2024-03-01 09:00", "2024-03-01T10:00:00", "2024年3月2日 08:00", "45353.375"]
    t = read_tickets(write_csv(tmp_path / "t.csv", frame))
    # 45353.375 = 1899-12-30 + 45353 days + 9 h = 2024-03-02 09:00
    assert t["created_at"].tolist() == list(pd.to_datetime(
        ["2024-03-01 09:00", "2024-03-01 10:00", "2024-03-02 08:00", "2024-03-02 09:00"]))


def test_notes_and_errors_in_chinese(tmp_path, capsys):
    from coursekit.i18n import messages_in

    path = tmp_path / "t.csv"
    path.write_text("\n".join(export_lines(zh_frame())) + "\n", encoding="utf-8-sig")
    with messages_in("zh"):
        read_tickets(path)
    assert capsys.readouterr().out.splitlines() == [
        "read_tickets：表头在第 2 行；跳过了其上方的 1 行（'工单导出（2024年3月）'）",
        "read_tickets：删除了第 7 行，这是合计行（'合计'）"]
    with messages_in("zh"):
        notes = read_tickets(path, report=True).table()["note"].tolist()
    assert notes[1] == "read_tickets：删除了第 7 行，这是合计行（'合计'）"
    with pytest.raises(DataError) as err:
        read_tickets(path, header_row=3)
    with messages_in("zh"):
        assert str(err.value).startswith("列 'ticket_id, agent_id, created_at, resolved_at'：找不到必需的列：")
        assert "第 3 行的表头：T001" in str(err.value)
        assert str(err.value).endswith("或检查 header_row=（表头所在的行）")
