"""The oracle itself, against the course's own numbers (problems.md) and hand calculations."""

from __future__ import annotations

from fractions import Fraction

import mpmath
import oracle
import pytest
import sympy
from issue_models import gated_tie

from symlstm.model import builtin_model, model_from_mapping

SIGMOID_MINUS_100 = "3.7200759760208359629596958038631e-44"  # problems.md §6
ONE_MINUS_TANH_50 = "7.4401519520416719259193916077262e-44"


def close(a: object, b: object, tol: str) -> bool:
    return bool(abs(mpmath.mpf(a) - mpmath.mpf(b)) <= mpmath.mpf(tol))


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [([0, 0, 1, 1, 1, 0], [0, 0, 1, -1, 1, 0]), ([1, 1, 0, 1, 1], [1, -1, 0, 1, -1])],
)
def test_homework_answers(inputs: list[int], expected: list[int]) -> None:
    model = builtin_model("homework")
    assert [k for (k,) in oracle.outputs(model, inputs, 30)] == expected


def test_homework_answers_from_model_questions() -> None:
    model = builtin_model("homework")
    for question in model.questions:
        assert question.expected is not None
        got = oracle.outputs(model, question.inputs, 30)
        assert [k for (k,) in got] == list(question.expected)


def test_homework_exact_values() -> None:
    model = builtin_model("homework")
    with mpmath.workdps(40):
        steps = oracle.run(model, [1, 1, 0, 0], 40)
        h = [s["h"][0] for s in steps]
        assert close(h[0], "0.761594155955764888119458", "1e-20")  # tanh(1)
        assert close(h[1], "-0.761594155955764888119458", "1e-20")
        assert close(h[2], "0.380797077977882444059729", "1e-20")  # -0.5 tanh(tanh(-..)) > 0
        assert close(h[3], "-0.380797077977882444059729", "1e-20")  # a second zero
        # after a zero that follows a one: o = 1/2 exactly, c ≈ ±1
        assert steps[2]["o"][0] == mpmath.mpf(1) / 2
        assert close(steps[2]["c"][0], 1, "1e-30")
        assert close(steps[1]["c"][0], -1, "1e-22")  # tanh(-26.16): 1 - 3.8e-23


def test_homework_zero_after_one_is_minus_0_38() -> None:
    model = builtin_model("homework")
    steps = oracle.run(model, [0, 0, 1, 1, 1, 0], 30)
    assert close(steps[5]["h"][0], "-0.38079707797788244", "1e-15")
    assert oracle.outputs(model, [0, 0, 1, 1, 1, 0], 30)[5] == (0,)


def test_calculations_quiz() -> None:
    model = builtin_model("calculations")
    (step,) = oracle.run(model, [5], 30)
    assert close(step["h"][0], "0.96129", "5e-6")
    assert close(step["c"][0], "1.99504", "5e-6")
    # gates = sigmoid(6), candidate tanh(6), c = 1·σ(6) + σ(6)·tanh(6), h = σ(6)·tanh(c)
    with mpmath.workdps(30):
        s6 = 1 / (1 + mpmath.exp(-6))
        c = s6 + s6 * mpmath.tanh(6)
        assert close(step["c"][0], c, "1e-25")
        assert close(step["h"][0], s6 * mpmath.tanh(c), "1e-25")
    assert oracle.outputs(model, [5], 30) == [(1,)]


def test_sigmoid_minus_100_and_gaps() -> None:
    model = builtin_model("homework")
    (step,) = oracle.run(model, [0], 80)
    with mpmath.workdps(80):
        assert abs(step["f"][0] / mpmath.mpf(SIGMOID_MINUS_100) - 1) < mpmath.mpf("1e-30")
        assert abs((1 - step["i"][0]) / mpmath.mpf(SIGMOID_MINUS_100) - 1) < mpmath.mpf("1e-30")
    (step,) = oracle.run(model, [1], 80)
    with mpmath.workdps(80):
        assert abs((1 - step["ctilde"][0]) / mpmath.mpf(ONE_MINUS_TANH_50) - 1) < mpmath.mpf(
            "1e-30"
        )
        assert step["z_c"][0] == 50 and step["z_i"][0] == 200 and step["z_o"][0] == 100


def test_gating_latch_and_gate_zero_keeps_state() -> None:
    model = builtin_model("gating")
    assert [k for (k,) in oracle.outputs(model, [0, 1, 0, 0], 30)] == [0, 1, 1, 1]
    # problems.md §4: a gate of 0 keeps the state. W_g* = 0, b_g very negative: g ≈ 0.
    latch = model_from_mapping(
        {
            "cell": "gated",
            "params": {"W_gs": 0, "W_gx": 0, "b_g": -1000, "W_ss": 3, "W_sx": 1, "b_s": 0},
            "initial": {"s": "1/3"},
        },
        source="<test>",
    )
    steps = oracle.run(latch, [1, 0, 1], 50)
    for step in steps:
        assert close(step["s"][0], mpmath.mpf(1) / 3, "1e-40")
        assert step["stilde"][0] > mpmath.mpf("0.76")  # tanh(1) or tanh(2): far from s


def test_rnn_flips() -> None:
    model = builtin_model("rnn")
    assert oracle.outputs(model, [0, 0, 1, 1, 0, 1], 30) == [(0,), (0,), (1,), (-1,), (1,), (-1,)]
    (step,) = oracle.run(model, [1], 30)
    assert close(step["s"][0], mpmath.tanh(50), "1e-28")


def test_gru_follows_pytorch_convention() -> None:
    # r = σ(0) = 1/2, z = σ(0) = 1/2; n = tanh(b_n + r·(W_nh h + b_nh)) = tanh(1 + (1/2)(2·1 + 4))
    gru = model_from_mapping(
        {
            "cell": "gru",
            "params": {
                "W_rh": 0,
                "W_rx": 0,
                "W_zh": 0,
                "W_zx": 0,
                "W_nh": 2,
                "W_nx": 0,
                "b_n": 1,
                "b_nh": 4,
            },
            "initial": {"h": 1},
        },
        source="<test>",
    )
    (step,) = oracle.run(gru, [0], 40)
    with mpmath.workdps(40):
        assert step["r"][0] == mpmath.mpf(1) / 2 and step["z"][0] == mpmath.mpf(1) / 2
        assert step["z_nh"][0] == 6 and step["z_n"][0] == 4
        assert close(step["h"][0], (mpmath.tanh(4) + 1) / 2, "1e-35")
    assert set(step) == {"z_r", "z_z", "z_nh", "z_n", "r", "z", "n", "h"}


def test_two_dimensional_lstm_matrix_layout() -> None:
    # W_ch = [[0, 1], [0, 0]]: c̃_0 depends on h_1 only (rows are outputs, columns inputs)
    zero2 = [[0, 0], [0, 0]]
    lstm = model_from_mapping(
        {
            "cell": "lstm",
            "hidden": 2,
            "inputs": 1,
            "alphabet": [0],
            "params": {
                "W_fh": zero2,
                "W_fx": [[0], [0]],
                "W_ih": zero2,
                "W_ix": [[0], [0]],
                "W_oh": zero2,
                "W_ox": [[0], [0]],
                "W_ch": [[0, 1], [0, 0]],
                "W_cx": [[0], [0]],
                "b_i": [1000, 1000],
                "b_o": [1000, 1000],
                "b_f": [-1000, -1000],
            },
            "initial": {"h": ["0", "1/2"], "c": [0, 0]},
        },
        source="<test>",
    )
    (step,) = oracle.run(lstm, [(Fraction(0),)], 30)
    assert close(step["z_c"][0], "0.5", "1e-28") and step["z_c"][1] == 0
    assert close(step["c"][0], mpmath.tanh(mpmath.mpf(1) / 2), "1e-25")
    assert set(step) == {"z_f", "z_i", "z_o", "z_c", "f", "i", "o", "ctilde", "c", "h"}


def test_undecidable_rounding_raises() -> None:
    # s' = tanh(atanh(1/2)) is not representable exactly, but s' = (1-g)s + g·s̃ with g = 0
    # exactly is impossible too; use an rnn whose state is exactly 1/2 without a step:
    # W_ss = 0, b_s chosen so that tanh(b_s) is within 1e-40 of 1/2.
    with mpmath.workdps(60):
        b = mpmath.atanh(mpmath.mpf(1) / 2)
        text = mpmath.nstr(b, 50, strip_zeros=False)
    rnn = model_from_mapping(
        {"cell": "rnn", "params": {"W_ss": 0, "W_sx": 0, "b_s": text}}, source="<test>"
    )
    with pytest.raises(ValueError, match="half-integer"):
        oracle.outputs(rnn, [0], 30)
    # at 120 digits the 1e-50 distance to 1/2 is resolved
    assert oracle.outputs(rnn, [0], 120) in ([(0,)], [(1,)])


def test_all_words() -> None:
    words = oracle.all_words([0, 1], 3)
    assert len(words) == 8 and words[0] == (0, 0, 0) and words[-1] == (1, 1, 1)
    assert oracle.all_words([0, 1], 0) == [()]


# ---- the other cell kinds and the readouts, against onnxruntime (an independent
# implementation: ONNX's LSTM with peepholes P, its GRU with linear_before_reset 0 and 1)

ONNX_CASES = [
    ("LSTM", {}, "lstm"),
    ("LSTM", {"peepholes": True}, "lstm-peephole"),
    ("GRU", {"linear_before_reset": 1}, "gru"),
    ("GRU", {"linear_before_reset": 0}, "gru-reset-before"),
    ("RNN", {}, "rnn"),
]


@pytest.mark.parametrize(("op", "extra", "kind"), ONNX_CASES, ids=[case[2] for case in ONNX_CASES])
def test_every_kind_and_the_argmax_readout_against_onnxruntime(
    op: str, extra: dict[str, object], kind: str, tmp_path: object
) -> None:
    """A random one-node ONNX graph (3 units, 2 inputs, a 3-class Gemm head), imported by
    symlstm's model stage (weights exact), run by the oracle at 30 digits and by
    onnxruntime in float32: the states agree to float32 accuracy, and the oracle's argmax
    readout is onnxruntime's argmax wherever the two best logits are 10^-3 apart."""
    import os
    from pathlib import Path

    if os.environ.get("CI"):
        import numpy as np
    else:
        np = pytest.importorskip("numpy")
        pytest.importorskip("onnxruntime")
    from onnx_graphs import onnx_graph, onnx_outputs

    from symlstm.model.importers import ImportOptions, import_file

    rng = np.random.default_rng(11 + len(kind))
    data = onnx_graph(op, 3, 2, rng, **dict(extra))
    path = Path(str(tmp_path)) / "net.onnx"
    path.write_bytes(data)
    corners = ((Fraction(0), Fraction(1)), (Fraction(1), Fraction(0)), (Fraction(1), Fraction(1)))
    model = import_file(path, ImportOptions(alphabet=corners)).model
    assert model.kind.name == kind and model.readout.kind.value == "argmax"
    words = [[corners[int(k)] for k in rng.integers(0, 3, size=int(n))] for n in (1, 5, 17, 30)]
    float_words = [[[float(v) for v in s] for s in w] for w in words]
    compared = 0
    for word, (ys, logits) in zip(words, onnx_outputs(data, float_words, 2), strict=True):
        steps = oracle.run(model, word, 30)
        key = oracle.visible(model)
        states = np.array([[float(v) for v in step[key]] for step in steps])
        assert np.max(np.abs(states - ys.reshape(len(word), -1))) < 2e-5
        for step, row in zip(steps, logits.reshape(len(word), -1), strict=True):
            top = np.sort(row)
            if top[-1] - top[-2] > 1e-3:
                assert oracle.read(model, step[key], 30) == (int(np.argmax(row)),)
                compared += 1
    assert compared >= 20


def _with_readout(table: dict[str, object]) -> object:
    """The gated latch of the course (s' = tanh(100 x) on a closed gate: ±tanh(100)) with
    two units, the second the negative of the first, and a readout."""
    return model_from_mapping(
        {
            "cell": "rnn",
            "hidden": 2,
            "alphabet": [-1, 0, 1],
            "params": {"W_ss": [[0, 0], [0, 0]], "W_sx": [[1], [-1]], "b_s": [0, 0]},
            "readout": table,
        },
        source="test",
    )


def test_unit_readouts_read_the_chosen_units() -> None:
    # s = (tanh(x), -tanh(x)): tanh(1) = 0.7616
    word = [1, -1]
    cases = [
        ({"kind": "round"}, [(1, -1), (-1, 1)]),
        ({"kind": "round", "units": [1]}, [(-1,), (1,)]),
        ({"kind": "sign", "units": [0]}, [(1,), (-1,)]),
        ({"kind": "threshold"}, [(1, 0), (0, 1)]),
        ({"kind": "threshold", "theta": "-4/5", "units": [1]}, [(1,), (1,)]),
        ({"kind": "threshold", "theta": "-7/10", "units": [1]}, [(0,), (1,)]),
    ]
    for table, expected in cases:
        assert oracle.outputs(_with_readout(table), word, 30) == expected, table


def test_linear_readouts_and_their_ties() -> None:
    word = [1, -1]
    # scores: row 0 = s0 - s1 = 2 tanh(x), row 1 = 0, row 2 = s1 = -tanh(x)
    argmax = {"kind": "argmax", "weight": [[1, -1], [0, 0], [0, 1]], "bias": [0, 0, 0]}
    assert oracle.outputs(_with_readout(argmax), word, 30) == [(0,), (2,)]
    logistic = {"kind": "logistic", "weight": [[0, -1]], "bias": ["-1/2"]}
    assert oracle.outputs(_with_readout(logistic), word, 30) == [(1,), (0,)]
    # on x = 0 every score is 0: a tie of every kind is undecided, never read
    ties = [argmax, {**logistic, "bias": [0]}, {"kind": "sign"}, {"kind": "threshold", "theta": 0}]
    for table in ties:
        with pytest.raises(ValueError, match="undecided"):
            oracle.outputs(_with_readout(table), [0], 30)
    assert oracle.outputs(_with_readout({"kind": "round"}), [0], 30) == [(0, 0)]


def test_the_exact_oracle_decides_exact_ties_by_the_readouts_rule() -> None:
    """On x = 0 the state is exactly 0 (tanh(0)): every score ties exactly. The rounded
    oracle cannot tell (above); the exact one reads each tie by the README's rule — and
    agrees with the rounded one wherever that one decides."""
    argmax = {"kind": "argmax", "weight": [[0, 0], [1, -1], [0, 0]], "bias": [0, 0, 0]}
    assert oracle.exact_outputs(_with_readout(argmax), [0]) == [(0,)]  # the smallest row
    assert oracle.exact_outputs(_with_readout(argmax), [1]) == [(1,)]
    assert oracle.exact_outputs(
        _with_readout({"kind": "logistic", "weight": [[1, 0]], "bias": [0]}), [0]
    ) == [(0,)]
    assert oracle.exact_outputs(_with_readout({"kind": "sign"}), [0, 1]) == [(0, 0), (1, -1)]
    threshold = {"kind": "threshold", "theta": 0, "units": [1]}
    assert oracle.exact_outputs(_with_readout(threshold), [0, -1]) == [(0,), (1,)]
    # a round readout's exact tie rounds toward zero: σ(0)·(±1) + σ(0)·tanh(0) = ±1/2
    for start in (1, -1):
        tie = model_from_mapping(gated_tie(start), source="test")
        assert oracle.exact_run(tie, [0])[0]["s"] == [sympy.Rational(start, 2)]
        assert oracle.exact_outputs(tie, [0, 0]) == [(0,), (0,)]
        with pytest.raises(ValueError, match="undecided"):
            oracle.outputs(tie, [0], 30)
    # beside a tie, the exact oracle is the rounded one
    apart = {"kind": "argmax", "weight": [[1, -1], [0, 0], [0, 1]], "bias": [0, 0, 0]}
    for table in ({"kind": "round"}, {"kind": "sign", "units": [1]}, apart):
        model = _with_readout(table)
        word = [1, -1, 1]
        assert oracle.exact_outputs(model, word) == oracle.outputs(model, word, 30)


def test_the_exact_oracle_refuses_a_near_tie_it_cannot_prove() -> None:
    """h = tanh(−60)/2 = −1/2 + 3·10⁻⁵³ is no rational: the exact run leaves it to the
    digits, which decide it at 140 (it rounds to 0) and not at 60."""
    gru = model_from_mapping(
        {
            "cell": "gru",
            "params": {
                **{f"W_{u}{s}": 0 for u in "rzn" for s in "hx"},
                "b_n": -60,
            },
            "alphabet": [0, 1],
        },
        source="test",
    )
    with pytest.raises(ValueError, match="undecided"):
        oracle.exact_outputs(gru, [0], dps=60)
    assert oracle.exact_outputs(gru, [0], dps=140) == [(0,)]
