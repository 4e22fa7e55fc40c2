"""The demo history: the Guanghan 2024 program as it stood on the demo day (DEMO_DAY), written
through the real services by the demo accounts, each step at its moment of 2024. Registries and
activities first, then the progress reports with their reviews (see fixtures/demo/*.yaml).

Only `load_demo` writes it, and only into a program nobody has reported on yet: a second run
writes nothing. The demo is viewed at DEMO_DAY (GZ_DEMO_TODAY, set by `make demo`), where
some items are done, some await review, some were sent back, some are due soon, a few overdue.
"""

import datetime
from pathlib import Path

from django.utils import timezone

from gongzhi.demo.activities import write_activities
from gongzhi.demo.cases import write_cases
from gongzhi.demo.evaluation import write_evaluation
from gongzhi.demo.exchange import write_exchange
from gongzhi.demo.funds import write_funds
from gongzhi.demo.registries import Registries, write_checklist
from gongzhi.demo.reports import play_report
from gongzhi.demo.residents import write_residents
from gongzhi.demo.selfgov import write_selfgov
from gongzhi.demo.services import write_services
from gongzhi.demo.smart import write_smart
from gongzhi.demo.story import Story
from gongzhi.demo.supervision import write_supervision
from gongzhi.demo.users import load_demo_users
from gongzhi.orgs.loader import read_yaml
from gongzhi.progress.models import Notification, Report
from gongzhi.progress.services import notification_read

DEMO_DAY = datetime.date(2024, 12, 18)
READ_AFTER = datetime.timedelta(days=7)  # messages older than this on the demo day were read


def history_written(program) -> bool:
    return Report.objects.filter(task__program=program).exists()


def write_history(program, fixtures: Path) -> list[dict]:
    """Write the history once; returns the accounts of its other units (as `load_demo_users`)."""
    accounts = load_demo_users(fixtures / "history-users.yaml")
    if history_written(program):
        return accounts
    story = Story(program.region)
    registries = Registries(story)
    records = read_yaml(fixtures / "registries.yaml")
    registries.write(records)
    write_checklist(story, program, records.get("checklist", []))
    write_activities(story, registries, read_yaml(fixtures / "activities.yaml"))
    for entry in read_yaml(fixtures / "reports.yaml")["reports"]:
        play_report(story, program, entry)
    write_services(story, program)
    write_residents(story)
    write_selfgov(story)
    write_funds(story)
    write_supervision(story)
    write_smart(story)
    write_exchange(story)
    write_evaluation(story, program)
    write_cases(story, program)
    read_messages(story)
    return accounts


def read_messages(story: Story) -> None:
    """People read their messages the day after they came, except those of the last week."""
    since = timezone.make_aware(datetime.datetime.combine(DEMO_DAY, datetime.time()))
    older = Notification.objects.filter(created_at__lt=since - READ_AFTER, read_at__isnull=True)
    for note in older.select_related("user").order_by("created_at", "pk"):
        with story.at(note.created_at + datetime.timedelta(days=1)):
            notification_read(user=note.user, note=note)
