"""Magnitudes from 1e-400 to 1e400 in every weight, input and initial state, over every
command (solve, table, gaps, analyze, prove and check of its certificate, report, explain):
each answers (exit 0, or 1/3/4 for a refuted/unknown/bounded proof) or refuses with one line
(exit 2), never a traceback, and within a budget."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from robust_lib import Run, run_cli

PARAMS = (
    "W_fh",
    "W_fx",
    "b_f",
    "W_ih",
    "W_ix",
    "b_i",
    "W_oh",
    "W_ox",
    "b_o",
    "W_ch",
    "W_cx",
    "b_c",
)

magnitudes = st.builds(
    lambda sign, mantissa, exponent: f"{sign}{mantissa}e{exponent}",
    st.sampled_from(["", "-"]),
    st.integers(1, 9),
    st.integers(-400, 400),
) | st.sampled_from(["0", "1", "-100", "100"])


COMMANDS = {
    "solve": ["solve", "{model}", "-i", "0,{symbol},{symbol}", "--dps", "12", "-f", "json"],
    "table": ["table", "{model}", "--max-seconds", "5"],
    "gaps": ["gaps", "{model}", "--inputs={symbol},0", "--max-seconds", "5"],
    "analyze": ["analyze", "{model}", "--max-seconds", "5"],
    "prove": ["prove", "{model}", "--max-seconds", "3", "-o", "{certificate}"],
    "report": ["report", "{model}", "--max-seconds", "10"],
    "explain": ["explain", "{model}", "--max-seconds", "5"],
}


def _judge(args: list[str], run: Run) -> None:
    assert run.status in (0, 1, 2, 3, 4), (args, run.status, run.stderr)
    lines = run.stderr.strip().splitlines()
    if run.status == 2 or (run.status == 3 and not run.stdout):
        # refused, or a budget ran out: one line
        assert len(lines) == 1 and lines[0].startswith("symlstm: "), (args, run.stderr)
    else:  # an answer (1, 3, 4: prove's verdicts refuted, unknown, bounded, with a reason)
        assert run.stdout.strip() and not lines, (args, run.stderr)
    assert run.seconds < 30, (args, run.seconds)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_on_hostile_magnitudes(tmp_path: Path, command: str) -> None:
    """A few examples per command (each runs in-process, under its own budget)."""

    @settings(
        max_examples=4,
        deadline=None,
        database=None,
        phases=(Phase.explicit, Phase.generate),  # no shrinking: each example is a CLI run
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        st.fixed_dictionaries({name: magnitudes for name in PARAMS}),
        magnitudes.filter(lambda text: text not in ("0", "1")),
        magnitudes,
    )
    def check(params: dict[str, str], symbol: str, initial: str) -> None:
        body = "\n".join(f'{k} = "{v}"' for k, v in params.items())
        path = tmp_path / "m.toml"
        certificate = tmp_path / "c.json"
        certificate.unlink(missing_ok=True)
        path.write_text(
            f'cell = "lstm"\nalphabet = ["0", "{symbol}"]\n[params]\n{body}\n'
            f'[initial]\nh = "0"\nc = "{initial}"\n'
        )
        values = {"model": str(path), "symbol": symbol, "certificate": str(certificate)}
        args = [part.format(**values) for part in COMMANDS[command]]
        run = run_cli(args)
        _judge(args, run)
        if command == "prove" and run.status == 0:
            checked = run_cli(["check", str(certificate)])
            assert checked.status == 0 and checked.stdout.strip() == "valid", checked.stdout

    check()
