"""The three duty lists: a region's template adopted by each community with its own changes,
refused requests tied to the negative list, the counter of communities with all three."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongzhi.core.models import AuditEntry
from gongzhi.programs import counters
from gongzhi.selfgov import services
from gongzhi.selfgov.models import DutyItem, DutyKind, DutyList, DutyTemplateItem, RefusedRequest

D = datetime.date
APRIL = D(2024, 4, 1)


@pytest.fixture
def template(tree):
    items = {}
    for kind in DutyKind.values:
        items[kind] = [
            DutyTemplateItem.objects.create(
                region=tree.region, kind=kind, number=n, text=f"{kind}事项{n}", basis=f"依据{n}"
            )
            for n in (1, 2, 3)
        ]
    return items


def adopt(actor, unit, kind, kept, additions=(), day=APRIL):
    return services.duty_list_adopt(
        actor=actor, unit=unit, kind=kind, adopted_on=day, kept=kept, additions=list(additions)
    )


def test_a_community_adopts_the_template_with_its_own_changes(tree, template, community_user):
    lawful = template["lawful"]
    duty_list = adopt(
        community_user,
        tree.community_a1,
        "lawful",
        [lawful[2], lawful[0]],
        [("本社区事项", "社区章程")],
    )
    items = [(i.number, i.text, i.basis, i.is_local) for i in duty_list.items.all()]
    assert items == [
        (1, "lawful事项1", "依据1", False),
        (2, "lawful事项3", "依据3", False),
        (3, "本社区事项", "社区章程", True),
    ]
    entry = AuditEntry.objects.get(object_type="selfgov.dutylist")
    assert entry.after["items"] == ["lawful事项1", "lawful事项3", "本社区事项"]


def test_a_list_is_adopted_once_and_only_from_its_own_template(tree, template, community_user):
    with pytest.raises(ValidationError) as refused:
        adopt(community_user, tree.community_a1, "lawful", [template["negative"][0]])
    assert refused.value.message_dict["kept"] == ["只能保留本地区模板中的事项。"]
    adopt(community_user, tree.community_a1, "lawful", template["lawful"])
    with pytest.raises(ValidationError) as again:
        adopt(community_user, tree.community_a1, "lawful", template["lawful"])
    assert "该社区已采用这份清单。" in str(again.value)
    assert DutyItem.objects.count() == 3


def test_local_items_need_a_legal_basis():
    assert services.parse_additions("甲｜依据甲\n\n乙|依据乙") == [
        ("甲", "依据甲"),
        ("乙", "依据乙"),
    ]
    with pytest.raises(ValidationError) as refused:
        services.parse_additions("甲｜依据甲\n乙")
    assert refused.value.message_dict["additions"] == ["第 2 行：请写作“事项｜法律依据”。"]


def test_a_street_cannot_adopt_for_its_community(tree, template, street_user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        adopt(street_user, tree.community_a1, "lawful", template["lawful"])
    assert not DutyList.objects.exists()


def test_the_counter_counts_communities_with_all_three(tree, program, template, office):
    for kind in DutyKind.values:
        adopt(office, tree.community_a1, kind, template[kind])
    for kind in ("lawful", "assist"):
        adopt(office, tree.community_a2, kind, template[kind])
    counter = counters.get("selfgov.duty_lists_adopted")
    units = [tree.region, tree.street_a, tree.community_a1, tree.community_a2]
    assert counter.compute(program, units, {}) == {
        tree.region.pk: 1,
        tree.street_a.pk: 1,
        tree.community_a1.pk: 1,
        tree.community_a2.pk: 0,
    }


def test_a_refused_request_names_an_item_of_the_communitys_negative_list(
    tree, template, community_user, office
):
    negative = adopt(community_user, tree.community_a1, "negative", template["negative"])
    lawful = adopt(community_user, tree.community_a1, "lawful", template["lawful"])
    other = adopt(office, tree.community_a2, "negative", template["negative"])

    def refuse(item):
        refusal = RefusedRequest(
            unit=tree.community_a1, date=APRIL, department="市某局", request="开具证明", item=item
        )
        return services.refusal_record(actor=community_user, refusal=refusal)

    for wrong in (lawful.items.first(), other.items.first()):
        with pytest.raises(ValidationError):
            refuse(wrong)
    refused = refuse(negative.items.first())
    assert RefusedRequest.objects.get() == refused


def test_the_adopt_page_and_the_public_lists(client, tree, template, community_user):
    client.force_login(community_user)
    url = reverse("selfgov:duty-adopt", args=["assist"])
    form = client.get(url).context["form"]
    assert list(form.fields["kept"].queryset) == template["assist"]
    response = client.post(
        url,
        {
            "unit": tree.community_a1.pk,
            "adopted_on": "2024-04-01",
            "kept": [template["assist"][1].pk],
            "additions": "协助社区事项｜某条例",
        },
    )
    assert response.status_code == 302
    html = client.get(reverse("selfgov:public", args=[tree.community_a1.pk])).content.decode()
    assert "协助办理事项" in html and "assist事项2" in html and "协助社区事项" in html
    assert "assist事项1" not in html
    assert client.get(reverse("selfgov:duty-adopt", args=["nonsense"])).status_code == 404
