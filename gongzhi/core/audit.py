"""Writing audit entries. Services call `audit_record`; nothing else writes AuditEntry."""

import json
from collections.abc import Iterable
from functools import cache

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, models, router
from django.utils import timezone

from gongzhi.core.access import access_for
from gongzhi.core.context import current_ip, current_token
from gongzhi.core.fields import BlindIndexField
from gongzhi.core.models import AuditEntry
from gongzhi.core.personal import PersonalValue
from gongzhi.core.querysets import ScopedQuerySet, scope_of

Action = AuditEntry.Action
_SECRET_FIELDS = {"password"}


def snapshot(obj) -> dict:
    """The object's stored field values as JSON-safe data: secrets and blind indexes left out,
    personal data masked by its type (the audit log must not become a plain copy of it)."""
    return {
        field.attname: _plain(field, field.value_from_object(obj))
        for field in _snapshot_fields(type(obj))
    }


@cache
def _snapshot_fields(model) -> tuple:
    return tuple(
        field
        for field in model._meta.concrete_fields
        if field.name not in _SECRET_FIELDS and not isinstance(field, BlindIndexField)
    )


_JSON_AS_IS = (str, int, bool, float, type(None))  # what a JSON round trip gives back unchanged


def _plain(field, value):
    if isinstance(field, models.FileField):
        return value.name
    if isinstance(value, PersonalValue):
        return value.masked()
    if type(value) in _JSON_AS_IS:
        return value
    # dates, decimals, UUIDs, lists…: as the audit log's JSON will hold them
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _owning_unit(obj, unit):
    if unit is not None or obj is None:
        return unit
    return getattr(obj, "unit", None)


def _scope_owner(obj):
    """The unit owning `obj` by its model's declared scope (e.g. a report's evidence file
    belongs to the report's unit), or None when it is owned through many records."""
    queryset = getattr(type(obj)._default_manager, "_queryset_class", None)
    if queryset is None or not issubclass(queryset, ScopedQuerySet):
        return None
    owner = obj
    for name in scope_of(type(obj)).owners[0].path.split("__")[:-1]:  # the last is `path`
        owner = getattr(owner, name, None)
        if not isinstance(owner, models.Model):
            return None
    return owner if owner._meta.label_lower == "orgs.unit" else None


def _actor_unit(actor, unit):
    """The actor's unit whose grant reaches the object, else the actor's first unit."""
    if actor is None or not actor.is_authenticated:
        return None
    grants = access_for(actor).grants
    if not grants:
        return None
    if unit is not None:
        for grant in grants:
            if unit.path.startswith(grant.scope_path):
                return grant.unit_id
    return grants[0].unit_id


def _actor_name(actor) -> str:
    """The account, and the API token the request was made with, if any."""
    token = current_token.get()
    return f"{actor.get_username()} · {token}" if token else actor.get_username()


def audit_record(
    *,
    actor,
    action: str,
    obj=None,
    unit=None,
    before: dict | None = None,
    after: dict | None = None,
    message: str = "",
    actor_label: str = "",
) -> AuditEntry:
    """Write one audit entry; `unit` defaults to the object's owning unit."""
    unit = _owning_unit(obj, unit)
    if unit is None and obj is not None and not hasattr(obj, "unit"):
        unit = _scope_owner(obj)
    authenticated = actor is not None and actor.is_authenticated
    return AuditEntry.objects.create(
        actor=actor if authenticated else None,
        actor_label=(_actor_name(actor) if authenticated else actor_label)[:150],
        actor_unit_id=_actor_unit(actor, unit),
        ip=current_ip.get(),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        unit=unit,
        before=before,
        after=after,
        message=message[:300],
    )


def audit_records(
    *,
    actor,
    entries: Iterable[tuple[str, models.Model, dict | None, dict | None]],
    message: str = "",
    actor_label: str = "",
) -> int:
    """Write many audit entries at once (an import), each as `audit_record` would write it:
    `entries` are (action, obj, before, after). Returns how many were written.

    Rows go to the database with one prepared INSERT run for many parameter rows: an import
    writes one entry per record, and building a model instance and an ORM insert per entry
    cost as much as the import's own records. Each value is still prepared by its model field,
    so every database gets what `AuditEntry.objects.create` would send."""
    authenticated = actor is not None and actor.is_authenticated
    label = (actor.get_username() if authenticated else actor_label)[:150]
    ip, now = current_ip.get(), timezone.now()
    fields = [f for f in AuditEntry._meta.concrete_fields if not f.primary_key]
    connection = connections[router.db_for_write(AuditEntry)]
    # values shared by every entry of the call are prepared for the database once
    shared = {
        "at": now,
        "actor_id": actor.pk if authenticated else None,
        "actor_label": label,
        "ip": ip,
        "message": message[:300],
    }
    prepared = {
        f.attname: f.get_db_prep_save(shared[f.attname], connection)
        for f in fields
        if f.attname in shared
    }
    varying = [f for f in fields if f.attname not in shared]
    rows = []
    for action, obj, before, after in entries:
        unit = _owning_unit(obj, None)
        values = {
            "actor_unit_id": _actor_unit(actor, unit),
            "action": action,
            "object_type": obj._meta.label_lower,
            "object_id": str(obj.pk),
            "object_repr": str(obj)[:200],
            "unit_id": unit.pk if unit is not None else None,
            "before": before,
            "after": after,
        }
        row = {f.attname: f.get_db_prep_save(values[f.attname], connection) for f in varying}
        rows.append(
            [prepared[f.attname] if f.attname in prepared else row[f.attname] for f in fields]
        )
    if not rows:
        return 0
    quote = connection.ops.quote_name
    table, columns = quote(AuditEntry._meta.db_table), ", ".join(quote(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # names from the model
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 1000):
            cursor.executemany(sql, rows[start : start + 1000])
    return len(rows)


def audit_token_use(*, user, token_label: str, method: str, path: str) -> AuditEntry:
    """The hook for the API: each request made with an access token writes one entry naming
    the token (never its secret). Called by the API's authentication once that module exists."""
    return audit_record(
        actor=user,
        action=Action.TOKEN_USE,
        message=f"{token_label} {method} {path}",
        unit=None,
    )
