"""The model stage: cell kinds, exact parameters, model files and the built-in examples."""

from symlstm.model.cells import CELL_KINDS, CellKind, ParamRole, ParamSpec
from symlstm.model.examples import DEFAULT_MODEL, builtin_model, builtin_names, load_model
from symlstm.model.files import model_from_mapping, model_from_toml, read_model_file
from symlstm.model.model import Matrix, Model, Question, Vector
from symlstm.model.numbers import format_number, parse_number
from symlstm.model.readout import DEFAULT_READOUT, Readout, ReadoutKind

__all__ = [
    "CELL_KINDS",
    "DEFAULT_MODEL",
    "DEFAULT_READOUT",
    "CellKind",
    "Matrix",
    "Model",
    "ParamRole",
    "ParamSpec",
    "Question",
    "Readout",
    "ReadoutKind",
    "Vector",
    "builtin_model",
    "builtin_names",
    "format_number",
    "load_model",
    "model_from_mapping",
    "model_from_toml",
    "parse_number",
    "read_model_file",
]
