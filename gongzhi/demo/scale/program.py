"""Stage 3: one program over the generated region: its phases, every community a pilot with
numbered work items (tasks), each led by the community and carrying a target, two of them
counted from the registries the later stages fill."""

import datetime
from decimal import Decimal

from django.db import transaction

from gongzhi.demo.scale.common import communities, office, root
from gongzhi.demo.scale.runner import Sequence, split
from gongzhi.programs.models import Assignment, Phase, Pilot, Program, Target, Task

TYPES = ["多元共治型", "智慧科技型", "幸福和睦型"]
CATEGORIES = [
    {"code": "hardware", "name": "硬件"},
    {"code": "software", "name": "软件"},
    {"code": "service", "name": "服务"},
    {"code": "scene", "name": "场景"},
]
PHASES = [
    ("前期准备阶段", datetime.date(2024, 2, 21), datetime.date(2024, 2, 29)),
    ("工程实施阶段", datetime.date(2024, 3, 1), datetime.date(2024, 11, 30)),
    ("考核验收阶段", datetime.date(2024, 12, 1), datetime.date(2024, 12, 31)),
]
# (name, comparator, value, measure, counter, counter args) of each pilot's first items
COUNTED = [
    ("注册志愿者人数", ">=", 100, "人", "community.volunteers", {}),
    ("供需对接会场次", ">=", 4, "场", "activities.count", {"type": "supply_demand"}),
]


def program(run) -> Program:
    return run.shared("program", lambda: Program.objects.get(code=f"scale-{run.preset}"))


def tasks(run) -> list[tuple[int, int, int]]:
    """(task id, community id, number) of every generated task, pilot by pilot."""

    def load():
        rows = Task.objects.filter(program=program(run)).order_by("pilot__order", "number")
        return list(rows.values_list("id", "pilot__community_id", "number"))

    return run.shared("tasks", load)


def run_stage(run) -> None:
    _program(run)
    places = communities(run)
    mine = program(run)
    pilots = Pilot.objects.filter(program=mine)

    def make_pilot(rng, i):
        community, _path, street = places[i]
        return Pilot(
            program=mine,
            community_id=community,
            street_id=street,
            type_name=TYPES[i % len(TYPES)],
            due=datetime.date(2024, 11, 30),
            order=i + 1,
        )

    run.sequence(Sequence("program.pilots", Pilot, len(places), pilots.count, make_pilot))
    pilot_ids = list(pilots.order_by("order").values_list("id", flat=True))
    per = run.sizes.tasks_per_community
    total = per * len(places)

    def make_task(rng, i):
        pilot, number = split(i, total, len(places))
        return Task(
            program=mine,
            kind=Task.Kind.PILOT_ITEM,
            pilot_id=pilot_ids[pilot],
            number=number + 1,
            text=f"建设任务{number + 1}：完善社区服务阵地，开展特色服务项目",
            category=CATEGORIES[number % len(CATEGORIES)]["code"],
            due=datetime.date(2024, 5 + number % 6, 28),
        )

    mine_tasks = Task.objects.filter(program=mine)
    run.sequence(Sequence("program.tasks", Task, total, mine_tasks.count, make_task))
    _assignments_and_targets(run, total)


def _assignments_and_targets(run, total: int) -> None:
    rows = tasks(run)

    def make_assignment(rng, i):
        task, community, _number = rows[i]
        return Assignment(task_id=task, unit_id=community, role=Assignment.Role.LEAD)

    def make_target(rng, i):
        task, _community, number = rows[i]
        if number <= len(COUNTED):
            name, comparator, value, measure, counter, args = COUNTED[number - 1]
        else:
            name, comparator, value, measure, counter, args = ("完成进度", ">=", 100, "%", "", {})
        return Target(
            task_id=task,
            name=name,
            comparator=comparator,
            value=Decimal(value),
            measure=measure,
            counter=counter,
            counter_args=args,
        )

    of_program = {"task__program": program(run)}
    assigned = Assignment.objects.filter(**of_program)
    targets = Target.objects.filter(**of_program)
    run.sequence(
        Sequence("program.assignments", Assignment, total, assigned.count, make_assignment)
    )
    run.sequence(Sequence("program.targets", Target, total, targets.count, make_target))


@transaction.atomic
def _program(run) -> None:
    code = f"scale-{run.preset}"
    if Program.objects.filter(code=code).exists():
        return
    region = root(run)
    created = Program.objects.create(
        code=code,
        name=f"{region.name}2024年城乡社区治理“创特色”工程",
        year=2024,
        region=region,
        office_unit=office(run),
        issuers=[office(run).name],
        issued=datetime.date(2024, 2, 21),
        basis="川民发〔2022〕169号",
        goals=["有阵地", "有队伍", "有机制", "有品牌"],
        types=TYPES,
        categories=CATEGORIES,
    )
    for order, (name, start, end) in enumerate(PHASES, start=1):
        Phase.objects.create(program=created, order=order, name=name, start=start, end=end)
