"""The needs board's totals come from tallies kept with every change, equal a live count for
every viewer, follow the day, and the board pages by cursor without counting."""

import datetime
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongzhi.core import clock
from gongzhi.core.access import access_for
from gongzhi.core.roles import Perm, Role
from gongzhi.residents import services, tallies, work
from gongzhi.residents.models import Need, NeedCategory, NeedTally

HANDLED_BY_STREET = "占道经营"
MONDAY = datetime.datetime(2024, 12, 2, 9, tzinfo=datetime.UTC)


@pytest.fixture
def categories(tree):
    return [
        NeedCategory.objects.create(region=tree.region, name="环境卫生", response_days=3),
        NeedCategory.objects.create(
            region=tree.region, name=HANDLED_BY_STREET, response_days=5, handler=tree.street_a
        ),
    ]


def live(user) -> dict:
    needs = Need.objects.visible_to(user, Perm.HANDLE_NEEDS)
    return {
        "open": needs.filter(state__in=Need.OPEN).count(),
        "overdue": needs.filter(state__in=Need.OPEN, due__lt=clock.today()).count(),
        "closed": needs.filter(state__in=Need.CLOSED).count(),
    }


# One change: (what, which community or need by index, a number)
changes = st.lists(
    st.tuples(
        st.sampled_from(("raise", "accept", "resolve", "reject", "transfer", "day")),
        st.integers(min_value=0, max_value=5),
        st.integers(min_value=1, max_value=9),
    ),
    min_size=1,
    max_size=10,
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(changes)
def test_the_totals_equal_a_live_count_after_any_changes(
    tree, categories, users, time_machine, steps
):
    time_machine.move_to(MONDAY, tick=False)
    Need.objects.all().delete()
    communities = [tree.community_a1, tree.community_a2, tree.community_b1]
    handlers = [tree.street_b, tree.community_a1, tree.civil]
    office = users[Role.PROGRAM_OFFICE]
    for what, index, number in steps:
        needs = list(Need.objects.order_by("pk"))
        if what == "day":  # time passes: needs fall overdue; the worker recounts the next day
            time_machine.shift(datetime.timedelta(days=number))
            tallies.refresh_stale()
        elif what == "raise" or not needs:
            services.need_submit_public(
                community=communities[index % 3],
                category=categories[number % 2],
                description=f"诉求{number}",
            )
        else:
            need = needs[index % len(needs)]
            step = {"resolve": "accept" if need.state == "submitted" else "resolve"}.get(what, what)
            if need.state in services.STEPS[step].sources:
                target = handlers[number % 3]
                unit = target if target.pk != need.handler_id else handlers[(number + 1) % 3]
                services.need_step(actor=office, need=need, step=step, note="已处理", unit=unit)
        for user in users.values():
            assert tallies.board_totals(user, Perm.HANDLE_NEEDS) == live(user), (what, user)


def test_a_street_counts_the_needs_it_handles_in_communities_outside_its_reach(
    tree, categories, users
):
    services.need_submit_public(
        community=tree.community_b1, category=categories[1], description="乙一社区门口占道"
    )
    street_a = users[Role.STREET]
    assert tallies.board_totals(street_a, Perm.HANDLE_NEEDS) == {
        "open": 1,
        "overdue": 0,
        "closed": 0,
    }
    assert NeedTally.objects.get().handler == tree.street_a


def test_a_day_later_the_page_counts_live_until_the_worker_recounts(
    tree, categories, street_user, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(MONDAY, tick=False)
    services.need_submit_public(
        community=tree.community_a1, category=categories[0], description="垃圾清运不及时"
    )
    time_machine.shift(datetime.timedelta(days=20))
    with django_capture_on_commit_callbacks() as callbacks:
        totals = tallies.board_totals(street_user, Perm.HANDLE_NEEDS)
    assert totals == {"open": 1, "overdue": 1, "closed": 0}
    assert NeedTally.objects.get().overdue == 0  # counted yesterday
    assert len(callbacks) == 1  # the recount is handed to the worker
    out = io.StringIO()
    call_command("refresh_summaries", "--dirty", stdout=out)  # the worker's timer
    assert "1 needs tally row(s) recounted" in out.getvalue()
    tally = NeedTally.objects.get()
    assert (tally.overdue, tally.as_of) == (1, clock.today())
    assert tallies.refresh_stale() == 0
    time_machine.shift(-datetime.timedelta(days=20))  # a clock set back: counted "tomorrow"
    assert tallies.board_totals(street_user, Perm.HANDLE_NEEDS)["overdue"] == 0


def test_the_migration_counts_the_needs_already_there(tree, categories):
    for community in (tree.community_a1, tree.community_a1, tree.community_b1):
        services.need_submit_public(community=community, category=categories[0], description="x")
    kept = set(NeedTally.objects.values_list("community", "handler", "open", "as_of"))
    NeedTally.objects.all().delete()
    migration = __import__(
        "gongzhi.residents.migrations.0004_need_tally", fromlist=["count_every_community"]
    )
    migration.count_every_community(apps, None)
    assert set(NeedTally.objects.values_list("community", "handler", "open", "as_of")) == kept
    assert {row[2] for row in kept} == {2, 1}


def test_the_board_pages_by_cursor_without_counting_the_needs(
    client, tree, categories, community_user
):
    moment = datetime.datetime(2024, 6, 1, 9, tzinfo=datetime.UTC)
    Need.objects.bulk_create(
        Need(
            community=tree.community_a1,
            handler=tree.community_a1,
            category=categories[0],
            description=f"诉求{i}",
            channel=Need.Channel.PUBLIC,
            due=moment.date(),
            receipt_code=f"TEST{i:04d}",
            submitted_at=moment + datetime.timedelta(minutes=i),
        )
        for i in range(52)
    )
    client.force_login(community_user)
    url = reverse("residents:need-list")
    with CaptureQueriesContext(connection) as queries:
        first = client.get(url)
    assert not [q for q in queries if 'COUNT("residents_need"' in q["sql"]]
    shown = list(first.context["object_list"])
    assert len(shown) == 50 and shown[0].description == "诉求51"
    older = first.context["page_obj"].older_query
    assert older and "较早" in first.content.decode()
    second = client.get(f"{url}?{older}")
    assert [need.description for need in second.context["object_list"]] == ["诉求1", "诉求0"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan is PostgreSQL's")
def test_the_needs_to_dos_are_read_in_deadline_order_off_the_open_needs_indexes(
    tree, categories, office, time_machine
):
    time_machine.move_to(MONDAY, tick=False)
    for community in (tree.community_a1, tree.community_b1):
        services.need_submit_public(community=community, category=categories[0], description="x")
    time_machine.shift(datetime.timedelta(days=20))
    access, today = access_for(office), clock.today()
    below = work.overdue_below_queryset(office, access, today).order_by("due", "pk")
    mine = work.to_handle_queryset(office, access, today).order_by("due", "pk")
    assert below.count() == 2 and mine.count() == 0
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table would be scanned
        cursor.execute("SET LOCAL enable_sort = off")
        assert "need_open_due" in below[:20].explain()
        assert "need_open_mine" in mine[:20].explain()
