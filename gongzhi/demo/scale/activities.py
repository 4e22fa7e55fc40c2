"""Stage 6: activities and meetings held in every community through the year, each with the
same number of sign-ins (distinct phones within an activity)."""

import datetime
import uuid

from django.db.models import Max

from gongzhi.activities.models import Activity, SignIn
from gongzhi.demo.scale.common import communities, moment, pool, root, unit_user_ids
from gongzhi.demo.scale.runner import Children, Sequence, paged, split

TYPES = [choice for choice, _label in Activity.Type.choices]
PLACES = ["社区党群服务中心", "社区活动室", "小区广场", "社工室"]


def title(number: int) -> str:
    """A generated activity's name (data, like a name typed in: not translated)."""
    return f"{Activity.Type(TYPES[number % len(TYPES)]).label}第{number + 1}场"


def run_stage(run) -> None:
    places, users = communities(run), unit_user_ids(run)
    total = run.sizes.activities
    mine = Activity.objects.filter(unit__path__startswith=root(run).path)

    def make(rng, i):
        place, number = split(i, total, len(places))
        community = places[place][0]
        starts = moment(rng.randrange(340), 60 * rng.randrange(9))
        return Activity(
            title=title(number),
            type=TYPES[number % len(TYPES)],
            unit_id=community,
            community_id=community,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
            place=PLACES[number % len(PLACES)],
            planned_attendance=30,
            minutes="活动按计划开展，居民参与积极。",
            signin_token=uuid.UUID(int=rng.getrandbits(128), version=4),
            signin_open=False,
            created_by_id=users[community],
            created_at=starts - datetime.timedelta(days=3),
        )

    run.sequence(Sequence("activities", Activity, total, mine.count, make))
    _signins(run, mine)


def _signins(run, mine) -> None:
    per = run.sizes.signins // max(run.sizes.activities, 1)
    phones, names = pool(run, "phone"), pool(run, "person")

    def make(row):
        pk, starts = row
        return [
            SignIn(
                activity_id=pk,
                name=names[(pk + n) % len(names)].reveal(),
                phone=phones[(pk + n) % len(phones)],
                affiliation="本社区居民",
                source=SignIn.Source.QR if n % 5 else SignIn.Source.PAPER,
                signed_at=starts + datetime.timedelta(minutes=n % 30),
            )
            for n in range(per)
        ]

    def last():
        rows = SignIn.objects.filter(activity__in=mine)
        return rows.aggregate(last=Max("activity_id"))["last"]

    def parents(after):
        return paged(mine, after, ("pk", "starts_at"))

    run.children(Children("activities.signins", SignIn, parents, last, make))
