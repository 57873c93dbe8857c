"""What does h_t carry? Comparing a proved machine with named properties of input words.

**The output abstraction.** A property P of input words is a small Moore machine whose
output after each step is P's value on the prefix read so far (1 = true, 0 = false, or
any integer vector for a user machine). The cell's machine M emits its rounded output
after each step (for the homework one of 0, 1, −1: 0 after a zero, 1 after an odd run of
ones, −1 after an even run). We say **h_t carries P** when P's value is a *function of
M's output*: there is a map φ with P(w) = φ(M(w)) for every non-empty word w. This is
decided exactly on the product of the two machines (every reachable pair of states,
after at least one step): P is carried iff no output of M occurs together with two
different values of P. When it is not, two shortest words that M cannot tell apart by
its output but P can are the counterexample. When φ is also one-to-one, M's output and P
carry the same information (``equivalent``). A user machine whose outputs are meant
literally is compared with :func:`symlstm.analysis.automaton.distinguishing_word`
(shortest input on which the outputs differ).

**Machine files (TOML).** A user Moore machine::

    name = "odd-run-of-ones"
    description = "whether the current run of ones is odd"
    alphabet = [0, 1]            # scalars, or vectors: [[0, 1], [1, 0]]
    initial = "even"

    [states.even]
    output = 0                   # an integer, or a list of integers (one per component)
    next = ["even", "odd"]       # the successor on each alphabet symbol, in order

    [states.odd]
    output = 1
    next = ["even", "even"]

States keep the order of the file; every state named in ``next`` must be defined.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import sympy

from symlstm.analysis.automaton import (
    MooreMachine,
    Output,
    Symbol,
    Word,
    distinguishing_word,
    minimize,
)
from symlstm.budget import NEVER, Deadline
from symlstm.errors import ModelError
from symlstm.model.files import parse_toml
from symlstm.model.numbers import NumberSyntaxError, parse_number
from symlstm.model.reading import FileKind, read_text_limited

MACHINE_FILE_FORMAT = """machine files (TOML):
  name = "odd-run-of-ones"
  description = "whether the current run of ones is odd"
  alphabet = [0, 1]            # scalars, or vectors: [[0, 1], [1, 0]]
  initial = "even"
  [states.even]
  output = 0                   # an integer, or a list of integers
  next = ["even", "odd"]       # the successor on each alphabet symbol, in order
  [states.odd]
  output = 1
  next = ["even", "even"]
"""

BINARY: tuple[Symbol, ...] = ((sympy.Integer(0),), (sympy.Integer(1),))


class Relation(Enum):
    EQUIVALENT = "equivalent"  # P is a one-to-one function of the cell's output
    CARRIED = "carried"  # P is a function of the cell's output
    NOT_CARRIED = "not carried"  # two words with the same cell output, different P


@dataclass(frozen=True)
class Property:
    """A named property of input words, as a Moore machine with outputs 0/1."""

    name: str
    description: str  # reads after "h_t carries …"
    machine: MooreMachine
    course_statement: bool = False  # one of the four statements of the homework question


@dataclass(frozen=True)
class Witness:
    """Two words after which the cell's output is the same but the property differs."""

    first: Word
    second: Word
    cell_output: Output
    first_value: Output
    second_value: Output


@dataclass(frozen=True)
class Comparison:
    name: str
    description: str
    relation: Relation
    output_map: tuple[tuple[Output, Output], ...]  # cell output -> property value (carried)
    witness: Witness | None
    course_statement: bool = False


@dataclass(frozen=True)
class Explanation:
    model_name: str
    machine: MooreMachine
    comparisons: tuple[Comparison, ...]

    @property
    def carried(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.comparisons if c.relation is not Relation.NOT_CARRIED)


def _binary(
    name: str,
    description: str,
    states: tuple[str, ...],
    transitions: tuple[tuple[int, int], ...],
    outputs: tuple[int, ...],
    course: bool = False,
) -> Property:
    machine = MooreMachine(
        states=states,
        initial=0,
        alphabet=BINARY,
        transitions=transitions,
        outputs=tuple((v,) for v in outputs),
    )
    return Property(name, description, machine, course)


# Rules as data: the library of named properties of binary words. The first four are the
# statements of the homework question (problems.md §2), in the order the course lists them.
LIBRARY: tuple[Property, ...] = (
    _binary(
        "odd-zeros",
        "whether the total number of zeros is odd",
        ("even", "odd"),
        ((1, 0), (0, 1)),
        (0, 1),
        course=True,
    ),
    _binary(
        "odd-run-of-zeros",
        "whether the number of consecutive zeros is odd",
        ("even", "odd"),
        ((1, 0), (0, 0)),
        (0, 1),
        course=True,
    ),
    _binary(
        "odd-ones",
        "whether the total number of ones is odd",
        ("even", "odd"),
        ((0, 1), (1, 0)),
        (0, 1),
        course=True,
    ),
    _binary(
        "odd-run-of-ones",
        "whether the number of consecutive ones is odd",
        ("even", "odd"),
        ((0, 1), (0, 0)),
        (0, 1),
        course=True,
    ),
    _binary("last-symbol", "the last input", ("zero", "one"), ((0, 1), (0, 1)), (0, 1)),
    _binary(
        "previous-symbol",
        "the input before the last one",
        ("start", "0-", "1-", "00", "01", "10", "11"),
        # states remember the last two inputs; "ab" means previous a, last b
        ((1, 2), (3, 4), (5, 6), (3, 4), (5, 6), (3, 4), (5, 6)),
        (0, 0, 0, 0, 0, 1, 1),
    ),
    _binary("seen-one", "whether a one has occurred", ("no", "yes"), ((0, 1), (1, 1)), (0, 1)),
    _binary("seen-zero", "whether a zero has occurred", ("no", "yes"), ((1, 0), (1, 1)), (0, 1)),
    _binary(
        "last-two-equal",
        "whether the last two inputs are equal",
        ("start", "0", "1", "0=", "1=", "0≠", "1≠"),
        ((1, 2), (3, 6), (5, 4), (3, 6), (5, 4), (3, 6), (5, 4)),
        (0, 0, 0, 1, 1, 0, 0),
    ),
    _binary(
        "ones-mod-3",
        "whether the number of ones is a multiple of 3",
        ("r0", "r1", "r2"),
        ((0, 1), (1, 2), (2, 0)),
        (1, 0, 0),
    ),
)


def library_for(alphabet: tuple[Symbol, ...]) -> tuple[Property, ...]:
    """The named properties that read ``alphabet`` (binary words only, for now)."""
    return LIBRARY if alphabet == BINARY else ()


def compare(machine: MooreMachine, prop: Property) -> Comparison:
    """Whether the output of ``machine`` determines ``prop`` (see the module text)."""
    other = prop.machine
    if machine.alphabet != other.alphabet:
        raise ValueError("the machine and the property read different alphabets")
    # breadth-first over reachable pairs: the first word found for each pair is shortest
    start = (machine.initial, other.initial)
    words: dict[tuple[int, int], Word] = {start: ()}
    queue = deque([start])
    first_word: dict[tuple[Output, Output], Word] = {}
    while queue:
        pair = queue.popleft()
        for k in range(len(machine.alphabet)):
            nxt = (machine.transitions[pair[0]][k], other.transitions[pair[1]][k])
            word = (*words[pair], k)
            outs = (machine.outputs[nxt[0]], other.outputs[nxt[1]])
            if outs not in first_word or len(word) < len(first_word[outs]):
                first_word[outs] = word
            if nxt not in words:
                words[nxt] = word
                queue.append(nxt)
    values: dict[Output, list[Output]] = {}
    for cell_out, value in sorted(first_word):
        values.setdefault(cell_out, []).append(value)
    best: Witness | None = None
    for cell_out in sorted(values):
        if len(values[cell_out]) < 2:
            continue
        # the two values with the shortest words
        ranked = sorted(values[cell_out], key=lambda v: (len(first_word[(cell_out, v)]), v))
        a, b = ranked[0], ranked[1]
        wa, wb = first_word[(cell_out, a)], first_word[(cell_out, b)]
        if (len(wb), wb) < (len(wa), wa):
            a, b, wa, wb = b, a, wb, wa
        candidate = Witness(wa, wb, cell_out, a, b)
        if best is None or (len(wb), len(wa)) < (len(best.second), len(best.first)):
            best = candidate
    if best is not None:
        return Comparison(
            prop.name, prop.description, Relation.NOT_CARRIED, (), best, prop.course_statement
        )
    mapping = tuple((cell_out, vs[0]) for cell_out, vs in sorted(values.items()))
    injective = len({v for _, v in mapping}) == len(mapping)
    return Comparison(
        prop.name,
        prop.description,
        Relation.EQUIVALENT if injective else Relation.CARRIED,
        mapping,
        None,
        prop.course_statement,
    )


def explain(
    machine: MooreMachine,
    model_name: str,
    extra: tuple[Property, ...] = (),
    *,
    deadline: Deadline = NEVER,
) -> Explanation:
    """Compare ``machine`` with the library (when its alphabet is binary) and ``extra``;
    ``deadline`` is checked before each comparison."""
    props = library_for(machine.alphabet) + extra
    comparisons = []
    for p in props:
        if p.machine.alphabet == machine.alphabet:
            deadline.check("the explanation")
            comparisons.append(compare(machine, p))
    return Explanation(model_name, machine, tuple(comparisons))


def literal_difference(machine: MooreMachine, prop: Property) -> Word | None:
    """A shortest word on which the two machines' outputs differ as written."""
    difference = distinguishing_word(machine, prop.machine)
    return None if difference is None else difference.word


# ---------------------------------------------------------------------------- machine files


def _fail(source: str, key: str, message: str) -> ModelError:
    return ModelError(source, key, message)


def _number(source: str, key: str, value: object) -> sympy.Rational:
    try:
        return parse_number(value)
    except NumberSyntaxError as error:
        raise _fail(source, key, str(error)) from None


def _output(source: str, key: str, value: object) -> Output:
    items = value if isinstance(value, list) else [value]
    if not items:
        raise _fail(source, key, "expected an integer or a non-empty list of integers")
    out = []
    for i, item in enumerate(items):
        if isinstance(item, bool) or not isinstance(item, int):
            raise _fail(
                source,
                f"{key}[{i}]" if isinstance(value, list) else key,
                f"expected an integer, got {item!r}",
            )
        out.append(item)
    return tuple(out)


def machine_from_mapping(data: Mapping[str, object], source: str) -> Property:
    """A user machine from a parsed TOML table (format in the module text)."""
    allowed = {"name", "description", "alphabet", "initial", "states"}
    for key in sorted(data):
        if key not in allowed:
            raise _fail(source, key, f"unknown key; expected one of {', '.join(sorted(allowed))}")
    name = data.get("name", Path(source).stem)
    description = data.get("description", f"the machine {name}")
    if not isinstance(name, str) or not isinstance(description, str):
        raise _fail(source, "name", "expected text")
    raw_alphabet = data.get("alphabet")
    if not isinstance(raw_alphabet, list) or not raw_alphabet:
        raise _fail(source, "alphabet", "expected a non-empty list of symbols")
    alphabet: list[Symbol] = []
    for i, symbol in enumerate(raw_alphabet):
        items = symbol if isinstance(symbol, list) else [symbol]
        alphabet.append(tuple(_number(source, f"alphabet[{i}]", v) for v in items))
    if len({len(a) for a in alphabet}) != 1:
        raise _fail(source, "alphabet", "every symbol must have the same length")
    if len(set(alphabet)) != len(alphabet):
        raise _fail(source, "alphabet", "a symbol appears twice")
    states = data.get("states")
    if not isinstance(states, dict) or not states:
        raise _fail(source, "states", "expected a table of states ([states.NAME])")
    names = tuple(states)
    initial = data.get("initial", names[0])
    if initial not in states:
        raise _fail(source, "initial", f"no state named {initial!r}")
    transitions = []
    outputs = []
    for q in names:
        entry = states[q]
        key = f"states.{q}"
        if not isinstance(entry, dict):
            raise _fail(source, key, "expected a table with output and next")
        for sub in sorted(entry):
            if sub not in ("output", "next"):
                raise _fail(source, f"{key}.{sub}", "unknown key; expected output or next")
        if "output" not in entry or "next" not in entry:
            raise _fail(source, key, "expected both output and next")
        outputs.append(_output(source, f"{key}.output", entry["output"]))
        nxt = entry["next"]
        if not isinstance(nxt, list) or len(nxt) != len(alphabet):
            raise _fail(source, f"{key}.next", f"expected a list of {len(alphabet)} state names")
        row = []
        for i, r in enumerate(nxt):
            if not isinstance(r, str) or r not in states:
                raise _fail(source, f"{key}.next[{i}]", f"no state named {r!r}")
            row.append(names.index(r))
        transitions.append(tuple(row))
    if len({len(o) for o in outputs}) != 1:
        raise _fail(source, "states", "every output must have the same length")
    machine = MooreMachine(
        states=names,
        initial=names.index(str(initial)),
        alphabet=tuple(alphabet),
        transitions=tuple(transitions),
        outputs=tuple(outputs),
    )
    return Property(name, description, machine)


def machine_from_toml(text: str, source: str = "<machine>") -> Property:
    return machine_from_mapping(parse_toml(text, source), source)


def read_property_file(path: Path) -> Property:
    text = read_text_limited(path, FileKind.MACHINE)
    return machine_from_toml(text, str(path))


def read_machine_file(path: Path) -> MooreMachine:
    return read_property_file(path).machine


def minimal(prop: Property) -> Property:
    return Property(prop.name, prop.description, minimize(prop.machine), prop.course_statement)
