"""The equations of every cell against SymPy written by hand from the course (problems.md
§1, §4) and PyTorch's nn.GRU: general form, and per component for n = 2, m = 2 with
symbolic and with exact weights.

Expected expressions are built here from plain SymPy (``sympy.tanh``, the logistic
``1/(1 + e^{-z})``, ``sympy.Matrix`` products); symlstm's own ``sigmoid`` and ``tanh``
are rewritten into those before comparing, so the comparison is structural, with
``simplify(a - b) == 0`` as the fallback.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sympy

from symlstm.equations import (
    Hadamard,
    course_form,
    general_equations,
    substituted_equations,
)
from symlstm.equations import sigmoid as symlstm_sigmoid
from symlstm.equations import tanh as symlstm_tanh
from symlstm.equations.algebras import component_program
from symlstm.model import CELL_KINDS, Model, model_from_toml

Expr = sympy.Expr


def logistic(z: Expr) -> Expr:
    return 1 / (1 + sympy.exp(-z))


def canonical(expr: Expr) -> Expr:
    """symlstm's sigmoid and tanh in plain SymPy."""
    expr = expr.replace(symlstm_sigmoid, logistic)
    return expr.replace(symlstm_tanh, sympy.tanh)


def assert_same(actual: Expr, expected: Expr) -> None:
    a, b = canonical(actual), canonical(expected)
    assert a == b or sympy.simplify(a - b) == 0, f"\n  actual:   {a}\n  expected: {b}"


def sym(name: str) -> sympy.Symbol:
    return sympy.Symbol(name, real=True)


# ---------------------------------------------------------------- general form


def general_expected(kind: str) -> list[tuple[str, Expr]]:
    """The course's general equations, typed in from problems.md (GRU: PyTorch's)."""
    x = sym("x[t]")
    tanh = sympy.tanh

    def pre(unit: str, state: Expr, source: str) -> Expr:
        return sym(f"W_{unit}{source}") * state + sym(f"W_{unit}x") * x + sym(f"b_{unit}")

    if kind == "lstm":
        h, c = sym("h[t-1]"), sym("c[t-1]")
        f, i, o, c_t = sym("f[t]"), sym("i[t]"), sym("o[t]"), sym("c[t]")
        return [
            ("f[t]", logistic(pre("f", h, "h"))),
            ("i[t]", logistic(pre("i", h, "h"))),
            ("o[t]", logistic(pre("o", h, "h"))),
            ("c[t]", Hadamard(f, c) + Hadamard(i, tanh(pre("c", h, "h")))),
            ("h[t]", Hadamard(o, tanh(c_t))),
        ]
    if kind == "gated":
        s, g = sym("s[t-1]"), sym("g[t]")
        return [
            ("g[t]", logistic(pre("g", s, "s"))),
            ("s[t]", Hadamard(1 - g, s) + Hadamard(g, tanh(pre("s", s, "s")))),
        ]
    if kind == "rnn":
        s = sym("s[t-1]")
        return [("s[t]", tanh(pre("s", s, "s")))]
    if kind == "gru":
        h, r, z = sym("h[t-1]"), sym("r[t]"), sym("z[t]")
        n = tanh(sym("W_nx") * x + sym("b_n") + Hadamard(r, sym("W_nh") * h + sym("b_nh")))
        return [
            ("r[t]", logistic(pre("r", h, "h"))),
            ("z[t]", logistic(pre("z", h, "h"))),
            ("h[t]", Hadamard(1 - z, n) + Hadamard(z, h)),
        ]
    if kind == "lstm-peephole":  # Gers & Schmidhuber; o sees the new memory c_t
        h, c = sym("h[t-1]"), sym("c[t-1]")
        f, i, o, c_t = sym("f[t]"), sym("i[t]"), sym("o[t]"), sym("c[t]")

        def peep(unit: str, memory: Expr) -> Expr:
            return logistic(pre(unit, h, "h") + Hadamard(sym(f"p_{unit}"), memory))

        return [
            ("f[t]", peep("f", c)),
            ("i[t]", peep("i", c)),
            ("c[t]", Hadamard(f, c) + Hadamard(i, tanh(pre("c", h, "h")))),
            ("o[t]", peep("o", c_t)),
            ("h[t]", Hadamard(o, tanh(c_t))),
        ]
    if kind == "gru-reset-before":  # Cho et al. 2014, Keras reset_after=False
        h, r, z = sym("h[t-1]"), sym("r[t]"), sym("z[t]")
        n = tanh(sym("W_nh") * Hadamard(r, h) + sym("W_nx") * x + sym("b_n"))
        return [
            ("r[t]", logistic(pre("r", h, "h"))),
            ("z[t]", logistic(pre("z", h, "h"))),
            ("h[t]", Hadamard(1 - z, n) + Hadamard(z, h)),
        ]
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", sorted(CELL_KINDS))
def test_general_equations(kind: str) -> None:
    equations = general_equations(CELL_KINDS[kind]).equations
    expected = general_expected(kind)
    assert [e.lhs.name for e in equations] == [name for name, _ in expected]
    for equation, (_, rhs) in zip(equations, expected, strict=True):
        assert_same(equation.rhs, rhs)


def test_state_and_gates_of_the_lstm() -> None:
    """The quiz: c_t and h_t are the state, f, i, o are gates."""
    lstm = CELL_KINDS["lstm"]
    assert set(lstm.states) == {"c", "h"}
    assert lstm.gates == ("f", "i", "o")
    roles = {e.name: e.role.value for e in general_equations(lstm).equations if e.role}
    assert roles == {"f": "gate", "i": "gate", "o": "gate", "c": "state", "h": "state"}


# ---------------------------------------------------------------- components, n = 2, m = 2

N, M = 2, 2


def vector(base: str, time: str, size: int) -> sympy.Matrix:
    return sympy.Matrix([sym(f"{base}[{time}][{k + 1}]") for k in range(size)])


def componentwise_expected(
    kind: str, weight: Callable[[str], sympy.Matrix], bias: Callable[[str], sympy.Matrix]
) -> list[tuple[str, Expr]]:
    """Per-component course form with matrix algebra done by sympy.Matrix."""
    x = vector("x", "t", M)

    def pre(unit: str, state: sympy.Matrix, source: str) -> sympy.Matrix:
        return weight(f"W_{unit}{source}") * state + weight(f"W_{unit}x") * x + bias(f"b_{unit}")

    def rows(base: str, values: sympy.Matrix) -> list[tuple[str, Expr]]:
        return [(f"{base}[t][{k + 1}]", values[k]) for k in range(N)]

    def gate(base: str, values: sympy.Matrix) -> list[tuple[str, Expr]]:
        return rows(base, values.applyfunc(logistic))

    tanh = sympy.tanh
    if kind == "lstm":
        h, c = vector("h", "t-1", N), vector("c", "t-1", N)
        f, i, o, c_t = (vector(b, "t", N) for b in ("f", "i", "o", "c"))
        candidate = pre("c", h, "h").applyfunc(tanh)
        return [
            *gate("f", pre("f", h, "h")),
            *gate("i", pre("i", h, "h")),
            *gate("o", pre("o", h, "h")),
            *rows("c", f.multiply_elementwise(c) + i.multiply_elementwise(candidate)),
            *rows("h", o.multiply_elementwise(c_t.applyfunc(tanh))),
        ]
    if kind == "gated":
        s, g = vector("s", "t-1", N), vector("g", "t", N)
        ones = sympy.ones(N, 1)
        candidate = pre("s", s, "s").applyfunc(tanh)
        return [
            *gate("g", pre("g", s, "s")),
            *rows("s", (ones - g).multiply_elementwise(s) + g.multiply_elementwise(candidate)),
        ]
    if kind == "rnn":
        s = vector("s", "t-1", N)
        return rows("s", pre("s", s, "s").applyfunc(tanh))
    if kind == "gru":
        h, r, z = vector("h", "t-1", N), vector("r", "t", N), vector("z", "t", N)
        ones = sympy.ones(N, 1)
        reset = weight("W_nh") * h + bias("b_nh")
        n = (weight("W_nx") * x + bias("b_n") + r.multiply_elementwise(reset)).applyfunc(tanh)
        return [
            *gate("r", pre("r", h, "h")),
            *gate("z", pre("z", h, "h")),
            *rows("h", (ones - z).multiply_elementwise(n) + z.multiply_elementwise(h)),
        ]
    if kind == "lstm-peephole":
        h, c = vector("h", "t-1", N), vector("c", "t-1", N)
        f, i, o, c_t = (vector(b, "t", N) for b in ("f", "i", "o", "c"))
        candidate = pre("c", h, "h").applyfunc(tanh)

        def peep(unit: str, memory: sympy.Matrix) -> sympy.Matrix:
            return pre(unit, h, "h") + bias(f"p_{unit}").multiply_elementwise(memory)

        return [
            *gate("f", peep("f", c)),
            *gate("i", peep("i", c)),
            *rows("c", f.multiply_elementwise(c) + i.multiply_elementwise(candidate)),
            *gate("o", peep("o", c_t)),
            *rows("h", o.multiply_elementwise(c_t.applyfunc(tanh))),
        ]
    if kind == "gru-reset-before":
        h, r, z = vector("h", "t-1", N), vector("r", "t", N), vector("z", "t", N)
        ones = sympy.ones(N, 1)
        inner = weight("W_nh") * r.multiply_elementwise(h) + weight("W_nx") * x + bias("b_n")
        n = inner.applyfunc(tanh)
        return [
            *gate("r", pre("r", h, "h")),
            *gate("z", pre("z", h, "h")),
            *rows("h", (ones - z).multiply_elementwise(n) + z.multiply_elementwise(h)),
        ]
    raise AssertionError(kind)


def zero_model(kind: str) -> Model:
    """A model of the right sizes; its numbers are replaced by symbols below."""
    lines = [f'cell = "{kind}"', f"hidden = {N}", f"inputs = {M}", "[params]"]
    for spec in CELL_KINDS[kind].params:
        if spec.role.value in ("bias", "peephole"):
            continue
        cols = M if spec.source == "x" else N
        lines.append(f"{spec.name} = {[[0] * cols for _ in range(N)]}")
    return model_from_toml("\n".join(lines))


@pytest.mark.parametrize("kind", sorted(CELL_KINDS))
def test_components_with_symbolic_weights(kind: str) -> None:
    def entry(name: str, row: int, column: int | None) -> Expr:
        return sym(f"{name}_{row}" if column is None else f"{name}_{row}{column}")

    def weight(name: str) -> sympy.Matrix:
        cols = M if name.endswith("x") else N
        return sympy.Matrix(N, cols, lambda i, j: entry(name, i, j))

    def bias(name: str) -> sympy.Matrix:
        return sympy.Matrix([entry(name, i, None) for i in range(N)])

    equations = course_form(component_program(zero_model(kind), entry))
    expected = componentwise_expected(kind, weight, bias)
    assert [e.lhs.name for e in equations] == [name for name, _ in expected]
    for equation, (_, rhs) in zip(equations, expected, strict=True):
        assert_same(equation.rhs, rhs)


# exact weights for n = 2, m = 2, with zeros that must disappear and rationals that must stay
EXACT_WEIGHTS = {
    "x": '[[0, "1/3"], [-2, 0]]',  # for W_?x
    "s": '[[1, 0], ["-7/2", 0.25]]',  # for W_?h and W_?s
}


def exact_model_text(kind: str) -> str:
    lines = [f'cell = "{kind}"', f"hidden = {N}", f"inputs = {M}", 'name = "two"', "[params]"]
    for index, spec in enumerate(CELL_KINDS[kind].params):
        if spec.role.value in ("bias", "peephole"):
            lines.append(f"{spec.name} = [{index}, 0]")
        else:
            lines.append(f"{spec.name} = {EXACT_WEIGHTS['x' if spec.source == 'x' else 's']}")
    return "\n".join(lines)


@pytest.mark.parametrize("kind", sorted(CELL_KINDS))
def test_substituted_components_with_exact_weights(kind: str) -> None:
    R = sympy.Rational
    matrix_x = sympy.Matrix([[0, R(1, 3)], [-2, 0]])
    matrix_s = sympy.Matrix([[1, 0], [R(-7, 2), R(1, 4)]])
    biases = {spec.name: index for index, spec in enumerate(CELL_KINDS[kind].params)}

    def weight(name: str) -> sympy.Matrix:
        return matrix_x if name.endswith("x") else matrix_s

    def bias(name: str) -> sympy.Matrix:
        return sympy.Matrix([biases[name], 0])

    model = model_from_toml(exact_model_text(kind))
    equations = substituted_equations(model).equations
    expected = componentwise_expected(kind, weight, bias)
    assert [e.lhs.name for e in equations] == [name for name, _ in expected]
    for equation, (_, rhs) in zip(equations, expected, strict=True):
        assert_same(equation.rhs, rhs)
        # zero weights leave no term behind (no 0·x_{t,1} in row 1, no + 0 bias)
        nodes = sympy.preorder_traversal(equation.rhs)
        assert not any(isinstance(a, sympy.Number) and a == 0 for a in nodes)


@pytest.mark.parametrize("kind", sorted(CELL_KINDS))
def test_scalar_substituted_equals_general_with_weights_put_in(kind: str) -> None:
    """n = m = 1: substituting the weights into the general form gives the substituted one."""
    spec_names = CELL_KINDS[kind].param_names
    values = {name: sympy.Rational(3 * k - 7, k + 2) for k, name in enumerate(spec_names)}
    lines = [f'cell = "{kind}"', "[params]"]
    lines += [f'{name} = "{value.p}/{value.q}"' for name, value in values.items()]
    model = model_from_toml("\n".join(lines))
    general = general_equations(model.kind).equations
    substituted = substituted_equations(model).equations
    put_in = {sym(name): value for name, value in values.items()}
    assert [e.lhs for e in general] == [e.lhs for e in substituted]
    for g, s in zip(general, substituted, strict=True):
        scalar = g.rhs.replace(Hadamard, lambda a, b: a * b).xreplace(put_in)
        assert_same(s.rhs, scalar)


def test_zero_arguments_evaluate() -> None:
    """sigmoid(0) = 1/2 and tanh(0) = 0 exactly: a gate whose weights are all zero."""
    model = model_from_toml('cell = "gated"\n[params]\nW_gs = 0\nW_gx = 0\nW_ss = 0\nW_sx = 0\n')
    equations = {e.name: e.rhs for e in substituted_equations(model).equations}
    assert equations["g"] == sympy.Rational(1, 2)
    assert equations["s"] == (1 - sym("g[t]")) * sym("s[t-1]")
    assert symlstm_sigmoid(0) == sympy.Rational(1, 2) and symlstm_tanh(0) == 0
    z = sym("z")
    assert isinstance(symlstm_sigmoid(z - z + z), symlstm_sigmoid)
