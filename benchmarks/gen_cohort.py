"""Generate a realistic synthetic cohort of case files, deterministic by seed.

    python benchmarks/gen_cohort.py OUT_DIR --n 10000 [--seed 1] [--errors 0.002]

Cases vary in size (a fresh intake of ~1 KB to a long family case of ~12 KB with
genogram, ecomap, 20+ sessions and measurements), level and practice, stage and worker;
a few files (``--errors``, a fraction) are broken on purpose: a YAML syntax error, an
unknown field, a missing required field, a dangling goal reference. Files are spread
over sub-folders of 1,000 (one per "kecamatan") like a district office's share.
Names are invented from syllables: no real person is in them. As in real files, names and
birth dates also appear inside free text (a session title, the referral source, a genogram
note), which the anonymiser must find.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

PRACTICES = [
    ("micro", "casework", "individual"),
    ("micro", "case_management", "family"),
    ("mezzo", "group_work", "group"),
    ("mezzo", "family_therapy", "family"),
    ("macro", "community_organization", "community"),
]
STAGES = ["engagement", "assessment", "planning", "intervention", "evaluation", "termination", "closed"]
SYL = ["ma", "ri", "na", "su", "ti", "wa", "de", "lo", "ka", "ra", "yu", "ni", "sa", "to", "bu", "di"]
WORKERS = [f"Pendamping {c}" for c in "ABCDEFGHIJKLMNOPQRST"]
KINDS = ["home_visit", "counselling", "training", "group_meeting", "phone", "advocacy"]


def _name(rng: random.Random) -> str:
    return " ".join("".join(rng.choice(SYL) for _ in range(rng.randint(2, 3))).capitalize() for _ in range(2))


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def case_text(i: int, rng: random.Random, base: dt.date) -> str:
    level, practice, kind = rng.choice(PRACTICES)
    stage_i = min(int(rng.expovariate(0.45)), len(STAGES) - 1)
    stage = STAGES[stage_i]
    opened = base - dt.timedelta(days=rng.randint(30, 700))
    cid = f"case-{i:07d}"
    name = _name(rng)
    first = name.split()[0]
    # A third of the clients have a birth date on file (the rest only an age at intake).
    born = dt.date(rng.randint(1950, 2005), rng.randint(1, 12), rng.randint(1, 28)) if rng.random() < 0.33 else None
    lines = [
        "# synthetic case for benchmarks",
        "schema_version: 1",
        f"id: {cid}",
        f"title: {_q('Pendampingan ' + name)}",
        f"level: {level}",
        f"practice: {practice}",
        f"opened: {opened.isoformat()}",
        f"stage: {stage}",
        "client:",
        f"  kind: {kind}",
        f"  name: {_q(name)}",
        f"  sex: {rng.choice(['female', 'male'])}",
        *([f"  born: {born.isoformat()}"] if born else [f"  age: {rng.randint(18, 70)}"]),
        f"  region: Kecamatan {rng.choice(SYL).upper()}{rng.randint(1, 40)}",
        "  programmes: [PKH]",
        f"  phone: '08{rng.randint(10**9, 10**10 - 1)}'",
        f"  address: {_q('Dusun ' + _name(rng))}",
    ]
    members: list[str] = []
    if kind in ("family", "group"):
        lines.append("  members:")
        for m in range(rng.randint(2, 6)):
            member = _name(rng)
            members.append(member)
            lines += [f"    - id: m{m}", f"      name: {_q(member)}", f"      born: {rng.randint(1960, 2020)}"]
    lines += ["worker:", f"  name: {rng.choice(WORKERS)}", "  role: pendamping PKH"]
    day = opened
    hist = [(day, None, "engagement")]
    for s_i in range(1, stage_i + 1):
        day = day + dt.timedelta(days=rng.randint(2, 60))
        hist.append((day, STAGES[s_i - 1], STAGES[s_i]))
    start = opened + dt.timedelta(days=rng.randint(1, 10))
    if stage_i >= 1 or rng.random() < 0.5:
        lines += [
            "engagement:",
            f"  first_contact: {opened.isoformat()}",
            "  contact_kind: home_visit",
            # Names written inside free text, as workers do: the anonymiser must find them.
            f"  presenting_problem: {_q(f'Ibu {first} kesulitan ekonomi; pengeluaran tidak tercatat.')}",
            f"  referral_source: {_q(('Sekolah tempat ' + members[0].split()[0] + ' belajar') if members else 'Pendamping PKH')}",
            "  contract:",
            "    focus:",
            "      - Pengelolaan keuangan rumah tangga",
            "    frequency: kunjungan rumah mingguan",
            f"    start: {start.isoformat()}",
            f"    end: {(start + dt.timedelta(days=rng.randint(40, 120))).isoformat()}",
            f"    review: {(start + dt.timedelta(days=rng.randint(20, 60))).isoformat()}",
        ]
    n_needs = rng.randint(1, 4)
    if stage_i >= 1:
        lines += ["assessment:", f"  date: {(opened + dt.timedelta(days=5)).isoformat()}", "  needs:"]
        for n in range(n_needs):
            lines += [f"    - id: n{n}", f"      text: Kebutuhan nomor {n} (ekonomi)", "      area: economic"]
        lines += ["  strengths:", "    - text: Motivasi tinggi untuk berubah", "      kind: personal"]
        if level != "macro":
            lines += ["  genogram:", "    people:", f"      - {{id: p0, name: {_q(name)}, sex: female, born: {born.year if born else rng.randint(1960, 2000)}, index: true}}"]
            for p in range(1, rng.randint(2, 8)):
                lines.append(f"      - {{id: p{p}, name: {_q(_name(rng))}, sex: {rng.choice(['female', 'male'])}, born: {rng.randint(1940, 2020)}}}")
            if born:  # a child born on a known day, the date also in a note
                lines.append(f"      - {{id: px, name: {_q('Anak ' + first)}, sex: female, born: {(born + dt.timedelta(days=7000)).isoformat()}, note: {_q('lahir ' + (born + dt.timedelta(days=7000)).isoformat())}}}")
            lines += ["  ecomap:", "    systems:"]
            for k in range(rng.randint(1, 6)):
                lines.append(f"      - {{id: s{k}, kind: {rng.choice(['school', 'health', 'welfare', 'friends'])}, name: {_q(f'Sistem {k} {first}')}, connection: {rng.choice(['strong', 'tenuous', 'stressful'])}}}")
    n_goals = rng.randint(1, 3)
    if stage_i >= 2:
        lines += ["planning:", "  goals:"]
        for g in range(n_goals):
            lines += [
                f"    - id: g{g}",
                f"      text: Tujuan {g}",
                f"      needs: [n{g % n_needs}]",
                "      objectives:",
                f"        - id: o{g}",
                "          indicator: Minggu pencatatan kas berturut-turut",
                "          baseline: 0",
                f"          target: {rng.randint(3, 8)}",
                f"          due: {(start + dt.timedelta(days=rng.randint(30, 150))).isoformat()}",
            ]
    if stage_i >= 3:
        lines += ["intervention:", "  sessions:"]
        d = start
        for _s in range(rng.randint(1, 24)):
            d = d + dt.timedelta(days=rng.randint(3, 14))
            lines += [
                f"    - date: {d.isoformat()}",
                f"      kind: {rng.choice(KINDS)}",
                f"      goals: [g{rng.randrange(n_goals)}]",
                "      activities: [Review buku kas, Motivasi]",
                f"      title: {_q('Kunjungan ke rumah ' + rng.choice([name, first.upper(), *members]))}",
                f"      notes: {_q('Catatan sesi ' + _name(rng))}",
            ]
    if stage_i >= 4:
        lines += ["evaluation:", "  measurements:"]
        for g in range(n_goals):
            for w in range(rng.randint(1, 5)):
                lines.append(f"    - {{objective: o{g}, date: {(start + dt.timedelta(days=7 * (w + 1))).isoformat()}, value: {w + 1}}}")
    if stage_i >= 5:
        lines += ["termination:", f"  date: {day.isoformat()}", "  kind: planned", "  summary: Tujuan tercapai."]
    lines.append("history:")
    for at, frm, to in hist:
        kind_t = "close" if to == "closed" else "forward"
        lines.append(f'  - {{at: "{at.isoformat()}T10:00:00+07:00", from: {frm or "null"}, to: {to}, kind: {kind_t}, by: {_q(rng.choice(WORKERS))}}}')
    return "\n".join(lines) + "\n"


def break_text(text: str, rng: random.Random) -> str:
    how = rng.randrange(4)
    if how == 0:
        return text.replace("level:", "level: [unclosed", 1)
    if how == 1:
        return text.replace("stage:", "stgae:", 1)
    if how == 2:
        return text.replace("practice:", "# practice:", 1)
    return text.replace("history:", "planning:\n  goals:\n    - {id: gx, text: x, needs: [nowhere]}\nhistory:", 1) if "planning:" not in text else text.replace("needs: [n0]", "needs: [nowhere]", 1)


def generate(out: Path, n: int, seed: int = 1, errors: float = 0.002, per_dir: int = 1000) -> int:
    """Write ``n`` case files under ``out``; returns how many were broken on purpose."""
    rng = random.Random(seed)
    base = dt.date(2026, 6, 1)
    broken = 0
    out.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        sub = out / f"kec-{i // per_dir:03d}"
        if i % per_dir == 0:
            sub.mkdir(exist_ok=True)
        text = case_text(i, rng, base)
        if rng.random() < errors:
            text = break_text(text, rng)
            broken += 1
        (sub / f"case-{i:07d}.yaml").write_text(text, encoding="utf-8")
    return broken


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--errors", type=float, default=0.002)
    args = ap.parse_args()
    broken = generate(args.out, args.n, args.seed, args.errors)
    print(f"{args.n} cases in {args.out} ({broken} broken on purpose)")


if __name__ == "__main__":
    main()
