"""The pilot community's page for the office and street, and its public version: only public
cases (and their photos) reach the public pages."""

import pytest
from django.urls import reverse

from gongzhi.cases.models import CasePhoto
from gongzhi.core.roles import Role
from gongzhi.orgs.models import Unit
from gongzhi.programs.models import Pilot, Task
from tests.cases.helpers import make_case, png
from tests.conftest import make_user


@pytest.fixture
def xicheng(demo):
    return Pilot.objects.select_related("community", "program").get(
        program=demo, community__name="西城社区"
    )


def _photo(case):
    from gongzhi.core.uploads import save_upload

    return save_upload(CasePhoto(case=case, uploaded_by=case.created_by), png())


def test_the_street_sees_items_targets_cases_and_money(client, xicheng, demo_users):
    case = make_case(xicheng.community, title="院落议事会")
    photo = _photo(case)
    client.force_login(demo_users["street"])
    response = client.get(reverse("dashboards:pilot", args=[xicheng.pk]))
    page = response.content.decode()
    items = response.context["items"]
    assert len(items) == Task.objects.filter(pilot=xicheng).count() and xicheng.type_name in page
    assert all(hasattr(item, "target_rows") for item in items)
    targets = [row for item in items for row in item.target_rows]
    assert targets and all(row.target.task.pilot_id == xicheng.pk for row in targets)
    assert case.title in page and "考核验收开始后在此显示" in page  # no round yet
    assert reverse("cases:photo-thumb", args=[photo.pk]) in page
    assert reverse("archives:pilot", args=[xicheng.pk]) in page


def test_another_street_does_not_reach_the_page(client, xicheng):
    client.force_login(make_user("hz", Role.STREET, Unit.objects.get(name="汉州街道")))
    assert client.get(reverse("dashboards:pilot", args=[xicheng.pk])).status_code == 404


def test_the_public_page_shows_only_public_cases(client, xicheng):
    shown = make_case(xicheng.community, public=True, title="公开的好做法")
    hidden = make_case(xicheng.community, title="内部材料")
    shown_photo, hidden_photo = _photo(shown), _photo(hidden)
    url = reverse("dashboards:public-pilot", args=[xicheng.program.code, xicheng.pk])
    page = client.get(url).content.decode()
    assert shown.title in page and hidden.title not in page
    assert reverse("dashboards:public-case-photo", args=[shown_photo.pk]) in page
    program_page = client.get(
        reverse("dashboards:public-program", args=[xicheng.program.code])
    ).content.decode()
    assert shown.title in program_page and hidden.title not in program_page
    photo = reverse("dashboards:public-case-photo", args=[hidden_photo.pk])
    assert client.get(photo).status_code == 404
    assert (
        client.get(reverse("dashboards:public-case-photo", args=[shown_photo.pk])).status_code
        == 200
    )


def test_a_pilot_of_a_program_not_public_is_not_found(client, xicheng):
    xicheng.program.is_public = False
    xicheng.program.save(update_fields=["is_public"])
    url = reverse("dashboards:public-pilot", args=[xicheng.program.code, xicheng.pk])
    assert client.get(url).status_code == 404


def test_the_page_shows_the_assessment_round_stage_by_stage(client, xicheng, demo_users):
    from gongzhi.evaluation import services

    services.table_default(xicheng.program)
    round = services.round_create(
        actor=demo_users["office"],
        program=xicheng.program,
        unit=xicheng.community,
        third_party=Unit.objects.filter(kind="third_party").first(),
    )
    scored = round.scores.select_related("item").filter(item__kind="basic")[:2]
    entries = {score.item_id: (score.item.points, "按标准") for score in scored}
    services.scores_save(actor=demo_users["community"], round=round, entries=entries)
    client.force_login(demo_users["street"])
    response = client.get(reverse("dashboards:pilot", args=[xicheng.pk]))
    totals = response.context["assessment"]["totals"]
    assert totals[0].total == sum(score.item.points for score in scored)  # the self-assessment
    page = response.content.decode()
    assert round.get_absolute_url() in page and "考核验收开始后在此显示" not in page
