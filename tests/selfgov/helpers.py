"""Building 四议两公开 matters for the tests: a meeting's numbers that pass, and each step."""

import datetime

from gongzhi.selfgov import services
from gongzhi.selfgov.models import Matter, Step, StepKind

D = datetime.date
MEETING = {
    "entitled": 45,
    "present": 30,
    "votes_for": 25,
    "votes_against": 3,
    "votes_abstain": 2,
}
# The dates of a matter that goes through every step in time.
DATES = {
    StepKind.PROPOSAL: D(2024, 3, 1),
    StepKind.CONSULTATION: D(2024, 3, 5),
    StepKind.REVIEW: D(2024, 3, 8),
    StepKind.RESOLUTION: D(2024, 3, 12),
    StepKind.RESOLUTION_PUBLIC: D(2024, 3, 13),
    StepKind.RESULT_PUBLIC: D(2024, 5, 10),
}


def new_matter(actor, unit, title="小区停车位改造") -> Matter:
    return services.matter_create(
        actor=actor, matter=Matter(unit=unit, title=title, kind="project", summary="改造方案")
    )


def step_of(kind: StepKind, **fields) -> Step:
    """An unsaved step of `kind` with valid values, changed by `fields`."""
    values = {"kind": kind, "date": DATES[kind], "text": f"{kind.label}记录"}
    if kind in (StepKind.RESOLUTION_PUBLIC, StepKind.RESULT_PUBLIC):
        values["ends_on"] = values["date"] + datetime.timedelta(days=6)
    else:
        values.update(MEETING)
    if kind == StepKind.RESOLUTION:
        values["meeting_form"] = "assembly"
    values.update(fields)
    return Step(**values)


def record(actor, matter, kind, **fields) -> Step:
    return services.step_record(actor=actor, matter=matter, step=step_of(kind, **fields))


def record_up_to(actor, matter, last: StepKind) -> None:
    for kind in StepKind:
        if kind > last:
            break
        record(actor, matter, kind)
