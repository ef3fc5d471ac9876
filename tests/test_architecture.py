"""The rooms stay apart and each fact keeps one definition (docs/architecture.md)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The one module of `orientation` that `programmes` may import: admin helpers both apps share.
NEUTRAL_MODULES = {"orientation.config.admin_tools"}
# Leaves the neutral modules may import: they import no project module themselves (so no cycle
# can go through them), and text folding keeps one definition.
LEAF_MODULES = {"programmes.text"}


def source_files(package: str) -> list[Path]:
    return sorted(p for p in (ROOT / package).rglob("*.py") if "migrations" not in p.parts)


def imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules.add(node.module)
    return modules


def test_programmes_imports_orientation_only_through_the_declared_neutral_modules():
    offending = {
        str(path.relative_to(ROOT)): sorted(
            m for m in imported_modules(path) if m.split(".")[0] == "orientation"
        )
        for path in source_files("programmes")
    }
    offending = {
        path: [m for m in modules if m not in NEUTRAL_MODULES]
        for path, modules in offending.items()
    }
    assert {path: modules for path, modules in offending.items() if modules} == {}


def test_the_neutral_modules_import_neither_app_but_django():
    for module in NEUTRAL_MODULES:
        path = ROOT / (module.replace(".", "/") + ".py")
        project = {
            m for m in imported_modules(path) if m.split(".")[0] in ("orientation", "programmes")
        }
        assert project - LEAF_MODULES == set(), module
    for module in LEAF_MODULES:
        path = ROOT / (module.replace(".", "/") + ".py")
        project = {
            m for m in imported_modules(path) if m.split(".")[0] in ("orientation", "programmes")
        }
        assert project == set(), module


def docstring_lines(source: str) -> set[int]:
    """Line numbers of the docstrings of a module, its classes and functions (prose, not code)."""
    lines = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                lines.update(range(first.lineno, first.end_lineno + 1))
    return lines


def code_lines_matching(pattern: str, *, packages=("orientation", "programmes")) -> list[str]:
    """Lines of code (not comments, not docstrings) matching `pattern`, as "path:line"."""
    found = []
    for package in packages:
        for path in source_files(package):
            source = path.read_text(encoding="utf-8")
            prose = docstring_lines(source)
            for number, line in enumerate(source.splitlines(), 1):
                if number in prose or line.lstrip().startswith("#"):
                    continue
                if re.search(pattern, line):
                    found.append(f"{path.relative_to(ROOT)}:{number}")
    return found


@pytest.mark.parametrize(
    ("fact", "pattern", "home"),
    [
        (
            "the sector-interest dimension slug",
            r"[\"']interet-secteur[\"']",
            "orientation/dimensions.py",
        ),
        ("the catalogue's diploma kinds", r"[\"']BTSA[\"']", "programmes/catalogue.py"),
        ("bac track labels", r"for code, label, _family in BAC_TRACKS", "programmes/bac_tracks.py"),
        ("the suggestions a student sees", r"^\s*MAX_SUGGESTIONS\s*=", "orientation/results.py"),
        ("the private-link prefix", r"PRIVATE_PREFIX\s*=", "orientation/private_links.py"),
        ("the admin site's titles", r"site_header\s*=", "orientation/config/admin_site.py"),
        (
            "a domain's top-level domain",
            r"parent or d\b|\.parent if .*parent_id else",
            "programmes/models.py",
        ),
    ],
)
def test_each_fact_has_one_definition(fact, pattern, home):
    places = code_lines_matching(pattern)
    assert [place.rsplit(":", 1)[0] for place in places] == [home], (fact, places)


def test_no_module_changes_the_admin_site_outside_registration():
    """Titles and URLs belong to the site class: no module assigns to admin.site's attributes
    or patches its methods (registration with @admin.register is the only use)."""
    assert code_lines_matching(r"admin\.site\.\w+\s*=") == []
