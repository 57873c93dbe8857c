"""Magnitudes from 1e-400 to 1e400 in every weight and input, over the commands: each
answers (exit 0, or 1/3 for a refuted/unknown proof) or refuses with one line (exit 2),
never a traceback, and within a budget."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from robust_lib import run_cli

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


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.fixed_dictionaries({name: magnitudes for name in PARAMS}),
    magnitudes.filter(lambda text: text not in ("0", "1")),
)
def test_every_command_on_hostile_magnitudes(
    tmp_path: Path, params: dict[str, str], symbol: str
) -> None:
    body = "\n".join(f'{k} = "{v}"' for k, v in params.items())
    path = tmp_path / "m.toml"
    path.write_text(f'cell = "lstm"\nalphabet = ["0", "{symbol}"]\n[params]\n{body}\n')
    for args in (
        ["solve", str(path), "-i", f"0,{symbol},{symbol}", "--dps", "12", "-f", "json"],
        ["table", str(path), "--max-seconds", "5"],
        ["gaps", str(path), "--max-seconds", "5"],
        ["prove", str(path), "--max-seconds", "2"],
    ):
        run = run_cli(args)
        assert run.status in (0, 1, 2, 3), (args, run.status, run.stderr)
        lines = run.stderr.strip().splitlines()
        if run.status == 2 or (run.status == 3 and not run.stdout):
            # refused, or a budget ran out: one line
            assert len(lines) == 1 and lines[0].startswith("symlstm: "), (args, run.stderr)
        else:  # an answer (3: prove's verdict "unknown", with its reason)
            assert run.stdout.strip() and not lines, (args, run.stderr)
        assert run.seconds < 30, (args, run.seconds)
