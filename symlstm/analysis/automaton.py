"""Moore machines as plain frozen data: minimisation, equivalence, products.

A :class:`MooreMachine` reads symbols of a finite alphabet (each symbol a vector of exact
numbers, as in a model's alphabet) and is *observed after every step*: on a word
w = a_0 … a_{T-1} it emits the outputs of the states reached after a_0, after a_0 a_1, …
The initial state's own output is kept (a certificate checks it too) but is not part of
what two machines must agree on: two machines are *equivalent* when they emit the same
outputs on every non-empty word. It may be :data:`UNOBSERVED` (the empty output, when the
cell's initial state sits on a rounding boundary); then no transition may lead back to the
initial state.

States are referred to by index; ``states`` holds their names. Everything is a tuple, so
a machine is hashable and immutable.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import sympy

Symbol = tuple[sympy.Rational, ...]
Output = tuple[int, ...]
Word = tuple[int, ...]  # indices into the alphabet
UNOBSERVED: Output = ()  # the initial state's output when it is never observed

T = TypeVar("T", bound=Hashable)


@dataclass(frozen=True)
class MooreMachine:
    """A deterministic Moore machine: ``transitions[q][k]`` is the successor of state ``q``
    on ``alphabet[k]``; ``outputs[q]`` the output vector of state ``q``."""

    states: tuple[str, ...]
    initial: int
    alphabet: tuple[Symbol, ...]
    transitions: tuple[tuple[int, ...], ...]
    outputs: tuple[Output, ...]

    def __post_init__(self) -> None:
        n = len(self.states)
        if not 0 <= self.initial < n:
            raise ValueError("initial state out of range")
        if len(self.transitions) != n or len(self.outputs) != n:
            raise ValueError("transitions and outputs need one entry per state")
        k = len(self.alphabet)
        for row in self.transitions:
            if len(row) != k or (k and (min(row) < 0 or max(row) >= n)):
                raise ValueError("a transition row has the wrong length or an unknown state")
        for q, output in enumerate(self.outputs):
            if output == UNOBSERVED and (
                q != self.initial or any(q in row for row in self.transitions)
            ):
                raise ValueError("only an initial state never re-entered may be unobserved")

    @property
    def size(self) -> int:
        return len(self.states)

    def run(self, word: Sequence[int]) -> tuple[int, ...]:
        """The states reached after each symbol of ``word`` (alphabet indices)."""
        q = self.initial
        visited = []
        for k in word:
            q = self.transitions[q][k]
            visited.append(q)
        return tuple(visited)

    def output_trace(self, word: Sequence[int]) -> tuple[Output, ...]:
        """The outputs after each symbol of ``word``."""
        return tuple(self.outputs[q] for q in self.run(word))

    def symbol_index(self, symbol: Sequence[sympy.Rational | int]) -> int:
        wanted = tuple(sympy.Rational(v) for v in symbol)
        for k, a in enumerate(self.alphabet):
            if a == wanted:
                return k
        raise KeyError(symbol)


def word_text(machine_alphabet: Sequence[Symbol], word: Sequence[int]) -> str:
    """A word written as its symbols: ``0 1 1`` (scalars) or ``(0,1) (1,0)`` (vectors)."""
    parts = []
    for k in word:
        symbol = machine_alphabet[k]
        if len(symbol) == 1:
            parts.append(str(symbol[0]))
        else:
            parts.append("(" + ",".join(str(v) for v in symbol) + ")")
    return " ".join(parts) if parts else "ε"


def reachable(machine: MooreMachine) -> MooreMachine:
    """The machine restricted to the states reachable from the initial state (BFS order)."""
    order = [machine.initial]
    seen = {machine.initial: 0}
    queue = deque([machine.initial])
    while queue:
        q = queue.popleft()
        for r in machine.transitions[q]:
            if r not in seen:
                seen[r] = len(order)
                order.append(r)
                queue.append(r)
    return MooreMachine(
        states=tuple(machine.states[q] for q in order),
        initial=0,
        alphabet=machine.alphabet,
        transitions=tuple(tuple(seen[r] for r in machine.transitions[q]) for q in order),
        outputs=tuple(machine.outputs[q] for q in order),
    )


def _refine(machine: MooreMachine) -> list[int]:
    """Moore's partition refinement: the block of each state in the coarsest partition
    where equal blocks have equal outputs and equal successor blocks."""
    index: dict[Output, int] = {}
    block = [index.setdefault(out, len(index)) for out in machine.outputs]
    count = len(index)
    while True:
        signatures: dict[tuple[int, ...], int] = {}
        new = []
        for q, row in enumerate(machine.transitions):
            key = (block[q], *(block[r] for r in row))
            new.append(signatures.setdefault(key, len(signatures)))
        if len(signatures) == count:
            return new
        block, count = new, len(signatures)


def minimize(machine: MooreMachine, names: Callable[[int], str] | None = None) -> MooreMachine:
    """The minimal machine equivalent to ``machine`` (its reachable part, states merged when
    no input tells them apart). States are numbered in breadth-first order from the
    initial state, named ``q0, q1, …`` unless ``names`` is given. The initial state's own
    output counts as an output here, so the result is also minimal for certificates."""
    live = reachable(machine)
    block = _refine(live)
    # renumber blocks in BFS order from the initial state's block
    order: list[int] = []
    position: dict[int, int] = {}
    representative: dict[int, int] = {}
    for q in range(live.size):
        representative.setdefault(block[q], q)
    queue = deque([block[live.initial]])
    position[block[live.initial]] = 0
    order.append(block[live.initial])
    while queue:
        b = queue.popleft()
        for r in live.transitions[representative[b]]:
            if block[r] not in position:
                position[block[r]] = len(order)
                order.append(block[r])
                queue.append(block[r])
    name_of = names or (lambda i: f"q{i}")
    return MooreMachine(
        states=tuple(name_of(i) for i in range(len(order))),
        initial=0,
        alphabet=live.alphabet,
        transitions=tuple(
            tuple(position[block[r]] for r in live.transitions[representative[b]]) for b in order
        ),
        outputs=tuple(live.outputs[representative[b]] for b in order),
    )


def quotient_map(machine: MooreMachine, minimal: MooreMachine) -> tuple[int, ...]:
    """For each state of ``machine`` reachable or not, the state of ``minimal`` that
    behaves like it, found by running both machines side by side from their initial
    states; -1 for a state not reachable."""
    mapping = [-1] * machine.size
    mapping[machine.initial] = minimal.initial
    queue = deque([machine.initial])
    while queue:
        q = queue.popleft()
        for k, r in enumerate(machine.transitions[q]):
            if mapping[r] < 0:
                mapping[r] = minimal.transitions[mapping[q]][k]
                queue.append(r)
    return tuple(mapping)


@dataclass(frozen=True)
class Difference:
    """A shortest non-empty word after which two machines emit different outputs."""

    word: Word
    left: Output
    right: Output


def _same_alphabet(a: MooreMachine, b: MooreMachine) -> None:
    if a.alphabet != b.alphabet:
        raise ValueError("the machines read different alphabets")


def distinguishing_word(
    a: MooreMachine,
    b: MooreMachine,
    relate: Callable[[Output, Output], bool] | None = None,
) -> Difference | None:
    """A shortest non-empty word on which the outputs of ``a`` and ``b`` are not related
    (by default: not equal), or None when the machines agree on every word. Breadth-first
    search over the product, so the word is shortest (and the least in alphabet order
    among the shortest)."""
    _same_alphabet(a, b)
    ok = relate or (lambda x, y: x == y)
    start = (a.initial, b.initial)
    parent: dict[tuple[int, int], tuple[tuple[int, int], int] | None] = {start: None}
    queue = deque([start])
    while queue:
        pair = queue.popleft()
        for k in range(len(a.alphabet)):
            nxt = (a.transitions[pair[0]][k], b.transitions[pair[1]][k])
            if not ok(a.outputs[nxt[0]], b.outputs[nxt[1]]):
                word = [k]
                cursor: tuple[int, int] = pair
                while (link := parent[cursor]) is not None:
                    cursor, symbol = link
                    word.append(symbol)
                return Difference(tuple(reversed(word)), a.outputs[nxt[0]], b.outputs[nxt[1]])
            if nxt not in parent:
                parent[nxt] = (pair, k)
                queue.append(nxt)
    return None


def equivalent(a: MooreMachine, b: MooreMachine) -> bool:
    return distinguishing_word(a, b) is None


def product(
    a: MooreMachine,
    b: MooreMachine,
    combine: Callable[[Output, Output], Output] | None = None,
) -> MooreMachine:
    """The synchronous product restricted to reachable pairs; outputs are ``a``'s output
    followed by ``b``'s (or ``combine(a_out, b_out)``). State names are ``"qa|qb"``."""
    _same_alphabet(a, b)
    join = combine or (lambda x, y: x + y)
    start = (a.initial, b.initial)
    order = [start]
    index = {start: 0}
    rows: list[tuple[int, ...]] = []
    i = 0
    while i < len(order):
        qa, qb = order[i]
        row = []
        for k in range(len(a.alphabet)):
            nxt = (a.transitions[qa][k], b.transitions[qb][k])
            if nxt not in index:
                index[nxt] = len(order)
                order.append(nxt)
            row.append(index[nxt])
        rows.append(tuple(row))
        i += 1
    return MooreMachine(
        states=tuple(f"{a.states[x]}|{b.states[y]}" for x, y in order),
        initial=0,
        alphabet=a.alphabet,
        transitions=tuple(rows),
        outputs=tuple(join(a.outputs[x], b.outputs[y]) for x, y in order),
    )


def shortest_words(machine: MooreMachine) -> tuple[Word | None, ...]:
    """For each state a shortest word reaching it (None if unreachable); the initial
    state's word is empty."""
    words: list[Word | None] = [None] * machine.size
    words[machine.initial] = ()
    queue = deque([machine.initial])
    while queue:
        q = queue.popleft()
        for k, r in enumerate(machine.transitions[q]):
            if words[r] is None:
                current = words[q]
                assert current is not None
                words[r] = (*current, k)
                queue.append(r)
    return tuple(words)
