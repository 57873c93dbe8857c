"""HTML: one standalone file whose math is presentation MathML (no script, no network).

Two layers, so that other values plug in:

- :func:`fragment` (``singledispatch``) gives a value's HTML body fragment; a value type
  without its own fragment is shown as its plain-text rendering in a ``<pre>`` block.
  Notebook display (``_repr_html_``) uses fragments.
- :func:`render` wraps a fragment into a whole document (:func:`page`): UTF-8, a small
  inline style sheet, and a Content-Security-Policy that forbids every network request,
  so the page shows the same offline as online.

Helpers for new fragments: :func:`table` (an HTML table whose cells are already HTML),
:func:`math_inline` / :func:`math_block` (MathML of a SymPy expression), :func:`escape`.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import singledispatch
from html import escape as _escape

import sympy

from symlstm.equations import EquationSet, Form
from symlstm.render import mathml
from symlstm.render import text as text_format
from symlstm.render import values as solved
from symlstm.render.diagram import UnitDiagram, diagram_svg, layout_of
from symlstm.render.guard import check_no_control
from symlstm.render.notation import Notation
from symlstm.render.printers import RELATION_TEXT

STYLE = """\
body { font-family: "DejaVu Serif", "Times New Roman", serif; max-width: 72rem;
  margin: 2rem auto; padding: 0 1rem; color: #222; line-height: 1.45;
  overflow-wrap: break-word; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; }
math { font-size: 1.1em; }
table.equations td.lhs { text-align: right; padding-right: 0.2em; }
table.equations td.rhs { text-align: left; }
table.equations td { padding: 0.35em 0; }
table.values { border-collapse: collapse; margin: 0.8em 0; }
table.values { font-size: 0.92em; }
table.values th, table.values td { padding: 0.2em 0.45em; text-align: right; }
table.values thead th { border-top: 2px solid #222; border-bottom: 1px solid #222; }
table.values tbody tr:last-child td { border-bottom: 2px solid #222; }
table.values td { white-space: nowrap; }
table.values td:last-child, table.values td.text { white-space: normal; text-align: left; }
table.values th:last-child { text-align: left; }
table.gaps td, table.gaps th { white-space: normal; text-align: left; }
@media (max-width: 40rem) { body { margin: 1rem auto; padding: 0 0.5rem; }
  table.equations math, p.chain math { font-size: 0.95em; } }
div.wide { overflow-x: auto; }
table.words th, table.words td { text-align: left; white-space: normal; }
pre { background: #f6f6f6; padding: 0.8em; overflow-x: auto; white-space: pre-wrap; }
figure { margin: 1em 0; } figure svg { max-width: 100%; height: auto; }
p.chain { margin-left: 1.5em; } p.note { color: #444; }
@media (max-width: 40rem) {
  table.values thead { display: none; }
  table.values, table.values tbody, table.values tr, table.values td { display: block; }
  table.values tr { border-bottom: 1px solid #999; padding: 0.3em 0; }
  table.values td, table.values td:last-child { text-align: left; white-space: normal; }
  table.values td::before { content: attr(data-label) ": "; font-weight: bold; }
  table.values tbody tr:last-child td { border-bottom: none; }
}
"""
# no request of any kind leaves the page: styles inline, images only as data
CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def escape(text: str) -> str:
    return _escape(text, quote=True)


def math_inline(expr: sympy.Basic, notation: Notation) -> str:
    return mathml.math(mathml.expression(expr, notation))


def math_block(expr: sympy.Basic, notation: Notation) -> str:
    return mathml.math(mathml.expression(expr, notation), display=True)


def table(header: Sequence[str], rows: Sequence[Sequence[str]], css_class: str = "values") -> str:
    """A table whose header and cells are HTML already (escape text with :func:`escape`)."""
    lines = [f'<table class="{css_class}">', "<thead><tr>"]
    lines.extend(f"<th>{cell}</th>" for cell in header)
    lines.append("</tr></thead>")
    lines.append("<tbody>")
    for row in rows:
        lines.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>")
    lines.append("</tbody></table>")
    return "\n".join(lines)


def page(body: str, title: str) -> str:
    """A whole HTML document around a body fragment."""
    head = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="symlstm">',
        f"<title>{escape(title)}</title>",
        f"<style>\n{STYLE}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{escape(title)}</h1>",
    ]
    tail = ["</main>", "</body>", "</html>"]
    return check_no_control("\n".join([*head, body.rstrip("\n"), *tail]) + "\n", "HTML")


@singledispatch
def fragment(value: object, notation: Notation) -> str:
    """A value's HTML; without a dedicated fragment, its text rendering, preformatted."""
    return f"<pre>{escape(text_format.render(value, notation))}</pre>"


def number_html(text: str, group: int = 10) -> str:
    """A certified decimal that may wrap only between groups of ``group`` digits, with a
    real minus sign."""
    mantissa, exponent = solved.split_decimal(text)
    if mantissa in ("", "-", "±") and exponent:  # 10^(Y): the value through its exponent
        return f"{escape(mantissa).replace('-', '−')}10<sup>{number_html(exponent, group)}</sup>"
    body = escape(text).replace("-", "−")
    mantissa, _, exponent = body.partition("e")
    head, dot, tail = mantissa.partition(".")
    if dot:
        tail = "<wbr>".join(tail[k : k + group] for k in range(0, len(tail), group))
        mantissa = f"{head}.{tail}"
    return mantissa + (f"·10<sup>{exponent}</sup>" if exponent else "")


@singledispatch
def title_of(value: object) -> str:
    return f"symlstm: {type(value).__name__}"


def equations_table(value: EquationSet, notation: Notation) -> str:
    rows = []
    for e in value.shared + value.equations:
        lhs = math_inline(e.lhs, notation)
        relation = RELATION_TEXT[e.relation]
        rhs = mathml.math(f"<mo>{relation}</mo>" + mathml.expression(e.rhs, notation))
        rows.append(f'<tr><td class="lhs">{lhs}</td><td class="rhs">{rhs}</td></tr>')
    return '<table class="equations">\n' + "\n".join(rows) + "\n</table>"


@fragment.register
def _(value: EquationSet, notation: Notation) -> str:
    what = f"{value.kind.title} equations, {value.form.value}"
    if value.form is Form.UNROLLED:
        what += f", {value.steps} steps (u: shared subexpressions)"
    lines = [
        f"<p>Model <code>{escape(value.model_name)}</code>: {escape(what)}.</p>",
        equations_table(value, notation),
    ]
    return "\n".join(lines)


@title_of.register
def _(value: EquationSet) -> str:
    return f"{value.model_name}: {value.kind.title} equations"


@fragment.register
def _(value: UnitDiagram, notation: Notation) -> str:
    svg = diagram_svg(value.kind, notation, weights=value.weights)
    return f"<figure>\n{svg}</figure>"


@title_of.register
def _(value: UnitDiagram) -> str:
    return layout_of(value.kind).title


def render(value: object, notation: Notation) -> str:
    """A standalone HTML document of ``value``."""
    return page(fragment(value, notation), title_of(value))
