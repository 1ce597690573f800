"""Found by trying this round's new commands as a new user would (import, agenda --format ics, export --format parquet, site, reports)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from roster_helpers import family, write_xlsx
from test_terminal_width import LONG_ID, in_terminal

ROOT = Path(__file__).resolve().parents[1]


def test_import_with_a_misspelt_practice_is_a_usage_error_naming_the_choices(run, tmp_path: Path) -> None:
    roster = write_xlsx(tmp_path / "r.xlsx", [family(1), family(2)])
    for extra in ([], ["--yes"]):
        r = run("--lang", "id", "import", roster, "--dir", "cases", "--practice", "casemanagement", *extra)
        assert r.exit_code == 2, r.output
        assert "casemanagement" in r.stderr and "case_management" in r.stderr
        assert "tak terduga" not in r.output and "unexpected" not in r.output
    assert not (tmp_path / "cases").exists()
    r = run("import", roster, "--dir", "cases", "--practice", "nope", "--json")
    assert r.exit_code == 2 and json.loads(r.stdout)["error"]["key"] == "bad_choice"


def test_the_init_example_from_its_own_help_works(run, tmp_path: Path) -> None:
    """`init --help` shows `... --lang id`: that very line makes an Indonesian workspace (report and site take --lang too)."""
    r = run("init", "--help")
    assert "--lang id" in r.stdout
    r = run("init", "ws", "--worker", "Rina", "--agency", "Dinas Sosial", "--lang", "id")
    assert r.exit_code == 0, r.output
    assert 'language = "id"' in (tmp_path / "ws" / "intervensi.toml").read_text(encoding="utf-8")


def _ids_whole_and_words_unbroken(out: str, ids: list[str]) -> None:
    for case_id in ids:
        assert re.search(rf"[│┃] {re.escape(case_id)} +[│┃]", out), (case_id, out)  # on one line, in its cell
    for word in ("2026-04-27", "planning", "monitoring", "practice", "perencanaan", "tenggat"):  # never "plann|ing", "2026-0|4-27"
        assert not re.search(rf"[│┃] {re.escape(word[:4])} *[│┃]", out), (word, out)


@pytest.fixture
def bundled(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "cases", tmp_path / "cases", ignore=shutil.ignore_patterns(".*"))
    return tmp_path


@pytest.mark.parametrize("lang", ["en", "id"])
def test_status_and_agenda_at_80_columns_keep_ids_on_one_line_and_leave_out_columns_rather_than_break_words(bundled: Path, lang: str) -> None:
    ids = ["desa-sukamaju-air-2026", "keluarga-h-2025", "kube-melati-2025"]
    status = in_terminal(["--lang", lang, "status", "cases"], bundled)
    _ids_whole_and_words_unbroken(status, ids)
    assert max(len(line) for line in status.splitlines()) <= 80, status
    assert ("left out" if lang == "en" else "tidak ditampilkan") in " ".join(status.split())  # says which columns it left out
    assert "2026-04-27" in status  # the due date stays, whole
    agenda = in_terminal(["--lang", lang, "agenda", "cases", "--days", "3650", "--within", "3650"], bundled)
    _ids_whole_and_words_unbroken(agenda, ids)
    wide = in_terminal(["--lang", lang, "status", "cases"], bundled, columns=200)
    assert "left out" not in wide and "tidak ditampilkan" not in wide and ("practice" in wide or "praktik" in wide)


def test_a_long_id_stays_on_one_line_even_when_other_cells_must_wrap(bundled: Path) -> None:
    src = bundled / "cases" / "desa-sukamaju-air-2026.yaml"
    (bundled / "cases" / f"{LONG_ID}.yaml").write_text(src.read_text(encoding="utf-8").replace("id: desa-sukamaju-air-2026", f"id: {LONG_ID}"), encoding="utf-8")
    src.unlink()
    for args in (["status", "cases"], ["agenda", "cases", "--days", "3650", "--within", "3650"]):
        out = in_terminal(args, bundled)
        assert re.search(rf"[│┃] {LONG_ID} +[│┃]", out), out
        assert max(len(line) for line in out.splitlines()) <= 80, out


@pytest.mark.parametrize(("args", "english", "indonesian"), [
    (["site", "cases", "-o", "s", "--lang", "xx"], "en or id", "en atau id"),
    (["report", "cases/pkh-s-2025.yaml", "--format", "odt"], "html, md, docx or pdf", "html, md, docx atau pdf"),
    (["report", "cases/pkh-s-2025.yaml", "--format", "docx"], "docx and pdf need", "docx dan pdf memerlukan"),
    (["evaluate", "cases/pkh-s-2025.yaml", "--chart", "--format", "jpg"], "svg or png", "svg atau png"),
    (["init", "ws", "--language", "fr"], "en or id", "en atau id"),
])
def test_a_refused_option_value_is_explained_in_the_users_language(run, bundled: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    args: list[str], english: str, indonesian: str) -> None:
    monkeypatch.chdir(bundled)
    r = run("--lang", "id", *args)
    assert r.exit_code == 2, r.output
    assert indonesian in r.stderr and english not in r.stderr
    r = run("--lang", "en", *args)
    assert r.exit_code == 2 and english in r.stderr
    assert not (bundled / "s").exists() and not (bundled / "ws").exists()


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("command", ["report", "advance", "evaluate", "agenda", "import", "site", "export"])
def test_two_examples_in_help_are_two_lines_not_what_reads_as_a_pipe(run, command: str, lang: str) -> None:
    """`Examples: intervensi report X -o r.html | intervensi report X ...` read as one piped command line."""
    r = run("--lang", lang, command, "--help")
    assert r.exit_code == 0
    text = " ".join(r.stdout.split())
    assert "| intervensi" not in text, text


def test_agenda_says_the_window_it_looked_at_and_refuses_a_negative_one(run, bundled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(bundled)
    r = run("--lang", "id", "agenda", "cases", "--within", "30")
    assert r.exit_code == 0 and "30 hari ke depan" in r.stderr and "minggu ini" not in r.stderr
    r = run("--lang", "en", "agenda", "cases", "--within", "3650")
    assert r.exit_code == 0 and "in the next 3650 days" in r.stderr and "this week" not in r.stderr
    r = run("--lang", "en", "agenda", "cases")
    assert r.exit_code == 0 and "this week" in r.stderr
    for args in (["--within", "-3"], ["--days", "-1"], ["--format", "ics", "--within", "-3"]):
        r = run("--lang", "id", "agenda", "cases", *args)
        assert r.exit_code == 2 and "0 atau lebih" in r.stderr, r.output


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_indonesian_report_says_tingkat_as_status_and_show_do(run, bundled: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    monkeypatch.chdir(bundled)
    r = run("--lang", "id", "report", "cases/kube-melati-2025.yaml", "--format", fmt)
    assert r.exit_code == 0
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<svg\b.*?</svg>", "", r.stdout, flags=re.S))
    assert "Tingkat" in text and not re.search(r"\bLevel\b", text) and "Identitas dan level" not in text


def test_output_folders_are_called_folders_in_help(run) -> None:
    r = run("--lang", "id", "site", "--help")
    assert "--output FOLDER" in r.stdout and " DIR " not in r.stdout
    r = run("--lang", "en", "export", "--help")
    assert "for parquet, the folder" in " ".join(r.stdout.split())


def test_import_dir_naming_a_file_is_refused_before_planning_into_it(run, tmp_path: Path) -> None:
    roster = write_xlsx(tmp_path / "r.xlsx", [family(1), family(2)])
    assert run("import", roster, "--dir", "cases", "--yes").exit_code == 0
    case = next((tmp_path / "cases").glob("*.yaml"))
    before = case.read_bytes()
    r = run("--lang", "id", "import", roster, "--dir", case, "--yes", "--json")
    assert r.exit_code == 2 and json.loads(r.stdout)["error"]["key"] == "roster_dir_not_folder"
    assert "bukan folder kasus" in r.stderr and "kasus baru" not in r.output
    assert case.read_bytes() == before


def test_a_mapping_with_fields_outside_columns_or_a_folder_is_refused(run, tmp_path: Path) -> None:
    roster = write_xlsx(tmp_path / "r.xlsx", [family(1)])
    (tmp_path / "top.toml").write_text('name = "Nama Pengurus"\n', encoding="utf-8")
    r = run("--lang", "id", "import", roster, "--dir", "cases", "--mapping", "top.toml", "--json")
    assert r.exit_code == 2 and json.loads(r.stdout)["error"]["key"] == "roster_mapping_key"
    assert "[columns]" in r.stderr and "'name'" in r.stderr
    (tmp_path / "maps").mkdir()
    r = run("--lang", "en", "import", roster, "--dir", "cases", "--mapping", "maps")
    assert r.exit_code == 2 and "is a folder, not a file" in r.stderr and "syntax" not in r.stderr
    assert not (tmp_path / "cases").exists()


def test_a_folder_given_as_the_roster_is_not_called_a_case_file(run, tmp_path: Path) -> None:
    (tmp_path / "lists").mkdir()
    r = run("--lang", "id", "import", "lists")
    assert r.exit_code == 3 and "ini folder, bukan berkas" in r.stderr and "berkas kasus" not in r.stderr


@pytest.mark.parametrize("lang", ["en", "id"])
def test_evaluate_at_80_columns_keeps_goal_and_objective_ids_whole(bundled: Path, lang: str) -> None:
    out = in_terminal(["--lang", lang, "evaluate", "cases/kube-melati-2025.yaml"], bundled)
    objectives = out.split("┏")[1]  # the first table; the GAS table below has the goal ids too
    for goal_id in ("tabungan", "partisipasi"):
        assert re.search(rf"[│┃] {goal_id} +[│┃]", objectives), (goal_id, out)
    out = in_terminal(["--lang", lang, "evaluate", "cases/desa-sukamaju-air-2026.yaml"], bundled)
    for objective_id in ("rumah-terlayani", "usaha-pemuda"):
        assert re.search(rf"[│┃] {objective_id} +[│┃]", out), (objective_id, out)
    assert max(len(line) for line in out.splitlines()) <= 80, out


@pytest.mark.parametrize("args", [["history", "cases/kube-melati-2025.yaml"], ["check", "cases"]])
def test_history_and_check_at_80_columns_fit_and_keep_ids_and_words_whole(bundled: Path, args: list[str]) -> None:
    src = bundled / "cases" / "desa-sukamaju-air-2026.yaml"
    (bundled / "cases" / f"{LONG_ID}.yaml").write_text(src.read_text(encoding="utf-8").replace("id: desa-sukamaju-air-2026", f"id: {LONG_ID}"), encoding="utf-8")
    src.unlink()
    out = in_terminal(["--lang", "id", *args], bundled)
    assert max(len(line) for line in out.splitlines()) <= 80, out  # history was drawn 82 wide, its last column cut
    if args[0] == "check":
        assert re.search(rf"[│┃] {LONG_ID} +[│┃]", out), out
    else:
        assert "14:00:00+07:00" in out and re.search(r"[│┃] kapan +[│┃]", out), out


@pytest.mark.parametrize("args", [["status"], ["agenda", "--format", "ics"], ["site"], ["export", "--format", "csv"]])
def test_caseload_commands_outside_a_workspace_say_to_run_init(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    r = run("--lang", "id", *args)
    assert r.exit_code == 4 and "intervensi init" in r.stderr, r.output
    assert not (tmp_path / "site").exists()
    r = run("--lang", "en", *args, "nothere")
    assert r.exit_code == 4 and "intervensi init" not in r.stderr  # a path the user named: just "no such file"


def test_without_user_in_the_environment_the_history_names_the_account_not_unknown(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A container or cron job has no $USER: an import then recorded every case as opened 'by unknown'."""
    import os
    import pwd

    for var in ("INTERVENSI_WORKER", "USER", "USERNAME", "LOGNAME", "LNAME"):
        monkeypatch.delenv(var, raising=False)
    roster = write_xlsx(tmp_path / "r.xlsx", [family(1)])
    assert run("import", roster, "--dir", "cases", "--yes").exit_code == 0
    text = next((tmp_path / "cases").glob("*.yaml")).read_text(encoding="utf-8")
    account = pwd.getpwuid(os.getuid()).pw_name
    assert re.search(rf"by: ['\"]?{re.escape(account)}['\"]?\s*$", text, flags=re.M), text
    assert "by: unknown" not in text
