"""Stage 2: users with their role grants: the program office, each street and town, each
community (its reports' author). All share the demo's password, hashed once."""

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from gongzhi.accounts.models import RoleGrant, User
from gongzhi.core.kinds import STREET_KINDS
from gongzhi.core.roles import Role
from gongzhi.demo.scale.common import (
    PASSWORD,
    communities,
    office,
    under_root,
    user_ids,
    username,
)
from gongzhi.demo.scale.runner import Sequence


def seats(run) -> list[tuple[str, int, str]]:
    """(username, unit id, role) of every generated user: the office first, then the streets
    and towns, then the communities."""

    def load():
        depth = 3 if run.sizes.prefectures else 1
        streets = under_root(run, depth).filter(kind__in=STREET_KINDS)
        codes = dict(under_root(run, depth + 1).values_list("id", "code"))
        street_seats = [
            (username(run, "s", code), pk, Role.STREET)
            for pk, code in streets.values_list("id", "code")
        ]
        community_seats = [
            (username(run, "c", codes[pk]), pk, Role.COMMUNITY) for pk, _p, _s in communities(run)
        ]
        office_seat = (username(run, "office"), office(run).pk, Role.PROGRAM_OFFICE)
        return [office_seat, *street_seats, *community_seats]

    return run.shared("seats", load)


def run_stage(run) -> None:
    people = seats(run)
    mine = User.objects.filter(username__startswith=f"{run.preset}-")
    password, now = make_password(PASSWORD), timezone.now()

    def make_user(rng, i):
        name, _unit, role = people[i]
        return User(
            username=name,
            password=password,
            password_changed_at=now,
            full_name=f"{Role(role).label}{i + 1}",
        )

    run.sequence(Sequence("users", User, len(people), mine.count, make_user))
    run.cache.pop("users", None)

    def make_grant(rng, i):
        name, unit, role = people[i]
        return RoleGrant(user_id=user_ids(run)[name], unit_id=unit, role=role, created_at=now)

    grants = RoleGrant.objects.filter(user__in=mine)
    run.sequence(Sequence("users.grants", RoleGrant, len(people), grants.count, make_grant))


def logins(run) -> list[str]:
    """The accounts a benchmark signs in with: the office, a street, a community."""
    names = [name for name, _unit, _role in seats(run)]
    street = next(name for name in names if name.startswith(username(run, "s")))
    return [names[0], street, next(n for n in names if n.startswith(username(run, "c")))]
