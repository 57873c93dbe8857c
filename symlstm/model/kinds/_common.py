"""What the kinds' update programs share: the course's affine pre-activation."""

from __future__ import annotations

from typing import Any

from symlstm.model.cells import Role


def preactivation(a: Any, unit: str, state: Any, source: str) -> Any:
    """z_unit = W^{unit,source} s_{t-1} + W^{unit,x} x_t + b_unit (course order)."""
    total = a.add(
        a.weight(f"W_{unit}{source}", state), a.weight(f"W_{unit}x", a.input()), a.bias(f"b_{unit}")
    )
    return a.let(f"z_{unit}", Role.PREACTIVATION, total)
