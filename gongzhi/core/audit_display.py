"""Audit entries as people read them: a changed field by its label, a choice by its name, a
related record by its name, yes/no, and times in local time. Read from the audited model's
metadata, so every model is shown the same way; a key the model no longer has is shown raw."""

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

EMPTY = "—"
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str
    kind: str = "update"  # "create": no before; "delete": no after

    @property
    def summary(self) -> str:
        """“状态：草稿 → 待审核”; a new record's field “状态：草稿”, a removed one's as it was."""
        if self.kind == "create":
            return f"{self.label}：{self.after}"
        if self.kind == "delete":
            return f"{self.label}：{self.before}"
        return f"{self.label}：{self.before} → {self.after}"

    def __str__(self):
        return self.summary


def audited_model(entry):
    """The model the entry is about, or None (no object, or a model that no longer exists)."""
    return _model(entry.object_type)


@cache
def _model(label: str):
    if not label:
        return None
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def object_type_label(entry) -> str:
    model = audited_model(entry)
    return str(model._meta.verbose_name) if model else entry.object_type


@cache
def _fields_by_key(model) -> dict:
    """The model's concrete fields by the keys a snapshot uses (attname), and by name."""
    fields = {}
    for field in model._meta.concrete_fields:
        fields[field.name] = field
        fields[field.attname] = field
    return fields


def _field(entry, key):
    model = audited_model(entry)
    return _fields_by_key(model).get(key) if model else None


def describe(entries) -> None:
    """Give each entry `changes`: its changed fields as `Change`s, read once for all entries
    (related records' names with one query per related model)."""
    entries = list(entries)
    wanted = defaultdict(set)  # related model → primary keys to name
    for entry in entries:
        for key, before, after in entry.changed_fields():
            field = _field(entry, key)
            if field is not None and field.is_relation:
                wanted[field.related_model].update(v for v in (before, after) if v is not None)
    names = {model: _names(model, pks) for model, pks in wanted.items()}
    for entry in entries:
        kind = "create" if entry.before is None else "delete" if entry.after is None else "update"
        changes = (
            _change(entry, key, b, a, names)
            for key, b, a in entry.changed_fields()
            if not _is_primary_key(entry, key)
        )
        # a change that reads the same on both sides (a time moved by microseconds) is noise
        entry.changes = [
            Change(c.label, c.before, c.after, kind) for c in changes if c.before != c.after
        ]


def _is_primary_key(entry, key) -> bool:
    field = _field(entry, key)
    return field is not None and field.primary_key


def _names(model, pks) -> dict:
    """{str(pk): name} of the related records that still exist (read without scope: the names
    belong to an entry the reader may already see)."""
    found = model._base_manager.filter(pk__in=list(pks))
    return {str(obj.pk): str(obj) for obj in found}


def _change(entry, key, before, after, names) -> Change:
    field = _field(entry, key)
    if field is None:
        return Change(key, _raw(before), _raw(after))
    return Change(
        field_label(field),
        _value(field, before, names),
        _value(field, after, names),
    )


def _common_labels() -> dict:
    """Labels for common fields that models leave unnamed."""
    return {
        "created_at": _("创建时间"),
        "updated_at": _("更新时间"),
        "created_by": _("创建人"),
        "author": _("填报人"),
        "submitted_at": _("提交时间"),
        "approved_at": _("通过时间"),
        "uploaded_by": _("上传人"),
        "uploaded_at": _("上传时间"),
        "logged_by": _("登记人"),
        "confirmed_by": _("确认人"),
        "owner": _("所有人"),
        "order": _("顺序"),
        "state": _("状态"),
        "content_type": _("文件类型"),
        "thumbnail": _("缩略图"),
        "finished_at": _("完成时间"),
        "read_at": _("阅读时间"),
    }


def field_label(field) -> str:
    """The field's own label; for a field its model left unnamed, a common label or (for a
    related record) the related model's name, else its name."""
    label = str(field.verbose_name)
    if label != field.name.replace("_", " "):
        return label
    common = _common_labels().get(field.name)
    if common:
        return str(common)
    if field.is_relation:
        return str(field.related_model._meta.verbose_name)
    return field.name


def _value(field, value, names) -> str:
    if value is None or value == "":
        return EMPTY
    if field.is_relation:
        return names.get(field.related_model, {}).get(str(value), f"#{value}")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("是") if value else _("否")
    if isinstance(field, models.DateTimeField):
        return local_time(value)
    return _raw(value)


def local_time(value) -> str:
    """An ISO time (as the audit log's JSON holds it, in UTC with a Z) in local time."""
    moment = value if isinstance(value, datetime) else parse_datetime(str(value))
    if moment is None:
        return str(value)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return timezone.localtime(moment).strftime(TIME_FORMAT)


def _raw(value) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
