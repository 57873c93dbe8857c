"""An independent oracle: the cells and readouts re-implemented in plain mpmath, for tests.

Written from the course's equations (problems.md §1, §4) and the parameter table in the
README, on purpose without importing anything from ``symlstm.equations`` or
``symlstm.numbers``: tests compare those stages against this file. Only the data fields of
a :class:`symlstm.model.Model` are read (``kind.name``, ``hidden``, ``inputs``, ``weights``,
``biases``, ``initial``).

    lstm   f, i, o = σ(W^{·,h} h + W^{·,x} x + b_·);  c̃ = tanh(W^{c,h} h + W^{c,x} x + b_c)
           c' = f ⊙ c + i ⊙ c̃;  h' = o ⊙ tanh(c')
    gated  g = σ(W^{g,s} s + W^{g,x} x + b_g);  s̃ = tanh(W^{s,s} s + W^{s,x} x + b_s)
           s' = (1 − g) ⊙ s + g ⊙ s̃
    rnn    s' = tanh(W^{s,s} s + W^{s,x} x + b_s)
    gru    r, z = σ(W^{·,h} h + W^{·,x} x + b_·)   (PyTorch nn.GRU)
           n = tanh(W^{n,x} x + b_n + r ⊙ (W^{n,h} h + b_{nh}));  h' = (1 − z) ⊙ n + z ⊙ h
    lstm-peephole   as lstm, with p_f ⊙ c in f, p_i ⊙ c in i, and p_o ⊙ c' in o (ONNX's
           LSTM with its input P: the output gate sees the new memory)
    gru-reset-before   as gru without b_{nh}, n = tanh(W^{n,h} (r ⊙ h) + W^{n,x} x + b_n)
           (Cho et al. 2014; ONNX linear_before_reset = 0; Keras reset_after = False)

The readout (README, "Model files"; ``model.readout``'s data fields only) maps the visible
state v (h, or s) to the output: round — round(v_j) for the read units (a tie k ± 1/2
toward zero); sign — 1, −1 (0 for v_j = 0); threshold — 1 if v_j > theta else 0; argmax —
the row c maximising (weight·v + bias)_c (the smallest on a tie); logistic — 1 if weight·v
+ bias > 0 else 0. A decision within 10^-(dps/2) of its boundary is *undecided* at that
precision (an exact tie cannot be told from a near one in rounded arithmetic).

Every quantity is computed inside ``mpmath.workdps(dps)``; the precision is an argument.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import mpmath
import sympy

Vec = list[Any]  # list of mpmath.mpf
Symbol = tuple[Any, ...] | int


def _exact(value: Any) -> Any:
    """An exact rational (int, fractions.Fraction, sympy Rational/Integer) as an mpf.

    The quotient p/q is rounded once, at the working precision.
    """
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, int):
        return mpmath.mpf(value)
    if hasattr(value, "p") and hasattr(value, "q"):  # sympy Rational / Integer
        p, q = int(value.p), int(value.q)
    elif hasattr(value, "numerator") and hasattr(value, "denominator"):
        p, q = int(value.numerator), int(value.denominator)
    else:
        raise TypeError(f"not an exact rational: {value!r}")
    return mpmath.mpf(p) / q if q != 1 else mpmath.mpf(p)


# every function below works on mpf values (rounded at the working precision) and on SymPy
# expressions (exact: ``exact_outputs``), chosen by the type of its arguments


def _sigmoid(x: Any) -> Any:
    if isinstance(x, sympy.Basic):
        return 1 / (1 + sympy.exp(-x))
    return 1 / (1 + mpmath.exp(-x))


def _tanh(x: Any) -> Any:
    if isinstance(x, sympy.Basic):
        return sympy.tanh(x)
    return mpmath.tanh(x)


def _sum(parts: Any) -> Any:
    parts = list(parts)
    if any(isinstance(v, sympy.Basic) for v in parts):
        return sympy.Add(*parts)
    return mpmath.fsum(parts)


def _matvec(matrix: list[Vec], vector: Vec) -> Vec:
    return [_sum(a * b for a, b in zip(row, vector, strict=True)) for row in matrix]


def _add(*vectors: Vec) -> Vec:
    return [_sum(parts) for parts in zip(*vectors, strict=True)]


def _mul(a: Vec, b: Vec) -> Vec:
    return [x * y for x, y in zip(a, b, strict=True)]


def _symbol(model: Any, symbol: Symbol) -> Vec:
    values = (symbol,) if isinstance(symbol, int) else tuple(symbol)
    if len(values) != model.inputs:
        raise ValueError(f"input symbol {symbol!r} has {len(values)} entries, need {model.inputs}")
    return [_exact(v) for v in values]


def _affine(
    w: dict[str, list[Vec]], b: dict[str, Vec], unit: str, state: str, prev: Vec, x: Vec
) -> Vec:
    return _add(_matvec(w[f"W_{unit}{state}"], prev), _matvec(w[f"W_{unit}x"], x), b[f"b_{unit}"])


def _step(
    kind: str, w: dict[str, list[Vec]], b: dict[str, Vec], state: dict[str, Vec], x: Vec
) -> dict[str, Vec]:
    out: dict[str, Vec] = {}
    if kind in ("lstm", "lstm-peephole"):
        h, c = state["h"], state["c"]
        for unit in ("f", "i", "o", "c"):
            out[f"z_{unit}"] = _affine(w, b, unit, "h", h, x)
        if kind == "lstm-peephole":  # f and i see c, o sees the new c (below)
            out["z_f"] = _add(out["z_f"], _mul(b["p_f"], c))
            out["z_i"] = _add(out["z_i"], _mul(b["p_i"], c))
        out["f"] = [_sigmoid(v) for v in out["z_f"]]
        out["i"] = [_sigmoid(v) for v in out["z_i"]]
        out["ctilde"] = [_tanh(v) for v in out["z_c"]]
        out["c"] = _add(_mul(out["f"], c), _mul(out["i"], out["ctilde"]))
        if kind == "lstm-peephole":
            out["z_o"] = _add(out["z_o"], _mul(b["p_o"], out["c"]))
        out["o"] = [_sigmoid(v) for v in out["z_o"]]
        out["h"] = _mul(out["o"], [_tanh(v) for v in out["c"]])
    elif kind == "gated":
        s = state["s"]
        out["z_g"] = _affine(w, b, "g", "s", s, x)
        out["z_s"] = _affine(w, b, "s", "s", s, x)
        out["g"] = [_sigmoid(v) for v in out["z_g"]]
        out["stilde"] = [_tanh(v) for v in out["z_s"]]
        out["s"] = _add(_mul([1 - g for g in out["g"]], s), _mul(out["g"], out["stilde"]))
    elif kind == "rnn":
        s = state["s"]
        out["z_s"] = _affine(w, b, "s", "s", s, x)
        out["s"] = [_tanh(v) for v in out["z_s"]]
    elif kind in ("gru", "gru-reset-before"):
        h = state["h"]
        out["z_r"] = _affine(w, b, "r", "h", h, x)
        out["z_z"] = _affine(w, b, "z", "h", h, x)
        out["r"] = [_sigmoid(v) for v in out["z_r"]]
        out["z"] = [_sigmoid(v) for v in out["z_z"]]
        if kind == "gru":  # the reset gate scales W^{n,h} h + b_{nh} (PyTorch)
            out["z_nh"] = _add(_matvec(w["W_nh"], h), b["b_nh"])
            out["z_n"] = _add(_matvec(w["W_nx"], x), b["b_n"], _mul(out["r"], out["z_nh"]))
        else:  # the reset gate scales h before W^{n,h} (Cho et al.)
            out["z_n"] = _affine(w, b, "n", "h", _mul(out["r"], h), x)
        out["n"] = [_tanh(v) for v in out["z_n"]]
        out["h"] = _add(_mul([1 - z for z in out["z"]], out["n"]), _mul(out["z"], h))
    else:
        raise ValueError(f"unknown cell kind {kind!r}")
    return out


STATES = {
    "lstm": ("c", "h"),
    "gated": ("s",),
    "rnn": ("s",),
    "gru": ("h",),
    "lstm-peephole": ("c", "h"),
    "gru-reset-before": ("h",),
}
OUTPUT = {k: "h" if "h" in v else "s" for k, v in STATES.items()}  # the state read


def run(model: Any, inputs: Sequence[Symbol], dps: int) -> list[dict[str, Vec]]:
    """Every pre-activation, gate, candidate and state after each step, at ``dps`` digits."""
    kind = model.kind.name
    with mpmath.workdps(dps):
        w = {name: [[_exact(v) for v in row] for row in m] for name, m in model.weights}
        b = {name: [_exact(v) for v in vec] for name, vec in model.biases}
        state = {name: [_exact(v) for v in vec] for name, vec in model.initial}
        for name in STATES[kind]:
            if len(state[name]) != model.hidden:
                raise ValueError(f"initial {name} has the wrong size")
        steps: list[dict[str, Vec]] = []
        for symbol in inputs:
            values = _step(kind, w, b, state, _symbol(model, symbol))
            steps.append(values)
            state = {name: values[name] for name in STATES[kind]}
        return steps


def visible(model: Any) -> str:
    """The name of the state the readout reads (h, or s)."""
    return OUTPUT[model.kind.name]


def _undecided(where: str, value: Any, boundary: str, dps: int) -> str:
    return (
        f"{where} = {mpmath.nstr(value, 20)} is within 10^-{dps // 2} of {boundary}; "
        f"undecided at {dps} digits"
    )


def read(model: Any, state: Vec, dps: int) -> tuple[int, ...]:
    """The model's readout of the visible state ``state`` (mpf values).

    Raises ValueError when a decision lies within 10^-(dps/2) of its boundary.
    """
    readout = model.readout
    kind = readout.kind.value
    with mpmath.workdps(dps):
        tolerance = mpmath.mpf(10) ** (-(dps // 2))
        half = mpmath.mpf(1) / 2
        if kind in ("argmax", "logistic"):
            scores = [
                mpmath.fsum(_exact(w) * v for w, v in zip(row, state, strict=True)) + _exact(bias)
                for row, bias in zip(readout.weight, readout.bias, strict=True)
            ]
            if kind == "logistic":
                if abs(scores[0]) < tolerance:
                    raise ValueError(_undecided("the score", scores[0], "0", dps))
                return (1 if scores[0] > 0 else 0,)
            best = max(range(len(scores)), key=lambda c: (scores[c], -c))
            for c, score in enumerate(scores):
                if c != best and abs(scores[best] - score) < tolerance:
                    raise ValueError(_undecided(f"score {best} − score {c}", 0, "0", dps))
            return (best,)
        units = readout.units if readout.units is not None else range(len(state))
        out = []
        for j in units:
            v = state[j]
            where = f"component {j}"
            if kind == "round":
                k = int(mpmath.floor(v + half))
                if abs(v - (k - half)) < tolerance or abs(v - (k + half)) < tolerance:
                    raise ValueError(_undecided(where, v, "a half-integer", dps))
                out.append(k)
            elif kind == "sign":
                if abs(v) < tolerance:
                    raise ValueError(_undecided(where, v, "0", dps))
                out.append(1 if v > 0 else -1)
            elif kind == "threshold":
                theta = _exact(readout.theta)
                if abs(v - theta) < tolerance:
                    raise ValueError(_undecided(where, v, "theta", dps))
                out.append(1 if v > theta else 0)
            else:
                raise ValueError(f"unknown readout kind {kind!r}")
        return tuple(out)


def outputs(model: Any, inputs: Sequence[Symbol], dps: int) -> list[tuple[int, ...]]:
    """The readout of the visible state (h or s) after each step (by default the nearest
    integers of every component).

    Raises ValueError when a decision lies within 10^-(dps/2) of its boundary: it is not
    decided at this precision.
    """
    key = OUTPUT[model.kind.name]
    result: list[tuple[int, ...]] = []
    for t, values in enumerate(run(model, inputs, dps)):
        try:
            result.append(read(model, values[key], dps))
        except ValueError as error:
            raise ValueError(f"step {t}: {key}: {error}") from None
    return result


def _rational(value: Any) -> Any:
    if hasattr(value, "p") and hasattr(value, "q"):
        return sympy.Rational(int(value.p), int(value.q))
    if hasattr(value, "numerator"):
        return sympy.Rational(int(value.numerator), int(value.denominator))
    return sympy.Integer(int(value))


def exact_run(model: Any, inputs: Sequence[Symbol]) -> list[dict[str, Vec]]:
    """As :func:`run`, in exact SymPy expressions (no rounding: for short words only)."""
    kind = model.kind.name
    w = {name: [[_rational(v) for v in row] for row in m] for name, m in model.weights}
    b = {name: [_rational(v) for v in vec] for name, vec in model.biases}
    state = {name: [_rational(v) for v in vec] for name, vec in model.initial}
    steps: list[dict[str, Vec]] = []
    for symbol in inputs:
        values = (symbol,) if isinstance(symbol, int) else tuple(symbol)
        x = [_rational(v) for v in values]
        out = _step(kind, w, b, state, x)
        steps.append(out)
        state = {name: out[name] for name in STATES[kind]}
    return steps


def _exact_sign(q: Any) -> int:
    """The sign of an exact expression: from 60 digits when it is clearly away from 0, else
    0 when SymPy proves it is 0; ValueError otherwise (a nonzero value this close to 0 is
    what the rounded oracle could not decide either)."""
    value = sympy.N(q, 60)
    if abs(value) > sympy.Rational(1, 10**30):
        return 1 if value > 0 else -1
    if q == 0 or sympy.simplify(q) == 0:
        return 0
    raise ValueError(f"{q} is within 10^-30 of 0 and not provably 0")


def exact_read(model: Any, state: Vec) -> tuple[int, ...]:
    """:func:`read` on exact expressions: a tie that SymPy proves exact is read by the
    readout's tie rule (round: toward zero, the course's "if h_t = ±0.5, round it to 0";
    sign: 0; threshold, logistic: 0; argmax: the smallest row)."""
    readout = model.readout
    kind = readout.kind.value
    if kind in ("argmax", "logistic"):
        scores = [
            sympy.Add(*(_rational(w) * v for w, v in zip(row, state, strict=True))) + _rational(b)
            for row, b in zip(readout.weight, readout.bias, strict=True)
        ]
        if kind == "logistic":
            return (1 if _exact_sign(scores[0]) > 0 else 0,)
        best = 0
        for c in range(1, len(scores)):
            if _exact_sign(scores[c] - scores[best]) > 0:
                best = c
        return (best,)
    units = readout.units if readout.units is not None else range(len(state))
    out = []
    half = sympy.Rational(1, 2)
    for j in units:
        v = state[j]
        if kind == "round":
            k = int(sympy.floor(sympy.N(v, 60) + half))
            below, above = _exact_sign(v - (k - half)), _exact_sign(v - (k + half))
            if below == 0:  # v = k − 1/2: toward zero
                k = k - 1 if k - half > 0 else k
            elif above == 0:  # v = k + 1/2: toward zero
                k = k if k + half > 0 else k + 1
            elif not (below > 0 > above):
                raise ValueError(f"component {j}: {v} does not round to {k}")
            out.append(k)
        elif kind == "sign":
            out.append(_exact_sign(v))
        elif kind == "threshold":
            out.append(1 if _exact_sign(v - _rational(readout.theta)) > 0 else 0)
        else:
            raise ValueError(f"unknown readout kind {kind!r}")
    return tuple(out)


def exact_outputs(model: Any, inputs: Sequence[Symbol]) -> list[tuple[int, ...]]:
    """As :func:`outputs`, exactly (:func:`exact_run`, :func:`exact_read`): decides the
    exact ties the rounded oracle cannot; ValueError where it cannot decide either."""
    key = OUTPUT[model.kind.name]
    result = []
    for t, values in enumerate(exact_run(model, inputs)):
        try:
            result.append(exact_read(model, values[key]))
        except ValueError as error:
            raise ValueError(f"step {t}: {key}: {error}") from None
    return result


def all_words(alphabet: Sequence[Symbol], length: int) -> list[tuple[Symbol, ...]]:
    """Every word of exactly ``length`` symbols over ``alphabet``, in lexicographic order."""
    return list(itertools.product(alphabet, repeat=length))
