"""The prover against independent oracles: the plain-mpmath cell (tests/oracle.py), the
independent certificate checker, and hand-written machines."""

from __future__ import annotations

import copy
import json
import math
import random
from fractions import Fraction

import flint
import oracle
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from issue_models import COUNTER, gated_tie

from symlstm import __version__
from symlstm.analysis import (
    UNOBSERVED,
    Budget,
    MooreMachine,
    Verdict,
    distinguishing_word,
    prove,
)
from symlstm.analysis.check import check_certificate
from symlstm.analysis.explain import LIBRARY, Relation, explain
from symlstm.analysis.proof import _interval
from symlstm.analysis.reasons import ReasonCode
from symlstm.model import load_model, model_from_mapping
from symlstm.model.words import parse_word
from symlstm.render.reasons import reason_text, word_text

BINARY = load_model("homework").alphabet


def machine(outputs: tuple[int, ...], transitions: tuple[tuple[int, int], ...]) -> MooreMachine:
    return MooreMachine(
        tuple(f"s{i}" for i in range(len(outputs))),
        0,
        BINARY,
        transitions,
        tuple((v,) for v in outputs),
    )


# 0 after a zero, 1 after an odd run of ones, -1 after an even run (problems.md §2)
HOMEWORK = machine((0, 1, -1), ((0, 1), (0, 2), (0, 1)))
PARITY = machine((1, -1), ((0, 1), (1, 0)))  # 1 after an even number of ones in all
LAST = machine((0, 1), ((0, 1), (0, 1)))


def certificate_data(result):  # type: ignore[no-untyped-def]
    assert result.certificate is not None
    return json.loads(json.dumps(result.certificate.to_data(__version__)))


def assert_valid(result) -> None:  # type: ignore[no-untyped-def]
    check = check_certificate(certificate_data(result))
    assert check.valid, check.failure


def agrees_with_oracle(model, proved: MooreMachine, words) -> None:  # type: ignore[no-untyped-def]
    for word in words:
        expected = oracle.outputs(model, [model.alphabet[k] for k in word], 60)
        assert list(proved.output_trace(word)) == expected, word


def all_words(length: int, size: int = 2) -> list[tuple[int, ...]]:
    return [tuple((n >> (length - 1 - i)) & 1 for i in range(length)) for n in range(size**length)]


def test_homework_is_proved_with_the_three_state_machine() -> None:
    model = load_model("homework")
    result = prove(model)
    assert result.verdict is Verdict.PROVED
    assert result.machine is not None and result.machine.size == 3
    assert distinguishing_word(result.machine, HOMEWORK) is None
    assert_valid(result)
    agrees_with_oracle(model, result.machine, all_words(8))


def test_homework_explanation_picks_the_odd_run_of_ones() -> None:
    model = load_model("homework")
    result = prove(model)
    assert result.machine is not None
    explanation = explain(result.machine, model.name)
    course = {c.name: c for c in explanation.comparisons if c.course_statement}
    assert set(course) == {"odd-zeros", "odd-run-of-zeros", "odd-ones", "odd-run-of-ones"}
    assert course["odd-run-of-ones"].relation is Relation.CARRIED
    properties = {p.name: p for p in LIBRARY}
    for name in ("odd-zeros", "odd-run-of-zeros", "odd-ones"):
        c = course[name]
        assert c.relation is Relation.NOT_CARRIED and c.witness is not None
        w = c.witness
        # the counterexample, checked with the oracle: same rounded h, different property
        h1 = oracle.outputs(model, [model.alphabet[k] for k in w.first], 60)[-1]
        h2 = oracle.outputs(model, [model.alphabet[k] for k in w.second], 60)[-1]
        assert h1 == h2
        prop = properties[name].machine
        assert prop.output_trace(w.first)[-1] != prop.output_trace(w.second)[-1]


def test_wch10_computes_the_last_input() -> None:
    model = load_model("homework-wch10")
    result = prove(model)
    assert result.verdict is Verdict.PROVED and result.machine is not None
    assert_valid(result)
    # independent oracle: every word up to length 8, h rounds to the last input
    for length in range(1, 9):
        for word in all_words(length):
            outs = oracle.outputs(model, [model.alphabet[k] for k in word], 40)
            assert [o[0] for o in outs] == list(word)
    assert distinguishing_word(result.machine, LAST) is None
    explanation = explain(result.machine, model.name)
    assert "last-symbol" in explanation.carried


LEAKY = {
    "name": "leaky-parity",
    "cell": "gated",
    "alphabet": [0, 1],
    # on a one the gate opens and s flips sign (tanh(-2 s)); on a zero it leaks slightly
    "params": {"W_gs": 0, "W_gx": 106, "b_g": -6, "W_ss": -2, "W_sx": 0, "b_s": 0},
    "initial": {"s": 1},
}


def test_counter_is_never_proved() -> None:
    model = model_from_mapping(COUNTER, source="counter")
    # (with a horizon allowed it may be bounded instead: tests/analysis/test_depth_bounded.py)
    for budget in (
        Budget(max_states=100, min_horizon=10**6),
        Budget(max_states=5000, max_seconds=20, min_horizon=10**6),
    ):
        result = prove(model, budget=budget)
        assert result.verdict is Verdict.UNKNOWN
        assert result.growth and result.growth[0].component == "c"
        # the reason names the part of the reported word that reaches the failing box
        assert result.word is not None and 0 < result.prefix < len(result.word)
        assert result.reason.prefix == result.prefix
        said = reason_text(result.reason, result.alphabet, len(result.word))
        if result.reason.code is ReasonCode.READOUT_BOUNDARY:
            # a box of the saturated count c ≥ 8 steps back down to the boundary h = 1/2
            boundary = result.reason.boundary
            assert boundary is not None and len(boundary.word) == result.prefix
            assert f"after the {result.prefix} inputs" in said
        else:
            assert f"first {result.prefix} of the {len(result.word)} inputs" in said
        # the word in the one word syntax (runs written SYMBOL^COUNT) replays
        assert len(parse_word(word_text(result.alphabet, result.word), model)) == len(result.word)
    refuted = prove(model, claim=LAST, budget=Budget(max_states=100))
    assert refuted.verdict is Verdict.REFUTED and refuted.word is not None
    exact = oracle.outputs(model, [model.alphabet[k] for k in refuted.word], 60)
    assert exact[-1] != LAST.output_trace(refuted.word)[-1]
    assert refuted.evidence[-1].rounded == exact[-1]


def test_slowly_leaking_parity_cell_is_not_proved() -> None:
    model = model_from_mapping(LEAKY, source="leaky")
    # it does track parity for a long while
    word = (1, 0, 1, 1, 0, 1, 0, 0, 1, 0)
    assert oracle.outputs(model, [model.alphabet[k] for k in word], 40) == list(
        PARITY.output_trace(word)
    )
    assert prove(model).verdict is not Verdict.PROVED
    result = prove(model, claim=PARITY)
    assert result.verdict is Verdict.REFUTED and result.word is not None
    assert len(result.word) > 50
    exact = oracle.outputs(model, [model.alphabet[k] for k in result.word], 60)
    assert exact[-1] != PARITY.output_trace(result.word)[-1]


def test_tampered_certificates_are_rejected() -> None:
    data = certificate_data(prove(load_model("homework")))
    assert check_certificate(data).valid
    shrunk = copy.deepcopy(data)
    box = next(b for b in shrunk["boxes"] if b["bounds"]["h"][0][0] != b["bounds"]["h"][0][1])
    lo, hi = (Fraction(v) for v in box["bounds"]["h"][0])
    # the images of saturated boxes are tiny balls near the middle: keep the lower tenth
    box["bounds"]["h"][0] = [str(lo), str(lo + (hi - lo) / 10)]
    assert not check_certificate(shrunk).valid
    flipped = copy.deepcopy(data)
    state = flipped["machine"]["initial"]
    other = next(q for q in flipped["machine"]["states"] if q != state)
    flipped["machine"]["outputs"][other] = [-flipped["machine"]["outputs"][other][0] or 1]
    assert not check_certificate(flipped).valid
    redirected = copy.deepcopy(data)
    redirected["successors"][0][1] = redirected["successors"][0][0]
    assert not check_certificate(redirected).valid


def random_cell(rng: random.Random) -> dict[str, object]:
    kind = rng.choice(["rnn", "gated", "lstm"])
    names = {
        "rnn": ["W_ss", "W_sx", "b_s"],
        "gated": ["W_gs", "W_gx", "b_g", "W_ss", "W_sx", "b_s"],
        "lstm": ["W_fh", "W_fx", "b_f", "W_ih", "W_ix", "b_i", "W_oh", "W_ox", "b_o",
                 "W_ch", "W_cx", "b_c"],
    }[kind]  # fmt: skip
    params = {name: f"{rng.randint(-40, 40)}/4" for name in names}
    return {"name": f"random-{kind}", "cell": kind, "alphabet": [0, 1], "params": params}


def test_proved_random_cells_agree_with_a_high_precision_simulation() -> None:
    rng = random.Random(20261123)
    proved = 0
    for _ in range(12):
        model = model_from_mapping(random_cell(rng), source="random")
        result = prove(model, budget=Budget(max_states=300, max_seconds=5))
        if result.verdict is not Verdict.PROVED:
            continue
        assert result.machine is not None
        proved += 1
        assert_valid(result)
        words = all_words(10) + [tuple(rng.randint(0, 1) for _ in range(200)) for _ in range(2)]
        try:
            agrees_with_oracle(model, result.machine, words)
        except ValueError as error:  # an exact value within 10^-30 of k ± 1/2
            pytest.fail(f"oracle undecided on a proved cell: {error}")
    assert proved >= 4


# starts exactly on the rounding boundary h = 1/2; afterwards h ≈ ±tanh(1) remembers the
# last input. The initial output is never emitted, so the proof must not stop there.
TIE_START = {
    "name": "tie-start",
    "cell": "lstm",
    "hidden": 1,
    "inputs": 1,
    "alphabet": [0, 1],
    "params": {
        **{f"W_{g}h": 0 for g in "fioc"},
        **{f"W_{g}x": 0 for g in "fio"},
        "W_cx": 200,
        "b_f": -100,
        "b_i": 100,
        "b_o": 100,
        "b_c": -100,
    },
    # closer to the rounding boundary −1/2 than the boxes' 30 digits resolve (it rounds to
    # −1, the box around it reaches −1/2, which rounds to 0)
    "initial": {"h": f"-{3 * 10**30 + 2}/{6 * 10**30}", "c": 0},  # −1/2 − 1/(3·10^30)
}


def test_an_initial_tie_rounds_toward_zero() -> None:
    """h = ±1/2 rounds to 0 (the course's "if h_t = ±0.5, round it to 0"): the initial
    state is observed, and so is a tie the exact cell reaches after a step (σ(0)·1 = 1/2:
    the gated cell with every weight 0, from s = ±1)."""
    model = model_from_mapping({**TIE_START, "initial": {"h": "1/2", "c": 0}}, source="tie")
    result = prove(model)
    assert result.verdict is Verdict.PROVED, result.reason
    assert result.machine is not None and result.machine.outputs[result.machine.initial] == (0,)
    for start in (1, -1):
        gated = model_from_mapping(gated_tie(start), source="gated-tie")
        result = prove(gated)
        assert result.verdict is Verdict.PROVED, result.reason
        machine = result.machine
        assert machine is not None
        assert [machine.output_trace(w)[-1] for w in ([0], [1], [0, 0], [1, 1, 0])] == [(0,)] * 4
        assert oracle.exact_outputs(gated, [0, 0]) == [(0,), (0,)]
        assert_valid(result)


def test_initial_state_on_a_rounding_boundary_is_unobserved_not_unknown() -> None:
    model = model_from_mapping(TIE_START, source="tie-start")
    result = prove(model)
    assert result.verdict is Verdict.PROVED, result.reason
    proved = result.machine
    assert proved is not None and proved.outputs[proved.initial] == UNOBSERVED
    assert not any(proved.initial in row for row in proved.transitions)
    agrees_with_oracle(model, proved, all_words(8))
    # the last input, as ±1: equivalent on every non-empty word (the initial output aside)
    last_input = MooreMachine(
        ("s0", "s1", "s2"), 0, BINARY, ((1, 2), (1, 2), (1, 2)), ((0,), (-1,), (1,))
    )
    assert distinguishing_word(proved, last_input) is None
    data = certificate_data(result)
    assert data["machine"]["outputs"][data["machine"]["initial"]] == []
    assert_valid(result)
    # the checker accepts [] only for an initial state that no transition re-enters ...
    initial = data["machine"]["initial"]
    other = next(q for q in data["machine"]["states"] if q != initial)
    reentered = copy.deepcopy(data)
    reentered["machine"]["transitions"][other][0] = initial
    assert not check_certificate(reentered).valid
    # ... and never for another state
    silent = copy.deepcopy(data)
    silent["machine"]["outputs"][other] = []
    assert not check_certificate(silent).valid


def test_only_an_initial_state_never_re_entered_may_be_unobserved() -> None:
    with pytest.raises(ValueError, match="unobserved"):
        MooreMachine(("a", "b"), 0, BINARY, ((1, 0), (1, 1)), ((), (1,)))  # re-entered
    with pytest.raises(ValueError, match="unobserved"):
        MooreMachine(("a", "b"), 0, BINARY, ((1, 1), (1, 1)), ((1,), ()))  # not initial


def test_certificate_bounds_are_exact_whatever_the_precision_in_force() -> None:
    """Found by review: an image box's bounds, exported after the proof at Python's default
    53-bit flint precision, were rounded at it, and a box the proof kept 10^-20 away from
    h = 1/2 touched it: "proved", and a certificate the checker rejected."""
    # b_s = atanh(1/2 + 10^-20 + a little): s = tanh(b_s) sits just above 1/2
    edge = {
        "name": "edge",
        "cell": "rnn",
        "hidden": 1,
        "inputs": 1,
        "alphabet": [0],
        "params": {
            "W_ss": 0,
            "W_sx": 0,
            "b_s": "0.549306144335267505313320591384934624850040633217599669070326",
        },
    }
    model = model_from_mapping(edge, source="edge")
    assert oracle.outputs(model, [model.alphabet[0]], 60) == [(1,)]
    result = prove(model)
    assert result.verdict is Verdict.PROVED
    assert_valid(result)


@given(
    mid=st.fractions(min_value=-4, max_value=4, max_denominator=10**45),
    radius_exponent=st.one_of(st.none(), st.integers(-150, -2)),
    bits=st.sampled_from([53, 128, 300]),
)
@settings(max_examples=300, deadline=None)
def test_certificate_intervals_are_the_exact_outward_rounding(
    mid: Fraction, radius_exponent: int | None, bits: int
) -> None:
    scale = 10**30
    with flint.ctx.workprec(bits):
        ball = flint.arb(flint.fmpq(mid.numerator, mid.denominator))
        if radius_exponent is not None:
            ball = ball + flint.arb(0, flint.arb(2) ** radius_exponent)
    exact_mid, exponent = (int(v) for v in ball.mid().man_exp())
    exact_rad, rad_exponent = (int(v) for v in ball.rad().man_exp())
    center = Fraction(exact_mid) * Fraction(2) ** exponent
    radius = Fraction(exact_rad) * Fraction(2) ** rad_exponent
    expected = (math.floor((center - radius) * scale), math.ceil((center + radius) * scale))
    assert _interval(ball, scale) == expected
