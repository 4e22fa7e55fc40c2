"""The progress work sources: tasks my units must report on, reports sent back, reviews."""

import datetime

from gongzhi.core.access import access_for
from gongzhi.programs.models import Assignment, Task
from gongzhi.progress import work
from gongzhi.progress.models import Report, ReviewStage

TODAY = datetime.date(2024, 6, 1)


def _task(program, number, due, *units):
    task = Task.objects.create(program=program, kind="city", number=number, text="任务", due=due)
    for order, (unit, role) in enumerate(units):
        Assignment.objects.create(task=task, unit=unit, role=role, order=order)
    return task


def _titles(worklist):
    return [item.title for item in worklist.items]


def test_tasks_of_my_unit_that_need_a_report(program, tree, community_user, users):
    a1, a2 = tree.community_a1, tree.community_a2
    overdue = _task(program, 1, "2024-05-20", (a1, "lead"))
    soon = _task(program, 2, "2024-06-10", (tree.civil, "lead"), (a1, "co"))
    unreported = _task(program, 3, "2024-12-31", (a1, "lead"))
    reported = _task(program, 4, "2024-12-31", (a1, "lead"))
    in_review = _task(program, 5, "2024-05-20", (a1, "lead"))
    done = _task(program, 6, "2024-05-20", (a1, "lead"))
    _task(program, 7, "2024-05-20", (a2, "lead"))  # the neighbour's
    Report.objects.create(task=reported, unit=a1, author=community_user, state="approved")
    Report.objects.create(task=in_review, unit=a1, author=community_user, state="pending")
    Report.objects.create(
        task=done, unit=a1, author=community_user, state="approved", claims_completion=True
    )
    listed = work.my_tasks(community_user, access_for(community_user), TODAY)
    assert _titles(listed) == [overdue.label, soon.label, unreported.label]
    assert [item.urgency for item in listed.items] == ["overdue", "due_soon", "waiting"]
    assert "甲一社区（配合单位）" in listed.items[1].detail
    counted = work.my_tasks_queryset(community_user, access_for(community_user), TODAY)
    assert counted.count() == listed.total == 3
    # reaching a unit from above is not sitting there: the street has none of these
    street = users["street"]
    assert work.my_tasks(street, access_for(street), TODAY).total == 0


def test_returned_reports_and_reviews(program, tree, community_user, street_user, users):
    task = _task(program, 1, "2024-12-31", (tree.community_a1, "lead"), (tree.community_b1, "co"))
    returned = Report.objects.create(
        task=task, unit=tree.community_a1, author=community_user, state="returned"
    )
    Report.objects.create(
        task=task, unit=tree.community_b1, author=community_user, state="returned"
    )
    mine = work.my_returned(community_user, access_for(community_user), TODAY)
    assert [item.url for item in mine.items] == [returned.get_absolute_url()]

    waiting = Report.objects.create(
        task=task, unit=tree.community_a1, author=community_user, state="pending", stage=0
    )
    ReviewStage.objects.create(report=waiting, position=0, unit=tree.street_a)
    ReviewStage.objects.create(report=waiting, position=1, unit=tree.civil)
    reviews = work.my_reviews(street_user, access_for(street_user), TODAY)
    assert [item.url for item in reviews.items] == [waiting.get_absolute_url()]
    office = users["program_office"]
    assert work.my_reviews(office, access_for(office), TODAY).total == 0  # not its stage yet
    # a community reviews nothing: no query, no entry
    assert work.my_reviews_queryset(community_user, access_for(community_user), TODAY) is None
