"""The prover one step off its examples: other start states, readouts, bounded horizons.

Every verdict is compared with the independent oracle (``tests/oracle.py``, plain mpmath at
high precision) on every word up to a length, and every certificate with the independent
checker.
"""

from __future__ import annotations

import copy
import json
import math
import random
from dataclasses import replace
from fractions import Fraction
from pathlib import Path
from typing import Any

import mpmath
import oracle
import pytest
import sympy
from bench_prove import shift_register, zero_start  # the benchmark's own registers

from symlstm.analysis import Budget, MooreMachine, Verdict, prove
from symlstm.analysis.check import check_certificate
from symlstm.model import Model, load_model, model_from_mapping


def certificate_data(result: Any) -> dict[str, Any]:
    assert result.certificate is not None
    data: dict[str, Any] = json.loads(json.dumps(result.certificate.to_data("test")))
    return data


def words(alphabet_size: int, length: int) -> list[tuple[int, ...]]:
    out: list[tuple[int, ...]] = []
    for n in range(1, length + 1):
        out += oracle.all_words(list(range(alphabet_size)), n)  # type: ignore[arg-type]
    return out


def read(model: Model, h: list[Any]) -> tuple[int, ...]:
    """The readout of an oracle state, independently of symlstm (ValueError when within
    10^-30 of a decision boundary)."""
    readout = model.readout
    eps = mpmath.mpf(10) ** -30
    kind = readout.kind.value
    units = readout.units if readout.units is not None else range(model.hidden)

    def far(x: Any) -> Any:
        if abs(x) < eps:
            raise ValueError("undecided")
        return x

    if kind == "round":
        out = []
        for j in units:
            k = int(mpmath.floor(h[j] + mpmath.mpf(1) / 2))
            far(h[j] - (k - mpmath.mpf(1) / 2))
            far(h[j] - (k + mpmath.mpf(1) / 2))
            out.append(k)
        return tuple(out)
    if kind == "sign":
        # an exact zero (tanh(0), 0 · o) reads 0; anything else must be far from it
        return tuple(0 if h[j] == 0 else (1 if far(h[j]) > 0 else -1) for j in units)
    if kind == "threshold":
        theta = mpmath.mpf(readout.theta.p) / readout.theta.q
        return tuple(1 if far(h[j] - theta) > 0 else 0 for j in units)
    assert readout.weight is not None and readout.bias is not None
    scores = [
        mpmath.fsum(mpmath.mpf(w.p) / w.q * x for w, x in zip(row, h, strict=True))
        + mpmath.mpf(b.p) / b.q
        for row, b in zip(readout.weight, readout.bias, strict=True)
    ]
    if kind == "logistic":
        return (1 if far(scores[0]) > 0 else 0,)
    best = max(range(len(scores)), key=lambda c: scores[c])
    for c, s in enumerate(scores):
        if c != best:
            far(scores[best] - s)
    return (best,)


def agrees_with_oracle(model: Model, machine: MooreMachine, length: int) -> None:
    key = "h" if model.kind.name in ("lstm", "gru") else "s"
    for word in words(len(model.alphabet), length):
        symbols = [model.alphabet[k] for k in word]
        steps = oracle.run(model, symbols, 60)
        trace = machine.output_trace(word)
        with mpmath.workdps(60):
            for t, values in enumerate(steps):
                assert read(model, values[key]) == tuple(trace[t]), (word, t)


# ------------------------------------------------------------------ other start states


@pytest.mark.parametrize("n", range(1, 9))
def test_zero_start_shift_registers_are_proved(n: int) -> None:
    """Started from h = c = 0 the units not yet filled read exactly 0: 2^(n+1) − 1 states."""
    result = prove(zero_start(shift_register(n)), budget=Budget(max_seconds=60))
    assert result.verdict is Verdict.PROVED, result.reason
    assert result.machine is not None and result.machine.size == 2 ** (n + 1) - 1
    if n <= 3:
        assert check_certificate(certificate_data(result)).valid
        agrees_with_oracle(zero_start(shift_register(n)), result.machine, 6)


@pytest.mark.parametrize("n", range(1, 7))
def test_bench_start_shift_registers_still_proved(n: int) -> None:
    result = prove(shift_register(n), budget=Budget(max_seconds=60))
    assert result.verdict is Verdict.PROVED
    assert result.machine is not None and result.machine.size == 2**n


# ------------------------------------------------------------------ bounded horizons


def latch_flip(model: Model) -> int:
    """The oracle's count of zeros after a single 1 until the latch's output leaves 1."""
    with mpmath.workdps(60):
        w = {name: mpmath.mpf(m[0][0].p) / m[0][0].q for name, m in model.weights}
        b = {name: mpmath.mpf(v[0].p) / v[0].q for name, v in model.biases}
        g1 = 1 / (1 + mpmath.exp(-(w["W_gx"] + b["b_g"])))
        g0 = 1 / (1 + mpmath.exp(-b["b_g"]))
        s = g1 * mpmath.tanh(w["W_sx"] + b["b_s"])
        # s_t = (1 − g0)^t s: below 1/2 after t > ln(2 s)/(−ln(1 − g0))
        return int(mpmath.floor(mpmath.log(2 * s) / -mpmath.log(1 - g0))) + 1


def test_gating_latch_is_bounded_by_a_true_horizon_the_checker_accepts() -> None:
    model = load_model("gating")
    result = prove(model, budget=Budget(max_seconds=30))
    assert result.verdict is Verdict.BOUNDED, result.reason
    assert result.horizon is not None and result.machine is not None
    truth = latch_flip(model)  # ≈ ln 2 / σ(−50) ≈ 3.6e21 zeros after the 1
    assert result.horizon <= truth
    assert result.horizon >= truth // 10  # a strong statement, not a trivial one
    assert result.machine.output_trace((1, 0, 0)) == ((1,), (1,), (1,))
    data = certificate_data(result)
    checked = check_certificate(data)
    assert checked.valid and checked.horizon == result.horizon
    for factor in (10, 2):
        tampered = copy.deepcopy(data)
        tampered["horizon"] = str(result.horizon * factor)
        assert not check_certificate(tampered).valid
    tampered = copy.deepcopy(data)
    tampered["drift"]["s"] = ["0"]
    assert not check_certificate(tampered).valid


LEAKY = {
    "cell": "gated",
    "alphabet": [0, 1],
    "params": {"W_gs": 0, "W_ss": 0, "W_gx": 12, "b_g": -6, "W_sx": 100},
}


@pytest.mark.parametrize("b_g", [-6, -7, "-13/2", -8])
def test_leaking_latch_horizon_never_exceeds_the_oracle(b_g: Any) -> None:
    params = dict(LEAKY["params"], b_g=b_g)  # type: ignore[arg-type]
    model = model_from_mapping({**LEAKY, "params": params}, source="leaky")
    result = prove(model, budget=Budget(max_seconds=20))
    assert result.verdict is Verdict.BOUNDED, result.reason
    assert result.horizon is not None and result.machine is not None
    flip = latch_flip(model)
    # the word 1·0^flip is of length flip + 1 and reads 0 at its end, unlike the latch
    assert result.horizon <= flip
    assert check_certificate(certificate_data(result)).valid
    agrees_with_oracle(model, result.machine, min(8, result.horizon))


# ------------------------------------------------------------------ readouts

HOMEWORK_READOUTS = [
    {"kind": "logistic", "weight": [[1]], "bias": ["-1/2"]},
    {"kind": "argmax", "weight": [[1], [0], [-1]], "bias": [0, "1/5", 0]},
    {"kind": "sign", "units": [0]},
    {"kind": "threshold", "theta": "0.2"},
]


def with_readout(name: str, readout: dict[str, Any]) -> Model:
    text = Path(f"symlstm/model/examples/{name}.toml").read_text()
    lines = [f"{key} = {json.dumps(value)}" for key, value in readout.items()]
    from symlstm.model import model_from_toml

    return model_from_toml(text + "\n[readout]\n" + "\n".join(lines) + "\n", source=name)


@pytest.mark.parametrize("readout", HOMEWORK_READOUTS, ids=lambda r: r["kind"])
def test_readout_machines_are_proved_checked_and_agree_with_the_oracle(
    readout: dict[str, Any],
) -> None:
    model = with_readout("homework", readout)
    result = prove(model, budget=Budget(max_seconds=30))
    if readout["kind"] == "sign":
        # h = 0 exactly after a 0: sign 0 on a point box
        assert result.verdict is Verdict.PROVED, result.reason
    assert result.verdict is Verdict.PROVED, result.reason
    assert result.machine is not None
    data = certificate_data(result)
    assert check_certificate(data).valid
    agrees_with_oracle(model, result.machine, 8)


def test_tampered_readouts_are_rejected() -> None:
    model = with_readout("homework", HOMEWORK_READOUTS[1])
    data = certificate_data(prove(model))
    for edit in (
        lambda d: d["model"]["readout"]["bias"].__setitem__(1, "1"),
        lambda d: d["model"]["readout"]["weight"].__setitem__(0, ["-1"]),
        lambda d: d["model"]["readout"].__setitem__("kind", "logistic"),
        lambda d: d["model"].pop("readout"),
    ):
        tampered = copy.deepcopy(data)
        edit(tampered)
        assert not check_certificate(tampered).valid


def test_a_subset_of_units_is_read() -> None:
    """A 2-unit shift register read at unit 1 only outputs the input before last."""
    model = replace(
        shift_register(2),
        readout=replace(load_model("homework").readout, units=(1,)),
    )
    result = prove(model)
    assert result.verdict is Verdict.PROVED and result.machine is not None
    assert result.machine.output_trace((1, 0, 0)) == ((-1,), (1,), (-1,))
    assert check_certificate(certificate_data(result)).valid
    agrees_with_oracle(model, result.machine, 6)


def random_cell(rng: random.Random) -> dict[str, Any]:
    kind = rng.choice(["lstm", "gated", "rnn", "gru"])
    n = rng.randint(1, 2)
    names = {
        "lstm": [f"{p}_{g}{s}" for g in "fioc" for p, s in (("W", "h"), ("W", "x"), ("b", ""))],
        "gated": [f"{p}_{g}{s}" for g in "gs" for p, s in (("W", "s"), ("W", "x"), ("b", ""))],
        "rnn": ["W_ss", "W_sx", "b_s"],
        "gru": [f"{p}_{g}{s}" for g in "rzn" for p, s in (("W", "h"), ("W", "x"), ("b", ""))]
        + ["b_nh"],
    }[kind]
    params: dict[str, Any] = {}
    for name in names:

        def number() -> int:
            return rng.choice([0, 0, 1, -1]) * rng.randint(20, 200)

        if name.startswith("b"):
            params[name] = [number() for _ in range(n)]
        elif name.endswith("x"):
            params[name] = [[number()] for _ in range(n)]
        else:
            params[name] = [[number() for _ in range(n)] for _ in range(n)]
    readout: dict[str, Any] = rng.choice(
        [
            {"kind": "round"},
            {"kind": "sign", "units": [0]},
            {
                "kind": "logistic",
                "weight": [[rng.randint(-3, 3) for _ in range(n)]],
                "bias": ["1/3"],
            },
            {
                "kind": "argmax",
                "weight": [[rng.randint(-3, 3) for _ in range(n)] for _ in range(3)],
                "bias": [0, "1/7", "-1/5"],
            },
        ]
    )
    return {
        "cell": kind,
        "hidden": n,
        "alphabet": [0, 1, -1][: rng.randint(2, 3)],
        "params": params,
        "readout": readout,
    }


def test_random_saturated_cells_with_readouts_agree_with_the_oracle() -> None:
    rng = random.Random(11)
    decided = 0
    for _ in range(16):
        model = model_from_mapping(random_cell(rng), source="random")
        result = prove(model, budget=Budget(max_states=400, max_seconds=4))
        if result.verdict not in (Verdict.PROVED, Verdict.BOUNDED):
            continue
        assert result.machine is not None
        assert check_certificate(certificate_data(result)).valid
        length = 5 if len(model.alphabet) == 3 else 7
        if result.horizon is not None:
            length = min(length, result.horizon)
        try:
            agrees_with_oracle(model, result.machine, length)
        except ValueError:
            pytest.fail("the oracle is undecided on a proved cell")
        decided += 1
    assert decided >= 6


def test_horizon_is_a_decimal_string_in_json_and_exit_status_4() -> None:
    from cli_runner import run_cli

    run = run_cli(["prove", "gating", "-f", "json"])
    assert run.status == 4
    data = json.loads(run.stdout)
    assert data["verdict"] == "bounded"
    assert isinstance(data["horizon"], str) and data["horizon"].isdigit()
    assert math.log10(int(data["horizon"])) > 20
    assert Fraction(data["horizon"]) == int(data["horizon"])


# ------------------------------------------------------------------ long counterexamples


def test_a_late_drift_is_refuted_with_a_long_replayable_witness() -> None:
    """The leaking latch holds for about 2,000 zeros after a 1: the claim that it latches for
    ever is refuted by a word far beyond the breadth-first search, found by doubling
    lassos, written with the repetition syntax, and replayed by the independent oracle."""
    from symlstm.model.words import parse_word
    from symlstm.render.reasons import word_text

    params = dict(LEAKY["params"], W_gx=16, b_g=-8)  # type: ignore[arg-type]
    model = model_from_mapping({**LEAKY, "params": params}, source="leaky")
    latch = MooreMachine(
        states=("q0", "q1"),
        initial=0,
        alphabet=model.alphabet,
        transitions=((0, 1), (1, 1)),
        outputs=((0,), (1,)),
    )
    result = prove(model, claim=latch, budget=Budget(max_seconds=60))
    assert result.verdict is Verdict.REFUTED, result.reason
    assert result.word is not None and len(result.word) > 1000
    flip = latch_flip(model)
    assert result.word == (1, *([0] * flip))  # the first step at which the latch leaks
    assert word_text(result.alphabet, result.word) == f"1,0^{flip}"
    assert len(parse_word(word_text(result.alphabet, result.word), model)) == len(result.word)
    steps = oracle.run(model, [model.alphabet[k] for k in result.word], 40)
    with mpmath.workdps(40):
        assert steps[-1]["s"][0] < mpmath.mpf(1) / 2 < steps[-2]["s"][0]


# ------------------------------------------------------------------ resolution


def near_tie(kind: str, bias: int, start: int = 0) -> Model:
    """A gate σ(0) = 1/2 times a saturated candidate tanh(bias): after the first input the
    state is tanh(bias)/2 = −1/2 + ≈e^(2·bias) (from 0), within 10⁻⁵² … 10⁻¹³⁰ of the rounding
    boundary −1/2 for bias = −60 … −150, far inside the default boxes' 10⁻³⁰ resolution; then
    it falls to tanh(bias)·(1 − 2^-t) and reads −1."""
    return scalar_cell(kind, {"b_n" if kind == "gru" else "b_s": bias})


def scalar_cell(kind: str, values: dict[str, int], **extra: Any) -> Model:
    """A 1-unit cell of ``kind`` on the alphabet {0, 1}: the named weights, the rest 0."""
    names = {
        "gru": ["W_rh", "W_rx", "b_r", "W_zh", "W_zx", "b_z", "W_nh", "W_nx", "b_n", "b_nh"],
        "gated": ["W_gs", "W_gx", "b_g", "W_ss", "W_sx", "b_s"],
    }[kind]
    params = {p: [values.get(p, 0)] if p.startswith("b") else [[values.get(p, 0)]] for p in names}
    data: dict[str, Any] = {"cell": kind, "hidden": 1, "inputs": 1, "alphabet": [0, 1]}
    data.update(params=params, name=f"{kind}-{abs(hash(str(values))) % 1000}", **extra)
    return model_from_mapping(data, source="<scalar cell>")


def oracle_trace(model: Model, word: tuple[int, ...], dps: int) -> list[tuple[int, ...]]:
    """round(state), ties toward 0, by the oracle at ``dps`` digits; every value must be
    farther than 10^-(dps − 20) from a boundary (else the oracle cannot say)."""
    key = model.kind.output
    out = []
    steps = oracle.run(model, [model.alphabet[k] for k in word], dps)
    with mpmath.workdps(dps):
        eps = mpmath.mpf(10) ** -(dps - 20)
        for values in steps:
            row = []
            for x in values[key]:
                k = int(mpmath.floor(x + mpmath.mpf(1) / 2))
                assert abs(x - (k - mpmath.mpf(1) / 2)) > eps, (word, x)
                row.append(k)
            out.append(tuple(row))
    return out


@pytest.mark.parametrize(("kind", "bias"), [("gru", -60), ("gru", -100), ("gated", -150)])
def test_a_state_closer_to_a_boundary_than_the_boxes_resolve_is_proved_finer(
    kind: str, bias: int
) -> None:
    """At 30 digits the box of −1/2 + 10⁻⁸⁷ holds −1/2: the image "meets the boundary" and
    the exact state is not clear of it either. The prover finds the precision that
    certifies that state's output and proves again at it: the machine 0, 0, −1, −1, …"""
    model = near_tie(kind, bias)
    result = prove(model, budget=Budget(max_seconds=60))
    assert result.verdict is Verdict.PROVED, result.reason
    assert result.budget.bits > 128 and result.budget.digits > -2 * bias / math.log(10)
    assert result.raised_from == Budget(max_seconds=60)
    assert result.machine is not None and result.machine.size == 3
    data = certificate_data(result)
    decimals = [
        len(text.partition(".")[2])
        for box in data["boxes"]
        for pairs in box["bounds"].values()
        for pair in pairs
        for text in pair
    ]
    assert max(decimals) > -2 * bias / math.log(10)  # the boxes resolve the state
    # the checker's 256 bits cannot hold such boxes: it raises its own precision to them
    assert not check_certificate(data, precision_bits=256).valid
    assert check_certificate(data).valid
    dps = 60 + math.ceil(-2 * bias / math.log(10))  # the oracle resolves e^(2·bias)
    for word in words(2, 6):
        assert [tuple(o) for o in result.machine.output_trace(word)] == oracle_trace(
            model, word, dps
        )


def test_symlstm_check_verifies_a_fine_certificate_at_its_own_precision(tmp_path: Path) -> None:
    """The command a user runs: ``prove -o`` then ``check``, no precision named."""
    from cli_runner import run_cli

    model_file = tmp_path / "near.toml"
    model_file.write_text(
        "\n".join(
            [
                'cell = "gated"',
                "hidden = 1",
                "inputs = 1",
                "alphabet = [0, 1]",
                "[params]",
                *(f"{p} = [[0]]" for p in ("W_gs", "W_gx", "W_ss", "W_sx")),
                "b_g = [0]",
                "b_s = [-100]",
            ]
        )
        + "\n"
    )
    cert = tmp_path / "near.cert.json"
    proved = run_cli(["prove", str(model_file), "-o", str(cert)])
    assert proved.status == 0, proved.stdout + proved.stderr
    assert "512 bits; made again with boxes to 155 digits: at 128 bits and 30" in proved.stdout
    data = json.loads(run_cli(["prove", str(model_file), "-f", "json"]).stdout)
    assert data["raised_from"] == {"bits": 128, "digits": 30}
    assert (data["budget"]["bits"], data["budget"]["digits"]) == (512, 155)
    checked = run_cli(["check", str(cert)])
    assert (checked.status, checked.stdout) == (0, "valid\n")
    coarse = run_cli(["check", str(cert), "--precision", "256"])
    assert coarse.status == 1 and coarse.stdout.startswith("invalid")


@pytest.mark.parametrize(
    ("readout", "first"),
    [
        # score −h − 1/2 = −10⁻⁵²: certain (≤ 0 reads 0) but within the boxes' 10⁻³⁰
        ({"kind": "logistic", "weight": [[-1]], "bias": ["-1/2"]}, 0),
        # h − (−1/2) = 10⁻⁵² > 0: the threshold reads 1
        ({"kind": "threshold", "theta": "-1/2"}, 1),
        # h = −1/2 + 10⁻⁵²: the round readout reads 0 (−1/2 itself would too)
        ({"kind": "round"}, 0),
    ],
)
def test_a_state_that_only_touches_a_boundary_at_the_boxes_resolution_is_proved_finer(
    readout: dict[str, Any], first: int
) -> None:
    """The near tie −1/2 + 10⁻⁵² read by readouts whose enclosure of it is certain at 25
    digits but reaches the boundary from the side it reads (a closed side): the exact state
    is not clear of the boundary by the boxes' resolution, so the proof is made again finer
    (whatever the readout kind: the test is the readout's own output on the grown box)."""
    base = near_tie("gru", -60)
    data: dict[str, Any] = {
        "cell": "gru",
        "hidden": 1,
        "alphabet": [0, 1],
        "params": {name: [[0]] if name.startswith("W") else [0] for name, _ in base.weights}
        | {name: [0] for name, _ in base.biases}
        | {"b_n": [-60]},
        "readout": readout,
    }
    model = model_from_mapping(data, source="<near tie, readout>")
    result = prove(model, budget=Budget(max_seconds=60))
    assert result.verdict is Verdict.PROVED, result.reason
    assert result.raised_from is not None and result.budget.bits > 128
    assert result.machine is not None
    assert result.machine.output_trace((0,)) == ((first,),)
    assert check_certificate(certificate_data(result)).valid
    dps = 120
    for word in words(2, 5):
        exact = oracle.outputs(model, [model.alphabet[k] for k in word], dps)
        assert list(result.machine.output_trace(word)) == exact


def test_an_exact_tie_is_proved_toward_zero_without_finer_proofs() -> None:
    """From s = −1 with g = σ(0) = 1/2 and tanh(0) = 0 the first state is exactly −1/2 (a
    tie), which rounds toward zero, to 0: the exact arithmetic keeps the point a point, the
    proof needs no finer resolution, and the checker accepts it."""
    model = scalar_cell("gated", {}, initial={"s": [-1]})
    result = prove(model, budget=Budget(max_seconds=60))
    assert result.verdict is Verdict.PROVED, result.reason
    assert result.budget.bits == 128 and result.raised_from is None
    machine = result.machine
    assert machine is not None
    assert machine.output_trace((0, 1, 0, 0)) == ((0,),) * 4
    assert check_certificate(certificate_data(result)).valid


# ------------------------------------------------------------------ trained networks

TRAINED = Path(__file__).resolve().parents[2] / "bench" / "trained"


@pytest.mark.parametrize("name", ["parity-h1", "runparity-h1", "tomita7-h1"])
def test_trained_networks_are_proved_with_their_readout(name: str) -> None:
    """PyTorch nn.LSTMs (bench/train_nets.py, exact float32 weights, readout units = [0]):
    proved, the certificate checked, the machine equal to the oracle's on all words up
    to length 10."""
    from symlstm.model import read_model_file

    model = read_model_file(TRAINED / f"{name}.toml")
    assert model.readout.units == (0,)
    result = prove(model, budget=Budget(max_seconds=60))
    assert result.verdict is Verdict.PROVED, result.reason
    assert result.machine is not None
    data = certificate_data(result)
    assert check_certificate(data).valid
    agrees_with_oracle(model, result.machine, 10)


def _escapes(model: Model, data: dict[str, Any], b: int, k: int, cover: list[int]) -> bool:
    """Some point of box b (a 7 × 7 lattice, corners included), stepped on symbol k by the
    oracle at 60 digits, lies outside every box of ``cover``: then a certificate with this
    cover is false."""
    states = model.kind.states
    n = model.hidden

    def box(t: int) -> list[tuple[Fraction, Fraction]]:
        return [
            (Fraction(lo), Fraction(hi)) for s in states for lo, hi in data["boxes"][t]["bounds"][s]
        ]

    targets = [box(t) for t in cover]
    points: list[list[Fraction]] = [[]]
    for lo, hi in box(b):
        points = [[*p, lo + (hi - lo) * i / 6] for p in points for i in range(7)]
    margin = Fraction(1, 10**40)  # far above the oracle's error at 60 digits
    for point in points:
        start = tuple(
            (
                s,
                tuple(
                    sympy.Rational(v.numerator, v.denominator) for v in point[i * n : (i + 1) * n]
                ),
            )
            for i, s in enumerate(states)
        )
        values = oracle.run(replace(model, initial=start), [model.alphabet[k]], 60)[-1]
        image = [Fraction(mpmath.nstr(v, 50)) for s in states for v in values[s]]
        if all(
            any(x < lo - margin or x > hi + margin for x, (lo, hi) in zip(image, t, strict=True))
            for t in targets
        ):
            return True
    return False


def test_a_cover_that_misses_part_of_an_image_is_rejected() -> None:
    """Covers of the proved parity net with one box removed: where some point of the
    source box provably steps outside the remaining boxes (an independent oracle), the
    checker rejects the certificate; there are such covers. (It may accept one where the
    image, tightened by the mean-value form, really does lie in the rest.)"""
    from symlstm.model import read_model_file

    model = read_model_file(TRAINED / "parity-h1.toml")
    data = certificate_data(prove(model, budget=Budget(max_seconds=60)))
    covers = [
        (b, k)
        for b, row in enumerate(data["successors"])
        for k, entry in enumerate(row)
        if isinstance(entry, list)
    ]
    assert covers, "the parity net is proved by the cover attempt"
    false = 0
    for b, k in covers[:12]:
        for drop in range(len(data["successors"][b][k])):
            rest = [t for i, t in enumerate(data["successors"][b][k]) if i != drop]
            if _escapes(model, data, b, k, rest):
                false += 1
                tampered = copy.deepcopy(data)
                tampered["successors"][b][k] = rest
                assert not check_certificate(tampered).valid
    assert false >= 3


# ------------------------------------------------------------------ saturated memory cells


def filling_memory(seed: int) -> Model:
    """An LSTM whose memory cells fill on every input: the input and output gates open
    (σ(100)), the forget gate σ(b_f) with b_f in 6…15 (so c approaches a bound of about
    e^(b_f) and passes 8 within a few steps), and every symbol adds g = tanh(W x + b) in
    (0.53, 1): each unit's output is 0 until its count passes atanh(1/2) ≈ 0.549 and 1 after,
    a chain of states that depends on the word. No finite set of grid-sized boxes holds c,
    which grows for about e^(b_f) steps."""
    rng = random.Random(seed)
    n = rng.choice((1, 2))
    symbols = rng.choice((2, 3))

    def row(values: list[Fraction]) -> list[str]:
        return [str(v) for v in values]

    zero = [["0"] * n for _ in range(n)]
    params: dict[str, Any] = {
        "W_fh": zero, "W_ih": zero, "W_oh": zero, "W_ch": zero,
        "W_fx": [["0"]] * n, "W_ix": [["0"]] * n, "W_ox": [["0"]] * n,
        "b_f": row([Fraction(rng.randint(6, 15)) for _ in range(n)]),
        "b_i": ["100"] * n,
        "b_o": ["100"] * n,
        "W_cx": [[str(Fraction(rng.randint(0, 20), 10))] for _ in range(n)],
        "b_c": row([Fraction(rng.randint(6, 30), 10) for _ in range(n)]),
    }  # fmt: skip
    return model_from_mapping(
        {
            "name": f"filling-{seed}",
            "cell": "lstm",
            "hidden": n,
            "alphabet": list(range(symbols)),
            "params": params,
        },
        source=f"<filling-{seed}>",
    )


@pytest.mark.parametrize("seed", range(6))
def test_filling_memories_are_proved(seed: int) -> None:
    """A memory cell that fills lies, from some count on, in one box [C, M] with C ≥ 8 and M
    a far bound (f·M + i·g ≤ M, the exact f being below 1): proved, the certificate
    checked, the machine the oracle's on every word up to length 6."""
    model = filling_memory(seed)
    result = prove(model, budget=Budget(max_seconds=60))
    assert result.verdict is Verdict.PROVED, result.reason
    assert result.machine is not None
    data = certificate_data(result)
    assert check_certificate(data).valid
    far = [Fraction(hi) for box in data["boxes"] for _, hi in box["bounds"]["c"]]
    assert max(far) >= 2**16  # the far bound is what closes the count
    agrees_with_oracle(model, result.machine, 6)


def test_a_leaking_latch_is_never_proved() -> None:
    """A latch that remembers a 1 in a memory cell that leaks: on a 0 the input gate is
    σ(−50), not 0, so c moves by 10⁻²² a step and the output of 0^N flips after about
    3·10²¹ zeros. Its count beyond 8 on ones is a saturated box; the leak is not."""
    model = model_from_mapping(
        {
            "name": "leaking-latch",
            "cell": "lstm",
            "alphabet": [0, 1],
            "params": {
                "W_fh": 0,
                "W_fx": 0,
                "b_f": 100,
                "W_ih": 0,
                "W_ix": 100,
                "b_i": -50,
                "W_oh": 0,
                "W_ox": 0,
                "b_o": 100,
                "W_ch": 0,
                "W_cx": 0,
                "b_c": 100,
            },
        },
        source="<leaking-latch>",
    )
    result = prove(model, budget=Budget(max_seconds=4))
    assert result.verdict is not Verdict.PROVED
