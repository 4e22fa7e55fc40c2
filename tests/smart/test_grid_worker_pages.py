"""A page per grid to add, edit and remove its grid workers: names and phones stored encrypted,
shown masked (also in the audit log), every change audited, only for those who keep the grid
(MANAGE_GRIDS, no longer the alarm handlers' permission)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.core.models import AuditEntry
from gongzhi.core.roles import ROLE_SPECS, Perm, Role
from gongzhi.orgs.models import Unit
from gongzhi.smart import services
from gongzhi.smart.models import GridWorker

NAME, PHONE = "李建华", "13908382101"


def _page(grid):
    return reverse("smart:grid-workers", args=[grid.pk])


def test_adding_a_worker_stores_it_encrypted_and_shows_it_masked(client, tree, community_user):
    client.force_login(community_user)
    response = client.post(_page(tree.grid_a1), {"name": NAME, "phone": PHONE})
    assert response.status_code == 302
    worker = GridWorker.objects.get()
    assert (worker.grid, worker.name.reveal(), worker.phone.reveal()) == (tree.grid_a1, NAME, PHONE)
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, phone FROM smart_gridworker")
        stored = " ".join(cursor.fetchone())
    assert NAME not in stored and PHONE not in stored
    html = client.get(_page(tree.grid_a1)).content.decode()
    assert 'data-testid="grid-worker"' in html and NAME not in html and PHONE not in html
    entry = AuditEntry.objects.get(object_type="smart.gridworker", action="create")
    assert NAME not in str(entry.after) and PHONE not in str(entry.after)


def test_a_bad_phone_is_refused_on_its_field(client, tree, community_user):
    client.force_login(community_user)
    page = client.post(_page(tree.grid_a1), {"name": NAME, "phone": "12345"})
    assert page.status_code == 200 and "phone" in page.context["form"].errors
    assert not GridWorker.objects.exists()


@pytest.fixture
def worker(tree, community_user):
    return services.gridworker_add(actor=community_user, grid=tree.grid_a1, name=NAME, phone=PHONE)


def test_editing_keeps_the_stored_phone_when_the_masked_one_comes_back(
    client, worker, community_user
):
    client.force_login(community_user)
    url = reverse("smart:gridworker-edit", args=[worker.pk])
    form = client.get(url).context["form"]
    masked_phone = str(form["phone"].value())
    assert masked_phone != PHONE
    response = client.post(url, {"name": "李建国", "phone": masked_phone})
    assert response.status_code == 302
    worker.refresh_from_db()
    assert (worker.name.reveal(), worker.phone.reveal()) == ("李建国", PHONE)
    assert AuditEntry.objects.filter(object_type="smart.gridworker", action="update").exists()


def test_removing_is_audited(client, worker, community_user):
    client.force_login(community_user)
    response = client.post(reverse("smart:gridworker-remove", args=[worker.pk]))
    assert response.url == reverse("smart:grid-workers", args=[worker.grid_id])
    assert not GridWorker.objects.exists()
    entry = AuditEntry.objects.get(object_type="smart.gridworker", action="delete")
    assert entry.unit_id == worker.grid_id and NAME not in str(entry.before)


def test_a_unit_that_is_not_a_grid_has_no_worker_page(client, tree, community_user):
    client.force_login(community_user)
    assert client.get(_page(tree.community_a1)).status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.COMMUNITY, 200),
        (Role.STREET, 200),
        (Role.PROGRAM_OFFICE, 200),
        (Role.AGENCY, 404),  # the grid is outside its units
        (Role.CITY_DEPARTMENT, 404),
    ],
)
def test_who_keeps_a_grids_workers(client, tree, users, worker, role, status):
    client.force_login(users[role])
    assert client.get(_page(tree.grid_a1)).status_code == status
    edit = client.get(reverse("smart:gridworker-edit", args=[worker.pk]))
    assert edit.status_code == status


def test_grids_and_boundaries_have_their_own_permission():
    for role in (Role.STREET, Role.COMMUNITY):
        assert Perm.MANAGE_GRIDS in ROLE_SPECS[role].perms
    assert Perm.MANAGE_GRIDS not in ROLE_SPECS[Role.AGENCY].perms
    from gongzhi.smart.views import BoundaryImportView

    assert BoundaryImportView.permission == Perm.MANAGE_GRIDS


# session, user, grants, the navbar's to-dos and messages, the grids, their workers counted,
# their communities
GRID_LIST_QUERIES = 8


def test_the_grid_list_counts_workers_in_constant_queries(
    client, tree, community_user, django_assert_num_queries
):
    client.force_login(community_user)
    url = reverse("smart:grid-list")
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url)
        return len(queries), [(grid.name, grid.worker_count) for grid in page.context["grids"]]

    services.gridworker_add(actor=community_user, grid=tree.grid_a1, name=NAME)
    small, grids = count()
    assert grids == [(tree.grid_a1.name, 1)]
    for number in range(5):
        grid = Unit.objects.add_unit(tree.community_a1, name=f"网格{number}", kind="grid")
        services.gridworker_add(actor=community_user, grid=grid, name=NAME)
    large, grids = count()
    assert len(grids) == 6 and all(workers == 1 for _name, workers in grids)
    assert (small, large) == (GRID_LIST_QUERIES, GRID_LIST_QUERIES)
    with django_assert_num_queries(GRID_LIST_QUERIES):
        client.get(url)


# session, user, grants, the navbar's to-dos and messages, the grid (scope, then the role's
# reach), its workers
GRID_PAGE_QUERIES = 8


def test_the_grid_page_costs_the_same_whatever_its_workers(
    client, tree, community_user, django_assert_num_queries
):
    client.force_login(community_user)
    client.get(_page(tree.grid_a1))
    for number in range(6):
        services.gridworker_add(actor=community_user, grid=tree.grid_a1, name=f"{NAME}{number}")
        with django_assert_num_queries(GRID_PAGE_QUERIES):
            page = client.get(_page(tree.grid_a1))
        assert page.content.decode().count('data-testid="grid-worker"') == number + 1
