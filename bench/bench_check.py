"""Benchmark: the independent checker (``symlstm check``) on the certificates the prover
writes, beside the proof itself, in the same run.

For each model: the verdict, the certificate's boxes, the seconds of ``prove`` (without its
own re-check, ``check=False``), the seconds of ``check_certificate`` on its certificate
(JSON round trip included, as ``symlstm check`` reads it), their ratio check / prove, and
the seconds of ``prove`` as the commands run it (the proof, then the checker on its own
certificate within the budget: ``rechecked`` says whether it finished). The checker uses
mpmath's interval arithmetic (a second implementation, DESIGN.md), about 19× slower per
step than the prover's balls, so a ratio near 1 means the checker does little beyond the
arithmetic; what it must never be is the command a user cannot finish.

    python bench/bench_check.py [--max-seconds 30] [--only NAME]

Models: the built-in homework, the issue-12 2-unit GRU (bounded at horizon 2024, nearly
20,000 boxes, covers of one box), the trained tomita1-h2 LSTM (bounded at horizon 19,
grid covers of up to 256 boxes), a zero-start shift register (n = 8).

Measured here (2026-12-02, two soundness workers at nice 19 beside it), check s (ratio):
tomita1-h2 (16,825 boxes) more than 300 s before the cover obligation was decided on
elementary cells (the checker's default budget ran out), 21.2 s (1.10) after; gru2 20.7 s →
14.1 s (7.7) with exact zero weights skipped and the interval constants made once;
shift-8-zero 3.84 s → 1.83 s (24.6: mpmath's intervals against the prover's balls).

Later the same day (two soundness workers at normal priority beside it, so slower), with the
activations' endpoint enclosures kept (grid boxes share faces), old tree → new: gru2 22.7 s
→ 12.8 s (ratio 7.7 → 4.5), tomita1-h2 34.1 s → 21.2 s (1.23 → 0.76), shift-8-zero 3.05 s →
1.32 s (20 → 12.8).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from symlstm import __version__
from symlstm.analysis import Budget, prove
from symlstm.analysis.check import check_certificate
from symlstm.model import Model, load_model, model_from_mapping, read_model_file

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "bench")]

from bench_prove import shift_register, zero_start  # noqa: E402
from issue_models import GRU2  # noqa: E402


def models() -> list[Model]:
    return [
        load_model("homework"),
        model_from_mapping(GRU2, source="<gru2>"),
        read_model_file(ROOT / "bench" / "trained" / "tomita1-h2.toml"),
        zero_start(shift_register(8)),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-seconds", type=float, default=30.0)
    parser.add_argument("--only", default=None)
    args = parser.parse_args()
    print(
        f"{'model':14} {'verdict':>9} {'boxes':>7} {'prove s':>8} {'check s':>8} {'ratio':>6} "
        f"{'command s':>9} {'rechecked':>10}"
    )
    for model in models():
        if args.only and args.only not in model.name:
            continue
        started = time.monotonic()
        result = prove(model, budget=Budget(max_seconds=args.max_seconds), check=False)
        proving = time.monotonic() - started
        if result.certificate is None:
            print(f"{model.name:14} {result.verdict.value:>9}  (no certificate)")
            continue
        text = json.dumps(result.certificate.to_data(__version__))
        started = time.monotonic()
        checked = check_certificate(json.loads(text))
        checking = time.monotonic() - started
        verdict = result.verdict.value if checked.valid else "REJECTED"
        # what `symlstm prove` runs: the proof, then the checker on its certificate
        started = time.monotonic()
        command = prove(model, budget=Budget(max_seconds=args.max_seconds))
        commanding = time.monotonic() - started
        print(
            f"{model.name:14} {verdict:>9} {len(result.certificate.states):>7} "
            f"{proving:>8.2f} {checking:>8.2f} {checking / proving:>6.2f} "
            f"{commanding:>9.2f} {command.rechecked.value:>10}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
