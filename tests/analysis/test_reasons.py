"""Why a proof ended as it did, as data: each reason code produced by a real model, its
fields checked against an independent oracle (the enclosure holds the oracle's state, the
word replays to the failing box, the drift bounds the true one), no command-line syntax in
any analysis or render value, and the command line still saying how to replay the word."""

from __future__ import annotations

import dataclasses
import json
import shlex
from fractions import Fraction
from pathlib import Path
from typing import Any

import mpmath
import oracle
import pytest
from issue_models import COUNTER, GRU2

from symlstm.analysis.automaton import MooreMachine
from symlstm.analysis.proof import Budget, ProofResult, Verdict, prove
from symlstm.analysis.reasons import Reason, ReasonCode
from symlstm.analysis.summary import TableCheck, check_conventions, check_table
from symlstm.analysis.table import TableError, transition_table
from symlstm.cli import main
from symlstm.model import load_model, model_from_mapping, read_model_file
from symlstm.model.words import parse_word
from symlstm.numbers.rounding import CONVENTIONS, TieRule
from symlstm.render import render
from symlstm.render.reasons import PHRASES, reason_data, reason_text, rounded_up, word_text

ROOT = Path(__file__).resolve().parents[2]
TRAINED = ROOT / "bench" / "trained"


def machine(outputs: tuple[int, ...], transitions: tuple[tuple[int, ...], ...]) -> MooreMachine:
    return MooreMachine(
        states=tuple(f"q{i}" for i in range(len(outputs))),
        initial=0,
        alphabet=load_model("homework").alphabet,
        transitions=transitions,
        outputs=tuple((o,) for o in outputs),
    )


LAST = machine((0, 1), ((0, 1), (0, 1)))  # outputs the last input
ODD_RUN = machine((0, 1), ((0, 1), (0, 0)))  # whether the current run of ones is odd


def trained(name: str) -> Any:
    return read_model_file(TRAINED / f"{name}.toml")


def strings(value: object) -> list[str]:
    """Every string held anywhere inside a (frozen) result value."""
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: list[str] = []
        for f in dataclasses.fields(value):
            if f.name in ("model", "certificate", "machine", "budget", "alphabet"):
                continue  # the model's own data, not the analysis's
            out += strings(getattr(value, f.name))
        return out
    if isinstance(value, (tuple, list)):
        return [s for v in value for s in strings(v)]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in strings(k) + strings(v)]
    return []


def no_cli_syntax(result: ProofResult | TableCheck) -> None:
    """No analysis value, and no rendering of the result, names the command line."""
    for text in strings(result):
        assert "--" not in text and "symlstm " not in text, text
    if isinstance(result, ProofResult):
        for fmt in ("text", "markdown", "latex", "html", "json"):
            out = render(result, fmt)
            assert "--inputs" not in out and "symlstm solve" not in out, fmt


def exact_state(model: Any, word: tuple[int, ...], dps: int = 60) -> dict[str, list[Any]]:
    return oracle.run(model, [model.alphabet[k] for k in word], dps)[-1]


def component_value(model: Any, state: dict[str, list[Any]], name: str) -> Any:
    base, _, index = name.partition("_")
    return state[base][int(index) - 1 if index else 0]


# ------------------------------------------------------------------------------- proved


def test_closed_names_the_boxes_and_states() -> None:
    result = prove(load_model("homework"))
    assert result.reason == Reason(ReasonCode.CLOSED, boxes=6, states=3)
    assert result.certificate is not None
    assert len(result.certificate.states) == result.reason.boxes
    assert result.machine is not None and result.machine.size == result.reason.states
    assert reason_text(result.reason) == (
        "6 boxes closed under one exact step; minimal machine of 3 states"
    )
    assert reason_data(result.reason) == {"code": "closed", "boxes": 6, "states": 3}
    no_cli_syntax(result)


def test_covered_is_the_cover_attempts_proof() -> None:
    result = prove(trained("parity-h1"), budget=Budget(max_seconds=30))
    assert result.verdict is Verdict.PROVED
    assert result.reason.code is ReasonCode.COVERED
    assert result.certificate is not None and result.certificate.covers is not None
    assert result.reason.boxes == len(result.certificate.states)
    assert result.machine is not None and result.reason.states == result.machine.size
    assert "grid boxes, each image covered" in reason_text(result.reason)
    no_cli_syntax(result)


def test_drift_bounded_names_a_drift_no_smaller_than_the_true_one() -> None:
    """The gating latch leaks s by the factor 1 − σ(−50) on every 0: the drift the reason
    names bounds s·σ(−50) ≤ σ(−50), and its phrasing rounds up, never down."""
    model = load_model("gating")
    result = prove(model, budget=Budget(max_seconds=30))
    assert result.verdict is Verdict.BOUNDED
    reason = result.reason
    assert reason.code is ReasonCode.DRIFT_BOUNDED and reason.drift is not None
    assert reason.drift.component == "s"
    assert reason.horizon == result.horizon
    with mpmath.workdps(60):
        leak = 1 / (1 + mpmath.exp(50))  # σ(−50): the drift of s = 1 after a zero
        per_step = Fraction(reason.drift.per_step)
        assert mpmath.mpf(per_step.numerator) / per_step.denominator >= leak * (1 - 1e-30)
    shown = rounded_up(reason.drift.per_step)
    assert Fraction(shown) >= per_step and shown == "1.93e-22"
    text = reason_text(reason)
    assert f"at most {result.horizon}" in text and "moves by at most 1.93e-22 per step" in text
    no_cli_syntax(result)


@pytest.mark.parametrize(
    ("text", "up"),
    [("0.000123", "1.23e-4"), ("0.0001231", "1.24e-4"), ("999.1", "1.00e3"), ("5", "5.00e0")],
)
def test_rounded_up_is_an_upper_bound_with_three_digits(text: str, up: str) -> None:
    assert rounded_up(text) == up
    assert Fraction(rounded_up(text)) >= Fraction(text)


# ------------------------------------------------------------------------------- refuted


def test_machine_differs_names_the_length_and_both_outputs() -> None:
    model = load_model("homework")
    result = prove(model, claim=ODD_RUN)
    assert result.verdict is Verdict.REFUTED and result.word is not None
    reason = result.reason
    assert reason.code is ReasonCode.MACHINE_DIFFERS
    assert reason.length == len(result.word) == 2
    exact = oracle.outputs(model, [model.alphabet[k] for k in result.word], 60)[-1]
    assert reason.cell_output == exact == (-1,)
    assert reason.claim_output == ODD_RUN.output_trace(result.word)[-1] == (0,)
    no_cli_syntax(result)


def test_counterexample_found_by_search_replays_in_the_oracle() -> None:
    model = model_from_mapping(COUNTER, source="counter")
    result = prove(model, claim=LAST, budget=Budget(max_states=100))
    assert result.verdict is Verdict.REFUTED and result.word is not None
    reason = result.reason
    assert reason.code is ReasonCode.COUNTEREXAMPLE and reason.length == len(result.word)
    exact = oracle.outputs(model, [model.alphabet[k] for k in result.word], 60)[-1]
    assert reason.cell_output == exact != reason.claim_output
    assert reason.claim_output == LAST.output_trace(result.word)[-1]
    no_cli_syntax(result)


# ------------------------------------------------------------------------------- unknown


def test_max_boxes_names_the_limit() -> None:
    # its proof takes 9 boxes (1899 before a saturated memory cell's box could span every
    # count: see test_prover_family's filling memories)
    model = load_model("calculations")
    # (min_horizon: no bounded verdict from the breadth-first search of the boxes found)
    result = prove(model, budget=Budget(max_states=5, min_horizon=10**6))
    assert result.verdict is Verdict.UNKNOWN
    assert result.reason.code is ReasonCode.MAX_BOXES and result.reason.limit == 5
    assert reason_text(result.reason).startswith("more than 5 boxes are needed")
    no_cli_syntax(result)


def test_time_names_the_limit_and_the_prefix_reaches_the_failing_box() -> None:
    result = prove(trained("parity-h2"), budget=Budget(max_seconds=1.5))
    assert result.verdict is Verdict.UNKNOWN
    reason = result.reason
    assert reason.code is ReasonCode.TIME and reason.limit == 1.5
    assert result.word is not None and reason.prefix == result.prefix <= len(result.word)
    text = reason_text(reason, result.alphabet, len(result.word))
    assert text.startswith("the time budget of 1.5 s ran out")
    if reason.prefix:
        assert f"first {reason.prefix} of the {len(result.word)} inputs shown" in text
    no_cli_syntax(result)


def test_widenings_names_the_limit() -> None:
    model = model_from_mapping(GRU2, source="<gru2>")
    # (min_horizon: its breadth-first search bounds it at 2024 steps, which is not this test)
    # (16 widenings: with the default 64 a box's growth within its grid cell ends at the
    # rounding boundary first)
    result = prove(model, budget=Budget(min_horizon=10**6, max_widenings=16))
    assert result.verdict is Verdict.UNKNOWN
    assert result.reason.code is ReasonCode.WIDENINGS
    assert result.reason.limit == 16
    # the samples of the growth are certified digits of the oracle's state along the word
    assert result.word is not None
    states = oracle.run(model, [model.alphabet[k] for k in result.word], 60)
    for growth in result.growth:
        for t, value in growth.samples:
            assert value is not None
            exact = component_value(model, states[t], growth.component)
            digits = len(value.replace("-", "").replace(".", "").lstrip("0").split("e")[0])
            with mpmath.workdps(60):
                assert abs(exact - mpmath.mpf(value)) <= 10 ** (-digits + 1) * max(abs(exact), 1)
    no_cli_syntax(result)


def test_readout_boundary_names_the_component_its_enclosure_and_the_word() -> None:
    """A trained Tomita-1 net: the image of a box meets h = ±1/2. The enclosure named holds
    the oracle's state after the named word and symbol (the word reaches the failing box),
    contains the boundaries it names, and the exact cell itself is clear of them there."""
    model = trained("tomita1-h1")
    result = prove(model, budget=Budget(max_seconds=30))
    assert result.verdict is Verdict.UNKNOWN
    reason = result.reason
    assert reason.code is ReasonCode.READOUT_BOUNDARY and reason.boundary is not None
    b = reason.boundary
    assert len(b.word) == reason.prefix == result.prefix
    assert result.word is not None and tuple(result.word[: len(b.word)]) == b.word
    (enclosure,) = b.enclosures
    assert enclosure.component == "h" and enclosure.low is not None and enclosure.high is not None
    low, high = Fraction(enclosure.low), Fraction(enclosure.high)
    state = exact_state(model, (*b.word, b.symbol))
    with mpmath.workdps(60):
        h = state["h"][0]
        assert mpmath.mpf(low.numerator) / low.denominator <= h
        assert h <= mpmath.mpf(high.numerator) / high.denominator
    assert enclosure.boundaries and all(low <= Fraction(p) <= high for p in enclosure.boundaries)
    assert all(Fraction(p).denominator == 2 for p in enclosure.boundaries)
    exact = oracle.outputs(model, [model.alphabet[k] for k in (*b.word, b.symbol)], 60)[-1]
    assert b.exact_clear and b.exact_output == exact
    text = reason_text(reason, result.alphabet)
    assert f"hₜ ∈ [{enclosure.low}, {enclosure.high}]" in text
    assert "clear of the boundary" in text
    data = json.loads(render(result, "json"))["reason"]
    assert data["code"] == "readout-boundary"
    assert data["boundary"]["word"] == word_text(result.alphabet, b.word)
    assert data["boundary"]["enclosures"][0]["low"] == enclosure.low
    no_cli_syntax(result)


def test_searched_says_no_counterexample_was_found() -> None:
    model = trained("tomita1-h1")
    claim = MooreMachine(
        states=("q0",),
        initial=0,
        alphabet=model.alphabet,
        transitions=((0, 0),),
        outputs=((0,),),
    )
    result = prove(model, claim=claim, budget=Budget(max_seconds=8, search_depth=3))
    if result.verdict is Verdict.UNKNOWN:
        assert result.reason.searched
        assert "no counterexample to the claim" in reason_text(result.reason)
    else:  # the claim is refuted: the exact cell's output is not always 0
        assert result.verdict is Verdict.REFUTED and not result.reason.searched


# ------------------------------------------------------------------------------- tables


def test_table_checks_are_reasons_too() -> None:
    model = load_model("homework")
    proof = prove(model)
    checks = check_conventions(model, proof, Budget())
    assert {c.reason.code for c in checks} == {ReasonCode.TABLE_IS_MACHINE}
    # the teacher's tie rule (away from zero) disagrees with the exact cell
    rule = CONVENTIONS["saturate"].with_(tie=TieRule.AWAY_FROM_ZERO)
    check = check_table(model, transition_table(model, rule), proof, Budget())
    assert check.verdict is Verdict.REFUTED and check.word is not None
    assert check.reason.code is ReasonCode.TABLE_DIFFERS
    assert check.reason.length == len(check.word)
    exact = oracle.outputs(model, [model.alphabet[k] for k in check.word], 60)[-1]
    assert check.exact == check.reason.cell_output == exact != check.table
    no_cli_syntax(check)


@pytest.fixture(scope="module")
def gru2_bounded() -> tuple[Any, ProofResult]:
    model = model_from_mapping(GRU2, source="<gru2>")
    proof = prove(model)
    assert proof.verdict is Verdict.BOUNDED and proof.horizon is not None
    return model, proof


class _Table:
    """A convention's table as check_table reads it: a name and a machine."""

    def __init__(self, name: str, machine: MooreMachine) -> None:
        self.convention = dataclasses.replace(CONVENTIONS["saturate"], name=name)
        self._machine = machine

    def machine(self) -> MooreMachine:
        return self._machine


def test_a_table_against_a_bounded_proof_agrees_up_to_its_horizon_without_proving_again(
    gru2_bounded: tuple[Any, ProofResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 11: a bounded proof's table checks were proved again from scratch (gru2's
    analyze spent 8 of its 10 s there); now the bounded machine answers up to its horizon
    and only the counterexample search looks beyond it."""
    import symlstm.analysis.summary as summary

    model, proof = gru2_bounded

    def no_second_proof(*args: object, **kwargs: object) -> None:
        raise AssertionError("the table check proved again")

    monkeypatch.setattr(summary, "prove", no_second_proof)
    checks = check_conventions(model, proof, Budget(max_seconds=2))
    assert checks and all(c.verdict is Verdict.BOUNDED for c in checks)
    for check in checks:
        assert check.reason.code is ReasonCode.TABLE_AGREES_BOUNDED
        assert check.reason.horizon == proof.horizon
        assert reason_data(check.reason) == {
            "code": "table-agrees-bounded",
            "horizon": str(proof.horizon),
        }
        text = reason_text(check.reason)
        assert f"every word of length at most {proof.horizon}" in text
        no_cli_syntax(check)


def test_a_bounded_analysis_does_not_head_its_table_checks_all_lengths(
    gru2_bounded: tuple[Any, ProofResult],
) -> None:
    from symlstm.analysis.summary import Analysis

    model, proof = gru2_bounded
    checks = check_conventions(model, proof, Budget(max_seconds=2))
    analysis = Analysis(proof.model_name, proof, None, None, checks)
    for fmt in ("text", "markdown", "html"):
        out = render(analysis, fmt)
        assert "All words, all lengths" not in out
        assert f"every word of length at most {proof.horizon}" in out


def test_a_table_that_differs_within_the_horizon_is_refuted_by_a_certified_word(
    gru2_bounded: tuple[Any, ProofResult],
) -> None:
    model, proof = gru2_bounded
    machine = proof.machine
    assert machine is not None
    # change the output of the state one 1 and one 0 reach: a word of length 2 tells
    q = machine.transitions[machine.transitions[machine.initial][1]][0]
    outputs = list(machine.outputs)
    outputs[q] = tuple(-v if v else 1 for v in outputs[q])
    tampered = dataclasses.replace(machine, outputs=tuple(outputs))
    check = check_table(model, _Table("tampered", tampered), proof, Budget(max_seconds=2))  # type: ignore[arg-type]
    assert check.verdict is Verdict.REFUTED and check.word is not None
    assert len(check.word) <= 2 <= proof.horizon  # type: ignore[operator]
    exact = oracle.outputs(model, [model.alphabet[k] for k in check.word], 60)[-1]
    assert check.exact == exact != check.table == tampered.output_trace(check.word)[-1]


def test_a_table_that_differs_beyond_the_horizon_is_refuted_by_the_search() -> None:
    """The counter's bounded machine (43 states, horizon ≥ 8) and a claim that agrees
    with it up to its horizon but not beyond: the exact count differs after more ones."""
    model = model_from_mapping(COUNTER, source="counter")
    proof = prove(model, budget=Budget(max_states=600, max_seconds=20, min_horizon=8))
    assert proof.verdict is Verdict.BOUNDED and proof.machine is not None
    check = check_table(model, _Table("bounded", proof.machine), proof, Budget(max_seconds=5))  # type: ignore[arg-type]
    assert check.verdict is Verdict.REFUTED and check.word is not None
    assert proof.horizon is not None and len(check.word) > proof.horizon
    exact = oracle.outputs(model, [model.alphabet[k] for k in check.word], 60)[-1]
    assert check.exact == exact != check.table


def test_no_table_carries_the_tables_own_message(monkeypatch: pytest.MonkeyPatch) -> None:
    """No built-in or trained model makes a convention's table fail (an undecided rounding
    or saturation, more than 4096 discrete states), so the table stage's failure is forced:
    its message is carried as the reason's detail, and phrased once."""
    import symlstm.analysis.summary as summary

    message = "from h_(t-1) = 1 on input 1 a rounding or a saturation is undecided"

    def no_table(*args: object, **kwargs: object) -> None:
        raise TableError(message)

    monkeypatch.setattr(summary, "transition_table", no_table)
    model = load_model("homework")
    (check,) = check_conventions(model, None, Budget(max_seconds=5), ("saturate",))
    assert check.verdict is Verdict.UNKNOWN and check.reason.code is ReasonCode.NO_TABLE
    assert check.reason.detail == message
    assert reason_text(check.reason) == f"no table: {message}"
    assert reason_data(check.reason) == {"code": "no-table", "detail": message}


def test_every_code_has_one_phrasing() -> None:
    assert set(PHRASES) == set(ReasonCode)


# ------------------------------------------------------------------------------- faces


def test_the_command_line_says_how_to_replay_and_what_to_raise(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The replay command the face prints runs the word the reason names; JSON carries the
    reason as data and no command line."""
    path = str(TRAINED / "tomita1-h1.toml")
    assert main(["prove", path, "--max-seconds", "30"]) == 3
    out = capsys.readouterr().out
    (line,) = [x for x in out.splitlines() if "symlstm solve" in x]
    command = shlex.split(line.split(": ", 1)[1])
    assert command[:3] == ["symlstm", "solve", path] and command[3] == "--inputs"
    model = read_model_file(Path(path))
    result = prove(model, budget=Budget(max_seconds=30))
    b = result.reason.boundary
    assert b is not None
    word = parse_word(command[4], model)
    assert [model.alphabet.index(tuple(s)) for s in word] == [*b.word, b.symbol]
    assert main(["prove", path, "--max-seconds", "30", "-f", "json"]) == 3
    data = json.loads(capsys.readouterr().out)
    assert data["reason"]["code"] == "readout-boundary" and "reason_text" not in data
    assert "--inputs" not in json.dumps(data) and "symlstm " not in json.dumps(data)
    # (5 boxes: too few for a bounded verdict too; its proof takes 9)
    assert main(["prove", "calculations", "--max-states", "5"]) == 3
    assert "a larger --max-states than 5" in capsys.readouterr().out


def test_a_refuted_claim_replays_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    claim = tmp_path / "claim.toml"
    claim.write_text(
        'name = "odd-run"\nalphabet = [0, 1]\ninitial = "even"\n'
        '[states.even]\noutput = 0\nnext = ["even", "odd"]\n'
        '[states.odd]\noutput = 1\nnext = ["even", "even"]\n'
    )
    assert main(["prove", "homework", "--claim", str(claim), "-f", "markdown"]) == 1
    out = capsys.readouterr().out
    assert "Replay the counterexample: `symlstm solve homework --inputs 1,1`" in out  # code
    assert main(["solve", "homework", "--inputs", "1,1", "-f", "json"]) == 0
    solved = json.loads(capsys.readouterr().out)
    assert solved["exact_answer"][-1] == -1  # the cell's output the reason names


# ------------------------------------------------------------------------------- the checker


def test_the_checkers_failure_is_data_with_one_phrasing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A tampered certificate fails obligation 3 at a box and a symbol: which obligation,
    which box and which symbol are fields; ``symlstm check`` prints the one phrasing."""
    from symlstm import __version__
    from symlstm.analysis.check import Obligation, check_certificate
    from symlstm.render.reasons import check_failure_text

    result = prove(load_model("homework"))
    assert result.certificate is not None
    data = json.loads(json.dumps(result.certificate.to_data(__version__)))
    data["boxes"][1]["bounds"]["h"] = [["0.7616", "0.77"]]  # too narrow for its images
    checked = check_certificate(data)
    assert not checked.valid and checked.failure is not None
    failure = checked.failure
    assert failure.obligation is Obligation.TRANSITION
    assert failure.box is not None and failure.symbol is not None
    assert data["successors"][failure.box][failure.symbol] == 1  # an image meant for box 1
    assert failure.symbol_text == tuple(data["model"]["alphabet"][failure.symbol])
    assert "--" not in failure.detail and "symlstm " not in failure.detail
    path = tmp_path / "cert.json"
    path.write_text(json.dumps(data))
    assert main(["check", str(path)]) == 1
    assert capsys.readouterr().out == f"invalid: {check_failure_text(failure)}\n"


@pytest.mark.parametrize("fmt", ["text", "markdown", "latex", "html", "json", "beamer"])
def test_documents_name_no_command(fmt: str) -> None:
    """The worked solution (what Sphinx and notebooks show too) names no command line: the
    unit's diagram and the machine's DOT are the report command's closing note."""
    from symlstm.derivation import derive

    out = render(derive(load_model("homework")), fmt)
    for command in ("symlstm diagram", "symlstm prove", "symlstm solve", "--inputs", "-f dot"):
        assert command not in out, command
