"""Browser-side helpers kept as JavaScript files, so they read as JavaScript."""

from functools import cache
from pathlib import Path

HERE = Path(__file__).parent


@cache
def function(entry: str, *files: str) -> str:
    """A function expression for Playwright's evaluate() that declares the functions of the
    given files (harness/js/<file>.js) and calls `entry` with its arguments."""
    sources = "\n".join((HERE / f"{name}.js").read_text(encoding="utf-8") for name in files)
    return f"(...args) => {{\n{sources}\nreturn {entry}(...args);\n}}"
