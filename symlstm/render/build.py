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
from symlstm.analysis.proof import Growth, ProofResult, Rechecked
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
from symlstm.render import tree
from symlstm.render import values as solved
from symlstm.render.dot import machine_dot
from symlstm.render.reasons import component, input_word, plural, reason_parts

UNIT_DIAGRAM_AFTER = "general"  # the step the unit's diagram follows
# a long certified decimal inside prose (it becomes a tree.Number, which may wrap by groups)
LONG_NUMBER = re.compile(r"(?<![\w.])(-?\d+\.\d{6,}(?:e[-+]?\d+)?)(?![\w]|\.\d)")

# ---------------------------------------------------------------------------- inline helpers


def words(text: str) -> tree.Inlines:
    """Text, its long certified decimals as :class:`Number` parts."""
    parts: list[tree.Inline] = []
    position = 0
    for match in LONG_NUMBER.finditer(text):
        if match.start() > position:
            parts.append(tree.Text(text[position : match.start()]))
        parts.append(tree.Number(match.group(1)))
        position = match.end()
    if position < len(text):
        parts.append(tree.Text(text[position:]))
    return tuple(parts)


def prose_paragraphs(prose: Prose) -> list[tree.Paragraph]:
    """The prose split into paragraphs at the newlines of its text parts."""
    result: list[list[tree.Inline]] = [[]]
    for part in prose:
        if isinstance(part, str):
            for k, piece in enumerate(part.split("\n")):
                if k:
                    result.append([])
                if piece:
                    result[-1].extend(words(piece))
        else:
            result[-1].append(tree.Math(part))
    return [tree.Paragraph(tuple(p)) for p in result if p]


def number(value: Any) -> tree.Number:
    """An exact rational as a Number."""
    return tree.Number(format_number(sympy.Rational(value)))


def vector(values: Sequence[Any], brackets: str = "()") -> tree.Inlines:
    """One number, or ``(a, b)`` of several."""
    items = [v if isinstance(v, tree.Number) else number(v) for v in values]
    if len(items) == 1:
        return (items[0],)
    parts: list[tree.Inline] = [tree.Text(brackets[0])]
    for k, item in enumerate(items):
        parts += [tree.Text(", ")] if k else []
        parts.append(item)
    return (*parts, tree.Text(brackets[1]))


def output_cell(value: Output) -> tree.Inlines:
    return (tree.Text("—"),) if value == UNOBSERVED or not value else vector(value)


# a step's flags in a table, as words (the codes of numbers.rounding.Flag are for programs)
FLAG_WORDS: dict[Flag, str] = {
    Flag.DISAGREES: "disagrees",
    Flag.TIE: "tie",
    Flag.FALSE_SATURATION: "unsaturated used as saturated",
    Flag.NEAR_THRESHOLD: "argument near the threshold",
    Flag.SMALL_MARGIN: "near a rounding boundary",
    Flag.UNDECIDED: "undecided",
}


def texts_cell(texts: Sequence[str], brackets: str = "()") -> tree.Inlines:
    """Certified decimal texts of one quantity's components: a state as ``(a, b)``, as the
    document writes states everywhere (an input vector as ``[a, b]``, as it is typed)."""
    return vector([tree.Number(t) for t in texts], brackets)


def symbol_word(alphabet: Sequence[tuple[Any, ...]], word: Sequence[int]) -> tree.Word:
    return tree.Word(tuple(word_text(alphabet, (k,)) for k in word))


def timed(name: str, time: str | int = "t") -> tree.Math:
    return tree.Math(names.timed(name, time))


# ---------------------------------------------------------------------------- builders


@singledispatch
def blocks_of(value: object) -> tuple[tree.Block, ...]:
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


def document_of(value: object) -> tree.Document:
    """``value`` as a whole document."""
    if isinstance(value, tree.Document):
        return value
    if isinstance(value, Derivation):
        return derivation_document(value)
    if isinstance(value, ProofResult):
        return proof_document(value)
    if isinstance(value, Analysis):
        return analysis_document(value)
    return tree.Document(title_of(value), blocks_of(value))


def has_document(value: object) -> bool:
    """Whether ``value`` has a builder."""
    return isinstance(value, (tree.Document, Derivation)) or (
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


def step_section(number_: int, step: Step, derivation: Derivation) -> tree.Section:
    blocks: list[tree.Block] = [*prose_paragraphs(step.statement)]
    for equations in (step.symbolic, step.substituted):
        if equations:
            blocks.append(tree.DisplayEquations(parameter_rows(equations)))
    if step.key == UNIT_DIAGRAM_AFTER:
        blocks.append(tree.Figure(derivation.model.kind, f"The {derivation.model.kind.title} unit"))
    if step.result is not None:
        blocks += blocks_of(step.result)
    blocks += prose_paragraphs(step.justification)
    if step.result is not None:
        blocks += afterword_of(step.result)
    data = None
    if step.result is not None:
        data = {"type": type(step.result).__name__, "value": step.result}
    return tree.Section(f"{number_}. {step.title}", tuple(blocks), step.key, data)


def derivation_document(value: Derivation, work: ShownWork | None = None) -> tree.Document:
    """The worked solution; ``work``: one step worked by hand, as a last section."""
    sections: list[tree.Block] = [step_section(k, s, value) for k, s in enumerate(value.steps, 1)]
    if work is not None:
        sections.append(work_section(work, len(sections) + 1))
    meta = {"model": value.model.name, "cell": value.model.kind.name}
    return tree.Document(value.title, tuple(sections), meta)


# ---------------------------------------------------------------------------- gaps


def closed_form(function: str, z: Fraction, limit: int | None, gap: bool) -> tree.ClosedForm:
    """``1/(1 + e^{−z})`` and friends: the value of sigmoid or tanh at ``z``, or (``gap``)
    its distance from ``limit``, written without cancellation."""
    if not gap:
        if function == "sigmoid":
            return tree.ClosedForm(1, -z)
        return tree.ClosedForm(1, -2 * z, subtract=True)
    if function == "sigmoid":
        return tree.ClosedForm(1, z if limit == 1 else -z)
    return tree.ClosedForm(2, 2 * z if limit == 1 else -2 * z)


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


def _quantity(name: str) -> tree.Inlines:
    """A quantity's name (``z_f``, ``c``, ``z_g[2]``) as math, when it is one."""
    match = re.fullmatch(r"(\w+?)(?:\[(\d+)\])?", name)
    if match is not None:
        component = int(match.group(2)) if match.group(2) else None
        symbol = names.timed(match.group(1), "t", component)
        try:
            names.parse(symbol.name)
        except ValueError:
            return (tree.Text(name),)
        return (tree.Math(symbol),)
    return (tree.Text(name),)


def _natural(name: str) -> tuple[tuple[int, str], ...]:
    """``z_f[10]`` after ``z_f[9]``: names compared by their runs of digits as numbers."""
    return tuple(
        (int(part), "") if part.isdigit() else (-1, part)
        for part in re.split(r"(\d+)", name)
        if part
    )


def _gap_middle(function: str, z: Fraction, limit: int) -> sympy.Expr | None:
    """``sigmoid(−z)`` or ``2 sigmoid(−2z)``: the gap as a sigmoid (None at limit 0)."""
    if limit == 0:
        return None
    sign = -1 if limit == 1 else 1
    if function == "sigmoid":
        return _activation("sigmoid", sign * z)
    return sympy.Mul(2, _activation("sigmoid", 2 * sign * z), evaluate=False)


@blocks_of.register
def _(value: GapReport) -> tuple[tree.Block, ...]:
    blocks: list[tree.Block] = [tree.Paragraph(words(solved.gap_heading(value) + "."))]
    for gap, row in zip(value.gaps, solved.gap_rows(value), strict=True):
        z = gap.argument
        used = (
            *_joined([_quantity(name) for name in sorted(gap.used_by, key=_natural)]),
            tree.Text(" (" + ", ".join(s.value for s in gap.sources) + ")"),
        )
        value_relation = "≈" if row["value_relation"] != "=" else "="
        if z is None:
            blocks.append(
                tree.Paragraph(
                    (
                        tree.Text(f"{gap.value_form} {value_relation} "),
                        tree.Number(row["value"]),
                        tree.Text(" Used by "),
                        *used,
                        tree.Text("."),
                    )
                )
            )
            continue
        remark: list[tree.Inline] = [tree.Text("Used by "), *used, tree.Text("; ")]
        if gap.limit is None:
            remark.append(tree.Text("not saturated in either direction (argument 0)."))
        else:
            rule = "saturated by the rule" if gap.saturated else "not saturated by the rule"
            remark.append(tree.Text(f"saturates to {gap.limit} ({rule})"))
            remark.append(
                tree.Text("; its gap from 0 is the value itself." if gap.limit == 0 else ".")
            )
        blocks.append(
            tree.Chain(
                _activation(gap.function, z),
                (
                    tree.Link("=", closed_form(gap.function, z, gap.limit, gap=False)),
                    tree.Link(value_relation, tree.Number(row["value"])),
                ),
                tuple(remark),
            )
        )
        if gap.limit in (None, 0) or row["distance"] is None:
            continue
        links = []
        middle = _gap_middle(gap.function, z, gap.limit)
        if middle is not None:
            links.append(tree.Link("=", tree.Math(middle)))
        links.append(tree.Link("=", closed_form(gap.function, z, gap.limit, gap=True)))
        links.append(
            tree.Link("≈" if row["distance_relation"] != "=" else "=", tree.Number(row["distance"]))
        )
        gap_remark: tree.Inlines = ()
        if gap.limit != 0:
            gap_remark = (tree.Text(solved.subtraction_note(row, value.digits).capitalize() + "."),)
        blocks.append(tree.Chain(_gap_lhs(gap.function, z, gap.limit), tuple(links), gap_remark))
    return tuple(blocks)


# ---------------------------------------------------------------------------- per-step values


def _quantity_header(name: str) -> tree.Cell:
    if name == "t":
        return (tree.Text("t"),)
    if name == "x":
        return (timed("x"),)
    if name.startswith("round("):
        return (tree.Text("round("), timed(name[6:-1]), tree.Text(")"))
    if name.startswith("exact "):
        return (tree.Text("exact "), timed(name[6:]))
    if name == "flags":
        return (tree.Text("flags"),)
    return (timed(name),)


def convention_line(result: ConventionResult) -> tree.Inlines:
    c = result.convention
    threshold = solved.fraction_text(c.threshold)
    state = "rounded and carried" if c.round_state else "exact"
    return (
        tree.Text("Rounding: "),
        tree.Strong(c.name),
        tree.Text(
            f" — threshold {threshold}, ties {c.tie.value.replace('-', ' ')}, state {state}."
        ),
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


def convention_verdict(result: ConventionResult) -> tree.Inlines:
    """The verdict of a convention against exact arithmetic, as inline parts."""
    return (
        tree.Verdict(VERDICT_WORDS[result.verdict]),
        tree.Text(f": {verdict_sentence(result)}."),
    )


@blocks_of.register
def _(value: ConventionResult) -> tuple[tree.Block, ...]:
    digits = value.digits
    names_ = solved.quantity_names(value.slots, solved.TABLE_ROLES)
    output = names_[-1] if names_ else "h"
    states = [s.name for s in value.slots if s.role is EquationRole.STATE]
    output = states[-1] if states else output
    exact_column = value.convention.name != "exact"
    header_names = ["t", "x", *names_, f"round({output})"]
    header_names += [f"exact {output}"] if exact_column else []
    header_names.append("flags")
    rows: list[tuple[tree.Cell, ...]] = []
    for check in value.steps:
        texts = solved.slot_texts(value.slots, check.outcome.values, digits)
        row: list[tree.Cell] = [
            (tree.Number(str(check.t)),),
            texts_cell([solved.exact_text(v, digits) for v in check.x], "[]"),
        ]
        row += [texts_cell(texts[n]) for n in names_]
        row.append(
            vector([tree.Number("?" if v is None else str(v)) for v in check.outcome.rounded])
        )
        if exact_column:
            row.append(texts_cell([certified_digits(v, digits) for v in check.exact_output]))
        row.append((tree.Text("; ".join(FLAG_WORDS[f] for f in check.flags) or "–"),))
        rows.append(tuple(row))
    numeric = tuple(h != "flags" for h in header_names)
    return (
        tree.Paragraph(
            (
                tree.Text(f"{value.model_name}: {value.cell} on ["),
                tree.Word(tuple(solved.input_text(x, digits) for x in value.inputs)),
                tree.Text(f"], {digits} digits (every digit shown is certified). "),
                *convention_line(value),
            )
        ),
        tree.Table(tuple(_quantity_header(h) for h in header_names), tuple(rows), numeric),
        tree.Paragraph((tree.Strong("Answer:"), tree.Text(" " + solved.answer_text(value)))),
        tree.Paragraph((tree.Strong("Verdict:"), tree.Text(" "), *convention_verdict(value))),
    )


@blocks_of.register
def _(value: QuestionWork) -> tuple[tree.Block, ...]:
    blocks: list[tree.Block] = [
        tree.Paragraph((tree.Text("Exact values (no rounding; every digit certified):"),))
    ]
    blocks += blocks_of(value.exact)
    if value.result is not value.exact:
        blocks.append(
            tree.Paragraph(
                (
                    tree.Text("Under the "),
                    tree.Strong(value.result.convention.name),
                    tree.Text(" convention:"),
                )
            )
        )
        blocks += blocks_of(value.result)
    return tuple(blocks)


@singledispatch
def afterword_of(value: object) -> tuple[tree.Block, ...]:
    """What a step says about its result after the step's justification (usually nothing)."""
    return ()


@afterword_of.register
def _(value: QuestionWork) -> tuple[tree.Block, ...]:
    return tuple(
        tree.Paragraph(
            words(f"Other convention, {other.convention.name}: {verdict_sentence(other)}.")
        )
        for other in value.others
    )


@blocks_of.register
def _(value: TermComparison) -> tuple[tree.Block, ...]:
    s, u = value.state, value.unit
    header: tuple[tree.Cell, ...] = (
        (timed(s, "t-1"),),
        (timed("x"),),
        (tree.Text("recurrent term "), tree.Math(names.param(f"W_{u}{s}") * names.timed(s, "t-1"))),
        (
            tree.Text("input term "),
            tree.Math(names.param(f"W_{u}x") * names.timed("x", "t") + names.param(f"b_{u}")),
        ),
        (tree.Text("larger"),),
    )
    rows = tuple(
        (
            vector(r.state),
            vector(r.symbol),
            vector(r.recurrent),
            vector(r.rest),
            (tree.Text(", ".join(r.dominant)),),
        )
        for r in value.rows
    )
    return (tree.Table(header, rows, (True, True, True, True, False)),)


# ---------------------------------------------------------------------------- the table


@blocks_of.register
def _(value: TransitionTable) -> tuple[tree.Block, ...]:
    model = value.model
    out = value.output
    vector_cell = model.hidden > 1
    blocks: list[tree.Block] = [
        tree.Paragraph(
            (
                tree.Text(f"{model.name}: saturated transition table, rounding convention "),
                tree.Strong(value.convention.name),
                tree.Text(f" ({value.convention.description}). Discrete states "),
                timed(out, "t-1"),
                tree.Text(": "),
                *_joined([output_cell(s) for s in value.states]),
                tree.Text("."),
            )
        )
    ]
    if value.depends_on_carried:
        others = [s for s in model.kind.states if s != out]
        if others:
            blocks.append(
                tree.Note(
                    (
                        tree.Text(
                            f"{', '.join(others)} carried exactly from the first time each "
                            "state is reached; rows may differ slightly for other values."
                        ),
                    )
                )
            )
    first = value.rows[0]
    carried_names = [name for name, _ in first.carried if name != out]
    header: list[tree.Cell] = [(timed(out, "t-1"),), (timed("x"),)]
    header += [(timed(name, "t-1"),) for name in carried_names]
    for a in first.activations:
        argument = names.timed(a.argument, "t", a.component + 1 if vector_cell else None)
        header.append((tree.Math(_apply(a.function, argument)),))
    new_names = [name for name, _ in first.new_state if name != out]
    header += [(timed(name),) for name in new_names]
    header += [(timed(out),), (tree.Text("rounded"),)]
    rows: list[tuple[tree.Cell, ...]] = []
    detail: list[tuple[tree.Cell, ...]] = []
    for row in value.rows:
        symbol = (tree.Word((word_text(model.alphabet, (row.symbol,)),)),)
        cells: list[tree.Cell] = [output_cell(row.state), symbol]
        cells += [texts_cell(v) for name, v in row.carried if name != out]
        cells += [
            (tree.Number(a.z), tree.Text(" → "), tree.Number(a.used)) for a in row.activations
        ]
        rounded = output_cell(row.rounded)
        cells += [texts_cell(v) for name, v in row.new_state if name != out]
        cells += [
            texts_cell(row.output),
            rounded + ((tree.Text(" (tie)"),) if any(row.ties) else ()),
        ]
        rows.append(tuple(cells))
        for a in row.activations:
            argument = names.timed(a.argument, "t", a.component + 1 if vector_cell else None)
            detail.append(
                (
                    output_cell(row.state),
                    symbol,
                    (tree.Math(_apply(a.function, argument)),),
                    (tree.Number(a.z),),
                    (tree.Number(a.exact, a.exact_is_rounded),),
                    (tree.Number(a.used),),
                    (tree.Text("saturated" if a.saturated else "exact"),),
                    (tree.Number(a.gap),),
                    (tree.Number(a.margin),) if a.margin is not None else (tree.Text("–"),),
                )
            )
    blocks.append(
        tree.Paragraph((tree.Text("Each activation column shows its argument → the value used:"),))
    )
    numeric = tuple(True for _ in header)
    blocks.append(tree.Table(tuple(header), tuple(rows), numeric))
    blocks.append(
        tree.Paragraph(
            (
                tree.Text(
                    "Every activation of every row: its exact value, the value the convention "
                    "uses, its gap (the certified distance of the exact value from the nearer "
                    "saturation value, the error made where the saturated value is used) and "
                    "the margin of its argument beyond the threshold (|z| − T, negative inside "
                    "the threshold):"
                ),
            )
        )
    )
    detail_header: tuple[tree.Cell, ...] = (
        (timed(out, "t-1"),),
        (timed("x"),),
        (tree.Text("activation"),),
        (tree.Text("argument"),),
        (tree.Text("exact value"),),
        (tree.Text("uses"),),
        (tree.Text("status"),),
        (tree.Text("gap"),),
        (tree.Text("margin"),),
    )
    blocks.append(
        tree.Table(
            detail_header, tuple(detail), (True, True, False, True, True, True, False, True, True)
        )
    )
    for j, piece in enumerate(value.piecewise()):
        lhs = names.timed(out, "t", j + 1 if vector_cell else None)
        # one paragraph per component of a vector state: each names its component
        lead: tree.Inlines = (
            (tree.Math(lhs), tree.Text(" as a function of "))
            if vector_cell
            else (tree.Text("As a function of "),)
        )
        blocks.append(
            tree.Paragraph(
                (
                    *lead,
                    timed(out, "t-1"),
                    tree.Text(" and "),
                    timed("x"),
                    tree.Text(" (the reachable cases; undefined elsewhere):"),
                )
            )
        )
        cases = tuple(
            (
                tree.Math(sympy.Eq(lhs, result, evaluate=False)),
                tree.Text(" if "),
                tree.Math(condition),
            )
            for result, condition in piece.args
            if condition is not sympy.true
        )
        blocks.append(tree.Items(cases))
    return tuple(blocks)


def _sample(t: int, value: str | None) -> tree.Inlines:
    """The state at step ``t`` (certified digits), or that its enclosure is not finite."""
    if value is None:
        return (tree.Text(f"t = {t}: not finite"),)
    return (tree.Text(f"t = {t}: "), tree.Number(value))


def _component_order(item: Growth) -> tuple[str, int]:
    """``h_2`` after ``h_1``, ``h_10`` after ``h_9``."""
    base, _, index = item.component.partition("_")
    return (base, int(index) if index.isdigit() else -1)


def _apply(function: str, z: sympy.Basic) -> sympy.Basic:
    return tanh(z) if function == "tanh" else sigmoid(z)


def _joined(cells: Sequence[tree.Inlines], separator: str = ", ") -> tree.Inlines:
    parts: list[tree.Inline] = []
    for k, cell in enumerate(cells):
        if k:
            parts.append(tree.Text(separator))
        parts += cell
    return tuple(parts)


# ---------------------------------------------------------------------------- machines


def machine_table(machine: MooreMachine, shown: Sequence[int] | None = None) -> tree.Table:
    symbols = [word_text(machine.alphabet, (k,)) for k in range(len(machine.alphabet))]
    header: tuple[tree.Cell, ...] = (
        (tree.Text("state"),),
        (tree.Text("output"),),
        *((tree.Text("on "), tree.Word((s,))) for s in symbols),
    )
    rows = []
    for q in range(machine.size) if shown is None else shown:
        mark = (tree.Text("→ "),) if q == machine.initial else ()
        rows.append(
            (
                (*mark, tree.Text(machine.states[q])),
                output_cell(machine.outputs[q]),
                *((tree.Text(machine.states[r]),) for r in machine.transitions[q]),
            )
        )
    return tree.Table(header, tuple(rows), (False, True, *([False] * len(symbols))))


def machine_note(machine: MooreMachine) -> tree.Note:
    text = "→ marks the initial state; the output is the rounded state after a step."
    if UNOBSERVED in machine.outputs:
        text += " —: the initial state is on a rounding boundary; its output is never observed."
    return tree.Note((tree.Text(text),))


def sentence(parts: tree.Inlines) -> tree.Inlines:
    """A clause as a sentence of its own: a capital first letter, one closing period."""
    if not parts:
        return ()
    first = parts[0]
    out = list(parts)
    if isinstance(first, tree.Text) and first.text:
        out[0] = tree.Text(first.text[:1].upper() + first.text[1:])
    last = out[-1]  # the capitalized first part, when it is the only one
    if isinstance(last, tree.Text):
        out[-1] = tree.Text(last.text.rstrip(".") + ".")
    else:
        out.append(tree.Text("."))
    return tuple(out)


def verdict_paragraph(proof: ProofResult) -> tree.Paragraph:
    shown = len(proof.word or ()) if proof.growth else 0
    return tree.Paragraph(
        (
            tree.Strong("Verdict:"),
            tree.Text(" "),
            tree.Verdict(proof.verdict.value),
            tree.Text(". "),
            *sentence(reason_parts(proof.reason, proof.alphabet, shown)),
        )
    )


@blocks_of.register
def _(value: ProofResult) -> tuple[tree.Block, ...]:
    blocks: list[tree.Block] = [verdict_paragraph(value)]
    machine = value.machine
    if machine is not None and value.verdict in (ProofVerdict.PROVED, ProofVerdict.BOUNDED):
        what = f"The minimal machine, {machine.size} state{'' if machine.size == 1 else 's'}"
        if value.verdict is ProofVerdict.BOUNDED:
            what += f", on every word of length at most {value.horizon}"
        blocks += [
            tree.Paragraph((tree.Text(what + ":"),)),
            tree.Figure(machine, f"{value.model_name}: the machine"),
            machine_table(machine),
            machine_note(machine),
        ]
    if value.verdict is ProofVerdict.REFUTED and value.word is not None:
        blocks.append(
            tree.Paragraph(
                (
                    tree.Text("Along the inputs "),
                    input_word(value.alphabet, value.word),
                    tree.Text(f" ({plural(len(value.word), 'input')}) the claim fails."),
                )
            )
        )
        if value.evidence:
            last = value.evidence[-1]
            parts: list[tree.Inline] = [tree.Text("The last output's enclosure ")]
            for k, (lo, hi) in enumerate(last.bounds):
                parts += [
                    tree.Text(", " if k else ""),
                    tree.Text("["),
                    tree.Number(str(lo)),
                    tree.Text(", "),
                    tree.Number(str(hi)),
                    tree.Text("]"),
                ]
            parts += [
                tree.Text(" rounds to "),
                *output_cell(last.rounded),
                tree.Text("; the claim says "),
                *output_cell(value.claimed[-1]),
                tree.Text("."),
            ]
            blocks.append(tree.Paragraph(tuple(parts)))
    if value.verdict is ProofVerdict.UNKNOWN and value.growth:
        blocks.append(
            tree.Paragraph(
                (
                    tree.Text(f"The state along {len(value.word or ())} inputs ("),
                    input_word(value.alphabet, value.word or ()),
                    tree.Text("):"),
                )
            )
        )
        blocks.append(
            tree.Items(
                tuple(
                    (
                        component(g.component),
                        tree.Text(": "),
                        *_joined([_sample(t, v) for t, v in g.samples]),
                    )
                    for g in sorted(value.growth, key=_component_order)
                )
            )
        )
    return tuple(blocks)


def run_note(proof: ProofResult, *, seconds: bool = False) -> tree.Note:
    """The proof attempt's statistics and budget; with ``seconds``, how long it took (the
    only part that differs between runs: documents leave it out)."""
    took = f", {proof.seconds:.3f} s" if seconds else ""
    budget = proof.budget
    text = (
        f"{proof.boxes} boxes, {proof.transitions} box images{took}; budget "
        f"{budget.max_states} boxes, {budget.max_seconds:g} s, {budget.bits} bits"
    )
    first = proof.raised_from
    if first is not None:
        text += (
            f"; made again with boxes to {budget.digits} digits: at {first.bits} bits and "
            f"{first.digits} digits a state lies closer to a decision boundary than the "
            "boxes resolve"
        )
    text += RECHECKED_NOTE.get(proof.rechecked, "")
    return tree.Note((tree.Text(text),))


# how the run note says whether the independent checker re-verified the certificate
RECHECKED_NOTE = {
    Rechecked.VALID: "; the certificate re-verified by the independent checker",
    Rechecked.OUT_OF_TIME: (
        "; the certificate not re-verified by the independent checker: the time budget ran "
        "out first"
    ),
    Rechecked.TOO_LARGE: (
        "; the certificate not re-verified by the independent checker: its exact bounds are "
        "too large to write out"
    ),
}


def proof_document(
    proof: ProofResult, *, seconds: bool = False, extra: tuple[tree.Block, ...] = ()
) -> tree.Document:
    """A proof as a whole document: its blocks, the run's statistics, then ``extra`` (what
    a face adds)."""
    return tree.Document(
        title_of(proof), (*blocks_of(proof), run_note(proof, seconds=seconds), *extra)
    )


def _attachment_name(model_name: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", model_name).strip("-") or "model"
    return f"{safe}-machine.dot"


@blocks_of.register
def _(value: MachineSummary) -> tuple[tree.Block, ...]:
    machine = value.machine
    proof = value.proof
    component = "component" if value.components == 1 else "components"
    them = "it" if value.closed_components == 1 else "them"
    name = _attachment_name(proof.model_name)
    return (
        verdict_paragraph(proof),
        tree.Paragraph(
            (
                tree.Text(
                    f"The machine has {machine.size} states, {value.transitions} transitions "
                    f"over {len(machine.alphabet)} input symbols and {value.outputs} distinct "
                    f"outputs; {value.components} strongly connected {component}, "
                    f"{value.closed_components} of them closed (no transition leaves {them})."
                ),
            )
        ),
        tree.Paragraph(
            (
                tree.Text(
                    f"Too large to list here: the first {len(value.shown)} states in "
                    "breadth-first order from the initial one follow; the whole machine is "
                    f"attached ({name})."
                ),
            )
        ),
        machine_table(machine, value.shown),
        machine_note(machine),
        tree.Attachment(
            name,
            "text/vnd.graphviz",
            machine_dot(machine, f"{proof.model_name} machine"),
            "the whole machine, in Graphviz DOT",
        ),
    )


@blocks_of.register
def _(value: MooreMachine) -> tuple[tree.Block, ...]:
    return (
        tree.Figure(value, f"A machine of {value.size} states"),
        machine_table(value),
        machine_note(value),
    )


# ---------------------------------------------------------------------------- explanation

MAPPING_SHOWN = 8  # a property's output map longer than this is cut, with a count


@blocks_of.register
def _(value: Explanation) -> tuple[tree.Block, ...]:
    alphabet = value.machine.alphabet
    rows: list[tuple[tree.Cell, ...]] = []
    for c in value.comparisons:
        if c.relation is Relation.NOT_CARRIED and c.witness is not None:
            w = c.witness
            evidence: tree.Cell = (
                tree.Text("after "),
                symbol_word(alphabet, w.first),
                tree.Text(" and after "),
                symbol_word(alphabet, w.second),
                tree.Text(": output "),
                *output_cell(w.cell_output),
                tree.Text(" both times, property "),
                *output_cell(w.first_value),
                tree.Text(" and "),
                *output_cell(w.second_value),
            )
            verdict = "no"
        else:
            pairs = [(*output_cell(a), tree.Text(" ↦ "), *output_cell(b)) for a, b in c.output_map]
            shown = pairs[:MAPPING_SHOWN]
            evidence = (tree.Text("output "), *_joined(shown))
            if len(pairs) > len(shown):
                evidence += (tree.Text(f", … ({len(pairs) - len(shown)} more)"),)
            verdict = "yes, one-to-one" if c.relation is Relation.EQUIVALENT else "yes"
        rows.append(
            ((tree.Text(f"{c.description} ({c.name})"),), (tree.Verdict(verdict),), evidence)
        )
    carried = [c.description for c in value.comparisons if c.relation is not Relation.NOT_CARRIED]
    intro = (
        f"{value.model_name}: what the output carries (a property is carried when it is a "
        "function of the rounded output after every non-empty input word)."
    )
    header: tuple[tree.Cell, ...] = (
        (tree.Text("property"),),
        (tree.Text("carried"),),
        (tree.Text("evidence"),),
    )
    blocks: list[tree.Block] = [tree.Paragraph((tree.Text(intro),))]
    if rows:
        blocks.append(tree.Table(header, tuple(rows), words=True))
    else:
        blocks.append(tree.Paragraph((tree.Text("No named property reads this alphabet."),)))
    blocks.append(
        tree.Paragraph(
            (
                tree.Strong("Carries:"),
                tree.Text(" " + ("; ".join(carried) or "none of these") + "."),
            )
        )
    )
    return tuple(blocks)


# ---------------------------------------------------------------------------- analyze


def _check_item(check: TableCheck, alphabet: Sequence[tuple[Any, ...]]) -> tree.Inlines:
    head: tree.Inlines = (
        tree.Strong(check.convention),
        tree.Text(": "),
        tree.Verdict(check.verdict.value),
    )
    if check.verdict is ProofVerdict.REFUTED and check.word is not None:
        return (
            *head,
            tree.Text(": after "),
            input_word(alphabet, check.word),
            tree.Text(" the exact cell rounds to "),
            *output_cell(check.exact),
            tree.Text(", the table says "),
            *output_cell(check.table),
            tree.Text("."),
        )
    if check.verdict is ProofVerdict.PROVED:
        return (*head, tree.Text(": same outputs as the exact cell on every word."))
    return (*head, tree.Text(": "), *sentence(reason_parts(check.reason, alphabet)))


def analysis_document(
    value: Analysis, *, seconds: bool = False, extra: tuple[tree.Block, ...] = ()
) -> tree.Document:
    """The analysis as a whole document, the proof with its run's statistics, then
    ``extra`` (what a face adds)."""
    return tree.Document(title_of(value), (*_analysis_blocks(value, seconds), *extra))


@blocks_of.register
def _(value: Analysis) -> tuple[tree.Block, ...]:
    return _analysis_blocks(value, False)


def _analysis_blocks(value: Analysis, seconds: bool) -> tuple[tree.Block, ...]:
    proof = value.proof
    blocks: list[tree.Block] = [
        tree.Section(
            "The machine and its proof",
            (*blocks_of(proof), run_note(proof, seconds=seconds)),
            "proof",
        )
    ]
    if value.certificate_path:
        blocks.append(
            tree.Paragraph((tree.Text(f"Certificate written to {value.certificate_path}."),))
        )
    if value.conventions:
        blocks.append(
            tree.Section(
                "Rounding conventions against the exact cell",
                (
                    # (a bounded proof's table items name the lengths they hold for)
                    *(
                        ()
                        if value.proof.verdict is ProofVerdict.BOUNDED
                        else (tree.Paragraph((tree.Text("All words, all lengths:"),)),)
                    ),
                    tree.Items(
                        tuple(_check_item(c, value.proof.alphabet) for c in value.conventions)
                    ),
                ),
                "conventions",
            )
        )
    if value.explanation is not None:
        blocks.append(
            tree.Section("What the state carries", blocks_of(value.explanation), "information")
        )
    if value.table is not None:
        blocks.append(
            tree.Section("The saturated transition table", blocks_of(value.table), "table")
        )
    return tuple(blocks)


# ---------------------------------------------------------------------------- show work


def work_blocks(value: ShownWork) -> tuple[tree.Block, ...]:
    intro = tree.Paragraph(
        (
            tree.Text(f"{value.model_name}: step t = {value.t} ("),
            tree.Math(
                sympy.Eq(names.timed("x", "t"), sympy.Rational(value.x))
                if "," not in value.x
                else names.timed("x", "t")
            ),
            tree.Text(
                (f" = ({value.x})" if "," in value.x else "")
                + f") worked by hand under the {value.convention} convention: each equation in "
                "symbols, with every number put in, then its certified value."
            ),
        )
    )
    chains: list[tree.Block] = [intro]
    for w in value.lines:
        numbers: dict[sympy.Basic, str] = dict(w.values)
        numbers.update({s: format_number(v) for s, v in w.weights})
        approximate = any(s in w.numbers.free_symbols for s in w.rounded)
        links = [
            tree.Link("=", tree.Math(w.symbols)),
            tree.Link("≈" if approximate else "=", tree.Worked(w.numbers, tuple(numbers.items()))),
        ]
        if w.function is not None and w.argument is not None:
            function = sigmoid if w.function == "sigmoid" else tanh
            links.append(
                tree.Link(
                    "=",
                    tree.Worked(function(sympy.Symbol("z")), ((sympy.Symbol("z"), w.argument),)),
                )
            )
        # a saturated value is the rule's, not the arithmetic's: ≈, with the remark saying why
        links.append(tree.Link("≈" if w.saturation else w.relation, tree.Number(w.value)))
        remark: tree.Inlines = words("saturated, " + w.saturation + ".") if w.saturation else ()
        chains.append(tree.Chain(w.quantity, tuple(links), remark))
    return tuple(chains)


@blocks_of.register
def _(value: ShownWork) -> tuple[tree.Block, ...]:
    return work_blocks(value)


def work_section(value: ShownWork, number_: int) -> tree.Section:
    return tree.Section(
        f"{number_}. Step t = {value.t} worked by hand",
        work_blocks(value),
        "work",
        {"type": "ShownWork", "value": value},
    )


__all__ = [
    "analysis_document",
    "blocks_of",
    "derivation_document",
    "document_of",
    "has_document",
    "parameter_rows",
    "proof_document",
    "prose_paragraphs",
    "run_note",
    "title_of",
    "work_section",
]
