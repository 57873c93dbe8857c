"""The saturated transition table: one row per reachable discrete state and input symbol.

Under a rounding convention (:mod:`symlstm.numbers.rounding`) the visible state (h, or s)
is an integer vector after every step; the *discrete state* of a row is the rounded
visible state h_{t−1} (for the homework one of −1, 0, 1). States are explored breadth
first from the model's initial state. For each (state, symbol) a row records every
activation (its argument z, exact value, the value the convention uses, whether it is
saturated, its *gap* — the distance from the nearer saturation value, computed without
cancellation: σ(−|z|) for a sigmoid, 2σ(−2|z|) for a tanh — and its *margin* |z| − T),
the new state and the rounded output, which is the next discrete state.

Other state variables (the LSTM's c) are carried exactly from the first time a discrete
state is reached (its *representative*); the row says which value it used, and
``depends_on_carried`` says whether any row would change when only those variables change
(true when a forget gate is not saturated to 0). The table is also a Moore machine
(:meth:`TransitionTable.machine`), which the prover compares with the exact cell, and a
SymPy ``Piecewise`` h_t(h_{t−1}, x_t) (:meth:`TransitionTable.piecewise`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import flint
import sympy

from symlstm.analysis.automaton import MooreMachine
from symlstm.budget import NEVER, Deadline
from symlstm.equations import names
from symlstm.model import Model, format_number
from symlstm.numbers import BALLS, bits_for_digits
from symlstm.numbers.digits import certified_digits
from symlstm.numbers.gaps import gap_of, shown
from symlstm.numbers.rounding import (
    CONVENTIONS,
    ActivationUse,
    RoundingConvention,
    Stepper,
    round_ball,
)

DEFAULT_DIGITS = 6
MAX_TABLE_STATES = 4096

State = tuple[int, ...]


class TableError(ValueError):
    """The table cannot be built: a rounding is undecided or there are too many states."""


@dataclass(frozen=True)
class ActivationRow:
    function: str  # "sigmoid" | "tanh"
    argument: str  # the quantity it is applied to: "z_f", "z_c", "c", …
    component: int
    z: str
    exact: str
    used: str
    saturated: bool
    gap: str  # distance of the exact value from the nearer saturation value
    margin: str | None  # |z| − T, when the convention has a threshold
    exact_is_rounded: bool = True  # ``exact`` is a rounded decimal (not the value itself)


@dataclass(frozen=True)
class TableRow:
    state: State  # discrete state: the rounded visible state before the step
    symbol: int  # index into the alphabet
    carried: tuple[tuple[str, tuple[str, ...]], ...]  # the state used (every variable)
    activations: tuple[ActivationRow, ...]
    new_state: tuple[tuple[str, tuple[str, ...]], ...]  # every state variable after
    output: tuple[str, ...]  # the visible state after, before rounding
    rounded: State  # = the next discrete state
    ties: tuple[bool, ...]


@dataclass(frozen=True)
class TransitionTable:
    model: Model
    convention: RoundingConvention
    states: tuple[State, ...]  # breadth-first order; states[0] is the initial one
    rows: tuple[TableRow, ...]  # state by state, symbols in alphabet order
    depends_on_carried: bool
    digits: int

    @property
    def output(self) -> str:
        return self.model.kind.output

    def row(self, state: State, symbol: int) -> TableRow:
        return self.rows[self.states.index(state) * len(self.model.alphabet) + symbol]

    def machine(self) -> MooreMachine:
        """The table as a Moore machine: states are the discrete states, the output of a
        state is the state itself (the rounded visible state)."""
        index = {s: i for i, s in enumerate(self.states)}
        k = len(self.model.alphabet)
        return MooreMachine(
            states=tuple(_state_name(s) for s in self.states),
            initial=0,
            alphabet=self.model.alphabet,
            transitions=tuple(
                tuple(index[self.rows[i * k + a].rounded] for a in range(k))
                for i in range(len(self.states))
            ),
            outputs=self.states,
        )

    def piecewise(self) -> tuple[sympy.Piecewise, ...]:
        """Each component of the rounded h_t as a ``Piecewise`` of h_{t−1} and x_t (the
        reachable cases; ``nan`` elsewhere)."""
        n, m = self.model.hidden, self.model.inputs
        out = self.output
        prev = [names.timed(out, "t-1", j + 1 if n > 1 else None) for j in range(n)]
        xs = [names.timed("x", "t", j + 1 if m > 1 else None) for j in range(m)]
        result = []
        for j in range(n):
            pieces = []
            for row in self.rows:
                symbol = self.model.alphabet[row.symbol]
                condition = sympy.And(
                    *(sympy.Eq(p, v) for p, v in zip(prev, row.state, strict=True)),
                    *(sympy.Eq(x, v) for x, v in zip(xs, symbol, strict=True)),
                )
                pieces.append((sympy.Integer(row.rounded[j]), condition))
            pieces.append((sympy.nan, sympy.true))
            # the cases are disjoint and already simple: SymPy's evaluation would only
            # compare every pair of conditions (seconds for a dozen rows)
            result.append(sympy.Piecewise(*pieces, evaluate=False))
        return tuple(result)


def _state_name(state: State) -> str:
    return str(state[0]) if len(state) == 1 else "(" + ",".join(str(v) for v in state) + ")"


def _gap(use: ActivationUse) -> Any:
    # gap_of keeps a huge exact z exact (sigmoid(-10^5000) is 10^(-4.3e4999), not 0 ± that)
    _, distance = gap_of(use.function, use.z)
    if distance is not None:
        return distance
    magnitude = abs(use.z)
    if use.function == "sigmoid":
        return BALLS.sigmoid(-magnitude)
    return 2 * BALLS.sigmoid(-2 * magnitude)


def _activation_row(use: ActivationUse, digits: int) -> ActivationRow:
    return ActivationRow(
        function=use.function,
        argument=use.argument,
        component=use.component,
        z=certified_digits(use.z, digits),
        exact=certified_digits(use.exact, digits),
        used=certified_digits(use.used, digits),
        saturated=use.saturated,
        gap=certified_digits(_gap(use), digits),
        margin=None if use.margin is None else certified_digits(use.margin, digits),
        exact_is_rounded=shown(use.exact, digits)[0] != "=",
    )


def _named(
    model: Model, flat: Sequence[Any], digits: int
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    n = model.hidden
    return tuple(
        (state, tuple(certified_digits(v, digits) for v in flat[s * n : (s + 1) * n]))
        for s, state in enumerate(model.kind.states)
    )


def transition_table(
    model: Model,
    convention: RoundingConvention | None = None,
    digits: int = DEFAULT_DIGITS,
    max_states: int = MAX_TABLE_STATES,
    *,
    deadline: Deadline = NEVER,
) -> TransitionTable:
    """The table of ``model`` under ``convention`` (default: the course's "saturate");
    ``deadline`` is checked before every step (BudgetExceeded once it has passed)."""
    convention = convention or CONVENTIONS["saturate"]
    stepper = Stepper(model, convention)
    n = model.hidden
    kind = model.kind
    visible = range(kind.states.index(kind.output) * n, (kind.states.index(kind.output) + 1) * n)
    rows: list[TableRow] = []
    depends = False
    with BALLS.precision(bits_for_digits(max(digits, 30))):
        start = list(stepper.initial())
        key = []
        for p in visible:
            r, _ = round_ball(start[p], convention.tie)
            if r is None:
                raise TableError("the initial visible state is at a rounding boundary")
            key.append(r)
            if convention.round_state:
                start[p] = flint.arb(r)
        initial: State = tuple(key)
        representative: dict[State, tuple[Any, ...]] = {initial: tuple(start)}
        order = [initial]
        queue = deque([initial])
        symbols = [  # an input too long for the precision (1e400) is kept exact
            tuple(BALLS.rational(int(v.p), int(v.q)) for v in a) for a in model.alphabet
        ]
        while queue:
            state = queue.popleft()
            rep = representative[state]
            for k, x in enumerate(symbols):
                deadline.check("the transition table")
                outcome = stepper.step(rep, x)
                if any(r is None for r in outcome.rounded) or any(
                    a.undecided for a in outcome.activations
                ):
                    raise TableError(
                        f"from {kind.output}_(t-1) = {_state_name(state)} on input "
                        f"{', '.join(format_number(v) for v in model.alphabet[k])} a rounding "
                        "or a saturation is undecided"
                    )
                rounded: State = tuple(r for r in outcome.rounded if r is not None)
                # rows depend on the representative when the visible state is carried
                # exactly, or when the LSTM's c passes through an open forget gate
                if not convention.round_state:
                    depends = True
                for use in outcome.activations:
                    forget = use.function == "sigmoid" and use.argument.startswith("z_f")
                    if forget and not (use.saturated and _is_zero(use.used)):
                        depends = True
                rows.append(
                    TableRow(
                        state=state,
                        symbol=k,
                        carried=_named(model, rep, digits),
                        activations=tuple(_activation_row(a, digits) for a in outcome.activations),
                        new_state=_named(
                            model,
                            outcome.state
                            if not convention.round_state
                            else _unrounded(outcome, visible),
                            digits,
                        ),
                        output=tuple(certified_digits(v, digits) for v in outcome.output),
                        rounded=rounded,
                        ties=outcome.ties,
                    )
                )
                if rounded not in representative:
                    if len(order) >= max_states:
                        raise TableError(f"more than {max_states} discrete states")
                    nxt = list(outcome.state)
                    for p, r in zip(visible, rounded, strict=True):
                        nxt[p] = flint.arb(r) if convention.round_state else nxt[p]
                    representative[rounded] = tuple(nxt)
                    order.append(rounded)
                    queue.append(rounded)
    # group rows state by state in BFS order (they were produced in that order already)
    return TransitionTable(model, convention, tuple(order), tuple(rows), depends, digits)


def _is_zero(ball: Any) -> bool:
    return bool(ball.is_zero())


def _unrounded(outcome: Any, visible: range) -> tuple[Any, ...]:
    state = list(outcome.state)
    for j, p in enumerate(visible):
        state[p] = outcome.output[j]
    return tuple(state)
