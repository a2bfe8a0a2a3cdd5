"""The committed files under ``datasets/``: fresh, checksummed, Excel-friendly, small, documented."""

from __future__ import annotations

import re

import pytest

from coursekit.datasets._files import read_checksums, sha256, verify
from coursekit.datasets.generate import PLANTED, generate, write
from coursekit.schema import SCHEMAS
from tests.datasets._shipped import DATASETS

CSV_FILES = [f"{name}.csv" for name in SCHEMAS]


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("regenerated")
    write(generate(), folder)
    return folder


def test_regeneration_is_byte_identical(regenerated):
    # Staleness check: if this fails, the generator changed; run `coursekit data generate`
    # and commit the new files (or revert the change).
    for name in CSV_FILES:
        assert sha256(regenerated / name) == sha256(DATASETS / name), name
    assert (regenerated / "SHA256SUMS").read_bytes() == (DATASETS / "SHA256SUMS").read_bytes()


def test_committed_files_match_their_checksums():
    assert verify(DATASETS) == []
    assert sorted(read_checksums(DATASETS)) == sorted(CSV_FILES)


def test_files_are_utf8_with_bom_and_unix_newlines():
    for name in CSV_FILES:
        data = (DATASETS / name).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf"), name
        assert b"\r" not in data, name
        assert data.endswith(b"\n"), name
        data.decode("utf-8-sig")  # valid UTF-8


def test_headers_are_the_schema_columns():
    for name, schema in SCHEMAS.items():
        header = (DATASETS / f"{name}.csv").read_text(encoding="utf-8-sig").split("\n", 1)[0]
        assert header.split(",") == list(schema), name


def test_total_size_under_five_megabytes():
    total = sum((DATASETS / name).stat().st_size for name in CSV_FILES)
    assert total < 5_000_000, total


def test_flags_are_written_as_one_and_zero():
    line = (DATASETS / "tickets.csv").read_text(encoding="utf-8-sig").split("\n")[1].split(",")
    header = list(SCHEMAS["tickets"])
    assert line[header.index("first_contact_resolved")] in {"0", "1"}
    assert line[header.index("reopened")] in {"0", "1"}
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", line[header.index("created_at")])


@pytest.fixture(scope="module")
def readme() -> str:
    return (DATASETS / "README.md").read_text(encoding="utf-8")


def test_readme_documents_every_column_in_both_languages(readme):
    for name, schema in SCHEMAS.items():
        assert f"`{name}.csv`" in readme, name
        for col in schema.values():
            row = re.search(rf"^\| `{re.escape(col.name)}` \|.*$", readme, flags=re.M)
            assert row, (name, col.name)
    rows = {m.group(1): m.group(0) for m in re.finditer(r"^\| `(\w+)` \|.*$", readme, flags=re.M)}
    for schema in SCHEMAS.values():
        for col in schema.values():
            assert re.search(r"[\u4e00-\u9fff]", rows[col.name]), col.name  # a Chinese description
            assert re.search(r"[A-Za-z]{3,}", rows[col.name].split("|")[-2]), col.name  # an English one


def test_readme_documents_the_planted_truths(readme):
    readme = readme.replace("\u2212", "-")  # typographic minus signs
    for key in ("MF-T3", "RT-T2", "2024-03", "2024-07", "+0.10", "+0.02", "+15", "0.9", "-0.4", "PLANTED"):
        assert key in readme, key
    assert "埋设" in readme and "Planted truths" in readme
    assert f"{PLANTED['process_change']['factor']}" in readme
