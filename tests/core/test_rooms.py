"""The rooms of docs/design.md hold: views, pages, API views and tasks stay thin. None of them reaches for a
model manager (`Model.objects`): reads go through a selector, writes through a service."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("accounts", "core", "intake", "people", "plans", "recovery", "reminders", "teams", "trainer", "training")
THIN = ("api.py", "pages.py", "views.py", "tasks.py", "urls.py", "page_urls.py")
# The generic log views every log API builds on.
ALSO_THIN = ("people/logs.py",)


def _thin_modules() -> list[Path]:
    found = {p for app in APPS for p in (ROOT / app).rglob("*.py") if p.name.endswith(THIN)}
    return sorted(found | {ROOT / name for name in ALSO_THIN})


def _manager_uses(path: Path) -> list[int]:
    """Lines that touch `Model.objects`, except `Model.objects.none()` (an empty queryset: a serializer field's or
    the schema's placeholder, never a query)."""
    tree = ast.parse(path.read_text())
    empty = {
        id(n.func.value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "none"
    }
    return [
        n.lineno for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr == "objects" and id(n) not in empty
    ]


def test_the_thin_modules_are_found() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in _thin_modules()}
    assert {"plans/api.py", "recovery/pages.py", "training/api.py", "reminders/tasks.py", "people/logs.py"} <= names


def test_no_thin_module_queries_a_model_itself() -> None:
    found = {p.relative_to(ROOT).as_posix(): lines for p in _thin_modules() if (lines := _manager_uses(p))}
    assert found == {}, "move these reads to a selector and these writes to a service"
