"""User templates run in Jinja's sandbox: the known escapes are refused with exit code 9
and a one-line message; an ordinary template still renders (issue 11)."""

from __future__ import annotations

from pathlib import Path

import pytest

ESCAPES = [
    "{{ ''.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('echo PWNED').read() }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ lipsum.__globals__['os'].popen('echo PWNED').read() }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ case.__class__.__init__.__globals__ }}",
    "{{ case.model_config }}{{ case.__dict__ }}",
    "{{ request.application.__globals__ }}{{ config.__class__.__init__.__globals__['os'] }}",
    "{% set x = case.client.members.append(1) %}{{ x }}",
    "{{ label.__globals__ }}",
    "{{ (1).__class__.__base__.__subclasses__() }}",
]


@pytest.mark.parametrize("body", ESCAPES)
@pytest.mark.parametrize("ext", ["html", "md"])
def test_known_escapes_are_refused(tmp_path: Path, run, reference: Path, body: str, ext: str) -> None:
    tpl = tmp_path / f"evil.{ext}.j2"
    tpl.write_text(f"<p>start</p>\n{body}\n", "utf-8")
    out = tmp_path / f"out.{ext}"
    res = run("report", reference, "--template", tpl, "-f", ext, "-o", out)
    assert "PWNED" not in res.output and "Traceback" not in res.output
    assert "<module 'os'" not in res.output and "subprocess" not in res.output
    assert res.exit_code == 9, res.output
    assert "evil" in res.output and ":2" in res.output  # the template file and its line
    assert not out.exists()


def test_refusal_is_an_error_with_a_key(tmp_path: Path, reference: Path) -> None:
    from intervensi.casefile import load_case
    from intervensi.report import TemplateRefused, render_report

    tpl = tmp_path / "t.html.j2"
    tpl.write_text("{{ ''.__class__.__mro__ }}", "utf-8")
    with pytest.raises(TemplateRefused) as info:
        render_report(load_case(reference), template=tpl)
    assert info.value.key == "report_template_unsafe" and int(info.value.exit_code) == 9


def test_runtime_template_error_is_clean(tmp_path: Path, run, reference: Path) -> None:
    tpl = tmp_path / "t.html.j2"
    tpl.write_text("line one\n{{ 1 // 0 }}\n", "utf-8")
    res = run("report", reference, "--template", tpl)
    assert res.exit_code == 1 and "Traceback" not in res.output and "template" in res.output, res.output
    assert "bug" not in res.output


def test_plain_template_still_renders(tmp_path: Path, run, reference: Path) -> None:
    tpl = tmp_path / "t.html.j2"
    tpl.write_text("<p>{{ L.client }}: {{ case.client.name | upper }} — {{ case.goals | length }} {{ '%.1f' | format(ev.t_score or 0) }}</p>", "utf-8")
    res = run("report", reference, "--template", tpl)
    assert res.exit_code == 0, res.output
    assert "<p>Client:" in res.stdout
