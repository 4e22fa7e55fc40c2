"""Schemathesis against the WSGI app: every operation, a few generated requests each, made with
a read-write token of the program office; no server error, and every response (status, content
type, body) as the schema says. Bounded: a handful of examples per operation."""

import time

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gongzhi.api.registry import module_names
from gongzhi.core.models import AuditEntry
from tests.api.conftest import token_for

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 4
# the latest modules' operations, named so that the run is known to reach them
NEWEST_OPERATIONS = {
    "GET /api/v1/rounds/{id}/sheet/",
    "GET /api/v1/scoring-tables/",
    "GET /api/v1/alarms/",
    "POST /api/v1/alarms/{id}/acknowledge/",
    "POST /api/v1/alarms/{id}/resolve/",
    "GET /api/v1/elevator-devices/{id}/",
    "GET /api/v1/cases/",
    "GET /api/v1/publicity/{id}/",
    "GET /api/v1/supervision-visits/{id}/",
    "GET /api/v1/supervision-reports/",
    "GET /api/v1/supervision-assignments/",
}
TIME_LIMIT_SECONDS = 60


def _exercise(operation, headers):
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS, headers=headers)

    run()


def _records(tree, users, program):
    """A few records of the office's unit for the generated requests to find (ids 1, 2…)."""
    from gongzhi.programs.models import Assignment, Target, Task
    from gongzhi.progress.models import Report

    for number in (1, 2):
        task = Task.objects.create(
            program=program, kind="city", number=number, text="任务", due="2030-01-01"
        )
        Assignment.objects.create(task=task, unit=tree.civil, role="lead")
        Target.objects.create(task=task, name="指标", comparator=">=", value=1)
        Report.objects.create(
            task=task, unit=tree.civil, author=users["program_office"], text="进展"
        )
    _newest_records(tree, users, program)


def _newest_records(tree, users, program):
    """An elevator with two alarms to acknowledge or resolve, a case, a round and its table."""
    from django.utils import timezone

    from gongzhi.cases.models import Case
    from gongzhi.evaluation.services import round_create, table_default
    from gongzhi.smart.models import Alarm, ElevatorDevice

    device = ElevatorDevice.objects.create(
        community=tree.community_a1,
        building="1栋",
        name="1号电梯",
        registration_code="FUZZ0001",
        key_hash="f" * 64,
        secret="s",
    )
    for sequence in (1, 2):
        Alarm.objects.create(
            device=device,
            sequence=sequence,
            fault="trapped",
            running_state="stopped",
            occurred_at=timezone.now(),
            channel="http",
            received_at=timezone.now(),
            responsible=tree.community_a1,
        )
    Case.objects.create(
        title="案例",
        unit=tree.community_a1,
        type="party",
        date="2024-06-01",
        summary="做法",
        created_by=users["program_office"],
    )
    table_default(program)
    round_create(actor=users["program_office"], program=program, unit=tree.community_a1)


@pytest.fixture
def connections_kept_open():
    """As Django's test client does: the WSGI app's request signals would close the test's
    database connection (on PostgreSQL, inside the test's transaction) after a request."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db(transaction=False)
@pytest.mark.usefixtures("connections_kept_open")
def test_no_operation_errors_or_strays_from_the_schema(tree, users, program):
    _records(tree, users, program)
    _token, key = token_for(users["program_office"], dict.fromkeys(module_names(), "write"))
    headers = {"Authorization": f"Bearer {key}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    started, operations, paths = time.monotonic(), 0, set()
    for result in schema.get_all_operations():
        operation = result.ok()
        _exercise(operation, headers)
        operations += 1
        paths.add(f"{operation.method.upper()} {operation.path}")
    assert operations >= 40
    assert not NEWEST_OPERATIONS - paths, NEWEST_OPERATIONS - paths
    # every operation was called with the token (each use of a token is audited)
    assert AuditEntry.objects.filter(action="token_use").count() >= operations
    assert time.monotonic() - started < TIME_LIMIT_SECONDS
