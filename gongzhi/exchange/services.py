"""Importing a 好德行 file: `plan_import` checks every record and sorts it into created, updated
or unchanged (matched on its 好德行 id) without writing; `apply_plan` writes a clean plan in one
transaction, with an audit entry per record written."""

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from gongzhi.community.models import Volunteer
from gongzhi.core.audit import Action, audit_records, snapshot
from gongzhi.core.kinds import UnitKind
from gongzhi.core.roles import Perm
from gongzhi.exchange.exports import file_form
from gongzhi.exchange.schema import KINDS, MASKED_PHONE, Kind, check_record
from gongzhi.orgs.models import Unit
from gongzhi.residents.models import Need

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@dataclass
class Change:
    kind: Kind
    action: str
    record: object  # the stored record (a new, unsaved one when created)
    values: dict  # model attributes to set


@dataclass
class Plan:
    errors: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, Counter]:
        counts = {key: Counter({CREATED: 0, UPDATED: 0, UNCHANGED: 0}) for key in KINDS}
        for change in self.changes:
            counts[change.kind.key][change.action] += 1
        return counts

    def summary(self) -> str:
        return "；".join(
            _("%(kind)s：新增 %(created)d，更新 %(updated)d，未变 %(unchanged)d")
            % {"kind": KINDS[key].label, **counter}
            for key, counter in self.counts.items()
        )


def _communities(actor) -> dict[str, Unit]:
    """The communities the actor may import into, by name and by code."""
    units = Unit.objects.editable_by(actor, Perm.MANAGE_REGISTRIES).filter(
        kind__in=(UnitKind.COMMUNITY, UnitKind.VILLAGE)
    )
    found = {}
    for unit in units:
        found[unit.name] = unit
        if unit.code:
            found[unit.code] = unit
    return found


class _Lookups:
    """The needs and volunteers a kind's records link to, fetched once for all its records
    (keyed by community and receipt code, and by unit and phone hash)."""

    def __init__(self, kind: Kind, checked: list[dict], communities: dict[str, Unit]):
        units = {unit.pk for unit in communities.values()}
        self.needs, self.volunteers = {}, {}
        if "need_receipt" in kind.attributes:
            codes = {values.get("need_receipt") for values in checked} - {None, ""}
            needs = Need.objects.filter(community__in=units, receipt_code__in=codes)
            for need in needs.order_by("-pk"):
                self.needs[(need.community_id, need.receipt_code)] = need
        if kind.key == "volunteer_points":
            refs = {values.get("volunteer_ref") for values in checked} - {None, ""}
            volunteers = Volunteer.objects.filter(unit__in=units, phone_index__in=refs)
            for volunteer in volunteers.order_by("-pk"):
                self.volunteers[(volunteer.unit_id, volunteer.phone_index)] = volunteer

    def links(self, kind: Kind, values: dict, community) -> tuple[dict, list[str]]:
        """Model attributes from the clean values, the linked need or volunteer looked up."""
        attrs, errors = {}, []
        for key in kind.attributes:
            value = values[key]
            if key == "contact" and MASKED_PHONE.match(value or ""):
                continue  # a masked phone keeps the stored one
            if key == "need_receipt":
                need = self.needs.get((community.pk, value))
                if value and need is None:
                    message = _("诉求回执码：本社区没有回执码为 %(code)s 的诉求")
                    errors.append(message % {"code": value})
                attrs["need"] = need
                continue
            attrs[key] = value
        if kind.key == "volunteer_points":
            attrs["volunteer"] = self.volunteers.get((community.pk, values["volunteer_ref"]))
        return attrs, errors


def _changed(kind: Kind, record, values: dict, attrs: dict) -> bool:
    stored = file_form(kind, record)
    for key in kind.attributes:
        if key == "contact":
            if "contact" in attrs and (record.contact.reveal() if record.contact else "") != (
                attrs["contact"] or ""
            ):
                return True
        elif str(stored[key]) != str("" if values[key] is None else values[key]):
            return True
    return (
        stored["community"] != values["community"] and record.community.code != values["community"]
    )


def _plan_record(kind, number, checked, context, plan, seen) -> None:
    values, errors = checked
    communities, existing, lookups = context
    community = communities.get(values.get("community") or "")
    if values.get("community") and community is None:
        errors.append(_("社区：%(name)s 不存在或无权导入") % {"name": values["community"]})
    hdx_id = values.get("hdx_id")
    if hdx_id in seen:
        errors.append(_("好德行编号：与第 %(n)d 条重复") % {"n": seen[hdx_id]})
    seen[hdx_id] = number
    record = existing.get(hdx_id)
    if record is not None and record.community_id not in {u.pk for u in communities.values()}:
        errors.append(_("好德行编号：%(id)s 已属于其他社区") % {"id": hdx_id})
    attrs = {}
    if community is not None and not errors:
        attrs, link_errors = lookups.links(kind, values, community)
        errors += link_errors
    if errors:
        where = _("%(kind)s第 %(n)d 条") % {"kind": kind.label, "n": number}
        plan.errors += [f"{where}：{error}" for error in errors]
        return
    attrs["community"] = community
    if record is None:
        plan.changes.append(Change(kind, CREATED, kind.model(hdx_id=hdx_id), attrs))
    elif _changed(kind, record, values, attrs):
        plan.changes.append(Change(kind, UPDATED, record, attrs))
    else:
        plan.changes.append(Change(kind, UNCHANGED, record, attrs))


def plan_import(*, actor, parsed: dict, progress=lambda done, total: None) -> Plan:
    plan = Plan()
    communities = _communities(actor)
    total, done = sum(len(rows) for rows in parsed.values()), 0
    for key, rows in parsed.items():
        kind = KINDS[key]
        ids = [str(raw.get("hdx_id") or "").strip() for _number, raw in rows]
        existing = {
            record.hdx_id: record
            for record in kind.model.objects.dangerously_unscoped(
                reason="an import matches 好德行 ids across communities to refuse taken ones"
            )
            .filter(hdx_id__in=ids)
            .select_related("community")
        }
        checked = [check_record(kind, raw) for _number, raw in rows]
        lookups = _Lookups(kind, [values for values, _errors in checked], communities)
        context, seen = (communities, existing, lookups), {}
        for (number, _raw), record_checked in zip(rows, checked, strict=True):
            _plan_record(kind, number, record_checked, context, plan, seen)
            done += 1
            progress(done, total)
    return plan


@transaction.atomic
def apply_plan(*, actor, plan: Plan) -> dict[str, Counter]:
    """Write every change of a plan without errors, all or nothing."""
    if plan.errors:
        raise ValueError("a plan with errors is never written")
    entries = []
    for change in plan.changes:
        if change.action == UNCHANGED:
            continue
        record = change.record
        before = snapshot(record) if change.action == UPDATED else None
        for attr, value in change.values.items():
            setattr(record, attr, value)
        record.full_clean(validate_unique=False)
        record.save()
        action = Action.CREATE if change.action == CREATED else Action.UPDATE
        entries.append((action, record, before, snapshot(record)))
    audit_records(actor=actor, entries=entries, message=_("导入好德行数据"))
    return plan.counts
