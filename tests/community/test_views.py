"""Keeping the registries through the pages; the ledger shows the counted target turn green."""

import datetime

import time_machine
from django.urls import reverse

from gongzhi.community.models import OrgLink, SocialOrganization
from gongzhi.core.models import AuditEntry
from gongzhi.orgs.models import Unit
from gongzhi.programs.models import Task


def test_registering_the_fifth_organisation_turns_the_target_green(client, demo, demo_users):
    xicheng = Unit.objects.get(name="西城社区")
    item3 = Task.objects.get(pilot__community=xicheng, number=3)
    client.force_login(demo_users["community"])
    with time_machine.travel(datetime.datetime(2024, 9, 1, 9, tzinfo=datetime.UTC)):
        for n in range(5):
            form = client.get(reverse("community:org-create")).context["form"]
            assert form["unit"].initial == xicheng.pk  # the community's own unit is preselected
            response = client.post(
                reverse("community:org-create"),
                {
                    "name": f"西城第{n + 1}家组织",
                    "unit": xicheng.pk,
                    "category": "living",
                    "filing": "filed",
                    "contact_phone": "13812345678",
                    "is_active": "on",
                },
            )
            org = SocialOrganization.objects.get(name=f"西城第{n + 1}家组织")
            assert response.url == org.get_absolute_url()
            client.post(
                reverse("community:org-link-add", args=[org.pk]),
                {"community": xicheng.pk, "since": "2024-08-01", "note": "入驻服务"},
            )
            page = client.get(reverse("progress:task-detail", args=[item3.pk])).content.decode()
            assert ("text-success" in page) == (n == 4), n
    assert OrgLink.objects.count() == 5
    assert AuditEntry.objects.filter(object_type="community.orglink", action="create").count() == 5


def test_the_form_names_the_field_in_error(client, demo, demo_users):
    client.force_login(demo_users["community"])
    response = client.post(
        reverse("community:org-create"),
        {
            "name": "",
            "unit": Unit.objects.get(name="京皇社区").pk,
            "category": "x",
            "filing": "filed",
        },
    )
    errors = response.context["form"].errors
    assert {"name", "unit", "category"} <= set(errors)  # 京皇社区 is not the user's to keep
    assert SocialOrganization.objects.count() == 0


def test_a_link_ending_before_it_begins_is_refused(client, demo, demo_users):
    xicheng = Unit.objects.get(name="西城社区")
    org = SocialOrganization.objects.create(
        name="甲", unit=xicheng, category="living", filing="filed"
    )
    client.force_login(demo_users["community"])
    response = client.post(
        reverse("community:org-link-add", args=[org.pk]),
        {"community": xicheng.pk, "since": "2024-08-01", "until": "2024-07-01"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert OrgLink.objects.count() == 0


def test_a_running_station_needs_its_check_date_and_real_evidence(client, demo, demo_users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongzhi.community.models import Station

    street = Unit.objects.get(name="雒城街道")
    client.force_login(demo_users["street"])
    data = {
        "name": "雒城街道社工站",
        "kind": "town",
        "unit": street.pk,
        "staff_count": 3,
        "is_running": "on",
    }
    response = client.post(reverse("community:station-create"), data)
    assert "checked_on" in response.context["form"].errors
    fake = SimpleUploadedFile("运行照片.jpg", b"MZ\x90\x00 not a photo")
    response = client.post(
        reverse("community:station-create"),
        {**data, "checked_on": "2024-06-01", "check_evidence": fake},
    )
    assert "内容与扩展名不符" in str(response.context["form"].errors)
    assert Station.objects.count() == 0
    pdf = SimpleUploadedFile("核查记录.pdf", b"%PDF-1.4\n%%EOF\n")
    response = client.post(
        reverse("community:station-create"),
        {**data, "checked_on": "2024-06-01", "check_evidence": pdf},
    )
    station = Station.objects.get()
    assert response.url == station.get_absolute_url()
    download = client.get(reverse("community:station-evidence", args=[station.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")
