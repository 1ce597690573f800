"""A value built from command-line input that the case's model refuses is bad usage: exit 2,
one line naming the option (or argument) the user typed and the field, the file unchanged.

Before: a blank name or text for some nouns (``referral add ' '``, ``member add``, ``focus add``)
exited 3 ("the case file is invalid"), and a reference to something that does not exist
(``session add --attended zz``) exited 3 with a line:column pointing into text never written.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from tests.fixtures.helpers import fails, ok

#: (command line after the case, what the first error line names)
REFUSED = [
    (["referral", "add", "{case}", " "], ["TEXT", "termination.referrals.to"]),
    (["member", "add", "{case}", "  "], ["NAME", "client.members.name"]),
    (["focus", "add", "{case}", " "], ["engagement.contract.focus"]),
    (["need", "add", "{case}", " "], ["TEXT", "assessment.needs.text"]),
    (["strength", "add", "{case}", " "], ["TEXT", "assessment.strengths"]),
    (["need", "change", "{case}", "1", "--text", " "], ["--text", "assessment.needs"]),
    (["client", "change", "{case}", "--name", " "], ["--name", "client.name"]),
    (["client", "change", "{case}", "--born", "2999"], ["--born", "client.born"]),
    (["worker", "change", "{case}", "--name", " "], ["--name", "worker.name"]),
    (["person", "add", "{case}", "--id", "q", "--name", " ", "--sex", "female"], ["--name", "assessment.genogram.people.name"]),
    (["session", "add", "{case}", "--date", "2025-03-01", "--kind", "home_visit", "--attended", "nobody"], ["--attended", "attendance"]),
    (["union", "add", "{case}", "nobody", "noone"], ["assessment.genogram.unions"]),
]


@pytest.fixture
def open_case(run: Any, reference: Path) -> Path:
    ok(run("reopen", reference, "--reason", "more work", "--to", "evaluation"))
    return reference


@pytest.mark.parametrize(("args", "named"), REFUSED, ids=lambda v: " ".join(v[:2]) if isinstance(v, list) and v and v[0] not in ("TEXT", "NAME") else None)
def test_a_refused_value_is_a_usage_error_naming_the_option(run: Any, open_case: Path, args: list[str], named: list[str]) -> None:
    before = open_case.read_bytes()
    line = fails(run(*[a.format(case=open_case) for a in args]), 2, *named)
    assert re.search(r":\d+:\d+: ", line) is None, line  # no line:column into text that was never written
    assert open_case.read_bytes() == before


def test_the_json_error_names_the_option(run: Any, open_case: Path) -> None:
    before = open_case.read_bytes()
    result = run("client", "change", open_case, "--sex", "robot", "--json")
    assert result.exit_code == 2
    error = json.loads(result.stdout)["error"]
    assert error["key"] == "invalid_value" and error["option"] == "--sex" and error["field"] == "client.sex" and error["exit_code"] == 2
    assert open_case.read_bytes() == before


def test_refusals_in_indonesian(run: Any, open_case: Path) -> None:
    line = fails(run("--lang", "id", "member", "add", open_case, " "), 2, "NAMA", "client.members.name")
    assert "karakter" in line
    line = fails(run("--lang", "id", "client", "change", open_case, "--born", "2999"), 2, "--born")
    assert "masa depan" in line
