"""Builders: a result becomes a :class:`~symlstm.render.tree.Document`, once, for every
format. ``document_of(value)`` for a whole document, ``blocks_of(value)`` for a result
inside one (a step of a worked solution). Builders choose what is said and in which
order; the writers (:mod:`symlstm.render.writers`) decide how it looks. Nothing here is
a format's syntax.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction
from functools import singledispatch
from typing import Any

import sympy

from symlstm.analysis.automaton import UNOBSERVED, MooreMachine, Output, word_text
from symlstm.analysis.explain import Explanation, Relation
from symlstm.analysis.proof import ProofResult
from symlstm.analysis.proof import Verdict as ProofVerdict
from symlstm.analysis.summary import Analysis, TableCheck
from symlstm.analysis.table import TransitionTable
from symlstm.derivation import (
    Derivation,
    MachineSummary,
    Prose,
    QuestionWork,
    ShownWork,
    Step,
    TermComparison,
)
from symlstm.equations import Equation, names
from symlstm.equations import Role as EquationRole
from symlstm.equations.functions import sigmoid, tanh
from symlstm.model import format_number
from symlstm.numbers.digits import certified_digits
from symlstm.numbers.gaps import GapReport
from symlstm.numbers.rounding import FRAGILE, ConventionResult, Flag
from symlstm.numbers.rounding import Verdict as ConventionVerdict
from symlstm.render import values as solved
from symlstm.render.dot import machine_dot
from symlstm.render.tree import (
    Attachment,
    Block,
    Cell,
    Chain,
    ClosedForm,
    DisplayEquations,
    Document,
    Figure,
    Inline,
    Inlines,
    Items,
    Link,
    Math,
    Note,
    Number,
    Paragraph,
    Section,
    Strong,
    Table,
    Text,
    Verdict,
    Word,
    Worked,
)

UNIT_DIAGRAM_AFTER = "general"  # the step the unit's diagram follows
# a long certified decimal inside prose (it becomes a Number, which may wrap by groups)
LONG_NUMBER = re.compile(r"(?<![\w.])(-?\d+\.\d{6,}(?:e[-+]?\d+)?)(?![\w]|\.\d)")

# ---------------------------------------------------------------------------- inline helpers


def words(text: str) -> Inlines:
    """Text, its long certified decimals as :class:`Number` parts."""
    parts: list[Inline] = []
    position = 0
    for match in LONG_NUMBER.finditer(text):
        if match.start() > position:
            parts.append(Text(text[position : match.start()]))
        parts.append(Number(match.group(1)))
        position = match.end()
    if position < len(text):
        parts.append(Text(text[position:]))
    return tuple(parts)


def prose_paragraphs(prose: Prose) -> list[Paragraph]:
    """The prose split into paragraphs at the newlines of its text parts."""
    result: list[list[Inline]] = [[]]
    for part in prose:
        if isinstance(part, str):
            for k, piece in enumerate(part.split("\n")):
                if k:
                    result.append([])
                if piece:
                    result[-1].extend(words(piece))
        else:
            result[-1].append(Math(part))
    return [Paragraph(tuple(p)) for p in result if p]


def number(value: Any) -> Number:
    """An exact rational as a Number."""
    return Number(format_number(sympy.Rational(value)))


def vector(values: Sequence[Any], brackets: str = "()") -> Inlines:
    """One number, or ``(a, b)`` of several."""
    items = [v if isinstance(v, Number) else number(v) for v in values]
    if len(items) == 1:
        return (items[0],)
    parts: list[Inline] = [Text(brackets[0])]
    for k, item in enumerate(items):
        parts += [Text(", ")] if k else []
        parts.append(item)
    return (*parts, Text(brackets[1]))


def output_cell(value: Output) -> Inlines:
    return (Text("—"),) if value == UNOBSERVED or not value else vector(value)


def texts_cell(texts: Sequence[str]) -> Inlines:
    """Certified decimal texts of one quantity's components."""
    return vector([Number(t) for t in texts], "[]")


def symbol_word(alphabet: Sequence[tuple[Any, ...]], word: Sequence[int]) -> Word:
    return Word(tuple(word_text(alphabet, (k,)) for k in word))


def timed(name: str, time: str | int = "t") -> Math:
    return Math(names.timed(name, time))


# ---------------------------------------------------------------------------- builders


@singledispatch
def blocks_of(value: object) -> tuple[Block, ...]:
    """The blocks showing ``value`` inside a document."""
    raise TypeError(f"no document blocks for {type(value).__name__}")


@singledispatch
def title_of(value: object) -> str:
    name = getattr(value, "model_name", None) or getattr(getattr(value, "model", None), "name", "")
    what = RESULT_TITLES.get(type(value).__name__, type(value).__name__)
    return f"{name}: {what}" if name else what


RESULT_TITLES: dict[str, str] = {
    "ConventionResult": "every value per step, certified",
    "GapReport": "saturation gaps",
    "ProofResult": "the machine and its proof",
    "MachineSummary": "the machine and its proof",
    "Explanation": "what the state carries",
    "Analysis": "table, machine, proof and explanation",
    "ShownWork": "one step worked by hand",
    "TransitionTable": "the saturated transition table",
    "TermComparison": "which term wins",
    "QuestionWork": "a question worked out",
}


def document_of(value: object) -> Document:
    """``value`` as a whole document."""
    if isinstance(value, Document):
        return value
    if isinstance(value, Derivation):
        return derivation_document(value)
    return Document(title_of(value), blocks_of(value))


def has_document(value: object) -> bool:
    """Whether ``value`` has a builder."""
    return isinstance(value, (Document, Derivation)) or (
        blocks_of.dispatch(type(value)) is not blocks_of.dispatch(object)
    )


# ---------------------------------------------------------------------------- derivation


def parameter_rows(equations: Sequence[Equation]) -> tuple[tuple[Equation, ...], ...]:
    """Parameter values (``W_fh = 0``…) grouped by the unit they feed, one row per unit;
    other equations one to a row."""
    rows: dict[str, list[Equation]] = {}
    for e in equations:
        try:
            parsed = names.parse(e.lhs.name)
        except ValueError:
            parsed = None
        if e.role is not None or parsed is None or not parsed.param_index:
            return tuple((e,) for e in equations)
        unit = parsed.param_index[:-1] if parsed.base == "W" else parsed.param_index
        rows.setdefault(unit, []).append(e)
    return tuple(tuple(r) for r in rows.values())


def step_section(number_: int, step: Step, derivation: Derivation) -> Section:
    blocks: list[Block] = [*prose_paragraphs(step.statement)]
    for equations in (step.symbolic, step.substituted):
        if equations:
            blocks.append(DisplayEquations(parameter_rows(equations)))
    if step.key == UNIT_DIAGRAM_AFTER:
        blocks.append(Figure(derivation.model.kind, f"The {derivation.model.kind.title} unit"))
    if step.result is not None:
        blocks += blocks_of(step.result)
    blocks += prose_paragraphs(step.justification)
    data = None
    if step.result is not None:
        data = {"type": type(step.result).__name__, "value": step.result}
    return Section(f"{number_}. {step.title}", tuple(blocks), step.key, data)


def derivation_document(value: Derivation, work: ShownWork | None = None) -> Document:
    """The worked solution; ``work``: one step worked by hand, as a last section."""
    sections: list[Block] = [step_section(k, s, value) for k, s in enumerate(value.steps, 1)]
    if work is not None:
        sections.append(work_section(work, len(sections) + 1))
    meta = {"model": value.model.name, "cell": value.model.kind.name}
    return Document(value.title, tuple(sections), meta)


# ---------------------------------------------------------------------------- gaps


def closed_form(function: str, z: Fraction, limit: int | None, gap: bool) -> ClosedForm:
    """``1/(1 + e^{−z})`` and friends: the value of sigmoid or tanh at ``z``, or (``gap``)
    its distance from ``limit``, written without cancellation."""
    if not gap:
        if function == "sigmoid":
            return ClosedForm(1, -z)
        return ClosedForm(1, -2 * z, subtract=True)
    if function == "sigmoid":
        return ClosedForm(1, z if limit == 1 else -z)
    return ClosedForm(2, 2 * z if limit == 1 else -2 * z)


def _activation(function: str, z: Fraction) -> sympy.Expr:
    z_ = sympy.Rational(z.numerator, z.denominator)
    return tanh(z_, evaluate=False) if function == "tanh" else sigmoid(z_, evaluate=False)


def _gap_lhs(function: str, z: Fraction, limit: int) -> sympy.Expr:
    a = _activation(function, z)
    if limit == 1:
        return sympy.Add(sympy.Integer(1), sympy.Mul(-1, a, evaluate=False), evaluate=False)
    if limit == -1:
        return sympy.Add(sympy.Integer(1), a, evaluate=False)
    return a


def _quantity(name: str) -> Inlines:
    """A quantity's name (``z_f``, ``c``, ``z_g[2]``) as math, when it is one."""
    match = re.fullmatch(r"(\w+?)(?:\[(\d+)\])?", name)
    if match is not None:
        component = int(match.group(2)) if match.group(2) else None
        symbol = names.timed(match.group(1), "t", component)
        try:
            names.parse(symbol.name)
        except ValueError:
            return (Text(name),)
        return (Math(symbol),)
    return (Text(name),)


def _gap_middle(function: str, z: Fraction, limit: int) -> sympy.Expr | None:
    """``sigmoid(−z)`` or ``2 sigmoid(−2z)``: the gap as a sigmoid (None at limit 0)."""
    if limit == 0:
        return None
    sign = -1 if limit == 1 else 1
    if function == "sigmoid":
        return _activation("sigmoid", sign * z)
    return sympy.Mul(2, _activation("sigmoid", 2 * sign * z), evaluate=False)


@blocks_of.register
def _(value: GapReport) -> tuple[Block, ...]:
    blocks: list[Block] = [Paragraph(words(solved.gap_heading(value) + "."))]
    for gap, row in zip(value.gaps, solved.gap_rows(value), strict=True):
        z = gap.argument
        used = (
            *_joined([_quantity(name) for name in gap.used_by]),
            Text(" (" + ", ".join(s.value for s in gap.sources) + ")"),
        )
        value_relation = "≈" if row["value_relation"] != "=" else "="
        if z is None:
            blocks.append(
                Paragraph(
                    (
                        Text(f"{gap.value_form} {value_relation} "),
                        Number(row["value"]),
                        Text(" Used by "),
                        *used,
                        Text("."),
                    )
                )
            )
            continue
        remark: list[Inline] = [Text("Used by "), *used, Text("; ")]
        if gap.limit is None:
            remark.append(Text("not saturated in either direction (argument 0)."))
        else:
            rule = "saturated by the rule" if gap.saturated else "not saturated by the rule"
            remark.append(Text(f"saturates to {gap.limit} ({rule})"))
            remark.append(Text("; its gap from 0 is the value itself." if gap.limit == 0 else "."))
        blocks.append(
            Chain(
                _activation(gap.function, z),
                (
                    Link("=", closed_form(gap.function, z, gap.limit, gap=False)),
                    Link(value_relation, Number(row["value"])),
                ),
                tuple(remark),
            )
        )
        if gap.limit in (None, 0) or row["distance"] is None:
            continue
        links = []
        middle = _gap_middle(gap.function, z, gap.limit)
        if middle is not None:
            links.append(Link("=", Math(middle)))
        links.append(Link("=", closed_form(gap.function, z, gap.limit, gap=True)))
        links.append(Link("≈" if row["distance_relation"] != "=" else "=", Number(row["distance"])))
        gap_remark: Inlines = ()
        if gap.limit != 0:
            gap_remark = (Text(solved.subtraction_note(row, value.digits).capitalize() + "."),)
        blocks.append(Chain(_gap_lhs(gap.function, z, gap.limit), tuple(links), gap_remark))
    return tuple(blocks)


# ---------------------------------------------------------------------------- per-step values


def _quantity_header(name: str) -> Cell:
    if name == "t":
        return (Text("t"),)
    if name == "x":
        return (timed("x"),)
    if name.startswith("round("):
        return (Text("round("), timed(name[6:-1]), Text(")"))
    if name.startswith("exact "):
        return (Text("exact "), timed(name[6:]))
    if name == "flags":
        return (Text("flags"),)
    return (timed(name),)


def convention_line(result: ConventionResult) -> Inlines:
    c = result.convention
    threshold = solved.fraction_text(c.threshold)
    state = "rounded and carried" if c.round_state else "exact"
    return (
        Text("Rounding: "),
        Strong(c.name),
        Text(f" — threshold {threshold}, ties {c.tie.value}, state {state}."),
    )


FLAG_PHRASES: dict[Flag, str] = {
    Flag.TIE: "tie",
    Flag.FALSE_SATURATION: "unsaturated activation used as saturated",
    Flag.NEAR_THRESHOLD: "argument near the threshold",
    Flag.SMALL_MARGIN: "exact value near a rounding boundary",
    Flag.DISAGREES: "differs from exact arithmetic",
    Flag.UNDECIDED: "undecided even at the highest precision tried",
}


def _steps_with(result: ConventionResult, flag: Flag) -> str:
    return ", ".join(str(c.t) for c in result.steps if flag in c.flags)


VERDICT_WORDS: dict[ConventionVerdict, str] = {
    ConventionVerdict.AGREES: "agrees",
    ConventionVerdict.AGREES_FRAGILE: "agrees",
    ConventionVerdict.DISAGREES: "disagrees",
    ConventionVerdict.UNDECIDED: "undecided",
}


def verdict_sentence(result: ConventionResult) -> str:
    """What a convention's run says against exact arithmetic, phrased from its data (the
    verdict, the answers and each step's flags)."""
    answer = solved.answer_text(result)
    if result.verdict is ConventionVerdict.UNDECIDED:
        where = _steps_with(result, Flag.UNDECIDED)
        return f"{answer}; undecided at t = {where} even at the highest precision tried"
    if result.verdict is ConventionVerdict.DISAGREES:
        exact = "[" + ", ".join(solved.rounded_text(a) for a in result.exact_answer) + "]"
        where = _steps_with(result, Flag.DISAGREES)
        return f"{answer} differs from exact arithmetic {exact} at t = {where}"
    line = f"{answer} is what exact arithmetic gives at every step"
    if result.verdict is ConventionVerdict.AGREES_FRAGILE:
        notes = [
            f"{FLAG_PHRASES[f]} at t = {_steps_with(result, f)}"
            for f in FRAGILE
            if _steps_with(result, f)
        ]
        line += " (fragile: " + "; ".join(notes) + ")"
    return line


def convention_verdict(result: ConventionResult) -> Inlines:
    """The verdict of a convention against exact arithmetic, as inline parts."""
    return (Verdict(VERDICT_WORDS[result.verdict]), Text(f": {verdict_sentence(result)}."))


@blocks_of.register
def _(value: ConventionResult) -> tuple[Block, ...]:
    digits = value.digits
    names_ = solved.quantity_names(value.slots, solved.TABLE_ROLES)
    output = names_[-1] if names_ else "h"
    states = [s.name for s in value.slots if s.role is EquationRole.STATE]
    output = states[-1] if states else output
    exact_column = value.convention.name != "exact"
    header_names = ["t", "x", *names_, f"round({output})"]
    header_names += [f"exact {output}"] if exact_column else []
    header_names.append("flags")
    rows: list[tuple[Cell, ...]] = []
    for check in value.steps:
        texts = solved.slot_texts(value.slots, check.outcome.values, digits)
        row: list[Cell] = [
            (Number(str(check.t)),),
            texts_cell([solved.exact_text(v, digits) for v in check.x]),
        ]
        row += [texts_cell(texts[n]) for n in names_]
        row.append(
            vector([Number("?" if v is None else str(v)) for v in check.outcome.rounded], "[]")
        )
        if exact_column:
            row.append(texts_cell([certified_digits(v, digits) for v in check.exact_output]))
        row.append((Text(", ".join(f.value for f in check.flags) or "–"),))
        rows.append(tuple(row))
    numeric = tuple(h != "flags" for h in header_names)
    return (
        Paragraph(
            (
                Text(f"{value.model_name}: {value.cell} on ["),
                Word(tuple(solved.input_text(x, digits) for x in value.inputs)),
                Text(f"], {digits} digits (every digit shown is certified). "),
                *convention_line(value),
            )
        ),
        Table(tuple(_quantity_header(h) for h in header_names), tuple(rows), numeric),
        Paragraph((Strong("Answer:"), Text(" " + solved.answer_text(value)))),
        Paragraph((Strong("Verdict:"), Text(" "), *convention_verdict(value))),
    )


@blocks_of.register
def _(value: QuestionWork) -> tuple[Block, ...]:
    blocks: list[Block] = [Paragraph((Text("Exact values (no rounding; every digit certified):"),))]
    blocks += blocks_of(value.exact)
    if value.result is not value.exact:
        blocks.append(
            Paragraph(
                (Text("Under the "), Strong(value.result.convention.name), Text(" convention:"))
            )
        )
        blocks += blocks_of(value.result)
    return tuple(blocks)


@blocks_of.register
def _(value: TermComparison) -> tuple[Block, ...]:
    s, u = value.state, value.unit
    header: tuple[Cell, ...] = (
        (timed(s, "t-1"),),
        (timed("x"),),
        (Text("recurrent term "), Math(names.param(f"W_{u}{s}") * names.timed(s, "t-1"))),
        (
            Text("input term "),
            Math(names.param(f"W_{u}x") * names.timed("x", "t") + names.param(f"b_{u}")),
        ),
        (Text("larger"),),
    )
    rows = tuple(
        (
            vector(r.state),
            vector(r.symbol),
            vector(r.recurrent),
            vector(r.rest),
            (Text(", ".join(r.dominant)),),
        )
        for r in value.rows
    )
    return (Table(header, rows, (True, True, True, True, False)),)


# ---------------------------------------------------------------------------- the table


@blocks_of.register
def _(value: TransitionTable) -> tuple[Block, ...]:
    model = value.model
    out = value.output
    vector_cell = model.hidden > 1
    blocks: list[Block] = [
        Paragraph(
            (
                Text(f"{model.name}: saturated transition table, rounding convention "),
                Strong(value.convention.name),
                Text(f" ({value.convention.description}). Discrete states "),
                timed(out, "t-1"),
                Text(": "),
                *_joined([output_cell(s) for s in value.states]),
                Text("."),
            )
        )
    ]
    if value.depends_on_carried:
        others = [s for s in model.kind.states if s != out]
        if others:
            blocks.append(
                Note(
                    (
                        Text(
                            f"{', '.join(others)} carried exactly from the first time each "
                            "state is reached; rows may differ slightly for other values."
                        ),
                    )
                )
            )
    first = value.rows[0]
    carried_names = [name for name, _ in first.carried if name != out]
    header: list[Cell] = [(timed(out, "t-1"),), (timed("x"),)]
    header += [(timed(name, "t-1"),) for name in carried_names]
    for a in first.activations:
        argument = names.timed(a.argument, "t", a.component + 1 if vector_cell else None)
        header.append((Math(_apply(a.function, argument)),))
    new_names = [name for name, _ in first.new_state if name != out]
    header += [(timed(name),) for name in new_names]
    header += [(timed(out),), (Text("rounded"),)]
    rows: list[tuple[Cell, ...]] = []
    detail: list[tuple[Cell, ...]] = []
    for row in value.rows:
        symbol = (Word((word_text(model.alphabet, (row.symbol,)),)),)
        cells: list[Cell] = [output_cell(row.state), symbol]
        cells += [texts_cell(v) for name, v in row.carried if name != out]
        cells += [(Number(a.z), Text(" → "), Number(a.used)) for a in row.activations]
        rounded = output_cell(row.rounded)
        cells += [texts_cell(v) for name, v in row.new_state if name != out]
        cells += [texts_cell(row.output), rounded + ((Text(" (tie)"),) if any(row.ties) else ())]
        rows.append(tuple(cells))
        for a in row.activations:
            argument = names.timed(a.argument, "t", a.component + 1 if vector_cell else None)
            detail.append(
                (
                    output_cell(row.state),
                    symbol,
                    (Math(_apply(a.function, argument)),),
                    (Number(a.z),),
                    (Number(a.exact, a.exact_is_rounded),),
                    (Number(a.used),),
                    (Text("saturated" if a.saturated else "exact"),),
                    (Number(a.gap),),
                    (Number(a.margin),) if a.margin is not None else (Text("–"),),
                )
            )
    blocks.append(Paragraph((Text("Each activation column shows its argument → the value used:"),)))
    numeric = tuple(True for _ in header)
    blocks.append(Table(tuple(header), tuple(rows), numeric))
    blocks.append(
        Paragraph(
            (
                Text(
                    "Every activation of every row: its exact value, the value the convention "
                    "uses, the certified gap between them and the margin of its argument "
                    "beyond the threshold:"
                ),
            )
        )
    )
    detail_header: tuple[Cell, ...] = (
        (timed(out, "t-1"),),
        (timed("x"),),
        (Text("activation"),),
        (Text("argument"),),
        (Text("exact value"),),
        (Text("uses"),),
        (Text("status"),),
        (Text("gap"),),
        (Text("margin"),),
    )
    blocks.append(
        Table(
            detail_header, tuple(detail), (True, True, False, True, True, True, False, True, True)
        )
    )
    for j, piece in enumerate(value.piecewise()):
        lhs = names.timed(out, "t", j + 1 if vector_cell else None)
        blocks.append(
            Paragraph(
                (
                    Text("As a function of "),
                    timed(out, "t-1"),
                    Text(" and "),
                    timed("x"),
                    Text(" (the reachable cases; undefined elsewhere):"),
                )
            )
        )
        cases = tuple(
            (Math(sympy.Eq(lhs, result, evaluate=False)), Text(" if "), Math(condition))
            for result, condition in piece.args
            if condition is not sympy.true
        )
        blocks.append(Items(cases))
    return tuple(blocks)


def _apply(function: str, z: sympy.Basic) -> sympy.Basic:
    return tanh(z) if function == "tanh" else sigmoid(z)


def _joined(cells: Sequence[Inlines], separator: str = ", ") -> Inlines:
    parts: list[Inline] = []
    for k, cell in enumerate(cells):
        if k:
            parts.append(Text(separator))
        parts += cell
    return tuple(parts)


# ---------------------------------------------------------------------------- machines


def machine_table(machine: MooreMachine, shown: Sequence[int] | None = None) -> Table:
    symbols = [word_text(machine.alphabet, (k,)) for k in range(len(machine.alphabet))]
    header: tuple[Cell, ...] = (
        (Text("state"),),
        (Text("output"),),
        *((Text("on "), Word((s,))) for s in symbols),
    )
    rows = []
    for q in range(machine.size) if shown is None else shown:
        mark = (Text("→ "),) if q == machine.initial else ()
        rows.append(
            (
                (*mark, Text(machine.states[q])),
                output_cell(machine.outputs[q]),
                *((Text(machine.states[r]),) for r in machine.transitions[q]),
            )
        )
    return Table(header, tuple(rows), (False, True, *([False] * len(symbols))))


def machine_note(machine: MooreMachine) -> Note:
    text = "→ marks the initial state; the output is the rounded state after a step."
    if UNOBSERVED in machine.outputs:
        text += " —: the initial state is on a rounding boundary; its output is never observed."
    return Note((Text(text),))


def verdict_paragraph(proof: ProofResult) -> Paragraph:
    return Paragraph(
        (
            Strong("Verdict:"),
            Text(" "),
            Verdict(proof.verdict.value),
            Text(". "),
            *words(proof.reason.rstrip(".") + "."),
        )
    )


@blocks_of.register
def _(value: ProofResult) -> tuple[Block, ...]:
    blocks: list[Block] = [verdict_paragraph(value)]
    machine = value.machine
    if machine is not None and value.verdict in (ProofVerdict.PROVED, ProofVerdict.BOUNDED):
        what = f"The minimal machine, {machine.size} states"
        if value.verdict is ProofVerdict.BOUNDED:
            what += f", on every word of length at most {value.horizon}"
        blocks += [
            Paragraph((Text(what + ":"),)),
            Figure(machine, f"{value.model_name}: the machine"),
            machine_table(machine),
            machine_note(machine),
        ]
    if value.verdict is ProofVerdict.REFUTED and value.word is not None:
        blocks.append(
            Paragraph(
                (
                    Text("Along the inputs "),
                    Word(tuple(value.word_inputs.split(","))),
                    Text(f" ({len(value.word)} inputs) the claim fails."),
                )
            )
        )
        if value.evidence:
            last = value.evidence[-1]
            parts: list[Inline] = [Text("The last output's enclosure ")]
            for k, (lo, hi) in enumerate(last.bounds):
                parts += [
                    Text(", " if k else ""),
                    Text("["),
                    Number(str(lo)),
                    Text(", "),
                    Number(str(hi)),
                    Text("]"),
                ]
            parts += [
                Text(" rounds to "),
                *output_cell(last.rounded),
                Text("; the claim says "),
                *output_cell(value.claimed[-1]),
                Text("."),
            ]
            blocks.append(Paragraph(tuple(parts)))
    if value.verdict is ProofVerdict.UNKNOWN:
        blocks.append(Paragraph((Text(f"Stopped by: {value.exhausted.value}."),)))
        if value.growth:
            word = value.word_inputs if value.word else ""
            blocks.append(
                Paragraph(
                    (
                        Text(f"The state along {len(value.word or ())} inputs ("),
                        Word(tuple(word.split(",")) if word else ()),
                        Text("):"),
                    )
                )
            )
            blocks.append(
                Items(
                    tuple(
                        (Text(f"{name}: "), *_joined([(Number(s),) for s in samples]))
                        for name, samples in value.growth
                    )
                )
            )
    return tuple(blocks)


def _attachment_name(model_name: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", model_name).strip("-") or "model"
    return f"{safe}-machine.dot"


@blocks_of.register
def _(value: MachineSummary) -> tuple[Block, ...]:
    machine = value.machine
    proof = value.proof
    component = "component" if value.components == 1 else "components"
    them = "it" if value.closed_components == 1 else "them"
    name = _attachment_name(proof.model_name)
    return (
        verdict_paragraph(proof),
        Paragraph(
            (
                Text(
                    f"The machine has {machine.size} states, {value.transitions} transitions "
                    f"over {len(machine.alphabet)} input symbols and {value.outputs} distinct "
                    f"outputs; {value.components} strongly connected {component}, "
                    f"{value.closed_components} of them closed (no transition leaves {them})."
                ),
            )
        ),
        Paragraph(
            (
                Text(
                    f"Too large to list here: the first {len(value.shown)} states in "
                    "breadth-first order from the initial one follow; the whole machine is "
                    f"attached ({name})."
                ),
            )
        ),
        machine_table(machine, value.shown),
        machine_note(machine),
        Attachment(
            name,
            "text/vnd.graphviz",
            machine_dot(machine, f"{proof.model_name} machine"),
            "the whole machine (Graphviz DOT)",
        ),
    )


@blocks_of.register
def _(value: MooreMachine) -> tuple[Block, ...]:
    return (
        Figure(value, f"A machine of {value.size} states"),
        machine_table(value),
        machine_note(value),
    )


# ---------------------------------------------------------------------------- explanation


@blocks_of.register
def _(value: Explanation) -> tuple[Block, ...]:
    alphabet = value.machine.alphabet
    rows: list[tuple[Cell, ...]] = []
    for c in value.comparisons:
        if c.relation is Relation.NOT_CARRIED and c.witness is not None:
            w = c.witness
            evidence: Cell = (
                Text("after "),
                symbol_word(alphabet, w.first),
                Text(" and after "),
                symbol_word(alphabet, w.second),
                Text(": output "),
                *output_cell(w.cell_output),
                Text(" both times, property "),
                *output_cell(w.first_value),
                Text(" and "),
                *output_cell(w.second_value),
            )
            verdict = "no"
        else:
            pairs = [(*output_cell(a), Text(" ↦ "), *output_cell(b)) for a, b in c.output_map]
            shown = pairs[: solved_mapping_limit()]
            evidence = (Text("output "), *_joined(shown))
            if len(pairs) > len(shown):
                evidence += (Text(f", … ({len(pairs) - len(shown)} more)"),)
            verdict = "yes, one-to-one" if c.relation is Relation.EQUIVALENT else "yes"
        rows.append(((Text(f"{c.description} ({c.name})"),), (Verdict(verdict),), evidence))
    carried = [c.description for c in value.comparisons if c.relation is not Relation.NOT_CARRIED]
    intro = (
        f"{value.model_name}: what the output carries (a property is carried when it is a "
        "function of the rounded output after every non-empty input word)."
    )
    header: tuple[Cell, ...] = ((Text("property"),), (Text("carried"),), (Text("evidence"),))
    blocks: list[Block] = [Paragraph((Text(intro),))]
    if rows:
        blocks.append(Table(header, tuple(rows), words=True))
    else:
        blocks.append(Paragraph((Text("No named property reads this alphabet."),)))
    blocks.append(
        Paragraph((Strong("Carries:"), Text(" " + ("; ".join(carried) or "none of these") + ".")))
    )
    return tuple(blocks)


def solved_mapping_limit() -> int:
    from symlstm.render.analysis_values import MAPPING_SHOWN

    return MAPPING_SHOWN


# ---------------------------------------------------------------------------- analyze


def _check_item(check: TableCheck) -> Inlines:
    head: Inlines = (Strong(check.convention), Text(": "), Verdict(check.verdict.value))
    if check.verdict is ProofVerdict.REFUTED:
        return (
            *head,
            Text(": after "),
            Word(tuple(check.word_inputs.split(","))),
            Text(" the exact cell rounds to "),
            *output_cell(check.exact),
            Text(", the table says "),
            *output_cell(check.table),
            Text("."),
        )
    if check.verdict is ProofVerdict.PROVED:
        return (*head, Text(": same outputs as the exact cell on every word."))
    return (*head, Text(": "), *words(check.reason.rstrip(".") + "."))


@blocks_of.register
def _(value: Analysis) -> tuple[Block, ...]:
    proof: object = value.proof
    blocks: list[Block] = [Section("The machine and its proof", blocks_of(proof), "proof")]
    if value.certificate_path:
        blocks.append(Paragraph((Text(f"Certificate written to {value.certificate_path}."),)))
    if value.conventions:
        blocks.append(
            Section(
                "Rounding conventions against the exact cell",
                (
                    Paragraph((Text("All words, all lengths:"),)),
                    Items(tuple(_check_item(c) for c in value.conventions)),
                ),
                "conventions",
            )
        )
    if value.explanation is not None:
        blocks.append(
            Section("What the state carries", blocks_of(value.explanation), "information")
        )
    if value.table is not None:
        blocks.append(Section("The saturated transition table", blocks_of(value.table), "table"))
    return tuple(blocks)


# ---------------------------------------------------------------------------- show work


def work_blocks(value: ShownWork) -> tuple[Block, ...]:
    intro = Paragraph(
        (
            Text(f"{value.model_name}: step t = {value.t} ("),
            Math(
                sympy.Eq(names.timed("x", "t"), sympy.Rational(value.x))
                if "," not in value.x
                else names.timed("x", "t")
            ),
            Text(
                (f" = ({value.x})" if "," in value.x else "")
                + f") worked by hand under the {value.convention} convention: each equation in "
                "symbols, with every number put in, then its certified value."
            ),
        )
    )
    chains: list[Block] = [intro]
    for w in value.lines:
        numbers: dict[sympy.Basic, str] = dict(w.values)
        numbers.update({s: format_number(v) for s, v in w.weights})
        approximate = any(s in w.numbers.free_symbols for s in w.rounded)
        links = [
            Link("=", Math(w.symbols)),
            Link("≈" if approximate else "=", Worked(w.numbers, tuple(numbers.items()))),
        ]
        if w.function is not None and w.argument is not None:
            function = sigmoid if w.function == "sigmoid" else tanh
            links.append(
                Link(
                    "=",
                    Worked(function(sympy.Symbol("z")), ((sympy.Symbol("z"), w.argument),)),
                )
            )
        links.append(Link(w.relation, Number(w.value)))
        remark: Inlines = (Text("saturated, " + w.saturation + "."),) if w.saturation else ()
        chains.append(Chain(w.quantity, tuple(links), remark))
    return tuple(chains)


@blocks_of.register
def _(value: ShownWork) -> tuple[Block, ...]:
    return work_blocks(value)


def work_section(value: ShownWork, number_: int) -> Section:
    return Section(
        f"{number_}. Step t = {value.t} worked by hand",
        work_blocks(value),
        "work",
        {"type": "ShownWork", "value": value},
    )


__all__ = [
    "blocks_of",
    "derivation_document",
    "document_of",
    "has_document",
    "parameter_rows",
    "prose_paragraphs",
    "title_of",
    "work_section",
]
