"""Writing audit entries. Services call `audit_record`; nothing else writes AuditEntry."""

import json
from collections.abc import Iterable
from functools import cache

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, models, router
from django.utils import timezone

from gongzhi.core.access import access_for
from gongzhi.core.bulk import insert_rows
from gongzhi.core.context import current_ip, current_token
from gongzhi.core.fields import BlindIndexField
from gongzhi.core.models import AuditEntry
from gongzhi.core.personal import PersonalValue
from gongzhi.core.querysets import ScopedQuerySet, scope_of

Action = AuditEntry.Action
_SECRET_FIELDS = {"password"}
AUDIT_BATCH = 1000  # entries `audit_records` holds before writing them


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
    `entries` are (action, obj, before, after), best given as a generator. Returns how many
    were written.

    Entries are consumed as they come and written AUDIT_BATCH at a time (`core.bulk`): an
    import of 100,000 records holds one batch of rows (and of the caller's snapshots), and
    builds no AuditEntry instance. Each value is still prepared by its model field, so every
    database gets what `AuditEntry.objects.create` would send."""
    connection = connections[router.db_for_write(AuditEntry)]
    fields = [f for f in AuditEntry._meta.concrete_fields if not f.primary_key]
    authenticated = actor is not None and actor.is_authenticated
    shared = {  # the same for every entry of the call: prepared for the database once
        "at": timezone.now(),
        "actor_id": actor.pk if authenticated else None,
        "actor_label": (actor.get_username() if authenticated else actor_label)[:150],
        "ip": current_ip.get(),
        "message": message[:300],
    }
    prepared = {
        f.attname: f.get_db_prep_save(shared[f.attname], connection)
        for f in fields
        if f.attname in shared
    }
    columns = [f.column for f in fields]
    written, rows = 0, []
    for entry in entries:
        values = _entry_values(actor, *entry)
        rows.append(
            [
                prepared[f.attname]
                if f.attname in prepared
                else f.get_db_prep_save(values[f.attname], connection)
                for f in fields
            ]
        )
        if len(rows) == AUDIT_BATCH:
            insert_rows(connection, AuditEntry._meta.db_table, columns, rows)
            written, rows = written + len(rows), []
    insert_rows(connection, AuditEntry._meta.db_table, columns, rows)
    return written + len(rows)


def _entry_values(actor, action, obj, before, after) -> dict:
    """What differs from one entry of `audit_records` to the next, by attname."""
    unit = _owning_unit(obj, None)
    return {
        "actor_unit_id": _actor_unit(actor, unit),
        "action": action,
        "object_type": obj._meta.label_lower,
        "object_id": str(obj.pk),
        "object_repr": str(obj)[:200],
        "unit_id": unit.pk if unit is not None else None,
        "before": before,
        "after": after,
    }


def audit_token_use(*, user, token_label: str, method: str, path: str) -> AuditEntry:
    """The hook for the API: each request made with an access token writes one entry naming
    the token (never its secret). Called by the API's authentication once that module exists."""
    return audit_record(
        actor=user,
        action=Action.TOKEN_USE,
        message=f"{token_label} {method} {path}",
        unit=None,
    )
