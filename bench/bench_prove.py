"""Benchmark: the prover on shift-register LSTMs whose machine has 2ⁿ states, n = 1 … 12.

The cell of size n remembers its last n inputs: component 0 of the candidate is
tanh(200 x − 100) = ±1, component j ≥ 1 is tanh(100 h_{j−1}) (so it copies the sign of
the previous component), the forget gate is closed (b_f = −100), the input and output
gates open (b_i = b_o = 100); starting from h = c = −1 every reachable state has
h_j ≈ ±tanh(1), and the minimal machine has 2ⁿ states (the initial state behaves like
"all inputs 0").

For each n: machine states, boxes, box images computed ("transitions"), proof seconds,
the cost of one ball-arithmetic step of the cell (median over a box's images), and
ratio = seconds / (transitions × one step). Targets: ratio ≤ 2, n = 12 in ≤ 60 s.
"export s" is the time to write the certificate's exact decimal bounds afterwards (not part
of the proof, which compares enclosures with exact binary numbers inside each box).

    python bench/bench_prove.py [--max-n 12] [--repeats 3]
"""

from __future__ import annotations

import argparse
import time

import flint

from symlstm.analysis import Budget, Verdict, prove
from symlstm.model import Model, model_from_mapping
from symlstm.numbers import BALLS, compile_model


def shift_register(n: int) -> Model:
    zero = [[0] * n for _ in range(n)]
    w_ch = [[100 if j == i - 1 else 0 for j in range(n)] for i in range(n)]
    w_cx = [[200 if i == 0 else 0] for i in range(n)]
    b_c = [-100 if i == 0 else 0 for i in range(n)]
    params = {
        "W_fh": zero,
        "W_fx": [[0]] * n,
        "b_f": [-100] * n,
        "W_ih": zero,
        "W_ix": [[0]] * n,
        "b_i": [100] * n,
        "W_oh": zero,
        "W_ox": [[0]] * n,
        "b_o": [100] * n,
        "W_ch": w_ch,
        "W_cx": w_cx,
        "b_c": b_c,
    }
    return model_from_mapping(
        {
            "name": f"shift-{n}",
            "cell": "lstm",
            "hidden": n,
            "inputs": 1,
            "alphabet": [0, 1],
            "params": params,
            "initial": {"h": [-1] * n, "c": [-1] * n},
        },
        source=f"shift register n={n}",
    )


def one_step_seconds(model: Model, bits: int, batches: int = 7, calls: int = 100) -> float:
    """One compiled ball step on a small box around a reachable state: the fastest batch
    mean (the machine may be shared; the minimum is the least disturbed measurement)."""
    cell = compile_model(model)
    n = model.hidden
    with BALLS.precision(bits):
        step = cell.bind(BALLS)
        state = tuple(flint.arb(-1) for _ in range(n)) + tuple(
            flint.arb(-0.76, 1e-12) for _ in range(n)
        )
        x = (flint.arb(1),)
        best = float("inf")
        for _ in range(batches):
            t = time.perf_counter()
            for _ in range(calls):
                cell.next_state(step(*state, *x))
            best = min(best, (time.perf_counter() - t) / calls)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-n", type=int, default=12)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    budget = Budget(max_states=100_000, max_seconds=600)
    print(
        f"{'n':>3} {'states':>7} {'boxes':>7} {'transitions':>11} {'seconds':>9} "
        f"{'one step':>10} {'ratio':>6} {'export s':>9}"
    )
    for n in range(1, args.max_n + 1):
        model = shift_register(n)
        step_before = one_step_seconds(model, budget.bits)
        seconds = float("inf")
        for _ in range(args.repeats):  # the fastest of a few runs, as for the step
            started = time.perf_counter()
            result = prove(model, budget=budget)
            seconds = min(seconds, time.perf_counter() - started)
        assert result.verdict is Verdict.PROVED, result.reason
        assert result.certificate is not None
        exported = time.perf_counter()
        result.certificate.to_data("bench")  # exact decimal bounds of every box
        export = time.perf_counter() - exported
        assert result.machine is not None and result.machine.size == 2**n
        # the machine may be shared: take the faster of two measurements around the proof
        step = min(one_step_seconds(model, budget.bits), step_before)
        ratio = seconds / (result.transitions * step)
        print(
            f"{n:>3} {result.machine.size:>7} {result.boxes:>7} {result.transitions:>11} "
            f"{seconds:>9.3f} {step * 1e6:>8.1f}µs {ratio:>6.2f} {export:>9.3f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
