"""Write a checked program document: idempotent (a second import changes nothing) and all or
nothing (one transaction)."""

from django.db import transaction
from django.utils.translation import gettext as _

from gongzhi.core.audit import Action, audit_record
from gongzhi.programs.document import DocumentError, read_document
from gongzhi.programs.models import Assignment, Milestone, Phase, Pilot, Program, Target, Task

FILING_TEXT = "“创特色”具体创建方案报市民政局备案"


class _Sync:
    """Upserts that touch a row only when a value differs, counting what changed."""

    def __init__(self):
        self.changes = 0

    def upsert(self, model, lookup: dict, values: dict):
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            self.changes += 1
            return model.objects.create(**lookup, **values)
        if any(getattr(obj, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(obj, key, value)
            obj.save()
            self.changes += 1
        return obj

    def prune(self, queryset):
        """Delete rows no longer in the document (refused if progress was reported on them)."""
        doomed = list(queryset)
        if doomed:
            self.changes += len(doomed)
            queryset.delete()


def _sync_milestones(sync, phase, milestones):
    existing = list(phase.milestones.values_list("date", "text"))
    if existing != list(milestones):
        phase.milestones.all().delete()
        Milestone.objects.bulk_create(Milestone(phase=phase, date=d, text=t) for d, t in milestones)
        sync.changes += 1


def _sync_targets(sync, task, targets):
    for order, target in enumerate(targets):
        sync.upsert(Target, {"task": task, "order": order}, target)
    sync.prune(task.targets.filter(order__gte=len(targets)))


def _sync_assignments(sync, task, rows):
    wanted = {unit.pk: (role, via, order) for order, (unit, role, via) in enumerate(rows)}
    for unit_pk, (role, via, order) in wanted.items():
        sync.upsert(
            Assignment,
            {"task": task, "unit_id": unit_pk},
            {"role": role, "via_all_streets": via, "order": order},
        )
    sync.prune(task.assignments.exclude(unit_id__in=wanted))


def _sync_task(sync, program, kind, number, pilot, values, assignments, targets):
    task = sync.upsert(
        Task, {"program": program, "kind": kind, "number": number, "pilot": pilot}, values
    )
    _sync_assignments(sync, task, assignments)
    _sync_targets(sync, task, targets)
    return task


def _prune_tasks(sync, queryset):
    if queryset.filter(reports__isnull=False).exists():
        labels = ", ".join(task.label for task in queryset.filter(reports__isnull=False))
        raise DocumentError([f"tasks: {labels} have progress reports and cannot be removed"])
    sync.prune(queryset)


def _write_filings(sync, program, data):
    """Each pilot street and community files its own 创建方案 by the end of the first phase."""
    due = data["phases"][0]["end"] if data["phases"] else None
    units = []
    for pilot in data["pilots"]:
        units += [u for u in (pilot["street"], pilot["community"]) if u not in units]
    if due is None:
        units = []
    for number, unit in enumerate(units, start=1):
        values = {"text": f"{unit.name}{FILING_TEXT}", "category": "", "due": due}
        _sync_task(
            sync, program, Task.Kind.FILING, number, None, values, [(unit, "lead", False)], []
        )
    _prune_tasks(sync, program.tasks.filter(kind=Task.Kind.FILING, number__gt=len(units)))


def _write(data) -> tuple[Program, int]:
    sync = _Sync()
    program = sync.upsert(
        Program,
        {"code": data["code"]},
        {
            key: data[key]
            for key in ("name", "year", "region", "issuers", "issued", "basis", "goals")
        }
        | {"office_unit": data["office"]},
    )
    for order, phase_data in enumerate(data["phases"]):
        values = {k: phase_data[k] for k in ("name", "start", "end")}
        phase = sync.upsert(Phase, {"program": program, "order": order}, values)
        _sync_milestones(sync, phase, phase_data["milestones"])
    sync.prune(program.phases.filter(order__gte=len(data["phases"])))

    for task in data["tasks"]:
        values = {"text": task["text"], "due": task["due"], "category": ""}
        _sync_task(
            sync,
            program,
            Task.Kind.CITY,
            task["number"],
            None,
            values,
            task["assignments"],
            task["targets"],
        )
    numbers = [task["number"] for task in data["tasks"]]
    _prune_tasks(sync, program.tasks.filter(kind=Task.Kind.CITY).exclude(number__in=numbers))

    for order, pilot_data in enumerate(data["pilots"]):
        values = {k: pilot_data[k] for k in ("street", "type_name", "due")} | {"order": order}
        pilot = sync.upsert(
            Pilot, {"program": program, "community": pilot_data["community"]}, values
        )
        for item in pilot_data["items"]:
            values = {k: item[k] for k in ("text", "category", "due")}
            _sync_task(
                sync,
                program,
                Task.Kind.PILOT_ITEM,
                item["number"],
                pilot,
                values,
                item["assignments"],
                item["targets"],
            )
        numbers = [item["number"] for item in pilot_data["items"]]
        _prune_tasks(sync, pilot.items.exclude(number__in=numbers))
    communities = [p["community"] for p in data["pilots"]]
    stale = program.pilots.exclude(community__in=communities)
    _prune_tasks(sync, Task.objects.filter(pilot__in=stale))
    sync.prune(stale)
    _write_filings(sync, program, data)
    return program, sync.changes


def import_program(doc, *, actor=None, source: str = "") -> tuple[Program, int]:
    """Import (or re-import) a program document; returns the program and the number of rows
    written. Raises DocumentError, leaving the database as it was."""
    data = read_document(doc)
    with transaction.atomic():
        program, changes = _write(data)
        if changes:
            audit_record(
                actor=actor,
                actor_label="system:import" if actor is None else "",
                action=Action.UPDATE,
                obj=program,
                message=(
                    _("导入项目文件 %(source)s（%(n)d 处变更）") % {"source": source, "n": changes}
                )[:300],
            )
    return program, changes
