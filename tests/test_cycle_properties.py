"""The stage machine's rules hold for any sequence of moves a worker could make."""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fixtures.helpers import case_at, fill_evaluation
from intervensi.casefile import load_case
from intervensi.errors import IntervensiError
from intervensi.moves import advance, reopen
from intervensi.ops import set_monitoring
from intervensi.vocab import STAGE_ORDER, Stage

STAGES = [s.value for s in STAGE_ORDER]
reasons = st.one_of(st.none(), st.just(""), st.sampled_from(["new need found", "goals not met", "client asked"]))
operations = st.lists(
    st.one_of(
        st.tuples(st.just("advance")),
        st.tuples(st.just("force"), reasons),
        st.tuples(st.just("back"), st.sampled_from(STAGES), reasons),
        st.tuples(st.just("monitoring"), st.booleans()),
        st.tuples(st.just("reopen"), st.sampled_from(STAGES), reasons),
    ),
    max_size=10,
)


def apply(path: Path, op: tuple[Any, ...]) -> None:
    kind = op[0]
    if kind == "advance":
        advance(path, by="w")
    elif kind == "force":
        advance(path, by="w", force=True, reason=op[1])
    elif kind == "back":
        advance(path, by="w", to=op[1], reason=op[2])
    elif kind == "monitoring":
        set_monitoring(path, op[1])
    elif kind == "reopen":
        reopen(path, by="w", to=op[1], reason=op[2] or "")


def check_history(history: list[Any]) -> None:
    order = list(STAGE_ORDER)
    assert history[0].from_ is None and history[0].to is Stage.ENGAGEMENT
    for prev, tr in itertools.pairwise(history):
        assert tr.from_ is prev.to, "transitions chain: each starts where the last ended"
        assert tr.at >= prev.at
        i, j = order.index(tr.from_), order.index(tr.to)
        if tr.kind.value == "forward":
            skipped = order[i + 1 : j]
            assert j > i and set(skipped) <= {Stage.MONITORING}, f"forward skipped {skipped}"
            assert tr.to is not Stage.CLOSED
        elif tr.kind.value == "back":
            assert j < i and tr.reason, "a back move goes earlier and has a reason"
        elif tr.kind.value == "close":
            assert tr.from_ is Stage.TERMINATION and tr.to is Stage.CLOSED
        elif tr.kind.value == "reopen":
            assert tr.from_ is Stage.CLOSED and tr.reason and tr.to is not Stage.CLOSED
        if tr.to is Stage.CLOSED:
            assert tr.kind.value == "close", "closed only via termination"
        if tr.forced:
            assert tr.reason and tr.unmet and tr.kind.value in ("forward", "close")


def test_random_moves_keep_history_valid_and_append_only(run, tmp_path: Path) -> None:
    base = case_at(run, tmp_path / "base", "evaluation")
    fill_evaluation(run, base)
    snapshot = base.read_bytes()

    @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(operations)
    def walk(ops: list[tuple[Any, ...]]) -> None:
        with tempfile.TemporaryDirectory(dir=tmp_path) as d:
            path = Path(d) / base.name
            path.write_bytes(snapshot)
            prev = load_case(path)
            for op in ops:
                raw = path.read_bytes()
                try:
                    apply(path, op)
                except IntervensiError:
                    assert path.read_bytes() == raw, f"{op} failed but changed the file"
                    continue
                case = load_case(path)
                dumped = [t.model_dump() for t in case.history]
                assert dumped[: len(prev.history)] == [t.model_dump() for t in prev.history], "history was rewritten"
                if op[0] != "monitoring":
                    assert len(case.history) == len(prev.history) + 1
                    assert case.stage is case.history[-1].to
                else:
                    assert case.history == prev.history
                check_history(case.history)
                prev = case

    walk()
