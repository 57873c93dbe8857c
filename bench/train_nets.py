"""Train small single-layer PyTorch LSTMs once, and write them where symlstm reads them.

Run once, with a Python that has torch, numpy, onnx and safetensors (never symlstm's own
environment: PyTorch is not a dependency of symlstm, and CI never installs it):

    /work/torchvenv/bin/python bench/train_nets.py

Every net is an ``nn.LSTM(1, H)`` (one layer, scalar input x_t in {0, 1}, no readout layer),
trained with Adam on a loss on h_t[0] against the class of the prefix x_0..x_t at every step
(class 1 -> target 1, class 0 -> target 0; the course's run parity has the course's values:
0 after a 0, 1 after an odd run of ones, -1 after an even run). Seeds are fixed. Nets are
kept whether or not they reach 100 %; their accuracy on all words of length 1 to 12 is
recorded. For each net this writes

- ``tests/fixtures/trained/<name>.pt``: the ``state_dict`` (``torch.save``);
- ``tests/fixtures/trained/<name>.safetensors``: the same tensors;
- ``tests/fixtures/trained/<name>.onnx``: ``torch.onnx.export`` (the ONNX ``LSTM`` operator);
- ``tests/fixtures/trained/<name>.json``: torch's float64 h_t and c_t per step on fixed words;
- ``bench/trained/<name>.toml``: the net as an exact symlstm model file (every float32 written
  as its exact decimal value; bias = b_ih + b_hh added exactly; h0 = c0 = 0).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import random
import sys
import warnings
from collections.abc import Callable, Sequence
from fractions import Fraction
from pathlib import Path

import numpy as np
import torch
from torch import nn

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "trained"
MODELS = ROOT / "bench" / "trained"

STEPS = 4000
BATCH = 128
LENGTH = 16
EVAL_LENGTH = 12
HIDDEN_SIZES = (1, 2, 4)


# ---- the tasks: the class of every prefix x_0..x_t ------------------------------------


def run_parity(word: Sequence[int]) -> list[int]:
    """The course's h_t: 0 after a 0, 1 after an odd run of ones, -1 after an even run."""
    out, run = [], 0
    for x in word:
        run = run + 1 if x else 0
        out.append(0 if run == 0 else (1 if run % 2 else -1))
    return out


def _prefix_classes(
    accepts: Callable[[Sequence[int]], bool],
) -> Callable[[Sequence[int]], list[int]]:
    def classes(word: Sequence[int]) -> list[int]:
        return [int(accepts(word[: t + 1])) for t in range(len(word))]

    return classes


def _tomita1(w: Sequence[int]) -> bool:  # 1*
    return all(x == 1 for x in w)


def _tomita2(w: Sequence[int]) -> bool:  # (10)*
    return len(w) % 2 == 0 and all(x == (1 - i % 2) for i, x in enumerate(w))


def _tomita4(w: Sequence[int]) -> bool:  # no 000
    return "000" not in "".join(map(str, w))


def _tomita7(w: Sequence[int]) -> bool:  # 0*1*0*1*
    changes = sum(1 for a, b in itertools.pairwise(w) if a != b)
    return changes + (1 if w and w[0] == 1 else 0) <= 3


def _parity(w: Sequence[int]) -> bool:  # an odd number of ones
    return sum(w) % 2 == 1


def _positive_run_parity(rng: random.Random, n: int) -> list[int]:
    return [rng.randint(0, 1) for _ in range(n)]


def _positive_tomita7(rng: random.Random, n: int) -> list[int]:
    cuts = sorted(rng.randint(0, n) for _ in range(3))
    return (
        [0] * cuts[0] + [1] * (cuts[1] - cuts[0]) + [0] * (cuts[2] - cuts[1]) + [1] * (n - cuts[2])
    )


# name -> (classes of the prefixes, a generator of words near the language, description)
TASKS: dict[
    str, tuple[Callable[[Sequence[int]], list[int]], Callable[[random.Random, int], list[int]], str]
] = {
    "runparity": (
        run_parity,
        _positive_run_parity,
        "the course's parity of the current run of ones "
        "(0 after a 0, 1 after an odd run, -1 after an even run)",
    ),
    "tomita1": (_prefix_classes(_tomita1), lambda rng, n: [1] * n, "Tomita 1, 1*"),
    "tomita2": (
        _prefix_classes(_tomita2),
        lambda rng, n: [1 - i % 2 for i in range(n)],
        "Tomita 2, (10)*",
    ),
    "tomita4": (_prefix_classes(_tomita4), _positive_run_parity, "Tomita 4, no three 0s in a row"),
    "tomita7": (_prefix_classes(_tomita7), _positive_tomita7, "Tomita 7, 0*1*0*1*"),
    "parity": (
        _prefix_classes(_parity),
        _positive_run_parity,
        "parity of the number of ones (1 if odd)",
    ),
}

FIXED_WORDS: tuple[tuple[int, ...], ...] = (
    (0, 0, 1, 1, 1, 0),
    (1, 1, 0, 1, 1),
    (1,) * 12,
    (0,) * 7,
    (1, 0) * 6,
    (0, 1, 1, 0, 0, 0, 1, 0, 1, 1, 1, 1, 0, 1),
    tuple((i * 7 + 3) % 5 % 2 for i in range(40)),
)


def batch(task: str, rng: random.Random) -> tuple[torch.Tensor, torch.Tensor]:
    classes, positive, _ = TASKS[task]
    words = []
    for k in range(BATCH):
        if k % 2:
            word = [rng.randint(0, 1) for _ in range(LENGTH)]
        else:
            word = [x ^ (rng.random() < 0.04) for x in positive(rng, LENGTH)]
        words.append(word)
    x = torch.tensor(words, dtype=torch.float32).T.unsqueeze(-1)  # (T, B, 1)
    y = torch.tensor([classes(w) for w in words], dtype=torch.float32).T  # (T, B)
    return x, y


def round_ties_to_zero(values: np.ndarray) -> np.ndarray:
    """Nearest integer, a tie k + 1/2 rounded toward zero (symlstm's round readout)."""
    nearest = np.round(values)
    ties = np.abs(values - np.trunc(values)) == 0.5
    return np.where(ties, np.trunc(values), nearest)


def accuracy(lstm: nn.LSTM, task: str, dtype: torch.dtype) -> tuple[int, int]:
    """Right answers among all words of length 1..EVAL_LENGTH (each word counted once)."""
    classes = TASKS[task][0]
    n = EVAL_LENGTH
    words = [[(i >> (n - 1 - t)) & 1 for t in range(n)] for i in range(2**n)]
    net = nn.LSTM(1, lstm.hidden_size).to(dtype)
    net.load_state_dict({k: v.to(dtype) for k, v in lstm.state_dict().items()})
    with torch.no_grad():
        out, _ = net(torch.tensor(words, dtype=dtype).T.unsqueeze(-1))
    answers = round_ties_to_zero(out[:, :, 0].T.numpy().astype(np.float64))
    targets = np.array([classes(w) for w in words])
    right = total = 0
    for length in range(1, n + 1):
        rows = [i for i in range(2**n) if i % 2 ** (n - length) == 0]  # one word per prefix
        right += int((answers[rows, length - 1] == targets[rows, length - 1]).sum())
        total += len(rows)
    return right, total


def train(task: str, hidden: int, seed: int) -> nn.LSTM:
    torch.manual_seed(seed)
    rng = random.Random(seed)
    lstm = nn.LSTM(1, hidden)
    optimiser = torch.optim.Adam(lstm.parameters(), lr=0.02)
    for _ in range(STEPS):
        x, y = batch(task, rng)
        out, _ = lstm(x)
        loss = ((out[:, :, 0] - y) ** 2).mean()
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
    return lstm


def float64_trace(
    lstm: nn.LSTM, word: Sequence[int]
) -> tuple[list[list[float]], list[list[float]]]:
    """torch's float64 h_t and c_t at every step (the net's float32 weights, widened)."""
    net = nn.LSTM(1, lstm.hidden_size).double()
    net.load_state_dict({k: v.double() for k, v in lstm.state_dict().items()})
    state = None
    hs, cs = [], []
    with torch.no_grad():
        for x in word:
            _, state = net(torch.tensor([[[float(x)]]], dtype=torch.float64), state)
            hs.append(state[0][0, 0].tolist())
            cs.append(state[1][0, 0].tolist())
    return hs, cs


# ---- exact model files ----------------------------------------------------------------


def exact_decimal(value: Fraction) -> str:
    """The exact decimal expansion of a dyadic rational p / 2^k (k digits after the point)."""
    if value.denominator & (value.denominator - 1):
        raise ValueError(f"{value} is not dyadic")
    k = value.denominator.bit_length() - 1
    sign = "-" if value < 0 else ""
    scaled = abs(value.numerator) * 5**k  # value = scaled / 10^k
    if k == 0:
        return f"{sign}{scaled}"
    whole, frac = divmod(scaled, 10**k)
    return f"{sign}{whole}.{frac:0{k}d}"


def exact(x: float) -> Fraction:
    return Fraction(float(np.float32(x)))


def toml_vector(values: Sequence[Fraction]) -> str:
    if len(values) == 1:
        return exact_decimal(values[0])
    return "[" + ", ".join(exact_decimal(v) for v in values) + "]"


def toml_matrix(rows: Sequence[Sequence[Fraction]]) -> str:
    if len(rows) == 1 and len(rows[0]) == 1:
        return exact_decimal(rows[0][0])
    return (
        "[" + ", ".join("[" + ", ".join(exact_decimal(v) for v in row) + "]" for row in rows) + "]"
    )


def model_toml(name: str, lstm: nn.LSTM, description: str) -> str:
    state = {k: v.detach().numpy() for k, v in lstm.state_dict().items()}
    n = lstm.hidden_size
    w_ih, w_hh = state["weight_ih_l0"], state["weight_hh_l0"]
    bias = [
        exact(a) + exact(b) for a, b in zip(state["bias_ih_l0"], state["bias_hh_l0"], strict=True)
    ]
    lines = [
        f'name = "{name}"',
        f"description = {json.dumps(description, ensure_ascii=False)}",
        'cell = "lstm"',
        f"hidden = {n}",
        "inputs = 1",
        "alphabet = [0, 1]",
        "",
        "[params]",
    ]
    for block, unit in enumerate("ifco"):  # torch's gate order i, f, g, o; g is the course's c
        rows = slice(block * n, (block + 1) * n)
        lines.append(f"W_{unit}h = {toml_matrix([[exact(v) for v in row] for row in w_hh[rows]])}")
        lines.append(f"W_{unit}x = {toml_matrix([[exact(v) for v in row] for row in w_ih[rows]])}")
        lines.append(f"b_{unit} = {toml_vector(bias[rows])}")
    lines += [
        "",
        "[initial]",
        f"h = {toml_vector([Fraction(0)] * n)}",
        f"c = {toml_vector([Fraction(0)] * n)}",
        "",
        "[readout]",
        'kind = "round"',
        "units = [0]",
        "",
    ]
    return "\n".join(lines)


def export_onnx(lstm: nn.LSTM, path: Path) -> None:
    example = torch.zeros(5, 1, 1)
    torch.onnx.export(
        lstm,
        (example,),
        str(path),
        input_names=["x"],
        output_names=["y", "h_n", "c_n"],
        dynamic_axes={"x": {0: "time"}, "y": {0: "time"}},
        opset_version=17,
        dynamo=False,
    )


def main() -> int:
    from safetensors.torch import save_file

    torch.set_num_threads(1)
    warnings.filterwarnings("ignore", message="Exporting a model to ONNX with a batch_size")
    warnings.filterwarnings("ignore", message="You are using the legacy TorchScript")
    FIXTURES.mkdir(parents=True, exist_ok=True)
    MODELS.mkdir(parents=True, exist_ok=True)
    summary = []
    for t, task in enumerate(TASKS):
        for hidden in HIDDEN_SIZES:
            seed = 1000 + 10 * t + hidden
            name = f"{task}-h{hidden}"
            lstm = train(task, hidden, seed)
            right32, total = accuracy(lstm, task, torch.float32)
            right64, _ = accuracy(lstm, task, torch.float64)
            tensors = {k: v.detach().clone().contiguous() for k, v in lstm.state_dict().items()}
            torch.save(lstm.state_dict(), FIXTURES / f"{name}.pt")
            save_file(tensors, str(FIXTURES / f"{name}.safetensors"))
            export_onnx(lstm, FIXTURES / f"{name}.onnx")
            sha = hashlib.sha256((FIXTURES / f"{name}.pt").read_bytes()).hexdigest()
            words = []
            for word in FIXED_WORDS:
                hs, cs = float64_trace(lstm, word)
                words.append(
                    {"inputs": list(word), "h": hs, "c": cs, "classes": TASKS[task][0](word)}
                )
            record = {
                "name": name,
                "task": task,
                "task_description": TASKS[task][2],
                "hidden": hidden,
                "seed": seed,
                "steps": STEPS,
                "torch": torch.__version__,
                "accuracy_float32": [right32, total],
                "accuracy_float64": [right64, total],
                "pt_sha256": sha,
                "words": words,
            }
            (FIXTURES / f"{name}.json").write_text(json.dumps(record, indent=1) + "\n")
            description = (
                f"PyTorch nn.LSTM(1, {hidden}) trained by bench/train_nets.py (seed {seed}, "
                f"{STEPS} Adam steps) on {TASKS[task][2]}; weights of "
                f"tests/fixtures/trained/{name}.pt (sha256 {sha}) written exactly; "
                f"torch float32 right on {right32} of the {total} words of length 1 to "
                f"{EVAL_LENGTH}"
            )
            (MODELS / f"{name}.toml").write_text(model_toml(name, lstm, description))
            summary.append((name, right32, right64, total))
            print(f"{name:14s} float32 {right32}/{total}  float64 {right64}/{total}", flush=True)
    perfect = sum(1 for _, r, _, total in summary if r == total)
    print(f"{perfect} of {len(summary)} nets right on every word up to length {EVAL_LENGTH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
