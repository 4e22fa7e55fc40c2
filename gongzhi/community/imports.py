"""Planning a registry import: read the whole sheet, resolve and check every row, and say what
would be created and changed — without writing anything. `services.registry_import` writes a
clean plan. The database is asked a fixed number of questions per chunk of rows, never per row."""

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from gongzhi.community.import_template import registry_example
from gongzhi.community.registries import (
    KEEP,
    CellError,
    Registry,
    Secret,
    UnitName,
    UnitNames,
    cell_text,
)
from gongzhi.core.audit import snapshot
from gongzhi.core.crypto import blind_index
from gongzhi.core.excel import is_example
from gongzhi.core.roles import Perm
from gongzhi.core.services import record_validate
from gongzhi.orgs.models import Unit
from gongzhi.orgs.selectors import agencies

CHUNK = 1000  # rows looked up in the database with one query
MAX_MESSAGES = 200


@dataclass
class ImportPlan:
    """What an import would do: new records, changed records (with their state before), how many
    rows change nothing, and every problem found, by row and column."""

    registry: Registry
    rows: int = 0
    creates: list = field(default_factory=list)
    updates: list = field(default_factory=list)  # (record, snapshot before the change)
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    error_count: int = 0
    many: dict = field(default_factory=dict)  # id(record) → {m2m field: [units]} to set

    def error(self, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_MESSAGES:
            self.errors.append(message)

    def row_error(self, number: int, header: str, problem) -> None:
        if header:
            self.error(
                _("第%(row)d行“%(column)s”：%(problem)s")
                % {"row": number, "column": header, "problem": problem}
            )
        else:
            self.error(_("第%(row)d行：%(problem)s") % {"row": number, "problem": problem})

    @property
    def error_report(self) -> str:
        lines = list(self.errors)
        if self.error_count > len(self.errors):
            lines.append(
                _("……另有 %(n)d 处问题未列出。") % {"n": self.error_count - len(self.errors)}
            )
        return "\n".join(lines)


@dataclass
class _Row:
    number: int
    values: dict
    key: tuple = ()
    fallback: bool = False  # matched by the fallback key (the key cell was masked)


def plan_import(
    *, actor, registry: Registry, rows: Iterable[tuple], progress: Callable | None = None
) -> ImportPlan:
    """Check a sheet (its first row is the header) for `actor`: every row must read, name units
    the actor keeps records for, appear once, and pass the model's validation."""
    plan = ImportPlan(registry)
    rows = iter(rows)
    header = [cell_text(cell) for cell in next(rows, ())]
    position = {title: index for index, title in enumerate(header) if title}
    needed = [registry.column(name).header for name in (*registry.key, *registry.fallback_key)]
    missing = [title for title in dict.fromkeys(needed) if title not in position]
    if missing:
        plan.error(_("缺少列：%(columns)s") % {"columns": "、".join(missing)})
        return plan
    columns = [(c, position[c.header]) for c in registry.columns if c.header in position]
    raw = _read(rows, plan, registry_example(registry))
    if plan.errors:
        return plan
    plan.rows = total = len(raw)
    units = _units(actor, columns, raw)
    parsed = _parse(raw, columns, units, plan)
    del raw  # the cells are parsed: free them before the records are built
    keyed = _keys(registry, parsed, plan)
    many = [c.field for c, _i in columns if isinstance(c, UnitNames)]
    given = {c.field for c, _i in columns}
    exclude = [
        f.name
        for f in registry.model._meta.fields
        if f.name not in given or f.name in registry.resolved
    ]
    done = 0
    for start in range(0, len(keyed), CHUNK):
        chunk = keyed[start : start + CHUNK]
        existing = _existing(registry, chunk, many)
        for row in chunk:
            _plan_row(plan, registry, row, existing, many, exclude)
            row.values = None  # now held by the record: the row's own copy can go
        done = min(total, start + CHUNK)
        if progress:
            progress(done, total)
    if progress and done < total:
        progress(total, total)
    return plan


def _read(rows, plan, example) -> list[tuple[int, tuple]]:
    """The non-empty rows with their spreadsheet row numbers (the header is row 1), but for the
    template's example row left as it was."""
    limit = settings.GZ_IMPORT_MAX_ROWS
    kept = []
    for number, row in enumerate(rows, start=2):
        if all(cell is None or cell == "" for cell in row) or is_example(row, example):
            continue
        if len(kept) >= limit:
            plan.error(
                _("文件超过 %(limit)d 行，请拆分后分批导入。") % {"limit": limit},
            )
            return []
        kept.append((number, row))
    return kept


def _units(actor, columns, raw) -> dict[str, dict[str, list[Unit]]]:
    """Every unit named in the file, by pool and name: one query per pool."""
    names: dict[str, set[str]] = {}
    for column, index in columns:
        if isinstance(column, UnitName):
            pool = names.setdefault(column.pool, set())
            for _number, row in raw:
                pool.update(column.names(row[index] if index < len(row) else None))
    found: dict[str, dict[str, list[Unit]]] = {}
    for pool, wanted in names.items():
        units = (
            agencies()
            if pool == "agencies"
            else Unit.objects.editable_by(actor, Perm.MANAGE_REGISTRIES)
        )
        found[pool] = {}
        for unit in units.filter(name__in=wanted):
            found[pool].setdefault(unit.name, []).append(unit)
    return found


def _parse(raw, columns, units, plan) -> list[_Row]:
    parsed = []
    for number, row in raw:
        values, good = {}, True
        for column, index in columns:
            try:
                values[column.field] = column.parse(row[index] if index < len(row) else None, units)
            except CellError as error:
                plan.row_error(number, column.header, error)
                good = False
        if good:
            parsed.append(_Row(number, values))
    return parsed


def _key_value(registry, row, name):
    value = row.values.get(name)
    column = registry.column(name)
    if isinstance(column, UnitName):
        return value.pk if value is not None else None
    if isinstance(column, Secret):
        if name in row.values:
            # the field's own value (normalised once), which keeps its blind index for the
            # assignment, the validation and the save that follow
            value = row.values[name] = registry.model._meta.get_field(name).wrap(value)
        return blind_index(value)
    return value


def _shown(registry, name, value) -> str:
    """A key cell as a message may show it: personal data masked."""
    column = registry.column(name)
    if isinstance(column, UnitName):
        return value.name if value is not None else ""
    if isinstance(column, Secret):
        return column.mask(value)
    return str(value)


def _keys(registry, parsed, plan) -> list[_Row]:
    """Each row's key; a row repeating an earlier row's key is an error."""
    first_seen, kept = {}, []
    for row in parsed:
        names = registry.key
        if any(row.values.get(name) is KEEP for name in names):
            names, row.fallback = registry.fallback_key, True
            if not names:
                continue
        row.key = tuple(_key_value(registry, row, name) for name in names)
        if any(part in (None, "") for part in row.key):
            kept.append(row)  # a blank key cell: the validation names it
            continue
        seen = first_seen.setdefault((row.fallback, row.key), row.number)
        if seen != row.number:
            shown = "、".join(_shown(registry, name, row.values.get(name)) for name in names)
            plan.row_error(
                row.number,
                "",
                _("与第%(first)d行重复（%(key)s）") % {"first": seen, "key": shown},
            )
            continue
        kept.append(row)
    return kept


def _lookup(registry, name) -> str:
    column = registry.column(name)
    if isinstance(column, UnitName):
        return f"{name}_id"
    if isinstance(column, Secret):
        return f"{name}_index"
    return name


def _existing(registry, chunk, many) -> dict:
    """The stored records matching the chunk's keys, in one query: key → [records]."""
    model = registry.model
    condition = Q(pk__in=[])
    for fallback in (False, True):
        rows = [row for row in chunk if row.fallback == fallback]
        if not rows:
            continue
        names = registry.fallback_key if fallback else registry.key
        condition |= Q(
            **{
                f"{_lookup(registry, name)}__in": {row.key[i] for row in rows}
                for i, name in enumerate(names)
            }
        )
    # the units were resolved among the importer's units, so these records are theirs to change
    found = model.objects.filter(condition).select_related(*registry.related)
    if many:
        found = found.prefetch_related(*many)
    existing: dict = {}
    for record in found:
        for fallback, names in ((False, registry.key), (True, registry.fallback_key)):
            if names:
                key = tuple(getattr(record, _lookup(registry, name)) for name in names)
                existing.setdefault((fallback, key), []).append(record)
    return existing


def _plan_row(plan, registry, row, existing, many, exclude) -> None:
    model = registry.model
    matches = existing.get((row.fallback, row.key), [])
    if len(matches) > 1:
        plan.row_error(row.number, "", _("有多条同名记录，无法确定更新哪一条，请填写完整信息"))
        return
    record = matches[0] if matches else None
    relations, assigned = {}, {}
    for name, value in row.values.items():
        if value is KEEP:
            if record is None:
                header = registry.column(name).header
                plan.row_error(row.number, header, _("新增的记录须填写完整的值（不能带 *）"))
                return
            continue
        if name in many:
            relations[name] = value
            continue
        if value is None:
            model_field = model._meta.get_field(name)
            if not model_field.null and model_field.has_default():
                value = model_field.get_default()
        assigned[name] = value
    if record is None:
        original, instance = None, model(**assigned)  # each field set once
    else:
        original, instance = copy.copy(record), record
        for name, value in assigned.items():
            setattr(instance, name, value)
    try:
        record_validate(instance, exclude=exclude, bulk=True)
    except ValidationError as error:
        _report(plan, registry, row.number, error)
        return
    if original is None:
        plan.creates.append(instance)
        if relations:
            plan.many[id(instance)] = relations
        return
    changed_many = {
        name: units
        for name, units in relations.items()
        if {u.pk for u in units} != {u.pk for u in getattr(original, name).all()}
    }
    if _changed(model, row.values, original, instance) or changed_many:
        plan.updates.append((instance, snapshot(original)))
        if changed_many:
            plan.many[id(instance)] = changed_many
    else:
        plan.unchanged += 1


def _changed(model, values, original, instance) -> bool:
    for name in values:
        model_field = model._meta.get_field(name)
        if model_field.many_to_many:
            continue
        attname = model_field.attname
        if getattr(original, attname) != getattr(instance, attname):
            return True
    return False


def _report(plan, registry, number, error: ValidationError) -> None:
    headers = {column.field: column.header for column in registry.columns}
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            plan.row_error(number, "", message)
        return
    for name, messages in error.message_dict.items():
        if name == NON_FIELD_ERRORS:
            header = ""
        elif name in headers:
            header = headers[name]
        else:
            header = str(registry.model._meta.get_field(name).verbose_name)
        for message in messages:
            plan.row_error(number, header, message)
