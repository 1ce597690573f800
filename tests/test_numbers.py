"""Figures in the reader's language and by one rounding rule, as a user meets them.

``evaluate`` and every report format write 1.500.000 / 62,0 / 0,92 in Indonesian and
1,500,000 / 62.0 / 0.92 in English; a GAS score of 0 prints as 0 (never "+0"); a goal
without level texts shows the standard level names; the T-score has the same digits in
``evaluate`` and in the report; ``--json`` keeps raw numbers.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intervensi import numfmt

# --------------------------------------------------------------------------- the rule itself


@pytest.mark.parametrize(
    ("value", "lang", "digits", "expected"),
    [
        (1_500_000, "id", None, "1.500.000"),
        (1_500_000, "en", None, "1,500,000"),
        (62.05, "id", 2, "62,05"),
        (62.05, "en", 2, "62.05"),
        (2.75, "id", None, "2,75"),  # a measurement as recorded
        (10**9, "id", None, "1.000.000.000"),
        (0.5, "id", None, "0,5"),
        (0.925, "en", 2, "0.93"),  # half up on the written decimal, not the binary 0.92499…
        (62.05, "en", 1, "62.1"),
        (2.5, "en", 0, "3"),
        (-0.04, "en", 1, "0.0"),  # never "-0.0"
        (-1234.5, "id", None, "-1.234,5"),
        (None, "id", None, "—"),
    ],
)
def test_number(value: float | None, lang: str, digits: int | None, expected: str) -> None:
    assert numfmt.number(value, lang, digits) == expected


def test_percent_currency_signed() -> None:
    assert numfmt.percent(0.6667, "id") == "67%"
    assert numfmt.percent(0.125, "id", 1) == "12,5%"
    assert numfmt.percent(0.005, "en") == "1%"  # half up
    assert numfmt.currency(1_500_000, "id") == "Rp1.500.000"  # a whole amount has no decimals
    assert "1,500,000" in numfmt.currency(1_500_000, "en")
    assert numfmt.currency(12.5, "en", "USD") == "$12.50"
    assert [numfmt.signed(x, "en") for x in (-2, -1, 0, 1, 2)] == ["-2", "-1", "0", "+1", "+2"]
    assert numfmt.t_score(62.0483, "id") == "62,0" and numfmt.nap(0.9166, "id") == "0,92"


def test_unknown_language_reads_english_and_non_finite_is_refused() -> None:
    assert numfmt.number(1234.5, "xx") == "1,234.5"
    with pytest.raises(ValueError):
        numfmt.number(float("nan"), "en")


def test_round_half_up_on_the_decimal_written() -> None:
    assert numfmt.round_half_up(2.675, 2) == Decimal("2.68")  # float formatting gives 2.67
    assert f"{2.675:.2f}" == "2.67"


def _read(text: str, lang: str) -> Decimal:
    group, point = (".", ",") if lang == "id" else (",", ".")
    return Decimal(text.replace(group, "").replace(point, "."))


@given(st.floats(allow_nan=False, allow_infinity=False), st.sampled_from([None, 0, 1, 2]), st.sampled_from(["en", "id"]))
def test_every_finite_number_reads_back(value: float, digits: int | None, lang: str) -> None:
    """Whatever the magnitude (up to 1.8e308), the text is the rounded number in the reader's form."""
    text = numfmt.number(value, lang, digits)
    expected = numfmt.round_half_up(value, numfmt.MAX_RECORDED_DIGITS if digits is None else digits)
    assert _read(text, lang) == expected
    if digits:
        assert len(text.rpartition("," if lang == "id" else ".")[2]) == digits


# --------------------------------------------------------------------------- a case in Rupiah


GAS_MOTIVASI = """      gas:
        "-2": Menolak mencoba langkah usaha baru
        "-1": Satu langkah usaha
        "0": Dua langkah usaha
        "+1": Tiga langkah usaha
        "+2": Tiga langkah dan mengajak orang lain berusaha
"""
RUPIAH = {0: 0, 1: 250000, 2: 750000, 3: 1500000}


@pytest.fixture
def rupiah_case(reference: Path) -> Path:
    """The reference case with its second objective in Rupiah (0 → 1.500.000), its goal
    without level texts, scored 0."""
    text = reference.read_text(encoding="utf-8")
    assert GAS_MOTIVASI in text
    text = text.replace(GAS_MOTIVASI, "")
    text = text.replace("unit: langkah\n          baseline: 0\n          target: 3\n",
                        "unit: Rp\n          baseline: 0\n          target: 1500000\n")
    text = re.sub(r"(objective: langkah-usaha, date: [0-9-]+, value: )(\d)",
                  lambda m: m.group(1) + str(RUPIAH[int(m.group(2))]), text)
    text = text.replace("{goal: motivasi, score: 1,", "{goal: motivasi, score: 0,")
    out = reference.with_name("rupiah.yaml")
    out.write_text(text, encoding="utf-8")
    return out


def test_evaluate_in_indonesian(run, rupiah_case: Path) -> None:  # type: ignore[no-untyped-def]
    r = run("--lang", "id", "evaluate", rupiah_case)
    assert r.exit_code == 0, r.output
    assert "1.500.000" in r.output and "1,500,000" not in r.output
    assert "0,92" in r.output and "0.92" not in r.output
    assert "Skor-T GAS: 58,0 " in r.output and "ρ = 0,3" in r.output
    assert "sesuai harapan" in r.output  # the standard name of level 0, the goal has no texts
    assert "+0" not in r.output


def test_evaluate_in_english(run, rupiah_case: Path) -> None:  # type: ignore[no-untyped-def]
    r = run("evaluate", rupiah_case)
    assert r.exit_code == 0, r.output
    assert "1,500,000" in r.output and "0.92" in r.output and "GAS T-score: 58.0 " in r.output
    assert "the expected outcome" in r.output and "+0" not in r.output


def test_evaluate_json_keeps_raw_numbers(run, rupiah_case: Path) -> None:  # type: ignore[no-untyped-def]
    r = run("--lang", "id", "evaluate", rupiah_case, "--json")
    assert r.exit_code == 0, r.output
    ev = json.loads(r.stdout)["evaluation"]
    goal = next(g for g in ev["goals"] if g["id"] == "motivasi")
    assert goal["objectives"][0]["target"] == 1500000 and goal["score"] == 0
    assert goal["meaning"] is None  # only what the worker wrote; no words made up for scripts
    assert isinstance(ev["goals"][0]["objectives"][0]["nap"], float)


def _docx_text(path: Path) -> str:
    import docx

    doc = docx.Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.mark.parametrize(("lang", "big", "t", "nap", "level0"), [
    ("id", "1.500.000", "58,0", "0,92", "sesuai harapan"),
    ("en", "1,500,000", "58.0", "0.92", "the expected outcome"),
])
@pytest.mark.parametrize("fmt", ["html", "md", "docx"])
def test_report_figures(run, rupiah_case: Path, tmp_path: Path, fmt: str, lang: str, big: str, t: str, nap: str,  # type: ignore[no-untyped-def]
                        level0: str) -> None:
    out = tmp_path / f"r-{lang}.{fmt}"
    r = run("report", rupiah_case, "--format", fmt, "--lang", lang, "--output", out)
    assert r.exit_code == 0, r.output
    text = _docx_text(out) if fmt == "docx" else out.read_text(encoding="utf-8")
    if fmt == "html":
        text = re.sub(r"<svg\b.*?</svg>", "", text, flags=re.S)  # the figures of the tables, not of the charts
        text = re.sub(r"<[^>]+>", " ", text)
    other = "1,500,000" if lang == "id" else "1.500.000"
    assert big in text and other not in text
    assert t in text and nap in text and level0 in text
    assert not re.search(r"(?<![\w.,])\+0(?![\d.,])", text)  # a score of 0 is "0", never "+0"


def test_report_charts_in_the_readers_language(rupiah_case: Path) -> None:
    from intervensi.casefile import load_case
    from intervensi.report import collect

    data = collect(load_case(rupiah_case), lang="id")
    svg = data.charts["langkah-usaha"]
    assert "target 1.500.000" in svg and "kondisi awal 0" in svg and "A (kondisi awal)" in svg
    assert ">Rp<" in svg  # the unit on the value axis
    assert "NAP = 1,00" in svg


def test_t_score_same_digits_in_evaluate_and_report(run, reference: Path) -> None:  # type: ignore[no-untyped-def]
    shown = re.search(r"Skor-T GAS: (\S+)", run("--lang", "id", "evaluate", reference).output)
    report = re.sub(r"<[^>]+>", "", run("report", reference, "--lang", "id").stdout)
    in_report = re.search(r"Skor-T GAS: (\S+)", report)
    assert shown and in_report and shown.group(1) == in_report.group(1) == "62,0"


def test_care_plan_in_indonesian(run, rupiah_case: Path) -> None:  # type: ignore[no-untyped-def]
    r = run("report", rupiah_case, "--care-plan", "--lang", "id")
    assert r.exit_code == 0, r.output
    assert "1.500.000" in r.stdout and "1500000" not in r.stdout


def test_standard_level_names_in_both_languages() -> None:
    from intervensi.evaluation import level_name

    assert [level_name(s, "en") for s in (-2, 2)] == ["much less than expected", "much more than expected"]
    assert [level_name(s, "id") for s in (-2, 0, 2)] == ["jauh di bawah harapan", "sesuai harapan", "jauh di atas harapan"]
    assert level_name(None, "en") is None and level_name(3, "en") is None


def test_written_meaning_wins_over_the_standard_name(run, reference: Path) -> None:  # type: ignore[no-untyped-def]
    r = run("--lang", "id", "evaluate", reference)
    assert "Mencatat 5 minggu berturut-turut" in r.output and "sedikit di atas harapan" not in r.output


def test_days_at_most_one_decimal() -> None:
    assert [numfmt.days(v, "id") for v in (12, 12.5, 12.25, 1234.5, None)] == ["12", "12,5", "12,3", "1.234,5", "—"]


def test_the_rule_is_the_documented_one() -> None:
    from intervensi.casefile import load_case
    from intervensi.evaluation import evaluate

    root = Path(__file__).resolve().parents[1]
    text = (root / "docs" / "explanation" / "evaluation.md").read_text(encoding="utf-8")
    words = {0: "whole percent", 1: "1 decimal", 2: "2 decimals"}
    assert f"| GAS T-score | {words[numfmt.DIGITS['t_score'] or 0]} |" in text
    assert f"| NAP | {words[numfmt.DIGITS['nap'] or 0]} |" in text
    assert f"| progress and other percentages | {words[numfmt.DIGITS['percent'] or 0]} |" in text
    assert "Rounding is half up" in text and numfmt.round_half_up(0.925, 2) == Decimal("0.93")
    ev = evaluate(load_case(root / "cases" / "pkh-s-2025.yaml"))
    assert f"shows it as **{numfmt.t_score(ev.t_score, 'en')}** ({numfmt.t_score(ev.t_score, 'id')} in Indonesian)" in text.replace("\n", " ")


def test_anonymisation_summary_counts_in_the_readers_form() -> None:
    from intervensi.anonymize import summary

    assert "1.234 " in summary({"name": 1234}, "id") and "1,234 " in summary({"name": 1234}, "en")
