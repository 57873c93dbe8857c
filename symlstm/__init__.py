"""symlstm: symbolic and exact analysis of small recurrent cells.

>>> import symlstm
>>> model = symlstm.load_model("homework")
>>> print(symlstm.render(symlstm.substituted_equations(model)))  # doctest: +SKIP
"""

__version__ = "0.1.0"

from symlstm.equations import (
    general_equations,
    substituted_equations,
    unrolled_equations,
)
from symlstm.errors import ModelError, SymlstmError, UnknownModelError, UsageError
from symlstm.model import Model, builtin_names, load_model, model_from_toml
from symlstm.notebook import register as _register_notebook_display
from symlstm.notebook import show
from symlstm.render import render

__all__ = [
    "Model",
    "ModelError",
    "SymlstmError",
    "UnknownModelError",
    "UsageError",
    "__version__",
    "builtin_names",
    "general_equations",
    "load_model",
    "model_from_toml",
    "render",
    "show",
    "substituted_equations",
    "unrolled_equations",
]

_register_notebook_display()  # Jupyter shows models and equations richly; no-op elsewhere
