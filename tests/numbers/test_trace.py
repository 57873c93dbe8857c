"""Certified traces against the independent plain-mpmath oracle (tests/oracle.py)."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from typing import Any

import mpmath
import oracle
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symlstm.model import Model, builtin_model, model_from_mapping
from symlstm.numbers import POINTS
from symlstm.numbers.digits import certify
from symlstm.numbers.trace import compile_trace, run_trace

PARAMS = {
    "lstm": ("f", "i", "o", "c"),
    "gated": ("g", "s"),
    "rnn": ("s",),
    "gru": ("r", "z", "n"),
}
SOURCE = {"lstm": "h", "gated": "s", "rnn": "s", "gru": "h"}
ORACLE_EXTRA = 200


def agrees(text: str, digits: int, exact: bool, truth: Any) -> bool:
    """``text`` (``digits`` significant digits) is ``truth`` correctly rounded."""
    if digits == 0:  # "0e-p": zero to within half a unit of 10^-p
        return bool(abs(truth) <= mpmath.mpf(10) ** int(text.split("e")[1]) / 2)
    reference = Decimal(
        mpmath.nstr(truth, mpmath.mp.dps, strip_zeros=False, min_fixed=-1e9, max_fixed=1e9)
    )
    if exact and Decimal(text) == reference:
        return True
    with localcontext() as ctx:
        ctx.prec = digits
        ctx.rounding = ROUND_HALF_EVEN
        return +reference == Decimal(text)


def numbers(draw: Any, count: int) -> list[str]:
    values = []
    for _ in range(count):
        p = draw(st.integers(min_value=-60, max_value=60))
        q = draw(st.sampled_from([1, 2, 3, 4, 7, 10]))
        values.append(f"{p}/{q}")
    return values


@st.composite
def models(draw: Any) -> Model:
    cell = draw(st.sampled_from(sorted(PARAMS)))
    n = draw(st.integers(min_value=1, max_value=2))
    m = draw(st.integers(min_value=1, max_value=2))
    source = SOURCE[cell]
    params: dict[str, Any] = {}
    for unit in PARAMS[cell]:
        params[f"W_{unit}{source}"] = [numbers(draw, n) for _ in range(n)]
        params[f"W_{unit}x"] = [numbers(draw, m) for _ in range(n)]
        params[f"b_{unit}"] = numbers(draw, n)
    if cell == "gru":
        params["b_nh"] = numbers(draw, n)
    alphabet = [[0] * m, [1] * m] if m > 1 else [0, 1]
    data = {"cell": cell, "hidden": n, "inputs": m, "alphabet": alphabet, "params": params}
    return model_from_mapping(data, "<random model>", "random")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(models(), st.lists(st.integers(0, 1), min_size=1, max_size=6), st.sampled_from([5, 15, 40]))
def test_printed_digits_agree_with_oracle(model: Model, word: list[int], digits: int) -> None:
    inputs = [x if model.inputs == 1 else [x] * model.inputs for x in word]
    trace = run_trace(model, inputs, digits, ensure_digits=True)
    # 2N+20 digits, plus 200: the oracle forms 1 - z and 1 - g by subtraction, which at
    # only 2N+20 digits loses the digits of an h_t of 4e-27 (a GRU with z_t = 1 - 1e-27)
    truth = oracle.run(model, inputs, 2 * digits + 20 + ORACLE_EXTRA)
    with mpmath.workdps(2 * digits + 20 + ORACLE_EXTRA):
        for t, row in enumerate(trace.rows):
            for slot, ball in zip(trace.slots, row, strict=True):
                value = certify(ball, digits)
                expected = truth[t][slot.name][slot.component]
                assert agrees(value.text, value.digits, value.exact, expected), (
                    t,
                    slot,
                    value.text,
                    mpmath.nstr(expected, digits + 5),
                )
                # with ensure_digits, every requested digit is kept unless the value is ~0
                assert (
                    value.digits >= digits - 2
                    or value.exact
                    or (value.digits == 0 and abs(expected) < mpmath.mpf(10) ** (-digits))
                )


@pytest.mark.parametrize(
    ("inputs", "h"),
    [
        ([0, 0, 1, 1, 1, 0], ["0", "0", "0.76159", "-0.76159", "0.76159", "-0.38079"]),
        ([1, 1, 0, 1, 1], ["0.76159", "-0.76159", "0.38079", "0.76159", "-0.76159"]),
    ],
)
def test_homework_exact_values(inputs: list[int], h: list[str]) -> None:
    trace = run_trace(builtin_model("homework"), inputs, 30)
    shown = [certify(v, 30).text for v in trace.column("h")]
    assert all(a.startswith(b) for a, b in zip(shown, h, strict=True)), shown


def test_calculations_quiz() -> None:
    trace = run_trace(builtin_model("calculations"), [5], 30)
    assert certify(trace.value(0, "h"), 30).text.startswith("0.96129")
    assert certify(trace.value(0, "c"), 30).text.startswith("1.99504")


def test_constant_slots_are_hoisted_and_loop_has_no_sympy() -> None:
    program = compile_trace(builtin_model("homework"))
    names = [program.slots[k].name for k in program.hoisted]
    assert names == ["z_f", "f"]
    assert "sympy" not in program.source
    loop_body = program.source.split("for ")[1]
    assert "_sigmoid(v0)" not in loop_body


def test_points_context_matches_balls() -> None:
    model = builtin_model("homework")
    balls = run_trace(model, [0, 1, 1, 0], 20)
    points = run_trace(model, [0, 1, 1, 0], 20, context=POINTS)
    with mpmath.workdps(20):
        for a, b in zip(balls.column("h"), points.column("h"), strict=True):
            assert abs(mpmath.mpf(certify(a, 18).text) - b) < mpmath.mpf(10) ** -17


def test_precision_is_scoped() -> None:
    import flint

    before_mp, before_flint = mpmath.mp.prec, flint.ctx.prec
    run_trace(builtin_model("homework"), [1, 0], 200)
    run_trace(builtin_model("homework"), [1, 0], 200, context=POINTS)
    assert (mpmath.mp.prec, flint.ctx.prec) == (before_mp, before_flint)


def test_wrong_input_size() -> None:
    with pytest.raises(ValueError, match="entries"):
        run_trace(builtin_model("homework"), [[0, 1]], 10)


def test_long_trace_keeps_digits() -> None:
    trace = run_trace(builtin_model("homework"), [0, 0, 1, 1, 1, 0] * 500, 30)
    assert len(trace) == 3000
    assert certify(trace.value(2999, "h"), 30).digits == 30


def test_short_of_digits() -> None:
    import flint

    from symlstm.numbers.trace import short_of_digits

    with flint.ctx.workprec(200):
        third = flint.arb(1) / 3
        assert not short_of_digits([(third, flint.arb(0), flint.arb(5))], 30)
        assert short_of_digits([(third * 10**30 - third * 10**30 + third,)], 50)
        assert short_of_digits([(third - third,)], 5)  # holds 0, not exactly 0


def test_a_word_streams_through_the_trace_in_chunks() -> None:
    """A run-length-encoded word gives the same trace as its written-out symbols, across
    chunk boundaries (the state is carried from one chunk to the next)."""
    from symlstm.model.words import Word
    from symlstm.numbers.trace import CHUNK

    model = builtin_model("homework")
    symbols = ([0, 1, 1, 0, 1] * (CHUNK // 2))[: 2 * CHUNK + 7]
    word = Word.of(symbols)
    by_word = run_trace(model, word, 20)
    by_list = run_trace(model, symbols, 20)
    assert len(by_word) == len(symbols)
    assert by_word.inputs is word
    for t in (0, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK + 6):
        for a, b in zip(by_word.rows[t], by_list.rows[t], strict=True):
            assert a.mid() == b.mid() and a.rad() == b.rad()


def test_the_trace_checks_its_deadline() -> None:
    from symlstm.budget import Deadline
    from symlstm.errors import BudgetExceeded

    expired = Deadline(at=0.0, seconds=1.0)
    with pytest.raises(BudgetExceeded, match="during the trace"):
        run_trace(builtin_model("homework"), [0, 1], 10, deadline=expired)
