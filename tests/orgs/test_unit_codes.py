"""A unit's code: 12 digits for regions, streets and communities; 12 or 18 characters for the
others; never used by two units."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from gongzhi.orgs.models import Unit, code_problem
from gongzhi.orgs.services import unit_create, unit_update


@pytest.mark.parametrize(
    ("kind", "code", "ok"),
    [
        ("community", "", True),
        ("community", "510682001001", True),
        ("street", "51068200100", False),
        ("county", "51068200100A", False),
        ("department", "11510682008301234X", True),
        ("agency", "52510682MJ1234567Q", True),
        ("agency", "510682001001", True),
        ("department", "11510682008301234x", False),
        ("third_party", "1151068200830", False),
    ],
)
def test_code_rules_by_kind(kind, code, ok):
    assert (code_problem(code, kind) == "") is ok


def test_the_services_check_the_code_and_its_uniqueness(tree, office):
    with pytest.raises(ValidationError) as refused:
        unit_create(actor=office, parent=tree.street_b, name="乙二", kind="community", code="51")
    assert refused.value.message_dict == {"code": ["区划代码应为12位数字"]}
    unit_create(
        actor=office, parent=tree.street_b, name="乙二社区", kind="community", code="510000000001"
    )
    with pytest.raises(ValidationError) as refused:
        unit_update(
            actor=office,
            unit=tree.community_b1,
            name="乙一社区",
            kind="community",
            code="510000000001",
            note="",
            is_active=True,
        )
    assert refused.value.message_dict == {"code": ["已有单位使用该代码。"]}


def test_the_database_keeps_codes_unique_but_allows_many_blank(tree):
    Unit.objects.filter(pk=tree.community_a1.pk).update(code="510000000001")
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.filter(pk=tree.community_a2.pk).update(code="510000000001")
    assert Unit.objects.filter(code="").count() == Unit.objects.count() - 1
    tree.community_a2.code = "510000000001"
    with pytest.raises(ValidationError) as refused:
        tree.community_a2.full_clean()
    assert "已有单位使用该代码。" in refused.value.messages
