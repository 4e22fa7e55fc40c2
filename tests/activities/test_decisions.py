"""Decisions taken at an activity: owned by a unit of the activity's region, closed once."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongzhi.activities import services as activity_services
from gongzhi.activities.models import Decision
from gongzhi.orgs.models import Unit
from tests.activities.test_signin import make_activity


def test_decisions_belong_to_the_region_and_close_once(demo, demo_users):
    xicheng = Unit.objects.get(name="西城社区")
    activity = make_activity(unit=xicheng, community=xicheng)
    outside = Unit.objects.add_unit(None, name="某县", kind="county")
    with pytest.raises(ValidationError):
        activity_services.decision_add(
            actor=demo_users["community"],
            activity=activity,
            text="x",
            owner=outside,
            due=datetime.date(2024, 6, 1),
        )
    decision = activity_services.decision_add(
        actor=demo_users["community"],
        activity=activity,
        text="落实场地",
        owner=xicheng,
        due=datetime.date(2024, 6, 1),
    )
    activity_services.decision_close(
        actor=demo_users["community"], decision=decision, note="已落实"
    )
    with pytest.raises(ValidationError):
        activity_services.decision_close(
            actor=demo_users["community"], decision=decision, note="再次"
        )
    assert Decision.objects.get().closing_note == "已落实"


def test_the_decision_form_offers_units_of_the_region_only(client, demo, demo_users):
    xicheng = Unit.objects.get(name="西城社区")
    activity = make_activity(unit=xicheng, community=xicheng)
    Unit.objects.add_unit(None, name="某县", kind="county")
    client.force_login(demo_users["community"])
    form = client.get(reverse("activities:decision-add", args=[activity.pk])).context["form"]
    assert "某县" not in {unit.name for unit in form.fields["owner"].queryset}
