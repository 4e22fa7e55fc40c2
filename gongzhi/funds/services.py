"""Writes for money: budget lines (the buyer), allocations and disbursements (市财政局, with
vouchers), spending (the buyer, with invoices). Each write locks its project, checks the rules
against the totals before it, is saved in one transaction and audited; 市财政局 may go beyond a
rule only with a reason, which the audit entry keeps."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongzhi.core.access import access_for
from gongzhi.core.audit import Action, audit_record, snapshot
from gongzhi.core.permissions import require_perm
from gongzhi.core.roles import Perm
from gongzhi.core.services import record_save, record_validate
from gongzhi.core.uploads import save_upload
from gongzhi.funds import rules
from gongzhi.funds.models import BudgetLine, EntryFile, FundEntry
from gongzhi.funds.selectors import project_totals

MAX_FILES = 10


def perm_for(kind: str) -> Perm:
    return Perm.RECORD_SPENDING if kind == FundEntry.Kind.SPENDING else Perm.RECORD_DISBURSEMENTS


def may_record(user, project, kind: str) -> bool:
    return access_for(user).reaches(project.buyer, perm_for(kind))


def may_budget(user, project) -> bool:
    return access_for(user).reaches(project.buyer, Perm.MANAGE_SERVICES)


def budget_add(*, actor, project, source: str, item: str, amount) -> BudgetLine:
    """A budget item of the project, from one source: its buyer's keepers."""
    line = BudgetLine(project=project, source=source, item=item, amount=amount, created_by=actor)
    return record_save(actor=actor, instance=line, perm=Perm.MANAGE_SERVICES)


def _locked_totals(project, source: str) -> rules.Totals:
    type(project).objects.select_for_update().filter(pk=project.pk).first()
    return project_totals([project.pk]).get(project.pk, {}).get(source, rules.Totals())


def entry_record(*, actor, entry: FundEntry, files=(), override_reason: str = "") -> FundEntry:
    """Record an allocation, disbursement or spending; refused (with the numbers) when it would
    break spent ≤ disbursed ≤ allocated ≤ budget, unless 市财政局 gives a reason."""
    project = entry.project
    require_perm(actor, perm_for(entry.kind), project.buyer)
    if len(files) > MAX_FILES:
        raise ValidationError({"files": _("一次最多上传 %(n)d 个文件。") % {"n": MAX_FILES}})
    entry.created_by = actor
    entry.override_reason = override_reason.strip() if rules.overridable(entry.kind) else ""
    record_validate(entry)
    with transaction.atomic():
        broken = rules.breach(_locked_totals(project, entry.source), entry.kind, entry.amount)
        if broken and not entry.override_reason:
            hint = _("如确需超额，请填写超额说明。") if rules.overridable(entry.kind) else ""
            raise ValidationError({"amount": broken + hint})
        if not broken:
            entry.override_reason = ""
        entry.save()
        for upload in files:
            save_upload(EntryFile(entry=entry, uploaded_by=actor), upload)
        audit_record(
            actor=actor,
            action=Action.CREATE,
            obj=entry,
            after=snapshot(entry),
            message=_("超额记录：%(breach)s 理由：%(reason)s")
            % {"breach": broken, "reason": entry.override_reason}
            if broken
            else "",
        )
    return entry
