"""Our own validators speak the user's language: every rule of model.py (field checks and the
rules that span fields) is triggered on a copy of a bundled case and read back with
``intervensi --lang id check``; the message is the rule's Indonesian text and carries no English
sentence. The same file under ``--lang en`` gives the English text, so each trigger is known
to hit the rule it names (the rule key is in ``check --json`` too)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from test_lang_id import english_words

Data = dict[str, Any]


def _g(d: Data) -> Data:
    return d["assessment"]["genogram"]


def _set(path: str, value: Any) -> Callable[[Data], None]:
    def edit(d: Data) -> None:
        node: Any = d
        keys = [int(k) if k.isdigit() else k for k in path.split(".")]
        for k in keys[:-1]:
            node = node[k]
        node[keys[-1]] = value
    return edit


def _two_index(d: Data) -> None:
    _g(d)["people"][0]["index"] = True


def _died_first(d: Data) -> None:
    _g(d)["people"][0].update(born=1950, died=1940)


def _union_end(d: Data) -> None:
    _g(d)["unions"][1].update(start=2008, end=2001)


def _two_families(d: Data) -> None:
    _g(d)["children"].append({"child": "n", "union": "u-h-w"})


def _both_origins(d: Data) -> None:
    _g(d)["children"][0]["parent"] = "kakek"


def _dup_member(d: Data) -> None:
    d["client"]["members"][1]["id"] = d["client"]["members"][0]["id"]


#: rule key (``val.<key>`` in the catalogue) -> an edit that breaks exactly that rule
TRIGGERS: dict[str, Callable[[Data], None]] = {
    "iso_date": _set("opened", "14/04/2025"),
    "no_such_date": _set("opened", "2025-02-30"),
    "iso_datetime": _set("history.0.at", "kemarin"),
    "year_or_date": _set("assessment.genogram.people.0.born", True),
    "four_digit_year": _set("assessment.genogram.people.0.born", 19500),
    "slug": _set("assessment.needs.0.id", "Kebutuhan Satu"),
    "case_id": _set("id", "a/b"),
    "birth_future": _set("client.members.0.born", 2999),
    "child_origin": _both_origins,
    "practice_level": _set("practice", "casework"),
    "level_client": _set("client.kind", "individual"),
    "strategy_macro": _set("strategy", "social_action"),
    "monitoring_off": _set("monitoring.enabled", False),
    "duplicate_id": _dup_member,
    "no_person_genogram": _set("assessment.ecomap.systems.0.member", "zz"),
    "no_need": _set("planning.goals.0.needs", ["zz"]),
    "no_goal": _set("intervention.sessions.0.goals", ["zz"]),
    "no_member": _set("intervention.sessions.0.attendance", ["zz"]),
    "no_objective": _set("evaluation.measurements.0.objective", "zz"),
    "index_many": _two_index,
    "died_before_born": _died_first,
    "no_person": _set("assessment.genogram.unions.0.partners", ["zz", "nenek"]),
    "own_partner": _set("assessment.genogram.unions.0.partners", ["nenek", "nenek"]),
    "union_end": _union_end,
    "no_union": _set("assessment.genogram.children.0.union", "zz"),
    "two_birth_families": _two_families,
    "own_union_child": _set("assessment.genogram.children.0.child", "kakek"),
    "relationship_two": _set("assessment.genogram.relationships.0.b", "n"),
}


def _literal(template: str) -> str:
    """The longest piece of a message template without a placeholder."""
    return max(re.split(r"\{[^}]*\}", template), key=len).strip()


def test_every_validator_of_the_model_has_a_trigger() -> None:
    """A new rule in the model (model.py, model_base.py, model_parts.py) without a trigger here fails this test."""
    import intervensi.model  # noqa: F401  (registers the validation texts)
    from intervensi.i18n import CATALOG

    root = Path(__file__).resolve().parents[1] / "src/intervensi"
    src = "\n".join((root / f"{name}.py").read_text(encoding="utf-8") for name in ("model", "model_base", "model_parts"))
    # every string literal of the model's modules that names a validation text of the catalogue is a rule
    keys = {k for k in re.findall(r'"(\w+)"', src) if f"val.{k}" in CATALOG}
    assert len(keys) >= 25, sorted(keys)
    assert keys <= set(TRIGGERS), sorted(keys - set(TRIGGERS))
    assert "raise ValueError(" not in src  # every validator raises a keyed error


@pytest.mark.parametrize("rule", sorted(TRIGGERS))
def test_validator_speaks_indonesian(rule: str, cases: Path, tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    from intervensi.i18n import CATALOG

    data = yaml.safe_load((cases / "keluarga-h-2025.yaml").read_text(encoding="utf-8"))
    TRIGGERS[rule](data)
    bad = tmp_path / "broken.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    before = bad.read_bytes()

    r_en = run("--lang", "en", "check", bad)
    r_id = run("--lang", "id", "check", bad)
    assert r_en.exit_code == r_id.exit_code == 3, r_id.output  # INVALID
    text_en, text_id = r_en.output, r_id.output
    words = CATALOG[f"val.{rule}"]
    assert _literal(words["en"]) in text_en, (rule, text_en)
    assert _literal(words["id"]) in text_id, (rule, text_id)
    assert _literal(words["en"]) not in text_id, (rule, text_id)
    assert not english_words(text_id), (rule, english_words(text_id), text_id)
    assert "Traceback" not in text_id
    assert bad.read_bytes() == before


@pytest.mark.parametrize(("args", "rule"), [
    (("relationship", "add", "n", "n", "close"), "relationship_two"),
    (("union", "add", "n", "n"), "own_partner"),
])
def test_a_cross_field_rule_on_an_edit_is_indonesian(cases: Path, run, args: tuple[str, ...], rule: str) -> None:  # type: ignore[no-untyped-def]
    """An edit made from the command line that would break a rule is refused in Indonesian
    (the rule runs in the library's validation of the edited file) and the file is unchanged."""
    from intervensi.i18n import CATALOG

    case = cases / "keluarga-h-2025.yaml"
    before = case.read_bytes()
    r = run("--lang", "id", args[0], args[1], case, *args[2:])
    assert r.exit_code == 2, r.output  # a value typed on the command line: bad usage (docs/reference/exit-codes.md)
    assert "Traceback" not in r.output
    assert CATALOG[f"val.{rule}"]["id"] in r.output, r.output
    assert CATALOG[f"val.{rule}"]["en"] not in r.output, r.output
    assert not english_words(r.output), (english_words(r.output), r.output)
    assert case.read_bytes() == before


def test_the_library_validation_error_is_in_both_languages(cases: Path) -> None:
    """``Case.model_validate`` outside the loader joins the cross-field rules into one error;
    :func:`intervensi.validation_i18n.describe` gives it in either language."""
    from pydantic import ValidationError

    from intervensi.model import Case
    from intervensi.validation_i18n import describe

    data = yaml.safe_load((cases / "keluarga-h-2025.yaml").read_text(encoding="utf-8"))
    TRIGGERS["practice_level"](data)
    TRIGGERS["own_partner"](data)
    with pytest.raises(ValidationError) as info:
        Case.model_validate(data)
    err = info.value.errors()[0]
    text_id, text_en = describe(err, "id"), describe(err, "en")
    assert "adalah praktik tingkat" in text_id and "pasangan bagi dirinya sendiri" in text_id
    assert "level practice" in text_en and "their own partner" in text_en
    assert not english_words(text_id), text_id
