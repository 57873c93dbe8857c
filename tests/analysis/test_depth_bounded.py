"""Bounded verdicts from a breadth-first cover search (issue 11): when no closed set of
boxes is found, the grid boxes explored breadth first still prove the machine of their
classes on every word shorter than the shortest word to an unexplored ("open") box. The
certificate marks open boxes with a null successor row; the checker computes the depth of
every open box itself (obligation 6) and rejects a horizon beyond it."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import oracle
import pytest
from issue_models import COUNTER

from symlstm import __version__
from symlstm.analysis import Budget, Verdict, prove
from symlstm.analysis.automaton import MooreMachine
from symlstm.analysis.check import Obligation, check_certificate
from symlstm.analysis.reasons import ReasonCode
from symlstm.model import model_from_mapping, read_model_file
from symlstm.render.reasons import reason_data

ROOT = Path(__file__).resolve().parents[2]


def _data(result: Any) -> dict[str, Any]:
    assert result.certificate is not None
    data: dict[str, Any] = json.loads(json.dumps(result.certificate.to_data(__version__)))
    return data


def _counter_difference(machine: MooreMachine, depth: int) -> int | None:
    """The length of a shortest word of at most ``depth`` symbols on which ``machine`` and
    the exact counter (output: the sign of #ones − #zeros) differ; None when none does."""
    layer = {(machine.initial, 0)}
    for length in range(1, depth + 1):
        following = set()
        for q, count in layer:
            for k in (0, 1):
                r, c = machine.transitions[q][k], count + (1 if k else -1)
                if machine.outputs[r] != ((c > 0) - (c < 0),):
                    return length
                following.add((r, c))
        layer = following
    return None


@pytest.fixture(scope="module")
def counter_result() -> Any:
    model = model_from_mapping(COUNTER, source="counter")
    return prove(model, budget=Budget(max_states=600, max_seconds=20, min_horizon=8))


def test_counter_is_bounded_never_beyond_the_truth(counter_result: Any) -> None:
    result = counter_result
    # before: unknown ("more than 600 boxes are needed")
    assert result.verdict is Verdict.BOUNDED
    assert result.horizon is not None and result.horizon >= 8
    assert result.machine is not None
    # the reason as data: the breadth-first search, its open boxes and the horizon
    reason = result.reason
    assert reason.code is ReasonCode.DEPTH_BOUNDED and reason.horizon == result.horizon
    assert reason.boxes == len(result.certificate.states) and 0 < reason.open < reason.boxes
    assert reason.open == sum(1 for row in _data(result)["successors"] if row is None)
    assert reason.states == result.machine.size
    assert reason_data(reason)["horizon"] == str(result.horizon)
    checked = check_certificate(_data(result))
    assert checked.valid, checked.failure
    assert checked.horizon == result.horizon
    # right on every word up to the horizon, against the exact count ...
    assert _counter_difference(result.machine, result.horizon) is None
    # ... and a finite machine cannot count: it is wrong on some longer word, so the
    # verdict is bounded, never proved (a machine of S states is wrong by length 2S + 3)
    assert _counter_difference(result.machine, 2 * result.machine.size + 3) is not None


def test_tampered_depth_certificates_are_rejected(counter_result: Any) -> None:
    data = _data(counter_result)
    horizon = int(data["horizon"])
    rows = data["successors"]
    assert any(row is None for row in rows)
    for tampered_horizon in (horizon + 1, 10 * horizon):
        bad = copy.deepcopy(data)
        bad["horizon"] = str(tampered_horizon)
        check = check_certificate(bad)
        assert not check.valid and check.failure is not None
        assert check.failure.obligation is Obligation.DEPTH
    # opening the initial box's row (a box 0 steps from the start)
    bad = copy.deepcopy(data)
    bad["successors"][0] = None
    check = check_certificate(bad)
    assert not check.valid and check.failure is not None
    assert check.failure.obligation is Obligation.DEPTH
    # an open row without a horizon is not a certificate
    bad = copy.deepcopy(data)
    del bad["horizon"]
    check = check_certificate(bad)
    assert not check.valid and check.failure is not None
    assert check.failure.obligation is Obligation.STRUCTURE
    # nor beside a drift (a drift certificate claims every image)
    bad = copy.deepcopy(data)
    bad["drift"] = {state: ["0"] * len(v) for state, v in data["model"]["initial"].items()}
    check = check_certificate(bad)
    assert not check.valid and check.failure is not None
    assert check.failure.obligation is Obligation.STRUCTURE
    # a shrunk closed box: its image no longer fits, or a predecessor's image no longer fits
    closed = [b for b, row in enumerate(rows) if row is not None and b > 0]
    bad = copy.deepcopy(data)
    box = bad["boxes"][closed[len(closed) // 2]]["bounds"]["c"][0]
    lo, hi = (float(v) for v in box)
    box[1] = repr(lo + (hi - lo) / 4) if hi > lo else repr(hi - 0.25)
    assert not check_certificate(bad).valid


def test_trained_net_bounded_and_equal_to_the_oracle() -> None:
    """parity-h2 (bench/trained, no closed box set found) is bounded; the bounded machine
    equals the exact cell, computed independently at 60 digits, on every word up to the
    horizon."""
    model = read_model_file(ROOT / "bench" / "trained" / "parity-h2.toml")
    # before: unknown ("more than 1000 boxes are needed")
    result = prove(model, budget=Budget(max_states=1000, max_seconds=30, min_horizon=4))
    assert result.verdict is Verdict.BOUNDED
    assert result.horizon is not None and result.horizon >= 4
    assert result.machine is not None
    checked = check_certificate(_data(result))
    assert checked.valid, checked.failure
    unit = model.readout.selected(model.hidden)[0]
    # every word of exactly the horizon's length: its prefixes are the shorter words
    for word in oracle.all_words(model.alphabet, result.horizon):
        exact = [(out[unit],) for out in oracle.outputs(model, list(word), 60)]
        k_word = tuple(model.alphabet.index(a) for a in word)
        assert list(result.machine.output_trace(k_word)) == exact


def test_min_horizon_keeps_short_horizons_unknown() -> None:
    model = model_from_mapping(COUNTER, source="counter")
    result = prove(model, budget=Budget(max_states=600, max_seconds=20, min_horizon=10**6))
    assert result.verdict is Verdict.UNKNOWN
