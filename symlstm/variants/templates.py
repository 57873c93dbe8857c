"""Parameter templates of ``--vary NAME=SPEC``: what a variant may change, as data.

- ``W_ch=-100:-10:10``: a range with a step (both ends included when on the grid);
- ``W_ch=-100,-50,-10``: a list of exact numbers;
- ``scale=1/2:2:1/4`` (or a list): a factor multiplying the whole weight set (every weight
  and bias of the cell);
- ``inputs=3:6`` (or ``inputs=5``): the length of each question's input word, its symbols
  drawn from the model's alphabet.

Numbers are exact (integers, decimals by their text, p/q), parsed with the model files'
number parser, never evaluated. A parameter must be a scalar (1×1 weight, one bias).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

import sympy

from symlstm.errors import UsageError
from symlstm.model import Model
from symlstm.model.numbers import NumberSyntaxError, parse_number

SCALE = "scale"
INPUTS = "inputs"
MAX_VALUES = 1_000_000
MAX_WORD = 1_000


@dataclass(frozen=True)
class Template:
    """A parameter (or ``scale``) and the exact values a variant draws from, uniformly."""

    name: str
    values: tuple[Fraction, ...]
    spec: str


@dataclass(frozen=True)
class WordLengths:
    low: int
    high: int


def _number(option: str, text: str) -> Fraction:
    try:
        value = parse_number(text.strip())
    except NumberSyntaxError as error:
        raise UsageError(option, f"{text.strip()!r}: {error}") from None
    return Fraction(int(value.p), int(value.q))


def _values(option: str, name: str, spec: str) -> tuple[Fraction, ...]:
    body = spec.strip()
    if body.startswith("[") and body.endswith("]"):
        body = body[1:-1]
    if ":" in body:
        parts = body.split(":")
        if len(parts) != 3:
            raise UsageError(option, f"{name}: expected a range LO:HI:STEP, got {spec!r}")
        low, high, step = (_number(option, p) for p in parts)
        if step <= 0:
            raise UsageError(option, f"{name}: the step must be positive, got {step}")
        if high < low:
            raise UsageError(option, f"{name}: the range {spec!r} is empty (HI < LO)")
        count = int((high - low) // step) + 1
        if count > MAX_VALUES:
            raise UsageError(option, f"{name}: at most {MAX_VALUES} values, got {count}")
        return tuple(low + k * step for k in range(count))
    items = [p for p in body.split(",")]
    if not body.strip() or any(not p.strip() for p in items):
        raise UsageError(option, f"{name}: expected values separated by commas, got {spec!r}")
    values = tuple(dict.fromkeys(_number(option, p) for p in items))
    return values


def _lengths(option: str, spec: str) -> WordLengths:
    parts = spec.strip().split(":")
    if len(parts) > 2:
        raise UsageError(option, f"inputs: expected a length or LO:HI, got {spec!r}")
    try:
        bounds = [int(p) for p in parts]
    except ValueError:
        raise UsageError(option, f"inputs: expected whole numbers, got {spec!r}") from None
    low, high = bounds[0], bounds[-1]
    if not 1 <= low <= high <= MAX_WORD:
        raise UsageError(option, f"inputs: expected 1 ≤ LO ≤ HI ≤ {MAX_WORD}, got {spec!r}")
    return WordLengths(low, high)


def parse_vary(
    model: Model, specs: list[str], option: str = "--vary"
) -> tuple[tuple[Template, ...], WordLengths | None]:
    """The templates of every ``--vary NAME=SPEC`` (each name once)."""
    templates: list[Template] = []
    lengths: WordLengths | None = None
    seen: set[str] = set()
    for text in specs:
        name, sep, spec = text.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UsageError(option, f"expected NAME=SPEC, got {text!r}")
        if name in seen:
            raise UsageError(option, f"{name} is varied twice")
        seen.add(name)
        if name == INPUTS:
            lengths = _lengths(option, spec)
            continue
        if name != SCALE:
            _check_scalar(model, option, name)
        templates.append(Template(name, _values(option, name, spec), spec.strip()))
    return tuple(templates), lengths


def _check_scalar(model: Model, option: str, name: str) -> None:
    if name not in model.kind.param_names:
        raise UsageError(
            option,
            f"{name!r} is not a parameter of the {model.kind.name} cell; expected one of "
            f"{', '.join(model.kind.param_names)}, {SCALE} or {INPUTS}",
        )
    weights = dict(model.weights)
    if name in weights:
        shape = (len(weights[name]), len(weights[name][0]) if weights[name] else 0)
        if shape != (1, 1):
            raise UsageError(option, f"{name} is a {shape[0]}×{shape[1]} matrix; only scalars vary")
    elif len(model.bias(name)) != 1:
        raise UsageError(option, f"{name} has {len(model.bias(name))} entries; only scalars vary")


def _rational(value: Fraction) -> sympy.Rational:
    return sympy.Rational(value.numerator, value.denominator)


def apply_params(model: Model, params: tuple[tuple[str, Fraction], ...]) -> Model:
    """The model with the drawn values put in (``scale`` last, multiplying every weight)."""
    weights = dict(model.weights)
    factor = Fraction(1)
    result = model
    for name, value in params:
        if name == SCALE:
            factor = value
        elif name in weights:
            result = result.with_weight(name, ((_rational(value),),))
        else:
            result = result.with_bias(name, (_rational(value),))
    if factor != 1:
        f = _rational(factor)
        result = replace(
            result,
            weights=tuple(
                (n, tuple(tuple(v * f for v in row) for row in m)) for n, m in result.weights
            ),
            biases=tuple((n, tuple(v * f for v in b)) for n, b in result.biases),
        )
    return result


__all__ = ["INPUTS", "SCALE", "Template", "WordLengths", "apply_params", "parse_vary"]
