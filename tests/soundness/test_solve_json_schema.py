"""``solve -f json`` writes each certified value once per step, and loses none.

The schema (README, "In JSON"): a step's quantities under the convention by name; ``exact``
only the exact trace's quantities that differ from them; each activation by the names of
the quantities holding its argument and the value used, with ``z``/``used`` written out only
when no quantity holds them and ``exact`` only when it is not the value used. These tests
rebuild the earlier, repeating shape from the new one (every activation's z, exact and used
value, the exact row) and compare it with the values computed from the result, and with an
independent oracle (mpmath at 2N + 220 digits). Also: stepping each (state, input) once per
run (numbers/rounding.py) changes no value, and the certification cache never answers for
another ball.
"""

from __future__ import annotations

import json
import random
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction
from typing import Any

import flint
import mpmath
import oracle
import pytest
import soundness_lib as bench
from hypothesis import given, settings
from hypothesis import strategies as st
from json_values import activation, digits_text, exact_quantities, exact_value, quantities
from test_digit_truth import KEYS, judge_digits

from symlstm.model import model_from_toml
from symlstm.numbers import digits as digits_module
from symlstm.numbers import rounding
from symlstm.numbers.digits import certify
from symlstm.numbers.rounding import CONVENTIONS, check_convention
from symlstm.render import values as solved
from symlstm.render.json_writer import dumps

CASES = [(seed, name) for seed in range(300, 312) for name in sorted(CONVENTIONS)]


def _case(seed: int) -> tuple[bench.Cell, Any, list[Any]]:
    rng = random.Random(seed)
    cell = bench.random_cell(rng, f"schema-{seed}")
    model = model_from_toml(cell.toml(), name=cell.name)
    # words that revisit states (a symbol repeated), so that steps share outcomes
    word = [rng.randrange(len(cell.alphabet)) for _ in range(rng.randint(1, 4))]
    word = (word * 3)[: rng.randint(2, 9)]
    return cell, model, [cell.alphabet[k] for k in word]


def _inputs(model: Any, symbols: list[Any]) -> list[Any]:
    return [s[0] if model.inputs == 1 else list(s) for s in symbols]


def _document(result: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(dumps(solved.solve_data(result)))
    return data


def _plain(value: Any) -> Any:
    return json.loads(json.dumps(value))


@pytest.mark.parametrize(("seed", "convention"), CASES)
def test_every_value_of_the_repeating_shape_is_rebuilt(seed: int, convention: str) -> None:
    """The convention's row, the exact row and each activation's (z, exact, used), as the
    earlier schema wrote them (certified JSON of each ball), come back from the new one."""
    _, model, symbols = _case(seed)
    dps = random.Random(seed).choice([5, 20, 40])
    result = check_convention(model, CONVENTIONS[convention], _inputs(model, symbols), dps)
    data = _document(result)
    values = solved._JsonValues(dps)
    for k, (step, check) in enumerate(zip(data["steps"], result.steps, strict=True)):
        assert quantities(step) == _plain(solved._row_json(result, check.outcome.values, values))
        exact_row = solved._row_json(result, result.exact_rows[k], values)
        assert exact_quantities(step) == _plain(exact_row)
        for name, value in step["exact"].items():  # written only where it differs
            assert value != step[name]
        assert len(step["activations"]) == len(check.outcome.activations)
        for use, a in zip(step["activations"], check.outcome.activations, strict=True):
            assert use["function"] == a.function and use["saturated"] == a.saturated
            expected = (values.of(a.z), values.of(a.exact), values.of(a.used))
            assert list(activation(step, use)) == _plain(list(expected)), (k, use)
            if use["argument"] is not None:
                assert "z" not in use
            if use["value"] is not None:
                assert "used" not in use


def _sign(text: str) -> int:
    value = Fraction(text)
    return (value > 0) - (value < 0)


@pytest.mark.parametrize(("seed", "convention"), CASES)
def test_rebuilt_values_are_true(seed: int, convention: str) -> None:
    """Against the independent oracle: every component of the rebuilt exact row; each
    activation's exact value of an exact argument; a saturated activation uses the limit
    on the side of its argument, an unsaturated one its exact value."""
    cell, model, symbols = _case(seed)
    dps = random.Random(seed).choice([5, 20, 40])
    result = check_convention(model, CONVENTIONS[convention], _inputs(model, symbols), dps)
    data = _document(result)
    truth = oracle.run(model, symbols, ORACLE_DPS(dps))
    problems: list[str] = []
    judged = 0
    for step, true_step in zip(data["steps"], truth, strict=True):
        exact = exact_quantities(step)
        for key in KEYS[cell.kind]:
            printed = exact[key] if isinstance(exact[key], list) else [exact[key]]
            for j, (p, v) in enumerate(zip(printed, true_step[key], strict=True)):
                verdict = judge_digits(digits_text(p), v, dps, f"t={step['t']} exact {key}[{j}]")
                if verdict is None:
                    judged += 1
                elif verdict != "undecided":
                    problems.append(verdict)
        for use in step["activations"]:
            z, exact_value_json, used = activation(step, use)
            where = f"t={step['t']} {use['function']}({use['argument']})"
            z_exact = exact_value(z)
            if z_exact is not None:
                with mpmath.workdps(ORACLE_DPS(dps)):
                    x = mpmath.mpf(z_exact.numerator) / z_exact.denominator
                    sigmoid = use["function"] == "sigmoid"
                    value = 1 / (1 + mpmath.exp(-x)) if sigmoid else mpmath.tanh(x)
                verdict = judge_digits(digits_text(exact_value_json), value, dps, where)
                if verdict is None:
                    judged += 1
                elif verdict != "undecided":
                    problems.append(verdict)
            if use["saturated"]:
                low = 0 if use["function"] == "sigmoid" else -1
                limit = 1 if _sign(digits_text(z)) > 0 else low
                assert exact_value(used) == limit, where
            else:
                assert used == exact_value_json, where
    assert problems == []
    assert judged > 0


def ORACLE_DPS(dps: int) -> int:
    return 2 * dps + 220


@pytest.mark.parametrize(("seed", "convention"), CASES[::2])
def test_stepping_each_state_once_changes_no_value(
    seed: int, convention: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The run that steps each (state, input) once (states keyed by value) writes the same
    document as the run that steps every step."""
    _, model, symbols = _case(seed)
    inputs = _inputs(model, symbols)
    shared = dumps(solved.solve_data(check_convention(model, CONVENTIONS[convention], inputs, 20)))
    monkeypatch.setattr(rounding, "MAX_VISITED", 0)
    digits_module._CACHE.clear()
    digits_module._BY_VALUE.clear()
    fresh = dumps(solved.solve_data(check_convention(model, CONVENTIONS[convention], inputs, 20)))
    assert shared == fresh


def test_states_equal_in_value_share_one_outcome() -> None:
    """The homework's exact trace settles into a cycle: its balls repeat in value, and each
    (state, input) is stepped once (a 600-step word, 6 distinct rows)."""
    from symlstm.model import load_model

    word = [0, 0, 1, 1, 1, 0] * 100
    result = check_convention(load_model("homework"), CONVENTIONS["exact"], word)
    assert len({id(row) for row in result.exact_rows}) < 60


# ---------------------------------------------------------------------------- certify


def _correctly_rounded(value: Fraction, k: int) -> Decimal:
    with localcontext() as context:
        context.prec = k
        context.rounding = ROUND_HALF_EVEN
        return Decimal(value.numerator) / Decimal(value.denominator)


balls = st.builds(
    lambda m, e, r, shift, prec, exp: (m, e, r, shift, prec, exp),
    st.integers(-(10**60), 10**60),
    st.integers(-400, 400),
    st.integers(0, 1000),
    st.integers(-250, 10),
    st.sampled_from([30, 64, 219, 400]),
    st.booleans(),
)


def _ball(spec: tuple[int, int, int, int, int, bool]) -> Any:
    m, e, r, shift, prec, exp = spec
    with flint.ctx.workprec(prec):
        ball = flint.arb(m) * flint.arb(2) ** e
        if r:
            ball += flint.arb(0, flint.arb(r) * flint.arb(2) ** (e + shift))
        if exp and abs(ball) < 1000:
            ball = ball.exp()
    return ball


def _dyadic(pair: Any) -> Fraction:
    mantissa, exponent = (int(v) for v in pair)
    return Fraction(mantissa) * Fraction(2) ** exponent


def _exact_bounds(ball: Any) -> tuple[Fraction, Fraction]:
    """The ball's exact endpoints, midpoint ∓ radius (ball_bounds widens tiny radii)."""
    mid, rad = _dyadic(ball.mid().man_exp()), _dyadic(ball.rad().man_exp())
    return mid - rad, mid + rad


def _half_unit(text: str) -> Fraction:
    """Half a unit of the last digit of a decimal text (``1.20e-5``: 0.5·10^-7)."""
    mantissa, _, exponent = text.partition("e")
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    return Fraction(1, 2) * Fraction(10) ** (int(exponent or 0) - decimals)


@settings(max_examples=400, deadline=None)
@given(balls, st.sampled_from([1, 2, 5, 20, 50, 120]))
def test_every_printed_digit_is_inside_the_enclosure(spec: Any, n: int) -> None:
    """Every point of the ball (both exact endpoints) is within half a unit of the printed
    text's last digit; and, when both endpoints have the same decimal exponent, each rounds
    (half to even, exactly, with ``decimal``) to the printed text. k = n digits unless the
    ball is too wide for n."""
    ball = _ball(spec)
    if not ball.is_finite():
        return
    shown = certify(ball, n)
    lower, upper = _exact_bounds(ball)
    if shown.digits == 0:
        return  # "0e-205"-like texts: test_digit_truth and test_digits_exactly_n judge them
    printed = Fraction(Decimal(shown.text))
    if shown.exact:
        assert lower == upper
        if shown.digits < n:
            assert printed == lower
    half = _half_unit(shown.text)
    assert abs(lower - printed) <= half and abs(upper - printed) <= half, (ball, n, shown.text)
    same_exponent = (
        lower * upper > 0
        and _correctly_rounded(lower, 400).adjusted() == _correctly_rounded(upper, 400).adjusted()
    )
    if not shown.exact and same_exponent:
        for end in (lower, upper):
            assert _correctly_rounded(end, shown.digits) == Decimal(shown.text), (ball, n)


@settings(max_examples=200, deadline=None)
@given(st.lists(balls, min_size=1, max_size=8), st.sampled_from([3, 20, 50]))
def test_the_certification_cache_never_answers_for_another_ball(specs: Any, n: int) -> None:
    """Balls made and dropped in turn (their ids are reused), equal in value or not: each is
    printed as a fresh computation, without any cache, prints it."""
    for spec in specs + specs[::-1]:
        ball = _ball(spec)
        if not ball.is_finite():
            continue
        cached = certify(ball, n)
        saved = dict(digits_module._BY_VALUE)
        digits_module._BY_VALUE.clear()
        fresh = digits_module._certify(ball, n)
        digits_module._BY_VALUE.update(saved)
        assert (cached.text, cached.digits, cached.exact) == (fresh.text, fresh.digits, fresh.exact)
        assert cached.enclosure is ball
        del ball
