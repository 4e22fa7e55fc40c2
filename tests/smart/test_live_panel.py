"""The live list of open alarms on the home and pilot pages: the unit's latest open alarms, at
most PANEL_ROWS, refreshed by the same polling fragment (`smart:alarm-live`, narrowed by ?unit=),
only where the user may view smart data and there are devices; its cost does not grow with the
alarms."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.core.roles import Role
from gongzhi.programs.models import Pilot
from gongzhi.smart import services
from gongzhi.smart.ingest import ingest
from gongzhi.smart.live import LIVE_ROWS, PANEL_ROWS
from tests.smart.conftest import payload


def _alarms(count, start=0):
    for sequence in range(start, start + count):
        ingest(payload(sequence=sequence), channel="http")


def _panel(client, user, url=None):
    client.force_login(user)
    page = client.get(url or reverse("dashboards:home"))
    return page.context.get("alarm_panel"), page.content.decode()


def test_home_shows_the_latest_open_alarms_with_a_link_to_all(client, device, community_user):
    _alarms(PANEL_ROWS + 3)
    panel, html = _panel(client, community_user)
    sequences = [alarm.sequence for alarm in panel["open_alarms"]]
    assert len(sequences) == PANEL_ROWS and max(sequences) == PANEL_ROWS + 2
    assert 'data-testid="alarm-panel"' in html and reverse("smart:alarm-list") in html
    assert html.count('data-testid="open-alarm"') == PANEL_ROWS
    assert f"rows={PANEL_ROWS}" in panel["live_url"]


def test_resolved_alarms_leave_the_panel(client, device, community_user):
    _alarms(2)
    first = device.alarms.get(sequence=0)
    services.alarm_resolve(actor=community_user, alarm=first, note="已处置")
    panel, _html = _panel(client, community_user)
    assert [alarm.sequence for alarm in panel["open_alarms"]] == [1]


def test_the_street_sees_its_communities_alarms(client, device, street_user):
    _alarms(1)
    panel, _html = _panel(client, street_user)
    assert len(panel["open_alarms"]) == 1


def test_no_panel_without_devices_in_reach(client, device, users):
    _alarms(1)
    panel, html = _panel(client, users[Role.AGENCY])
    assert panel is None and 'data-testid="alarm-panel"' not in html


def test_no_panel_on_the_home_of_a_role_that_does_not_act_on_alarms(client, device, users):
    _alarms(1)
    assert _panel(client, users[Role.FINANCE])[0] is None


def test_no_panel_for_a_community_without_devices(client, tree):
    from tests.conftest import make_user

    assert _panel(client, make_user("a2", Role.COMMUNITY, tree.community_a2))[0] is None


def _pilot(program, community, street):
    return Pilot.objects.create(
        program=program,
        community=community,
        street=street,
        type_name="智慧科技型",
        due="2024-12-31",
    )


def test_the_pilot_page_shows_its_communitys_alarms_only(client, tree, device, office, program):
    _alarms(2)
    pilot = _pilot(program, tree.community_a1, tree.street_a)
    panel, _html = _panel(client, office, reverse("dashboards:pilot", args=[pilot.pk]))
    assert len(panel["open_alarms"]) == 2 and f"unit={tree.community_a1.pk}" in panel["live_url"]
    other = _pilot(program, tree.community_a2, tree.street_a)
    assert _panel(client, office, reverse("dashboards:pilot", args=[other.pk]))[0] is None


def test_the_live_fragment_narrows_to_a_unit_and_bounds_its_rows(client, tree, device, office):
    _alarms(LIVE_ROWS + 2)
    client.force_login(office)
    live = reverse("smart:alarm-live")

    def rows(**query):
        return client.get(live, query).content.decode().count('data-testid="open-alarm"')

    assert rows() == LIVE_ROWS
    assert rows(unit=tree.community_a1.pk, rows=PANEL_ROWS) == PANEL_ROWS
    assert rows(unit=tree.community_a2.pk) == 0
    assert rows(rows=10_000) == LIVE_ROWS
    page = client.get(live, {"unit": tree.community_a1.pk, "rows": 3}).content.decode()
    assert f"unit={tree.community_a1.pk}&amp;rows=3" in page  # it polls again for the same


def test_a_unit_outside_the_users_reach_is_not_found(client, tree, device, community_user):
    client.force_login(community_user)
    live = reverse("smart:alarm-live")
    assert client.get(live, {"unit": tree.community_b1.pk}).status_code == 404
    assert client.get(live, {"unit": "x"}).status_code == 404


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_panel_costs_the_same_whatever_the_number_of_alarms(client, device, community_user):
    client.force_login(community_user)
    home = reverse("dashboards:home")
    _queries(client, home)
    _alarms(1)
    small = _queries(client, home)
    _alarms(25, start=1)
    assert _queries(client, home) == small
