"""Writes to the 五社 registries."""

import itertools

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.community.retirement import check_in_use
from gongzhi.core.access import access_for
from gongzhi.core.audit import Action, audit_record, audit_records, snapshot
from gongzhi.core.bulk import insert_rows, reserve_ids
from gongzhi.core.fields import BlindIndexField
from gongzhi.core.kinds import COMMUNITY_KINDS
from gongzhi.core.permissions import require_perm
from gongzhi.core.roles import ROLE_SPECS, Perm
from gongzhi.core.services import record_save
from gongzhi.core.uploads import check_upload
from gongzhi.orgs.selectors import same_region


def organization_save(*, actor, organization):
    """Register or change a community social organisation (the model's clean() checks its home)."""
    check_in_use(organization)
    return record_save(actor=actor, instance=organization, perm=Perm.MANAGE_REGISTRIES)


def link_save(*, actor, link):
    """Link an organisation to a community; both must be within the actor's units."""
    check_in_use(link.organization)
    if link.community.kind not in COMMUNITY_KINDS:
        raise ValidationError({"community": _("只能链接到社区（村）。")})
    return record_save(
        actor=actor,
        instance=link,
        perm=Perm.MANAGE_REGISTRIES,
        extra_units=[link.organization.unit],
    )


def incubation_save(*, actor, incubation):
    check_in_use(incubation.organization)
    return record_save(actor=actor, instance=incubation, perm=Perm.MANAGE_REGISTRIES)


def station_save(*, actor, station):
    """Save a station; a newly uploaded evidence file is checked by its content."""
    check_in_use(station)
    evidence = station.check_evidence
    if evidence and not getattr(evidence, "_committed", True):
        check_upload(evidence.file)
    return record_save(actor=actor, instance=station, perm=Perm.MANAGE_REGISTRIES)


def brand_project_save(*, actor, project, communities):
    check_in_use(project)
    return record_save(
        actor=actor,
        instance=project,
        perm=Perm.MANAGE_REGISTRIES,
        extra_units=communities,
        after_save=lambda saved: saved.communities.set(communities),
    )


def worker_save(*, actor, worker, communities):
    """A social worker serves communities of their employer's region only."""
    check_in_use(worker)
    if any(not same_region(community, worker.unit) for community in communities):
        raise ValidationError({"communities": _("服务社区须在机构所在地区内。")})
    return record_save(
        actor=actor,
        instance=worker,
        perm=Perm.MANAGE_REGISTRIES,
        after_save=lambda saved: saved.communities.set(communities),
    )


def worker_record_add(*, actor, record):
    """An exam registration or a training of a social worker."""
    check_in_use(record.worker)
    return record_save(actor=actor, instance=record, perm=Perm.MANAGE_REGISTRIES)


def volunteer_save(*, actor, volunteer, teams):
    check_in_use(volunteer)
    return record_save(
        actor=actor,
        instance=volunteer,
        perm=Perm.MANAGE_REGISTRIES,
        extra_units=[team.unit for team in teams],
        after_save=lambda saved: saved.teams.set(teams),
    )


def team_save(*, actor, team):
    check_in_use(team)
    return record_save(actor=actor, instance=team, perm=Perm.MANAGE_REGISTRIES)


def hours_log(*, actor, entry):
    """Log service hours: by the volunteer's community, or by the activity's organiser."""
    check_in_use(entry.volunteer)
    units = [entry.volunteer.unit] + ([entry.activity.unit] if entry.activity else [])
    if not any(access_for(actor).reaches(unit, Perm.MANAGE_ACTIVITIES) for unit in units):
        raise PermissionDenied(_("只有志愿者所在社区或活动主办单位可以登记时长。"))
    entry.logged_by = actor
    entry.full_clean()
    with transaction.atomic():
        entry.save()
        audit_record(actor=actor, action=Action.CREATE, obj=entry, after=snapshot(entry))
    return entry


def hours_organiser(entry):
    """The unit that confirms the entry: the activity's organiser, else the volunteer's unit."""
    return entry.activity.unit if entry.activity else entry.volunteer.unit


def hours_confirm_refusal(actor, entry) -> str | None:
    """Why `actor` may not confirm `entry` (separation of duties), or None.

    Nobody confirms hours they logged. Nor does the unit that logged them: the confirming grant
    (one reaching the organiser with MANAGE_ACTIVITIES) must be held at a unit where the logger
    holds no grant. So a community confirms hours it logged only for another unit's activity,
    where that organiser confirms; hours a community logs for its own activity or with no
    activity are confirmed from above (the street or the office)."""
    if entry.logged_by_id == actor.pk:
        return _("不能确认本人登记的时长，须由其他单位确认。")
    access = access_for(actor)
    if access.is_superuser:
        return None
    organiser = hours_organiser(entry)
    logging_units = {grant.unit_id for grant in access_for(entry.logged_by).grants}
    seats = [
        grant
        for grant in access.grants
        if Perm.MANAGE_ACTIVITIES in ROLE_SPECS[grant.role].perms
        and organiser.path.startswith(grant.scope_path)
    ]
    if seats and all(grant.unit_id in logging_units for grant in seats):
        return _("时长由本单位登记，须由其他单位确认。")
    return None


def hours_confirm(*, actor, entry):
    """The organiser confirms logged hours; only confirmed hours count in the totals."""
    require_perm(actor, Perm.MANAGE_ACTIVITIES, hours_organiser(entry))
    refusal = hours_confirm_refusal(actor, entry)
    if refusal is not None:
        raise PermissionDenied(refusal)
    if entry.confirmed_at is not None:
        raise ValidationError(_("该时长已确认。"))
    with transaction.atomic():
        before = snapshot(entry)
        entry.confirmed_by, entry.confirmed_at = actor, timezone.now()
        entry.save()
        audit_record(
            actor=actor, action=Action.TRANSITION, obj=entry, before=before, after=snapshot(entry)
        )
    return entry


def donor_save(*, actor, donor):
    check_in_use(donor)
    return record_save(actor=actor, instance=donor, perm=Perm.MANAGE_REGISTRIES)


def donation_save(*, actor, donation):
    check_in_use(donation.donor, donation)
    return record_save(
        actor=actor,
        instance=donation,
        perm=Perm.MANAGE_REGISTRIES,
        extra_units=[donation.donor.unit],
    )


def charity_service_save(*, actor, service):
    check_in_use(service.provider, service)
    return record_save(actor=actor, instance=service, perm=Perm.MANAGE_REGISTRIES)


def checklist_mark(*, actor, point, is_done, note, evidence=None):
    """The program office records whether a 体系/机制 is in place, with evidence."""
    require_perm(actor, Perm.MANAGE_PROGRAMS, point.program.office_unit)
    if is_done and not (evidence or point.evidence):
        raise ValidationError({"evidence": _("标记为已建立时请上传佐证材料。")})
    with transaction.atomic():
        before = snapshot(point)
        point.is_done, point.note = is_done, note.strip()
        if evidence is not None:
            check_upload(evidence)
            point.evidence.save(evidence.name, evidence, save=False)
        point.save()
        audit_record(
            actor=actor, action=Action.UPDATE, obj=point, before=before, after=snapshot(point)
        )
    return point


WRITE_BATCH = 500


def registry_import(*, actor, plan) -> dict[str, int]:
    """Write a checked import plan (see `community.imports.plan_import`) in one short
    transaction: new records and changed ones in batches, their many-to-many links, and one audit
    entry per record with its state before and after. Returns the counts of new, updated and
    unchanged rows."""
    require_perm(actor, Perm.MANAGE_REGISTRIES)
    if plan.errors:
        raise ValidationError(plan.errors)
    model = plan.registry.model
    updated = [record for record, _before in plan.updates]
    with transaction.atomic():
        _insert_new(model, plan.creates)
        if updated:
            fields = _refreshed_fields(model, plan)
            for record in updated:  # what save() would do: blind indexes, auto_now
                for model_field in fields:
                    setattr(record, model_field.attname, model_field.pre_save(record, False))
            model.objects.bulk_update(updated, [f.name for f in fields], batch_size=WRITE_BATCH)
        _set_many(model, plan)
        message = _("Excel 导入")
        audit_records(
            actor=actor,
            entries=itertools.chain(
                ((Action.CREATE, record, None, snapshot(record)) for record in plan.creates),
                (
                    (Action.UPDATE, record, before, snapshot(record))
                    for record, before in plan.updates
                ),
            ),
            message=message,
        )
    return {"new": len(plan.creates), "update": len(updated), "skip": plan.unchanged}


def _insert_new(model, records) -> None:
    """Insert new records as `bulk_create` does (each value prepared by its field's `pre_save`
    and `get_db_prep_save`, primary keys set on the records), but without the ORM's compiler per
    value, which for an import of many rows cost more than the values themselves: on PostgreSQL
    the keys are taken from the sequence first and the rows sent by COPY; elsewhere one INSERT
    per batch returns them. Models this does not fit go through `bulk_create`."""
    meta = model._meta
    connection = connections[router.db_for_write(model)]
    fields = [f for f in meta.concrete_fields if f is not meta.auto_field and not f.generated]
    if (
        meta.auto_field is None
        or meta.parents
        or not connection.features.can_return_rows_from_bulk_insert
        or list(meta.db_returning_fields) != [meta.auto_field]
        or any(hasattr(f, "get_placeholder") for f in fields)
        or any(record.pk is not None for record in records)
    ):
        model.objects.bulk_create(records, batch_size=WRITE_BATCH)
        return
    ids = reserve_ids(connection, model, len(records))
    if ids is None:
        _insert_returning(connection, model, fields, records)
        return
    columns = [meta.pk.column, *(f.column for f in fields)]
    for start in range(0, len(records), WRITE_BATCH):
        part = list(
            zip(records[start : start + WRITE_BATCH], ids[start : start + WRITE_BATCH], strict=True)
        )
        rows = [[pk, *_db_values(record, fields, connection)] for record, pk in part]
        insert_rows(connection, meta.db_table, columns, rows)
        for record, pk in part:
            _saved(record, pk, connection)


def _insert_returning(connection, model, fields, records) -> None:
    """One INSERT of many rows per batch, reading the new keys back (RETURNING)."""
    meta, ops = model._meta, connection.ops
    batch = max(min(WRITE_BATCH, ops.bulk_batch_size(fields, records)), 1)
    quote = ops.quote_name
    head = "INSERT INTO {} ({})".format(  # names from the model
        quote(meta.db_table), ", ".join(quote(f.column) for f in fields)
    )
    returning, _none = ops.return_insert_columns([meta.auto_field])
    row_shape = ["%s"] * len(fields)
    with connection.cursor() as cursor:
        for start in range(0, len(records), batch):
            part = records[start : start + batch]
            params = [value for record in part for value in _db_values(record, fields, connection)]
            values = ops.bulk_insert_sql(fields, [row_shape] * len(part))
            cursor.execute(f"{head} {values} {returning}", params)
            ids = ops.fetch_returned_insert_rows(cursor)
            for record, (pk,) in zip(part, ids, strict=True):
                _saved(record, pk, connection)


def _db_values(record, fields, connection) -> list:
    record._prepare_related_fields_for_save(operation_name="bulk_create")
    return [f.get_db_prep_save(f.pre_save(record, True), connection) for f in fields]


def _saved(record, pk, connection) -> None:
    record.pk = pk
    record._state.adding = False
    record._state.db = connection.alias


def _refreshed_fields(model, plan):
    """The fields an import updates: its columns, the blind indexes of those, and auto_now."""
    names = {
        column.field
        for column in plan.registry.columns
        if not model._meta.get_field(column.field).many_to_many
    }
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key
        and (
            f.name in names
            or (isinstance(f, BlindIndexField) and f.source in names)
            or getattr(f, "auto_now", False)
        )
    ]


def _set_many(model, plan) -> None:
    """Replace the many-to-many links of new and changed records, in bulk."""
    records = [*plan.creates, *(record for record, _before in plan.updates)]
    by_field: dict[str, list] = {}
    for record in records:
        for name, units in plan.many.get(id(record), {}).items():
            by_field.setdefault(name, []).append((record, units))
    for name, pairs in by_field.items():
        m2m = model._meta.get_field(name)
        through = m2m.remote_field.through
        source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
        through.objects.filter(**{f"{source}__in": [record.pk for record, _u in pairs]}).delete()
        through.objects.bulk_create(
            [
                through(**{f"{source}_id": record.pk, f"{target}_id": unit.pk})
                for record, units in pairs
                for unit in units
            ],
            batch_size=WRITE_BATCH,
        )
