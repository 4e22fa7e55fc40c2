"""Deactivating (停用) and restoring (恢复) registry records: a transition with its reason, one
transaction and one audit entry each. Whoever keeps a record may deactivate it; only the program
office restores one."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.core.access import access_for
from gongzhi.core.audit import Action, audit_record, snapshot
from gongzhi.core.permissions import require_perm
from gongzhi.core.roles import Perm, Role

FIELDS = ["deactivated_at", "deactivated_by", "deactivation_reason"]


def may_restore(user, record) -> bool:
    """The program office (a grant of that role reaching the record's unit) restores records."""
    access = access_for(user)
    if access.is_superuser:
        return True
    return any(
        grant.role == Role.PROGRAM_OFFICE and record.unit.path.startswith(grant.scope_path)
        for grant in access.grants
    )


def _locked(record):
    return type(record).objects.select_for_update().get(pk=record.pk)


def deactivate(*, actor, record, reason: str):
    """Take a record out of use, saying why; it stays stored and can be restored."""
    require_perm(actor, Perm.MANAGE_REGISTRIES, record.unit)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("请填写停用原因。")})
    with transaction.atomic():
        current = _locked(record)
        if current.is_deactivated:
            raise ValidationError(_("该记录已停用。"))
        before = snapshot(current)
        current.deactivated_at, current.deactivated_by = timezone.now(), actor
        current.deactivation_reason = reason[:200]
        current.save(update_fields=FIELDS)
        audit_record(
            actor=actor,
            action=Action.TRANSITION,
            obj=current,
            before=before,
            after=snapshot(current),
            message=_("停用：%(reason)s") % {"reason": reason},
        )
    return current


def restore(*, actor, record):
    """Put a deactivated record back in use (the program office only)."""
    if not may_restore(actor, record):
        raise PermissionDenied(_("只有工作组办公室可以恢复已停用的记录。"))
    with transaction.atomic():
        current = _locked(record)
        if not current.is_deactivated:
            raise ValidationError(_("该记录未停用。"))
        before = snapshot(current)
        current.deactivated_at, current.deactivated_by, current.deactivation_reason = None, None, ""
        current.save(update_fields=FIELDS)
        audit_record(
            actor=actor,
            action=Action.TRANSITION,
            obj=current,
            before=before,
            after=snapshot(current),
            message=_("恢复（原停用原因：%(reason)s）") % {"reason": before["deactivation_reason"]},
        )
    return current


def check_in_use(*records) -> None:
    """Refuse to change a deactivated record, or to add to one: it is restored first."""
    for record in records:
        if record is not None and getattr(record, "is_deactivated", False):
            raise ValidationError(
                _("“%(record)s”已停用，请先由工作组办公室恢复后再修改。") % {"record": record}
            )
