"""A cell kind is one module: the registry every stage reads, the two kinds the frameworks
have (the LSTM with peepholes, the GRU with the reset before the product), the checker's
own equations held against the registry's for every kind, and a throwaway kind added in
one place and seen through every command."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from cli_runner import run_cli

from symlstm.analysis import check_kinds
from symlstm.analysis.check import CELLS, _add, _matvec, _mul, box_image
from symlstm.model.cells import CELL_KINDS, CellKind, Display, Role, affine, register
from symlstm.model.files import model_from_toml
from symlstm.model.kinds import rnn, unregister
from symlstm.numbers.trace import run_trace


def _random_model_text(kind: CellKind, rng: random.Random, hidden: int = 2) -> str:
    lines = [f'cell = "{kind.name}"', f"hidden = {hidden}", "inputs = 1", "[params]"]
    for spec in kind.params:

        def num() -> str:
            return f'"{rng.randint(-40, 40)}/{rng.randint(1, 9)}"'

        if spec.is_vector:
            lines.append(f"{spec.name} = [{', '.join(num() for _ in range(hidden))}]")
        else:
            cols = 1 if spec.source == "x" else hidden
            rows = ", ".join(
                "[" + ", ".join(num() for _ in range(cols)) + "]" for _ in range(hidden)
            )
            lines.append(f"{spec.name} = [{rows}]")
    return "\n".join(lines)


def _certificate(model: Any, state: dict[str, list[Fraction]]) -> dict[str, object]:
    """A structurally valid certificate of one box, a point: enough for ``box_image``."""

    def text(v: Fraction) -> str:
        return str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"

    params = {
        name: [[text(Fraction(int(x.p), int(x.q))) for x in row] for row in m]
        for name, m in model.weights
    }
    params.update(
        {name: [text(Fraction(int(x.p), int(x.q))) for x in v] for name, v in model.biases}
    )
    return {
        "format": "symlstm-certificate",
        "version": 2,
        "symlstm": "0.1.0",
        "model": {
            "name": "m",
            "cell": model.kind.name,
            "hidden": model.hidden,
            "inputs": 1,
            "alphabet": [["0"], ["1"]],
            "params": params,
            "initial": {s: [text(v) for v in state[s]] for s in model.kind.states},
            "readout": {"kind": "round", "units": [0, 1]},
        },
        "output": model.kind.output,
        "machine": {
            "states": ["q0"],
            "initial": "q0",
            "outputs": {"q0": [0, 0]},
            "transitions": {"q0": ["q0", "q0"]},
        },
        "boxes": [
            {
                "id": 0,
                "state": "q0",
                "bounds": {s: [[text(v), text(v)] for v in state[s]] for s in model.kind.states},
            }
        ],
        "initial_box": 0,
        "successors": [[0, 0]],
    }


@pytest.mark.parametrize("name", sorted(CELL_KINDS))
def test_the_checker_equations_agree_with_the_registry(name: str) -> None:
    """For every kind: the independent checker's one-step image of a point, on random
    exact weights and states, encloses the registry program's value (a 100-digit trace)
    and is narrow."""
    kind = CELL_KINDS[name]
    assert name in CELLS, f"the checker has no equations for {name}"
    assert set(CELLS[name].params) == set(kind.param_names)
    rng = random.Random(name)
    for trial in range(4):
        model = model_from_toml(_random_model_text(kind, rng))
        state = {
            s: [Fraction(rng.randint(-9, 9), rng.randint(1, 7)) for _ in range(2)]
            for s in kind.states
        }
        flat = [v for s in kind.states for v in state[s]]
        for symbol in (0, 1):
            image = box_image(_certificate(model, state), 0, symbol)
            trace = run_trace(model, [symbol], digits=100, initial=flat)
            for s in kind.states:
                for k, (lo, hi) in enumerate(image[s]):
                    exact = trace.value(0, s, k)
                    man, exp = exact.mid().man_exp()
                    mid = Fraction(int(man)) * Fraction(2) ** int(exp)
                    assert lo <= mid <= hi, (name, trial, s, k)
                    assert hi - lo < Fraction(1, 10**25), (name, s, k, float(hi - lo))


def test_new_kinds_are_registered_with_everything() -> None:
    for name in ("lstm-peephole", "gru-reset-before"):
        kind = CELL_KINDS[name]
        assert kind.program is not None and kind.layout is not None
    assert {"p_f", "p_i", "p_o"} <= set(CELL_KINDS["lstm-peephole"].param_names)
    assert "b_nh" not in CELL_KINDS["gru-reset-before"].param_names


# ---- a throwaway kind, added in one place ---------------------------------------------


def _toy_program(a: Any) -> None:
    s = a.previous("s")
    z_g = a.let(
        "z_g",
        Role.PREACTIVATION,
        a.add(a.weight("W_gs", s), a.weight("W_gx", a.input()), a.bias("b_g")),
    )
    g = a.let("g", Role.GATE, a.sigmoid(z_g))
    z_q = a.let(
        "z_q",
        Role.PREACTIVATION,
        a.add(a.weight("W_qs", s), a.weight("W_qx", a.input()), a.bias("b_q")),
    )
    q = a.let("qtilde", Role.CANDIDATE, a.tanh(z_q))
    a.let("s", Role.STATE, a.hadamard(g, q))


TOY = CellKind(
    name="toy",
    title="toy cell",
    states=("s",),
    output="s",
    recurrent="s",
    gates=("g",),
    candidate="qtilde",
    params=affine("g", "s") + affine("q", "s"),
    summary="a throwaway kind: s_t = g_t ⊙ tanh(W^{q,s} s_{t-1} + W^{q,x} x_t + b_q)",
    program=_toy_program,
    display=(Display("qtilde", "q̃", r"\tilde{q}"),),
    layout=replace(rnn.RNN_LAYOUT, title="toy unit"),
    candidate_unit="q",
)


def _toy_check_step(checker: Any, state: dict[str, Any], x: Any) -> dict[str, Any]:
    # the checker's own equations for the toy kind, written independently
    s = state["s"]
    g = [
        checker.sigmoid(v)
        for v in _add(
            _matvec(checker.w["W_gs"], s), _matvec(checker.w["W_gx"], x), checker.b["b_g"]
        )
    ]
    q = [
        checker.tanh(v)
        for v in _add(
            _matvec(checker.w["W_qs"], s), _matvec(checker.w["W_qx"], x), checker.b["b_q"]
        )
    ]
    return {"s": _mul(g, q)}


@pytest.fixture
def toy() -> Iterator[CellKind]:
    register(TOY)  # the one place: the kind's definition, registered
    # the independent checker keeps its own equations, on purpose
    CELLS["toy"] = replace(CELLS["gated"], name="toy", units=("g", "q"))
    check_kinds.STEPS["toy"] = _toy_check_step
    try:
        yield TOY
    finally:
        unregister("toy")
        del CELLS["toy"]
        del check_kinds.STEPS["toy"]


TOY_MODEL = """
name = "toy"
cell = "toy"
[params]
W_gs = 0
W_gx = 100
b_g = -50
W_qs = -100
W_qx = 50
b_q = 0
"""


def test_a_throwaway_kind_goes_through_every_command(toy: CellKind, tmp_path: Path) -> None:
    path = tmp_path / "toy.toml"
    path.write_text(TOY_MODEL)
    cert = tmp_path / "cert.json"
    commands = [
        ["equations", str(path)],
        ["equations", str(path), "--substituted", "-f", "latex"],
        ["solve", str(path), "--inputs", "0,1,1,0"],
        ["table", str(path)],
        ["prove", str(path), "-o", str(cert)],
        ["check", str(cert)],
        ["diagram", str(path), "-f", "tikz"],
        ["gates", str(path)],
        ["gaps", str(path)],
        ["explain", str(path)],
        ["analyze", str(path)],
        ["report", str(path), "--inputs", "1,1,0"],
        ["report", str(path), "--inputs", "1,1,0", "-f", "html"],
        ["report", str(path), "--inputs", "1,1,0", "-f", "markdown"],
        ["report", str(path), "--inputs", "1,1,0", "-f", "latex"],
        ["report", str(path), "--inputs", "1,1,0", "-f", "json"],
    ]
    outputs = {}
    for args in commands:
        run = run_cli(args)
        assert run.status in (0, 3), (args, run.status, run.stderr)
        outputs[" ".join(args[:1] + args[2:])] = run.stdout
    assert "q̃" in outputs["solve --inputs 0,1,1,0"]
    assert r"\tilde{q}" in outputs["report --inputs 1,1,0 -f latex"]
    assert "valid" in outputs["check"]
    assert "toy" not in CELL_KINDS or CELL_KINDS["toy"] is TOY


def test_the_throwaway_kind_is_gone_after(toy: CellKind) -> None:
    assert "toy" in CELL_KINDS
