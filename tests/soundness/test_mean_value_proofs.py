"""A proof that needs the mean-value form: cell 26 of the soundness bench's seed 3 (a GRU
with moderate weights, ``bench/soundness.py --seed 3 --only 26``) ended ``unknown`` before
the prover tightened wide images by the mean-value form; now it is proved, the checker
accepts the certificate only with its own mean-value form (its own equations and duals),
a tampered successor box is rejected, and the machine agrees with the independent oracle on
every word of length 10 (so on every shorter one)."""

from __future__ import annotations

import copy
import itertools
import json
import random
from fractions import Fraction
from typing import Any

import oracle
import pytest
import soundness_lib as bench

from symlstm.analysis import Budget, Verdict, check, prove
from symlstm.analysis.check import check_certificate
from symlstm.model import Model, model_from_toml


def _cell_26() -> Model:
    cell = bench.random_cell(random.Random("3/26"), "cell-26")
    return model_from_toml(cell.toml(), name=cell.name)


def _data(model: Model) -> dict[str, Any]:
    result = prove(model, budget=Budget(max_seconds=20))
    assert result.verdict is Verdict.PROVED, result.reason
    assert result.certificate is not None and result.machine is not None
    data: dict[str, Any] = json.loads(json.dumps(result.certificate.to_data("test")))
    return data


def test_a_cell_proved_by_the_mean_value_form_agrees_with_the_oracle() -> None:
    model = _cell_26()
    result = prove(model, budget=Budget(max_seconds=20))
    assert result.verdict is Verdict.PROVED, result.reason
    assert result.machine is not None
    for word in itertools.product(range(len(model.alphabet)), repeat=10):
        expected = oracle.outputs(model, [model.alphabet[k] for k in word], 60)
        assert [tuple(o) for o in result.machine.output_trace(word)] == expected, word


def test_the_checker_needs_its_own_mean_value_form(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _data(_cell_26())
    assert check_certificate(data).valid
    monkeypatch.setattr(check, "_mean_value", lambda cert, stepper, box, k, image: image)
    assert not check_certificate(data).valid


def test_a_shrunk_successor_box_is_rejected() -> None:
    """Boxes moved inward on their lower face by a quarter of their width, one face at a
    time: the checker rejects many of these certificates (where an image, or the initial
    state, needs the part cut away; others may still be true)."""
    data = _data(_cell_26())
    rejected = 0
    for b, box in enumerate(data["boxes"][:40]):
        for var, bounds in box["bounds"].items():
            for j, (lo, hi) in enumerate(bounds):
                lo_f, hi_f = Fraction(lo), Fraction(hi)
                if lo_f == hi_f:
                    continue
                tampered = copy.deepcopy(data)
                moved = lo_f + (hi_f - lo_f) / 4
                tampered["boxes"][b]["bounds"][var][j][0] = f"{moved.numerator}/{moved.denominator}"
                if not check_certificate(tampered).valid:
                    rejected += 1
    assert rejected >= 5
