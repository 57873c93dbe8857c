"""The mean-value form of a box's image (prover: numbers/duals.py; checker: its own, in
analysis/check.py) holds every image of the box, judged by an independent oracle
(tests/oracle.py at 60 digits) on sampled points; it is tighter than ball arithmetic on the
whole box. (A proof that needs both: tests/soundness/test_mean_value_proofs.py.)"""

from __future__ import annotations

import json
import random
from dataclasses import replace
from fractions import Fraction
from pathlib import Path
from typing import Any

import flint
import mpmath
import oracle
import pytest
import sympy

from symlstm.analysis import Budget, check
from symlstm.model import Model, read_model_file
from symlstm.numbers import BALLS, compile_model
from symlstm.numbers.duals import DUALS, mean_value_image

TRAINED = Path(__file__).resolve().parents[2] / "bench" / "trained"
SCALE = 10**30


def _image_at(model: Model, point: list[Fraction], k: int) -> list[Fraction]:
    n = model.hidden
    states = model.kind.states
    start = tuple(
        (s, tuple(sympy.Rational(v.numerator, v.denominator) for v in point[i * n : (i + 1) * n]))
        for i, s in enumerate(states)
    )
    values = oracle.run(replace(model, initial=start), [model.alphabet[k]], 60)[-1]
    return [Fraction(mpmath.nstr(v, 50)) for s in states for v in values[s]]


def _ends(ball: Any) -> tuple[Fraction, Fraction]:
    """The exact endpoints of an arb ball (mid ∓ rad, each m·2^e)."""
    m, e = (int(v) for v in ball.mid().man_exp())
    r, f = (int(v) for v in ball.rad().man_exp())
    mid = Fraction(m) * Fraction(2) ** e
    rad = Fraction(r) * Fraction(2) ** f
    return mid - rad, mid + rad


@pytest.mark.parametrize("name", ["tomita2-h2", "runparity-h2", "parity-h4"])
def test_the_mean_value_image_holds_sampled_images_and_is_tighter(name: str) -> None:
    model = read_model_file(TRAINED / f"{name}.toml")
    cell = compile_model(model)
    rng = random.Random(name)
    width = len(model.kind.states) * model.hidden
    tighter = 0
    with BALLS.precision(128):
        step = cell.bind(BALLS, hoist_constants=True)
        dual_step = cell.bind(DUALS, hoist_constants=True)
        for trial in range(8):
            k = trial % len(model.alphabet)
            symbol = tuple(flint.arb(flint.fmpq(int(v.p), int(v.q))) for v in model.alphabet[k])
            radius = SCALE >> rng.choice([8, 12, 16])
            centre = [rng.randrange(-SCALE // 2, SCALE // 2) for _ in range(width)]
            lows = [c - rng.randrange(radius) for c in centre]
            highs = [c + rng.randrange(radius) for c in centre]
            balls = [
                flint.arb(flint.fmpq(lo, SCALE)).union(flint.arb(flint.fmpq(hi, SCALE)))
                for lo, hi in zip(lows, highs, strict=True)
            ]
            plain = cell.next_state(step(*balls, *symbol))
            tight = mean_value_image(
                cell.next_state, step, dual_step, lows, highs, SCALE, symbol, plain
            )
            for x, y in zip(tight, plain, strict=True):  # never wider than the plain image
                assert float(x.rad()) <= float(y.rad()) * (1 + 1e-8)  # arb radii: 30 bits
            if sum(float(x.rad()) for x in tight) < 0.95 * sum(float(x.rad()) for x in plain):
                tighter += 1
            for _ in range(4):  # corners and inner points, the oracle's images inside
                point = [
                    Fraction(rng.choice([lo, hi, rng.randint(lo, hi)]), SCALE)
                    for lo, hi in zip(lows, highs, strict=True)
                ]
                for x, ball in zip(_image_at(model, point, k), tight, strict=True):
                    lo_f, hi_f = _ends(ball)
                    assert lo_f <= x <= hi_f
    assert tighter >= 3


def test_the_checkers_mean_value_image_holds_sampled_images() -> None:
    model = read_model_file(TRAINED / "tomita2-h2.toml")
    data = _one_box_data(model)
    rng = random.Random(7)
    cert = check._parse_structure(data)
    with check._iv_precision(128):
        stepper = check._Stepper(cert)
        box = cert.boxes[0]
        state = {
            var: [check._hull(lo.value, hi.value) for lo, hi in box.bounds[var]]
            for var in cert.cell.states
        }
        for k in range(len(cert.alphabet)):
            plain = stepper.step(state, k)
            tight = check._mean_value(cert, stepper, box, k, plain)
            bounds = [
                (lo.value, hi.value) for var in cert.cell.states for lo, hi in box.bounds[var]
            ]
            for _ in range(6):
                point = [rng.choice([lo, hi, (lo + hi) / 2]) for lo, hi in bounds]
                image = _image_at(model, point, k)
                flat = [check._endpoints(x) for var in cert.cell.states for x in tight[var]]
                for x, (lo, hi) in zip(image, flat, strict=True):
                    assert lo <= x <= hi
            width_plain = sum(
                check._endpoints(x)[1] - check._endpoints(x)[0]
                for var in cert.cell.states
                for x in plain[var]
            )
            width_tight = sum(hi - lo for lo, hi in flat)
            assert width_tight < width_plain


def _one_box_data(model: Model) -> dict[str, Any]:
    """A structurally valid certificate of one box [0.3, 0.302]^d
    (with a machine of one state looping on itself): only its parts are used here."""
    from symlstm.analysis.proof import machine_data, readout_data
    from symlstm.model import format_number

    n = model.hidden
    params: dict[str, Any] = {}
    for name, matrix in model.weights:
        params[name] = [[format_number(v) for v in row] for row in matrix]
    for name, vector in model.biases:
        params[name] = [format_number(v) for v in vector]
    from symlstm.analysis.automaton import MooreMachine

    machine = MooreMachine(
        states=("q0",),
        initial=0,
        alphabet=model.alphabet,
        transitions=((0,) * len(model.alphabet),),
        outputs=((0,),),
    )
    return json.loads(
        json.dumps(
            {
                "format": "symlstm-certificate",
                "version": 2,
                "symlstm": "test",
                "model": {
                    "name": model.name,
                    "cell": model.kind.name,
                    "hidden": n,
                    "inputs": model.inputs,
                    "alphabet": [[format_number(v) for v in a] for a in model.alphabet],
                    "params": params,
                    "initial": {s: ["0"] * n for s in model.kind.states},
                    "readout": readout_data(model),
                },
                "output": model.kind.output,
                "machine": {
                    key: value for key, value in machine_data(machine).items() if key != "alphabet"
                },
                "boxes": [
                    {
                        "id": 0,
                        "state": "q0",
                        "bounds": {s: [["0.3", "0.302"]] * n for s in model.kind.states},
                    }
                ],
                "initial_box": 0,
                "successors": [[0] * len(model.alphabet)],
            }
        )
    )


@pytest.mark.parametrize("bits", [53, 128])
def test_box_balls_contain_the_exact_box(bits: int) -> None:
    """The prover's balls of a box (one integer ball times a ball around 1/(2·scale)) and
    of its bounds hold the exact rationals, at any precision, for bounds of any size."""
    from symlstm.analysis.proof import _Abstraction

    abstraction = _Abstraction(read_model_file(TRAINED / "parity-h1.toml"), Budget(), None)
    rng = random.Random(bits)
    with BALLS.precision(bits):
        abstraction.inverse_scale = flint.arb(flint.fmpq(1, SCALE))
        abstraction.half_inverse = flint.arb(flint.fmpq(1, 2 * SCALE))
        for _ in range(300):
            lo = rng.randint(-(10**40), 10**40) // rng.choice([1, 10**5, 10**20])
            hi = lo + rng.choice([0, 1, rng.randint(0, 10**35)])
            (ball,) = abstraction._box_balls([lo], [hi])
            (low,), (high,) = abstraction._bound_balls([lo], [hi])
            ends, low_ends, high_ends = _ends(ball), _ends(low), _ends(high)
            assert ends[0] <= Fraction(lo, SCALE) and Fraction(hi, SCALE) <= ends[1]
            assert low_ends[0] <= Fraction(lo, SCALE) <= low_ends[1]
            assert high_ends[0] <= Fraction(hi, SCALE) <= high_ends[1]
        (zero,) = abstraction._box_balls([0], [0])
        assert zero.is_exact() and zero == 0
