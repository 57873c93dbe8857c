"""Benchmark: the prover on shift-register LSTMs whose machine has 2ⁿ states, n = 1 … 12,
started from h = c = −1 and, side by side, from h = c = 0 (2ⁿ⁺¹ − 1 states).

The cell of size n remembers its last n inputs: component 0 of the candidate is
tanh(200 x − 100) = ±1, component j ≥ 1 is tanh(100 h_{j−1}) (so it copies the sign of
the previous component), the forget gate is closed (b_f = −100), the input and output
gates open (b_i = b_o = 100); starting from h = c = −1 every reachable state has
h_j ≈ ±tanh(1), and the minimal machine has 2ⁿ states (the initial state behaves like
"all inputs 0").

For each n: machine states, boxes, box images computed ("transitions"), proof seconds,
and the ratio seconds / (transitions × one ball-arithmetic step of the cell), with the
step timed on the balls of the proof's own boxes, every symbol, in the same run:

* "full step": the cell's whole step, every quantity computed (the reference of the
  issue's target, ratio ≤ 2; also what ``bench_trace.py``'s hand-written loop computes);
* "step": the step as the prover binds it, with the quantities that depend on no argument
  (here the three gates, ``sigmoid(±100)``) computed once per proof: a stricter reference,
  whose ratio is the prover's own bookkeeping (boxes, grid, containment, outputs) over
  its arithmetic.

Proof and steps are timed in turn, ``--repeats`` times, the fastest of each kept (this
machine's speed varies by up to 2× from run to run). Target: n = 12 in ≤ 60 s.
"export s" is the time to write the certificate's exact decimal bounds afterwards (not part
of the proof, which compares enclosures with exact binary numbers inside each box). The
proof is timed without the independent re-check that ``symlstm prove`` adds
(``check=False``; ``bench_check.py`` times that).

    python bench/bench_prove.py [--max-n 12] [--repeats 5]

Measured here (2026-12-02, --repeats 9, load ≈ 2 from other jobs), full-step ratio, start
−1 / zero start: n = 6: 1.68 / 1.81, 7: 1.79 / 1.63, 8: 1.80 / 1.68, 9: 1.97 / 1.66,
10: 1.75 / 1.58, 11: 1.71 / 1.69, 12: 1.82 / 1.60 (zero start n = 12: 8191 states in
1.7 s); the code before, in the same conditions: 2.33 / 2.13, 2.14 / 2.12, 2.09 / 2.03,
2.07 / 1.97, 3.01 / 2.22 for n = 6 … 10. Run to run the ratios move by ±0.3 here.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace

import flint
import sympy

from symlstm.analysis import Budget, Certificate, Verdict, prove
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


def zero_start(model: Model) -> Model:
    """The same register started from h = c = 0: units not yet filled read exactly 0, and
    the reachable machine has 2^(n+1) − 1 states."""
    zeros = tuple(sympy.Integer(0) for _ in range(model.hidden))
    return replace(
        model, name=model.name + "-zero", initial=tuple((s, zeros) for s, _ in model.initial)
    )


STARTS = {
    "-1": (shift_register, lambda n: 2**n),
    "0": (lambda n: zero_start(shift_register(n)), lambda n: 2 ** (n + 1) - 1),
}


def one_step_seconds(
    model: Model, certificate: Certificate, bits: int, *, hoist_constants: bool
) -> float:
    """One ball-arithmetic step of the cell on the balls of every box of the proof, every
    symbol (the proof's own transitions, nothing else), mean per step. ``hoist_constants``:
    the step as the prover binds it (quantities that depend on no argument, such as
    ``sigmoid(b_f)`` here, computed once); otherwise the full step, every quantity of the
    cell computed each time."""
    cell = compile_model(model)
    scale = 10**certificate.digits
    with BALLS.precision(bits):
        step = cell.bind(BALLS, hoist_constants=hoist_constants)
        symbols = [
            tuple(flint.arb(flint.fmpq(int(v.p), int(v.q))) for v in a) for a in model.alphabet
        ]
        states = [
            tuple(
                flint.arb(flint.fmpq(lo, scale)).union(flint.arb(flint.fmpq(hi, scale)))
                for lo, hi in box.bounds
            )
            for box in certificate.boxes
        ]
        pairs = [(state, x) for state in states for x in symbols]
        started = time.perf_counter()
        for state, x in pairs:
            cell.next_state(step(*state, *x))
        return (time.perf_counter() - started) / len(pairs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-n", type=int, default=12)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    budget = Budget(max_states=100_000, max_seconds=600)
    print(
        f"{'start':>5} {'n':>3} {'states':>7} {'boxes':>7} {'transitions':>11} {'seconds':>9} "
        f"{'step':>10} {'ratio':>6} {'full step':>10} {'ratio':>6} {'export s':>9}"
    )
    for n, start in [(n, start) for n in range(1, args.max_n + 1) for start in STARTS]:
        make, expected = STARTS[start]
        model = make(n)
        # proof and step measured in turn, the fastest of each kept: this machine's speed
        # varies (shared host), and the minimum is the least disturbed measurement
        seconds = step = full_step = float("inf")
        for _ in range(args.repeats):
            started = time.perf_counter()
            result = prove(model, budget=budget, check=False)
            seconds = min(seconds, time.perf_counter() - started)
            assert result.verdict is Verdict.PROVED, result.reason
            assert result.certificate is not None
            certificate = result.certificate
            step = min(
                step, one_step_seconds(model, certificate, budget.bits, hoist_constants=True)
            )
            full_step = min(
                full_step, one_step_seconds(model, certificate, budget.bits, hoist_constants=False)
            )
        assert result.machine is not None and result.machine.size == expected(n)
        assert result.certificate is not None
        exported = time.perf_counter()
        result.certificate.to_data("bench")  # exact decimal bounds of every box
        export = time.perf_counter() - exported
        ratio = seconds / (result.transitions * step)
        full_ratio = seconds / (result.transitions * full_step)
        print(
            f"{start:>5} {n:>3} {result.machine.size:>7} {result.boxes:>7} "
            f"{result.transitions:>11} "
            f"{seconds:>9.3f} {step * 1e6:>8.1f}µs {ratio:>6.2f} {full_step * 1e6:>8.1f}µs "
            f"{full_ratio:>6.2f} {export:>9.3f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
