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
from fractions import Fraction
from typing import Any

import mpmath

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


# every function below works on mpf values (rounded at the working precision) and on the
# exact run's values (``exact_run``): a Fraction where the value is an exact rational that
# this arithmetic can see (σ(0) = 1/2, tanh(0) = 0, 0 · anything = 0, sums and products of
# rationals), None where it is not (an irrational such as tanh(1), or unknown)


def _sigmoid(x: Any) -> Any:
    if x is None or isinstance(x, Fraction):
        return Fraction(1, 2) if x == 0 else None
    return 1 / (1 + mpmath.exp(-x))


def _tanh(x: Any) -> Any:
    if x is None or isinstance(x, Fraction):
        return Fraction(0) if x == 0 else None
    return mpmath.tanh(x)


def _times(a: Any, b: Any) -> Any:
    if a is None or b is None:
        other = b if a is None else a
        return Fraction(0) if isinstance(other, Fraction) and other == 0 else None
    return a * b


def _minus(a: Any, b: Any) -> Any:
    return None if a is None or b is None else a - b


def _one_minus(a: Any) -> Any:
    return None if a is None else 1 - a


def _sum(parts: Any) -> Any:
    parts = list(parts)
    if any(v is None for v in parts):
        return None
    if parts and all(isinstance(v, Fraction) for v in parts):
        return sum(parts, Fraction(0))
    return mpmath.fsum(parts)


def _matvec(matrix: list[Vec], vector: Vec) -> Vec:
    return [_sum(_times(a, b) for a, b in zip(row, vector, strict=True)) for row in matrix]


def _add(*vectors: Vec) -> Vec:
    return [_sum(parts) for parts in zip(*vectors, strict=True)]


def _mul(a: Vec, b: Vec) -> Vec:
    return [_times(x, y) for x, y in zip(a, b, strict=True)]


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
        out["s"] = _add(_mul([_one_minus(g) for g in out["g"]], s), _mul(out["g"], out["stilde"]))
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
        out["h"] = _add(_mul([_one_minus(z) for z in out["z"]], out["n"]), _mul(out["z"], h))
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


def read(model: Any, state: Vec, dps: int, exact: Vec | None = None) -> tuple[int, ...]:
    """The model's readout of the visible state ``state`` (mpf values at ``dps`` digits).

    Raises ValueError when a decision lies within 10^-(dps/2) of its boundary, unless
    ``exact`` (the same state as SymPy expressions, :func:`exact_run`) makes that decision's
    quantity an exact rational: then it is decided exactly, a tie by the readout's rule.
    """
    readout = model.readout
    kind = readout.kind.value
    with mpmath.workdps(dps):
        tolerance = mpmath.mpf(10) ** (-(dps // 2))

        def sign(where: str, boundary: str, value: Any, exact_value: Any) -> int:
            if abs(value) >= tolerance:
                return 1 if value > 0 else -1
            if exact_value is not None:  # an exact rational: decided exactly
                return int(exact_value > 0) - int(exact_value < 0)
            raise ValueError(_undecided(where, value, boundary, dps))

        if kind in ("argmax", "logistic"):
            rows = list(zip(readout.weight, readout.bias, strict=True))
            scores = [
                mpmath.fsum(_exact(w) * v for w, v in zip(row, state, strict=True)) + _exact(b)
                for row, b in rows
            ]

            def exact_score(c: int) -> Any:
                row, b = rows[c]
                assert exact is not None
                return _sum(
                    [
                        *(_times(_rational(w), v) for w, v in zip(row, exact, strict=True)),
                        _rational(b),
                    ]
                )

            if kind == "logistic":
                s0 = sign("the score", "0", scores[0], None if exact is None else exact_score(0))
                return (1 if s0 > 0 else 0,)
            best = 0
            for c in range(1, len(scores)):
                diff = scores[c] - scores[best]
                exact_diff = None if exact is None else _minus(exact_score(c), exact_score(best))
                if sign(f"score {c} − score {best}", "0", diff, exact_diff) > 0:
                    best = c  # a tie keeps the smaller row
            return (best,)
        units = readout.units if readout.units is not None else range(len(state))
        half = mpmath.mpf(1) / 2
        out = []
        for j in units:
            v = state[j]
            e = None if exact is None else exact[j]
            where = f"component {j}"
            if kind == "round":
                k = int(mpmath.floor(v + half))
                r = Fraction(1, 2)
                below = sign(
                    where,
                    "a half-integer",
                    v - (k - half),
                    None if exact is None else _minus(e, k - r),
                )
                above = sign(
                    where,
                    "a half-integer",
                    v - (k + half),
                    None if exact is None else _minus(e, k + r),
                )
                if below < 0:  # just below k − 1/2 after all
                    k -= 1
                elif above > 0:
                    k += 1
                elif below == 0:  # v = k − 1/2: toward zero
                    k = k - 1 if 2 * k - 1 > 0 else k
                elif above == 0:  # v = k + 1/2: toward zero
                    k = k if 2 * k + 1 > 0 else k + 1
                out.append(k)
            elif kind == "sign":
                out.append(sign(where, "0", v, None if exact is None else e))
            elif kind == "threshold":
                theta = _exact(readout.theta)
                rtheta = _rational(readout.theta)
                above_theta = sign(
                    where, "theta", v - theta, None if exact is None else _minus(e, rtheta)
                )
                out.append(1 if above_theta > 0 else 0)
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


def _rational(value: Any) -> Fraction:
    if hasattr(value, "p") and hasattr(value, "q"):
        return Fraction(int(value.p), int(value.q))
    if hasattr(value, "numerator"):
        return Fraction(int(value.numerator), int(value.denominator))
    return Fraction(int(value))


def exact_run(model: Any, inputs: Sequence[Symbol]) -> list[dict[str, Vec]]:
    """As :func:`run`, exactly where the arithmetic is exact: each quantity a Fraction
    when it is a rational this run can see (see the arithmetic above), else None."""
    kind = model.kind.name
    w = {name: [[_rational(v) for v in row] for row in m] for name, m in model.weights}
    b = {name: [_rational(v) for v in vec] for name, vec in model.biases}
    state: dict[str, Vec] = {name: [_rational(v) for v in vec] for name, vec in model.initial}
    steps: list[dict[str, Vec]] = []
    for symbol in inputs:
        values = (symbol,) if isinstance(symbol, int) else tuple(symbol)
        out = _step(kind, w, b, state, [_rational(v) for v in values])
        steps.append(out)
        state = {name: out[name] for name in STATES[kind]}
    return steps


def exact_outputs(model: Any, inputs: Sequence[Symbol], dps: int = 140) -> list[tuple[int, ...]]:
    """As :func:`outputs` at ``dps`` digits, with the exact run (:func:`exact_run`) deciding
    what those digits cannot when it is an exact rational: the exact ties (a state σ(0)·(−1)
    = −1/2, scores 0 on the state tanh(0) = 0), read by the readout's rule. ValueError where
    neither decides. (No SymPy evaluation: a quantity that is not a rational is left to the
    rounded arithmetic.)"""
    key = OUTPUT[model.kind.name]
    rounded = run(model, inputs, dps)
    exact = exact_run(model, inputs)
    result = []
    for t, (values, exact_values) in enumerate(zip(rounded, exact, strict=True)):
        try:
            result.append(read(model, values[key], dps, exact_values[key]))
        except ValueError as error:
            raise ValueError(f"step {t}: {key}: {error}") from None
    return result


def all_words(alphabet: Sequence[Symbol], length: int) -> list[tuple[Symbol, ...]]:
    """Every word of exactly ``length`` symbols over ``alphabet``, in lexicographic order."""
    return list(itertools.product(alphabet, repeat=length))
