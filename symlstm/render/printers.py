"""SymPy printers in a notation: LaTeX and Unicode text, terms in the course's order.

Sub-expressions are always printed through the active printer (the SymPy way), so a
notation applies at every depth.
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy.printing.latex import LatexPrinter
from sympy.printing.str import StrPrinter

from symlstm.equations import names
from symlstm.equations.functions import sigmoid
from symlstm.render.notation import COURSE, INPUT_BASE, STATE_BASES, Notation


def _category(symbol: sympy.Symbol) -> str:
    parsed = names.parse(symbol.name)
    if parsed.param_index:
        return "param"
    if parsed.base in STATE_BASES:
        return "state"
    if parsed.base == INPUT_BASE:
        return "input"
    if parsed.base in CANDIDATE_BASES:
        return "candidate"
    return "quantity"


def _term_rank(term: sympy.Expr) -> int:
    """Course order of a sum: W h before W x before b; a product with the previous state
    (f_t c_{t-1}, (1 - g_t) s_{t-1}) before other products."""
    factors = sympy.Mul.make_args(term)
    kinds = {_category(f) for f in factors if isinstance(f, sympy.Symbol)}
    others = [f for f in factors if not isinstance(f, sympy.Symbol) and not f.is_Number]
    mixed = bool(others) or "quantity" in kinds or "candidate" in kinds
    if "state" in kinds:
        return 1 if mixed else 0
    if mixed:
        return 2
    if "input" in kinds:
        return 3
    return 4  # a bias or a number


_FACTOR_RANK = {"param": 1, "quantity": 2, "candidate": 3, "state": 4, "input": 5}
CANDIDATE_BASES = frozenset({"ctilde", "stilde", "n"})


def _factor_rank(factor: sympy.Expr) -> int:
    """Course order of a product: number, weight, gate, function, state, input."""
    if factor.is_Number:
        return 0
    if isinstance(factor, sympy.Symbol):
        return _FACTOR_RANK[_category(factor)]
    if isinstance(factor, sigmoid):
        return 2  # a gate's value, written before the candidate it scales
    return 3


def _ordered_add(expr: sympy.Add) -> sympy.Expr:
    ranks = {term: _term_rank(term) for term in expr.args}
    if not any(rank in (0, 3) for rank in ranks.values()):
        # not an affine pre-activation: a number leads, as in 1 - g_t
        ranks = {term: -1 if term.is_Number else rank for term, rank in ranks.items()}
    terms = sorted(expr.args, key=ranks.__getitem__)  # stable: ties keep SymPy's order
    return sympy.Add(*terms, evaluate=False)


def _ordered_mul(expr: sympy.Mul) -> sympy.Expr:
    factors = sorted(expr.args, key=_factor_rank)
    return sympy.Mul(*factors, evaluate=False)


class NotationLatexPrinter(LatexPrinter):
    printmethod = "_symlstm_latex"

    def __init__(self, notation: Notation = COURSE, **settings: Any) -> None:
        super().__init__({"order": "none", **settings})
        self.notation = notation

    def _print_Symbol(self, expr: sympy.Symbol, style: str = "plain") -> str:
        return self.notation.symbol_latex(expr.name)

    def _print_Add(self, expr: sympy.Add, order: str | None = None) -> str:
        return str(super()._print_Add(_ordered_add(expr), order="none"))

    def _print_Mul(self, expr: sympy.Mul) -> str:
        return str(super()._print_Mul(_ordered_mul(expr)))

    def _print_sigmoid(self, expr: sympy.Expr, exp: str | None = None) -> str:
        inner = self._print(expr.args[0])
        text = rf"{self.notation.sigmoid_latex}\left({inner}\right)"
        return f"{text}^{{{exp}}}" if exp else text

    def _print_tanh(self, expr: sympy.Expr, exp: str | None = None) -> str:
        inner = self._print(expr.args[0])
        text = rf"\tanh\left({inner}\right)"
        return f"{text}^{{{exp}}}" if exp else text

    def _print_Hadamard(self, expr: sympy.Expr) -> str:
        left, right = (self._factor(arg) for arg in expr.args)
        return f"{left} {self.notation.odot_latex} {right}"

    def _factor(self, arg: sympy.Expr) -> str:
        text = str(self._print(arg))
        return rf"\left({text}\right)" if isinstance(arg, sympy.Add) else text


class NotationTextPrinter(StrPrinter):
    """One-line Unicode text: ``fₜ = sigmoid(Wᶠʰ hₜ₋₁ + Wᶠˣ xₜ + b_f)``."""

    printmethod = "_symlstm_text"

    def __init__(self, notation: Notation = COURSE, **settings: Any) -> None:
        super().__init__({"order": "none", **settings})
        self.notation = notation

    def _print_Symbol(self, expr: sympy.Symbol) -> str:
        return self.notation.symbol_text(expr.name)

    def _print_Add(self, expr: sympy.Add, order: str | None = None) -> str:
        return str(super()._print_Add(_ordered_add(expr), order="none"))

    def _print_Mul(self, expr: sympy.Mul) -> str:
        coefficient, rest = _ordered_mul(expr).as_coeff_Mul()
        sign = "-" if coefficient < 0 else ""
        parts = [] if abs(coefficient) == 1 else [self._print(abs(coefficient))]
        for factor in sympy.Mul.make_args(rest):
            if isinstance(factor, sympy.Pow) and factor.exp == -1:
                parts.append("/" + self.parenthesize(factor.base, 50))
            elif factor != 1:
                parts.append(self.parenthesize(factor, 50))
        text = parts[0] if parts else "1"
        for part in parts[1:]:
            text += part if part.startswith("/") else " " + part
        return sign + text

    def _print_Rational(self, expr: sympy.Rational) -> str:
        return f"{expr.p}/{expr.q}"

    def _print_Pow(self, expr: sympy.Pow, rational: bool = False) -> str:
        base = self.parenthesize(expr.base, 60)
        return f"{base}^{self.parenthesize(expr.exp, 60)}"

    def _print_sigmoid(self, expr: sympy.Expr) -> str:
        return f"{self.notation.sigmoid_text}({self._print(expr.args[0])})"

    def _print_tanh(self, expr: sympy.Expr) -> str:
        return f"tanh({self._print(expr.args[0])})"

    def _print_Hadamard(self, expr: sympy.Expr) -> str:
        left, right = (self.parenthesize(arg, 45) for arg in expr.args)
        return f"{left} {self.notation.odot_text} {right}"


def latex(expr: sympy.Basic, notation: Notation = COURSE) -> str:
    return str(NotationLatexPrinter(notation).doprint(expr))


def text(expr: sympy.Basic, notation: Notation = COURSE) -> str:
    return str(NotationTextPrinter(notation).doprint(expr))
