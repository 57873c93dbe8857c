"""SymPy printers in a notation: LaTeX and Unicode text, terms in the course's order.

Sub-expressions are always printed through the active printer (the SymPy way), so a
notation applies at every depth.
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy.printing.latex import LatexPrinter
from sympy.printing.str import StrPrinter

from symlstm.equations import Equation, Relation, names
from symlstm.equations.functions import Hadamard, sigmoid
from symlstm.model.cells import candidate_names
from symlstm.model.numbers import format_fraction
from symlstm.render.notation import COURSE, INPUT_BASE, STATE_BASES, Notation


def _category(symbol: sympy.Symbol) -> str:
    parsed = names.parse(symbol.name)
    if parsed.param_index:
        return "param"
    if parsed.shared_index is not None:
        return "shared"
    if parsed.base in STATE_BASES:
        return "state"
    if parsed.base == INPUT_BASE:
        return "input"
    if parsed.base in candidate_names():
        return "candidate"
    return "quantity"


def _factors(term: sympy.Expr) -> list[sympy.Expr]:
    """The factors of a product, looking through element-wise products (a ⊙ b)."""
    result: list[sympy.Expr] = []
    for factor in sympy.Mul.make_args(term):
        if isinstance(factor, Hadamard):
            for arg in factor.args:
                result.extend(_factors(arg))
        else:
            result.append(factor)
    return result


def _is_complement(factor: sympy.Expr) -> bool:
    """``1 - g``: the weight of the kept value in a convex combination."""
    return (
        isinstance(factor, sympy.Add)
        and len(factor.args) == 2
        and sympy.S.One in factor.args
        and any(arg.could_extract_minus_sign() for arg in factor.args)
    )


# ranks of the terms of a sum, in the order the course writes them
_TERM_RANK = {
    "weighted state": 0,  # W^{f,h} h_{t-1} (a shared subexpression of an unrolled form too)
    "complement": 1,  # (1 - g_t) ⊙ s_{t-1}, (1 - z_t) ⊙ n_t: the kept part comes first
    "state product": 2,  # f_t ⊙ c_{t-1}
    "product": 3,  # i_t ⊙ tanh(…)
    "input": 4,  # W^{f,x} x_t
    "bias": 5,  # b_f, a number
    "late product": 6,  # r_t ⊙ (W^{n,h} h_{t-1} + b_{nh}) after the bias (PyTorch's GRU)
}


def _term_rank(term: sympy.Expr) -> int:
    """Course order of a sum: W h before W x before b; in a convex combination the
    (1 - g_t) term first; a product with the previous state (f_t c_{t-1}) before other
    products."""
    factors = _factors(term)
    kinds = {_category(f) for f in factors if isinstance(f, sympy.Symbol)}
    others = [f for f in factors if not isinstance(f, sympy.Symbol) and not f.is_Number]
    mixed = bool(others) or "quantity" in kinds or "candidate" in kinds
    if any(_is_complement(f) for f in factors):
        return _TERM_RANK["complement"]
    if kinds & {"state", "shared"}:
        return _TERM_RANK["state product" if mixed else "weighted state"]
    if mixed:
        return _TERM_RANK["product"]
    if "input" in kinds:
        return _TERM_RANK["input"]
    return _TERM_RANK["bias"]


def _is_affine_term(term: sympy.Expr) -> bool:
    """W h_{t-1} or W x_t: the sum is a pre-activation (a shared u_k does not make one)."""
    factors = _factors(term)
    kinds = {_category(f) for f in factors if isinstance(f, sympy.Symbol)}
    plain = all(isinstance(f, sympy.Symbol) or f.is_Number for f in factors)
    return plain and bool(kinds & {"state", "input"}) and kinds <= {"state", "input", "param"}


def _term_index(term: sympy.Expr) -> int:
    """Among terms of equal rank: component 1 before component 2, u_1 before u_2."""
    for factor in _factors(term):
        if isinstance(factor, sympy.Symbol):
            parsed = names.parse(factor.name)
            if parsed.shared_index is not None:
                return parsed.shared_index
            if parsed.component is not None:
                return parsed.component
    return 0


_FACTOR_RANK = {
    "param": 1,
    "quantity": 2,
    "candidate": 3,
    "shared": 2,  # in a product, a shared u_k is most often a gate's value (u_2 tanh(u_3))
    "state": 4,
    "input": 5,
}


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
    if any(_is_affine_term(term) for term in expr.args):
        # W^{n,x} x_t + b_n + r_t ⊙ (W^{n,h} h_{t-1} + b_{nh}): a gated product comes last
        late = _TERM_RANK["late product"]
        ranks = {t: late if r == _TERM_RANK["product"] else r for t, r in ranks.items()}
    elif all(
        term.is_positive if term.is_Number else term.could_extract_minus_sign()
        for term in expr.args
    ):
        # not an affine pre-activation: a positive number leads when the rest is
        # subtracted, as in 1 - g_t
        ranks = {term: -1 if term.is_Number else rank for term, rank in ranks.items()}
    # stable: ties keep SymPy's order
    terms = sorted(expr.args, key=lambda term: (ranks[term], _term_index(term)))
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

    def _print_Piecewise(self, expr: sympy.Piecewise) -> str:
        # "undefined otherwise" is what a case split means without it: leave it out
        value, condition = expr.args[-1]
        if condition == sympy.true and value is sympy.nan and len(expr.args) > 1:
            expr = sympy.Piecewise(*expr.args[:-1], evaluate=False)
        return str(super()._print_Piecewise(expr))

    def _print_Hadamard(self, expr: sympy.Expr) -> str:
        left, right = (self._factor(arg) for arg in expr.args)
        return f"{left} {self.notation.odot_latex} {right}"

    def _print_Integer(self, expr: sympy.Integer) -> str:
        return self._print_Rational(expr)

    def _print_Rational(self, expr: sympy.Rational) -> str:
        # an exact 10^5000 is written as such, not as 5001 digits TeX cannot set
        p, q = int(expr.p), int(expr.q)
        written = format_fraction(p, q)
        mantissa, e, exponent = written.partition("e")
        if not e:
            return str(p) if q == 1 else str(super()._print_Rational(expr))
        head = {"1": "", "-1": "-"}.get(mantissa, mantissa + r" \cdot ")
        return f"{head}10^{{{exponent}}}"

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
        return format_fraction(int(expr.p), int(expr.q))

    def _print_Integer(self, expr: sympy.Integer) -> str:
        return format_fraction(int(expr.p), 1)

    def _print_Pow(self, expr: sympy.Pow, rational: bool = False) -> str:
        base = self.parenthesize(expr.base, 60)
        return f"{base}^{self.parenthesize(expr.exp, 60)}"

    def _print_sigmoid(self, expr: sympy.Expr) -> str:
        return f"{self.notation.sigmoid_text}({self._print(expr.args[0])})"

    def _print_tanh(self, expr: sympy.Expr) -> str:
        return f"tanh({self._print(expr.args[0])})"

    def _print_Piecewise(self, expr: sympy.Piecewise) -> str:
        """``a if p; b if q; undefined otherwise`` — as a course writes a case split."""
        cases = []
        for value, condition in expr.args:
            if condition == sympy.true:
                tail = "undefined" if value is sympy.nan else self._print(value)
                cases.append(f"{tail} otherwise")
            else:
                cases.append(f"{self._print(value)} if {self._print(condition)}")
        return "{" + "; ".join(cases) + "}"

    def _print_Equality(self, expr: sympy.Eq) -> str:
        return f"{self._print(expr.lhs)} = {self._print(expr.rhs)}"

    def _print_And(self, expr: sympy.And) -> str:
        return " and ".join(self._print(arg) for arg in expr.args)

    def _print_Hadamard(self, expr: sympy.Expr) -> str:
        left, right = (self.parenthesize(arg, 45) for arg in expr.args)
        return f"{left} {self.notation.odot_text} {right}"


RELATION_LATEX = {Relation.EQUAL: "=", Relation.APPROX: r"\approx"}
RELATION_TEXT = {Relation.EQUAL: "=", Relation.APPROX: "≈"}


def equation_latex(e: Equation, notation: Notation = COURSE) -> tuple[str, str, str]:
    """``(lhs, relation, rhs)`` in LaTeX: ``=`` or ``\approx``, as the equation says."""
    return latex(e.lhs, notation), RELATION_LATEX[e.relation], latex(e.rhs, notation)


def equation_text(e: Equation, notation: Notation = COURSE) -> str:
    return f"{text(e.lhs, notation)} {RELATION_TEXT[e.relation]} {text(e.rhs, notation)}"


def latex(expr: sympy.Basic, notation: Notation = COURSE) -> str:
    return str(NotationLatexPrinter(notation).doprint(expr))


def text(expr: sympy.Basic, notation: Notation = COURSE) -> str:
    return str(NotationTextPrinter(notation).doprint(expr))
