"""The needs board's totals (办理中, 已逾期, 已办结) read from `NeedTally` rows instead of counting
every need in reach.

A row holds the needs of one community handled by one unit, so the rows a user may see are
exactly those whose needs they may see (community or handler in reach). A community's rows are
recounted in the transaction that saves or deletes one of its needs, under a lock on the
community, so they are never behind a committed change. Overdue depends on the day: rows
counted on another day are recounted by the worker (`manage.py refresh_summaries`), and until
then a page that reaches one counts its needs directly.
"""

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save
from django_tasks import task as background_task

from gongzhi.core import clock
from gongzhi.orgs.models import Unit
from gongzhi.residents.models import Need, NeedTally

COMMUNITIES_PER_CHUNK = 500
FIGURES = ("open", "overdue", "closed")


def _counts(today) -> dict:
    return {
        "open": Count("pk", filter=Q(state__in=Need.OPEN)),
        "overdue": Count("pk", filter=Q(state__in=Need.OPEN, due__lt=today)),
        "closed": Count("pk", filter=Q(state__in=Need.CLOSED)),
    }


def recount(community_ids) -> int:
    """Count the needs of these communities again, as of today; the rows written."""
    ids = sorted(set(community_ids))
    if not ids:
        return 0
    today = clock.today()
    with transaction.atomic():
        # one writer per community at a time: a concurrent change waits, then counts after it
        list(Unit.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))
        groups = (
            Need.objects.filter(community_id__in=ids)
            .order_by()
            .values("community_id", "handler_id")
            .annotate(**_counts(today))
        )
        rows = [NeedTally(as_of=today, **group) for group in groups]
        NeedTally.objects.filter(community_id__in=ids).delete()
        NeedTally.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def recount_in_chunks(community_ids) -> int:
    """`recount` a chunk of communities per transaction: for many communities."""
    ids = sorted(set(community_ids))
    return sum(
        recount(ids[start : start + COMMUNITIES_PER_CHUNK])
        for start in range(0, len(ids), COMMUNITIES_PER_CHUNK)
    )


def _counted_another_day(today) -> Q:
    # before today, or after it when the clock was set back (a demo's fixed day)
    return Q(as_of__lt=today) | Q(as_of__gt=today)


def refresh_stale() -> int:
    """Recount the communities whose rows were counted on another day; the rows written."""
    stale = NeedTally.objects.filter(_counted_another_day(clock.today()))
    return recount_in_chunks(stale.order_by().values_list("community_id", flat=True).distinct())


@background_task()
def refresh_stale_tallies() -> int:
    return refresh_stale()


def board_totals(user, permission) -> dict:
    """{open, overdue, closed} over the needs `user` may see with `permission`."""
    today = clock.today()
    tallies = NeedTally.objects.visible_to(user, permission)
    if not tallies.filter(_counted_another_day(today)).exists():
        return tallies.aggregate(**{name: Coalesce(Sum(name), 0) for name in FIGURES})
    transaction.on_commit(refresh_stale_tallies.enqueue)
    return Need.objects.visible_to(user, permission).aggregate(**_counts(today))


def _need_changed(sender, instance, **kwargs):
    recount([instance.community_id])


def connect() -> None:
    post_save.connect(_need_changed, sender=Need, dispatch_uid="need_tally_save")
    post_delete.connect(_need_changed, sender=Need, dispatch_uid="need_tally_delete")
