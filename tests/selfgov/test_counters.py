"""The 居民自治 counters cost the same for 2 or 20 units and count every community grown."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongzhi.orgs.models import Unit
from gongzhi.programs import counters
from gongzhi.selfgov.models import (
    CertificateItem,
    Charter,
    DutyKind,
    DutyList,
    Matter,
    Step,
    StepKind,
)

SELFGOV = sorted(name for name in counters.REGISTRY if name.startswith("selfgov."))


def _grow(program, user, communities):
    """In each community: a charter, a convention, the three lists, an abolished certificate
    item and a matter through all six steps."""
    for k, unit in enumerate(communities):
        CertificateItem.objects.create(
            unit=unit,
            name="居住证明",
            status="abolished",
            basis="文件",
            decided_on="2024-04-01",
            updated_by=user,
        )
        for kind in DutyKind.values:
            DutyList.objects.create(unit=unit, kind=kind, adopted_on="2024-04-01", created_by=user)
        for kind in ("charter", "convention"):
            Charter.objects.create(
                unit=unit,
                kind=kind,
                title=f"{kind}{k}",
                adopted_on="2024-04-01",
                meeting="居民会议",
                created_by=user,
            )
        matter = Matter.objects.create(
            unit=unit, title=f"事项{k}", kind="project", created_by=user, steps_done=6
        )
        for kind in StepKind:
            Step.objects.create(
                matter=matter,
                kind=kind,
                date=datetime.date(2024, 3, kind),
                ends_on=datetime.date(2024, 3, 20) if kind >= 5 else None,
                text="记录",
                recorded_by=user,
            )


@pytest.mark.parametrize("name", SELFGOV)
def test_one_call_costs_the_same_for_2_or_20_units(tree, program, office, name):
    communities = [
        Unit.objects.add_unit(tree.street_a, name=f"新社区{k}", kind="community") for k in range(20)
    ]
    _grow(program, office, communities)
    counter = counters.get(name)

    def queries(units):
        with CaptureQueriesContext(connection) as captured:
            counted = counter.compute(program, units, {})
        return len(captured), counted

    few, _counted = queries(communities[:2])
    many, counted = queries(communities)
    assert few == many
    assert all(counted[unit.pk] == 1 for unit in communities), counted
    assert queries([tree.street_a])[1] == {tree.street_a.pk: 20}
