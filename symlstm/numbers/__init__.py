"""The numbers stage: evaluation of a model in arithmetic contexts at a chosen precision."""

from symlstm.numbers.compiled import CompiledCell, Slot, StepFunction, compile_model
from symlstm.numbers.contexts import BALLS, CONTEXTS, FLOATS, POINTS, Context, bits_for_digits

__all__ = [
    "BALLS",
    "CONTEXTS",
    "FLOATS",
    "POINTS",
    "CompiledCell",
    "Context",
    "Slot",
    "StepFunction",
    "bits_for_digits",
    "compile_model",
]
