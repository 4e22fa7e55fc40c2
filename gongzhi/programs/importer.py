"""Write a checked program document: idempotent (a second import changes nothing) and all or
nothing (one transaction)."""

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from gongzhi.core.audit import Action, audit_record
from gongzhi.orgs.models import WorkingGroup, WorkingGroupMember
from gongzhi.programs.document import DocumentError, read_document
from gongzhi.programs.models import (
    Assignment,
    Milestone,
    Phase,
    Pilot,
    Program,
    ProgramVersion,
    Strand,
    Target,
    Task,
)

STRAND_ORDER_OFFSET = 10_000


class _Sync:
    """Upserts that touch a row only when a value differs, logging what changed."""

    def __init__(self):
        self.log: list[tuple[str, str, str]] = []  # (action, kind of record, record)

    @property
    def changes(self) -> int:
        return len(self.log)

    def note(self, action: str, obj):
        """Log a change under its kind of record; a task under its own kind (市级任务 …)."""
        kind = obj.get_kind_display() if isinstance(obj, Task) else obj._meta.verbose_name
        self.log.append((action, str(kind), str(obj)))

    def upsert(self, model, lookup: dict, values: dict):
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model.objects.create(**lookup, **values)
            self.note("create", obj)
            return obj
        if any(getattr(obj, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(obj, key, value)
            obj.save()
            self.note("update", obj)
        return obj

    def prune(self, queryset):
        """Delete rows no longer in the document (refused if progress was reported on them)."""
        doomed = list(queryset)
        for obj in doomed:
            self.note("delete", obj)
        if doomed:
            queryset.delete()


def _sync_milestones(sync, phase, milestones):
    existing = list(phase.milestones.values_list("key", "date", "text"))
    if existing != list(milestones):
        phase.milestones.all().delete()
        Milestone.objects.bulk_create(
            Milestone(phase=phase, key=k, date=d, text=t) for k, d, t in milestones
        )
        sync.note("update", phase)


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
            {"role": role, "via_group": via, "order": order},
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
        labels = "、".join(task.label for task in queryset.filter(reports__isnull=False))
        message = _("%(labels)s 已有进展上报，不能从项目中删除") % {"labels": labels}
        raise DocumentError([f"tasks: {message}"])
    sync.prune(queryset)


def _write_filings(sync, program, filings):
    """One filing task per unit the document's filings name (each files its own plan)."""
    for number, filing in enumerate(filings, start=1):
        values = {
            "text": filing["text"],
            "category": "",
            "due": filing["due"],
            "due_from": filing["due_from"],
        }
        assignment = [(filing["unit"], "lead", "")]
        _sync_task(sync, program, Task.Kind.FILING, number, None, values, assignment, [])
    _prune_tasks(sync, program.tasks.filter(kind=Task.Kind.FILING, number__gt=len(filings)))


def _write_working_group(sync, program, data):
    group_data = data["working_group"]
    if group_data is None:
        return None
    values = {k: group_data[k] for k in ("office_duty", "source")} | {"office_unit": data["office"]}
    group = sync.upsert(
        WorkingGroup, {"region": data["region"], "name": group_data["name"]}, values
    )
    for order, member in enumerate(group_data["members"], start=1):
        values = {k: member[k] for k in ("name", "position", "unit", "duty")}
        sync.upsert(WorkingGroupMember, {"group": group, "order": order}, values)
    sync.prune(group.members.filter(order__gt=len(group_data["members"])))
    return group


def _write_phases(sync, program, phases):
    for order, phase_data in enumerate(phases):
        values = {k: phase_data[k] for k in ("name", "start", "end")}
        phase = sync.upsert(Phase, {"program": program, "order": order}, values)
        _sync_milestones(sync, phase, phase_data["milestones"])
    sync.prune(program.phases.filter(order__gte=len(phases)))


def _write_city_tasks(sync, program, tasks):
    for task in tasks:
        values = {k: task[k] for k in ("text", "due", "due_from")} | {"category": ""}
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
    numbers = [task["number"] for task in tasks]
    _prune_tasks(sync, program.tasks.filter(kind=Task.Kind.CITY).exclude(number__in=numbers))


def _write_strands(sync, program, strands) -> dict[str, Strand]:
    wanted = {(strand["name"], order) for order, strand in enumerate(strands)}
    if set(program.strands.values_list("name", "order")) != wanted:
        # Orders are unique per program: move every strand out of the way before re-numbering.
        program.strands.update(order=F("order") + STRAND_ORDER_OFFSET)
    return {
        strand["name"]: sync.upsert(
            Strand,
            {"program": program, "name": strand["name"]},
            {"order": order, "types": strand["types"], "categories": strand["categories"]},
        )
        for order, strand in enumerate(strands)
    }


def _write_pilots(sync, program, pilots, strands):
    for order, pilot_data in enumerate(pilots):
        values = {k: pilot_data[k] for k in ("street", "type_name", "due", "due_from")} | {
            "order": order,
            "strand": strands.get(pilot_data["strand"]),
        }
        pilot = sync.upsert(
            Pilot, {"program": program, "community": pilot_data["community"]}, values
        )
        for item in pilot_data["items"]:
            values = {k: item[k] for k in ("text", "category", "due", "due_from")}
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
    stale = program.pilots.exclude(community__in=[p["community"] for p in pilots])
    _prune_tasks(sync, Task.objects.filter(pilot__in=stale))
    sync.prune(stale)
    sync.prune(program.strands.exclude(pk__in=[s.pk for s in strands.values()]))


PROGRAM_FIELDS = (
    "name",
    "year",
    "region",
    "issuers",
    "issued",
    "basis",
    "goals",
    "source",
    "groups",
    "types",
    "categories",
)


def _write(data) -> tuple[Program, _Sync]:
    sync = _Sync()
    program = sync.upsert(
        Program,
        {"code": data["code"]},
        {key: data[key] for key in PROGRAM_FIELDS}
        | {"office_unit": data["office"], "filings": data["filing_rules"]},
    )
    group = _write_working_group(sync, program, data)
    if program.working_group_id != (group.pk if group else None):
        program.working_group = group
        program.save(update_fields=["working_group"])
    _write_phases(sync, program, data["phases"])
    _write_city_tasks(sync, program, data["tasks"])
    _write_pilots(sync, program, data["pilots"], _write_strands(sync, program, data["strands"]))
    _write_filings(sync, program, data["filings"])
    return program, sync


def _new_version(program, doc, actor, source, changes):
    latest = program.versions.order_by("-number").first()
    number = latest.number + 1 if latest else 1
    ProgramVersion.objects.create(
        program=program,
        number=number,
        document=doc,
        source=source[:200],
        changes=changes,
        created_by=actor,
    )
    Program.objects.filter(pk=program.pk).update(version=number)
    program.version = number


def preview_program(doc) -> list[tuple[str, str, str]]:
    """What importing `doc` would change, without changing anything: [(action, kind, record)].
    Raises DocumentError as the import would."""
    data = read_document(doc)
    with transaction.atomic():
        _program, sync = _write(data)
        transaction.set_rollback(True)
    return sync.log


def import_program(doc, *, actor=None, source: str = "") -> tuple[Program, int]:
    """Import (or re-import) a program document; returns the program and the number of rows
    written. Raises DocumentError, leaving the database as it was."""
    data = read_document(doc)
    with transaction.atomic():
        program, sync = _write(data)
        changes = sync.changes
        if changes:
            _new_version(program, doc, actor, source, changes)
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
