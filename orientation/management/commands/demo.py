"""Demonstration data for the back office (development only).

Creates a counsellor account and an editor account (random passwords, printed), a cohort, and
about thirty plausible completed responses built with the real journey functions: the
questionnaire snapshot of `orientation.questionnaire`, varied answers, the result of
`orientation.results.compute_result`.

For scale tests (`make bench-scale`) it also fills a big table:

- `--responses N` with N above one class: the first COHORT_SIZE responses go in the demo
  cohort as above, the others in synthetic cohorts of COHORT_SIZE students that no counsellor
  follows. They are clones of a pool of real results (both journeys, varied answers, a tenth of
  drafts) with their own token, pseudonym, cohort and dates spread over two years, inserted in
  batches through `orientation.storage.bulk_store`. Running again tops the table up to N.
- `--programmes M`: published synthetic programmes until the published catalogue holds M,
  clones of real programmes that have a questionnaire (attendus, métiers, domains, bac tracks,
  interest areas copied), so the scoring ranks them like real ones.

`--reset` removes all of it: demo and synthetic cohorts with their responses, synthetic
programmes, the two accounts.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from orientation.backoffice.roles import COUNSELLOR_GROUP, EDITOR_GROUP, ensure_roles
from orientation.erasure import erase_responses
from orientation.models import (
    AttenduItem,
    Cohort,
    ProgrammeInterest,
    Response,
    new_cohort_code,
    new_response_token,
)
from orientation.questionnaire import discovery_questionnaire, programme_questionnaire
from orientation.results import compute_result
from orientation.storage import bulk_store
from programmes.models import CatalogueVersion, Programme, ProgrammeAttendu, ProgrammeMetier

COHORT_NAME = "Démo — Terminale STMG 2"
COUNSELLOR = ("conseil.demo", "Camille", "Martin", COUNSELLOR_GROUP)
EDITOR = ("redaction.demo", "Alex", "Durand", EDITOR_GROUP)
# Programmes a class of STMG students often tests, in order of preference (slug prefixes).
FAVOURITES = (
    "bts-management-commercial-operationnel",
    "bts-services-informatiques-aux-organisations",
    "bts-comptabilite-et-gestion",
    "bts-negociation-et-digitalisation-de-la-relation-client",
    "bts-tourisme",
    "bts-support-a-l-action-manageriale",
)
PROGRAMMES = 4
PROGRAMME_WEIGHTS = (5, 3, 2, 2)
DISCOVERY_SHARE = 0.25
DRAFTS = 3
FIRST_NAMES = (
    "Léa", "Yanis", "Inès", "Lucas", "Chloé", "Adam", "Manon", "Enzo", "Jade", "Noah",
    "Camille", "Rayan", "Sarah", "Hugo", "Lina", "Nathan", "Emma", "Mathis", "Zoé", "Théo",
    "Maëlys", "Sofiane", "Anaïs", "Kylian", "Louna", "Bilal", "Clara", "Axel", "Ambre", "Ilyes",
)  # fmt: skip
BACS = ("stmg", "stmg", "stmg", "general", "sti2d", "pro")
CODES = {0: "pas-du-tout", 1: "plutot-pas", 2: "plutot", 3: "tout-a-fait"}

# --- Scale data --------------------------------------------------------------------------------
# One class: the demo cohort holds at most this many completed responses, each synthetic cohort
# at most this many students.
COHORT_SIZE = 35
SYNTHETIC_COHORT_PREFIX = "Démo — cohorte synthétique n° "
# Real results cloned into synthetic responses: computed once, from this many programmes.
POOL_SIZE = 60
POOL_DRAFTS = 8
POOL_PROGRAMMES = 12
SYNTHETIC_DRAFT_SHARE = 0.10
# Synthetic classes answered over the last two years, each within three weeks.
HISTORY_DAYS = 730
SESSION_DAYS = 21
BATCH_SIZE = 2000
# Synthetic programmes: a code scolarité no real diploma has (real ones are digits only).
SYNTHETIC_CODE_PREFIX = "SYN"
SYNTHETIC_SOURCE = "manage.py demo --programmes (synthétique)"


def is_synthetic_programme() -> Q:
    return Q(code_scolarite__startswith=SYNTHETIC_CODE_PREFIX)


@contextmanager
def explicit_dates(model, *names: str) -> Iterator[None]:
    """Inside the block, `bulk_create` keeps the dates set on the objects instead of stamping
    them with now (auto_now / auto_now_add). For this command only: it changes the fields for
    the whole process while the block runs."""
    fields = [model._meta.get_field(name) for name in names]
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


class Command(BaseCommand):
    help = _(
        "Crée des données de démonstration du back-office : un compte conseiller, un compte "
        "rédaction (mots de passe aléatoires affichés), une cohorte et une trentaine de réponses "
        "terminées. Pour les tests de charge : --responses N au-delà de %(size)d remplit aussi "
        "des cohortes synthétiques de %(size)d élèves (réponses réelles clonées, insérées par "
        "lots) et --programmes M ajoute des formations publiées synthétiques jusqu'à M. "
        "Relancée, la commande complète jusqu'à N et M. Refusé hors développement (DEBUG "
        "désactivé)."
    ) % {"size": COHORT_SIZE}

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help=_(
                "Supprime d'abord la cohorte de démonstration, les cohortes et formations "
                "synthétiques, leurs réponses et les comptes."
            ),
        )
        parser.add_argument(
            "--responses",
            type=int,
            default=30,
            help=_(
                "Nombre de réponses à créer (30 par défaut). Les %(size)d premières, terminées, "
                "vont dans la cohorte de démonstration (avec %(drafts)d brouillons) ; les "
                "suivantes dans des cohortes synthétiques de %(size)d élèves."
            )
            % {"size": COHORT_SIZE, "drafts": DRAFTS},
        )
        parser.add_argument(
            "--programmes",
            type=int,
            default=0,
            help=_(
                "Nombre de formations publiées à atteindre en ajoutant des copies synthétiques "
                "de formations réelles (0 par défaut : aucune ajoutée)."
            ),
        )
        parser.add_argument(
            "--seed", type=int, default=2026, help=_("Graine du hasard (réponses reproductibles).")
        )

    def handle(self, *args, reset: bool, responses: int, programmes: int, seed: int, **options):
        if not settings.DEBUG:
            raise CommandError(
                _(
                    "La commande demo est réservée au développement (DEBUG activé) : elle crée "
                    "des comptes dont elle affiche les mots de passe. Rien n'a été créé."
                )
            )
        if responses < 0:
            raise CommandError(_("--responses doit être positif."))
        if programmes < 0:
            raise CommandError(_("--programmes doit être positif."))
        rng = random.Random(seed)
        with transaction.atomic():
            ensure_roles()
            if reset:
                self._reset()
            added_programmes = self._add_programmes(programmes)
            accounts = [self._account(*spec) for spec in (COUNSELLOR, EDITOR)]
            cohort, _created = Cohort.objects.get_or_create(name=COHORT_NAME)
            cohort.counsellors.add(accounts[0][0])
            existing = cohort.responses.count()
            demo_count = min(responses, COHORT_SIZE)
            if not existing:
                self._responses(cohort, self._programmes(), rng, count=demo_count)
        # Batches commit one by one: an interrupted run keeps what it wrote, the next one tops up.
        synthetic = self._synthetic_responses(rng, count=max(0, responses - COHORT_SIZE))
        self._report(accounts, cohort, created=0 if existing else demo_count, existing=existing)
        self._report_scale(
            synthetic,
            wanted=responses - COHORT_SIZE,
            programmes=added_programmes,
            target=programmes,
        )

    # --- Steps -----------------------------------------------------------------------------

    def _programmes(self, *, count: int = PROGRAMMES) -> list[tuple[Programme, list]]:
        """Up to `count` real published programmes that have a questionnaire, favourites
        first."""
        published = list(
            Programme.objects.published().exclude(is_synthetic_programme()).order_by("name")
        )
        rank = {
            p.pk: next((i for i, prefix in enumerate(FAVOURITES) if p.slug.startswith(prefix)), 99)
            for p in published
        }
        chosen = []
        used: set[int] = set()
        for programme in sorted(published, key=lambda p: (rank[p.pk], p.name)):
            if rank[programme.pk] in used:
                continue  # one option of a BTS is enough
            steps = programme_questionnaire(programme=programme)
            if steps:
                chosen.append((programme, steps))
                if rank[programme.pk] < len(FAVOURITES):
                    used.add(rank[programme.pk])
            if len(chosen) == count:
                break
        if not chosen:
            raise self._no_catalogue()
        return chosen

    def _no_catalogue(self) -> CommandError:
        return CommandError(
            _(
                "Aucune formation publiée n'a de questionnaire. Importez d'abord le catalogue "
                "et générez les items : make import (ou manage.py import_programmes "
                "programmes/data/onisep puis manage.py generate_questionnaire_items)."
            )
        )

    def _reset(self) -> None:
        synthetic = Response.objects.filter(cohort__name__startswith=SYNTHETIC_COHORT_PREFIX)
        ids = list(synthetic.values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH_SIZE):
            erase_responses(ids=ids[start : start + BATCH_SIZE])
        Response.objects.filter(cohort__name=COHORT_NAME).delete()
        Cohort.objects.filter(
            Q(name=COHORT_NAME) | Q(name__startswith=SYNTHETIC_COHORT_PREFIX)
        ).delete()
        Programme.objects.filter(is_synthetic_programme()).delete()
        # Their deletion was recorded in the catalogue's history: they never existed for real.
        Programme.history.filter(is_synthetic_programme()).delete()
        get_user_model().objects.filter(username__in=[COUNSELLOR[0], EDITOR[0]]).delete()

    def _account(self, username: str, first: str, last: str, group: str):
        """The account, created if needed, with a fresh random password (printed)."""
        user, _created = get_user_model().objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last}
        )
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.is_staff = True
        user.is_active = True
        user.save()
        user.groups.add(Group.objects.get(name=group))
        return user, password

    def _answers(self, steps: list, rng: random.Random, *, level: float, only_first=False):
        """Plausible answers: a student level, a personal offset per dimension, noise, a few
        "Je ne sais pas" and skipped questions."""
        offsets: dict[str, float] = {}
        answers = {}
        for step in steps[:1] if only_first else steps:
            for question in step["questions"]:
                draw = rng.random()
                if draw < 0.04:
                    continue
                if draw < 0.10:
                    answers[question["key"]] = "ne-sais-pas"
                    continue
                offset = offsets.setdefault(question["dimension"], rng.gauss(0, 0.45))
                value = round(rng.gauss(level + offset, 0.55))
                answers[question["key"]] = CODES[min(3, max(0, value))]
        return answers

    def _response(
        self,
        rng: random.Random,
        *,
        programmes: list,
        discovery_steps: list,
        discovery: bool,
        draft: bool,
        pseudonym: str,
        cohort: Cohort | None,
        weights=None,
    ) -> Response:
        """One unsaved response, its result computed unless it is a draft."""
        if discovery:
            programme, steps = None, discovery_steps
        else:
            programme, steps = rng.choices(programmes, weights=weights)[0]
        response = Response(
            journey=Response.Journey.DISCOVERY if discovery else Response.Journey.PROGRAMME,
            programme=programme,
            programme_name=programme.name if programme else "",
            bac_track=rng.choice(BACS) if discovery or rng.random() < 0.85 else "",
            pseudonym=pseudonym,
            cohort=cohort,
            questions=steps,
            answers=self._answers(
                steps, rng, level=min(2.9, max(0.8, rng.gauss(2.1, 0.45))), only_first=draft
            ),
        )
        if not draft:
            response.apply_result(compute_result(response=response))
        return response

    def _responses(self, cohort: Cohort, programmes: list, rng: random.Random, *, count: int):
        """`count` completed responses and DRAFTS drafts in the cohort."""
        discovery_steps = discovery_questionnaire()
        now = timezone.now()
        names = list(FIRST_NAMES)
        rng.shuffle(names)
        for index in range(count + DRAFTS):
            draft = index >= count
            discovery = rng.random() < DISCOVERY_SHARE and bool(discovery_steps)
            pseudonym = "" if rng.random() < 0.1 else names[index % len(names)]
            if pseudonym and index >= len(names):
                pseudonym += f" {chr(65 + index % 26)}."
            response = self._response(
                rng,
                programmes=programmes,
                discovery_steps=discovery_steps,
                discovery=discovery,
                draft=draft,
                pseudonym=pseudonym,
                cohort=cohort,
                # The first programmes are tested more often.
                weights=PROGRAMME_WEIGHTS[: len(programmes)],
            )
            response.save()
            # Spread over the last three weeks, as a class answering over several sessions.
            started = now - timedelta(days=rng.uniform(0, 21), minutes=rng.uniform(0, 600))
            Response.objects.filter(pk=response.pk).update(
                created_at=started,
                updated_at=started + timedelta(minutes=12),
                completed_at=None if draft else started + timedelta(minutes=12),
            )

    # --- Scale data --------------------------------------------------------------------------

    def _pool(self, rng: random.Random) -> tuple[list[Response], list[Response]]:
        """POOL_SIZE completed responses (a quarter of discovery journeys) and POOL_DRAFTS
        drafts, unsaved, built like the demo cohort's: the templates of synthetic responses."""
        programmes = self._programmes(count=POOL_PROGRAMMES)
        discovery_steps = discovery_questionnaire()

        def build(index: int, *, draft: bool) -> Response:
            return self._response(
                rng,
                programmes=programmes,
                discovery_steps=discovery_steps,
                discovery=bool(discovery_steps) and index % 4 == 0,
                draft=draft,
                pseudonym="",
                cohort=None,
            )

        completed = [build(index, draft=False) for index in range(POOL_SIZE)]
        drafts = [build(index, draft=True) for index in range(POOL_DRAFTS)]
        return completed, drafts

    def _synthetic_cohorts(self, count: int) -> list[Cohort]:
        """`count` new synthetic cohorts, numbered after the existing ones, no counsellor."""
        names = Cohort.objects.filter(name__startswith=SYNTHETIC_COHORT_PREFIX).values_list(
            "name", flat=True
        )
        numbers = [int(n) for name in names if (n := name.removeprefix(SYNTHETIC_COHORT_PREFIX))]
        first = max(numbers, default=0) + 1
        taken = set(Cohort.objects.values_list("code", flat=True))
        cohorts = []
        for number in range(first, first + count):
            code = new_cohort_code()
            while code in taken:
                code = new_cohort_code()
            taken.add(code)
            cohorts.append(Cohort(name=f"{SYNTHETIC_COHORT_PREFIX}{number}", code=code))
        return Cohort.objects.bulk_create(cohorts, batch_size=BATCH_SIZE)

    def _clone(
        self, source: Response, *, cohort: Cohort, started: datetime, pseudonym: str, rng
    ) -> Response:
        """A copy of `source` (its journey, the bac its result was computed for, its snapshots)
        as another student of `cohort` who started at `started`."""
        own = {"id", "token", "pseudonym", "cohort_id", "created_at", "updated_at", "completed_at"}
        copied = {
            f.attname: getattr(source, f.attname)
            for f in Response._meta.concrete_fields
            if f.attname not in own
        }
        updated = started + timedelta(minutes=rng.uniform(6, 25))
        clone = Response(
            **copied,
            token=new_response_token(),
            pseudonym=pseudonym,
            cohort=cohort,
            created_at=started,
            updated_at=updated,
        )
        if source.is_completed:
            clone.completed_at = updated
            clone.apply_result(source.result)
        return clone

    def _synthetic_responses(self, rng: random.Random, *, count: int) -> dict[str, int]:
        """Synthetic responses until there are `count`, in new cohorts of COHORT_SIZE."""
        have = Response.objects.filter(cohort__name__startswith=SYNTHETIC_COHORT_PREFIX).count()
        missing = count - have
        done = {"existing": have, "created": 0, "drafts": 0, "cohorts": 0}
        if missing <= 0:
            return done
        with transaction.atomic():
            completed, drafts = self._pool(rng)
            cohorts = self._synthetic_cohorts(-(-missing // COHORT_SIZE))
        done["cohorts"] = len(cohorts)
        now = timezone.now()
        batch: list[Response] = []
        for index in range(missing):
            cohort = cohorts[index // COHORT_SIZE]
            if index % COHORT_SIZE == 0:
                session = now - timedelta(days=rng.uniform(SESSION_DAYS, HISTORY_DAYS))
            started = session + timedelta(days=rng.uniform(0, SESSION_DAYS))
            started += timedelta(minutes=rng.uniform(0, 600))
            started = min(started, now - timedelta(hours=1))  # never in the future
            draft = rng.random() < SYNTHETIC_DRAFT_SHARE
            name = rng.choice(FIRST_NAMES)
            pseudonym = "" if rng.random() < 0.1 else f"{name} {chr(65 + rng.randrange(26))}."
            batch.append(
                self._clone(
                    rng.choice(drafts if draft else completed),
                    cohort=cohort,
                    started=started,
                    pseudonym=pseudonym,
                    rng=rng,
                )
            )
            done["drafts"] += draft
            if len(batch) == BATCH_SIZE or index == missing - 1:
                with transaction.atomic(), explicit_dates(Response, "created_at", "updated_at"):
                    bulk_store(batch)
                done["created"] += len(batch)
                batch = []
        return done

    def _add_programmes(self, target: int) -> int:
        """Published synthetic programmes until the published catalogue holds `target`: copies
        of real published programmes that have a questionnaire, with every link the catalogue
        and the scoring read. Returns how many were added."""
        missing = target - Programme.objects.published().count()
        if missing <= 0:
            return 0
        sources = list(
            Programme.objects.published()
            .exclude(is_synthetic_programme())
            .filter(
                Exists(
                    AttenduItem.objects.shown().filter(
                        attendu__programme_attendus__programme=OuterRef("pk")
                    )
                )
            )
            .order_by("pk")
            .prefetch_related(
                "domains", "bac_tracks", "programme_attendus", "programme_metiers", "interest_links"
            )
        )
        if not sources:
            raise self._no_catalogue()
        codes = Programme.objects.filter(is_synthetic_programme()).values_list(
            "code_scolarite", flat=True
        )
        first = max((int(c[len(SYNTHETIC_CODE_PREFIX) :]) for c in codes), default=0) + 1
        copied = [f.attname for f in Programme._meta.concrete_fields if not f.primary_key]
        now = timezone.now()
        for start in range(0, missing, BATCH_SIZE):
            pairs = []
            for offset in range(start, min(missing, start + BATCH_SIZE)):
                number = first + offset
                source = sources[offset % len(sources)]
                clone = Programme(**{name: getattr(source, name) for name in copied})
                clone.code_scolarite = f"{SYNTHETIC_CODE_PREFIX}{number:06d}"
                clone.slug = f"{source.slug[:95]}-synthetique-{number}"
                clone.name = f"{source.name[:225]} (synthétique {number})"
                clone.search_text = f"{source.search_text} synthetique {number}"
                clone.published = True
                clone.import_source = SYNTHETIC_SOURCE
                clone.imported_at = now
                clone.imported_values = {}
                pairs.append((source, clone))
            Programme.objects.bulk_create([clone for _source, clone in pairs])
            self._copy_links(pairs)
        # Bulk writes send no signal: processes caching the catalogue must see the new one.
        CatalogueVersion.bump()
        return missing

    def _copy_links(self, pairs: list[tuple[Programme, Programme]]) -> None:
        domains, bacs, attendus, metiers, interests = [], [], [], [], []
        DomainLink = Programme.domains.through
        BacLink = Programme.bac_tracks.through
        for source, clone in pairs:
            domains += [DomainLink(programme=clone, domain=d) for d in source.domains.all()]
            bacs += [BacLink(programme=clone, bactrack=b) for b in source.bac_tracks.all()]
            attendus += [
                ProgrammeAttendu(
                    programme=clone, attendu_id=a.attendu_id, position=a.position, group=a.group
                )
                for a in source.programme_attendus.all()
            ]
            metiers += [
                ProgrammeMetier(
                    programme=clone, position=m.position, name=m.name, metier_id=m.metier_id
                )
                for m in source.programme_metiers.all()
            ]
            # « Changed by staff »: a regeneration of the interest profiles leaves them alone.
            interests += [
                ProgrammeInterest(
                    programme=clone,
                    area_id=link.area_id,
                    position=link.position,
                    source=ProgrammeInterest.Source.STAFF,
                )
                for link in source.interest_links.all()
            ]
        for model, rows in (
            (DomainLink, domains),
            (BacLink, bacs),
            (ProgrammeAttendu, attendus),
            (ProgrammeMetier, metiers),
            (ProgrammeInterest, interests),
        ):
            model.objects.bulk_create(rows, batch_size=BATCH_SIZE)

    # --- Report ------------------------------------------------------------------------------

    def _report(self, accounts, cohort: Cohort, *, created: int, existing: int) -> None:
        write = self.stdout.write
        (counsellor, counsellor_password), (editor, editor_password) = accounts
        write(self.style.SUCCESS(_("Données de démonstration prêtes.")))
        write("")
        write(_("Compte conseiller (groupe « %(group)s ») :") % {"group": COUNSELLOR_GROUP})
        write(f"    {counsellor.username} / {counsellor_password}")
        write(_("Compte rédaction (groupe « %(group)s ») :") % {"group": EDITOR_GROUP})
        write(f"    {editor.username} / {editor_password}")
        write(_("Les mots de passe changent à chaque exécution de la commande."))
        write("")
        code = f"{cohort.code[:3]} {cohort.code[3:]}"
        write(_("Cohorte « %(name)s », code %(code)s.") % {"name": cohort.name, "code": code})
        if created:
            write(
                _("%(count)d réponses terminées et %(drafts)d brouillons créés.")
                % {"count": created, "drafts": DRAFTS}
            )
        else:
            write(
                _("La cohorte a déjà %(count)d réponses : aucune ajoutée (--reset pour recréer).")
                % {"count": existing}
            )
        write(_("Back-office : http://127.0.0.1:8000/admin/"))

    def _report_scale(self, synthetic: dict, *, wanted: int, programmes: int, target: int) -> None:
        write = self.stdout.write
        if synthetic["created"]:
            write(
                _(
                    "%(count)d réponses synthétiques ajoutées (dont %(drafts)d brouillons) dans "
                    "%(cohorts)d cohortes de %(size)d élèves au plus, suivies par aucun "
                    "conseiller ; %(total)d réponses synthétiques en tout."
                )
                % {
                    "count": synthetic["created"],
                    "drafts": synthetic["drafts"],
                    "cohorts": synthetic["cohorts"],
                    "size": COHORT_SIZE,
                    "total": synthetic["existing"] + synthetic["created"],
                }
            )
        elif wanted > 0:
            write(
                _("Déjà %(count)d réponses synthétiques : aucune ajoutée.")
                % {"count": synthetic["existing"]}
            )
        if programmes:
            write(
                _(
                    "%(count)d formations synthétiques publiées ajoutées : le catalogue publié en "
                    "compte %(total)d."
                )
                % {"count": programmes, "total": target}
            )
        elif target:
            write(
                _("Le catalogue publié compte déjà au moins %(total)d formations : aucune ajoutée.")
                % {"total": target}
            )
