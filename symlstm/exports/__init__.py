"""Exports of homework variants: JSON, learning platforms (Moodle XML, QTI 1.2 for Canvas,
PrairieLearn, edX OLX) and student sheets and answer keys (Markdown, HTML, LaTeX/PDF).
Render-level: pure functions from a :class:`~symlstm.variants.generate.VariantSet` to files."""

from __future__ import annotations

from collections.abc import Callable

from symlstm.exports.common import Export
from symlstm.exports.data import export_json
from symlstm.exports.moodle import export_moodle
from symlstm.exports.olx import export_olx
from symlstm.exports.prairielearn import export_prairielearn
from symlstm.exports.qti import export_qti
from symlstm.exports.sheets import export_sheet
from symlstm.variants.generate import VariantSet

Exporter = Callable[[VariantSet, bool], Export]

# format name -> exporter (the bool: the answer key rather than the student sheet)
EXPORTS: dict[str, Exporter] = {
    "json": lambda v, key: export_json(v),
    "moodle": lambda v, key: export_moodle(v),
    "qti": lambda v, key: export_qti(v),
    "prairielearn": lambda v, key: export_prairielearn(v),
    "olx": lambda v, key: export_olx(v),
    "markdown": lambda v, key: export_sheet(v, "markdown", key=key),
    "html": lambda v, key: export_sheet(v, "html", key=key),
    "latex": lambda v, key: export_sheet(v, "latex", key=key),
}


def export_all(value: VariantSet, key: bool = True) -> Export:
    """One folder with the JSON key and the four platform exports: ``key.json``,
    ``moodle.xml``, ``canvas-qti.zip``, ``prairielearn/…``, ``olx/…``."""
    files = [
        ("key.json", export_json(value).content),
        ("moodle.xml", export_moodle(value).content),
        ("canvas-qti.zip", export_qti(value).content),
    ]
    files += [(f"prairielearn/{name}", data) for name, data in export_prairielearn(value).files]
    files += [(f"olx/{name}", data) for name, data in export_olx(value).files]
    return Export(tuple(files), True)


EXPORTS["all"] = export_all
FOLDER_FORMATS = ("prairielearn", "olx", "all")


def export(value: VariantSet, format: str, *, sheet: str = "key") -> Export:
    """``value`` exported as ``format`` (see :data:`EXPORTS`)."""
    return EXPORTS[format](value, sheet == "key")


__all__ = ["EXPORTS", "FOLDER_FORMATS", "Export", "export"]
