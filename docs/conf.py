"""Sphinx configuration of symlstm's documentation, built with its own directive."""

project = "symlstm"
author = "the symlstm developers"
extensions = [
    "symlstm.sphinx",
    "sphinx.ext.autodoc",
    "sphinx.ext.imgmath",
    "myst_parser",
]
# Formulas become SVG files at build time: the site renders its math with no network.
imgmath_image_format = "svg"
imgmath_font_size = 14
imgmath_latex_preamble = r"\usepackage{amsmath}\DeclareMathOperator{\sigmoid}{sigmoid}"
html_theme = "alabaster"
html_theme_options = {"page_width": "1240px", "body_max_width": "none"}
exclude_patterns = ["_build"]
symlstm_dps = 30
