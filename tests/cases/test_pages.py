"""The case and publicity pages as people use them: create with photos, filter, export."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from gongzhi.cases.models import Case, Publicity
from tests.cases.helpers import make_case, make_publicity, png


def test_a_community_adds_a_case_with_photos_through_the_form(client, tree, community_user):
    client.force_login(community_user)
    response = client.post(
        reverse("cases:case-create"),
        {
            "title": "院落议事会",
            "unit": tree.community_a1.pk,
            "type": "selfgov",
            "date": "2024-06-01",
            "summary": "居民议事，难题共解。",
            "tags": "议事，院落",
            "photos": [png()],
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response.url == case.get_absolute_url()
    page = client.get(case.get_absolute_url()).content.decode()
    assert (
        "院落议事会" in page and reverse("cases:photo-thumb", args=[case.photos.get().pk]) in page
    )
    assert 'data-testid="publish"' not in page  # a community does not publish


def test_the_form_names_a_missing_field(client, tree, community_user):
    client.force_login(community_user)
    response = client.post(reverse("cases:case-create"), {"unit": tree.community_a1.pk})
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert not Case.objects.exists()


def test_the_street_publishes_from_the_detail_page(client, tree, street_user):
    case = make_case(tree.community_a1)
    client.force_login(street_user)
    page = client.get(case.get_absolute_url()).content.decode()
    assert 'data-testid="publish"' in page
    client.post(reverse("cases:case-publish", args=[case.pk]), {"public": "1"})
    case.refresh_from_db()
    assert case.is_public


def test_the_list_filters_public_cases(client, tree, office):
    shown = make_case(tree.community_a1, public=True, title="公开的案例")
    make_case(tree.community_a1, title="内部的案例")
    client.force_login(office)
    response = client.get(reverse("cases:case-list"), {"public": "1"})
    assert list(response.context["object_list"]) == [shown]
    assert client.get(reverse("cases:case-list"), {"since": "x"}).status_code == 400


def _sheet(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def test_the_case_export_holds_the_filtered_rows(client, tree, office):
    make_case(tree.community_a1, type="elderly", title="为老助餐")
    make_case(tree.community_a1, type="party")
    client.force_login(office)
    response = client.post(reverse("cases:case-export") + "?type=elderly")
    rows = _sheet(response)
    assert len(rows) == 2 and rows[1][0] == "为老助餐" and rows[1][1] == "为老服务"


def test_the_publicity_export_and_list(client, tree, office):
    make_publicity(tree.community_a1, media="四川日报", media_level="province")
    make_publicity(tree.community_a2, media="广汉发布")
    client.force_login(office)
    listed = client.get(reverse("cases:publicity-list"), {"media_level": "province"})
    assert [p.media for p in listed.context["object_list"]] == ["四川日报"]
    rows = _sheet(client.post(reverse("cases:publicity-export")))
    assert len(rows) == 1 + Publicity.objects.count()
    assert {row[1] for row in rows[1:]} == {"四川日报", "广汉发布"}


def test_a_publicity_record_needs_a_link_or_clipping_on_the_form(client, tree, community_user):
    client.force_login(community_user)
    data = {
        "title": "报道",
        "unit": tree.community_a1.pk,
        "media": "德阳日报",
        "media_level": "city",
        "kind": "report",
        "date": "2024-06-01",
    }
    response = client.post(reverse("cases:publicity-create"), data)
    assert response.status_code == 200 and "link" in response.context["form"].errors
    response = client.post(reverse("cases:publicity-create"), {**data, "clippings": [png()]})
    assert response.status_code == 302
    assert Publicity.objects.get().clippings.count() == 1
