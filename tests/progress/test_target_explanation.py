"""A counted target's page explains its value: the units of a coverage (as far as the viewer
may see them), and the list of every counter a document may name."""

from django.urls import reverse

from gongzhi.community.models import Station
from gongzhi.orgs.models import Unit
from gongzhi.programs.models import Target, Task


def _room_coverage(demo):
    item3 = Task.objects.get(program=demo, pilot__community__name="西城社区", number=3)
    for name, running in (("西城社区", True), ("金山社区", False)):
        Station.objects.create(
            name=f"{name}社工室", kind="room", unit=Unit.objects.get(name=name), is_running=running
        )
    return Target.objects.create(
        task=item3,
        order=5,
        name="运行社工室的试点社区",
        comparator=">=",
        value=100,
        measure="%",
        counter="community.stations",
        counter_args={"kind": "room", "running": True},
        coverage_of="各试点社区",
    )


def _explanation(client, user, target):
    client.force_login(user)
    response = client.get(reverse("progress:target-records", args=[target.pk]))
    assert response.status_code == 200
    return response.context["explanation"], response.content.decode()


def test_a_coverage_lists_each_unit_and_whether_it_meets_the_condition(client, demo, demo_users):
    target = _room_coverage(demo)
    explanation, page = _explanation(client, demo_users["office"], target)
    rows = {unit.name: (count, met) for unit, count, met in explanation.units}
    assert rows == {
        "西城社区": (1, True),
        "金山社区": (0, False),
        "京皇社区": (0, False),
        "西湖社区": (0, False),
    }
    assert "25%" in page and "各试点社区" in page
    assert "kind=room" in page


def test_a_community_sees_only_its_own_unit_of_a_coverage(client, demo, demo_users):
    target = _room_coverage(demo)
    explanation, page = _explanation(client, demo_users["community"], target)
    assert [unit.name for unit, *_rest in explanation.units] == ["西城社区"]
    assert explanation.hidden == 3
    assert "金山社区" not in page


def test_the_counter_list_states_each_counter_and_its_arguments(client, demo, demo_users):
    client.force_login(demo_users["community"])
    page = client.get(reverse("progress:counter-list")).content.decode()
    assert "activities.count" in page and "supply_demand" in page
    assert "community.stations" in page and "<code>true</code>" in page
