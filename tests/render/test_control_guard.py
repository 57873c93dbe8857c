"""The control-character guard: the course's "ext{sigmoid}" (a ``\\t`` eaten by a string
that was not raw) must never reach a page."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from symlstm.cli import main
from symlstm.equations import general_equations, substituted_equations, unrolled_equations
from symlstm.errors import RenderError
from symlstm.model import builtin_names, load_model
from symlstm.render import FORMATS, NOTATIONS, render
from symlstm.render.guard import check_no_control

# what "\text", "\bigodot", "\right", "\frac" become in a string that is not raw
BROKEN = {
    "tab": "\text{sigmoid}",
    "backspace": "\bigodot",
    "carriage return": "\right)",
    "form feed": "\frac{1}{2}",
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_guard_refuses_control_characters(case: str) -> None:
    with pytest.raises(RenderError, match=r"control character U\+00(09|08|0D|0C) on line 2"):
        check_no_control("ok\n" + BROKEN[case])


def test_guard_passes_newlines_and_unicode() -> None:
    text = "a \\text{sigmoid}\n⊙ ₜ₋₁\n"
    assert check_no_control(text) is text


def test_guard_refuses_other_c0_and_c1_characters() -> None:
    for char in ("\x00", "\x1b", "\x7f", "\x85"):
        with pytest.raises(RenderError):
            check_no_control(f"x{char}y")


def test_latex_of_a_model_whose_name_holds_a_tab_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "tab.toml"
    path.write_text('cell = "rnn"\nname = "a\\tb"\n[params]\nW_ss = 1\nW_sx = 1\n')
    assert main(["equations", str(path), "-f", "latex"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "symlstm: refusing to write LaTeX with the control character U+0009 on line 1\n"
    )
    assert main(["equations", str(path), "-f", "markdown"]) == 2
    assert "control character U+0009" in capsys.readouterr().err


@pytest.mark.parametrize("model_name", builtin_names())
def test_no_builtin_output_holds_a_control_character(model_name: str) -> None:
    model = load_model(model_name)
    forms = {
        "general": general_equations(model.kind, model.name),
        "substituted": substituted_equations(model),
        "unrolled": unrolled_equations(model, 4),
    }
    for (form, equations), fmt, notation in itertools.product(
        forms.items(), sorted(FORMATS), NOTATIONS.values()
    ):
        text = render(equations, fmt, notation)
        bad = [c for c in text if (ord(c) < 32 and c != "\n") or 127 <= ord(c) < 160]
        assert not bad, f"{model_name} {form} {fmt} {notation.name}: {bad!r}"
        assert text.endswith("\n")
