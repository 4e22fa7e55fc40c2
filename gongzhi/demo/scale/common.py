"""What the stages share: the generated tree's root and units, its users, the generated
history's clock, and small pools of personal values (encrypted once each when written)."""

import datetime

from django.utils import timezone

from gongzhi.accounts.models import User
from gongzhi.core.fields import IdNumberField, PersonNameField, PhoneField
from gongzhi.core.kinds import COMMUNITY_KINDS, STREET_KINDS, UnitKind
from gongzhi.core.normalize import id_check_character
from gongzhi.orgs.models import Unit

PASSWORD = "Gongzhi@2024"  # the demo's password
POOL = 1_000  # distinct phones, names and ID numbers: more than any unit has volunteers
YEAR_START = timezone.make_aware(datetime.datetime(2024, 1, 8, 9, 0))
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"


def root_code(run) -> str:
    """The 12-digit area code of the generated region: a province, or a county-level city."""
    return run.sizes.code_prefix + ("0" * 10 if run.sizes.prefectures else "0101000000")


def root(run) -> Unit:
    return run.shared("root", lambda: Unit.objects.get(code=root_code(run)))


def under_root(run, depth: int):
    """The generated units `depth` levels below the root, in tree order."""
    top = root(run)
    return Unit.objects.filter(path__startswith=top.path, depth=top.depth + depth).order_by("path")


def _levels_to_community(run) -> int:
    return 4 if run.sizes.prefectures else 2


def communities(run) -> list[tuple]:
    """(id, path, parent street's id) of every generated community, in tree order."""

    def load():
        streets = {
            path: pk
            for pk, path in under_root(run, _levels_to_community(run) - 1)
            .filter(kind__in=STREET_KINDS)
            .values_list("id", "path")
        }
        rows = under_root(run, _levels_to_community(run)).filter(kind__in=COMMUNITY_KINDS)
        return [(pk, path, streets[path[:-4]]) for pk, path in rows.values_list("id", "path")]

    return run.shared("communities", load)


def grids(run) -> list[tuple]:
    """(id, community id) of every generated grid, in tree order."""

    def load():
        ids = {path: pk for pk, path, _street in communities(run)}
        rows = under_root(run, _levels_to_community(run) + 1).filter(kind=UnitKind.GRID)
        return [(pk, ids[path[:-4]]) for pk, path in rows.values_list("id", "path")]

    return run.shared("grids", load)


def office(run) -> Unit:
    return run.shared("office", lambda: under_root(run, 1).get(kind=UnitKind.DEPARTMENT))


def username(run, kind: str, code: str = "") -> str:
    return f"{run.preset}-{kind}{code}"


def user_ids(run) -> dict[str, int]:
    """The generated users' ids by username."""
    return run.shared(
        "users",
        lambda: dict(
            User.objects.filter(username__startswith=f"{run.preset}-").values_list("username", "id")
        ),
    )


def unit_user_ids(run) -> dict[int, int]:
    """The id of the user holding the role at each generated street, community and the office."""

    def load():
        return dict(
            User.objects.filter(username__startswith=f"{run.preset}-")
            .values_list("grants__unit_id", "id")
            .order_by("id")
        )

    return run.shared("unit_users", load)


def moment(day: int, minutes: int = 0) -> datetime.datetime:
    """A time in the generated year: `day` days and `minutes` after its first working morning."""
    return YEAR_START + datetime.timedelta(days=day % 340, minutes=minutes)


def _id_number(n: int) -> str:
    body = f"510681{1950 + n % 50}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
    return body + id_check_character(body)


def _wrapped(field, values):
    return [field.wrap(value) for value in values]


def _pools() -> dict:
    # Wrapped once: a PersonalValue remembers its blind index, the writer its ciphertext.
    phone, id_number, name = PhoneField(), IdNumberField(), PersonNameField()
    return {
        "phone": _wrapped(phone, [f"139{n:08d}" for n in range(POOL)]),
        "id_number": _wrapped(id_number, [_id_number(n) for n in range(POOL)]),
        "person": _wrapped(name, [person_name(n) for n in range(POOL)]),
    }


def person_name(n: int) -> str:
    return SURNAMES[n % len(SURNAMES)] + GIVEN[n // len(SURNAMES) % len(GIVEN)] + GIVEN[n % 7]


def pool(run, kind: str) -> list:
    return run.shared("pools", _pools)[kind]
