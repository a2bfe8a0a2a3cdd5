"""Writing the CSV files byte-identically, and their SHA-256 checksums.

Format of every file: UTF-8 with a byte-order mark (so Excel shows Chinese
correctly), ``\\n`` line endings, a header row, empty cells for missing values,
flags written as ``1``/``0``, times as ``YYYY-MM-DD HH:MM`` (``monthly.month``
as ``YYYY-MM-DD``) and floats already rounded by the generator.
``SHA256SUMS`` uses the layout of the ``sha256sum`` tool.

>>> import tempfile, pandas as pd
>>> folder = Path(tempfile.mkdtemp())
>>> write_csv(pd.DataFrame({"ok": [True, False], "x": [0.5, 2.0]}), folder / "t.csv")
>>> (folder / "t.csv").read_bytes()
b'\\xef\\xbb\\xbfok,x\\n1,0.5\\n0,2.0\\n'
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

CHECKSUM_FILE = "SHA256SUMS"
ENCODING = "utf-8-sig"


def write_csv(frame: pd.DataFrame, path: Path, date_format: str = "%Y-%m-%d %H:%M") -> None:
    """Write ``frame`` in the course CSV format (see the module docstring)."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_bool_dtype(out[col].dtype):
            out[col] = out[col].astype("Int8")
    out.to_csv(path, index=False, encoding=ENCODING, lineterminator="\n", na_rep="",
               date_format=date_format)


def sha256(path: Path) -> str:
    """Hex SHA-256 digest of a file."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def write_checksums(folder: Path, files: list[str]) -> Path:
    """Write ``SHA256SUMS`` for ``files`` (names inside ``folder``), sorted by name."""
    lines = [f"{sha256(folder / name)}  {name}\n" for name in sorted(files)]
    target = Path(folder) / CHECKSUM_FILE
    target.write_text("".join(lines), encoding="utf-8", newline="\n")
    return target


def read_checksums(folder: Path) -> dict[str, str]:
    """``{file name: digest}`` from ``SHA256SUMS`` in ``folder``."""
    result = {}
    for line in (Path(folder) / CHECKSUM_FILE).read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            result[name.lstrip("*")] = digest
    return result


def verify(folder: Path) -> list[str]:
    """Problems found comparing the files in ``folder`` with its ``SHA256SUMS`` (empty: all good).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.csv").write_text("x\\n")
    >>> _ = write_checksums(folder, ["a.csv"])
    >>> verify(folder)
    []
    >>> _ = (folder / "a.csv").write_text("y\\n")
    >>> verify(folder)
    ['a.csv: checksum differs from SHA256SUMS']
    """
    folder = Path(folder)
    if not (folder / CHECKSUM_FILE).is_file():
        return [f"{CHECKSUM_FILE} is missing in {folder}"]
    problems = []
    for name, digest in read_checksums(folder).items():
        path = folder / name
        if not path.is_file():
            problems.append(f"{name}: file is missing")
        elif sha256(path) != digest:
            problems.append(f"{name}: checksum differs from {CHECKSUM_FILE}")
    return problems
