"""The planning core stays pure: no Django import, and no I/O beyond load_catalogue's one read."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "plans" / "engine"


def _modules() -> list[Path]:
    return sorted(ENGINE.glob("*.py"))


def test_no_module_imports_django() -> None:
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(name.split(".")[0] == "django" for name in names), path.name


def test_only_load_catalogue_opens_a_file() -> None:
    for path in _modules():
        calls = [
            node
            for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", "")) in {"open", "read_text"}
        ]
        assert not calls or path.name == "catalogue.py", path.name


def test_importing_the_engine_loads_no_django() -> None:
    code = "import sys, plans.engine; sys.exit(any(m.split('.')[0] == 'django' for m in sys.modules))"
    root = ENGINE.parents[1]
    assert subprocess.run([sys.executable, "-c", code], cwd=root, check=False).returncode == 0
