"""The pure cores stay pure at run time as well as on paper: importing any of them, in a fresh interpreter,
loads no Django, DRF or Celery (a package `__init__` that loads one would break this, not import-linter)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
[PURITY] = [c for c in CONTRACTS if c["name"] == "Pure cores import no framework"]


def test_the_contract_names_every_core_of_the_design() -> None:
    assert {"plans.engine", "recovery.status", "intake.targets", "reminders.timing", "people.rules"} <= set(
        PURITY["source_modules"]
    )


@pytest.mark.parametrize("module", PURITY["source_modules"])
def test_importing_a_pure_core_loads_no_framework(module: str) -> None:
    frameworks = tuple(PURITY["forbidden_modules"])
    code = f"import sys, {module}; loaded = [m for m in sys.modules if m.split('.')[0] in {frameworks!r}]; "
    code += "print(*loaded); sys.exit(1 if loaded else 0)"
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
