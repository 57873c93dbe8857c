"""Homework variants: every answer key checked against the independent mpmath oracle and by
brute force over all short words; filters, templates, determinism and bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from fractions import Fraction
from functools import cache
from pathlib import Path

import mpmath
import oracle
import pytest
from cli_runner import run_cli

from symlstm.analysis.explain import LIBRARY
from symlstm.errors import UsageError
from symlstm.model import load_model
from symlstm.variants.generate import MachineRule, VariantOptions, generate
from symlstm.variants.questions import ChoiceQuestion, NumericQuestion, QuestionKind, StatesQuestion
from symlstm.variants.templates import apply_params, parse_vary

ROOT = Path(__file__).resolve().parents[2]
HOMEWORK = load_model("homework")
TEMPLATES = ["W_ch=-100:-10:10", "b_o=-2:3:1", "scale=1/2:2:1/2", "inputs=3:6"]
WORDS = 7  # brute force over every word of up to this length


def _variants(count: int = 12, **changes: object) -> tuple:  # type: ignore[type-arg]
    templates, lengths = parse_vary(HOMEWORK, TEMPLATES)
    options = VariantOptions(count=count, seed=3, templates=templates, lengths=lengths)
    fields = {**options.__dict__, **changes}
    return generate(HOMEWORK, VariantOptions(**fields)).variants  # type: ignore[arg-type]


@cache
def _outputs(model: object, word: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(o[0] for o in oracle.outputs(model, [(v,) for v in word], 60))


def _all_words() -> list[tuple[int, ...]]:
    return [w for n in range(1, WORDS + 1) for w in oracle.all_words((0, 1), n)]


def test_states_and_calculation_keys_agree_with_the_oracle() -> None:
    for variant in _variants():
        for q in variant.questions:
            if isinstance(q, StatesQuestion):
                word = tuple(int(x[0]) for x in q.inputs)
                assert [a[0] for a in q.answer] == list(_outputs(variant.model, word))
                for run in q.conventions:
                    if run.convention == "exact":
                        assert run.answer == q.answer
            if isinstance(q, NumericQuestion) and q.kind is QuestionKind.CALCULATIONS:
                prompt = "".join(p for p in q.prompt if isinstance(p, str))
                x = int(prompt.split("x_0 = ")[1].split(",")[0])
                with mpmath.workdps(60):
                    h = oracle.run(variant.model, [(x,)], 60)[0]["h"][0]
                    error = abs(h - mpmath.mpf(q.answer.numerator) / q.answer.denominator)
                    assert error <= mpmath.mpf(1) / (2 * 10**q.places)
                    assert q.tolerance == Fraction(1, 10**q.places)


def test_info_statements_are_decided_right_by_brute_force() -> None:
    properties = {p.name: p for p in LIBRARY}
    seen_true = seen_false = 0
    for variant in _variants():
        for q in variant.questions:
            if not (isinstance(q, ChoiceQuestion) and q.kind is QuestionKind.INFO):
                continue
            for choice in q.choices:
                machine = properties[choice.name].machine
                table: dict[int, set[int]] = {}
                for word in _all_words():
                    value = machine.output_trace(word)[-1][0]
                    table.setdefault(_outputs(variant.model, word)[-1], set()).add(value)
                function = all(len(v) == 1 for v in table.values())
                if choice.correct:
                    seen_true += 1
                    assert function, (variant.id, choice.name)
                else:
                    seen_false += 1
                    assert not function, (variant.id, choice.name)
                    # the counterexample shown in the key: same output, different truth
                    first, second = (tuple(int(x[0]) for x in w) for w in choice.counterexample)
                    assert _outputs(variant.model, first)[-1] == _outputs(variant.model, second)[-1]
                    assert machine.output_trace(first)[-1] != machine.output_trace(second)[-1]
    assert seen_true and seen_false


def test_compute_machine_reproduces_the_oracle_on_every_short_word() -> None:
    for variant in _variants(6):
        machine = next(
            q.machine for q in variant.questions if isinstance(q, NumericQuestion) and q.machine
        )
        assert machine is not None
        for word in _all_words():
            assert [o[0] for o in machine.output_trace(word)] == list(_outputs(variant.model, word))


def test_robust_variants_agree_under_every_convention_without_ties() -> None:
    variants = _variants(10, robust=True)
    assert len(variants) == 10
    for variant in variants:
        assert variant.robust
        for q in variant.questions:
            if isinstance(q, StatesQuestion):
                assert {c.answer for c in q.conventions} == {q.answer}
                assert q.issues == ()
    # not every candidate is robust: the filter really drops some
    everything = _variants(30)
    assert not all(v.robust for v in everything)


def test_machine_same_keeps_the_homeworks_machine() -> None:
    for variant in _variants(5, machine=MachineRule.SAME):
        for word in _all_words():
            assert _outputs(variant.model, word) == _outputs(HOMEWORK, word)
    # without the filter the machine does change among these templates
    sizes = {v.machine.size for v in _variants(20) if v.machine is not None}
    assert len(sizes) > 1


def test_distinct_answer_keys() -> None:
    variants = _variants(8, distinct=True)
    keys = [v.key() for v in variants]
    assert len(set(keys)) == len(keys)


def test_templates_ranges_lists_and_scale() -> None:
    templates, lengths = parse_vary(HOMEWORK, ["W_ch=-10:-1:3", "b_o=1,2,2", "scale=2", "inputs=4"])
    assert templates[0].values == (Fraction(-10), Fraction(-7), Fraction(-4), Fraction(-1))
    assert templates[1].values == (Fraction(1), Fraction(2))
    assert lengths is not None and (lengths.low, lengths.high) == (4, 4)
    scaled = apply_params(HOMEWORK, (("W_ch", Fraction(-3)), ("scale", Fraction(1, 2))))
    assert scaled.weight("W_ch")[0][0] == Fraction(-3, 2)
    assert scaled.weight("W_cx")[0][0] == 25
    assert scaled.bias("b_f")[0] == -50


def test_too_strict_filters_say_so() -> None:
    with pytest.raises(UsageError, match="only 0 of 2 variants pass"):
        _variants(2, robust=True, margin=Fraction(10**6), max_candidates=20)


def test_json_shape_matches_the_issue() -> None:
    run = run_cli(["variants", *[a for t in TEMPLATES for a in ("--vary", t)], "--count", "2"])
    assert run.status == 0, run.stderr
    data = json.loads(run.stdout)
    assert list(data) == ["variants"]
    first = data["variants"][0]
    assert set(first) >= {"id", "params", "questions"}
    assert all(isinstance(v, str) for v in first["params"].values())
    states = first["questions"][0]
    assert states["kind"] == "states" and {"title", "inputs", "answer"} <= set(states)
    kinds = {q["kind"] for q in first["questions"]}
    assert kinds == {"states", "info", "calculations", "gating", "saturation", "compute"}


def test_same_bytes_for_any_hash_seed() -> None:
    args = [sys.executable, "-m", "symlstm", "variants", "--count", "3", "--seed", "5"]
    args += [a for t in TEMPLATES for a in ("--vary", t)]
    outputs = set()
    for seed in ("0", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        done = subprocess.run(args, capture_output=True, env=env, check=True, cwd=ROOT)
        outputs.add(done.stdout)
    assert len(outputs) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--vary", "W_zz=1"], "--vary: 'W_zz' is not a parameter"),
        (["--vary", "W_ch=1:0:1"], "is empty"),
        (["--vary", "W_ch=0:1:0"], "step must be positive"),
        (["--vary", "W_ch"], "expected NAME=SPEC"),
        (["--vary", "W_ch=abc"], "--vary:"),
        (["--vary", "inputs=0:3"], "inputs: expected 1"),
        (["--count", "0"], "--count:"),
        (["--rounding", "bogus"], "--rounding: unknown name 'bogus'"),
        (["--questions", "states,nope"], "--questions: unknown name 'nope'"),
        (["--format", "prairielearn"], "--output: the prairielearn export is a folder"),
        (["--workers", "x"], "--workers: expected a whole number"),
        (["--scheduler", "nowhere"], "--scheduler: expected a scheduler address"),
    ],
)
def test_bad_input_is_one_line_and_status_2(args: list[str], message: str) -> None:
    run = run_cli(["variants", "--count", "1", *args])
    assert run.status == 2
    assert run.stdout == ""
    assert message in run.stderr and run.stderr.count("\n") == 1
