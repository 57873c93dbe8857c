"""SymPy functions the course uses that SymPy lacks: sigmoid and the element-wise product."""

from __future__ import annotations

import sympy


class sigmoid(sympy.Function):
    """The logistic function 1 / (1 + e^{-z}); stays unevaluated except at 0."""

    is_real = True

    @classmethod
    def eval(cls, arg: sympy.Expr) -> sympy.Expr | None:
        # a structural test: `arg.is_zero` would ask the assumption system, which expands
        # an unrolled argument as a tree (exponential in the number of steps)
        if arg is sympy.S.Zero:
            return sympy.S.Half
        return None

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        s = sigmoid(self.args[0])
        return s * (1 - s)

    def _eval_rewrite_as_exp(self, arg: sympy.Expr, **kwargs: object) -> sympy.Expr:
        return 1 / (1 + sympy.exp(-arg))

    def _eval_rewrite_as_tanh(self, arg: sympy.Expr, **kwargs: object) -> sympy.Expr:
        return (1 + sympy.tanh(arg / 2)) / 2


class Hadamard(sympy.Function):
    """a ⊙ b, the element-wise product of two vectors (unevaluated; for the general form)."""

    nargs = 2
    is_real = True


class tanh(sympy.tanh):
    """tanh that keeps its argument as written (SymPy's pulls out minus signs): the
    course writes tanh(-100 h_{t-1} + 50 x_t). Evaluates only at 0."""

    @classmethod
    def eval(cls, arg: sympy.Expr) -> sympy.Expr | None:
        if arg is sympy.S.Zero:  # structural, as in sigmoid.eval
            return sympy.S.Zero
        return None
