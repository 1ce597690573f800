"""The leak suite (issue 11): generated cases with names, spellings, identifiers, places and
cross-case mentions planted in every free-text field; every anonymised output format is
scanned, as a careful reviewer would, and must hold none of them.

Formats: export csv, jsonl and xlsx of every table (anonymised and researcher), the report
in HTML, Markdown (with its base64 SVG pictures decoded), DOCX (every XML part, and the
PNG pictures' text chunks), PDF (text and metadata) and the care plan. Scans fold case,
diacritics and apostrophes, so a name written another way still counts as a leak.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import random
import re
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import pytest

from intervensi.anon_text import fold
from intervensi.report.pdf import find_chromium

SYL = ["ra", "du", "mi", "so", "ke", "lan", "tri", "wa", "ju", "pe", "no", "ha", "ti", "ba", "ge", "ru", "sa", "ko"]
PLACES = [("health", "Puskesmas {x}"), ("school", "SDN 3 {x}"), ("religion", "Masjid Al-{x}"), ("welfare", "Kantor Desa {x}")]
MONTHS_ID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"]


def _word(rng: random.Random, n: int = 3) -> str:
    return "".join(rng.choice(SYL) for _ in range(n)).capitalize()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]


class Planted:
    """One generated case: its file data, and the secrets that must not come out."""

    def __init__(self, i: int, rng: random.Random) -> None:
        self.i = i
        first, last = _word(rng), _word(rng)
        # Every few cases a spelling that tools get wrong: an apostrophe, a diacritic, an emoji.
        if i % 3 == 0:
            first = first[:3] + "'" + first[3:].lower()
        elif i % 3 == 1:
            first = first[:-1] + "é"
        self.first, self.last = first, last
        self.client = f"{first} {last}"
        self.emoji_name = f"{_word(rng)}🌸"
        self.members = [f"{_word(rng)} {last}", self.emoji_name]
        self.parent = f"{_word(rng)} {_word(rng)}"
        self.place_word = _word(rng, 4)
        self.third = f"{_word(rng)} {_word(rng)}"  # in the --also-remove list
        self.unknown = _word(rng)  # only ever written after "Bu"
        self.phone = f"0812{rng.randrange(10**7, 10**8)}"
        self.nik = "".join(str(rng.randrange(10)) for _ in range(16))
        self.street = _word(rng)
        self.born = dt.date(rng.randrange(1960, 2000), rng.randrange(1, 13), rng.randrange(1, 29))
        self.other: Planted | None = None

    # -- what a reviewer would look for ---------------------------------------------

    def secrets(self) -> list[str]:
        words = [self.first, self.last, self.client, self.parent, *self.parent.split(), self.emoji_name.rstrip("🌸"),
                 *(m.split()[0] for m in self.members), self.place_word, *self.third.split(), self.unknown, self.street]
        ids = [_slug(n) for n in (self.client, self.parent, *self.members)] + [f"sys-{_slug(self.place_word)}"]
        return [*words, *[i for i in ids if len(i) > 4], *self.date_forms()]

    def digits(self) -> list[str]:
        return [self.phone[1:], self.nik]

    def date_forms(self) -> list[str]:
        b = self.born
        return [b.isoformat(), f"{b.day:02d}/{b.month:02d}/{b.year}", f"{b.day} {MONTHS_ID[b.month - 1]} {b.year}"]

    # -- the file --------------------------------------------------------------------

    def mentions(self, rng: random.Random) -> list[str]:
        """Every way this case's text names someone or something identifying."""
        first_curly = self.first.replace("'", "’")
        first_plain = self.first.replace("'", "")
        nfd = unicodedata.normalize("NFD", self.first)
        other = self.other
        b = self.born
        return [
            f"Bu {first_curly}", first_plain.upper(), f"{self.first}nya", f"{self.client}'s", f"Ibu {self.last}",
            nfd, self.last.lower(), f"Pak {self.parent.split()[0]}", f"adik {self.members[0].split()[0]}",
            f"{self.emoji_name} datang", f"Kak {self.members[0]}",
            f"kenal {other.client} dan {other.first.replace(chr(39), '')}" if other else "",
            f"Pak {self.third}", f"tetangga Bu {self.unknown}", f"dirujuk ke Puskesmas {self.place_word}",
            f"HP {self.phone[:4]}-{self.phone[4:8]}-{self.phone[8:]}", f"+62 {self.phone[1:4]} {self.phone[4:8]} {self.phone[8:]}",
            f"NIK {self.nik[:4]} {self.nik[4:8]} {self.nik[8:12]} {self.nik[12:]}", f"KK {self.nik[:6]}.{self.nik[6:12]}.{self.nik[12:]}",
            f"tinggal di Jl. {self.street} No. {rng.randrange(1, 90)} RT 03/RW 02", f"Jalan {self.street} Raya",
            f"lahir {b.day} {MONTHS_ID[b.month - 1]} {b.year}", f"tgl lahir {b.day:02d}/{b.month:02d}/{b.year}",
        ]

    def data(self, rng: random.Random) -> dict[str, Any]:
        pool = [m for m in self.mentions(rng) if m]
        k = iter(range(10**6))

        def text(prefix: str = "Catatan") -> str:
            n = next(k)
            return f"{prefix} {pool[n % len(pool)]}; juga {pool[(n * 7 + 3) % len(pool)]}."

        pid = {n: _slug(n) for n in (self.client, self.parent, *self.members)}
        systems = [
            {"id": f"sys-{_slug(self.place_word)}" if j == 0 else f"sys{j}", "kind": kind, "name": name.format(x=self.place_word),
             "connection": "strong", "note": text()}
            for j, (kind, name) in enumerate(PLACES)
        ]
        return {
            "schema_version": 1, "id": f"leak-{self.i}", "title": text("Pendampingan"), "level": "micro", "practice": "casework",
            "opened": "2026-01-05", "stage": "termination", "tags": [text("tag")],
            "client": {
                "kind": "individual", "name": self.client, "sex": "female", "born": self.born.isoformat(),
                "address": f"Jl. {self.street} No. 5", "phone": self.phone, "id_number": self.nik,
                "region": "Desa Sukamulya, Kecamatan Cibatu, Kabupaten Garut", "programmes": ["PKH"], "description": text(),
                "members": [{"id": pid[m], "name": m, "sex": "male", "born": 2010} for m in self.members],
            },
            "worker": {"name": "Pekerja Uji", "role": "pekerja sosial"},
            "engagement": {
                "first_contact": "2026-01-05", "referral_source": text("Dirujuk oleh"), "presenting_problem": text(),
                "client_words": text(), "approach": text(), "observations": [text(), text()],
                "contract": {"focus": [text()], "roles": [{"party": text(""), "role": text()}], "frequency": text(),
                             "length": "8 minggu", "agreed": "2026-01-06", "start": "2026-01-07", "end": "2026-03-01", "notes": text()},
            },
            "assessment": {
                "date": "2026-01-10", "tools": [text()], "summary": text(),
                "needs": [{"id": "n1", "text": text(), "area": "economic"}],
                "strengths": [{"text": text(), "kind": "personal"}], "risks": [{"text": text(), "level": "low", "plan": text()}],
                "genogram": {
                    "people": [
                        {"id": pid[self.client], "name": self.client, "sex": "female", "index": True, "born": self.born.isoformat(),
                         "occupation": text(), "note": text(), "household": f"rumah-{_slug(self.last)}"},
                        {"id": pid[self.parent], "name": self.parent, "sex": "male", "born": 1950, "note": text()},
                        *({"id": pid[m], "name": m, "sex": "male", "born": 2010, "household": f"rumah-{_slug(self.last)}"} for m in self.members),
                    ],
                    "unions": [{"id": f"u-{_slug(self.client)}", "partners": [pid[self.client], pid[self.parent]], "note": text()}],
                    "children": [{"child": pid[self.members[0]], "union": f"u-{_slug(self.client)}"}],
                    "relationships": [{"a": pid[self.client], "b": pid[self.members[1]], "kind": "close", "note": text()}],
                },
                "ecomap": {"household": text("Rumah"), "systems": systems},
            },
            "planning": {
                "date": "2026-01-12", "schedule": text(), "notes": text(),
                "goals": [{
                    "id": "g1", "text": text(), "needs": ["n1"], "weight": 2,
                    "objectives": [{"id": "o1", "indicator": text(), "unit": "kali", "baseline": 0, "target": 4, "due": "2026-02-28", "note": text()}],
                    "activities": [{"text": text(), "who": text(""), "when": text()}],
                    "gas": {"-2": text(), "-1": text(), "0": text(), "+1": text(), "+2": text()},
                }],
            },
            "intervention": {
                "notes": text(),
                "sessions": [
                    {"date": f"2026-01-{d:02d}", "kind": "home_visit", "title": text("Kunjungan"), "goals": ["g1"],
                     "activities": [text()], "notes": text(), "by": "Pekerja Uji"} for d in (14, 21, 28)
                ],
            },
            "evaluation": {
                "date": "2026-03-01", "summary": text(), "changed": [text()], "unchanged": [text()],
                "measurements": [{"objective": "o1", "date": f"2026-0{m}-01", "value": v, "note": text()} for m, v in ((1, 0), (2, 2), (3, 4))],
                "attainment": [{"goal": "g1", "score": 1, "date": "2026-03-01", "note": text()}],
            },
            "termination": {"date": "2026-03-05", "kind": "planned", "summary": text(), "follow_up": text(), "sustainability": [text()],
                            "referrals": [{"to": text("Rujuk ke"), "reason": text()}]},
            "history": [
                {"at": "2026-01-06T09:00:00+07:00", "from": "engagement", "to": "assessment", "by": "Pekerja Uji", "reason": text()},
                {"at": "2026-01-11T02:00:00+00:00", "from": "assessment", "to": "planning", "by": "Pekerja Uji", "reason": text()},
                {"at": "2026-01-13T09:00:00+07:00", "from": "planning", "to": "intervention", "by": "Pekerja Uji", "reason": text()},
                {"at": "2026-03-01T09:00:00+07:00", "from": "intervention", "to": "evaluation", "by": "Pekerja Uji", "reason": text()},
                {"at": "2026-03-05T09:00:00+07:00", "from": "evaluation", "to": "termination", "by": "Pekerja Uji", "reason": text(), "forced": True},
            ],
        }


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Planted], Path]:
    rng = random.Random(1111)
    folder = tmp_path_factory.mktemp("leaks") / "cases"
    folder.mkdir()
    cases = [Planted(i, rng) for i in range(4)]
    for i, c in enumerate(cases):
        c.other = cases[(i + 1) % len(cases)]  # each case names the next case's client
    for c in cases:
        (folder / f"leak-{c.i}.yaml").write_text(json.dumps(c.data(rng), ensure_ascii=False, indent=1), "utf-8")
    also = folder.parent / "also-remove.txt"
    also.write_text("# third parties\n" + "\n".join(c.third for c in cases) + "\n", "utf-8")
    return folder, cases, also


def _folded(text: str) -> str:
    return fold(unicodedata.normalize("NFC", text))[0]


def leaks(text: str, cases: list[Planted]) -> list[str]:
    folded = _folded(text)
    digits = re.sub(r"\D", "", text)
    found = []
    for c in cases:
        for s in c.secrets():
            f = _folded(s)
            if f and re.search(rf"(?<![^\W_]){re.escape(f)}(?![^\W_])", folded):
                found.append(s)
        found += [d for d in c.digits() if d in digits]
    return found


def test_the_files_are_valid_and_hold_every_kind(planted: tuple[Path, list[Planted], Path], run) -> None:
    folder, cases, _ = planted
    res = run("check", folder)
    assert res.exit_code == 0, res.output
    text = "\n".join(p.read_text("utf-8") for p in folder.glob("*.yaml"))
    # The suite must have something to find: every secret is written in the source files.
    assert all(leaks(p.read_text("utf-8"), [c]) for p, c in zip(sorted(folder.glob("*.yaml")), cases, strict=True))
    assert "’" in text and "🌸" in text and "Puskesmas" in text and "RT 03/RW 02" in text


@pytest.mark.parametrize("research", [False, True], ids=["anonymised", "research"])
@pytest.mark.parametrize("fmt", ["csv", "jsonl", "xlsx"])
def test_exports_leak_nothing(planted: tuple[Path, list[Planted], Path], run, tmp_path: Path, fmt: str, research: bool) -> None:
    folder, cases, also = planted
    for table in ("cases", "sessions", "goals", "measurements", "history"):
        out = tmp_path / f"{table}.{fmt}"
        res = run("export", folder, "-t", table, "-f", fmt, "-o", out, "--anonymize", "--also-remove", also, *(["--research"] if research else []))
        assert res.exit_code == 0, res.output
        if fmt == "xlsx":
            import openpyxl

            wb = openpyxl.load_workbook(out)
            cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
            assert not [c for c in cells if c.data_type == "f"]
            text = "\n".join(str(c.value) for c in cells if c.value is not None)
            with zipfile.ZipFile(out) as z:  # every part, document properties included
                text += "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
        else:
            text = out.read_text("utf-8")
        assert not leaks(text, cases), (table, fmt, leaks(text, cases))
        assert not leaks(res.output, cases)


def _docx_text(data: bytes) -> str:
    parts = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            raw = z.read(name)
            # XML parts as text; pictures (PNG) through their text chunks (tEXt, iTXt) if any.
            parts.append(raw.decode("utf-8", "replace") if not name.endswith(".png") else raw.decode("latin-1"))
    return "\n".join(parts)


def _md_text(md: str) -> str:
    pictures = [base64.b64decode(b).decode("utf-8", "replace") for b in re.findall(r"base64,([A-Za-z0-9+/=]+)", md)]
    return md + "\n".join(pictures)


@pytest.mark.parametrize("which", [0, 1, 2, 3])
def test_reports_leak_nothing(planted: tuple[Path, list[Planted], Path], run, tmp_path: Path, which: int) -> None:
    folder, cases, also = planted
    case = folder / f"leak-{which}.yaml"
    outputs: dict[str, str] = {}
    for fmt in ("html", "md", "docx"):
        out = tmp_path / f"r.{fmt}"
        res = run("report", case, "--anonymize", "--also-remove", also, "-f", fmt, "-o", out)
        assert res.exit_code == 0, res.output
        data = out.read_bytes()
        outputs[fmt] = _docx_text(data) if fmt == "docx" else _md_text(data.decode()) if fmt == "md" else data.decode()
    res = run("report", case, "--anonymize", "--also-remove", also, "--care-plan")
    outputs["care-plan"] = res.stdout
    if which == 0 and find_chromium():
        pypdf = pytest.importorskip("pypdf")
        out = tmp_path / "r.pdf"
        res = run("report", case, "--anonymize", "--also-remove", also, "-f", "pdf", "-o", out)
        assert res.exit_code == 0, res.output
        reader = pypdf.PdfReader(out)
        outputs["pdf"] = "\n".join(p.extract_text() for p in reader.pages) + str(reader.metadata)
    for fmt, text in outputs.items():
        assert not leaks(text, cases), (fmt, leaks(text, cases))
    # The summary says what was removed, by kind.
    res = run("report", case, "--anonymize", "--also-remove", also, "-o", tmp_path / "x.html", "--json")
    removed = json.loads(res.stdout)["removed"]
    for kind in ("name", "other_case", "also_remove", "unknown_name", "place", "phone", "id_number", "address", "birth_date", "id"):
        assert removed.get(kind, 0) > 0, (kind, removed)


def test_the_scan_finds_what_it_looks_for(planted: tuple[Path, list[Planted], Path], run) -> None:
    """Without --anonymize the same scan flags the report: the suite can fail."""
    folder, cases, _ = planted
    res = run("report", folder / "leak-0.yaml", "-f", "md")
    found = leaks(_md_text(res.stdout), cases)
    assert cases[0].client in found and cases[0].phone[1:] in found
