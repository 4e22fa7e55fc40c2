"""Stage 5: the 五社 registries of every community: social organisations, volunteer teams,
volunteers (each in one team of their community) and social workers."""

from django.db.models import Max

from gongzhi.community.models import SocialOrganization, SocialWorker, Volunteer, VolunteerTeam
from gongzhi.demo.scale.common import communities, moment, person_name, pool, root
from gongzhi.demo.scale.runner import Children, Sequence, paged, split

CATEGORIES = [choice for choice, _label in SocialOrganization.Category.choices]
FILINGS = [choice for choice, _label in SocialOrganization.Filing.choices]
QUALIFICATIONS = [choice for choice, _label in SocialWorker.Qualification.choices]
SKILLS = ["", "文艺", "医疗护理", "法律咨询", "心理疏导", "电脑维修"]


def _in_tree(run, model):
    return model.objects.filter(unit__path__startswith=root(run).path)


def _per_community(run, name: str, model, total: int, make_one) -> None:
    """`total` rows of `model` spread evenly over the communities: make_one(rng, i, community
    id, index within the community)."""
    places = communities(run)

    def make(rng, i):
        place, number = split(i, total, len(places))
        return make_one(rng, i, places[place][0], number)

    run.sequence(Sequence(name, model, total, _in_tree(run, model).count, make))


def run_stage(run) -> None:
    phones, ids = pool(run, "phone"), pool(run, "id_number")
    _per_community(
        run,
        "registries.organizations",
        SocialOrganization,
        run.sizes.organizations,
        lambda rng, i, unit, n: SocialOrganization(
            name=f"社会组织{i + 1:07d}",
            unit_id=unit,
            category=CATEGORIES[n % len(CATEGORIES)],
            filing=FILINGS[n % len(FILINGS)],
            brand_year=2024 if n % 10 == 0 else None,
            has_party_branch=n % 4 == 0,
            in_social_work_room=n % 3 == 0,
            contact_name=person_name(i % 997),
            contact_phone=phones[n % len(phones)],
            created_at=moment(n),
            updated_at=moment(n),
        ),
    )
    _per_community(
        run,
        "registries.teams",
        VolunteerTeam,
        run.sizes.teams,
        lambda rng, i, unit, n: VolunteerTeam(name=f"志愿服务{n + 1}队", unit_id=unit),
    )
    _per_community(
        run,
        "registries.volunteers",
        Volunteer,
        run.sizes.volunteers,
        lambda rng, i, unit, n: Volunteer(
            name=person_name(i % 997),
            unit_id=unit,
            phone=phones[n % len(phones)],  # distinct within the community
            id_number=ids[(i * 7) % len(ids)],
            ethnicity="汉族" if n % 10 else "藏族",
            skills=SKILLS[n % len(SKILLS)],
        ),
    )
    _memberships(run)
    _per_community(
        run,
        "registries.workers",
        SocialWorker,
        run.sizes.workers,
        lambda rng, i, unit, n: SocialWorker(
            name=person_name((i * 13) % 997),
            unit_id=unit,
            phone=phones[(n + 500) % len(phones)],
            qualification=QUALIFICATIONS[i % len(QUALIFICATIONS)],
        ),
    )


def _memberships(run) -> None:
    """Each volunteer in one team of their community, taking the teams in turn."""
    teams: dict[int, list[int]] = {}
    for pk, unit in _in_tree(run, VolunteerTeam).order_by("pk").values_list("pk", "unit_id"):
        teams.setdefault(unit, []).append(pk)
    through = Volunteer.teams.through
    volunteers = _in_tree(run, Volunteer)

    def make(row):
        pk, unit = row
        team = teams.get(unit)
        return [through(volunteer_id=pk, volunteerteam_id=team[pk % len(team)])] if team else []

    def last():
        mine = through.objects.filter(volunteer__in=volunteers)
        return mine.aggregate(last=Max("volunteer_id"))["last"]

    def parents(after):
        return paged(volunteers, after, ("pk", "unit_id"))

    run.children(Children("registries.memberships", through, parents, last, make, chunk=10_000))
