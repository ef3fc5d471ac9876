"""Import runs in the database and the staff's decisions on their conflicts, in the admin."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programmes.importers import run as run_module
from programmes.importers.run import run_import
from programmes.importers.runs import Decision, Outcome, resolve_conflict
from programmes.models import (
    Attendu,
    ConflictState,
    ImportConflict,
    ImportRun,
    Programme,
    ProgrammeAttendu,
)
from tests.backoffice import conftest as backoffice
from tests.factories import make_programme
from tests.importers.conftest import (
    AUDIOVISUEL_CODE,
    AUDIOVISUEL_FICHE,
    AUDIOVISUEL_FORMATION,
    copy_into,
    make_fiche,
    run_command,
)

pytestmark = pytest.mark.django_db

# The back office's personas (tests/backoffice/conftest.py), shared rather than copied.
cohort_a = backoffice.cohort_a
cohort_b = backoffice.cohort_b
counsellor_a = backoffice.counsellor_a
counsellor_b = backoffice.counsellor_b
editor = backoffice.editor
superuser = backoffice.superuser

ORIGINAL = AUDIOVISUEL_FICHE.read_text(encoding="utf-8")
FIRST_PARAGRAPH = "L'objectif de ce BTS est de former des assistants ou chargés de production."
STAFF_TEXT = "Texte réécrit par la rédaction, qui forme des assistants de production."
ONISEP_PARAGRAPH = "L'objectif de ce BTS est de former des chargés de production audiovisuelle."
ATTENDU = "Disposer de capacités d'organisation et d'autonomie"
NEW_ATTENDU = "Disposer de solides capacités d'organisation"


def write_fiche(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / AUDIOVISUEL_FICHE.name).write_text(text, encoding="utf-8")
    return folder


def reload(programme: Programme) -> Programme:
    return Programme.objects.get(pk=programme.pk)


@pytest.fixture
def imported(tmp_path) -> Programme:
    report = run_import(
        paths=[copy_into(tmp_path / "v1", AUDIOVISUEL_FICHE, AUDIOVISUEL_FORMATION)]
    )
    assert report.ok
    return Programme.objects.get(code_scolarite=AUDIOVISUEL_CODE)


@pytest.fixture
def onisep_v2(tmp_path) -> Path:
    """The fiche again, ONISEP having rewritten the first paragraph of its description."""
    return write_fiche(tmp_path / "v2", ORIGINAL.replace(FIRST_PARAGRAPH, ONISEP_PARAGRAPH))


@pytest.fixture
def conflict(imported, onisep_v2) -> ImportConflict:
    """The description edited by the staff, then changed by ONISEP: one pending conflict."""
    imported.description = STAFF_TEXT
    imported.save()
    report = run_import(paths=[onisep_v2])
    assert [c.field for c in report.conflicts] == ["description"]
    return ImportConflict.objects.select_related("run", "programme").get()


def decide(
    client: Client, conflict: ImportConflict, decision: str, *, follow: bool = False, **data
):
    url = reverse("admin:programmes_importrun_decide", args=[conflict.run_id, conflict.pk])
    return client.post(url, {"decision": decision, **data}, follow=follow)


def messages_of(http) -> list[str]:
    return [str(m) for m in http.context["messages"]] if http.context else []


# --- Recording ------------------------------------------------------------------------------


def test_an_import_is_recorded_with_its_command_files_and_counts(tmp_path):
    folder = copy_into(tmp_path / "v1", AUDIOVISUEL_FICHE, AUDIOVISUEL_FORMATION)
    (folder / "autre-diplome.md").write_text(
        make_fiche(code="99999902", type_label="licence professionnelle"), encoding="utf-8"
    )
    (folder / "vide.md").write_text("", encoding="utf-8")

    result = run_command(folder)

    assert result.status == 1  # the empty file fails, the rest imports
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.DONE
    assert run.command == "import_programmes" and run.launched_by is None
    assert run.launcher == "import_programmes"
    assert (
        run.created_count,
        run.updated_count,
        run.unchanged_count,
        run.conflict_count,
        run.failed_count,
        run.skipped_count,
    ) == (1, 0, 0, 0, 1, 1)
    assert run.error == ""
    assert run.started_at <= run.finished_at <= timezone.now()
    fiche = next(s for s in run.sources if s["name"].endswith(AUDIOVISUEL_FICHE.name))
    data = AUDIOVISUEL_FICHE.read_bytes()
    assert fiche == {
        "name": str(folder / AUDIOVISUEL_FICHE.name),
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    assert len(run.sources) == 4

    run_command(folder)
    again = ImportRun.objects.order_by("-pk").first()
    assert again.pk != run.pk and again.unchanged_count == 1 and again.created_count == 0


def test_a_dry_run_records_nothing(tmp_path):
    run_command(copy_into(tmp_path, AUDIOVISUEL_FICHE), dry_run=True)
    assert not ImportRun.objects.exists()


def test_an_import_that_crashes_leaves_a_failed_run_and_the_catalogue_untouched(
    tmp_path, monkeypatch
):
    def crash() -> None:
        raise RuntimeError("disque plein")

    # After every programme is written, before the transaction commits.
    monkeypatch.setattr(run_module.CatalogueVersion, "bump", crash)
    folder = copy_into(tmp_path, AUDIOVISUEL_FICHE, AUDIOVISUEL_FORMATION)

    with pytest.raises(RuntimeError):
        run_import(paths=[folder], command="import_programmes")

    assert not Programme.objects.exists()
    assert not ProgrammeAttendu.objects.exists()
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED
    assert run.error == "RuntimeError : disque plein"
    assert run.finished_at is not None
    assert len(run.sources) == 2  # what it had read


def test_a_conflict_is_recorded_with_both_values_once(conflict, onisep_v2):
    assert conflict.field == "description"
    assert conflict.state == ConflictState.PENDING
    assert conflict.current_value == STAFF_TEXT
    assert conflict.incoming_value.startswith(ONISEP_PARAGRAPH)
    assert conflict.source == str(onisep_v2 / AUDIOVISUEL_FICHE.name)
    assert conflict.run.conflict_count == 1 and conflict.run.updated_count == 0

    run_import(paths=[onisep_v2])  # the same data: nothing new to decide
    assert ImportConflict.objects.count() == 1


# --- Pages ----------------------------------------------------------------------------------


def test_the_run_list_shows_the_counts_newest_first_and_filters_by_status(conflict, editor):
    now = timezone.now()
    failed = ImportRun.objects.create(
        command="import_programmes",
        status=ImportRun.Status.FAILED,
        started_at=now,
        finished_at=now,
        error="RuntimeError : disque plein",
    )
    url = reverse("admin:programmes_importrun_changelist")

    page = editor.get(url)

    assert page.status_code == 200
    runs = list(page.context["cl"].result_list)
    assert runs == [failed, *ImportRun.objects.exclude(pk=failed.pk).order_by("-pk")]
    html = page.content.decode()
    assert "<h1>Imports ONISEP</h1>" in html
    assert "À trancher" in html and "import_programmes" in html
    row = next(r for r in page.context["cl"].result_list if r.pk == conflict.run_id)
    assert (row.conflict_count, row.pending_count) == (1, 1)
    filtered = editor.get(url, {"status__exact": "failed"})
    assert list(filtered.context["cl"].result_list) == [failed]
    assert editor.get(url, {"error__contains": "disque"}).status_code == 400  # no other lookup


def test_a_conflict_shows_on_the_run_page_whole_side_by_side_with_the_two_buttons(conflict, editor):
    page = editor.get(reverse("admin:programmes_importrun_change", args=[conflict.run_id]))

    assert page.status_code == 200
    html = page.content.decode()
    assert "BTS métiers de l&#x27;audiovisuel option gestion de production" in html
    assert "Description" in html  # the field's label
    # Our value whole, its words ONISEP does not have struck; ONISEP's whole, its own underlined.
    assert (
        "<del>Texte réécrit par la rédaction, qui forme</del> des <del>assistants</del> de "
        "production." in html
    )
    assert "des <ins>chargés</ins> de production<ins> audiovisuelle</ins>." in html
    assert conflict.incoming_value.split("\n")[-1].strip()[-40:] in html  # never cut
    assert html.count('name="decision" value="onisep"') == 1
    assert html.count('name="decision" value="ours"') == 1
    assert "Prendre la valeur ONISEP" in html and "Garder la nôtre" in html
    assert 'scope="col"' in html


def test_a_pending_conflict_shows_above_the_programme_form(conflict, editor):
    url = reverse("admin:programmes_programme_change", args=[conflict.programme_id])

    html = editor.get(url).content.decode()

    assert "1 conflit d'import ONISEP en attente" in html
    box, form = html.index("import-conflicts-box"), html.index('id="programme_form"')
    assert box < form
    assert 'name="return_to" value="programme"' in html
    decide(editor, conflict, "ours")
    assert "import-conflicts-box" not in editor.get(url).content.decode()


# --- Decisions ------------------------------------------------------------------------------


def test_taking_onisep_value_writes_it_and_the_field_follows_onisep_again(
    conflict, editor, tmp_path
):
    http = decide(editor, conflict, "onisep", return_to="programme")

    assert http.status_code == 302
    assert http["Location"] == reverse(
        "admin:programmes_programme_change", args=[conflict.programme_id]
    )
    programme = reload(conflict.programme)
    assert programme.description == conflict.incoming_value
    assert programme.imported_values["description"] == conflict.incoming_value
    conflict.refresh_from_db()
    assert conflict.state == ConflictState.TAKEN
    assert conflict.decided_by == editor.user and conflict.decided_at is not None
    followed = editor.get(http["Location"])
    assert "Valeur ONISEP reprise pour « description »" in " ".join(messages_of(followed))
    # No longer « edited by staff »: ONISEP's next change is written, without a conflict.
    v3 = ORIGINAL.replace(FIRST_PARAGRAPH, "Troisième version ONISEP.")
    report = run_import(paths=[write_fiche(tmp_path / "v3", v3)])
    assert report.conflicts == []
    assert reload(programme).description.startswith("Troisième version ONISEP.")


def test_keeping_ours_leaves_the_programme_and_only_a_new_onisep_change_is_reported(
    conflict, editor, onisep_v2, tmp_path
):
    http = decide(editor, conflict, "ours")

    assert http["Location"].endswith(
        reverse("admin:programmes_importrun_change", args=[conflict.run_id])
        + f"#conflit-{conflict.pk}"
    )
    assert reload(conflict.programme).description == STAFF_TEXT
    conflict.refresh_from_db()
    assert (conflict.state, conflict.decided_by) == (ConflictState.KEPT, editor.user)
    # The same ONISEP value again: quiet.
    assert run_import(paths=[onisep_v2]).conflicts == []
    assert ImportConflict.objects.count() == 1
    # ONISEP changes it again: a new conflict, our value still kept.
    v3 = ORIGINAL.replace(FIRST_PARAGRAPH, "Troisième version ONISEP.")
    assert [c.field for c in run_import(paths=[write_fiche(tmp_path / "v3", v3)]).conflicts] == [
        "description"
    ]
    assert reload(conflict.programme).description == STAFF_TEXT
    assert ImportConflict.objects.pending().count() == 1


def test_taking_onisep_attendus_writes_the_list_through_the_importer(imported, tmp_path, editor):
    ProgrammeAttendu.objects.filter(programme=imported, position=6).delete()  # a staff edit
    changed = ORIGINAL.replace(ATTENDU, NEW_ATTENDU)
    run_import(paths=[write_fiche(tmp_path / "v2", changed)])
    conflict = ImportConflict.objects.get(field="attendus")
    assert len(conflict.current_value) == 5 and len(conflict.incoming_value) == 6
    assert NEW_ATTENDU in [text for text, _group in conflict.incoming_value]

    decide(editor, conflict, "onisep")

    texts = list(
        ProgrammeAttendu.objects.filter(programme=imported)
        .order_by("position")
        .values_list("attendu__text", flat=True)
    )
    assert texts == [text for text, _group in conflict.incoming_value]
    assert Attendu.objects.filter(text=NEW_ATTENDU).exists()
    assert run_import(paths=[tmp_path / "v2"]).conflicts == []


def test_deciding_twice_changes_nothing_the_second_time(conflict, editor, superuser):
    decide(editor, conflict, "ours")
    decided_at = ImportConflict.objects.get().decided_at

    http = decide(superuser, conflict, "onisep")

    assert http.status_code == 302
    assert reload(conflict.programme).description == STAFF_TEXT
    again = ImportConflict.objects.get()
    assert (again.state, again.decided_by, again.decided_at) == (
        ConflictState.KEPT,
        editor.user,
        decided_at,
    )
    page = superuser.get(http["Location"])
    assert any("déjà réglé : notre valeur gardée" in m for m in messages_of(page))


def test_a_conflict_of_another_run_or_a_tampered_id_changes_nothing(conflict, editor):
    other = ImportRun.objects.create(command="import_programmes")
    for run_id, conflict_id in [(other.pk, conflict.pk), (conflict.run_id, conflict.pk + 999)]:
        url = reverse("admin:programmes_importrun_decide", args=[run_id, conflict_id])
        http = editor.post(url, {"decision": "onisep"}, follow=True)
        assert http.status_code == 200
        assert any("Ce conflit n'existe pas dans cet import" in m for m in messages_of(http))
    unknown_run = reverse("admin:programmes_importrun_decide", args=[10**9, conflict.pk])
    assert editor.post(unknown_run, {"decision": "onisep"}).status_code == 404
    assert ImportConflict.objects.get().state == ConflictState.PENDING
    assert reload(conflict.programme).description == STAFF_TEXT


def test_a_conflict_of_a_programme_deleted_since_gets_a_french_message(conflict, editor):
    Programme.objects.filter(pk=conflict.programme_id).delete()

    http = decide(editor, conflict, "onisep", return_to="programme", follow=True)

    assert http.status_code == 200
    assert any("supprimée depuis" in m for m in messages_of(http))


def test_a_bad_request_never_gets_a_500(conflict, editor):
    assert decide(editor, conflict, "les-deux").status_code == 400
    assert decide(editor, conflict, "").status_code == 400
    url = reverse("admin:programmes_importrun_decide", args=[conflict.run_id, conflict.pk])
    assert editor.get(url).status_code == 405
    assert editor.get(reverse("admin:programmes_importrun_change", args=["abc"])).status_code == 404
    assert editor.get(reverse("admin:programmes_importrun_change", args=[10**9])).status_code == 404
    assert ImportConflict.objects.get().state == ConflictState.PENDING


def test_a_decision_without_its_csrf_token_is_refused(conflict, editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor.user)
    url = reverse("admin:programmes_importrun_decide", args=[conflict.run_id, conflict.pk])

    assert client.post(url, {"decision": "onisep"}).status_code == 403

    assert ImportConflict.objects.get().state == ConflictState.PENDING


def test_a_value_the_database_would_refuse_is_not_taken_and_nothing_is_half_written(
    conflict, editor
):
    conflict.field = "sigle"
    conflict.incoming_value = "S" * 41  # longer than the column
    conflict.save()
    programme = reload(conflict.programme)
    programme.imported_values = {**programme.imported_values, "sigle": "S" * 41}
    programme.save()

    http = decide(editor, conflict, "onisep", follow=True)

    assert any("n'a pas pu être reprise" in m for m in messages_of(http))
    assert reload(programme).sigle == programme.sigle
    assert ImportConflict.objects.get().state == ConflictState.PENDING


def test_a_conflict_onisep_changed_again_since_is_superseded_not_decided(
    conflict, editor, tmp_path
):
    v3 = ORIGINAL.replace(FIRST_PARAGRAPH, "Troisième version ONISEP.")
    run_import(paths=[write_fiche(tmp_path / "v3", v3)])

    old = ImportConflict.objects.get(pk=conflict.pk)
    new = ImportConflict.objects.exclude(pk=conflict.pk).get()
    assert old.state == ConflictState.SUPERSEDED and old.decided_by is None
    assert new.state == ConflictState.PENDING
    http = decide(editor, conflict, "onisep", follow=True)
    assert any("déjà réglé" in m for m in messages_of(http))
    assert reload(conflict.programme).description == STAFF_TEXT


def test_resolve_conflict_marks_a_stale_conflict_superseded_when_someone_tries(conflict):
    # ONISEP's last value changed without a run recording it (e.g. a run whose conflicts
    # were never recorded): the old value is not applied.
    programme = reload(conflict.programme)
    programme.imported_values = {**programme.imported_values, "description": "autre"}
    programme.save()

    result = resolve_conflict(
        run_id=conflict.run_id, conflict_id=conflict.pk, decision=Decision.TAKE_ONISEP, user=None
    )

    assert result.outcome is Outcome.SUPERSEDED
    assert reload(programme).description == STAFF_TEXT
    assert ImportConflict.objects.get().state == ConflictState.SUPERSEDED


# --- Who may --------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["counsellor_a", "counsellor_b"])
def test_counsellors_never_see_nor_decide_import_conflicts(request, conflict, persona):
    client = request.getfixturevalue(persona)
    pages = [
        reverse("admin:programmes_importrun_changelist"),
        reverse("admin:programmes_importrun_change", args=[conflict.run_id]),
        reverse("admin:programmes_importrun_history", args=[conflict.run_id]),
        reverse("admin:programmes_importrun_decide", args=[conflict.run_id, conflict.pk]),
    ]
    for url in pages:
        assert client.get(url).status_code == 403, url
    for decision in ("onisep", "ours"):
        assert decide(client, conflict, decision).status_code == 403
    assert ImportConflict.objects.get().state == ConflictState.PENDING
    index = client.get(reverse("admin:index")).content.decode()
    assert "Imports ONISEP" not in index


@pytest.mark.parametrize("persona", ["editor", "superuser"])
def test_editors_and_superusers_see_and_decide_import_conflicts(request, conflict, persona):
    client = request.getfixturevalue(persona)
    assert client.get(reverse("admin:programmes_importrun_changelist")).status_code == 200
    assert (
        client.get(reverse("admin:programmes_importrun_change", args=[conflict.run_id])).status_code
        == 200
    )
    assert "Imports ONISEP" in client.get(reverse("admin:index")).content.decode()
    assert decide(client, conflict, "ours").status_code == 302
    assert ImportConflict.objects.get().state == ConflictState.KEPT


def test_nobody_adds_changes_or_deletes_a_run_in_the_admin(conflict, superuser):
    assert superuser.get(reverse("admin:programmes_importrun_add")).status_code == 403
    delete = reverse("admin:programmes_importrun_delete", args=[conflict.run_id])
    assert superuser.post(delete, {"post": "yes"}).status_code == 403
    assert ImportRun.objects.filter(pk=conflict.run_id).exists()


# --- Query counts ---------------------------------------------------------------------------


def _runs_with_conflicts(count: int) -> ImportRun:
    """A finished run with `count` pending conflicts, each on its own programme."""
    now = timezone.now()
    run = ImportRun.objects.create(
        command="import_programmes",
        status=ImportRun.Status.DONE,
        started_at=now,
        finished_at=now,
        conflict_count=count,
        sources=[{"name": f"fiche-{n}.md", "size": 10, "sha256": "0" * 64} for n in range(count)],
    )
    for _n in range(count):
        programme = make_programme(description="notre texte", imported=True)
        ImportConflict.objects.create(
            run=run,
            programme=programme,
            field="description",
            source="fiche.md",
            current_value="notre texte",
            incoming_value="le texte d'ONISEP",
        )
    return run


def _queries(client: Client, url: str) -> int:
    client.get(url)  # warm the content-type and permission caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_run_list_and_the_run_page_run_as_many_queries_whatever_the_conflicts(editor):
    small, large = _runs_with_conflicts(1), _runs_with_conflicts(8)
    run_url = "admin:programmes_importrun_change"

    assert _queries(editor, reverse(run_url, args=[small.pk])) == _queries(
        editor, reverse(run_url, args=[large.pk])
    )
    assert _queries(editor, reverse(run_url, args=[large.pk])) <= 10
    changelist = reverse("admin:programmes_importrun_changelist")
    before = _queries(editor, changelist)
    _runs_with_conflicts(5)
    assert _queries(editor, changelist) == before <= 10
