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


@pytest.mark.django_db(transaction=False)
def test_no_operation_errors_or_strays_from_the_schema(tree, users, program):
    _records(tree, users, program)
    _token, key = token_for(users["program_office"], dict.fromkeys(module_names(), "write"))
    headers = {"Authorization": f"Bearer {key}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    started, operations = time.monotonic(), 0
    for result in schema.get_all_operations():
        _exercise(result.ok(), headers)
        operations += 1
    assert operations >= 40
    # every operation was called with the token (each use of a token is audited)
    assert AuditEntry.objects.filter(action="token_use").count() >= operations
    assert time.monotonic() - started < TIME_LIMIT_SECONDS
