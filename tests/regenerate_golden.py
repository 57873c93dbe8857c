"""Rewrite the golden files of ``tests/golden/`` from the current code.

Run from the checkout's root, after an intended change of output::

    python -m tests.regenerate_golden

then review ``git diff tests/golden``: a golden file is only as good as that review.
The documents are listed in ``tests/render/golden_cases.py``: the equations of the
built-in models (``equations-*``) and the homework's worked solution, ``symlstm report``
in every format (``report-homework.*``), and what ``prove``, ``explain``, ``table`` and
``analyze`` print (``command-*``).
"""

from __future__ import annotations

import sys
from pathlib import Path


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent / "render"))
    from golden_cases import CASES, GOLDEN_DIR

    GOLDEN_DIR.mkdir(exist_ok=True)
    generated = [
        *GOLDEN_DIR.glob("equations-*"),
        *GOLDEN_DIR.glob("report-*"),
        *GOLDEN_DIR.glob("command-*"),
    ]
    for stale in sorted(generated):
        if stale.name not in CASES:
            stale.unlink()
            print(f"removed {stale.name}")
    for name, make in sorted(CASES.items()):
        path = GOLDEN_DIR / name
        text = make()
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if text != old:
            path.write_text(text, encoding="utf-8")
            print(f"{'updated' if old is not None else 'created'} {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
