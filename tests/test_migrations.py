"""Historical migrations do not run live project code, and the live reference data still matches
what they seeded.

A migration is history: what it does must not change when a project module is edited. So the
migrations of `orientation` and `programmes` seed frozen copies of their data (written into the
migration file) and use the historical models (`apps.get_model`). The only project imports allowed
are the callables Django's migration writer references in a field's `default=` or `validators=`
(e.g. `default=orientation.models.journey.new_response_token`): those are Django's normal
mechanism, and a broken path there fails loudly when the migrations load.

Because the seeds are frozen, a change of the live data (`BAC_TRACKS` of `programmes.bac_tracks`,
`ROLE_PERMISSIONS` of the back-office roles) no longer reaches the database by itself: the drift
tests at the bottom fail until a new data migration brings the migrated database in line.
(The dimensions' drift is checked by tests/orientation/test_items_sync.py.)
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db.migrations.loader import MigrationLoader
from django.utils.module_loading import import_string

from orientation.backoffice.roles import ROLE_PERMISSIONS
from programmes.bac_tracks import BAC_TRACKS, TECHNO_SERIES
from programmes.importers.access import GENERAL, MISE_A_NIVEAU, PRO
from programmes.models import BacTrack

PROJECT_APPS = ("orientation", "programmes")
# Top-level packages a migration must not import (except for the callables below).
PROJECT_PACKAGES = frozenset({"orientation", "programmes", "tests"})
# Keyword arguments whose value may reference a project callable (the migration writer serialises
# a callable default or validator as its import path). Add e.g. "upload_to" here if a model ever
# uses a callable there.
CALLABLE_KEYWORDS = frozenset({"default", "validators"})


# --- The checker -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Violation:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


def _is_project_module(module: str) -> bool:
    return module.split(".")[0] in PROJECT_PACKAGES


def _dotted(node: ast.expr) -> str | None:
    """`a.b.c` for an attribute chain on a name, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def project_import_violations(source: str) -> tuple[list[Violation], list[str]]:
    """(violations, dotted paths of the project callables referenced) of a migration's source.

    Every import statement anywhere in the module (including inside RunPython functions) is
    checked. An import of a project module is allowed only if each use of every name it binds is
    an attribute chain inside the value of a `default=` or `validators=` keyword argument; the
    full dotted paths of those uses are returned so that the caller can check they are callables.
    Relative imports and `import_module("orientation…")`/`__import__(…)` calls are violations.
    """
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    in_callable_keyword = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.keyword) and node.arg in CALLABLE_KEYWORDS
        for inner in ast.walk(node.value)
    }
    loads: dict[str, list[ast.Name]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            loads.setdefault(node.id, []).append(node)

    violations: list[Violation] = []
    # bound name -> the module path it stands for ("orientation" for `import orientation.x.y`,
    # "orientation.x.f" for `from orientation.x import f`)
    bound: dict[str, tuple[str, ast.stmt]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                violations.append(Violation(node.lineno, "relative import in a migration"))
            elif node.module and _is_project_module(node.module):
                for alias in node.names:
                    if alias.name == "*":
                        violations.append(Violation(node.lineno, f"from {node.module} import *"))
                    else:
                        bound[alias.asname or alias.name] = (f"{node.module}.{alias.name}", node)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if _is_project_module(alias.name):
                    if alias.asname:
                        bound[alias.asname] = (alias.name, node)
                    else:
                        top = alias.name.split(".")[0]
                        bound[top] = (top, node)
        elif isinstance(node, ast.Call):
            target = _dotted(node.func) or ""
            if target.split(".")[-1] in {"import_module", "__import__"} and any(
                isinstance(arg, ast.Constant)
                and isinstance(arg.value, str)
                and _is_project_module(arg.value)
                for arg in node.args
            ):
                violations.append(
                    Violation(node.lineno, f"dynamic import of project code ({target})")
                )

    referenced: list[str] = []
    for name, (path, statement) in bound.items():
        uses = [n for n in loads.get(name, []) if isinstance(n.ctx, ast.Load)]
        if not uses:
            violations.append(
                Violation(statement.lineno, f"project import {path!r} not used as a default")
            )
        for use in uses:
            outer: ast.expr = use
            while isinstance(parents.get(outer), ast.Attribute):
                outer = parents[outer]
            if id(use) not in in_callable_keyword:
                violations.append(
                    Violation(
                        use.lineno,
                        f"project code {_dotted(outer) or name!r} used outside a "
                        f"{'/'.join(sorted(CALLABLE_KEYWORDS))} keyword: freeze a copy instead",
                    )
                )
            else:
                dotted = _dotted(outer) or name
                referenced.append(path + dotted[len(name) :] if path != name else dotted)
    return sorted(violations, key=lambda v: v.line), referenced


def project_migration_files() -> list[Path]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    files = {
        Path(sys.modules[type(migration).__module__].__file__)
        for (app_label, _name), migration in loader.disk_migrations.items()
        if app_label in PROJECT_APPS
    }
    return sorted(files)


# --- The checker on examples -----------------------------------------------------------------

DEFAULT_OK = """
import orientation.models.journey
from django.db import migrations, models
from orientation.validators import check_code

class Migration(migrations.Migration):
    operations = [
        migrations.AddField(
            "cohort", "code",
            models.CharField(
                default=orientation.models.journey.new_cohort_code, validators=[check_code]
            ),
        ),
    ]
"""

FUNCTION_LEVEL_IMPORT = """
def seed(apps, schema_editor):
    from programmes.bac_tracks import BAC_TRACKS
    for code, label, family in BAC_TRACKS:
        pass
"""

MODULE_IMPORT_USED_IN_CODE = """
import orientation.models.journey

def fill(apps, schema_editor):
    orientation.models.journey.result_summary({})

FIELD = models.CharField(default=orientation.models.journey.new_cohort_code)
"""


def test_the_checker_allows_callables_referenced_as_default_or_validators():
    violations, referenced = project_import_violations(DEFAULT_OK)
    assert violations == []
    assert sorted(referenced) == [
        "orientation.models.journey.new_cohort_code",
        "orientation.validators.check_code",
    ]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (FUNCTION_LEVEL_IMPORT, ["line 4: project code 'BAC_TRACKS' used outside"]),
        (
            MODULE_IMPORT_USED_IN_CODE,
            ["line 5: project code 'orientation.models.journey.result_summary' used outside"],
        ),
        ("from orientation.roles import ensure_roles\n", ["line 1: project import"]),
        ("from . import seed_data\n", ["line 1: relative import"]),
        ("import importlib\nimportlib.import_module('programmes.bac_tracks')\n", ["line 2: dyn"]),
    ],
    ids=["function-level", "module-import-in-code", "unused", "relative", "import_module"],
)
def test_the_checker_flags_live_project_code(source, expected):
    violations, _referenced = project_import_violations(source)
    assert len(violations) == len(expected)
    for violation, start in zip(violations, expected, strict=True):
        assert str(violation).startswith(start), str(violation)


# --- The project's migrations ----------------------------------------------------------------


def test_the_project_migrations_are_found():
    names = {(path.parent.parent.name, path.stem) for path in project_migration_files()}
    assert {
        ("orientation", "0002_seed_dimensions"),
        ("orientation", "0005_response_summary_and_roles"),
        ("programmes", "0002_seed_bac_tracks"),
    } <= names


@pytest.mark.parametrize(
    "path", project_migration_files(), ids=lambda p: f"{p.parent.parent.name}/{p.stem}"
)
def test_migrations_import_no_project_code_except_field_default_callables(path):
    violations, referenced = project_import_violations(path.read_text(encoding="utf-8"))
    assert violations == [], "\n".join(str(v) for v in violations)
    for dotted in referenced:
        assert callable(import_string(dotted)), dotted


# --- Live data against the migrated database (drift needs a new data migration) ---------------


@pytest.mark.django_db
def test_the_migrated_bac_tracks_are_the_live_reference_list():
    """The importer maps the codes it parses onto BacTrack rows and drops a code without a row;
    forms, export and admin read labels from BAC_TRACKS."""
    rows = list(BacTrack.objects.order_by("position").values_list("code", "label", "family"))
    assert rows == [(code, str(label), family) for code, label, family in BAC_TRACKS]
    assert list(BacTrack.objects.values_list("position", flat=True)) == list(range(len(rows)))
    parsed_codes = {GENERAL, PRO, MISE_A_NIVEAU, *TECHNO_SERIES}
    assert parsed_codes == set(BacTrack.objects.values_list("code", flat=True))


@pytest.mark.django_db
def test_the_migrated_groups_are_exactly_the_live_roles():
    migrated = {
        group.name: {
            f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")
        }
        for group in Group.objects.prefetch_related("permissions")
    }
    assert migrated == {name: set(perms) for name, perms in ROLE_PERMISSIONS.items()}
