"""The built-in models, addressable by name wherever a model is asked for."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from symlstm.errors import UnknownModelError
from symlstm.model.files import model_from_toml, read_model_file
from symlstm.model.model import Model

DEFAULT_MODEL = "homework"

# name -> file in symlstm/model/examples; the order is the order `symlstm models` lists them
BUILTIN_FILES: dict[str, str] = {
    "homework": "homework.toml",
    "homework-wch10": "homework-wch10.toml",
    "calculations": "calculations.toml",
    "gating": "gating.toml",
    "rnn": "rnn.toml",
}


def builtin_names() -> tuple[str, ...]:
    return tuple(BUILTIN_FILES)


def builtin_model(name: str) -> Model:
    if name not in BUILTIN_FILES:
        raise UnknownModelError(name, builtin_names())
    text = (
        resources.files("symlstm.model")
        .joinpath("examples", BUILTIN_FILES[name])
        .read_text(encoding="utf-8")
    )
    return model_from_toml(text, source=f"built-in model {name!r}", name=name)


def load_model(name_or_path: str | Path | None = None) -> Model:
    """A built-in model by name, or a model file by path; the homework when None."""
    if name_or_path is None:
        return builtin_model(DEFAULT_MODEL)
    text = str(name_or_path)
    looks_like_path = isinstance(name_or_path, Path) or "/" in text or text.endswith(".toml")
    if not looks_like_path and text in BUILTIN_FILES:
        return builtin_model(text)
    path = Path(text)
    if path.exists():
        return read_model_file(path)
    raise UnknownModelError(text, builtin_names())
