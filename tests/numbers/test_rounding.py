"""Rounding conventions: the course's answers, the flags, the verdict, one-step reuse."""

from __future__ import annotations

from fractions import Fraction

import flint
import oracle
import pytest

from symlstm.model import builtin_model
from symlstm.numbers import BALLS
from symlstm.numbers.rounding import (
    CONVENTIONS,
    Flag,
    RoundingConvention,
    Stepper,
    TieRule,
    Verdict,
    check_convention,
    convention_named,
    round_ball,
)
from symlstm.render.build import verdict_sentence

QUESTIONS = [
    ([0, 0, 1, 1, 1, 0], [0, 0, 1, -1, 1, 0]),
    ([1, 1, 0, 1, 1], [1, -1, 0, 1, -1]),
]


@pytest.mark.parametrize("name", ["exact", "nearest", "saturate"])
@pytest.mark.parametrize(("inputs", "expected"), QUESTIONS)
def test_homework_answers(name: str, inputs: list[int], expected: list[int]) -> None:
    result = check_convention(builtin_model("homework"), CONVENTIONS[name], inputs)
    assert result.flat_answer() == expected
    assert result.flat_exact_answer() == [
        k for (k,) in oracle.outputs(builtin_model("homework"), inputs, 60)
    ]
    assert result.verdict in (Verdict.AGREES, Verdict.AGREES_FRAGILE)


def test_saturate_flags_the_tie_and_false_saturation() -> None:
    result = check_convention(
        builtin_model("homework"), CONVENTIONS["saturate"], [0, 0, 1, 1, 1, 0]
    )
    last = result.steps[5]
    assert last.outcome.ties == (True,)
    assert Flag.TIE in last.flags
    assert str(last.outcome.output[0]) == "-0.500000000000000"  # exactly -1/2
    assert last.outcome.output[0].is_exact()
    # tanh(c) with c = ±1 sits on the threshold: used as ±1 though tanh(1) = 0.76…
    assert Flag.FALSE_SATURATION in result.steps[2].flags
    assert Flag.FALSE_SATURATION not in result.steps[0].flags
    assert result.verdict is Verdict.AGREES_FRAGILE
    assert "tie at t = 5" in verdict_sentence(result)


def test_nearest_is_not_fragile_on_homework() -> None:
    result = check_convention(builtin_model("homework"), CONVENTIONS["nearest"], [0, 0, 1, 1, 1, 0])
    assert result.verdict is Verdict.AGREES
    assert all(not s.flags for s in result.steps)


def test_teacher_tie_rule_can_disagree() -> None:
    rule = CONVENTIONS["saturate"].with_(tie=TieRule.AWAY_FROM_ZERO)
    result = check_convention(builtin_model("homework"), rule, [0, 0, 1, 1, 1, 0])
    assert result.flat_answer() == [0, 0, 1, -1, 1, -1]
    assert result.verdict is Verdict.DISAGREES
    assert result.steps[5].flags[0] is Flag.DISAGREES
    said = verdict_sentence(result)
    assert "differs" in said and "t = 5" in said


def test_teacher_threshold() -> None:
    # with threshold 2, tanh(±1) stays exact: no tie any more, same answer
    rule = CONVENTIONS["saturate"].with_(threshold=Fraction(2))
    assert rule.threshold == 2 and "threshold 2" in rule.name
    result = check_convention(builtin_model("homework"), rule, [0, 0, 1, 1, 1, 0])
    assert result.flat_answer() == [0, 0, 1, -1, 1, 0]
    assert not any(Flag.TIE in s.flags for s in result.steps)


def test_calculations_quiz() -> None:
    for name in CONVENTIONS:
        result = check_convention(builtin_model("calculations"), CONVENTIONS[name], [5])
        assert result.flat_answer() == [1]


def test_round_ball() -> None:
    with flint.ctx.workprec(64):
        half = flint.arb(1) / 2
        assert round_ball(half, TieRule.TO_ZERO) == (0, True)
        assert round_ball(-half, TieRule.TO_ZERO) == (0, True)
        assert round_ball(-half, TieRule.AWAY_FROM_ZERO) == (-1, True)
        assert round_ball(3 * half, TieRule.TO_EVEN) == (2, True)
        assert round_ball(5 * half, TieRule.TO_EVEN) == (2, True)
        assert round_ball(flint.arb(1).tanh(), TieRule.TO_ZERO) == (1, False)
        assert round_ball(flint.arb("0.5 +/- 0.001"), TieRule.TO_ZERO) == (None, False)


def test_one_step_from_a_rounded_state() -> None:
    """The analyzer's use: apply a convention to one step from any state."""
    stepper = Stepper(builtin_model("homework"), CONVENTIONS["saturate"])
    with BALLS.precision(128):
        # state (c, h) = (1, 1), input 0: c → -1, h = 0.5·(-1) → tie → 0
        outcome = stepper.step((1, 1), (0,))
        assert outcome.rounded == (0,) and outcome.ties == (True,)
        assert [a.argument for a in outcome.activations] == ["z_f", "z_i", "z_o", "z_c", "c"]
        # carried state: c exact (-1), h rounded (0)
        assert [float(v) for v in outcome.state] == [-1.0, 0.0]


def test_unknown_convention_and_bad_threshold() -> None:
    with pytest.raises(ValueError, match="expected one of exact, nearest, saturate"):
        convention_named("sideways")
    with pytest.raises(ValueError, match="positive"):
        RoundingConvention("x", "", Fraction(0), TieRule.TO_ZERO, True)
