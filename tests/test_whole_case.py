"""The whole case by command (issue 12): seed 001 and a KUBE group entered with commands only.

The reference case (``cases/pkh-s-2025.yaml``, seed 001) is entered from ``new-case`` to
closed, in Indonesian, without touching the YAML; the resulting case must hold every fact
of the bundled file, field by field (only the history's timestamps and the record of the
commands themselves differ).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import yaml

from conftest import REFERENCE
from intervensi.casefile import load_case

G = ["--lang", "id"]


def ok(result: Any) -> Any:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def _seed_commands(path: str) -> list[list[str]]:
    """Every fact of the reference case, by command."""
    ref = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    cmds: list[list[str]] = []
    c = ref["client"]
    cmds.append(["client", "change", path, "--initials", c["initials"], "--sex", c["sex"], "--age", str(c["age"]), "--region", c["region"],
                 "--description", c["description"], *[x for p in c["programmes"] for x in ("--programme", p)]])
    cmds.append(["worker", "change", path, "--role", ref["worker"]["role"]])
    cmds.append(["agency", "change", path, "--address", ref["agency"]["address"]])
    e = ref["engagement"]
    cmds.append(["engagement", "change", path, "--first-contact", str(e["first_contact"]), "--contact-kind", e["contact_kind"],
                 "--referral-source", e["referral_source"], "--problem", e["presenting_problem"], "--approach", e["approach"],
                 *[x for o in e["observations"] for x in ("--observation", o)]])
    k = e["contract"]
    cmds.append(["contract", path, "--frequency", k["frequency"], "--length", k["length"], "--sessions", str(k["sessions_planned"]),
                 "--agreed", str(k["agreed"]), "--start", str(k["start"]), "--end", str(k["end"])])
    cmds += [["focus", "add", path, f] for f in k["focus"]]
    cmds += [["role", "add", path, r["party"], r["role"]] for r in k["roles"]]
    cmds.append(["advance", path])
    a = ref["assessment"]
    cmds.append(["assessment", "change", path, "--date", str(a["date"]), *[x for t in a["tools"] for x in ("--tool", t)],
                 "--summary", a["summary"], "--ecomap-centre", a["ecomap"]["household"]])
    cmds += [["need", "add", path, n["text"], "--id", n["id"], "--area", n["area"]] for n in a["needs"]]
    cmds += [["strength", "add", path, s["text"], "--id", s["id"], "--kind", s["kind"]] for s in a["strengths"]]
    cmds += [["risk", "add", path, r["text"], "--level", r["level"]] for r in a["risks"]]
    for p in a["genogram"]["people"]:
        cmd = ["person", "add", path, "--id", p["id"], "--name", p["name"], "--sex", p["sex"], "--household", p["household"]]
        cmd += ["--born", str(p["born"])] if "born" in p else []
        cmd += ["--index"] if p.get("index") else []
        cmd += ["--occupation", p["occupation"]] if "occupation" in p else []
        cmd += ["--note", p["note"]] if "note" in p else []
        cmds.append(cmd)
    cmds += [["child", "add", path, ch["child"], "--parent", ch["parent"]] for ch in a["genogram"]["children"]]
    for s in a["ecomap"]["systems"]:
        cmd = ["system", "add", path, s["name"], "--id", s["id"], "--kind", s["kind"], "--connection", s["connection"]]
        cmd += ["--flow", s["flow"]] if "flow" in s else []
        cmd += ["--note", s["note"]] if "note" in s else []
        cmds.append(cmd)
    cmds.append(["advance", path])
    pl = ref["planning"]
    cmds.append(["planning", "change", path, "--date", str(pl["date"]), "--schedule", pl["schedule"]])
    for g in pl["goals"]:
        cmds.append(["goal", "add", path, g["text"], "--id", g["id"], *[x for n in g["needs"] for x in ("--need", n)],
                     "--weight", str(g["weight"]), *[x for lvl, txt in g["gas"].items() for x in ("--gas", f"{lvl}={txt}")]])
        for o in g["objectives"]:
            cmds.append(["objective", "add", path, g["id"], "--id", o["id"], "--indicator", o["indicator"], "--unit", o["unit"],
                         "--baseline", str(o["baseline"]), "--target", str(o["target"]), "--due", str(o["due"])])
        cmds += [["activity", "add", path, g["id"], x["text"], "--who", x["who"], "--when", x["when"]] for x in g["activities"]]
    cmds.append(["advance", path])
    for s in ref["intervention"]["sessions"]:
        cmd = ["session", "add", path, "--date", str(s["date"]), "--kind", s["kind"], "--title", s["title"]]
        cmd += [x for g in s["goals"] for x in ("--goal", g)] + [x for t in s["activities"] for x in ("--activity", t)]
        cmd += ["--note", s["notes"]] if "notes" in s else []
        cmds.append(cmd)
    cmds.append(["advance", path])
    ev = ref["evaluation"]
    cmds.append(["evaluation", "change", path, "--date", str(ev["date"]), *[x for t in ev["changed"] for x in ("--changed", t)],
                 *[x for t in ev["unchanged"] for x in ("--unchanged", t)], "--summary", ev["summary"]])
    for m in ev["measurements"]:
        cmds.append(["measurement", "add", path, m["objective"], str(m["value"]), "--date", str(m["date"]), *(["--note", m["note"]] if "note" in m else [])])
    cmds += [["score", "add", path, s["goal"], str(s["score"]), "--date", str(s["date"])] for s in ev["attainment"]]
    cmds.append(["advance", path])
    t = ref["termination"]
    cmds.append(["terminate", path, "--kind", t["kind"], "--summary", t["summary"], "--date", str(t["date"]), "--follow-up", t["follow_up"],
                 *[x for s in t["sustainability"] for x in ("--sustain", s)],
                 *[x for r in t["referrals"] for x in ("--refer", f"{r['to']}={r['reason']}")]])
    return cmds


def test_seed_001_entered_by_commands_holds_every_fact(run: Any, tmp_path: Path) -> None:
    ref = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    ok(run(*G, "new-case", "pkh-s-2025", "--practice", "casework", "--client", "S", "--title", ref["title"], "--worker", ref["worker"]["name"],
           "--agency", ref["agency"]["name"], "--opened", str(ref["opened"]), "--dir", str(tmp_path)))
    path = str(tmp_path / "pkh-s-2025.yaml")
    for cmd in _seed_commands(path):
        result = run(*G, *cmd)
        assert result.exit_code == 0, (cmd, result.stderr)
    built = load_case(Path(path))
    bundled = load_case(REFERENCE)
    assert built.stage.value == "closed"
    mine = built.model_dump(mode="json", exclude={"history", "amendments"})
    theirs = bundled.model_dump(mode="json", exclude={"history", "amendments"})
    # the template writes ``monitoring: {enabled: false}``: the same fact as no monitoring
    assert mine.pop("monitoring") == {"enabled": False, "checks": [], "plan": None} and theirs.pop("monitoring") is None
    assert set(mine) == set(theirs)
    for section in theirs:
        assert mine[section] == theirs[section], section
    # the stage history: the same moves, each once, none forced
    moves = [(h.from_, h.to, h.kind, h.forced) for h in built.history]
    assert moves == [(h.from_, h.to, h.kind, h.forced) for h in bundled.history]
    assert built.amendments == []  # nothing was corrected


def test_seed_001_messages_are_indonesian(run: Any, tmp_path: Path) -> None:
    ok(run("new-case", "c1", "--practice", "casework", "--client", "S", "--dir", str(tmp_path)))
    res = ok(run(*G, "client", "change", str(tmp_path / "c1.yaml"), "--age", "32", "--programme", "PKH"))
    assert "dicatat" in res.stderr
    res = run(*G, "client", "change", str(tmp_path / "c1.yaml"), "--age", "200")
    assert res.exit_code != 0 and "client.age" in res.stderr


# --------------------------------------------------------------------------- a KUBE group


def test_kube_group_members_attendance_and_a_member_who_leaves(run: Any, tmp_path: Path) -> None:
    ok(run(*G, "new-case", "kube-2025", "--practice", "group_work", "--client", "KUBE Melati", "--opened", "2025-07-07", "--dir", str(tmp_path)))
    path = str(tmp_path / "kube-2025.yaml")
    for i, (name, role) in enumerate([("Ibu A.", "ketua"), ("Ibu B.", "sekretaris"), ("Ibu C.", "bendahara"), ("Ibu D.", "anggota")], 1):
        out = json.loads(ok(run(*G, "member", "add", path, name, "--id", f"m0{i}", "--role", role, "--sex", "female", "--joined", "2025-07-07", "--json")).stdout)
        assert out["id"] == f"m0{i}"
    ok(run(*G, "member", "change", path, "m04", "--role", "anggota baru"))
    ok(run(*G, "focus", "add", path, "Menghidupkan kembali tabungan kelompok"))
    ok(run(*G, "contract", path, "--start", "2025-07-21"))
    ok(run(*G, "advance", path))
    ok(run(*G, "need", "add", path, "Tabungan kelompok macet", "--id", "tabungan"))
    ok(run(*G, "strength", "add", path, "Semua anggota ingin usaha bersama"))
    ok(run(*G, "advance", path))
    ok(run(*G, "goal", "add", path, "Tabungan kelompok berjalan", "--id", "g1", "--need", "tabungan", "--indicator", "anggota menabung",
           "--baseline", "0", "--target", "4", "--due", "2025-10-31"))
    ok(run(*G, "advance", path))
    ok(run(*G, "session", "add", path, "--date", "2025-07-21", "--kind", "group_meeting", "--attended", "m01", "--attended", "m02",
           "--attended", "m03", "--attended", "m04", "--goal", "g1"))
    ok(run(*G, "add-session", path, "--date", "2025-08-04", "--kind", "group_meeting", "--attended", "m01", "--attended", "m03"))
    ok(run(*G, "member", "change", path, "m04", "--left", "2025-08-15", "--reason", "pindah desa"))
    case = load_case(Path(path))
    assert [m.id for m in case.client.members] == ["m01", "m02", "m03", "m04"]
    assert case.client.members[3].left == dt.date(2025, 8, 15)
    assert case.sessions[0].attendance == ["m01", "m02", "m03", "m04"]
    assert case.sessions[1].attendance == ["m01", "m03"]
    # attendance names only members: an unknown one is refused, the file unchanged
    before = Path(path).read_bytes()
    res = run("session", "add", path, "--date", "2025-08-18", "--kind", "group_meeting", "--attended", "m99")
    assert res.exit_code != 0 and "attendance" in res.stderr
    assert Path(path).read_bytes() == before
    # correct who was there at the second meeting
    ok(run("session", "change", path, "2", "--attended", "m01", "--attended", "m02", "--attended", "m03"))
    assert load_case(Path(path)).sessions[1].attendance == ["m01", "m02", "m03"]
    listed = json.loads(ok(run("member", "list", path, "--json")).stdout)
    assert [m["number"] for m in listed["items"]] == [1, 2, 3, 4] and listed["items"][3]["left"] == "2025-08-15"
    # a member with attendance cannot simply vanish: --cascade also takes them off the sessions
    res = run("member", "remove", path, "m02")
    assert res.exit_code != 0 and "cascade" in res.stderr
    assert Path(path).read_bytes() != before  # (the session change above was written)
    ok(run("member", "remove", path, "m02", "--cascade", "--reason", "entered by mistake"))
    case = load_case(Path(path))
    assert "m02" not in [m.id for m in case.client.members]
    assert all("m02" not in (s.attendance or []) for s in case.sessions)
    assert case.amendments[-1].action == "remove" and case.amendments[-1].item == "client.members[m02]"


# --------------------------------------------------------------------------- the command line's shape


NOUNS = {
    "member": {"add", "change", "remove", "list"}, "focus": {"add", "change", "remove", "list"}, "role": {"add", "change", "remove", "list"},
    "need": {"add", "change", "remove", "list"}, "strength": {"add", "change", "remove", "list"}, "risk": {"add", "change", "remove", "list"},
    "goal": {"add", "change", "remove", "list"}, "objective": {"add", "change", "remove", "list"}, "activity": {"add", "change", "remove", "list"},
    "session": {"add", "change", "remove", "list"}, "measurement": {"add", "change", "remove", "list"}, "score": {"add", "change", "remove", "list"},
    "monitoring-check": {"add", "change", "remove", "list"}, "referral": {"add", "change", "remove", "list"},
    "person": {"add", "change", "remove", "list"}, "union": {"add", "change", "remove", "list"}, "system": {"add", "change", "remove", "list"},
    "child": {"add", "remove", "list"}, "relationship": {"add", "remove", "list"},
    "client": {"change", "show"}, "engagement": {"change", "show"}, "assessment": {"change", "show"}, "planning": {"change", "show"},
    "intervention": {"change", "show"}, "evaluation": {"change", "show"}, "worker": {"change"}, "agency": {"change"},
}


def test_every_noun_has_the_same_verbs() -> None:
    from typer.main import get_command

    from intervensi.cli import app

    root = get_command(app)
    for name, verbs in NOUNS.items():
        group = root.commands[name]  # type: ignore[attr-defined]
        assert set(group.commands) == verbs, name
        assert group.list_commands(None) and hasattr(group, "get_command"), name
        assert not group.hidden


def test_older_names_are_hidden_aliases_that_still_work(run: Any, tmp_path: Path) -> None:
    from typer.main import get_command

    from intervensi.cli import ALIASES, app

    root = get_command(app)
    top = ok(run("--help")).stdout
    for old, new in ALIASES.items():
        assert root.commands[old].hidden, old  # type: ignore[attr-defined]
        assert f" {old} " not in top
        noun, verb = new.split()
        assert verb in root.commands[noun].commands  # type: ignore[attr-defined]
    for kept in ("new-case", "advance", "genogram", "ecomap", "contract", "terminate", "reopen", "show", "history", "summary", "monitoring"):
        assert f"  {kept} " in top, kept
    ok(run("new-case", "c1", "--practice", "casework", "--client", "S", "--dir", str(tmp_path)))
    path = str(tmp_path / "c1.yaml")
    ok(run("add-person", path, "--id", "s", "--name", "S", "--sex", "female", "--index"))
    ok(run("add-system", path, "PKH", "--id", "pkh", "--kind", "welfare", "--connection", "strong"))
    ok(run("change-system", path, "pkh", "--connection", "moderate"))
    ok(run("add-need", path, "No bookkeeping", "--id", "n1"))
    ok(run("add-strength", path, "Neighbours"))
    ok(run("add-risk", path, "Debt"))
    ok(run("add-goal", path, "Money", "--need", "n1", "--indicator", "weeks", "--baseline", "0", "--target", "5", "--due", "2026-05-01"))
    ok(run("add-objective", path, "g1", "--indicator", "savings", "--baseline", "0", "--target", "2", "--due", "2026-05-01"))
    ok(run("add-activity", path, "g1", "Training"))
    ok(run("add-session", path, "--date", "2026-03-10", "--goal", "g1"))
    ok(run("add-measurement", path, "g1-o1", "-1", "--date", "2026-03-10"))
    ok(run("score-goal", path, "g1", "-1"))
    ok(run("monitoring", path, "--enable"))
    ok(run("add-check", path, "Holding", "--holding"))
    case = load_case(Path(path))
    assert (len(case.needs), len(case.goals[0].objectives), len(case.sessions), case.measurements[0].value) == (1, 2, 1, -1.0)
    assert ok(run("genogram", path, "--render", "--format", "dot", "-o", str(tmp_path / "g.dot"))).exit_code == 0
    assert ok(run("ecomap", path, "--render", "--format", "dot", "-o", str(tmp_path / "e.dot"))).exit_code == 0
    listed = json.loads(ok(run("system", "list", path, "--json")).stdout)["items"]
    assert listed == [{"number": 1, "id": "pkh", "kind": "welfare", "name": "PKH", "connection": "moderate", "flow": "none"}]


def test_a_noun_with_one_verb_is_still_a_group(run: Any, reference: Path) -> None:
    from intervensi.moves import reopen

    reopen(reference, reason="x", by="tester")
    ok(run("worker", "change", reference, "--supervisor", "Ibu K"))
    ok(run("agency", "change", reference, "--unit", "Bidang Linjamsos"))
    case = load_case(reference)
    assert case.worker is not None and case.worker.supervisor == "Ibu K"
    assert case.agency is not None and case.agency.unit == "Bidang Linjamsos"
