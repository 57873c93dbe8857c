"""The document tree as LaTeX: the body of an ``article`` (``--fragment``, Sphinx, ``\\input``)
or, through :func:`symlstm.render.document.wrap`, a whole document pdflatex compiles.

Cells and prose are written from their values: a certified decimal as math that may
break between groups of ten digits, an expression through the notation's LaTeX printer.
A wide table gives its widest columns a fixed width (they wrap) instead of shrinking.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from symlstm.analysis.automaton import MooreMachine
from symlstm.equations import Equation
from symlstm.model.numbers import format_fraction
from symlstm.render import tree
from symlstm.render.diagram import diagram_tikz
from symlstm.render.guard import check_no_control
from symlstm.render.latex_escape import TEXT_ESCAPES, escape_text
from symlstm.render.notation import COURSE, Notation
from symlstm.render.printers import equation_latex
from symlstm.render.printers import latex as expr_latex
from symlstm.render.tikz import machine_tikz
from symlstm.render.values import split_decimal
from symlstm.render.writers.base import TEXT_STYLE, WorkStyle, Writer, plain, worked

TEXT_WIDTH = 112  # characters of \\small table text that fit across an A4 page at 11pt
CHAR_CM = 0.17  # the width of one such character
CHAIN_WIDTH = 90  # characters of a chain that fit on one line
DIGIT_GROUP = 10  # a long mantissa may break after every DIGIT_GROUP digits
# Unicode the prose uses that :func:`escape_text` does not map
LATEX_EXTRA: dict[str, str] = {
    "∈": r"\ensuremath{\in}",
    "↦": r"\ensuremath{\mapsto}",
    "≠": r"\ensuremath{\neq}",
    "⇒": r"\ensuremath{\Rightarrow}",
    "±": r"\ensuremath{\pm}",
    "≈": r"\ensuremath{\approx}",
}
RELATIONS = {"=": "=", "≈": r"\approx"}
SECTIONS = (r"\subsection*", r"\subsubsection*", r"\paragraph*")


def words(text: str) -> str:
    """Text as LaTeX: runs of ordinary text through :func:`escape_text` whole (it sets
    minus signs, quotes and h_t from their context), a few symbols as math."""
    out: list[str] = []
    run: list[str] = []
    for c in text:
        if c in LATEX_EXTRA:
            out += [escape_text("".join(run)), LATEX_EXTRA[c]]
            run = []
        else:
            run.append(c)
    out.append(escape_text("".join(run)))
    return "".join(out)


# characters that LaTeX text typesets (ligatures, curly quotes) but code must keep as typed
CODE_CHARACTERS: dict[str, str] = {
    "-": "-{}",  # no en or em dash from -- and ---
    "'": r"\textquotesingle{}",
    "`": r"\textasciigrave{}",
    '"': r"\char34{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}


def code_text(text: str) -> str:
    """Text for ``\\texttt``, character by character as typed (then the usual escapes)."""
    out = []
    for c in text:
        if c in CODE_CHARACTERS:
            out.append(CODE_CHARACTERS[c])
        elif c == "/":
            out.append("/\\allowbreak{}")  # a long path may break after a slash
        elif c in TEXT_ESCAPES:
            out.append(TEXT_ESCAPES[c])
        elif 32 <= ord(c) < 127:
            out.append(c)
        else:
            out.append(escape_text(c))
    return "".join(out)


def number_math(text: str, breakable: bool = True) -> str:
    """A certified decimal in math mode: ``3.72e-44`` as ``3.72 \\cdot 10^{-44}``, long
    mantissas breakable between groups of digits."""
    mantissa, exponent = split_decimal(text)
    if mantissa in ("", "-", "±") and exponent:
        # a value written through its exponent (numbers/digits.py): ±10^(Y)
        sign = r"\pm " if mantissa == "±" else mantissa
        return sign + f"10^{{{number_math(exponent, breakable)}}}"
    head, dot, tail = mantissa.partition(".")
    if breakable and dot and len(tail) > DIGIT_GROUP:
        groups = [tail[k : k + DIGIT_GROUP] for k in range(0, len(tail), DIGIT_GROUP)]
        mantissa = head + "." + r"\allowbreak ".join(groups)
    return mantissa + (f" \\cdot 10^{{{int(exponent)}}}" if exponent else "")


def _latex_number(text: str) -> str:
    return number_math(text) if text[:1] in "-0123456789" else rf"\text{{{escape_text(text)}}}"


LATEX_STYLE = WorkStyle(
    "-",
    r" \cdot ",
    r" \odot ",
    {"sigmoid": r"\operatorname{sigmoid}", "tanh": r"\tanh"},
    expr_latex,
    _latex_number,
)


def fraction_latex(value: object) -> str:
    text = (
        format_fraction(value.numerator, value.denominator)
        if isinstance(value, Fraction)
        else str(value)
    )
    mantissa, e, exponent = text.partition("e")
    if e:  # an exact M·10^K (format_fraction's form for long numbers)
        head = {"1": "", "-1": "-"}.get(mantissa, mantissa + r" \cdot ")
        return f"{head}10^{{{exponent}}}"
    if "/" in text:
        p, q = text.split("/")
        sign = "-" if p.startswith("-") else ""
        return f"{sign}\\tfrac{{{p.lstrip('-')}}}{{{q}}}"
    return text


def closed_latex(node: tree.ClosedForm) -> str:
    e = f"e^{{{fraction_latex(node.exponent)}}}"
    top = f"{node.numerator} - {e}" if node.subtract else str(node.numerator)
    return f"\\frac{{{top}}}{{1 + {e}}}"


class LatexWriter(Writer[str]):
    format_name = "LaTeX"
    text_width = TEXT_WIDTH
    breakable = True  # long numbers may break (pdflatex); MathJax is given plain digits
    char_cm = CHAR_CM
    words_cm = 16.0  # the width a table of prose takes

    # ------------------------------------------------------------------ document

    def document(self, node: tree.Document) -> str:
        parts = [f"% {node.title}", "\\allowdisplaybreaks\n\\setlength{\\emergencystretch}{3em}\n"]
        parts += self.blocks(node.blocks)
        return check_no_control("\n".join(p for p in parts if p).rstrip("\n") + "\n")

    def section(self, node: tree.Section) -> str:
        # a heading keeps a few lines below it on its page (it was orphaned before a table
        # that does not break); \needspace only where the document loads it
        keep = "\\ifdefined\\needspace\\needspace{8\\baselineskip}\\fi"
        command = SECTIONS[min(self.depth, len(SECTIONS) - 1)]
        self.depth += 1
        try:
            body = "\n".join(b for b in self.blocks(node.blocks) if b)
        finally:
            self.depth -= 1
        return f"{keep}\n{command}{{{words(node.title)}}}\n\n{body}"

    def blocks(self, blocks: Sequence[object]) -> list[str]:
        """The blocks written in order; consecutive chains share one ``align*``."""
        out: list[str] = []
        run: list[tree.Chain] = []
        for b in [*blocks, None]:
            if isinstance(b, tree.Chain):
                run.append(b)
                continue
            if run:
                out.append(self.chains(run))
                run = []
            if b is not None:
                out.append(self.block(b))
        return self.keep_announcements(blocks, out)

    def keep_announcements(self, blocks: Sequence[object], out: list[str]) -> list[str]:
        """A sentence announcing a table ("…beyond the threshold:") starts a new page when
        the table would not fit below it (a tabular does not break, so the sentence was
        left at the foot of a page); \\needspace only where the document loads it."""
        kept = list(out)
        written = [
            b
            for k, b in enumerate(blocks)
            if not (isinstance(b, tree.Chain) and k and isinstance(blocks[k - 1], tree.Chain))
        ]
        if len(written) != len(out):
            return out
        for k in range(len(written) - 1):
            b, following = written[k], written[k + 1]
            if (
                isinstance(b, tree.Paragraph)
                and isinstance(following, tree.Table)
                and plain(b.parts, self.notation).rstrip().endswith(":")
            ):
                lines = min(len(following.rows) + 6, 45)
                kept[k] = (
                    f"\\ifdefined\\needspace\\needspace{{{lines}\\baselineskip}}\\fi\n" + out[k]
                )
        return kept

    def _parts(self, parts: Sequence[tree.Inline]) -> str:
        return "".join(self.inline(p) for p in parts)

    def paragraph(self, node: tree.Paragraph) -> str:
        return self._parts(node.parts) + "\n"

    def note(self, node: tree.Note) -> str:
        return "{\\small " + self._parts(node.parts) + "}\n"

    def items(self, node: tree.Items) -> str:
        env = "enumerate" if node.numbered else "itemize"
        body = "".join(f"\\item {self._parts(item)}\n" for item in node.items)
        return f"\\begin{{{env}}}\n{body}\\end{{{env}}}\n"

    # ------------------------------------------------------------------ math blocks

    def _row(self, e: Equation) -> str:
        lhs, relation, rhs = equation_latex(e, self.notation)
        return f"{lhs} &{relation} {rhs}"

    def equations(self, node: tree.DisplayEquations) -> str:
        width = max(len(r) for r in node.rows)
        if width == 1:
            body = " \\\\\n".join(f"  {self._row(r[0])}" for r in node.rows)
            return "\\begin{align*}\n" + body + "\n\\end{align*}\n"
        lines = ["  " + " &\\qquad ".join(self._row(e) for e in row) for row in node.rows]
        body = " \\\\\n".join(lines)
        return f"\\begin{{alignat*}}{{{width}}}\n{body}\n\\end{{alignat*}}\n"

    def math_value(self, node: tree.Inline) -> str:
        """An inline part inside math mode."""
        if isinstance(node, tree.Math):
            return self._expr(node)
        if isinstance(node, tree.Number):
            return (r"\approx " if node.approximate else "") + number_math(
                node.text, self.breakable
            )
        if isinstance(node, tree.Worked):
            return worked(node, self.notation, LATEX_STYLE)
        if isinstance(node, tree.ClosedForm):
            return closed_latex(node)
        return r"\text{" + self.inline(node) + "}"

    def chain_rows(self, node: tree.Chain) -> list[str]:
        lhs = expr_latex(node.lhs, self.notation)
        links = [f"{RELATIONS[k.relation]} {self.math_value(k.value)}" for k in node.links]
        width = len(plain((tree.Math(node.lhs),), self.notation)) + sum(
            len(plain((k.value,), self.notation)) + 3 for k in node.links
        )
        if width <= CHAIN_WIDTH:
            rows = [f"  {lhs} &" + " ".join(links)]
        else:
            rows = [f"  {lhs if k == 0 else ''} &{link}" for k, link in enumerate(links)]
        if node.remark:
            rows.append("  \\intertext{\\small " + self._parts(node.remark) + "}")
        return rows

    def chains(self, nodes: Sequence[tree.Chain]) -> str:
        rows: list[str] = []
        for node in nodes:
            rows += self.chain_rows(node)
        body = ""
        for k, row in enumerate(rows):
            ends_text = row.startswith("  \\intertext")
            body += row + ("" if k == len(rows) - 1 or ends_text else " \\\\") + "\n"
        return "\\begin{align*}\n" + body + "\\end{align*}\n"

    def chain(self, node: tree.Chain) -> str:
        return self.chains([node])

    # ------------------------------------------------------------------ tables

    def column_widths(self, node: tree.Table) -> list[int]:
        rows = (node.header, *node.rows)
        return [max(len(plain(r[k], self.notation)) for r in rows) for k in range(len(node.header))]

    def column_spec(self, node: tree.Table) -> str:
        widths = self.column_widths(node)
        if node.words:
            total = sum(widths) or 1
            # a share of the width by length, but no prose column squeezed below what it
            # needs or 4 cm (the 10-unit machine's evidence left "property" 1.5 cm wide)
            floors = [min(4.0, max(1.5, w * self.char_cm)) for w in widths]
            shares = [
                max(f, self.words_cm * w / total) for f, w in zip(floors, widths, strict=True)
            ]
            excess = sum(shares) - self.words_cm
            if excess > 0:  # taken from the columns above their floor, in proportion
                room = [s - f for s, f in zip(shares, floors, strict=True)]
                spare = sum(room) or 1.0
                shares = [s - excess * r / spare for s, r in zip(shares, room, strict=True)]
            return "".join(f">{{\\raggedright\\arraybackslash}}p{{{cm:.1f}cm}}" for cm in shares)
        caps = list(widths)
        # prose columns wrap first (down to 12 characters), numbers only if still too wide
        for numeric, floor in ((False, 12), (True, 8)):
            columns = [k for k in range(len(widths)) if node.is_numeric(k) is numeric]
            while sum(c + 2 for c in caps) > self.text_width:
                widest = max(columns, key=lambda k: caps[k], default=None)
                if widest is None or caps[widest] <= floor:
                    break
                caps[widest] -= 1
        spec = []
        for k, w in enumerate(widths):
            align = "r" if node.is_numeric(k) else "l"
            if w > caps[k]:
                ragged = "\\raggedleft" if align == "r" else "\\raggedright"
                spec.append(f">{{{ragged}\\arraybackslash}}p{{{caps[k] * self.char_cm:.1f}cm}}")
            else:
                spec.append(align)
        return "".join(spec)

    def tabular(self, node: tree.Table, rows: Sequence[Sequence[Sequence[tree.Inline]]]) -> str:
        lines = [
            r"\begin{tabular}{" + self.column_spec(node) + "}",
            r"\toprule",
            " & ".join(self._parts(c) for c in node.header) + r" \\",
            r"\midrule",
            *(" & ".join(self._parts(c) for c in row) + r" \\" for row in rows),
            r"\bottomrule",
            r"\end{tabular}",
        ]
        return "\n".join(lines)

    def long_table(self, node: tree.Table) -> str:
        """A table longer than :data:`LONG_TABLE_ROWS` rows: a ``longtable``, which breaks
        across pages with its header repeated (a box cannot: it would run off the page).
        It cannot be scaled to the text width, so a wide one is set smaller instead."""
        size = "\\footnotesize" if len(node.header) >= 8 else "\\small"
        narrow = "\\setlength{\\tabcolsep}{3pt}" if len(node.header) >= 8 else ""
        header = " & ".join(self._parts(c) for c in node.header) + r" \\"
        columns = len(node.header)
        lines = [
            f"{{{size}{narrow}%",
            r"\begin{longtable}{" + self.column_spec(node) + "}",
            r"\toprule",
            header,
            r"\midrule",
            r"\endfirsthead",
            f"\\multicolumn{{{columns}}}{{l}}{{\\emph{{(continued)}}}}" + r" \\",
            r"\toprule",
            header,
            r"\midrule",
            r"\endhead",
            r"\bottomrule",
            r"\endlastfoot",
            *(" & ".join(self._parts(c) for c in row) + r" \\" for row in node.rows),
            r"\end{longtable}",
            "}",
        ]
        return "\n".join(lines) + "\n"

    def table(self, node: tree.Table) -> str:
        if len(node.rows) > LONG_TABLE_ROWS:
            return self.long_table(node)
        body = self.tabular(node, node.rows)
        # the character estimate misjudges math (10^{-44}, subscripts): a table is set in a
        # box first and, only if wider than the text, scaled to it rather than into the
        # margin; a table of many columns has narrower gaps between them first
        narrow = "\\setlength{\\tabcolsep}{3pt}" if len(node.header) >= 8 else ""
        return (
            f"\\begin{{center}}\\small{narrow}%\n\\sbox0{{"
            + body
            + "}%\n\\ifdim\\wd0>\\linewidth\\resizebox{\\linewidth}{!}{\\usebox0}"
            "\\else\\usebox0\\fi\n\\end{center}\n"
        )

    # ------------------------------------------------------------------ pictures, files

    def picture(self, node: tree.Figure) -> str:
        if isinstance(node.content, MooreMachine):
            return machine_tikz(node.content)
        return diagram_tikz(node.content, self.notation)

    def figure(self, node: tree.Figure) -> str:
        return "\\begin{center}\n" + self.picture(node) + "\\end{center}\n"

    def attachment(self, node: tree.Attachment) -> str:
        name = escape_text(node.name)
        return (
            f"The file \\texttt{{{name}}} ({words(node.description)}) is embedded in this PDF.\n"
            f"\\begin{{filecontents*}}[overwrite]{{{node.name}}}\n"
            + node.content.rstrip("\n")
            + "\n\\end{filecontents*}\n"
            + f"\\ifdefined\\embedfile\\embedfile[desc={{{words(node.description)}}}]"
            f"{{{node.name}}}\\fi\n"
        )

    # ------------------------------------------------------------------ inline

    def text(self, node: tree.Text) -> str:
        return words(node.text)

    def _expr(self, node: tree.Math) -> str:
        e = node.expr
        if isinstance(e, Equation):
            lhs, relation, rhs = equation_latex(e, self.notation)
            return f"{lhs} {relation} {rhs}"
        return expr_latex(e, self.notation)

    def math(self, node: tree.Math) -> str:
        return f"${self._expr(node)}$"

    def number(self, node: tree.Number) -> str:
        return f"${self.math_value(node)}$"

    def word(self, node: tree.Word) -> str:
        return r", \allowbreak ".join(
            f"${number_math(s)}$" if _numeric(s) else words(s) for s in node.symbols
        )

    def code(self, node: tree.Code) -> str:
        return f"\\texttt{{{code_text(node.text)}}}"

    def verdict(self, node: tree.Verdict) -> str:
        return f"\\textbf{{{words(node.word)}}}"

    def strong(self, node: tree.Strong) -> str:
        return f"\\textbf{{{words(node.text)}}}"

    def worked(self, node: tree.Worked) -> str:
        return f"${self.math_value(node)}$"

    def closed(self, node: tree.ClosedForm) -> str:
        return f"${closed_latex(node)}$"


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


LONG_TABLE_ROWS = 45  # a longer table breaks across pages (a longtable): a page holds ~50 rows


def write(document: tree.Document, notation: Notation = COURSE) -> str:
    return LatexWriter(notation).document(document)


__all__ = [
    "LATEX_STYLE",
    "LONG_TABLE_ROWS",
    "TEXT_STYLE",
    "LatexWriter",
    "number_math",
    "words",
    "write",
]
