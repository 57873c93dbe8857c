"""Text and JSON data for the analysis stage's values (proofs, machines, explanations).

Registered in :mod:`symlstm.render.text` and :mod:`symlstm.render.json`.
"""

from __future__ import annotations

from typing import Any

from symlstm.analysis.automaton import UNOBSERVED, MooreMachine, Output, word_text
from symlstm.analysis.explain import Comparison, Explanation, Relation
from symlstm.analysis.proof import ProofResult, Verdict, machine_data
from symlstm.analysis.summary import Analysis, TableCheck
from symlstm.analysis.table import TransitionTable
from symlstm.model import format_number


def _out(value: Output) -> str:
    if not value:
        return "—"  # UNOBSERVED
    return str(value[0]) if len(value) == 1 else "(" + ", ".join(str(v) for v in value) + ")"


def machine_lines(machine: MooreMachine) -> list[str]:
    """The machine as a table: state, output, successor per symbol."""
    symbols = [word_text(machine.alphabet, (k,)) for k in range(len(machine.alphabet))]
    header = ["state", "output", *(f"on {s}" for s in symbols)]
    rows = []
    for q, name in enumerate(machine.states):
        mark = "→ " if q == machine.initial else "  "
        rows.append(
            [
                mark + name,
                _out(machine.outputs[q]),
                *(machine.states[r] for r in machine.transitions[q]),
            ]
        )
    widths = [
        max(len(r[i]) for r in [["  " + header[0], *header[1:]], *rows]) for i in range(len(header))
    ]
    lines = [
        "  "
        + "  ".join(
            h.ljust(w) for h, w in zip(["  " + header[0], *header[1:]], widths, strict=True)
        ).rstrip()
    ]
    for row in rows:
        lines.append(
            "  " + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        )
    lines.append("  (→ marks the initial state; the output is the rounded state after a step)")
    if UNOBSERVED in machine.outputs:
        lines.append(
            "  (— : the initial state is on a rounding boundary; its output is never observed)"
        )
    return lines


def proof_text(value: ProofResult, *, timing: bool = True) -> str:
    """The proof as text; ``timing=False`` leaves out the run's statistics and duration
    (the only part that differs between runs)."""
    lines = [f"{value.model_name}: {value.verdict.value}", f"  {value.reason}"]
    if value.machine is not None and value.verdict is Verdict.PROVED:
        lines += [
            "",
            f"machine ({value.machine.size} states, minimal):",
            *machine_lines(value.machine),
        ]
    if value.machine is not None and value.verdict is Verdict.BOUNDED:
        lines += [
            "",
            f"machine ({value.machine.size} states, minimal), on every word of length at most "
            f"{value.horizon}:",
            *machine_lines(value.machine),
        ]
    if value.verdict is Verdict.REFUTED and value.word is not None:
        lines += [
            "",
            f"counterexample ({len(value.word)} inputs): {value.word_inputs}",
            f"  replay: symlstm solve {value.model_name} --inputs {value.word_inputs}",
        ]
        if value.evidence:
            last = value.evidence[-1]
            bounds = ", ".join(f"[{lo}, {hi}]" for lo, hi in last.bounds)
            lines.append(
                f"  last output enclosure {bounds} rounds to {_out(last.rounded)}; "
                f"the claim says {_out(value.claimed[-1])}"
            )
    if value.verdict is Verdict.UNKNOWN:
        lines.append(f"  stopped by: {value.exhausted.value}")
        if value.growth:
            lines.append(
                f"  the state along {len(value.word or ())} inputs ({_short(value.word_inputs)}):"
            )
            for name, samples in value.growth:
                lines.append(f"    {name}: " + ", ".join(samples))
    if not timing:
        return "\n".join(lines) + "\n"
    lines += [
        "",
        f"{value.boxes} boxes, {value.transitions} box images, {value.seconds:.3f} s "
        f"(budget: {value.budget.max_states} boxes, {value.budget.max_seconds:g} s, "
        f"{value.budget.bits} bits)",
    ]
    return "\n".join(lines) + "\n"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def proof_data(value: ProofResult) -> dict[str, Any]:
    return {
        "model": value.model_name,
        "verdict": value.verdict.value,
        "horizon": str(value.horizon) if value.horizon is not None else None,
        "reason": value.reason,
        "machine": machine_data(value.machine) if value.machine is not None else None,
        "exhausted": value.exhausted.value,
        "word": value.word_inputs if value.word is not None else None,
        "evidence": [
            {"bounds": [list(b) for b in e.bounds], "rounded": list(e.rounded)}
            for e in value.evidence
        ],
        "claimed": [list(c) for c in value.claimed],
        "growth": {name: list(samples) for name, samples in value.growth},
        "boxes": value.boxes,
        "transitions": value.transitions,
        "budget": {
            "max_states": value.budget.max_states,
            "max_seconds": value.budget.max_seconds,
            "bits": value.budget.bits,
        },
    }


MAPPING_SHOWN = 8  # a property's output map longer than this is cut, with a count


def mapping_text(pairs: list[str]) -> str:
    """``a ↦ b, …``: at most :data:`MAPPING_SHOWN` pairs, then how many more."""
    if len(pairs) <= MAPPING_SHOWN:
        return ", ".join(pairs)
    return ", ".join(pairs[:MAPPING_SHOWN]) + f", … ({len(pairs) - MAPPING_SHOWN} more)"


def _comparison_line(c: Comparison, machine: MooreMachine) -> list[str]:
    if c.relation is Relation.NOT_CARRIED:
        assert c.witness is not None
        w = c.witness
        return [
            f"  no   {c.description} ({c.name})",
            f"       after {word_text(machine.alphabet, w.first)} and after "
            f"{word_text(machine.alphabet, w.second)} the output is {_out(w.cell_output)}, "
            f"but the property is {_out(w.first_value)} and {_out(w.second_value)}",
        ]
    mapping = mapping_text([f"{_out(a)} ↦ {_out(b)}" for a, b in c.output_map])
    kind = "yes, exactly" if c.relation is Relation.EQUIVALENT else "yes"
    return [f"  {kind.ljust(4)} {c.description} ({c.name}): output {mapping}"]


def explanation_text(value: Explanation) -> str:
    lines = [
        f"{value.model_name}: what the output carries (property = function of the rounded "
        "output after every non-empty input word)",
    ]
    if not value.comparisons:
        lines.append("  no named property reads this alphabet")
    for c in value.comparisons:
        lines += _comparison_line(c, value.machine)
    carried = [c.description for c in value.comparisons if c.relation is not Relation.NOT_CARRIED]
    lines.append("")
    lines.append("carries: " + ("; ".join(carried) if carried else "none of these"))
    return "\n".join(lines) + "\n"


def explanation_data(value: Explanation) -> dict[str, Any]:
    alphabet = value.machine.alphabet
    items = []
    for c in value.comparisons:
        item: dict[str, Any] = {
            "name": c.name,
            "description": c.description,
            "relation": c.relation.value,
            "course_statement": c.course_statement,
            "output_map": [[list(a), list(b)] for a, b in c.output_map],
        }
        if c.witness is not None:
            item["counterexample"] = {
                "words": [
                    word_text(alphabet, c.witness.first),
                    word_text(alphabet, c.witness.second),
                ],
                "output": list(c.witness.cell_output),
                "values": [list(c.witness.first_value), list(c.witness.second_value)],
            }
        items.append(item)
    return {"model": value.model_name, "carried": list(value.carried), "properties": items}


def _check_line(check: TableCheck) -> str:
    if check.verdict is Verdict.REFUTED:
        return (
            f"  {check.convention}: refuted: after {check.word_inputs} the exact cell rounds to "
            f"{_out(check.exact)}, the table says {_out(check.table)}"
        )
    if check.verdict is Verdict.PROVED:
        return f"  {check.convention}: proved: same outputs as the exact cell on every word"
    return f"  {check.convention}: unknown: {check.reason}"


def analysis_text(value: Analysis, table_text: str | None) -> str:
    parts = [proof_text(value.proof)]
    if value.certificate_path:
        parts.append(
            f"certificate written to {value.certificate_path} "
            f"(check it: symlstm check {value.certificate_path})\n"
        )
    if value.conventions:
        lines = ["rounding conventions against the exact cell (all words, all lengths):"]
        lines += [_check_line(c) for c in value.conventions]
        parts.append("\n".join(lines) + "\n")
    if value.explanation is not None:
        parts.append(explanation_text(value.explanation))
    if table_text:
        parts.append(table_text)
    return "\n".join(parts)


def analysis_data(value: Analysis, table: Any) -> dict[str, Any]:
    proof = value.proof
    return {
        "model": value.model_name,
        "verdict": proof.verdict.value,
        "machine": machine_data(proof.machine) if proof.machine is not None else None,
        "certificate": value.certificate_path,
        "proof": proof_data(proof),
        "conventions": [
            {
                "convention": c.convention,
                "verdict": c.verdict.value,
                "reason": c.reason,
                "word": c.word_inputs if c.word is not None else None,
                "exact": list(c.exact),
                "table": list(c.table),
            }
            for c in value.conventions
        ],
        "explanation": explanation_data(value.explanation) if value.explanation else None,
        "table": table,
    }


# ---------------------------------------------------------------------------- the table


def _vector(values: tuple[str, ...]) -> str:
    return values[0] if len(values) == 1 else "(" + ", ".join(values) + ")"


def table_text(value: TransitionTable, piecewise: str) -> str:
    model = value.model
    out = value.output
    lines = [
        f"{model.name}: saturated transition table, rounding convention {value.convention.name!r}",
        f"  {value.convention.description}",
        f"  discrete states {out}_(t-1): " + ", ".join(_out(s) for s in value.states),
    ]
    if value.depends_on_carried:
        others = [s for s in model.kind.states if s != out]
        if others:
            lines.append(
                f"  ({', '.join(others)} carried exactly from the first time each state is "
                "reached; rows may differ slightly for other values)"
            )
    for row in value.rows:
        symbol = word_text(model.alphabet, (row.symbol,))
        lines.append("")
        lines.append(
            f"{out}_(t-1) = {_out(row.state)}, x_t = {symbol}:  "
            f"{out}_t = {_vector(row.output)} → {_out(row.rounded)}"
            + ("  (tie)" if any(row.ties) else "")
        )
        carried = ", ".join(f"{name}_(t-1) = {_vector(v)}" for name, v in row.carried)
        lines.append(f"    from {carried}")
        for a in row.activations:
            sub = f"[{a.component + 1}]" if model.hidden > 1 else ""
            status = "saturated" if a.saturated else "exact"
            margin = f", margin {a.margin}" if a.margin is not None else ""
            lines.append(
                f"    {a.function}({a.argument}{sub} = {a.z}) {'≈' if a.exact_is_rounded else '='} "
                f"{a.exact}, uses {a.used} "
                f"({status}; gap {a.gap}{margin})"
            )
        new = ", ".join(f"{name}_t = {_vector(v)}" for name, v in row.new_state)
        lines.append(f"    {new}")
    lines += ["", f"as a function: {out}_t = {piecewise}"]
    return "\n".join(lines) + "\n"


def table_data(value: TransitionTable, piecewise: list[str]) -> dict[str, Any]:
    model = value.model
    return {
        "model": model.name,
        "convention": value.convention.name,
        "output": value.output,
        "states": [list(s) for s in value.states],
        "depends_on_carried": value.depends_on_carried,
        "digits": value.digits,
        "rows": [
            {
                "state": list(row.state),
                "input": [format_number(v) for v in model.alphabet[row.symbol]],
                "carried": {name: list(v) for name, v in row.carried},
                "activations": [
                    {
                        "function": a.function,
                        "argument": a.argument,
                        "component": a.component,
                        "z": a.z,
                        "exact": a.exact,
                        "used": a.used,
                        "saturated": a.saturated,
                        "gap": a.gap,
                        "margin": a.margin,
                    }
                    for a in row.activations
                ],
                "new_state": {name: list(v) for name, v in row.new_state},
                "output": list(row.output),
                "rounded": list(row.rounded),
                "ties": list(row.ties),
            }
            for row in value.rows
        ],
        "machine": machine_data(value.machine()),
        "piecewise": piecewise,
    }
