"""What a counsellor may do with a cohort they follow, beyond the role's permissions: which
colleagues they may add, when a cohort may be deleted, archiving.

Plain functions of the models, used by the cohort admin (orientation/backoffice/admin/cohorts.py)
and its tests; the admin only turns their answers into pages and messages.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from orientation.backoffice.roles import COUNSELLOR_GROUP
from orientation.models import Cohort, Response


def colleague_choices(*, user, cohort: Cohort | None) -> QuerySet:
    """The accounts a counsellor may tick as co-counsellors of `cohort`: active staff of the
    « Conseil en orientation » group (a professeur principal or a CPE is given that role by an
    administrator: a counsellor never creates an account), plus whoever already follows the
    cohort so that they can be removed. The counsellor themself is not offered: they always
    keep the cohort (`with_self`)."""
    wanted = Q(is_staff=True, is_active=True, groups__name=COUNSELLOR_GROUP)
    if cohort is not None and cohort.pk is not None:
        wanted |= Q(pk__in=cohort.counsellors.values("pk"))
    User = get_user_model()
    return (
        User.objects.filter(pk__in=User.objects.filter(wanted).values("pk"))
        .exclude(pk=user.pk)
        .order_by("last_name", "first_name", "username")
    )


def with_self(*, user, chosen) -> QuerySet:
    """The counsellors chosen in the form plus the counsellor saving it."""
    pks = {colleague.pk for colleague in chosen} | {user.pk}
    return get_user_model().objects.filter(pk__in=pks)


def colleague_label(colleague) -> str:
    """« Claire Martin (cmartin) »: the name colleagues know, the account that tells two
    namesakes apart."""
    name = colleague.get_full_name()
    username = colleague.get_username()
    return f"{name} ({username})" if name else username


def response_count(cohort: Cohort) -> int:
    """From the admin list's annotation when present, else counted."""
    count = getattr(cohort, "response_count", None)
    if count is None:
        count = Response.objects.filter(cohort=cohort).count()
    return count


def refusal_to_delete(*, user, cohort: Cohort) -> str | None:
    """Why `user` may not delete `cohort`, in French; None when they may.

    A superuser may delete any cohort (its responses stay, without cohort, seen by
    administrators only). A counsellor only a cohort they follow that holds no response:
    deleting one that does would take its students' results out of every counsellor's view,
    while they must stay readable until the retention purge — archiving is the way out."""
    if user.is_superuser:
        return None
    # .all(): the admin list prefetches the counsellors, the check then costs no query.
    if all(counsellor.pk != user.pk for counsellor in cohort.counsellors.all()):
        return _("Vous ne suivez pas cette cohorte.")
    count = response_count(cohort)
    if count:
        return ngettext(
            "« %(name)s » contient %(count)d réponse d'élève : la supprimer retirerait cette "
            "réponse à tous les conseillers avant la fin de sa durée de conservation. "
            "Archivez plutôt la cohorte : elle n'accepte plus de réponses et reste "
            "consultable jusqu'à la purge.",
            "« %(name)s » contient %(count)d réponses d'élèves : la supprimer retirerait ces "
            "réponses à tous les conseillers avant la fin de leur durée de conservation. "
            "Archivez plutôt la cohorte : elle n'accepte plus de réponses et reste "
            "consultable jusqu'à la purge.",
            count,
        ) % {"name": cohort.name, "count": count}
    return None


def archive(*, cohorts: QuerySet[Cohort]) -> list[Cohort]:
    """Archive the cohorts of `cohorts` not archived yet; the ones archived, for the log."""
    chosen = list(cohorts.filter(archived_at__isnull=True).order_by("pk"))
    Cohort.objects.filter(pk__in=[c.pk for c in chosen]).update(archived_at=timezone.now())
    return chosen


def unarchive(*, cohorts: QuerySet[Cohort]) -> list[Cohort]:
    """Bring archived cohorts back to the current list; `is_open` is untouched, so a cohort
    closed before archiving stays closed."""
    chosen = list(cohorts.filter(archived_at__isnull=False).order_by("pk"))
    Cohort.objects.filter(pk__in=[c.pk for c in chosen]).update(archived_at=None)
    return chosen
