"""The grammar of symbol names, so that renderers can print any symbol in any notation.

- a parameter: ``W_fh``, ``b_f``, ``b_nh``, a peephole ``p_f`` (see :mod:`symlstm.model.cells`);
- a quantity at a time: ``h[t-1]``, ``x[t]``, ``f[3]``; with a component (1-based) when the
  cell has more than one: ``h[t-1][2]``;
- a shared subexpression of an unrolled form: ``u_7``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy

_TIMED = re.compile(r"([A-Za-z]+|z_[a-z]+)\[([^\[\]]+)\](?:\[(\d+)\])?")
_PARAM = re.compile(r"([Wbp])_([a-z]+)")
_SHARED = re.compile(r"u_(\d+)")


@dataclass(frozen=True)
class SymbolName:
    """A parsed symbol name: exactly one of the three forms is set."""

    base: str  # "h", "x", "f", "z_f", "ctilde"; "W" or "b" for parameters; "u" for shared
    time: str = ""  # "t", "t-1", "0", "-1"
    component: int | None = None
    param_index: str = ""  # "fh" of W_fh, "f" of b_f
    shared_index: int | None = None


def timed(base: str, time: str | int, component: int | None = None) -> sympy.Symbol:
    name = f"{base}[{time}]" if component is None else f"{base}[{time}][{component}]"
    return sympy.Symbol(name, real=True)


def param(name: str) -> sympy.Symbol:
    return sympy.Symbol(name, real=True)


def shared(index: int) -> sympy.Symbol:
    return sympy.Symbol(f"u_{index}", real=True)


def parse(name: str) -> SymbolName:
    match = _TIMED.fullmatch(name)
    if match:
        base, time, component = match.groups()
        return SymbolName(base, time, int(component) if component else None)
    match = _PARAM.fullmatch(name)
    if match:
        return SymbolName(match.group(1), param_index=match.group(2))
    match = _SHARED.fullmatch(name)
    if match:
        return SymbolName("u", shared_index=int(match.group(1)))
    raise ValueError(f"not a symlstm symbol name: {name!r}")


def shift_time(time: str, step: int) -> str:
    """The concrete time of a relative time ``t`` or ``t-1`` at step ``step``."""
    if time == "t":
        return str(step)
    if time == "t-1":
        return str(step - 1)
    return time
