"""好德行 files built in tests: `parsed(records)` reads them back as an upload would."""

import pytest
from django.test import Client

from gongzhi.exchange.files import from_json, to_json
from gongzhi.exchange.services import apply_plan, plan_import


def item(hdx_id="HDX-1", community="甲一社区", **changes) -> dict:
    return {
        "hdx_id": hdx_id,
        "community": community,
        "name": "老年人助餐",
        "category": "elderly",
        "provider": "长者食堂",
        "contact": "13800001111",
        "address": "1栋底商",
        "opening_hours": "11:00-13:00",
        "status": "active",
        **changes,
    }


def parsed(**records) -> dict:
    return from_json(to_json(records))


def imported(actor, **records):
    plan = plan_import(actor=actor, parsed=parsed(**records))
    assert plan.errors == []
    return apply_plan(actor=actor, plan=plan)


@pytest.fixture
def logged_in(users):
    def login(role) -> Client:
        client = Client()
        client.force_login(users[role])
        return client

    return login
