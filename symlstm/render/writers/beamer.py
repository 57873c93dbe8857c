"""The document tree as Beamer slides (``symlstm report --format beamer``): a title frame,
then a frame per section (a step of the worked solution), continued on further frames
when it is long; a long table is split over frames, a wide one set smaller; pictures are
scaled to the frame. Everything else is written as in the LaTeX article."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from symlstm.render import tree
from symlstm.render.guard import check_no_control
from symlstm.render.latex_escape import escape_text, unicode_declarations
from symlstm.render.notation import COURSE, Notation
from symlstm.render.writers.base import plain
from symlstm.render.writers.latex import LatexWriter, words

PREAMBLE = r"""\documentclass[11pt,aspectratio=169]{beamer}
\usepackage{amsmath}
\usepackage{amssymb}
\usepackage{array}
\usepackage{booktabs}
\usepackage{embedfile}
\usepackage{tikz}
\usetikzlibrary{shapes.geometric,automata}
\setbeamertemplate{navigation symbols}{}
\setbeamertemplate{footline}{\hfill\insertframenumber\hspace*{1em}\vspace*{0.6em}}
\newsavebox{\symlstmbox}
% a table wider than the frame is scaled down to it, a narrower one is left alone
\newcommand{\symlstmfit}[1]{\sbox{\symlstmbox}{#1}%
  \ifdim\wd\symlstmbox>\linewidth\resizebox{\linewidth}{!}{\usebox{\symlstmbox}}%
  \else\usebox{\symlstmbox}\fi}
\setbeamerfont{frametitle}{size=\normalsize}
"""
TABLE_ROWS = 10  # rows of a table on one frame
FRAME_LINES = 14.0  # lines of \\small text a frame holds
LINE_CHARACTERS = 105  # characters of such a line
SLIDE_WIDTH = 140  # characters of \\scriptsize table text before a table is scaled down
WORDS_CM = 13.0  # the width a table of prose cells is set to
SCRIPT_CHARACTER_CM = 0.11  # an average \\scriptsize character


def _lines(block: tree.Block) -> float:
    """About how many lines of a frame a block takes."""
    if isinstance(block, tree.Table):
        if block.words:  # prose cells wrap: a row is as tall as its longest cell
            widest = [
                max(len(plain(cell)) for cell in column)
                for column in zip(block.header, *block.rows, strict=True)
            ]
            # the LaTeX writer's shares of WORDS_CM, in \scriptsize characters
            share = [
                max(8, int(max(1.5, WORDS_CM * w / max(1, sum(widest))) / SCRIPT_CHARACTER_CM))
                for w in widest
            ]
            return 2.0 + sum(
                0.8 * max(1 + len(plain(cell)) // w for cell, w in zip(row, share, strict=True))
                for row in block.rows
            )
        return 2.0 + 0.8 * len(block.rows)
    if isinstance(block, tree.Figure):
        return FRAME_LINES
    if isinstance(block, tree.Chain):
        # a closed form is a fraction: a display two lines high, with its spacing
        tall = any(isinstance(link.value, tree.ClosedForm) for link in block.links)
        return (3.0 if tall else 1.5) + (1.0 if block.remark else 0.0)
    if isinstance(block, tree.DisplayEquations):
        return 1.0 + 1.3 * len(block.rows)
    if isinstance(block, tree.Items):
        return 0.5 + sum(1 + len(plain(item)) // LINE_CHARACTERS for item in block.items)
    parts = block.parts if isinstance(block, (tree.Paragraph, tree.Note)) else ()
    return 1.4 + len(plain(parts)) // LINE_CHARACTERS


def _introduces(block: tree.Block) -> bool:
    return isinstance(block, tree.Paragraph) and plain(block.parts).rstrip().endswith(":")


class BeamerWriter(LatexWriter):
    format_name = "Beamer"
    text_width = SLIDE_WIDTH
    char_cm = 0.125
    words_cm = WORDS_CM

    def document(self, node: tree.Document) -> str:
        head = (
            PREAMBLE
            + unicode_declarations()
            + f"\\title{{{escape_text(node.title)}}}\n\\date{{}}\n\\begin{{document}}\n"
            + "\\begin{frame}\n\\titlepage\n\\end{frame}\n"
        )
        frames: list[str] = []
        loose: list[tree.Block] = []
        for block in node.blocks:
            if isinstance(block, tree.Section):
                if loose:
                    frames += self.frames(node.title, loose)
                    loose = []
                frames += self.frames(block.title, block.blocks)
            else:
                loose.append(block)
        if loose:
            frames += self.frames(node.title, loose)
        return check_no_control(head + "\n".join(frames) + "\\end{document}\n")

    def frame(self, title: str, body: str) -> str:
        return (
            f"\\begin{{frame}}[t]{{{words(title)}}}\n\\small\n"
            + body.rstrip("\n")
            + "\n\\end{frame}\n"
        )

    def frames(self, title: str, blocks: Sequence[tree.Block]) -> list[str]:
        """The blocks of one section on as many frames as they need."""
        pages: list[list[tree.Block]] = [[]]
        load = 0.0
        for block in blocks:
            if isinstance(block, tree.Section):  # a nested section: its own frames
                pages.append([block])
                pages.append([])
                load = 0.0
                continue
            parts: list[tree.Block] = [block]
            if isinstance(block, tree.Table) and len(block.rows) > TABLE_ROWS:
                parts = [
                    replace(block, rows=block.rows[k : k + TABLE_ROWS])
                    for k in range(0, len(block.rows), TABLE_ROWS)
                ]
            for part in parts:
                weight = _lines(part)
                if pages[-1] and load + weight > FRAME_LINES:
                    # a sentence that announces what follows goes with it
                    last = pages[-1][-1]
                    carried = [last] if _introduces(last) and len(pages[-1]) > 1 else []
                    if carried:
                        pages[-1].pop()
                    pages.append(carried)
                    load = sum(_lines(b) for b in carried)
                pages[-1].append(part)
                load += weight
        result: list[str] = []
        pages = [p for p in pages if p]
        for k, page in enumerate(pages):
            if len(page) == 1 and isinstance(page[0], tree.Section):
                result += self.frames(page[0].title, page[0].blocks)
                continue
            shown = title if k == 0 else f"{title} (continued)"
            result.append(self.frame(shown, "\n".join(self.blocks(page))))
        return result

    def section(self, node: tree.Section) -> str:  # nested sections become frames (see frames)
        return "\n".join(self.blocks(node.blocks))

    def table(self, node: tree.Table) -> str:
        body = self.tabular(node, node.rows)
        return "\\begin{center}\\scriptsize\n\\symlstmfit{" + body + "}\n\\end{center}\n"

    def figure(self, node: tree.Figure) -> str:
        picture = self.picture(node)
        return (
            "\\begin{center}\n\\resizebox{!}{0.62\\textheight}{%\n"
            + picture.rstrip("\n")
            + "}\n\\end{center}\n"
        )


def write(document: tree.Document, notation: Notation = COURSE) -> str:
    return BeamerWriter(notation).document(document)
