"""The soundness bench's machinery: random and planted cells, and a judge of symlstm's claims.

symlstm is a black box here: it is run through its command line (in-process
``symlstm.cli.main``, stdout captured) and only its JSON output is read. Every claim is
checked against the independent plain-mpmath oracle (``tests/oracle.py``); the model stage
(``symlstm.model``) is used only to load the TOML text this module writes.

Shared by the quick profile (``tests/soundness/``) and the full profile
(``bench/soundness.py``).

Word budgets (documented contract of the bench): a ``proved`` machine is compared with the
oracle on every word of length up to L, where L is the largest length whose word tree has
at most ``EXHAUSTIVE_NODES`` nodes, capped at 10 (binary alphabet: L = 10; ternary: L = 6;
four symbols: L = 5), plus the planted words of the case and random words of length up
to 500. A step whose exact output lies within 10^-(dps/2) of a half-integer cannot be
judged: it is counted as undecided, never as agreement.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import oracle
from cli_runner import Run, run_cli  # noqa: F401 - re-exported to the tests

from symlstm.model import model_from_toml

Symbol = tuple[Fraction, ...]
Matrix = list[list[Fraction]]

UNITS: dict[str, tuple[tuple[str, str], ...]] = {
    # (unit, state the recurrent weight reads)
    "lstm": (("f", "h"), ("i", "h"), ("o", "h"), ("c", "h")),
    "gated": (("g", "s"), ("s", "s")),
    "rnn": (("s", "s"),),
    "gru": (("r", "h"), ("z", "h"), ("n", "h")),
    "lstm-peephole": (("f", "h"), ("i", "h"), ("o", "h"), ("c", "h")),
    "gru-reset-before": (("r", "h"), ("z", "h"), ("n", "h")),
}
STATES: dict[str, tuple[str, ...]] = oracle.STATES
OUTPUT: dict[str, str] = oracle.OUTPUT
# the random family of ``random_cell``: "course", the four cells of the course with the
# default readout (the profile of seed 3 since the bench began); "all", every cell kind of
# the README's table and every readout kind
FAMILIES = ("course", "all")
EXHAUSTIVE_NODES = 2100
MAX_EXHAUSTIVE = 10
DPS = 50  # oracle precision for the word checks; disagreements are re-checked at CONFIRM_DPS
CONFIRM_DPS = 140
# a claim the judge cannot decide at CONFIRM_DPS (a state within 10^-70 of a boundary: the
# prover makes such proofs at up to 4096 bits) is decided at these precisions in turn
FINER_DPS = (420, 1300)
# ... and a word of at most this many symbols by the exact (SymPy) oracle: exact ties
EXACT_LENGTH = 8
EXIT_STATUS = {"proved": 0, "refuted": 1, "unknown": 3, "bounded": 4}  # `symlstm prove --help`


# ----------------------------------------------------------------------------- cells


@dataclass
class Claim:
    """A Moore machine given to ``--claim``: outputs and transitions per state."""

    states: list[str]
    initial: str
    outputs: dict[str, tuple[int, ...]]
    transitions: dict[str, list[str]]

    def trace(self, word: Sequence[int]) -> list[tuple[int, ...]]:
        state = self.initial
        out = []
        for k in word:
            state = self.transitions[state][k]
            out.append(self.outputs[state])
        return out

    def toml(self, alphabet: Sequence[Symbol]) -> str:
        lines = ['name = "claim"', f"alphabet = {_alphabet_toml(alphabet)}"]
        lines.append(f'initial = "{self.initial}"')
        width = max(len(out) for out in self.outputs.values())
        for q in self.states:
            lines.append(f"[states.{q}]")
            # an unobserved initial output ([]: the cell starts on a rounding boundary) is
            # never compared: any value does in a claim file
            out = self.outputs[q] or (0,) * width
            lines.append(f"output = {out[0] if len(out) == 1 else list(out)}")
            nxt = ", ".join(f'"{s}"' for s in self.transitions[q])
            lines.append(f"next = [{nxt}]")
        return "\n".join(lines) + "\n"


@dataclass
class Cell:
    """A cell to analyse, with what the bench knows about it."""

    name: str
    kind: str
    hidden: int
    inputs: int
    params: dict[str, Any]  # name -> matrix (list of rows) or vector of Fractions
    alphabet: list[Symbol]
    initial: dict[str, list[Fraction]] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    words: list[list[int]] = field(default_factory=list)  # planted words (alphabet indices)
    never_proved: bool = False  # planted: no valid certificate can exist
    claim: Claim | None = None
    readout: dict[str, Any] = field(default_factory=dict)  # the [readout] table (empty: default)

    def toml(self) -> str:
        lines = [
            f'name = "{self.name}"',
            f'cell = "{self.kind}"',
            f"hidden = {self.hidden}",
            f"inputs = {self.inputs}",
            f"alphabet = {_alphabet_toml(self.alphabet)}",
            "[params]",
        ]
        for key, value in self.params.items():
            lines.append(f"{key} = {_value_toml(value, self.hidden == 1)}")
        if self.initial:
            lines.append("[initial]")
            for key, vec in self.initial.items():
                lines.append(f"{key} = {_value_toml(vec, self.hidden == 1)}")
        if self.readout:
            lines.append("[readout]")
            for key, value in self.readout.items():
                if isinstance(value, str):
                    lines.append(f'{key} = "{value}"')
                elif key == "units":
                    lines.append(f"{key} = [{', '.join(str(u) for u in value)}]")
                elif isinstance(value, Fraction):
                    lines.append(f"{key} = {number_toml(value)}")
                else:
                    lines.append(f"{key} = {_value_toml(value, False)}")
        return "\n".join(lines) + "\n"


def number_toml(x: Fraction) -> str:
    """An exact TOML literal: integer, exact decimal, or a "p/q" string."""
    if x.denominator == 1:
        return str(x.numerator)
    d = x.denominator
    twos = fives = 0
    while d % 2 == 0:
        d //= 2
        twos += 1
    while d % 5 == 0:
        d //= 5
        fives += 1
    if d == 1:
        places = max(twos, fives)
        scaled = x * 10**places
        assert scaled.denominator == 1
        sign = "-" if scaled < 0 else ""
        digits = str(abs(scaled.numerator)).rjust(places + 1, "0")
        return f"{sign}{digits[:-places]}.{digits[-places:]}"
    return f'"{x.numerator}/{x.denominator}"'


def _value_toml(value: Any, scalar: bool) -> str:
    if isinstance(value, Fraction):
        return number_toml(value)
    if scalar and len(value) == 1:
        return _value_toml(value[0], scalar)
    return "[" + ", ".join(_value_toml(v, False) for v in value) + "]"


def _alphabet_toml(alphabet: Sequence[Symbol]) -> str:
    if all(len(a) == 1 for a in alphabet):
        return "[" + ", ".join(number_toml(a[0]) for a in alphabet) + "]"
    return "[" + ", ".join("[" + ", ".join(number_toml(v) for v in a) + "]" for a in alphabet) + "]"


def param_names(kind: str) -> list[str]:
    names = []
    for unit, state in UNITS[kind]:
        names += [f"W_{unit}{state}", f"W_{unit}x", f"b_{unit}"]
    if kind == "gru":
        names.append("b_nh")
    if kind == "lstm-peephole":
        names += ["p_f", "p_i", "p_o"]
    return names


def _shape(name: str, n: int, m: int) -> tuple[int, int] | int:
    if name.startswith(("b_", "p_")):
        return n
    return (n, m) if name.endswith("x") else (n, n)


def _weight(rng: random.Random, regime: str) -> Fraction:
    if rng.random() < 0.3:
        return Fraction(0)
    if regime == "saturated":
        return Fraction(rng.choice([-1, 1]) * rng.choice([10, 20, 30, 50, 60, 80, 100]))
    if regime == "unsaturated":
        return Fraction(rng.randint(-300, 300), 100)
    if regime == "rational":
        return Fraction(rng.randint(-40, 40), rng.choice([3, 7, 9, 11]))
    return Fraction(rng.choice([-1, 1]) * rng.randint(1, 12), rng.choice([1, 2, 4]))


def _alphabet(rng: random.Random, m: int) -> list[Symbol]:
    if m == 1:
        choice = rng.choice([[0, 1], [0, 1], [-1, 0, 1], [0, 1, 2]])
        return [(Fraction(v),) for v in choice]
    corners = [tuple(Fraction(v) for v in p) for p in itertools.product((0, 1), repeat=m)]
    k = rng.choice([2, 3, 4])
    return sorted(rng.sample(corners, k))


def random_cell(rng: random.Random, name: str, family: str = "course") -> Cell:
    """A random cell: n = 1 (most), 2, sometimes 3; binary or ternary (or vector) alphabets.
    ``family`` (FAMILIES): "course" draws the four cells of the course, read by rounding
    every unit (the same cells for the same ``rng`` as ever); "all" draws every cell kind
    and, for half of the cells, a readout of another kind or of some units."""
    if family == "all":
        kind = rng.choice(sorted(STATES))
    else:
        kind = rng.choice(["lstm", "lstm", "gated", "rnn", "gru"])
    n = rng.choices([1, 2, 3], weights=[6, 4, 1])[0]
    m = 1 if n == 3 or rng.random() < 0.75 else 2
    regime = rng.choice(["saturated", "saturated", "unsaturated", "rational", "mixed"])
    alphabet = _alphabet(rng, m)
    params: dict[str, Any] = {}
    for pname in param_names(kind):
        shape = _shape(pname, n, m)
        if isinstance(shape, int):
            params[pname] = [_weight(rng, regime) for _ in range(shape)]
        else:
            params[pname] = [
                [_weight(rng, regime) for _ in range(shape[1])] for _ in range(shape[0])
            ]
    if rng.random() < 0.3:  # make a pre-activation exactly 0 on the last symbol (h = 0)
        for pname in list(params):
            if pname.startswith("b_") and pname != "b_nh" and rng.random() < 0.5:
                wx = params["W_" + pname[2:] + "x"]
                a = alphabet[-1]
                params[pname] = [
                    -sum((w * v for w, v in zip(row, a, strict=True)), Fraction(0)) for row in wx
                ]
    initial: dict[str, list[Fraction]] = {}
    if rng.random() < 0.2:
        for s in STATES[kind]:
            initial[s] = [Fraction(rng.choice([-2, -1, 0, 1, 2]), 2) for _ in range(n)]
    readout = _random_readout(rng, n) if family == "all" and rng.random() < 0.5 else {}
    tags = (kind, f"n={n}", f"m={m}", regime, f"|A|={len(alphabet)}")
    if readout:
        tags += (f"readout={readout['kind']}",)
    return Cell(name, kind, n, m, params, alphabet, initial, tags, readout=readout)


READOUT_KINDS = ("round", "sign", "threshold", "argmax", "logistic")


def covering_cells(seed: str, limit: int = 500) -> list[Cell]:
    """The first cells of the "all" family (rng seeded ``all/{seed}/{i}``, i = 0, 1, …)
    that each add a cell kind or a readout kind not yet drawn, until every one of both is
    (the default readout counted as its own): a small sample that meets them all."""
    wanted = set(STATES) | set(READOUT_KINDS) | {"default"}
    seen: set[str] = set()
    cells = []
    for i in range(limit):
        cell = random_cell(random.Random(f"all/{seed}/{i}"), f"all-{seed}-{i}", "all")
        tags = {cell.kind, cell.readout.get("kind", "default")}
        if tags - seen:
            seen |= tags
            cells.append(cell)
        if wanted <= seen:
            return cells
    raise AssertionError(f"no cell of {sorted(wanted - seen)} in {limit} draws")


def _random_readout(rng: random.Random, n: int) -> dict[str, Any]:
    """A [readout] table: a unit kind over a random non-empty set of units, or a linear
    layer (argmax of 2–3 rows, logistic) with small rational weights (zeros among them)."""
    kind = rng.choice(READOUT_KINDS)
    table: dict[str, Any] = {"kind": kind}
    if kind in ("round", "sign", "threshold"):
        units = sorted(rng.sample(range(n), rng.randint(1, n)))
        if len(units) < n or rng.random() < 0.5:
            table["units"] = units
        if kind == "threshold" and rng.random() < 0.7:
            table["theta"] = Fraction(rng.randint(-4, 4), 5)
        return table
    rows = rng.randint(2, 3) if kind == "argmax" else 1

    def number() -> Fraction:
        return Fraction(0) if rng.random() < 0.25 else Fraction(rng.randint(-6, 6), 2)

    table["weight"] = [[number() for _ in range(n)] for _ in range(rows)]
    table["bias"] = [number() for _ in range(rows)]
    return table


def _scalar_cell(
    name: str, kind: str, values: dict[str, int | Fraction | str], **extra: Any
) -> Cell:
    params: dict[str, Any] = {}
    for pname in param_names(kind):
        v = values.get(pname, 0)
        value = Fraction(v) if not isinstance(v, Fraction) else v
        params[pname] = [value] if pname.startswith("b_") else [[value]]
    alphabet = extra.pop("alphabet", [(Fraction(0),), (Fraction(1),)])
    return Cell(name, kind, 1, 1, params, alphabet, **extra)


def _runs(symbol: int, lengths: Sequence[int], before: Sequence[int] = ()) -> list[list[int]]:
    return [list(before) + [symbol] * k for k in lengths]


def planted_cells() -> list[Cell]:
    """Hard cases planted on purpose (see the module docstring of the quick test)."""
    cells: list[Cell] = []
    homework = {
        "b_f": -100,
        "W_ix": 100,
        "b_i": 100,
        "W_ox": 100,
        "W_ch": -100,
        "W_cx": 50,
    }
    cells.append(_scalar_cell("homework", "lstm", homework, tags=("planted", "homework")))
    cells.append(
        _scalar_cell("homework-wch10", "lstm", {**homework, "W_ch": -10}, tags=("planted",))
    )
    # edge of saturation: the homework scaled down until no proof can hold
    for scale in (
        Fraction(1, 2),
        Fraction(1, 5),
        Fraction(1, 20),
        Fraction(1, 50),
        Fraction(1, 200),
    ):
        scaled = {k: Fraction(v) * scale for k, v in homework.items()}
        cells.append(
            _scalar_cell(f"homework-x{scale}".replace("/", "_"), "lstm", scaled, tags=("edge",))
        )
    # slowly leaking gated latch: x=1 sets s to ~1; on x=0 the gate is sigmoid(-b), so s
    # decays by (1 - sigmoid(-b)) per step and crosses 1/2 after about ln2 * e^b zeros
    for b in (2, 3, 4, 6, 8):
        words = _runs(0, [5, 10, 20, 40, 80, 200, 450], before=[1])
        if b == 8:  # crosses 1/2 after ~ln2 e^8 = 2066 zeros: beyond the random words
            words += _runs(0, [2500], before=[1])
        cells.append(
            _scalar_cell(
                f"leaky-latch-b{b}",
                "gated",
                {"W_gx": 2 * b, "b_g": -b, "W_sx": 100},
                tags=("leak",),
                words=words,
            )
        )
    # LSTM latch whose forget gate is sigmoid(b_f), just below 1: c decays slowly
    for bf in (3, 5, 8):
        words = _runs(0, [5, 20, 60, 200, 450], before=[1])
        cells.append(
            _scalar_cell(
                f"leaky-lstm-bf{bf}",
                "lstm",
                {"b_f": bf, "W_ix": 200, "b_i": -100, "b_o": 100, "W_cx": 100},
                tags=("leak",),
                words=words,
            )
        )
    # exact ties: s (or h) is exactly ±1/2 after a 0 from an initial ±1, which rounds toward
    # zero (the course's "if h_t = ±0.5, round it to 0"): certifiable where the arithmetic is
    # exact, judged by the exact oracle (the rounded one cannot tell a tie)
    for sign in (1, -1):
        cells.append(
            _scalar_cell(
                f"tie-gated{sign:+d}",
                "gated",
                {"W_sx": 100},
                initial={"s": [Fraction(sign)]},
                tags=("tie",),
                words=[[0], [0, 0], [0, 1, 0]],
            )
        )
        cells.append(
            _scalar_cell(
                f"tie-gru{sign:+d}",
                "gru",
                {"W_zx": -100, "W_nx": 100},
                initial={"h": [Fraction(sign)]},
                tags=("tie",),
                words=[[0], [0, 0], [0, 1, 0]],
            )
        )
    # near-ties: 1/2 + 10^-40 and 1/2 - 10^-40 (decidable, fragile)
    for delta in (Fraction(1, 10**40), Fraction(-1, 10**40)):
        cells.append(
            _scalar_cell(
                f"near-tie-{'up' if delta > 0 else 'down'}",
                "gated",
                {"W_sx": 100},
                initial={"s": [1 + 2 * delta]},
                tags=("near-tie",),
            )
        )
    # pre-activations exactly 0 everywhere: sigmoid = 1/2, tanh = 0
    cells.append(_scalar_cell("all-zero-lstm", "lstm", {}, tags=("zero",)))
    cells.append(_scalar_cell("zero-preact-rnn", "rnn", {"W_ss": 3, "W_sx": 0}, tags=("zero",)))
    cells.append(
        _scalar_cell(
            "zero-preact-gru",
            "gru",
            {"W_rx": 5, "b_r": -5, "W_nh": 2, "W_nx": 1, "b_n": -1},
            tags=("zero",),
        )
    )
    # counters: forget gate sigmoid(100) ~ 1, c grows with every 1 (and shrinks with 0)
    up_down = [[1] * k + [0] * (k + 1) for k in (3, 12, 30)] + [[1] * 100]
    cells.append(
        _scalar_cell(
            "counter-up-down",
            "lstm",
            {"b_f": 100, "b_i": 100, "b_o": 100, "W_cx": 200, "b_c": -100},
            tags=("counter",),
            words=up_down,
            never_proved=True,
        )
    )
    cells.append(
        _scalar_cell(
            "counter-ones",
            "lstm",
            {"b_f": 100, "W_ix": 100, "b_i": -50, "b_o": 100, "b_c": 100},
            tags=("counter",),
            words=[[1] * 60],
            never_proved=True,
        )
    )
    return cells


# ----------------------------------------------------------------------------- running


# ----------------------------------------------------------------------------- oracle


def _fraction(value: Any) -> Fraction:
    """The exact binary rational an mpf holds (``man_exp`` drops the sign)."""
    man, exp = value.man_exp
    magnitude = Fraction(int(man)) * Fraction(2) ** int(exp) if man else Fraction(0)
    return -magnitude if value < 0 else magnitude


def parse_number(text: str) -> Fraction:
    return Fraction(text.strip())


def exhaustive_length(size: int) -> int:
    total, length = 0, 0
    while length < MAX_EXHAUSTIVE and total + size ** (length + 1) <= EXHAUSTIVE_NODES:
        length += 1
        total += size**length
    return length


@dataclass
class Tally:
    compared: int = 0
    undecided: int = 0
    unconfirmed: int = 0  # low-precision disagreements the high-precision oracle undid
    disagreements: list[str] = field(default_factory=list)


def confirm(model: Any, alphabet: Sequence[Symbol], word: Sequence[int], expected: Any) -> bool:
    """True when the oracle at CONFIRM_DPS decides the last step and it differs."""
    try:
        exact = oracle.outputs(model, [alphabet[k] for k in word], CONFIRM_DPS)
    except ValueError:
        return False
    return exact[-1] != tuple(expected)


def check_trie(
    model: Any,
    alphabet: Sequence[Symbol],
    machine_trace: Any,
    length: int,
    tally: Tally,
) -> None:
    """Every word of length <= ``length``: the machine's output vs the oracle's, each
    prefix computed once (the oracle steps from the exact binary value of its state)."""
    kind = model.kind.name
    out_key = OUTPUT[kind]

    def visit(state_model: Any, word: list[int], mstate: Any) -> None:
        if len(word) == length:
            return
        for k, symbol in enumerate(alphabet):
            values = oracle.run(state_model, [symbol], DPS)[0]
            nxt_word = [*word, k]
            nxt_m, expected = machine_trace(mstate, k)
            try:
                rounded: tuple[int, ...] | None = oracle.read(model, values[out_key], DPS)
            except ValueError:
                rounded = None
            if rounded is None:
                tally.undecided += 1
            else:
                tally.compared += 1
                if tuple(rounded) != tuple(expected):  # type: ignore[arg-type]
                    if confirm(model, alphabet, nxt_word, expected):
                        tally.disagreements.append(
                            f"word {nxt_word}: oracle {rounded}, machine {list(expected)}"
                        )
                    else:
                        tally.unconfirmed += 1
            initial = tuple((s, tuple(_fraction(v) for v in values[s])) for s in STATES[kind])
            visit(dataclasses.replace(state_model, initial=initial), nxt_word, nxt_m)

    visit(model, [], None)


def check_words(
    model: Any,
    alphabet: Sequence[Symbol],
    trace: Any,
    words: Sequence[Sequence[int]],
    tally: Tally,
) -> None:
    """Whole words: the oracle's rounded outputs (a word with an undecided step is
    skipped) against ``trace(word)``."""
    for word in words:
        symbols = [alphabet[k] for k in word]
        try:
            exact = oracle.outputs(model, symbols, DPS)
        except ValueError:
            try:  # an exact tie (a short word): the exact oracle reads it
                if len(word) > EXACT_LENGTH:
                    raise
                exact = oracle.exact_outputs(model, symbols, CONFIRM_DPS)
            except ValueError:
                tally.undecided += 1
                continue
        claimed = trace(word)
        for t, (a, b) in enumerate(zip(exact, claimed, strict=True)):
            if tuple(a) != tuple(b):
                if confirm(model, alphabet, list(word[: t + 1]), b):
                    tally.disagreements.append(
                        f"word of length {len(word)} (prefix {list(word[: t + 1])[:40]}...): "
                        f"step {t} oracle {list(a)}, claim {list(b)}"
                    )
                else:
                    tally.unconfirmed += 1
                break
        else:
            tally.compared += 1


def random_words(rng: random.Random, size: int, count: int, longest: int) -> list[list[int]]:
    words = []
    for i in range(count):
        length = longest if i == 0 else rng.randint(1, longest)
        bias = rng.choice([0.05, 0.5, 0.95])
        if size == 2:
            words.append([1 if rng.random() < bias else 0 for _ in range(length)])
        else:
            words.append([rng.randrange(size) for _ in range(length)])
    return words


# ----------------------------------------------------------------------------- judging


@dataclass
class Judgement:
    name: str
    verdict: str
    seconds: float
    false_verdicts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    compared: int = 0
    undecided: int = 0
    overrun: str = ""  # the budget was not honoured (see test_budgets.py)
    reason: str = ""  # an unknown verdict's reason code (what the prover ran into)


def parse_machine(data: dict[str, Any]) -> tuple[list[Symbol], Claim]:
    alphabet = [tuple(parse_number(v) for v in a) for a in data["alphabet"]]
    claim = Claim(
        states=list(data["states"]),
        initial=data["initial"],
        outputs={q: tuple(v) for q, v in data["outputs"].items()},
        transitions={q: list(v) for q, v in data["transitions"].items()},
    )
    return alphabet, claim


def parse_word(text: str | list[Any], alphabet: Sequence[Symbol]) -> list[int]:
    """The witness word as alphabet indices: "1,1,0", "1,0^5616", "[0,1];[1,1]",
    "[0,1]^3;[1,1]" (SYMBOL^COUNT repeats a symbol), or a JSON list."""
    if isinstance(text, list):
        items: list[tuple[Any, int]] = [(item, 1) for item in text]
    else:
        vectors = "[" in text
        parts = [p.strip() for p in text.split(";" if vectors else ",") if p.strip()]
        items = []
        for part in parts:
            body, _, count = part.partition("^")
            value: Any = body.strip().strip("[]").split(",") if vectors else body.strip()
            items.append((value, int(count) if count else 1))
    word = []
    symbols = list(alphabet)
    for item, count in items:
        if isinstance(item, int):
            word += [item] * count
            continue
        values = item if isinstance(item, list) else [item]
        symbol = tuple(parse_number(str(v)) for v in values)
        word += [symbols.index(symbol)] * count
    return word


def _machine_stepper(claim: Claim) -> Any:
    def step(state: str | None, k: int) -> tuple[str, tuple[int, ...]]:
        current = claim.initial if state is None else state
        nxt = claim.transitions[current][k]
        return nxt, claim.outputs[nxt]

    return step


def check_machine(
    model: Any,
    alphabet: Sequence[Symbol],
    claim: Claim,
    cell: Cell,
    rng: random.Random,
    *,
    random_count: int,
    longest: int,
    horizon: int | None = None,
) -> Tally:
    """``horizon``: a bounded verdict's claim holds for words of at most that length only;
    every word checked is cut to it."""
    tally = Tally()
    length = exhaustive_length(len(alphabet))
    if horizon is not None:
        length = min(length, horizon)
        longest = min(longest, horizon)
    check_trie(model, alphabet, _machine_stepper(claim), length, tally)
    words = list(cell.words) + random_words(rng, len(alphabet), random_count, longest)
    if horizon is not None:
        words = [list(w)[:horizon] for w in words]
    check_words(model, alphabet, claim.trace, words, tally)
    return tally


def check_certificate(
    path: Path, cell: Cell, claim: Claim, horizon: int | None = None
) -> list[str]:
    problems = []
    result = run_cli(["check", str(path)])
    expected = (
        "valid" if horizon is None else f"valid for every input word of length at most {horizon}"
    )
    if result.status != 0 or result.stdout.strip() != expected:
        problems.append(
            f"certificate not valid: {result.stdout.strip()[:200]} {result.stderr[:200]}"
        )
    cert = json.loads(path.read_text())
    params = cert["model"]["params"]
    for pname, value in cell.params.items():
        given = params.get(pname)
        rows = value if isinstance(value[0], list) else [value]
        got = given if isinstance(value[0], list) else [given]
        try:
            same = [[parse_number(v) for v in row] for row in got] == rows
        except (TypeError, ValueError):
            same = False
        if not same:
            problems.append(f"certificate model differs at {pname}: {given}")
    if cert["machine"]["outputs"] != {q: list(v) for q, v in claim.outputs.items()}:
        problems.append("certificate machine outputs differ from the reported machine")
    return problems


def flipped(claim: Claim, rng: random.Random, size: int) -> Claim:
    """The machine with one reachable state's output changed (a wrong claim)."""
    reachable = [claim.initial]
    for q in reachable:
        for nxt in claim.transitions[q]:
            if nxt not in reachable:
                reachable.append(nxt)
    # a state reached after at least one step
    after = sorted({nxt for q in reachable for nxt in claim.transitions[q]})
    target = rng.choice(after)
    outputs = dict(claim.outputs)
    old = outputs[target]
    outputs[target] = tuple(v + (1 if v < 1 else -1) for v in old)
    return Claim(list(claim.states), claim.initial, outputs, dict(claim.transitions))


def duplicated(claim: Claim) -> Claim:
    """An equivalent, non-minimal machine: every state split in two copies, renamed."""
    states = [f"{tag}{q}" for q in claim.states for tag in ("a", "b")]
    outputs = {f"{tag}{q}": claim.outputs[q] for q in claim.states for tag in ("a", "b")}
    transitions = {}
    for q in claim.states:
        for tag in ("a", "b"):
            other = "b" if tag == "a" else "a"
            transitions[f"{tag}{q}"] = [f"{other}{nxt}" for nxt in claim.transitions[q]]
    return Claim(states, f"a{claim.initial}", outputs, transitions)


def random_claim(rng: random.Random, size: int, width: int) -> Claim:
    k = rng.randint(1, 3)
    states = [f"r{i}" for i in range(k)]
    return Claim(
        states,
        "r0",
        {q: tuple(rng.choice([-1, 0, 1]) for _ in range(width)) for q in states},
        {q: [rng.choice(states) for _ in range(size)] for q in states},
    )


def confirmed_outputs(model: Any, symbols: Sequence[Symbol]) -> list[tuple[int, ...]]:
    """oracle.outputs at CONFIRM_DPS, else at the FINER_DPS in turn, else (a word of at most
    EXACT_LENGTH symbols) the exact oracle, which decides exact ties (a score or a state
    exactly on a readout's boundary, read by the readout's tie rule); ValueError (the last
    one's) when nothing decides every step."""
    error: ValueError | None = None
    for dps in (CONFIRM_DPS, *FINER_DPS):
        try:
            return oracle.outputs(model, symbols, dps)
        except ValueError as undecided:
            error = undecided
    if len(symbols) <= EXACT_LENGTH:
        try:
            return oracle.exact_outputs(model, symbols, FINER_DPS[-1])
        except ValueError as undecided:
            error = undecided
    assert error is not None
    raise error


def check_refutation(
    model: Any, alphabet: Sequence[Symbol], proof: dict[str, Any], claim: Claim | None
) -> list[str]:
    """A refuted verdict: its witness must replay against the claim at high precision."""
    problems = []
    raw = proof.get("word")
    if raw is None:
        return ["refuted without a witness word (key proof.word)"]
    word = parse_word(raw, alphabet)
    if not word:
        return ["refuted with an empty witness word"]
    claimed = claim.trace(word) if claim is not None else [tuple(v) for v in proof["claimed"]]
    if claim is not None and [tuple(v) for v in proof.get("claimed", [])] != claimed:
        problems.append(f"reported claimed outputs {proof.get('claimed')} != claim's {claimed}")
    try:
        exact = confirmed_outputs(model, [alphabet[k] for k in word])
    except ValueError as error:
        return [*problems, f"witness {word} does not replay: undecidable ({error})"]
    if all(tuple(a) == tuple(b) for a, b in zip(exact, claimed, strict=True)):
        problems.append(f"witness {word} does not replay: oracle {exact} equals the claim")
    values = oracle.run(model, [alphabet[k] for k in word], CONFIRM_DPS)
    key = OUTPUT[model.kind.name]
    # the evidence bounds the components the readout reads; of a long word only the last
    # step's is kept
    read_units = model.readout.selected(model.hidden)
    evidence = proof.get("evidence", [])
    steps = range(len(values) - len(evidence), len(values))
    for t, step in zip(steps, evidence, strict=True):
        for j, (lo, hi) in zip(read_units, step.get("bounds", []), strict=True):
            if lo == "-inf" or hi == "inf":
                continue
            true = _fraction(values[t][key][j])
            if not (
                parse_number(lo) - Fraction(1, 10**60)
                <= true
                <= parse_number(hi) + Fraction(1, 10**60)
            ):
                problems.append(f"evidence step {t}: [{lo}, {hi}] does not contain the value")
    return problems


def judge(
    cell: Cell,
    workdir: Path,
    *,
    seed: int,
    max_seconds: float = 5.0,
    max_states: int = 4000,
    random_count: int = 3,
    longest: int = 500,
    claims: bool = True,
    slack: float = 3.0,
) -> Judgement:
    """Analyse ``cell`` with symlstm and check every claim it makes."""
    rng = random.Random(seed)
    text = cell.toml()
    path = workdir / f"{cell.name}.toml"
    path.write_text(text)
    model = model_from_toml(text, name=cell.name)
    cert = workdir / f"{cell.name}.cert.json"
    budget = ["--max-seconds", f"{max_seconds:g}", "--max-states", str(max_states)]
    result = run_cli(["analyze", str(path), "-f", "json", "--certificate", str(cert), *budget])
    judgement = Judgement(cell.name, "error", result.seconds)
    if result.status not in EXIT_STATUS.values():
        judgement.false_verdicts.append(f"analyze exit {result.status}: {result.stderr[-300:]}")
        return judgement
    try:
        data = json.loads(result.stdout)
    except json.JSONDecodeError:
        judgement.false_verdicts.append(
            f"analyze exit {result.status} after {result.seconds:.1f} s printed no JSON: "
            f"{result.stderr[-300:]!r}"
        )
        return judgement
    verdict = data["verdict"]
    judgement.verdict = verdict
    if verdict == "unknown":
        proof = data.get("proof")
        reason = proof.get("reason") if isinstance(proof, dict) else None
        judgement.reason = str(reason.get("code", "")) if isinstance(reason, dict) else ""
    if EXIT_STATUS.get(verdict) != result.status:
        judgement.false_verdicts.append(f"verdict {verdict} with exit status {result.status}")
    if result.seconds > max_seconds + slack:
        judgement.overrun = f"analyze took {result.seconds:.1f} s for --max-seconds {max_seconds}"
    alphabet = cell.alphabet
    if verdict in ("proved", "bounded"):
        m_alphabet, machine = parse_machine(data["machine"])
        if m_alphabet != alphabet:
            judgement.false_verdicts.append(f"machine alphabet {m_alphabet} != model's")
            return judgement
        horizon = None
        if verdict == "bounded":
            text = data["proof"]["horizon"]
            if not (isinstance(text, str) and text.isdigit() and int(text) >= 1):
                judgement.false_verdicts.append(f"bounded with a horizon of {text!r}")
                return judgement
            horizon = int(text)
        elif cell.never_proved:
            judgement.false_verdicts.append("proved a cell that has no finite certificate")
        tally = check_machine(
            model,
            alphabet,
            machine,
            cell,
            rng,
            random_count=random_count,
            longest=longest,
            horizon=horizon,
        )
        judgement.compared += tally.compared
        judgement.undecided += tally.undecided
        if tally.unconfirmed:
            judgement.notes.append(f"{tally.unconfirmed} unconfirmed low-precision differences")
        judgement.false_verdicts += tally.disagreements[:5]
        if not cert.exists():
            judgement.false_verdicts.append(f"{verdict} but no certificate written")
        else:
            judgement.false_verdicts += check_certificate(cert, cell, machine, horizon)
        if claims and horizon is None:
            judgement.false_verdicts += _check_claims(
                cell, model, path, machine, rng, budget, judgement
            )
        judgement.false_verdicts += check_conventions(model, alphabet, data, machine, horizon)
    elif verdict == "refuted":
        judgement.false_verdicts += check_refutation(model, alphabet, data["proof"], None)
    elif verdict != "unknown":
        judgement.false_verdicts.append(f"unexpected verdict {verdict!r}")
    return judgement


def _claim_of(machine: Any) -> Claim:
    """symlstm's MooreMachine as the judge's Claim."""
    names = list(machine.states)
    return Claim(
        states=names,
        initial=names[machine.initial],
        outputs={q: tuple(machine.outputs[i]) for i, q in enumerate(names)},
        transitions={q: [names[t] for t in machine.transitions[i]] for i, q in enumerate(names)},
    )


def first_difference(a: Claim, b: Claim, size: int, depth: int | None) -> list[int] | None:
    """A shortest word of at most ``depth`` symbols (any length when None) after which the
    two machines' outputs differ; None when there is none."""
    start = (a.initial, b.initial)
    seen = {start}
    layer: list[tuple[tuple[str, str], list[int]]] = [(start, [])]
    length = 0
    while layer and (depth is None or length < depth):
        length += 1
        following = []
        for (qa, qb), word in layer:
            for k in range(size):
                ra, rb = a.transitions[qa][k], b.transitions[qb][k]
                if a.outputs[ra] != b.outputs[rb]:
                    return [*word, k]
                if (ra, rb) not in seen:
                    seen.add((ra, rb))
                    following.append(((ra, rb), [*word, k]))
        layer = following
    return None


def check_conventions(
    model: Any,
    alphabet: Sequence[Symbol],
    data: dict[str, Any],
    machine: Claim,
    horizon: int | None,
) -> list[str]:
    """Analyze's claims about each rounding convention's table. A refutation's word must
    replay in the oracle (the exact output as reported, the table's different); a table
    said to agree with the exact cell (``proved``, or ``bounded`` up to the horizon) must be
    the analysis' own machine on those words — which check_machine holds against the
    oracle — and the table is rebuilt here from the convention, not read from the JSON."""
    from symlstm.analysis.table import TableError, transition_table
    from symlstm.numbers.rounding import CONVENTIONS

    problems = []
    for entry in data.get("conventions", []):
        name, verdict = entry["convention"], entry["verdict"]
        if verdict == "refuted":
            word = parse_word(entry["word"], alphabet)
            try:
                exact = confirmed_outputs(model, [alphabet[k] for k in word])[-1]
            except ValueError as error:
                problems.append(f"{name}: table witness {word} is undecidable ({error})")
                continue
            if tuple(entry["exact"]) != tuple(exact) or tuple(entry["table"]) == tuple(exact):
                problems.append(
                    f"{name}: table refuted by {word}, but the oracle gives {exact} "
                    f"(reported exact {entry['exact']}, table {entry['table']})"
                )
        elif verdict in ("proved", "bounded"):
            if verdict == "bounded" and entry["reason"].get("horizon") != str(horizon):
                problems.append(f"{name}: table bounded at {entry['reason'].get('horizon')!r}")
                continue
            try:
                table = transition_table(model, CONVENTIONS[name])
            except TableError as error:
                problems.append(f"{name}: {verdict}, but the table cannot be built ({error})")
                continue
            claim = _claim_of(table.machine())
            word = first_difference(claim, machine, len(alphabet), horizon)
            if word is not None:
                problems.append(f"{name}: table said to agree ({verdict}) but differs after {word}")
    return problems


def _check_claims(
    cell: Cell,
    model: Any,
    path: Path,
    machine: Claim,
    rng: random.Random,
    budget: list[str],
    judgement: Judgement,
) -> list[str]:
    problems = []
    size = len(cell.alphabet)
    cases = [("equivalent", duplicated(machine)), ("flipped", flipped(machine, rng, size))]
    width = max(len(out) for out in machine.outputs.values())
    cases.append(("random", random_claim(rng, size, width)))
    for label, claim in cases:
        claim_path = path.with_suffix(f".{label}.claim.toml")
        claim_path.write_text(claim.toml(cell.alphabet))
        result = run_cli(["prove", str(path), "--claim", str(claim_path), "-f", "json", *budget])
        if result.status not in EXIT_STATUS.values():
            problems.append(f"prove --claim ({label}) exit {result.status}: {result.stderr[-300:]}")
            continue
        data = json.loads(result.stdout)
        verdict = data["verdict"]
        judgement.notes.append(f"claim {label}: {verdict}")
        if verdict == "refuted":
            problems += [
                f"claim {label}: {p}" for p in check_refutation(model, cell.alphabet, data, claim)
            ]
        elif verdict in ("proved", "bounded"):
            # the cell's own machine was checked on every short word already: the claim is
            # compared on the planted words and one random long word
            tally = Tally()
            words = list(cell.words) + random_words(rng, size, 1, 300)
            if verdict == "bounded":
                words = [w[: int(data["horizon"])] for w in words]
            check_words(model, cell.alphabet, claim.trace, words, tally)
            problems += [f"claim {label} {verdict}: {d}" for d in tally.disagreements[:3]]
    return problems
