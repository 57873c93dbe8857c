"""The saturated transition table, machine files, explanations and the analysis commands."""

from __future__ import annotations

import json
from pathlib import Path

import oracle
import pytest

from symlstm.analysis import MooreMachine, Verdict, distinguishing_word, minimize, prove
from symlstm.analysis.automaton import product, quotient_map
from symlstm.analysis.check import check_certificate
from symlstm.analysis.explain import Relation, compare, explain, machine_from_toml
from symlstm.analysis.summary import check_conventions
from symlstm.analysis.table import transition_table
from symlstm.cli import main
from symlstm.errors import ModelError
from symlstm.model import load_model
from symlstm.numbers.rounding import CONVENTIONS

ODD_RUN = """
name = "odd-run"
description = "whether the current run of ones is odd"
alphabet = [0, 1]
initial = "even"
[states.even]
output = 0
next = ["even", "odd"]
[states.odd]
output = 1
next = ["even", "even"]
"""


@pytest.mark.parametrize("convention", ["saturate", "nearest"])
def test_homework_table_has_three_states_and_matches_the_course(convention: str) -> None:
    model = load_model("homework")
    table = transition_table(model, CONVENTIONS[convention])
    assert set(table.states) == {(-1,), (0,), (1,)}
    # the course's answers: [0, 0, 1, -1, 1, 0] and [1, -1, 0, 1, -1]
    for question in model.questions:
        word = [model.alphabet.index(x) for x in question.inputs]
        outs = [o[0] for o in table.machine().output_trace(word)]
        assert outs == list(question.expected or ())


def test_saturate_table_records_the_tie_rule_and_gaps() -> None:
    table = transition_table(load_model("homework"), CONVENTIONS["saturate"])
    row = table.row((1,), 0)  # h = 1, x = 0: 0.5 · tanh(-1) → 0.5 · (-1) = -0.5 → 0
    assert row.rounded == (0,) and row.ties == (True,)
    forget = next(a for a in row.activations if a.argument == "z_f")
    assert forget.saturated and forget.gap.startswith("3.72008e-44")


def test_piecewise_gives_the_table() -> None:
    table = transition_table(load_model("homework"))
    (pw,) = table.piecewise()
    h, x = sorted(pw.free_symbols, key=str)
    for row in table.rows:
        value = pw.subs({h: row.state[0], x: row.symbol})
        assert value == row.rounded[0]


def test_rounding_conventions_are_proved_for_the_homework() -> None:
    model = load_model("homework")
    proof = prove(model)
    checks = check_conventions(model, proof, proof.budget)
    assert {c.convention: c.verdict for c in checks} == {
        "nearest": Verdict.PROVED,
        "saturate": Verdict.PROVED,
    }


def test_a_wrong_table_is_refuted_with_a_shortest_word() -> None:
    model = load_model("homework")
    wrong = machine_from_toml(ODD_RUN.replace("output = 1", "output = -1")).machine
    result = prove(model, claim=wrong)
    assert result.verdict is Verdict.REFUTED and result.word == (1,)
    exact = oracle.outputs(model, [model.alphabet[k] for k in result.word], 50)
    assert exact[-1] == (1,) and result.evidence[-1].rounded == (1,)


def test_machine_file_and_comparison() -> None:
    prop = machine_from_toml(ODD_RUN, "odd-run.toml")
    proof = prove(load_model("homework"))
    assert proof.machine is not None
    comparison = compare(proof.machine, prop)
    assert comparison.relation is Relation.CARRIED
    assert dict(comparison.output_map) == {(-1,): (0,), (0,): (0,), (1,): (1,)}
    explanation = explain(proof.machine, "homework", (prop,))
    assert explanation.carried[0] == "odd-run-of-ones" and "odd-run" in explanation.carried


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (ODD_RUN.replace('initial = "even"', 'initial = "nope"'), "initial"),
        (ODD_RUN.replace('next = ["even", "odd"]', 'next = ["even"]'), "states.even.next"),
        (ODD_RUN.replace("output = 0", "output = 0.5"), "states.even.output"),
        ("colour = 1\n" + ODD_RUN, "colour"),
    ],
)
def test_bad_machine_files_name_the_key(text: str, key: str) -> None:
    with pytest.raises(ModelError) as error:
        machine_from_toml(text, "m.toml")
    assert error.value.key == key


def test_minimise_product_and_quotient() -> None:
    binary = load_model("homework").alphabet
    # a 4-state machine that only tracks the last symbol, with a duplicated state
    big = MooreMachine(
        ("a", "b", "c", "d"), 0, binary, ((1, 2), (3, 2), (1, 2), (1, 2)), ((0,), (0,), (1,), (0,))
    )
    small = minimize(big)
    assert small.size == 2
    assert distinguishing_word(big, small) is None
    mapping = quotient_map(big, small)
    for q in range(big.size):
        assert big.outputs[q] == small.outputs[mapping[q]]
    both = product(big, small)
    assert all(o[0] == o[1] for o in both.outputs)


def test_cli_prove_check_explain_analyze(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cert = tmp_path / "cert.json"
    assert main(["prove", "homework", "-o", str(cert)]) == 0
    assert "proved" in capsys.readouterr().out
    assert check_certificate(json.loads(cert.read_text())).valid
    assert main(["check", str(cert)]) == 0
    capsys.readouterr()
    assert main(["explain", "homework"]) == 0
    text = capsys.readouterr().out
    (line,) = [x for x in text.splitlines() if "(odd-run-of-ones)" in x]
    assert line.split(")")[1].split()[0] == "yes"
    assert main(["analyze", "homework", "-f", "json", "--certificate", str(cert)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["verdict"] == "proved" and data["certificate"] == str(cert)
    assert set(data["machine"]) >= {"states", "initial", "transitions", "outputs"}
    assert len(data["machine"]["states"]) == 3
    machine = tmp_path / "claim.toml"
    machine.write_text(ODD_RUN)
    assert main(["prove", "homework", "--claim", str(machine)]) == 1  # refuted
    assert "Replay the counterexample: symlstm solve homework --inputs 1,1" in (
        capsys.readouterr().out
    )
    assert main(["table", "homework", "--rounding", "nearest"]) == 0
    assert "hₜ₋₁  xₜ  cₜ₋₁" in capsys.readouterr().out
    assert main(["prove", "homework", "--max-states", "0"]) == 2
    assert "--max-states" in capsys.readouterr().err
