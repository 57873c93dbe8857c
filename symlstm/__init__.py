"""symlstm: symbolic and exact analysis of small recurrent cells.

>>> import symlstm
>>> model = symlstm.load_model("homework")
>>> print(symlstm.render(symlstm.substituted_equations(model)))  # doctest: +SKIP

The public names are imported when first used (``symlstm --version`` and ``import
symlstm`` load no SymPy); in IPython, models and equations display themselves.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

__version__ = "0.1.0"

# public name -> the module that defines it
_API: dict[str, str] = {
    "general_equations": "symlstm.equations",
    "substituted_equations": "symlstm.equations",
    "unrolled_equations": "symlstm.equations",
    "ModelError": "symlstm.errors",
    "SymlstmError": "symlstm.errors",
    "UnknownModelError": "symlstm.errors",
    "UsageError": "symlstm.errors",
    "Model": "symlstm.model",
    "builtin_names": "symlstm.model",
    "load_model": "symlstm.model",
    "model_from_toml": "symlstm.model",
    "show": "symlstm.notebook",
    "render": "symlstm.render",
}

__all__ = sorted([*_API, "__version__"])


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'symlstm' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_API})


if "IPython" in sys.modules:  # Jupyter shows models and equations richly; nothing elsewhere
    from symlstm.notebook import register as _register_notebook_display

    _register_notebook_display()
