"""Certificate items: kept or abolished with basis and date; the counter of abolished ones."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongzhi.programs import counters
from gongzhi.selfgov import services
from gongzhi.selfgov.models import CertificateItem

D = datetime.date
APRIL = D(2024, 4, 1)


def decide(actor, unit, name, status="abolished", day=APRIL):
    item = CertificateItem(
        unit=unit, name=name, status=status, basis="川府办〔2024〕1号", decided_on=day
    )
    return services.certificate_save(actor=actor, item=item)


def test_the_counter_counts_abolished_items_decided_by_the_reference_day(
    tree, program, community_user, office
):
    decide(community_user, tree.community_a1, "居住证明")
    decide(community_user, tree.community_a1, "亲属关系证明")
    decide(community_user, tree.community_a1, "无犯罪记录证明", status="kept")
    decide(office, tree.community_b1, "婚姻状况证明")
    decide(office, tree.community_b1, "收入证明", day=D(2025, 2, 1))  # after the program year
    counter = counters.get("selfgov.certificates_abolished")
    units = [tree.region, tree.street_a, tree.street_b, tree.community_a2]
    assert counter.compute(program, units, {}) == {
        tree.region.pk: 3,
        tree.street_a.pk: 2,
        tree.street_b.pk: 1,
        tree.community_a2.pk: 0,
    }
    names = sorted(item.name for item in counter.records(program, tree.street_a, {}))
    assert names == ["亲属关系证明", "居住证明"]


def test_an_item_is_registered_once_and_not_decided_in_the_future(tree, community_user):
    decide(community_user, tree.community_a1, "居住证明")
    with pytest.raises(ValidationError):
        decide(community_user, tree.community_a1, "居住证明", status="kept")
    with pytest.raises(ValidationError) as refused:
        decide(community_user, tree.community_a1, "其他证明", day=D.today() + datetime.timedelta(1))
    assert refused.value.message_dict["decided_on"] == ["决定日期不能晚于今天。"]


def test_the_public_page_lists_certificate_items(client, tree, community_user):
    decide(community_user, tree.community_a1, "居住证明")
    html = client.get(reverse("selfgov:public", args=[tree.community_a1.pk])).content.decode()
    assert "居住证明" in html and "取消" in html
