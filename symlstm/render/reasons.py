"""The one phrasing of each reason code (:mod:`symlstm.analysis.reasons`), and its data.

:func:`reason_parts` says a :class:`~symlstm.analysis.reasons.Reason` as inline nodes of the
document tree (numbers as :class:`~symlstm.render.tree.Number`, words as
:class:`~symlstm.render.tree.Word`, state components as math), so that the terminal, LaTeX,
Markdown, HTML, Sphinx and notebooks all print the same sentence; :func:`reason_data` is its
JSON. Nothing here names a command-line option: the command-line faces add those.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

from symlstm.analysis.automaton import UNOBSERVED, Output
from symlstm.analysis.check import CheckFailure, Obligation
from symlstm.analysis.reasons import Reason, ReasonCode
from symlstm.equations import names
from symlstm.model import ReadoutKind
from symlstm.model.words import Word, format_runs, word_parts
from symlstm.render import tree

Alphabet = Sequence[tuple[Any, ...]]


# ---------------------------------------------------------------------------- small parts


def _symbols(alphabet: Alphabet, word: Sequence[int]) -> tuple[Word, bool]:
    runs = [(alphabet[k], sum(1 for _ in group)) for k, group in itertools.groupby(word)]
    return Word.from_runs(runs), bool(alphabet) and len(alphabet[0]) != 1


def input_word(alphabet: Alphabet, word: Sequence[int]) -> tree.Word:
    """A word of symbol indices as the document prints words (the parts of
    :func:`symlstm.model.words.format_word`: runs of equal symbols as ``SYMBOL^COUNT``)."""
    symbols, vectors = _symbols(alphabet, word)
    return tree.Word(word_parts(symbols, vectors=vectors))


def word_text(alphabet: Alphabet, word: Sequence[int]) -> str:
    """A word of symbol indices in the one word syntax (:func:`format_word`'s)."""
    symbols, vectors = _symbols(alphabet, word)
    return format_runs(symbols, vectors=vectors)


def component(name: str) -> tree.Math:
    """``h_2`` (the prover's name of a state component) as the document writes it: hₜ,₂."""
    base, _, index = name.partition("_")
    return tree.Math(names.timed(base, "t", int(index) if index.isdigit() else None))


def output_parts(value: Output | None) -> tree.Inlines:
    if value is None or value == UNOBSERVED or not value:
        return (tree.Text("—"),)
    if len(value) == 1:
        return (tree.Text(str(value[0])),)
    return (tree.Text("(" + ", ".join(str(v) for v in value) + ")"),)


def rounded_up(text: str, digits: int = 3) -> str:
    """An exact positive decimal rounded up to ``digits`` significant digits, in
    scientific notation (``1.93e-22``): a bound that stays a bound."""
    value = Fraction(text)
    if value <= 0:
        return "0"
    exponent = len(str(value.numerator)) - len(str(value.denominator))
    while Fraction(10) ** exponent > value:
        exponent -= 1
    while Fraction(10) ** (exponent + 1) <= value:
        exponent += 1
    scaled = value / Fraction(10) ** (exponent - digits + 1)
    top = -(-scaled.numerator // scaled.denominator)  # ceiling
    if top >= 10**digits:
        top //= 10  # 999.x rounded up to 1000: exactly 100, one place up
        exponent += 1
    mantissa = str(top)
    body = mantissa[0] + ("." + mantissa[1:] if len(mantissa) > 1 else "")
    return f"{body}e{exponent}"


def _joined(parts: Sequence[tree.Inlines], last: str = " and ") -> tree.Inlines:
    out: list[tree.Inline] = []
    for k, item in enumerate(parts):
        if k:
            out.append(tree.Text(last if k == len(parts) - 1 else ", "))
        out += item
    return tuple(out)


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


# ---------------------------------------------------------------------------- the codes


def _closed(r: Reason, alphabet: Alphabet, length: int) -> tree.Inlines:
    return (
        tree.Text(
            f"{plural(r.boxes, 'box', 'boxes')} closed under one exact step; minimal machine "
            f"of {plural(r.states, 'state')}"
        ),
    )


def _depth_bounded(r: Reason, alphabet: Alphabet, length: int) -> tree.Inlines:
    explored = r.boxes - r.open
    return (
        tree.Text(
            f"{plural(explored, 'grid box', 'grid boxes')} explored breadth first, each image "
            f"covered by the boxes it meets; the {plural(r.open, 'box', 'boxes')} not explored "
            f"lie at least {r.horizon} steps from the start, so the machine of "
            f"{plural(r.states, 'state')} holds on every word of length at most {r.horizon}"
        ),
    )


def _covered(r: Reason, alphabet: Alphabet, length: int) -> tree.Inlines:
    return (
        tree.Text(
            f"{plural(r.boxes, 'grid box', 'grid boxes')}, each image covered by the boxes "
            f"it meets; minimal machine of {plural(r.states, 'state')}"
        ),
    )


def _bounded(r: Reason, alphabet: Alphabet, length: int) -> tree.Inlines:
    parts: list[tree.Inline] = [
        tree.Text(
            f"{plural(r.boxes, 'box', 'boxes')} map into their successors grown by a drift per step"
        )
    ]
    if r.drift is not None:
        parts += [
            tree.Text(" ("),
            component(r.drift.component),
            tree.Text(" moves by at most "),
            tree.Number(rounded_up(r.drift.per_step)),
            tree.Text(" per step)"),
        ]
    parts.append(
        tree.Text(
            f"; the machine of {plural(r.states, 'state')} holds on every word of length at "
            f"most {r.horizon}"
        )
    )
    return tuple(parts)


def _differs(r: Reason, alphabet: Alphabet, length: int) -> tree.Inlines:
    return (
        tree.Text(f"after {plural(r.length or 0, 'input')} the exact cell outputs "),
        *output_parts(r.cell_output),
        tree.Text(", the claim "),
        *output_parts(r.claim_output),
        tree.Text(" (the cell's machine is proved)"),
    )


def _counterexample(r: Reason, alphabet: Alphabet, length: int) -> tree.Inlines:
    return (
        tree.Text(f"after {plural(r.length or 0, 'input')} the exact cell's output reads "),
        *output_parts(r.cell_output),
        tree.Text(", the claim says "),
        *output_parts(r.claim_output),
    )


def _max_boxes(r: Reason, alphabet: Alphabet, length: int) -> tree.Inlines:
    return (tree.Text(f"more than {r.limit} boxes are needed"),)


def _time(r: Reason, alphabet: Alphabet, length: int) -> tree.Inlines:
    limit = f"{r.limit:g}" if isinstance(r.limit, (int, float)) else str(r.limit)
    return (tree.Text(f"the time budget of {limit} s ran out"),)


def _widenings(r: Reason, alphabet: Alphabet, length: int) -> tree.Inlines:
    return (tree.Text(f"a box was widened more than {r.limit} times (the state keeps moving)"),)


# a unit readout's boundaries inside an enclosure (one, several)
BOUNDARY_WORDS: dict[ReadoutKind, tuple[str, str]] = {
    ReadoutKind.ROUND: ("rounding boundary", "rounding boundaries"),
    ReadoutKind.SIGN: ("sign boundary", "sign boundaries"),
    ReadoutKind.THRESHOLD: ("threshold", "thresholds"),
    ReadoutKind.LOGISTIC: ("boundary", "boundaries"),
    ReadoutKind.ARGMAX: ("boundary", "boundaries"),
}
# the decision boundary of each readout kind
READOUT_BOUNDARY: dict[ReadoutKind, str] = {
    ReadoutKind.ROUND: "a rounding boundary k ± 1/2",
    ReadoutKind.SIGN: "the sign boundary 0",
    ReadoutKind.THRESHOLD: "the readout's threshold",
    ReadoutKind.LOGISTIC: "the logistic readout's boundary w·h + b = 0",
    ReadoutKind.ARGMAX: "a tie of the argmax readout's scores",
}


def _readout_boundary(r: Reason, alphabet: Alphabet, length: int) -> tree.Inlines:
    b = r.boundary
    if b is None:
        return (tree.Text("an enclosure of the output reaches a decision boundary of the readout"),)
    parts: list[tree.Inline] = [
        tree.Text(f"an enclosure of the output reaches {READOUT_BOUNDARY[b.readout]}")
    ]
    if b.word:
        parts += [
            tree.Text(f"; after the {plural(len(b.word), 'input')} "),
            input_word(alphabet, b.word),
            tree.Text(" and then "),
            input_word(alphabet, (b.symbol,)),
        ]
    else:
        parts += [tree.Text("; on the first input "), input_word(alphabet, (b.symbol,))]
    enclosures: list[tree.Inlines] = []
    for e in b.enclosures:
        if e.low is None or e.high is None:
            enclosures.append((component(e.component), tree.Text(" is not finite")))
            continue
        item: tuple[tree.Inline, ...] = (
            component(e.component),
            tree.Text(" ∈ ["),
            tree.Number(e.low),
            tree.Text(", "),
            tree.Number(e.high),
            tree.Text("]"),
        )
        if e.boundaries:
            what = BOUNDARY_WORDS[b.readout]
            item += (
                tree.Text(
                    f", which contains the {what[0] if len(e.boundaries) == 1 else what[1]} "
                ),
                *_joined([(tree.Text(p),) for p in e.boundaries]),
            )
        enclosures.append(item)
    parts += [tree.Text(", the box's image has "), *_joined(enclosures)]
    if b.exact_output is not None:
        parts += [
            tree.Text("; the exact cell on that word reads "),
            *output_parts(b.exact_output),
            tree.Text(", clear of the boundary: the enclosure of the whole box is too wide"),
        ]
    else:
        parts.append(tree.Text("; the exact cell's own state on that word is not clear of it"))
    return tuple(parts)


def _widened(r: Reason, alphabet: Alphabet, length: int) -> tree.Inlines:
    return (
        tree.Text(
            "a box, widened to hold its images, would reach a decision boundary of the readout"
        ),
    )


def _not_finite(r: Reason, alphabet: Alphabet, length: int) -> tree.Inlines:
    return (tree.Text("an enclosure of the state is not finite"),)


def _not_closed(r: Reason, alphabet: Alphabet, length: int) -> tree.Inlines:
    return (tree.Text("the boxes are not closed under the step"),)


def _table_is_machine(r: Reason, alphabet: Alphabet, length: int) -> tree.Inlines:
    return (tree.Text("same outputs as the exact cell on every word"),)


def _table_differs(r: Reason, alphabet: Alphabet, length: int) -> tree.Inlines:
    return (
        tree.Text(f"after {plural(r.length or 0, 'input')} the exact cell rounds to "),
        *output_parts(r.cell_output),
        tree.Text(", the table says "),
        *output_parts(r.claim_output),
    )


def _table_agrees_bounded(r: Reason, alphabet: Alphabet, length: int) -> tree.Inlines:
    return (
        tree.Text(
            "same outputs as the exact cell on every word of length at most "
            f"{r.horizon} (the bounded proof's horizon); no certified word beyond it "
            "contradicts the table within the search budget"
        ),
    )


def _no_table(r: Reason, alphabet: Alphabet, length: int) -> tree.Inlines:
    return (tree.Text(f"no table: {r.detail}"),)


def _rejected(r: Reason, alphabet: Alphabet, length: int) -> tree.Inlines:
    shown = check_failure_text(r.failure) if r.failure is not None else "no failure given"
    return (
        tree.Text(
            "the independent checker rejected the prover's own certificate, so nothing is "
            f"claimed (a bug of the prover; please report it): {shown}"
        ),
    )


PHRASES: dict[ReasonCode, Callable[[Reason, Alphabet, int], tree.Inlines]] = {
    ReasonCode.CLOSED: _closed,
    ReasonCode.COVERED: _covered,
    ReasonCode.DRIFT_BOUNDED: _bounded,
    ReasonCode.DEPTH_BOUNDED: _depth_bounded,
    ReasonCode.MACHINE_DIFFERS: _differs,
    ReasonCode.COUNTEREXAMPLE: _counterexample,
    ReasonCode.MAX_BOXES: _max_boxes,
    ReasonCode.TIME: _time,
    ReasonCode.WIDENINGS: _widenings,
    ReasonCode.READOUT_BOUNDARY: _readout_boundary,
    ReasonCode.WIDENED_TO_BOUNDARY: _widened,
    ReasonCode.NOT_FINITE: _not_finite,
    ReasonCode.NOT_CLOSED: _not_closed,
    ReasonCode.TABLE_IS_MACHINE: _table_is_machine,
    ReasonCode.TABLE_DIFFERS: _table_differs,
    ReasonCode.TABLE_AGREES_BOUNDED: _table_agrees_bounded,
    ReasonCode.NO_TABLE: _no_table,
    ReasonCode.CERTIFICATE_REJECTED: _rejected,
}


def reason_parts(reason: Reason, alphabet: Alphabet = (), shown: int = 0) -> tree.Inlines:
    """The reason as a clause (no capital, no closing period). ``alphabet`` prints its
    words; ``shown`` is the length of the word shown beside it (an unknown verdict's),
    which the failing box's prefix refers to."""
    parts = list(PHRASES[reason.code](reason, alphabet, shown))
    if reason.boundary is None and reason.prefix and shown:
        parts.append(
            tree.Text(
                f"; the failing box is reached by the first {reason.prefix} of the "
                f"{plural(shown, 'input')} shown"
            )
        )
    if reason.searched:
        parts.append(tree.Text("; no counterexample to the claim found within the search budget"))
    return tuple(parts)


def reason_data(reason: Reason, alphabet: Alphabet = ()) -> dict[str, Any]:
    """The reason as JSON data: its code and the fields its code sets (exact numbers as
    strings; a word as ``--inputs`` and the result's ``"word"`` write it, and its symbol
    indices too where the reason names a symbol)."""
    data: dict[str, Any] = {"code": reason.code.value}
    if reason.code in (
        ReasonCode.CLOSED,
        ReasonCode.COVERED,
        ReasonCode.DRIFT_BOUNDED,
        ReasonCode.DEPTH_BOUNDED,
    ):
        data["boxes"] = reason.boxes
        data["states"] = reason.states
    if reason.code is ReasonCode.DEPTH_BOUNDED:
        data["open"] = reason.open
    if reason.limit is not None:
        data["limit"] = reason.limit
    if reason.drift is not None:
        data["drift"] = {"component": reason.drift.component, "per_step": reason.drift.per_step}
    if reason.horizon is not None:
        data["horizon"] = str(reason.horizon)
    if reason.prefix is not None:
        data["prefix"] = reason.prefix
    if reason.boundary is not None:
        b = reason.boundary
        data["boundary"] = {
            "readout": b.readout.value,
            "word": word_text(alphabet, b.word) if alphabet else None,
            "word_length": len(b.word),
            "symbol": b.symbol,
            "enclosures": [
                {
                    "component": e.component,
                    "low": e.low,
                    "high": e.high,
                    "boundaries": list(e.boundaries),
                }
                for e in b.enclosures
            ],
            "exact_clear": b.exact_clear,
            "exact_output": list(b.exact_output) if b.exact_output is not None else None,
        }
    if reason.length is not None:
        data["length"] = reason.length
    if reason.cell_output is not None:
        data["cell_output"] = list(reason.cell_output)
    if reason.claim_output is not None:
        data["claim_output"] = list(reason.claim_output)
    if reason.searched:
        data["searched"] = True
    if reason.detail is not None:
        data["detail"] = reason.detail
    if reason.failure is not None:
        data["failure"] = {
            "obligation": reason.failure.obligation.value,
            "box": reason.failure.box,
            "symbol": reason.failure.symbol,
            "text": check_failure_text(reason.failure),
        }
    return data


def check_failure_text(failure: CheckFailure) -> str:
    """The first failing obligation of a certificate, as one line: which obligation,
    where (box and symbol, or box, machine state and output), then what failed."""
    head = f"obligation {failure.obligation.value}"
    if failure.obligation is Obligation.STRUCTURE:
        return f"{head} (structure): {failure.detail}"
    if failure.box is None or failure.obligation is Obligation.INITIAL:
        return f"{head}: {failure.detail}"  # the initial state's detail names its box
    if failure.symbol is not None:
        symbol = "[" + ", ".join(failure.symbol_text) + "]"
        return f"{head}: box {failure.box}, symbol {failure.symbol} = {symbol}: {failure.detail}"
    output = failure.output or ()
    shown = output[failure.component] if failure.component is not None else list(output)
    return (
        f"{head}: box {failure.box} (machine state {failure.state!r}, output {shown}): "
        f"{failure.detail}"
    )


def reason_text(reason: Reason, alphabet: Alphabet = (), shown: int = 0) -> str:
    """The reason's clause as plain text (for a log line or an assertion message)."""
    from symlstm.render.writers.base import plain

    return plain(reason_parts(reason, alphabet, shown))


__all__ = [
    "PHRASES",
    "check_failure_text",
    "component",
    "input_word",
    "output_parts",
    "reason_data",
    "reason_parts",
    "reason_text",
    "rounded_up",
    "word_text",
]
