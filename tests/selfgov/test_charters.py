"""Charters and conventions: revisions keep their history, the latest adopted is current, and
the coverage counter counts communities holding both, from the records."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongzhi.core.models import AuditEntry
from gongzhi.programs import counters
from gongzhi.selfgov import services
from gongzhi.selfgov.models import Charter, StepKind
from tests.selfgov.helpers import new_matter, record, record_up_to

D = datetime.date
APRIL = D(2024, 4, 1)


def adopt(actor, unit, kind="charter", day=APRIL, **fields):
    values = {"title": "居民自治章程" if kind == "charter" else "居民公约", "meeting": "居民会议"}
    values.update(fields)
    charter = Charter(unit=unit, kind=kind, adopted_on=day, **values)
    return services.charter_adopt(actor=actor, charter=charter)


def test_a_revision_becomes_current_and_the_first_is_kept(tree, community_user):
    first = adopt(community_user, tree.community_a1, day=D(2023, 5, 1), title="章程（2023）")
    second = adopt(community_user, tree.community_a1, day=D(2024, 4, 1), title="章程（2024修订）")
    assert list(Charter.objects.current()) == [second]
    assert Charter.objects.filter(pk=first.pk).exists()
    assert AuditEntry.objects.filter(object_type="selfgov.charter", action="create").count() == 2


def test_the_adopting_matter_must_have_its_resolution(tree, community_user):
    matter = new_matter(community_user, tree.community_a1, title="修订居民公约")
    record_up_to(community_user, matter, StepKind.REVIEW)
    with pytest.raises(ValidationError) as refused:
        adopt(community_user, tree.community_a1, kind="convention", matter=matter, meeting="")
    assert refused.value.message_dict["matter"] == ["所选事项尚未形成决议。"]
    record(community_user, matter, StepKind.RESOLUTION)
    adopted = adopt(community_user, tree.community_a1, "convention", matter=matter, meeting="")
    assert adopted.matter == matter


def test_a_charter_names_where_it_was_adopted(tree, community_user):
    with pytest.raises(ValidationError) as refused:
        adopt(community_user, tree.community_a1, meeting="")
    assert "请选择通过的重大事项或填写通过的会议。" in str(refused.value)
    assert not Charter.objects.exists()


def test_the_coverage_counter_counts_communities_with_both(tree, program, community_user, office):
    counter = counters.get("selfgov.charter_and_convention")
    adopt(community_user, tree.community_a1, "charter")
    adopt(community_user, tree.community_a1, "convention")
    adopt(office, tree.community_a2, "charter")  # a charter only
    adopt(office, tree.community_b1, "charter")
    adopt(office, tree.community_b1, "convention", day=D(2025, 1, 10))  # after the program year
    units = [tree.region, tree.street_a, tree.street_b, tree.community_a1, tree.community_a2]
    counted = counter.compute(program, units, {})
    assert counted == {
        tree.region.pk: 1,
        tree.street_a.pk: 1,
        tree.street_b.pk: 0,
        tree.community_a1.pk: 1,
        tree.community_a2.pk: 0,
    }
    assert list(counter.records(program, tree.region, {})) == [tree.community_a1]


def test_the_public_page_shows_the_current_charter_and_convention(client, tree, community_user):
    adopt(community_user, tree.community_a1, day=D(2023, 5, 1), title="旧章程")
    adopt(community_user, tree.community_a1, title="新章程")
    html = client.get(reverse("selfgov:public", args=[tree.community_a1.pk])).content.decode()
    assert "新章程" in html and "旧章程" not in html


def test_the_list_marks_the_current_version(client, tree, community_user):
    adopt(community_user, tree.community_a1, day=D(2023, 5, 1), title="旧章程")
    current = adopt(community_user, tree.community_a1, title="新章程")
    client.force_login(community_user)
    rows = client.get(reverse("selfgov:charter-list")).context["object_list"]
    assert [(row.title, row.is_current) for row in rows] == [("新章程", True), ("旧章程", False)]
    assert current.is_current is False  # only rows read through with_current() know
