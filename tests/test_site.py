"""``intervensi site``: the folder it writes, what a second run rewrites, whose folder it touches,
what an anonymised site holds, and what Ctrl-C leaves. (The pages in a browser: test_site_browser.py.)"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from intervensi.site import MANIFEST, SiteInterrupted, build_site


def _tree(root: Path) -> dict[str, tuple[int, bytes]]:
    """Every file under ``root`` but the lock sidecar (touched by every run): its modification time (ns) and bytes."""
    return {str(p.relative_to(root)): (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != f".{MANIFEST}.lock"}


def _site(run: Any, *args: Any) -> dict[str, Any]:
    r = run("site", *args, "--json")
    assert r.exit_code == 0, r.output
    data: dict[str, Any] = json.loads(r.stdout)
    return data


def test_one_index_and_one_page_per_case(run: Any, cases: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    data = _site(run, cases, "-o", out)
    ids = sorted(p.stem for p in cases.glob("*.yaml"))
    assert sorted(data["written"]) == ids and data["kept"] == [] and data["index_written"]
    assert sorted(p.stem for p in (out / "cases").iterdir()) == ids
    index = (out / "index.html").read_text(encoding="utf-8")
    for i in ids:
        assert f'href="cases/{i}.html"' in index
    for section in ('id="funnel"', 'id="overdue"', 'id="agenda"', 'id="cases"', 'id="filter"'):
        assert section in index
    assert "http://" not in index and "https://" not in index  # nothing to fetch
    page = (out / "cases" / "pkh-s-2025.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page and 'href="../index.html"' in page
    assert 'id="genogram"' in page and "<svg" in page


def test_second_run_rewrites_only_what_changed(run: Any, cases: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    _site(run, cases, "-o", out)
    before = _tree(out)
    again = _site(run, cases, "-o", out)
    assert again["written"] == [] and not again["index_written"] and len(again["kept"]) == 6
    assert _tree(out) == before  # not one file touched

    case = cases / "kube-melati-2025.yaml"
    text = case.read_text(encoding="utf-8")
    case.write_text(re.sub(r"(?m)^title: .*$", "title: KUBE Melati, second year", text, count=1), encoding="utf-8")
    third = _site(run, cases, "-o", out)
    assert third["written"] == ["kube-melati-2025"]
    after = _tree(out)
    changed = sorted(k for k in after if after[k] != before.get(k))
    assert changed == [MANIFEST, "cases/kube-melati-2025.html"]
    assert b"second year" in after["cases/kube-melati-2025.html"][1]


def test_a_page_changed_or_deleted_by_hand_is_written_again(run: Any, cases: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    _site(run, cases, "-o", out)
    (out / "cases" / "pkh-m-2025.html").unlink()
    (out / "cases" / "lansia-t-2026.html").write_text("scribbled over", encoding="utf-8")
    index = (out / "index.html").read_bytes()
    (out / "index.html").unlink()
    data = _site(run, cases, "-o", out)
    assert sorted(data["written"]) == ["lansia-t-2026", "pkh-m-2025"]
    assert data["index_written"] and (out / "index.html").read_bytes() == index
    assert (out / "cases" / "lansia-t-2026.html").read_text(encoding="utf-8").rstrip().endswith("</html>")


def test_the_page_of_a_case_no_longer_given_is_removed(run: Any, cases: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    _site(run, cases, "-o", out)
    (cases / "lansia-t-2026.yaml").unlink()
    data = _site(run, cases, "-o", out)
    assert data["removed"] == ["lansia-t-2026"]
    assert not (out / "cases" / "lansia-t-2026.html").exists()
    assert "lansia-t-2026" not in (out / "index.html").read_text(encoding="utf-8")


def test_a_folder_not_made_by_site_is_refused_and_left_alone(run: Any, cases: Path, tmp_path: Path) -> None:
    out = tmp_path / "photos"
    out.mkdir()
    (out / "index.html").write_text("my own page", encoding="utf-8")
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    before = _tree(out)
    r = run("site", cases, "-o", out, "--json")
    assert r.exit_code == 10
    assert json.loads(r.stdout)["error"]["key"] == "site_not_ours"
    assert _tree(out) == before
    r = run("site", cases, "-o", out)
    assert r.exit_code == 10 and "--force" in r.output

    r = run("site", cases, "-o", out, "--force")
    assert r.exit_code == 0, r.output
    assert (out / "notes.txt").read_text(encoding="utf-8") == "keep me"  # written into, never cleaned
    assert "my own page" not in (out / "index.html").read_text(encoding="utf-8")
    assert (out / MANIFEST).is_file()
    assert run("site", cases, "-o", out).exit_code == 0  # now it is a site: no --force needed


@pytest.mark.parametrize("kind", ["file", "link"])
def test_an_output_that_is_not_a_folder_is_refused(run: Any, cases: Path, tmp_path: Path, kind: str) -> None:
    out = tmp_path / "out"
    if kind == "file":
        out.write_text("a file", encoding="utf-8")
    else:
        (tmp_path / "real").mkdir()
        out.symlink_to(tmp_path / "real")
    r = run("site", cases, "-o", out, "--json")
    assert r.exit_code == 10
    assert json.loads(r.stdout)["error"]["key"] == "site_not_folder"
    assert kind == "link" or out.read_text(encoding="utf-8") == "a file"
    assert kind == "file" or list((tmp_path / "real").iterdir()) == []


def _people(cases: Path) -> set[str]:
    from intervensi.casefile import load_case

    names: set[str] = set()
    for f in cases.glob("*.yaml"):
        c = load_case(f)
        names |= {c.client.name, *(m.name for m in c.client.members)}
        if c.assessment and c.assessment.genogram:
            names |= {p.name for p in c.assessment.genogram.people if p.name}
    return {n for n in names if len(n) >= 3}


@pytest.mark.parametrize("runs", ["once", "again after a page was deleted"])
def test_an_anonymised_site_holds_no_name_and_no_case_id(run: Any, cases: Path, tmp_path: Path, runs: str) -> None:
    out = tmp_path / "site"
    data = _site(run, cases, "-o", out, "--anonymize", "--lang", "id")
    assert data["anonymised"] and data["removed_counts"]["name"] > 0
    if runs != "once":
        before = _tree(out)
        assert _site(run, cases, "-o", out, "--anonymize", "--lang", "id")["written"] == []
        assert _tree(out) == before
        victim = sorted((out / "cases").iterdir())[0]
        victim.unlink()
        again = _site(run, cases, "-o", out, "--anonymize", "--lang", "id")
        assert again["written"] == [victim.stem] and again["removed_counts"] == data["removed_counts"]
        assert victim.read_bytes() == before[f"cases/{victim.name}"][1]  # the same page as made in the first run
    ids = [p.stem for p in cases.glob("*.yaml")]
    pages = [p.name for p in (out / "cases").iterdir()]
    assert len(pages) == len(ids) and all(re.fullmatch(r"Kasus-[A-Z2-7]{13}\.html", n) for n in pages)
    names = _people(cases)
    assert len(names) > 10
    for path in out.rglob("*"):
        assert not any(i in path.name for i in ids)
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        for name in names:
            assert not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text), (path.name, name)
        for i in ids:
            assert i not in text, (path.name, i)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Daftar kasus" in index and "Dianonimkan" in index


def test_indonesian_index(run: Any, cases: Path, tmp_path: Path) -> None:
    out = tmp_path / "situs"
    _site(run, cases, "-o", out, "--lang", "id")
    index = (out / "index.html").read_text(encoding="utf-8")
    for words in ("Daftar kasus", "Kasus per tahap", "Kasus lewat tenggat", "Minggu ini", "Semua kasus", "perencanaan", "lewat tenggat"):
        assert words in index
    assert "Laporan kasus" in (out / "cases" / "pkh-s-2025.html").read_text(encoding="utf-8")


def test_unreadable_files_are_named_and_the_rest_is_written(run: Any, cases: Path, tmp_path: Path) -> None:
    (cases / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    out = tmp_path / "site"
    r = run("site", cases, "-o", out)
    assert r.exit_code == 3
    assert "broken.yaml" in r.output
    assert len(list((out / "cases").iterdir())) == 6
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'id="invalid"' in index and "broken.yaml" in index
    anon = tmp_path / "anon"
    assert run("site", cases, "-o", anon, "--anonymize").exit_code == 3
    assert "broken.yaml" not in (anon / "index.html").read_text(encoding="utf-8")  # a file name may hold a name


def test_two_files_with_one_id_get_two_pages(run: Any, cases: Path, tmp_path: Path) -> None:
    (cases / "copy").mkdir()
    shutil.copy(cases / "pkh-s-2025.yaml", cases / "copy" / "pkh-s-2025.yaml")
    out = tmp_path / "site"
    r = run("site", cases, "-o", out, "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert "pkh-s-2025" in data["duplicate_ids"]
    assert {"pkh-s-2025", "pkh-s-2025--2"} <= set(data["written"])
    assert (out / "cases" / "pkh-s-2025--2.html").is_file()


def test_parallel_and_single_process_pages_are_the_same(cases: Path, tmp_path: Path) -> None:
    one = build_site([cases], tmp_path / "one", jobs=1)
    two = build_site([cases], tmp_path / "two", jobs=2)
    assert sorted(one.written) == sorted(two.written)
    a, b = _tree(tmp_path / "one" / "cases"), _tree(tmp_path / "two" / "cases")
    assert {k: v[1] for k, v in a.items()} == {k: v[1] for k, v in b.items()}


def test_ctrl_c_leaves_whole_pages_and_a_rerun_finishes(cases: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import intervensi.fsafe
    import intervensi.site_pages

    out = tmp_path / "site"
    real_page = intervensi.site_pages.case_page
    real_replace = os.replace
    calls = {"page": 0, "stopped": 0}

    def page(*a: Any, **kw: Any) -> Any:
        calls["page"] += 1
        return real_page(*a, **kw)

    def replace(src: Any, dst: Any) -> None:
        if calls["page"] == 3 and not calls["stopped"]:  # Ctrl-C while the third page is being put in place
            calls["stopped"] = 1
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(intervensi.site_pages, "case_page", page)
    monkeypatch.setattr(intervensi.fsafe.os, "replace", replace)
    with pytest.raises(SiteInterrupted) as info:
        build_site([cases], out, jobs=1)
    monkeypatch.setattr(intervensi.fsafe.os, "replace", real_replace)
    done = info.value.result.written
    assert len(done) == 2
    files = sorted(p.name for p in out.rglob("*") if p.is_file())
    assert not [f for f in files if f.endswith(".tmp")]  # no half-written page, no temporary left
    assert sorted(p.stem for p in (out / "cases").iterdir()) == sorted(done)
    for p in (out / "cases").iterdir():
        assert p.read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert not (out / "index.html").exists()
    assert sorted(json.loads((out / MANIFEST).read_text(encoding="utf-8"))["pages"]) == sorted(done)

    again = build_site([cases], out, jobs=1)
    assert sorted(again.kept) == sorted(done) and len(again.written) == 4
    assert (out / "index.html").is_file()


def test_a_run_stopped_before_any_page_leaves_a_folder_the_next_run_accepts(cases: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import intervensi.site_render

    def stopped(*a: Any, **kw: Any) -> Any:
        raise KeyboardInterrupt  # Ctrl-C (or a kill) while the cases are being read

    out = tmp_path / "site"
    with monkeypatch.context() as m:
        m.setattr(intervensi.site_render, "parse", stopped)
        with pytest.raises(KeyboardInterrupt):
            build_site([cases], out, jobs=1)
    assert (out / MANIFEST).is_file() and not (out / "index.html").exists()
    done = build_site([cases], out, jobs=1)  # no --force needed: the folder is already marked as a site
    assert len(done.written) == 6


def test_a_second_run_on_the_same_folder_at_once_is_refused(run: Any, cases: Path, tmp_path: Path) -> None:
    from intervensi.store import CaseLock

    out = tmp_path / "site"
    _site(run, cases, "-o", out)
    before = _tree(out)
    with CaseLock(out / MANIFEST):  # what another `site` run into the same folder holds
        r = run("site", cases, "-o", out, "--json")
    assert r.exit_code == 7
    assert json.loads(r.stdout)["error"]["key"] == "site_locked"
    assert _tree(out) == before


def test_a_link_out_of_the_folder_gets_no_page_even_when_its_bytes_are_a_valid_case(run: Any, cases: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(cases / "pkh-s-2025.yaml", elsewhere / "copy.yaml")  # the very bytes of a case in the folder
    (cases / "link.yaml").symlink_to(elsewhere / "copy.yaml")
    out = tmp_path / "site"
    for _ in range(2):  # the second run knows the digest: it must not take the link for the valid file
        r = run("site", cases, "-o", out, "--json")
        assert r.exit_code == 3
        data = json.loads(r.stdout)
        assert [i["path"] for i in data["invalid"]] == [str(cases / "link.yaml")]
        assert sorted(p.stem for p in (out / "cases").iterdir()) == sorted(p.stem for p in cases.glob("*.yaml") if not p.is_symlink())


def test_ctrl_c_in_a_terminal_stops_the_workers_and_every_page_on_disk_is_whole_and_recorded(cases: Path, tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    for i in range(30):  # 180 pages: long enough to be interrupted while the workers write
        shutil.copytree(cases, tmp_path / "many" / f"k{i:02}", ignore=shutil.ignore_patterns("*.lock"))
    out = tmp_path / "site"
    env = {**os.environ, "INTERVENSI_LANG": "en"}
    proc = subprocess.Popen([sys.executable, "-m", "intervensi", "site", str(tmp_path / "many"), "-o", str(out), "--jobs", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if (out / "cases").is_dir() and len(list((out / "cases").glob("*.html"))) >= 10:
            break
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C sends: the whole process group, workers too
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err.decode()
    assert "interrupted" in err.decode()
    pages = sorted(p.name for p in (out / "cases").iterdir())
    assert 10 <= len(pages) < 180
    assert not [p for p in pages if not p.endswith(".html")]  # no temporary file left
    for p in (out / "cases").iterdir():
        assert p.read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert sorted(f"{k}.html" for k in json.loads((out / MANIFEST).read_text(encoding="utf-8"))["pages"]) == pages
    done = build_site([tmp_path / "many"], out, jobs=2)
    assert len(done.kept) == len(pages) and len(done.written) == 180 - len(pages)
