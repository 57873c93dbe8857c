"""The independent checker rejects every lie a certificate can tell: for the homework's
and for a 2-unit cell's certificate, each tampering below must make ``symlstm check``
print something other than ``valid`` (and the untouched certificate must be ``valid``)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import soundness_lib as bench

Cert = dict[str, Any]


def _fmt(x: Fraction) -> str:
    return f"{x.numerator}/{x.denominator}" if x.denominator != 1 else str(x.numerator)


def _shrink(cert: Cert) -> None:  # the box of state q1 (reached) loses its true point
    box = next(b for b in cert["boxes"] if b["id"] != cert["initial_box"])
    lo, hi = (Fraction(v) for v in box["bounds"]["h"][0])
    box["bounds"]["h"][0] = [_fmt(hi + (hi - lo)), _fmt(hi + 2 * (hi - lo) + 1)]


def _redirect(cert: Cert) -> None:
    row = cert["successors"][0]
    row[-1] = (row[-1] + 1) % len(cert["boxes"])


def _flip_output(cert: Cert) -> None:
    q = cert["machine"]["states"][-1]
    cert["machine"]["outputs"][q] = [v + 1 for v in cert["machine"]["outputs"][q]]


def _machine_transition(cert: Cert) -> None:
    states = cert["machine"]["states"]
    q = states[0]
    cert["machine"]["transitions"][q][-1] = states[
        (states.index(cert["machine"]["transitions"][q][-1]) + 1) % len(states)
    ]


def _model_weight(cert: Cert) -> None:  # the proof was for another cell
    params = cert["model"]["params"]
    name = sorted(k for k in params if k.startswith("W_") and k.endswith("x"))[0]
    params[name] = [[str(Fraction(v) / 7 - 3) for v in row] for row in params[name]]


def _initial_state(cert: Cert) -> None:
    init = cert["model"]["initial"]
    key = sorted(init)[-1]
    init[key] = ["7/3" for _ in init[key]]


def _alphabet(cert: Cert) -> None:
    # 1 -> -1 (a shift such as 1 -> 6 may leave a saturated cell's certificate true)
    cert["model"]["alphabet"][-1] = [str(-Fraction(v)) for v in cert["model"]["alphabet"][-1]]


def _empty_bounds(cert: Cert) -> None:
    box = cert["boxes"][-1]
    key = sorted(box["bounds"])[0]
    lo, hi = box["bounds"][key][0]
    box["bounds"][key][0] = [hi, lo] if lo != hi else [lo, str(Fraction(lo) - 1)]


def _drop_box(cert: Cert) -> None:
    cert["boxes"].pop()


def _initial_box(cert: Cert) -> None:
    cert["initial_box"] = (cert["initial_box"] + 1) % len(cert["boxes"])


TAMPERINGS: dict[str, Callable[[Cert], None]] = {
    "shrunk box": _shrink,
    "redirected successor": _redirect,
    "flipped output": _flip_output,
    "redirected machine transition": _machine_transition,
    "changed weight": _model_weight,
    "changed initial state": _initial_state,
    "changed alphabet": _alphabet,
    "inverted bounds": _empty_bounds,
    "dropped box": _drop_box,
    "moved initial box": _initial_box,
}

LATCH2 = """cell = "lstm"
hidden = 2
inputs = 1
alphabet = [0, 1]
[params]
W_fh = [[0, 0], [0, 0]]
W_fx = [[0], [0]]
b_f = [-100, -100]
W_ih = [[0, 0], [0, 0]]
W_ix = [[0], [0]]
b_i = [100, 100]
W_oh = [[0, 0], [0, 0]]
W_ox = [[0], [0]]
b_o = [100, 100]
W_ch = [[0, 0], [100, 0]]
W_cx = [[200], [0]]
b_c = [-100, 0]
"""


@pytest.fixture(scope="module", params=["homework", "latch2"])
def certificate(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Cert:
    directory = tmp_path_factory.mktemp("cert")
    model = "homework"
    if request.param == "latch2":
        model = str(directory / "latch2.toml")
        Path(model).write_text(LATCH2)
    path = directory / "cert.json"
    run = bench.run_cli(["prove", model, "-o", str(path)])
    assert run.status == 0, run.stdout + run.stderr
    data: Cert = json.loads(path.read_text())
    return data


def _check(cert: Cert, path: Path) -> bench.Run:
    path.write_text(json.dumps(cert))
    return bench.run_cli(["check", str(path)])


def test_untouched_certificate_is_valid(certificate: Cert, tmp_path: Path) -> None:
    run = _check(certificate, tmp_path / "c.json")
    assert (run.status, run.stdout.strip()) == (0, "valid"), run.stderr


@pytest.mark.parametrize("name", sorted(TAMPERINGS))
def test_tampered_certificate_is_rejected(certificate: Cert, name: str, tmp_path: Path) -> None:
    tampered = copy.deepcopy(certificate)
    TAMPERINGS[name](tampered)
    assert tampered != certificate
    run = _check(tampered, tmp_path / "c.json")
    assert run.stdout.strip() != "valid", name
    assert run.status != 0, name
    assert "Traceback" not in run.stderr
