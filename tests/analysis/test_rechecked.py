"""``prove`` re-verifies its own certificate with the independent checker before it says
``proved`` or ``bounded`` (:func:`symlstm.analysis.proof._rechecked`): a certificate the
checker rejects is never a proof, one it cannot finish in time keeps its verdict and says
so, and the faces show which."""

from __future__ import annotations

import ast
import dataclasses
import json
import time
from pathlib import Path

from cli_runner import run_cli

from symlstm.analysis import Budget, Rechecked, Verdict, prove
from symlstm.analysis.proof import _rechecked
from symlstm.analysis.reasons import ReasonCode
from symlstm.budget import NEVER, Deadline
from symlstm.model import load_model
from symlstm.render.reasons import reason_text

PACKAGE = Path(__file__).resolve().parents[2] / "symlstm"


def test_a_proof_is_rechecked_by_default_and_not_when_asked() -> None:
    model = load_model("homework")
    checked = prove(model)
    assert checked.verdict is Verdict.PROVED and checked.rechecked is Rechecked.VALID
    unchecked = prove(model, check=False)
    assert unchecked.verdict is Verdict.PROVED
    assert unchecked.rechecked is Rechecked.NOT_ASKED
    assert unchecked.machine == checked.machine


def test_a_bounded_proof_is_rechecked_with_its_horizon() -> None:
    result = prove(load_model("gating"), budget=Budget(max_seconds=30))
    assert result.verdict is Verdict.BOUNDED and result.rechecked is Rechecked.VALID


def _shrunk(result, box: int):  # type: ignore[no-untyped-def]
    """The result with box ``box`` of its certificate shrunk to its lower corner."""
    cert = result.certificate
    bounds = [cert.bounds_of(b) for b in range(len(cert.states))]
    bounds[box] = tuple((lo, lo) for lo, _hi in bounds[box])
    return dataclasses.replace(
        result, certificate=dataclasses.replace(cert, bounds_of=lambda b: bounds[b])
    )


def test_a_certificate_the_checker_rejects_is_never_a_proof() -> None:
    """A prover bug stands in for by a tampered certificate: a box shrunk to a point no
    longer holds the images mapped into it."""
    result = prove(load_model("homework"), check=False)
    cert = result.certificate
    assert cert is not None
    target = cert.successors[cert.initial_box][1]  # the image of the first 1
    rejected = _rechecked(_shrunk(result, target), NEVER)
    assert rejected.verdict is Verdict.UNKNOWN
    assert rejected.machine is None and rejected.certificate is None
    assert rejected.reason.code is ReasonCode.CERTIFICATE_REJECTED
    failure = rejected.reason.failure
    assert failure is not None and failure.obligation.value == 3
    text = reason_text(rejected.reason)
    assert "independent checker rejected" in text and "obligation 3" in text


def test_a_bounded_certificate_for_another_horizon_is_rejected() -> None:
    result = prove(load_model("gating"), budget=Budget(max_seconds=30), check=False)
    assert result.verdict is Verdict.BOUNDED and result.horizon is not None
    claimed = dataclasses.replace(result, horizon=result.horizon * 10)
    rejected = _rechecked(claimed, NEVER)
    assert rejected.verdict is Verdict.UNKNOWN
    assert rejected.reason.code is ReasonCode.CERTIFICATE_REJECTED


def test_a_check_that_runs_out_of_time_keeps_the_verdict_and_says_so() -> None:
    result = prove(load_model("homework"), check=False)
    spent = Deadline(time.monotonic() - 1, 1.0)
    late = _rechecked(result, spent)
    assert late.verdict is Verdict.PROVED and late.rechecked is Rechecked.OUT_OF_TIME


def test_the_faces_say_whether_the_certificate_was_rechecked() -> None:
    text = run_cli(["prove", "homework"])
    assert text.status == 0
    assert "the certificate re-verified by the independent checker" in text.stdout
    plain = run_cli(["prove", "homework", "--no-check"])
    assert plain.status == 0 and "re-verified" not in plain.stdout
    data = json.loads(run_cli(["prove", "homework", "-f", "json"]).stdout)
    assert data["rechecked"] == "valid"
    data = json.loads(run_cli(["analyze", "homework", "-f", "json", "--no-check"]).stdout)
    assert data["proof"]["rechecked"] == "not-asked"


def test_the_checker_imports_nothing_of_the_prover() -> None:
    """The checker's independence: its modules import only the error types, the reading
    of a file, and each other."""
    allowed = {
        "symlstm.errors",
        "symlstm.model.reading",
        "symlstm.analysis.check",
        "symlstm.analysis.check_kinds",
    }
    for name in ("check.py", "check_kinds.py"):
        tree = ast.parse((PACKAGE / "analysis" / name).read_text())
        imported = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imported |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                # ``from symlstm.analysis import check_kinds`` imports symlstm.analysis.check_kinds
                if node.module == "symlstm.analysis":
                    imported |= {f"{node.module}.{a.name}" for a in node.names}
                else:
                    imported.add(node.module)
        ours = {m for m in imported if m.startswith("symlstm")}
        assert ours <= allowed, (name, ours - allowed)
