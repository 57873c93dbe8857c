"""The independent certificate checker: hand-made certificates, tampered variants, the CLI.

The valid certificates here are worked out by hand from the cell equations (not produced by
the prover) and cross-checked against the independent mpmath oracle on every input word
up to a length.
"""

from __future__ import annotations

import copy
import dataclasses
import decimal
import json
import random
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import mpmath
import oracle
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st
from mpmath import iv

from symlstm.analysis.check import (
    CELLS,
    CheckFailure,
    CheckResult,
    Obligation,
    _decimal,
    box_image,
    check_certificate,
    load_certificate,
    parse_exact,
)
from symlstm.cli import main
from symlstm.errors import ModelError, UsageError
from symlstm.model import CELL_KINDS, Model, builtin_model, model_from_mapping
from symlstm.render.reasons import check_failure_text

Cert = dict[str, Any]


def said(result: CheckResult) -> str:
    """The failure as ``symlstm check`` prints it (after ``invalid: ``)."""
    assert result.failure is not None
    return check_failure_text(result.failure)


def _lstm_params(**values: str) -> dict[str, list[Any]]:
    return {
        name: ([[values[name]]] if name.startswith("W_") else [values[name]])
        for name in CELLS["lstm"].params
    }


def homework() -> Cert:
    """The homework LSTM: states for output 0 (after a zero), 1 and −1 (odd/even run of ones).

    After a zero, o = σ(0) = 1/2 and c = f c + i tanh(−100 h) ∈ (−1, 1), so h ∈ 0.5·tanh(±1)
    = ±0.3808: one wide box [−2/5, 2/5]. After a one from that box, z_c = −100 h + 50 ≥ 10,
    c ≈ 1, h ≈ tanh(1) = 0.76159; after a one from h ≈ 0.7616, z_c ≈ −26, c ≈ −1, h ≈ −0.76159.
    """
    return {
        "format": "symlstm-certificate",
        "version": 1,
        "symlstm": "0.1.0",
        "model": {
            "name": "homework",
            "cell": "lstm",
            "hidden": 1,
            "inputs": 1,
            "alphabet": [["0"], ["1"]],
            "params": _lstm_params(
                W_fh="0",
                W_fx="0",
                b_f="-100",
                W_ih="0",
                W_ix="100",
                b_i="100",
                W_oh="0",
                W_ox="100",
                b_o="0",
                W_ch="-100",
                W_cx="50",
                b_c="0",
            ),
            "initial": {"c": ["0"], "h": ["0"]},
        },
        "output": "h",
        "machine": {
            "states": ["q0", "q1", "q2"],
            "initial": "q0",
            "outputs": {"q0": [0], "q1": [1], "q2": [-1]},
            "transitions": {"q0": ["q0", "q1"], "q1": ["q0", "q2"], "q2": ["q0", "q1"]},
        },
        "boxes": [
            {"id": 0, "state": "q0", "bounds": {"c": [["-1", "1"]], "h": [["-2/5", "2/5"]]}},
            {"id": 1, "state": "q1", "bounds": {"c": [["0.99", "1.01"]], "h": [["0.76", "0.77"]]}},
            {
                "id": 2,
                "state": "q2",
                "bounds": {"c": [["-1.01", "-0.99"]], "h": [["-0.77", "-0.76"]]},
            },
        ],
        "initial_box": 0,
        "successors": [[0, 1], [0, 2], [0, 1]],
    }


def rnn() -> Cert:
    """The built-in rnn, s' = tanh(−100 s + 50 x): 0 until the first one, then it flips.

    s = 0 is an exact fixed point on input 0 (tanh(0) = 0), so its box is the point [0, 0].
    """
    return {
        "format": "symlstm-certificate",
        "version": 1,
        "symlstm": "0.1.0",
        "model": {
            "name": "rnn",
            "cell": "rnn",
            "hidden": 1,
            "inputs": 1,
            "alphabet": [["0"], ["1"]],
            "params": {"W_ss": [["-100"]], "W_sx": [["50"]], "b_s": ["0"]},
            "initial": {"s": ["0"]},
        },
        "output": "s",
        "machine": {
            "states": ["zero", "plus", "minus"],
            "initial": "zero",
            "outputs": {"zero": [0], "plus": [1], "minus": [-1]},
            "transitions": {
                "zero": ["zero", "plus"],
                "plus": ["minus", "minus"],
                "minus": ["plus", "plus"],
            },
        },
        "boxes": [
            {"id": 0, "state": "zero", "bounds": {"s": [["0", "0"]]}},
            {"id": 1, "state": "plus", "bounds": {"s": [["99/100", "1"]]}},
            {"id": 2, "state": "minus", "bounds": {"s": [["-1", "-0.99"]]}},
        ],
        "initial_box": 0,
        "successors": [[0, 1], [2, 2], [1, 1]],
    }


GRU_PARAMS = {
    "W_rh": "0",
    "W_rx": "0",
    "b_r": "100",
    "W_zh": "0",
    "W_zx": "0",
    "b_z": "-100",
    "W_nh": "-100",
    "W_nx": "100",
    "b_n": "-50",
    "b_nh": "0",
}


def gru() -> Cert:
    """A GRU with r ≈ 1, z ≈ 0: h' ≈ tanh(100 x − 50 − 100 h): after the first step it flips."""
    return {
        "format": "symlstm-certificate",
        "version": 1,
        "symlstm": "0.1.0",
        "model": {
            "name": "flipper",
            "cell": "gru",
            "hidden": 1,
            "inputs": 1,
            "alphabet": [["0"], ["1"]],
            "params": {
                name: ([[v]] if name.startswith("W_") else [v]) for name, v in GRU_PARAMS.items()
            },
            "initial": {"h": ["0"]},
        },
        "output": "h",
        "machine": {
            "states": ["start", "plus", "minus"],
            "initial": "start",
            "outputs": {"start": [0], "plus": [1], "minus": [-1]},
            "transitions": {
                "start": ["minus", "plus"],
                "plus": ["minus", "minus"],
                "minus": ["plus", "plus"],
            },
        },
        "boxes": [
            {"id": 0, "state": "start", "bounds": {"h": [["0", "0"]]}},
            {"id": 1, "state": "plus", "bounds": {"h": [["0.99", "1"]]}},
            {"id": 2, "state": "minus", "bounds": {"h": [["-1", "-0.99"]]}},
        ],
        "initial_box": 0,
        "successors": [[2, 1], [2, 2], [1, 1]],
    }


def calculations() -> Cert:
    """The "LSTM calculations" quiz fed x = 5 forever: one state, output 1.

    With every weight 1, f = σ(h + 6) ≤ σ(7) < 1, so c stays below 1/(1 − σ(7)) ≈ 1100;
    c ≥ 1.99 after a step and h = o·tanh(c) ∈ [0.96, 1).
    """
    cert = homework()
    cert["model"] = {
        "name": "calculations",
        "cell": "lstm",
        "hidden": 1,
        "inputs": 1,
        "alphabet": [["5"]],
        "params": _lstm_params(
            W_fh="1",
            W_fx="1",
            b_f="0",
            W_ih="1",
            W_ix="1",
            b_i="0",
            W_oh="1",
            W_ox="1",
            b_o="0",
            W_ch="1",
            W_cx="1",
            b_c="0",
        ),
        "initial": {"c": ["1"], "h": ["1"]},
    }
    cert["machine"] = {
        "states": ["one"],
        "initial": "one",
        "outputs": {"one": [1]},
        "transitions": {"one": ["one"]},
    }
    cert["boxes"] = [
        {"id": 0, "state": "one", "bounds": {"c": [["1", "1200"]], "h": [["0.7", "1"]]}}
    ]
    cert["successors"] = [[0]]
    return cert


def gru_model() -> Model:
    params: dict[str, object] = dict(GRU_PARAMS)
    return model_from_mapping({"cell": "gru", "params": params}, source="<test>")


VALID: dict[str, tuple[Callable[[], Cert], Callable[[], Model], int]] = {
    # name: (certificate, model for the oracle, boxes × symbols)
    "homework": (homework, lambda: builtin_model("homework"), 3 * 2),
    "rnn": (rnn, lambda: builtin_model("rnn"), 3 * 2),
    "gru": (gru, gru_model, 3 * 2),
    "calculations": (calculations, lambda: builtin_model("calculations"), 1 * 1),
}


# ------------------------------------------------------------------------------------------
# Valid certificates


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_certificates(name: str) -> None:
    make, _, transitions = VALID[name]
    cert = make()
    boxes = len(cert["boxes"])
    assert check_certificate(cert) == CheckResult(True, None, 2 + transitions + boxes)


@pytest.mark.parametrize("name", sorted(VALID))
def test_certificate_parameters_are_the_models(name: str) -> None:
    make, model_of, _ = VALID[name]
    cert, model = make(), model_of()
    assert cert["model"]["cell"] == model.kind.name
    params = cert["model"]["params"]
    exact = {
        k: [[parse_exact(v) for v in row] for row in m] for k, m in params.items() if k[0] == "W"
    }
    for name_, matrix in model.weights:
        assert exact[name_] == [[Fraction(int(v.p), int(v.q)) for v in row] for row in matrix]
    for name_, vector in model.biases:
        assert [parse_exact(v) for v in params[name_]] == [
            Fraction(int(v.p), int(v.q)) for v in vector
        ]
    for state, vector in model.initial:
        assert [parse_exact(v) for v in cert["model"]["initial"][state]] == [
            Fraction(int(v.p), int(v.q)) for v in vector
        ]
    assert [[parse_exact(v) for v in s] for s in cert["model"]["alphabet"]] == [
        [Fraction(int(v.p), int(v.q)) for v in symbol] for symbol in model.alphabet
    ]


def _inside(value: Any, lo: Fraction, hi: Fraction, slack: str) -> bool:
    tolerance = mpmath.mpf(slack)
    low = mpmath.mpf(lo.numerator) / lo.denominator
    high = mpmath.mpf(hi.numerator) / hi.denominator
    return bool(low - tolerance <= value <= high + tolerance)


@pytest.mark.parametrize("name", sorted(VALID))
def test_certificate_semantics_agree_with_oracle(name: str) -> None:
    """Walk every word of length 8: the exact state stays in the boxes the certificate names
    and the rounded outputs are the machine's (what a valid certificate promises)."""
    make, model_of, _ = VALID[name]
    cert, model = make(), model_of()
    cell = CELLS[cert["model"]["cell"]]
    alphabet = [tuple(sympy.Rational(v) for v in s) for s in cert["model"]["alphabet"]]
    outputs = cert["machine"]["outputs"]
    length = 8 if len(alphabet) > 1 else 30
    with mpmath.workdps(40):
        for word in oracle.all_words(range(len(alphabet)), length):
            steps = oracle.run(model, [alphabet[k] for k in word], 40)
            rounded = oracle.outputs(model, [alphabet[k] for k in word], 40)
            b = cert["initial_box"]
            for k, values, got in zip(word, steps, rounded, strict=True):
                b = cert["successors"][b][k]
                box = cert["boxes"][b]
                assert list(got) == outputs[box["state"]]
                for var in cell.states:
                    for j, (lo, hi) in enumerate(box["bounds"][var]):
                        assert _inside(values[var][j], parse_exact(lo), parse_exact(hi), "1e-35")


@pytest.mark.parametrize("name", sorted(VALID))
def test_box_images_enclose_oracle_points(name: str) -> None:
    """The checker's interval step (mpmath iv) against the oracle's point step (mpmath mp)."""
    make, model_of, _ = VALID[name]
    cert, model = make(), model_of()
    cell = CELLS[cert["model"]["cell"]]
    rng = random.Random(1)
    for b, box in enumerate(cert["boxes"]):
        bounds = {
            v: [(parse_exact(lo), parse_exact(hi)) for lo, hi in box["bounds"][v]]
            for v in cell.states
        }
        points = [
            {v: [lo for lo, _ in bounds[v]] for v in cell.states},
            {v: [hi for _, hi in bounds[v]] for v in cell.states},
        ]
        for _ in range(5):
            points.append(
                {
                    v: [
                        lo + (hi - lo) * Fraction(rng.randrange(1001), 1000) for lo, hi in bounds[v]
                    ]
                    for v in cell.states
                }
            )
        for k, symbol in enumerate(cert["model"]["alphabet"]):
            image = box_image(cert, b, k)
            x = tuple(sympy.Rational(v) for v in symbol)
            for point in points:
                initial = tuple(
                    (v, tuple(sympy.Rational(c.numerator, c.denominator) for c in point[v]))
                    for v in cell.states
                )
                (step,) = oracle.run(dataclasses.replace(model, initial=initial), [x], 60)
                with mpmath.workdps(60):
                    for v in cell.states:
                        for j, (lo, hi) in enumerate(image[v]):
                            assert _inside(step[v][j], lo, hi, "1e-55"), (b, k, v, j)


def test_point_box_images_are_tight() -> None:
    cert = rnn()
    ((lo, hi),) = box_image(cert, 0, 1)["s"]  # tanh(50), a point
    assert 0 < hi - lo < Fraction(1, 10**70)
    assert box_image(cert, 0, 0)["s"] == ((Fraction(0), Fraction(0)),)  # tanh(0) exactly
    ((lo, hi),) = box_image(cert, 0, 1, precision_bits=64)["s"]
    assert Fraction(1, 10**25) < hi - lo < Fraction(1, 10**17)


def test_precision_is_an_argument_and_is_restored() -> None:
    cert = homework()
    ((lo, _),) = box_image(cert, 0, 1)["h"]  # the lowest h reached in box 1, from box 0
    margin = lo - Fraction(1, 10**45)
    text = f"{(margin.numerator * 10**60) // margin.denominator}/{10**60}"
    cert["boxes"][1]["bounds"]["h"] = [[text, "0.77"]]
    saved = iv.prec
    assert check_certificate(cert).valid
    narrow = check_certificate(cert, precision_bits=128)
    assert not narrow.valid and narrow.failure is not None
    assert said(narrow).startswith("obligation 3: box 0, symbol 1 = [1]: image h[0] ⊆ [")
    assert narrow.failure.obligation is Obligation.TRANSITION
    assert (narrow.failure.box, narrow.failure.symbol) == (0, 1)
    assert iv.prec == saved
    for bad in (10, True, 2.5, 1 << 20):
        with pytest.raises(UsageError, match="precision_bits"):
            check_certificate(cert, precision_bits=bad)  # type: ignore[arg-type]


def test_gating_latch_cannot_be_certified() -> None:
    """The built-in gated latch holds s on input 0 only approximately: s' = (1 − σ(−50)) s.

    After about ln 2 / σ(−50) ≈ 3.6·10^21 zeros its output drops to 0, so no two-state
    latch certificate can exist, whatever box it offers for the latched state.
    """
    model = builtin_model("gating")
    steps = oracle.run(model, [1, 0], 50)
    with mpmath.workdps(50):
        g, s1 = steps[1]["g"][0], steps[0]["s"][0]
        assert abs(steps[1]["s"][0] - (1 - g) * s1) < mpmath.mpf("1e-45")
        assert (1 - g) ** (4 * 10**21) * s1 < mpmath.mpf(1) / 2
    for low in ("1/2", "0.6", "0.9", "0.999999"):
        cert = rnn()
        cert["model"].update(
            name="gating",
            cell="gated",
            params={
                "W_gs": [["0"]],
                "W_gx": [["100"]],
                "b_g": ["-50"],
                "W_ss": [["0"]],
                "W_sx": [["100"]],
                "b_s": ["0"],
            },
        )
        cert["machine"]["states"] = ["zero", "plus"]
        cert["machine"]["outputs"] = {"zero": [0], "plus": [1]}
        cert["machine"]["transitions"] = {"zero": ["zero", "plus"], "plus": ["plus", "plus"]}
        cert["boxes"] = cert["boxes"][:2]
        cert["boxes"][1]["bounds"] = {"s": [[low, "1"]]}
        cert["successors"] = [[0, 1], [1, 1]]
        result = check_certificate(cert)
        assert not result.valid and result.failure is not None
        assert said(result).startswith(
            f"obligation 3: box 1, symbol 0 = [0]: image s[0] ⊆ [{low}, 1] (box 1) fails"
        )


# ------------------------------------------------------------------------------------------
# Tampered certificates


def _set(path: tuple[Any, ...], value: Any) -> Callable[[Cert], None]:
    def edit(cert: Cert) -> None:
        target = cert
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return edit


def _delete(path: tuple[Any, ...]) -> Callable[[Cert], None]:
    def edit(cert: Cert) -> None:
        target = cert
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return edit


def _all(*edits: Callable[[Cert], None]) -> Callable[[Cert], None]:
    def edit(cert: Cert) -> None:
        for one in edits:
            one(cert)

    return edit


TAMPERED: dict[str, tuple[Callable[[Cert], None], str]] = {
    "box shrunk": (
        _set(("boxes", 1, "bounds", "h"), [["0.7616", "0.77"]]),
        "obligation 3: box 0, symbol 1 = [1]: image h[0] ⊆ [0.7616, 0.77] (box 1) fails: "
        "enclosure [0.76159415",
    ),
    "c box shrunk": (
        _set(("boxes", 0, "bounds", "c"), [["-1/2", "1/2"]]),
        "obligation 3: box 0, symbol 0 = [0]: image c[0] ⊆ [-1/2, 1/2] (box 0) fails",
    ),
    "successor redirected": (
        _set(("successors", 1, 1), 1),
        "obligation 3: box 1, symbol 1 = [1]: successor box 1 has machine state 'q1', "
        "but the machine goes from 'q1' to 'q2'",
    ),
    "machine transition redirected": (
        _set(("machine", "transitions", "q1"), ["q0", "q1"]),
        "obligation 3: box 1, symbol 1 = [1]: successor box 2 has machine state 'q2', "
        "but the machine goes from 'q1' to 'q1'",
    ),
    "both redirected": (
        _all(_set(("successors", 1, 1), 1), _set(("machine", "transitions", "q1"), ["q0", "q1"])),
        "obligation 3: box 1, symbol 1 = [1]: image c[0] ⊆ [0.99, 1.01] (box 1) fails",
    ),
    "output flipped": (
        _set(("machine", "outputs", "q1"), [-1]),
        "obligation 4: box 1 (machine state 'q1', output -1): output h[0] interval [0.76, 0.77] "
        "is not inside [-3/2, -1/2)",
    ),
    "output on the boundary": (
        # h = −1/2 rounds toward zero, to 0: not the output −1 of q2
        _set(("boxes", 2, "bounds", "h"), [["-0.77", "-1/2"]]),
        "obligation 4: box 2 (machine state 'q2', output -1): output h[0] interval "
        "[-0.77, -1/2] touches the rounding boundary -1/2, which rounds toward zero, away "
        "from the output",
    ),
    "output across the boundary": (
        _set(("boxes", 0, "bounds", "h"), [["-3/5", "2/5"]]),
        "obligation 4: box 0 (machine state 'q0', output 0): output h[0] interval [-3/5, 2/5] "
        "is not inside [-1/2, 1/2]",
    ),
    "initial box wrong": (
        _set(("initial_box",), 1),
        "obligation 2: initial box 1 has machine state 'q1', but the machine starts in 'q0'",
    ),
    "initial state outside": (
        _set(("model", "initial", "h"), ["1/2"]),
        "obligation 2: initial h[0] = 1/2 is not in [-2/5, 2/5] of initial box 0",
    ),
    "parameter changed W_ch = -10": (
        _set(("model", "params", "W_ch"), [["-10"]]),
        "obligation 3: box 1, symbol 1 = [1]: image c[0] ⊆ [-1.01, -0.99] (box 2) fails",
    ),
    "parameter changed b_f = 0": (
        _set(("model", "params", "b_f"), ["0"]),
        "obligation 3: box 0, symbol 0 = [0]: image c[0] ⊆ [-1, 1] (box 0) fails",
    ),
    "malformed number 1.5e5": (  # exact M e K (1e400) is read, a decimal mantissa is not
        _set(("model", "params", "b_i"), ["1.5e5"]),
        "obligation 1 (structure): model.params.b_i[0]: expected an exact number",
    ),
    "malformed number 0x10": (_set(("model", "params", "b_i"), ["0x10"]), "model.params.b_i[0]"),
    "malformed number 1.": (
        _set(("boxes", 0, "bounds", "h", 0, 1), "1."),
        "boxes[0].bounds.h[0][1]",
    ),
    "malformed number .5": (_set(("boxes", 0, "bounds", "h", 0, 1), ".5"), "got '.5'"),
    "malformed number --1": (_set(("model", "alphabet", 0, 0), "--1"), "model.alphabet[0][0]"),
    "malformed number arabic digit": (
        _set(("model", "alphabet", 0, 0), "\u0661"),
        "expected an exact number",
    ),
    "malformed number with spaces": (
        _set(("model", "alphabet", 0, 0), " 1"),
        "expected an exact number",
    ),
    "malformed number underscore": (
        _set(("model", "params", "b_i"), ["1_00"]),
        "expected an exact number",
    ),
    "malformed number nan": (_set(("model", "params", "b_i"), ["nan"]), "expected an exact number"),
    "zero denominator": (_set(("model", "params", "b_i"), ["1/0"]), "zero denominator in '1/0'"),
    "negative denominator": (
        _set(("model", "params", "b_i"), ["1/-2"]),
        "expected an exact number",
    ),
    "JSON number instead of string": (
        _set(("model", "params", "b_i"), [100]),
        "model.params.b_i[0]: expected an exact number as a string, got the JSON number 100",
    ),
    "float instead of string": (_set(("boxes", 0, "bounds", "h", 0, 0), -0.4), "as a string"),
    "missing parameter": (_delete(("model", "params", "b_o")), "model.params: missing key 'b_o'"),
    "unknown parameter": (_set(("model", "params", "W_xx"), [["0"]]), "unknown key 'W_xx'"),
    "wrong shape": (
        _set(("model", "params", "W_fh"), [["0", "0"]]),
        "model.params.W_fh[0]: expected 1 entries",
    ),
    "unknown cell": (_set(("model", "cell"), "transformer"), "model.cell: expected one of"),
    "wrong output variable": (_set(("output",), "c"), "output: the lstm cell rounds 'h'"),
    "ids out of order": (_set(("boxes", 1, "id"), 2), "boxes[1].id: expected 1"),
    "lo above hi": (
        _set(("boxes", 1, "bounds", "h"), [["0.77", "0.76"]]),
        "lower bound 0.77 exceeds upper bound 0.76",
    ),
    "successor out of range": (
        _set(("successors", 0, 1), 3),
        "successors[0][1]: expected a whole number from 0 to 2, got 3",
    ),
    "missing successor": (_set(("successors", 2), [0]), "successors[2]: expected 2 entries, got 1"),
    "successor row missing": (
        _set(("successors",), [[0, 1], [0, 2]]),
        "successors: expected 3 entries",
    ),
    "boolean successor": (_set(("successors", 0, 0), False), "got a boolean"),
    "unknown box state": (
        _set(("boxes", 0, "state"), "q9"),
        "boxes[0].state: 'q9' is not a machine state",
    ),
    "unknown transition target": (
        _set(("machine", "transitions", "q0"), ["q0", "q7"]),
        "'q7' is not a machine state",
    ),
    "transition row short": (
        _set(("machine", "transitions", "q0"), ["q0"]),
        "machine.transitions.q0: expected 2 entries",
    ),
    "duplicate machine state": (
        _set(("machine", "states"), ["q0", "q1", "q2", "q1"]),
        "state 'q1' appears twice",
    ),
    "machine output not an int": (
        _set(("machine", "outputs", "q0"), ["0"]),
        "machine.outputs.q0[0]: expected a whole number",
    ),
    "missing bounds variable": (
        _delete(("boxes", 2, "bounds", "c")),
        "boxes[2].bounds: missing key 'c'",
    ),
    "initial box out of range": (
        _set(("initial_box",), -1),
        "initial_box: expected a whole number from 0 to 2",
    ),
    "wrong format": (_set(("format",), "other"), "format: expected 'symlstm-certificate'"),
    "wrong version": (_set(("version",), 3), "version: expected 1 or 2, got the JSON number 3"),
    "unknown top-level key": (_set(("extra",), 1), "certificate: unknown key 'extra'"),
    "empty alphabet": (
        _set(("model", "alphabet"), []),
        "model.alphabet: expected at least one symbol",
    ),
}


def test_a_round_readout_reads_a_tie_toward_zero() -> None:
    """h = ±1/2 rounds to 0 (the course's tie rule): q0's box may reach the tie −1/2."""
    cert = homework()
    _set(("boxes", 0, "bounds", "h"), [["-1/2", "2/5"]])(cert)
    assert check_certificate(cert).valid


@pytest.mark.parametrize("name", sorted(TAMPERED))
def test_tampered_certificates_are_rejected(name: str) -> None:
    edit, message = TAMPERED[name]
    cert = homework()
    edit(cert)
    result = check_certificate(cert)
    assert not result.valid
    assert result.failure is not None and message in said(result)
    if message.startswith("obligation"):
        assert said(result).startswith(message)
        assert result.failure.obligation.value == int(message.split()[1].rstrip(":"))
    if "structure" in said(result):
        assert result.failure.obligation is Obligation.STRUCTURE
        assert result.obligations == 0


def test_failure_message_shows_a_true_enclosure() -> None:
    """The printed enclosure contains the exact image of the box and is tight.

    Box 0 on input 1: h' = σ(100)·tanh(σ(−100)·c + σ(200)·tanh(−100 h + 50)) is increasing in
    c and decreasing in h, so its exact range is reached at two corners of the box.
    """
    cert = homework()
    cert["boxes"][1]["bounds"]["h"] = [["0.7616", "0.77"]]
    failure = said(check_certificate(cert))
    low_text, high_text = failure.rsplit("enclosure [", 1)[1].rstrip("]").split(", ")
    model = builtin_model("homework")
    corners = []
    for c, h in (("-1", "2/5"), ("1", "-2/5")):
        initial = (("c", (sympy.Rational(c),)), ("h", (sympy.Rational(h),)))
        (step,) = oracle.run(dataclasses.replace(model, initial=initial), [1], 50)
        corners.append(step["h"][0])
    with mpmath.workdps(50):
        low, high = mpmath.mpf(low_text), mpmath.mpf(high_text)
        assert low <= corners[0] <= corners[1] <= high
        assert corners[0] - low < mpmath.mpf("1e-11") and high - corners[1] < mpmath.mpf("1e-11")


@given(
    st.fractions(min_value=Fraction(-(10**40)), max_value=Fraction(10**40)),
    st.integers(min_value=1, max_value=40),
)
def test_printed_decimals_are_rounded_outward(value: Fraction, digits: int) -> None:
    down, up = _decimal(value, up=False, digits=digits), _decimal(value, up=True, digits=digits)
    low, high = Fraction(decimal.Decimal(down)), Fraction(decimal.Decimal(up))
    assert low <= value <= high
    if value != 0:
        assert high - low <= abs(value) * Fraction(10) ** (1 - digits)
    if low == value:
        assert high == value


def test_the_fixture_is_not_changed_by_checking() -> None:
    cert = homework()
    before = copy.deepcopy(cert)
    check_certificate(cert)
    assert cert == before


def test_not_a_mapping() -> None:
    result = check_certificate([1, 2])  # type: ignore[arg-type]
    assert result == CheckResult(
        False, CheckFailure(Obligation.STRUCTURE, "certificate: expected an object, got a list"), 0
    )
    assert said(result) == "obligation 1 (structure): certificate: expected an object, got a list"


def test_cell_table_matches_the_model_stage() -> None:
    for name, kind in CELL_KINDS.items():
        cell = CELLS[name]
        assert set(cell.params) == set(kind.param_names)
        assert cell.states == kind.states and cell.output == kind.output


def test_huge_parameters_stay_cheap() -> None:
    cert = homework()
    cert["model"]["params"]["b_f"] = ["-" + "9" * 3000]  # f = 0 to any precision
    cert["model"]["params"]["b_i"] = ["9" * 3000]
    assert check_certificate(cert).valid
    cert["model"]["params"]["b_i"] = ["9" * 5000]
    result = check_certificate(cert)
    assert not result.valid and "too long" in said(result)


# ------------------------------------------------------------------------------------------
# Files and the command line


def _write(tmp_path: Path, cert: object, name: str = "cert.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(cert), encoding="utf-8")
    return path


def test_load_certificate_round_trip(tmp_path: Path) -> None:
    assert load_certificate(_write(tmp_path, homework())) == homework()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "line 1 column 2: not valid JSON"),
        ("[]", "expected a JSON object, got a list"),
        ('{"format": "other", "version": 1}', "format: expected 'symlstm-certificate'"),
        ('{"format": "symlstm-certificate", "version": 7}', "version: expected 1 or 2"),
        ('{"format": "symlstm-certificate", "version": 1, "x": NaN}', "without NaN"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
    ids=["syntax", "list", "format", "version", "nan", "deep"],
)
def test_load_certificate_malformed(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ModelError) as error:
        load_certificate(path)
    assert str(error.value).startswith(str(path))
    assert message in str(error.value)


def test_load_certificate_unreadable(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="cannot read the file"):
        load_certificate(tmp_path / "missing.json")
    (tmp_path / "latin1.json").write_bytes(b'{"a": "\xe9"}')
    with pytest.raises(ModelError, match="UTF-8"):
        load_certificate(tmp_path / "latin1.json")


def test_cli_valid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(_write(tmp_path, homework()))]) == 0
    assert capsys.readouterr().out == "valid\n"


def test_cli_invalid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cert = homework()
    cert["machine"]["outputs"]["q2"] = [1]
    assert main(["check", str(_write(tmp_path, cert))]) == 1
    out = capsys.readouterr().out
    assert out.startswith("invalid: obligation 4: box 2 (machine state 'q2', output 1)")
    assert out.count("\n") == 1


def test_cli_precision_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, homework())
    assert main(["check", "--precision", "128", str(path)]) == 0
    assert capsys.readouterr().out == "valid\n"
    # 64 bits cannot show c' = f·c + i·tanh(−100 h) ≤ 1 (the gap 1 − tanh(40) is 4e-35)
    assert main(["check", "--precision", "64", str(path)]) == 1
    assert capsys.readouterr().out.startswith(
        "invalid: obligation 3: box 0, symbol 0 = [0]: image c[0] ⊆ [-1, 1] (box 0) fails"
    )
    assert main(["check", "--precision", "12", str(path)]) == 2
    assert "--precision" in capsys.readouterr().err


def test_cli_malformed_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"format": "symlstm-certificate", ', encoding="utf-8")
    assert main(["check", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"symlstm: {path}: line 1 column")
    assert captured.err.count("\n") == 1


def test_an_activations_endpoint_enclosures_are_kept_per_precision() -> None:
    """The checker keeps f(endpoint) for endpoints it meets again (grid boxes share faces);
    the same endpoint at a finer precision is enclosed anew, never by the coarse value, and
    a kept value is the one computed afresh."""
    from symlstm.analysis import check

    tanh = check._monotone(check._tanh_point, Fraction(-1), Fraction(1), 10**6)
    saved = iv.prec
    try:
        widths = []
        for bits in (64, 256, 64):
            iv.prec = bits
            x = iv.mpf(1) / iv.mpf(2)  # exact at every precision: the same key but for it
            first, again = tanh(x), tanh(x)
            assert first._mpi_ == again._mpi_
            fresh = check._tanh_point(iv.make_mpf((x._mpi_[0], x._mpi_[0])))
            assert first._mpi_[0] == fresh._mpi_[0]
            lo, hi = check._endpoints(first)
            widths.append(hi - lo)
        assert widths[1] < widths[0] and widths[2] == widths[0]
    finally:
        iv.prec = saved
