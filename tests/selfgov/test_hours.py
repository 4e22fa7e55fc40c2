"""Service hours: one record per community and kind of period, published on the public page."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongzhi.core.models import AuditEntry
from gongzhi.selfgov import services
from gongzhi.selfgov.models import ServiceHours


def publish(actor, unit, period="regular", **fields):
    values = {"days": "周一至周五", "hours": "9:00—12:00，14:00—17:30"}
    values.update(fields)
    return services.hours_save(actor=actor, hours=ServiceHours(unit=unit, period=period, **values))


def test_hours_are_published_on_the_public_page(client, tree, community_user):
    publish(community_user, tree.community_a1)
    publish(community_user, tree.community_a1, "weekend", days="周六", hours="9:00—12:00")
    html = client.get(reverse("selfgov:public", args=[tree.community_a1.pk])).content.decode()
    assert "常规时段" in html and "周一至周五 9:00—12:00，14:00—17:30" in html
    assert "周末值班" in html and "周六 9:00—12:00" in html
    assert community_user.username not in html


def test_a_period_is_registered_once_and_changed_in_place(client, tree, community_user):
    hours = publish(community_user, tree.community_a1)
    with pytest.raises(ValidationError):
        publish(community_user, tree.community_a1)
    client.force_login(community_user)
    response = client.post(
        reverse("selfgov:hours-edit", args=[hours.pk]),
        {
            "unit": tree.community_a1.pk,
            "period": "regular",
            "days": "周一至周六",
            "hours": "8:30—18:00",
        },
    )
    assert response.status_code == 302
    hours.refresh_from_db()
    assert (ServiceHours.objects.count(), hours.days) == (1, "周一至周六")
    assert AuditEntry.objects.filter(object_type="selfgov.servicehours", action="update").exists()


def test_hours_belong_to_a_community(tree, office):
    with pytest.raises(ValidationError):
        publish(office, tree.street_a)
