"""init, new-case, show, check, status, history, schema: opening and looking at cases."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from fixtures.helpers import case_at, fails, js, new_case, ok, wide_console  # noqa: F401
from intervensi.errors import ExitCode
from intervensi.vocab import PRACTICE_LEVEL, Practice

ROOT = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------- init


def test_init_creates_workspace_and_new_case_uses_it(run, tmp_path: Path) -> None:
    res = ok(run("init", "--worker", "Rina", "--agency", "Dinas Sosial Humbahas", "--language", "id"))
    assert "intervensi.toml" in res.stderr
    cfg = (tmp_path / "intervensi.toml").read_text()
    assert "Rina" in cfg and "Dinas Sosial Humbahas" in cfg
    assert (tmp_path / "cases").is_dir()
    assert (tmp_path / "cases").stat().st_mode & 0o077 == 0  # private
    ok(run("new-case", "pkh-b-2026", "--practice", "casework", "--client", "Ibu B"))
    text = (tmp_path / "cases" / "pkh-b-2026.yaml").read_text()
    assert "name: Rina" in text and "Dinas Sosial Humbahas" in text and "language: id" in text
    # the case is found by id from the workspace
    assert js(run("show", "pkh-b-2026", "--json"))["case"]["worker"] == "Rina"
    # history is by the workspace worker
    assert js(run("history", "pkh-b-2026", "--json"))["history"][0]["by"] == "Rina"


def test_init_json_and_refuses_to_overwrite(run, tmp_path: Path) -> None:
    data = js(run("init", "ws", "--worker", "Rina", "--json"))
    assert Path(data["config"]).name == "intervensi.toml"
    cfg = tmp_path / "ws" / "intervensi.toml"
    raw = cfg.read_bytes()
    fails(run("init", "ws", "--worker", "Someone else"), ExitCode.EXISTS, "intervensi.toml")
    assert cfg.read_bytes() == raw


def test_init_bad_language(run) -> None:
    res = run("init", "--language", "fr")
    assert res.exit_code == ExitCode.USAGE
    assert not Path("intervensi.toml").exists()


# --------------------------------------------------------------------------- new-case


@pytest.mark.parametrize("practice", [p.value for p in Practice])
def test_new_case_for_each_practice_form(run, tmp_path: Path, practice: str) -> None:
    data = js(run("new-case", f"c-{practice}", "--practice", practice, "--client", "Kelompok X", "--dir", "cases", "--opened", "2026-01-05", "--json"))
    path = Path(data["path"])
    assert path == Path("cases") / f"c-{practice}.yaml" and path.is_file()
    assert path.stat().st_mode & 0o077 == 0
    text = path.read_text()
    assert text.startswith("#"), "the template's guiding comments are kept"
    info = js(run("show", path, "--json"))["case"]
    assert info["practice"] == practice
    assert info["level"] == PRACTICE_LEVEL[Practice(practice)].value
    assert info["stage"] == "engagement" and info["opened"] == "2026-01-05"
    assert info["client_kind"] in {"individual", "group", "family", "community"}
    ok(run("check", path))


def test_new_case_rich_output(run, tmp_path: Path) -> None:
    res = ok(run("new-case", "x1", "--practice", "group_work", "--client", "KUBE Melati", "--dir", tmp_path))
    assert "x1.yaml" in res.stderr and res.stdout == ""


def test_new_case_practice_level_mismatch(run, tmp_path: Path) -> None:
    fails(run("new-case", "x1", "--practice", "community_organization", "--level", "micro", "--client", "Desa", "--dir", tmp_path), ExitCode.USAGE, "--practice")
    assert not (tmp_path / "x1.yaml").exists()
    fails(run("new-case", "x2", "--practice", "casework", "--client-kind", "community", "--client", "Desa", "--dir", tmp_path), ExitCode.USAGE, "client.kind")
    assert list(tmp_path.glob("*.yaml")) == []


def test_new_case_refuses_to_overwrite(run, tmp_path: Path) -> None:
    path = new_case(run, tmp_path)
    raw = path.read_bytes()
    fails(run("new-case", "pkh-b-2026", "--practice", "casework", "--client", "Other", "--dir", tmp_path), ExitCode.EXISTS)
    assert path.read_bytes() == raw


@pytest.mark.parametrize("bad", ["../evil", "a/b", ".hidden", "a b", "x" * 65, "é"])
def test_new_case_bad_ids_never_name_a_path(run, tmp_path: Path, bad: str) -> None:
    fails(run("new-case", bad, "--practice", "casework", "--client", "C", "--dir", tmp_path / "cases"), ExitCode.USAGE)
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_new_case_bad_choice_and_missing_option(run, tmp_path: Path) -> None:
    fails(run("new-case", "x", "--practice", "casewerk", "--client", "C", "--dir", tmp_path), ExitCode.USAGE, "casewerk")
    fails(run("new-case", "x", "--practice", "casework", "--dir", tmp_path), ExitCode.USAGE, "--client")
    fails(run("new-case", "x", "--practice", "casework", "--client", "C", "--opened", "05/01/2026", "--dir", tmp_path), ExitCode.USAGE)


# --------------------------------------------------------------------------- show


def test_show_reference_case(run, reference: Path) -> None:
    res = ok(run("show", reference))
    out = res.stdout
    for stage in ("engagement", "assessment", "planning", "intervention", "evaluation", "termination", "closed"):
        assert stage in out
    assert "▶ closed" in out
    assert "S" in out and "casework" in out


def test_show_marks_current_stage_and_what_the_gate_lacks(run, tmp_path: Path) -> None:
    path = case_at(run, tmp_path, "planning")
    out = ok(run("show", path)).stdout
    assert "✓ engagement" in out and "✓ assessment" in out and "▶ planning" in out and "· intervention" in out
    assert "✗ no goal in the plan" in out
    info = js(run("show", path, "--json"))["case"]
    assert info["unmet"] == ["gate.goal"] and info["gate_ready"] is False and info["next_stage"] == "intervention"


def test_show_next_due(run, tmp_path: Path) -> None:
    path = case_at(run, tmp_path, "intervention")
    info = js(run("show", path, "--json"))["case"]
    assert (info["next_due"], info["next_due_what"]) == ("2026-05-01", "objective g1-o1")
    assert "2026-05-01" in ok(run("show", path)).stdout


def test_show_by_case_id_in_cases_folder(run, cases: Path) -> None:
    assert js(run("show", "pkh-s-2025", "--json"))["case"]["id"] == "pkh-s-2025"
    fails(run("show", "no-such-case"), ExitCode.NOT_FOUND, "no-such-case")


# --------------------------------------------------------------------------- check


def test_check_bundled_cases_all_valid(run, cases: Path) -> None:
    data = js(run("check", cases, "--json"))
    assert data["invalid"] == 0 and data["valid"] == len(list(cases.glob("*.yaml"))) >= 1
    ok(run("check", cases))


def test_check_lists_every_problem_with_file_and_line(run, cases: Path, reference: Path) -> None:
    bad = cases / "broken.yaml"
    text = reference.read_text().replace("id: pkh-s-2025", "id: broken")
    text = text.replace("level: micro", "level: micro\nstagee: planning", 1)
    text = text.replace("opened: 2025-", "opened: 2025/", 1)
    bad.write_text(text)
    raw = bad.read_bytes()
    res = run("check", cases)
    assert res.exit_code == ExitCode.INVALID
    lines = [ln for ln in res.stdout.splitlines() if ln.startswith("✗ ")]
    assert len(lines) == 2, res.stdout
    stagee_line = text.splitlines().index("stagee: planning") + 1
    assert any(f"{bad}:{stagee_line}:1:" in ln and "stagee" in ln and "did you mean 'stage'" in ln for ln in lines)
    assert any(f"{bad}:" in ln and "opened" in ln for ln in lines)
    assert "✓" in res.stdout  # the good file is still reported
    data = json.loads(run("check", bad, "--json").stdout)
    assert data["invalid"] == 1 and len(data["files"][0]["problems"]) == 2
    assert {p["field"] for p in data["files"][0]["problems"]} == {None, "opened"} or {p["field"] for p in data["files"][0]["problems"]} >= {"opened"}
    assert bad.read_bytes() == raw


def test_check_many_files_exit_zero_only_if_all_valid(run, cases: Path, reference: Path, tmp_path: Path) -> None:
    good2 = case_at(run, tmp_path / "more", "planning")
    ok(run("check", reference, good2))
    notcase = tmp_path / "more" / "notes.yaml"
    notcase.write_text("shopping:\n  - rice\n")
    res = run("check", reference, good2, notcase)
    assert res.exit_code == ExitCode.INVALID
    assert "schema_version" in res.stdout


def test_check_missing_path(run, tmp_path: Path) -> None:
    fails(run("check", tmp_path / "nope"), ExitCode.NOT_FOUND, "nope")


def test_check_reports_gate_readiness(run, tmp_path: Path) -> None:
    path = case_at(run, tmp_path, "planning")
    data = js(run("check", path, "--json"))
    f = data["files"][0]
    assert f["valid"] is True and f["stage"] == "planning" and f["gate_ready"] is False and f["unmet"] == ["no goal in the plan"]


def test_check_file_name_must_match_id(run, reference: Path, tmp_path: Path) -> None:
    other = tmp_path / "renamed.yaml"
    shutil.copy(reference, other)
    res = run("check", other)
    assert res.exit_code == ExitCode.INVALID and "pkh-s-2025" in res.stdout


# --------------------------------------------------------------------------- status


def test_status_of_a_caseload(run, cases: Path) -> None:
    case_at(run, cases, "planning")
    out = ok(run("status", cases)).stdout
    assert "pkh-b-2026" in out and "pkh-s-2025" in out and "planning" in out
    data = js(run("status", cases, "--json"))
    assert {c["id"] for c in data["cases"]} >= {"pkh-b-2026", "pkh-s-2025"}
    assert data["per_stage"]["planning"] >= 1 and data["per_stage"]["closed"] >= 1
    assert sum(data["per_stage"].values()) == len(data["cases"]) and data["invalid"] == []


def test_status_with_an_invalid_file(run, cases: Path) -> None:
    (cases / "junk.yaml").write_text("schema_version: 1\nid: [\n")
    res = run("status", cases)
    assert res.exit_code == ExitCode.INVALID
    assert "junk.yaml:" in res.stderr and "pkh-s-2025" in res.stdout


# --------------------------------------------------------------------------- history


def test_history_of_the_reference_case(run, reference: Path) -> None:
    res = ok(run("history", reference))
    assert "closed" in res.stdout
    h = js(run("history", reference, "--json"))["history"]
    assert h[0]["from"] is None and h[0]["to"] == "engagement" and h[-1]["to"] == "closed"


def test_history_shows_forced_and_reason(run, tmp_path: Path) -> None:
    path = new_case(run, tmp_path)
    ok(run("advance", path, "--force", "--reason", "paper contract"))
    out = ok(run("history", path)).stdout
    assert "paper contract" in out and "yes" in out


# --------------------------------------------------------------------------- schema


def test_schema_is_valid_json_schema_and_reference_validates(run, cases: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from intervensi.yamlio import parse, read_text

    res = ok(run("schema"))
    schema = json.loads(res.stdout)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    for f in sorted(cases.glob("*.yaml")) + sorted((ROOT / "templates" / "cases").glob("*.yaml"))[:0]:
        data = json.loads(json.dumps(parse(read_text(f)), default=str))
        errors = [e.message for e in validator.iter_errors(data)]
        assert errors == [], f"{f.name}: {errors[:3]}"
    # and it rejects what the model rejects
    bad = json.loads(json.dumps(parse(read_text(cases / "pkh-s-2025.yaml")), default=str))
    bad["stagee"] = "planning"
    assert list(validator.iter_errors(bad))


def test_schema_to_file(run, tmp_path: Path) -> None:
    ok(run("schema", "-o", tmp_path / "case.schema.json"))
    assert json.loads((tmp_path / "case.schema.json").read_text())["type"] == "object"


def test_messages_stay_on_one_line_on_a_narrow_console(run, cases: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from intervensi.cli import _common

    monkeypatch.setenv("COLUMNS", "40")
    monkeypatch.setattr(_common, "_err", None)
    (cases / "junk.yaml").write_text("schema_version: 1\nid: [\n")
    res = run("status", cases)
    assert res.exit_code == ExitCode.INVALID
    assert any(ln.startswith(str(cases / "junk.yaml") + ":3:1: ") and "not valid YAML" in ln for ln in res.stderr.splitlines()), res.stderr
