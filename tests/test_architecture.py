"""Structure rules a reviewer would otherwise check by hand: Qt stays in kiosk/ui, no cycles."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import kiosk

PACKAGE = Path(kiosk.__file__).parent


def module_names() -> list[str]:
    return sorted(info.name for info in pkgutil.walk_packages([str(PACKAGE)], "kiosk."))


def core_modules() -> list[str]:
    """Everything outside kiosk/ui; `__main__` runs the kiosk when imported, so not that."""
    return [name for name in module_names()
            if not name.startswith("kiosk.ui") and name != "kiosk.__main__"]


def test_importing_the_core_leaves_qt_out() -> None:
    """The core (config, content, navigator, service, status, ...) never imports PySide6."""
    core = core_modules()
    assert {"kiosk.navigator", "kiosk.service", "kiosk.status", "kiosk.cli"} <= set(core)
    script = (f"import importlib, sys\nfor name in {core!r}:\n    importlib.import_module(name)\n"
              "print(sorted(m for m in sys.modules if m.split('.')[0] == 'PySide6'))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, cwd=PACKAGE.parent)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def imports_of(path: Path, name: str) -> set[str]:
    """Every kiosk module `name` imports, anywhere: type-only and lazy imports count too,
    since a type-level cycle (window <-> staff actions) is the design problem to avoid."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module if node.level == 0 else \
                ".".join([*name.split(".")[:-node.level], node.module])
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {m for m in found if m.startswith("kiosk")}


def test_no_import_cycles() -> None:
    names = set(module_names())
    graph: dict[str, set[str]] = {}
    for name in names:
        spec = PACKAGE.parent / (name.replace(".", "/") + ".py")
        path = spec if spec.exists() else spec.with_suffix("") / "__init__.py"
        graph[name] = {m for m in imports_of(path, name) if m in names and m != name}
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str], done: set[str]) -> None:
        for target in sorted(graph[node]):
            if target in trail:
                cycles.append([*trail[trail.index(target):], target])
            elif target not in done:
                visit(target, [*trail, target], done)
        done.add(node)

    finished: set[str] = set()
    for name in sorted(names):
        if name not in finished:
            visit(name, [name], finished)
    assert cycles == []


def test_the_cycle_check_sees_the_old_cycle(tmp_path: Path) -> None:
    """The check above can fail: both halves of the old window <-> actions cycle are seen."""
    a = tmp_path / "a.py"
    a.write_text("from kiosk.ui.staff_actions import WindowStaffActions\n", encoding="utf-8")
    b = tmp_path / "b.py"
    b.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                 "    from kiosk.ui.window import KioskWindow\n", encoding="utf-8")
    assert "kiosk.ui.staff_actions" in imports_of(a, "kiosk.ui.window")
    assert "kiosk.ui.window" in imports_of(b, "kiosk.ui.staff_actions")
    relative = tmp_path / "c.py"
    relative.write_text("from .screens import base\n", encoding="utf-8")
    assert "kiosk.ui.screens" in imports_of(relative, "kiosk.ui.window")
