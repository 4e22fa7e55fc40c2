"""A list over a big table whose scope has several links (an organisation's home unit and the
communities linked to it; a need's community and the unit handling it) reads each page, and its
capped count, one link at a time: each link's first rows, UNIONed (ScopedQuerySet.first_by_link,
through the slices of `sliced_by_link`). An OR of the links made the office's organisation list
at province collect or sort all 2.8 M organisations for one page. Whatever the records and
whoever looks, the pages and the count must equal those of the plain scope."""

import datetime

from django.core.paginator import Paginator
from django.db import connection
from django.http import QueryDict
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongzhi.community.models import OrgLink, SocialOrganization
from gongzhi.core.paging import CappedPaginator, cursor_page
from gongzhi.core.roles import Perm, Role
from gongzhi.residents.models import Need
from tests.residents.helpers import write_needs

HOMES = ("region", "street_a", "community_a1", "community_a2", "community_b1")
COMMUNITIES = ("community_a1", "community_a2", "community_b1")
HANDLERS = (*COMMUNITIES, "street_a", "street_b", "civil")
ROLES = (Role.PROGRAM_OFFICE, Role.STREET, Role.COMMUNITY)
LOOSE = settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

organisation_rows = st.lists(
    st.tuples(
        st.sampled_from(HOMES),
        st.sets(st.sampled_from(COMMUNITIES), max_size=2),
        st.sampled_from("甲乙丙"),
        st.booleans(),
    ),
    max_size=12,
)


def _write_organisations(tree, rows, keeper) -> None:
    SocialOrganization.objects.all().delete()
    for index, (home, linked, name, retired) in enumerate(rows):
        retirement = {"deactivated_at": timezone.now(), "deactivated_by": keeper}
        organisation = SocialOrganization.objects.create(
            name=f"{name}{index}",  # unique in its unit
            unit=getattr(tree, home),
            category="elderly",
            filing="filed",
            **({**retirement, "deactivation_reason": "已注销"} if retired else {}),
        )
        OrgLink.objects.bulk_create(
            OrgLink(organization=organisation, community=getattr(tree, c), since="2024-01-01")
            for c in linked
        )


def _recording(queries: list):
    return lambda run, sql, *args: queries.append(sql) or run(sql, *args)


def _every_api_page(client, url) -> tuple[list[int], list[str]]:
    """The ids of every record through the API's next links, and the SQL the pages ran."""
    seen, queries = [], []
    with connection.execute_wrapper(_recording(queries)):
        while url:
            answer = client.get(url).json()
            seen += [record["id"] for record in answer["results"]]
            url = answer["next"]
    return seen, queries


@LOOSE
@given(organisation_rows, st.integers(min_value=1, max_value=3))
def test_each_page_and_the_count_equal_the_plain_scope(users, tree, rows, per_page):
    _write_organisations(tree, rows, users[Role.PROGRAM_OFFICE])
    for role in ROLES:
        user, perm = users[role], Perm.VIEW_REGISTRIES
        listed = SocialOrganization.objects.visible_to(user, perm).filter(deactivated_at=None)
        listed = listed.order_by("unit__path", "name")
        by_link = CappedPaginator(listed.sliced_by_link(user, perm), per_page)
        plain = Paginator(listed.order_by("unit__path", "name", "pk"), per_page)
        assert by_link.count == plain.count, role
        for number in plain.page_range:
            pages = (by_link.page(number).object_list, plain.page(number).object_list)
            assert list(pages[0]) == list(pages[1]), (role, number)


def test_each_link_is_read_with_its_own_limit(tree, office):
    listed = SocialOrganization.objects.visible_to(office, Perm.VIEW_REGISTRIES)
    first = listed.order_by("name").first_by_link(office, Perm.VIEW_REGISTRIES, 7)
    sql = str(first.query).upper()
    assert sql.count("LIMIT 7") == 2 and ("UNION" in sql or connection.vendor == "sqlite")


def test_the_office_list_shows_its_organisations_page_by_page(client, tree, office):
    names = [f"组织{k:02d}" for k in range(55)]
    SocialOrganization.objects.bulk_create(
        SocialOrganization(name=name, unit=tree.community_a1, category="elderly", filing="filed")
        for name in names
    )
    client.force_login(office)
    url = reverse("community:org-list")
    queries = []
    with connection.execute_wrapper(_recording(queries)):
        first = client.get(url).content.decode()
    assert all(name in first for name in names[:50]) and names[50] not in first
    assert "第 1 / 2 页，共 55 条" in first
    second = client.get(url + "?page=2").content.decode()
    assert all(name in second for name in names[50:]) and names[49] not in second
    # each link's first 50, then the page's 50
    assert any(sql.upper().count("LIMIT 50") == 3 for sql in queries if "socialorg" in sql)


need_rows = st.lists(
    st.tuples(
        st.sampled_from(COMMUNITIES),
        st.sampled_from(HANDLERS),
        st.integers(min_value=0, max_value=3),  # few moments: ties broken by id
    ),
    max_size=12,
)
MOMENT = datetime.datetime(2024, 12, 1, 9, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)


def _write_needs(tree, rows) -> None:
    write_needs(
        tree,
        [
            (community, handler, Need.State.SUBMITTED, MOMENT.date(), MOMENT + HOUR * hour)
            for community, handler, hour in rows
        ],
    )


def _walk(queryset, per_page) -> list[list[int]]:
    """Every page from the newest through 较早 links, then back through 较新 ones."""
    request = RequestFactory().get("/")
    pages, page = [], cursor_page(request, queryset, per_page, field="submitted_at")
    pages.append([need.pk for need in page.object_list])
    for key in ("older_query", "newer_query"):
        while getattr(page, key):
            request.GET = QueryDict(getattr(page, key))
            page = cursor_page(request, queryset, per_page, field="submitted_at")
            pages.append([need.pk for need in page.object_list])
    return pages


@LOOSE
@given(need_rows, st.integers(min_value=1, max_value=3))
def test_the_needs_board_pages_equal_the_plain_scope(users, tree, rows, per_page):
    _write_needs(tree, rows)
    for role in ROLES:
        user = users[role]
        board = Need.objects.visible_to(user, Perm.HANDLE_NEEDS)
        by_link = _walk(board.sliced_by_link(user, Perm.HANDLE_NEEDS), per_page)
        assert by_link == _walk(board, per_page), role


def test_the_api_pages_a_streets_needs_link_by_link(client, tree, street_user):
    pairs = zip(COMMUNITIES * 2, HANDLERS, strict=True)
    rows = [(community, handler, k % 4) for k, (community, handler) in enumerate(pairs)]
    _write_needs(tree, rows)
    client.force_login(street_user)
    seen, queries = _every_api_page(client, "/api/v1/needs/?page_size=2")
    plain = Need.objects.visible_to(street_user, Perm.HANDLE_NEEDS).order_by("-pk")
    assert seen == list(plain.values_list("pk", flat=True)) and len(seen) > 2
    # each page: each link's first 3 (a page and one more), then the page's 3
    assert any(sql.upper().count("LIMIT 3") == 3 for sql in queries if "residents_need" in sql)


def test_the_api_pages_a_streets_reports_link_by_link(client, tree, program, users, street_user):
    """Reports are read by their unit or as the task's lead unit: a street's list through the
    API equals the plain scope's, each page read one link at a time (Scope.lists_by_link)."""
    from gongzhi.programs.models import Assignment, Task
    from gongzhi.progress.models import Report

    plans = [
        (tree.community_a1, None),
        (tree.street_a, tree.community_b1),
        (tree.community_b1, None),
    ]
    for number, (lead, co) in enumerate(plans, start=1):
        task = Task.objects.create(
            program=program, kind="city", number=number, text="任务", due="2024-06-30"
        )
        Assignment.objects.create(task=task, unit=lead, role="lead")
        if co is not None:
            Assignment.objects.create(task=task, unit=co, role="co")
        for unit in (lead, co or lead):  # two reports each; the co unit's read by the lead
            Report.objects.create(task=task, unit=unit, author=users[Role.COMMUNITY], text="进展")
    client.force_login(street_user)
    seen, queries = _every_api_page(client, "/api/v1/reports/?page_size=2")
    plain = Report.objects.visible_to(street_user, Perm.VIEW_PROGRAMS).order_by("-pk")
    assert seen == list(plain.values_list("pk", flat=True)) and len(seen) == 4
    assert any(sql.upper().count("LIMIT 3") == 3 for sql in queries if "progress_report" in sql)
