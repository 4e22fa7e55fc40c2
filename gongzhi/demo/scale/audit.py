"""Stage 8: the audit log of a year's work: each community's user signing in, adding and
changing records and moving reports along, as the audit helper would have written it."""

from gongzhi.core.models import AuditEntry
from gongzhi.demo.scale.common import communities, moment, root, unit_user_ids, user_ids
from gongzhi.demo.scale.runner import Sequence, split

Action = AuditEntry.Action
# (action, object type, what it says): what a community's user does most
STEPS = [
    (Action.LOGIN, "", ""),
    (Action.CREATE, "progress.report", "新增进度上报"),
    (Action.UPDATE, "community.volunteer", "修改志愿者信息"),
    (Action.TRANSITION, "progress.report", "提交进度上报"),
    (Action.CREATE, "activities.activity", "新增活动"),
    (Action.EXPORT, "community.volunteer", "导出志愿者名册"),
]


def run_stage(run) -> None:
    places, users = communities(run), unit_user_ids(run)
    labels = {pk: name for name, pk in user_ids(run).items()}
    total = run.sizes.audit_entries
    mine = AuditEntry.objects.filter(unit__path__startswith=root(run).path)

    def make(rng, i):
        place, number = split(i, total, len(places))
        community = places[place][0]
        action, object_type, message = STEPS[number % len(STEPS)]
        actor = users[community]
        changed = action in (Action.UPDATE, Action.TRANSITION)
        return AuditEntry(
            at=moment(rng.randrange(340), rng.randrange(600)),
            actor_id=actor,
            actor_label=labels[actor],
            actor_unit_id=community,
            ip=f"10.{place % 250}.{number % 250}.{1 + i % 250}",
            action=action,
            object_type=object_type,
            object_id=str(number + 1) if object_type else "",
            object_repr=f"{message}{number + 1}" if object_type else "",
            unit_id=community,
            before={"state": "draft"} if changed else None,
            after={"state": "pending"} if changed else None,
            message=message,
        )

    run.sequence(Sequence("audit", AuditEntry, total, mine.count, make, chunk=10_000))
