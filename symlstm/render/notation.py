"""Notation profiles as data: how each kind of symbol is written in LaTeX and in text."""

from __future__ import annotations

from dataclasses import dataclass

from symlstm.equations import names
from symlstm.model.cells import CELL_KINDS

_SUB = str.maketrans("0123456789-+t", "₀₁₂₃₄₅₆₇₈₉₋₊ₜ")
_SUPER = str.maketrans("fiocgsrznhxp", "ᶠⁱᵒᶜᵍˢʳᶻⁿʰˣᵖ")

STATE_BASES = frozenset({"h", "c", "s"})  # variables carried from step to step
INPUT_BASE = "x"


@dataclass(frozen=True)
class Notation:
    """One way of writing the equations. Templates take ``unit`` and ``source``."""

    name: str
    description: str
    weight_latex: str
    bias_latex: str
    weight_text: str
    bias_text: str
    odot_latex: str
    odot_text: str
    sigmoid_latex: str
    sigmoid_text: str
    # quantity bases that are not written as their own name
    base_latex: tuple[tuple[str, str], ...]
    base_text: tuple[tuple[str, str], ...]

    def symbol_latex(self, name: str) -> str:
        parsed = names.parse(name)
        if parsed.param_index:
            return _param(parsed, self.weight_latex, self.bias_latex)
        if parsed.shared_index is not None:
            return f"u_{{{parsed.shared_index}}}"
        base = _base(parsed.base, self.base_latex + display_names(self.name, latex=True))
        index = parsed.time if parsed.component is None else f"{parsed.time},{parsed.component}"
        return f"{base}_{{{index}}}"

    def symbol_text(self, name: str) -> str:
        parsed = names.parse(name)
        if parsed.param_index:
            return _param(parsed, self.weight_text, self.bias_text)
        if parsed.shared_index is not None:
            return f"u{str(parsed.shared_index).translate(_SUB)}"
        base = _base(parsed.base, self.base_text + display_names(self.name, latex=False))
        text = base + parsed.time.translate(_SUB)
        if parsed.component is not None:
            text += "," + str(parsed.component).translate(_SUB)
        return text


def _base(base: str, table: tuple[tuple[str, str], ...]) -> str:
    return dict(table).get(base, base)


def _param(parsed: names.SymbolName, weight: str, bias: str) -> str:
    index = parsed.param_index
    if parsed.base == "W":
        unit, source = index[:-1], index[-1]
        return weight.format(
            unit=unit,
            source=source,
            unit_sup=unit.translate(_SUPER),
            source_sup=source.translate(_SUPER),
        )
    if parsed.base == "p":  # a peephole vector, p_f (written like a bias, with p)
        return bias.replace("b", "p", 1).format(unit=index)
    return bias.format(unit=index)


def display_names(notation: str, *, latex: bool) -> tuple[tuple[str, str], ...]:
    """The registered kinds' display names (c̃ for ctilde …) in a notation."""
    table: dict[str, str] = {}
    for kind in CELL_KINDS.values():
        for d in kind.display:
            if notation == "pytorch" and (d.pytorch_latex if latex else d.pytorch_text):
                table.setdefault(d.name, d.pytorch_latex if latex else d.pytorch_text)
            else:
                table.setdefault(d.name, d.latex if latex else d.text)
    return tuple(sorted(table.items()))


_UNITS = ("f", "i", "o", "c", "g", "s", "r", "z", "n", "nh")
_PREACTIVATION_LATEX = tuple((f"z_{u}", f"z^{{{u}}}") for u in _UNITS)
_PREACTIVATION_TEXT = tuple((f"z_{u}", f"z{u.translate(_SUPER)}") for u in _UNITS)

COURSE = Notation(
    name="course",
    description="the course's: W^{f,h}, b_f, ⊙, sigmoid",
    weight_latex="W^{{{unit},{source}}}",
    bias_latex="b_{{{unit}}}",
    weight_text="W{unit_sup}{source_sup}",
    bias_text="b_{unit}",
    odot_latex=r"\odot",
    odot_text="⊙",
    sigmoid_latex=r"\operatorname{sigmoid}",
    sigmoid_text="sigmoid",
    base_latex=_PREACTIVATION_LATEX,
    base_text=_PREACTIVATION_TEXT,
)

PYTORCH = Notation(
    name="pytorch",
    description="PyTorch's documentation: W_{hf}, b_f, ∘, σ",
    weight_latex="W_{{{source}{unit}}}",
    bias_latex="b_{{{unit}}}",
    weight_text="W_{source}{unit}",
    bias_text="b_{unit}",
    odot_latex=r"\circ",
    odot_text="∘",
    sigmoid_latex=r"\sigma",
    sigmoid_text="σ",
    base_latex=_PREACTIVATION_LATEX,
    base_text=_PREACTIVATION_TEXT,
)

NOTATIONS: dict[str, Notation] = {n.name: n for n in (COURSE, PYTORCH)}
