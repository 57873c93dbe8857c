"""The equations stage: a cell's update as SymPy expressions, general, substituted, unrolled."""

from symlstm.equations.algebras import Assignment, component_program, general_program
from symlstm.equations.forms import (
    MAX_UNROLL,
    Equation,
    EquationSet,
    Form,
    Relation,
    course_form,
    general_equations,
    substituted_equations,
    unrolled_equations,
    unrolled_states,
)
from symlstm.equations.functions import Hadamard, sigmoid, tanh
from symlstm.equations.programs import PROGRAMS, Role
from symlstm.equations.saturation import SaturatedForm, Saturation, UnitRange, saturated_form

__all__ = [
    "MAX_UNROLL",
    "PROGRAMS",
    "Assignment",
    "Equation",
    "EquationSet",
    "Form",
    "Hadamard",
    "Relation",
    "Role",
    "SaturatedForm",
    "Saturation",
    "UnitRange",
    "component_program",
    "course_form",
    "general_equations",
    "general_program",
    "saturated_form",
    "sigmoid",
    "substituted_equations",
    "tanh",
    "unrolled_equations",
    "unrolled_states",
]
