"""``coursekit data generate`` / ``coursekit data check`` through the real CLI entry point."""

from __future__ import annotations

from coursekit.cli import main
from coursekit.datasets._files import read_checksums, sha256
from coursekit.datasets.commands import default_out_dir
from tests.datasets._shipped import DATASETS


def test_generate_writes_files_and_checksums(tmp_path, capsys):
    assert main(["data", "generate", "--out", str(tmp_path), "--seed", "3", "--tickets-per-industry", "40"]) == 0
    out = capsys.readouterr().out
    assert "tickets.csv" in out and "seed 3, 40 tickets per industry" in out
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(["SHA256SUMS", "competency.csv", "complaints.csv", "monthly.csv", "staff.csv",
                            "surveys.csv", "tickets.csv", "training.csv"])
    sums = read_checksums(tmp_path)
    assert sums["tickets.csv"] == sha256(tmp_path / "tickets.csv")
    assert (tmp_path / "tickets.csv").read_text(encoding="utf-8-sig").count("\n") == 1 + 4 * 40


def test_generate_twice_gives_the_same_bytes(tmp_path):
    for sub in ("a", "b"):
        main(["data", "generate", "--out", str(tmp_path / sub), "--seed", "9", "--tickets-per-industry", "25"])
    assert (tmp_path / "a" / "SHA256SUMS").read_bytes() == (tmp_path / "b" / "SHA256SUMS").read_bytes()


def test_check_passes_then_fails_after_an_edit(tmp_path, capsys):
    main(["data", "generate", "--out", str(tmp_path), "--seed", "3", "--tickets-per-industry", "20"])
    capsys.readouterr()
    assert main(["data", "check", "--dir", str(tmp_path)]) == 0
    assert capsys.readouterr().out.startswith("OK: every file")
    with open(tmp_path / "staff.csv", "a", encoding="utf-8") as fh:
        fh.write("extra\n")
    (tmp_path / "monthly.csv").unlink()
    assert main(["data", "check", "--dir", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "FAIL staff.csv: checksum differs from SHA256SUMS" in out
    assert "FAIL monthly.csv: file is missing" in out


def test_check_regenerate_on_other_seed_reports_stale(tmp_path, capsys):
    main(["data", "generate", "--out", str(tmp_path), "--seed", "3", "--tickets-per-industry", "20"])
    capsys.readouterr()
    assert main(["data", "check", "--dir", str(tmp_path), "--regenerate"]) == 1
    assert "differs from a fresh `coursekit data generate`" in capsys.readouterr().out


def test_check_shipped_data_with_regeneration(capsys):
    assert main(["data", "check", "--regenerate"]) == 0
    assert "and a fresh regeneration" in capsys.readouterr().out


def test_bad_size_is_a_one_line_error(capsys):
    assert main(["data", "generate", "--tickets-per-industry", "0"]) == 2
    assert capsys.readouterr().err.strip() == (
        "coursekit: error: --tickets-per-industry must be at least 1, not 0")


def test_default_output_is_the_checkout_datasets_folder():
    assert default_out_dir() == DATASETS


def test_command_line_errors_stay_english_when_notebooks_speak_chinese(capsys, monkeypatch):
    # Trainees' notebooks render errors in Chinese; the CLI (trainers, scripts, CI logs) prints the English text.
    import coursekit.datasets.commands as commands
    from coursekit.datasets.load import load
    from coursekit.i18n import messages_in

    def fails(args):
        load("tikets")  # a ConfigError that has a Chinese rendering

    monkeypatch.setattr(commands, "run_generate", fails)
    with messages_in("zh"):
        try:
            load("tikets")
        except Exception as error:  # the Chinese rendering exists, so the test can fail
            assert "未知的数据集" in str(error)
        assert main(["data", "generate"]) == 2
    assert capsys.readouterr().err.strip() == (
        "coursekit: error: unknown dataset: 'tikets'; did you mean 'tickets'? choose one of staff, tickets, surveys, "
        "complaints, competency, training, monthly")
