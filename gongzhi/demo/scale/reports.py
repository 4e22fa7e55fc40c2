"""Stage 4: progress reports on the tasks, by each community's user, in every state of the
review chain (community → street → program office), with their stored review stages and the
events of each step taken."""

import datetime

from django.db.models import Max

from gongzhi.demo.scale.common import communities, moment, office, unit_user_ids
from gongzhi.demo.scale.program import program, tasks
from gongzhi.demo.scale.runner import Children, Sequence, day_of, dealt, paged
from gongzhi.progress.models import Report, ReviewEvent, ReviewStage

State = Report.State
# (state, stage) by share: a tenth drafts, a quarter waiting for review, a tenth sent back
STATES = [(State.DRAFT, 0)] * 2 + [(State.PENDING, 0)] * 3 + [(State.PENDING, 1)] * 2
STATES += [(State.RETURNED, 0)] * 2 + [(State.APPROVED, 1)] * 11
TEXTS = [
    "已完成阶段性建设，佐证材料见附件。",
    "本月组织居民议事会两次，收集意见建议十余条。",
    "服务阵地改造已进场施工，预计下月完工。",
    "志愿服务队开展入户走访，覆盖重点人群。",
]


def run_stage(run) -> None:
    rows = tasks(run)
    total = run.sizes.reports
    users = unit_user_ids(run)
    mine = Report.objects.filter(task__program=program(run))

    def make(rng, i):
        task, number = dealt(i, len(rows))
        task_id, community, _n = rows[task]
        state, stage = STATES[rng.randrange(len(STATES))]
        made = moment(day_of(i, total, 300), rng.randrange(600))
        submitted = None if state == State.DRAFT else made + datetime.timedelta(hours=2)
        return Report(
            task_id=task_id,
            unit_id=community,
            author_id=users[community],
            text=TEXTS[number % len(TEXTS)],
            claims_completion=state == State.APPROVED and number % 3 == 0,
            state=state,
            stage=stage,
            created_at=made,
            updated_at=submitted or made,
            submitted_at=submitted,
            approved_at=submitted + datetime.timedelta(days=3) if state == State.APPROVED else None,
        )

    run.sequence(Sequence("reports", Report, total, mine.count, make, chunk=10_000))
    _review(run, mine)


def _reviewed(mine, model):
    """Reports sent for review, after a primary key; and the last one with `model` rows."""

    def parents(after):
        fields = ("pk", "unit_id", "author_id", "state", "stage", "submitted_at")
        return paged(mine.exclude(state=State.DRAFT), after, fields)

    def last():
        return model.objects.filter(report__in=mine).aggregate(last=Max("report_id"))["last"]

    return parents, last


def _review(run, mine) -> None:
    streets = {pk: street for pk, _path, street in communities(run)}
    users, top = unit_user_ids(run), office(run).pk

    def make_stages(report):
        pk, community = report[:2]
        return [
            ReviewStage(report_id=pk, position=0, unit_id=streets[community]),
            ReviewStage(report_id=pk, position=1, unit_id=top),
        ]

    def make_events(report):
        pk, community, author, state, stage, submitted = report
        seats = [streets[community], top]
        steps = [(ReviewEvent.Action.SUBMIT, author, community, State.PENDING, 0)]
        approvals = 2 if state == State.APPROVED else stage
        for position in range(approvals):
            last = state == State.APPROVED and position == 1
            to_state = State.APPROVED if last else State.PENDING
            steps.append((ReviewEvent.Action.APPROVE, None, seats[position], to_state, position))
        if state == State.RETURNED:
            steps.append((ReviewEvent.Action.RETURN, None, seats[0], State.RETURNED, 0))
        events, before = [], State.DRAFT
        for n, (action, actor, unit, after, position) in enumerate(steps):
            events.append(
                ReviewEvent(
                    report_id=pk,
                    action=action,
                    actor_id=actor or users[unit],
                    actor_unit_id=unit,
                    from_state=before,
                    to_state=after,
                    stage=position,
                    comment="请补充佐证材料。" if action == ReviewEvent.Action.RETURN else "",
                    at=submitted + datetime.timedelta(days=n),
                )
            )
            before = after
        return events

    parents, last = _reviewed(mine, ReviewStage)
    run.children(Children("reports.stages", ReviewStage, parents, last, make_stages))
    parents, last = _reviewed(mine, ReviewEvent)
    run.children(Children("reports.events", ReviewEvent, parents, last, make_events))
