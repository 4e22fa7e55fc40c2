"""Writes for money: budget lines (the buyer), allocations and disbursements (市财政局, with
vouchers), spending (the buyer, with invoices). Each write locks its project, checks the rules
against the totals before it, is saved in one transaction and audited; 市财政局 may go beyond a
rule only with a reason, which the audit entry keeps."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from gongzhi.core import clock
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
    may_override = rules.overridable(entry.kind) and not entry.is_reversal
    entry.override_reason = override_reason.strip() if may_override else ""
    record_validate(entry)
    with transaction.atomic():
        broken = rules.breach(_locked_totals(project, entry.source), entry.kind, entry.amount)
        if broken and not entry.override_reason:
            hint = _("如确需超额，请填写超额说明。") if may_override else ""
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
            message=_audit_message(entry, broken),
        )
    return entry


def _audit_message(entry, broken: str) -> str:
    if entry.is_reversal:
        return _("红字冲销第 %(id)d 号记录，原因：%(reason)s") % {
            "id": entry.reverses_id,
            "reason": entry.reason,
        }
    if broken:
        return _("超额记录：%(breach)s 理由：%(reason)s") % {
            "breach": broken,
            "reason": entry.override_reason,
        }
    return ""


def unreversed(entry: FundEntry) -> Decimal:
    """What of a recorded entry no reversal has taken back yet."""
    taken = entry.reversals.aggregate(total=Sum("amount"))["total"] or rules.ZERO
    return (entry.amount + taken).quantize(rules.CENT)


def may_reverse(user, entry: FundEntry) -> bool:
    return not entry.is_reversal and may_record(user, entry.project, entry.kind)


def entry_reverse(
    *, actor, entry: FundEntry, reason: str, amount=None, date=None, files=()
) -> FundEntry:
    """Correct a recorded entry by a reversing entry (红字冲销): the same kind and source with
    the negative amount (all that is not yet reversed, or part of it), linked to the entry and
    saying why. Refused when it would leave less than was already passed on (e.g. a
    disbursement reversed below what was spent of it); no override."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写冲销原因。")})
    if entry.is_reversal:
        raise ValidationError(_("冲销记录不能再冲销，请重新记录正确的金额。"))
    with transaction.atomic():
        type(entry.project).objects.select_for_update().filter(pk=entry.project_id).first()
        original = FundEntry.objects.select_related("project__buyer").get(pk=entry.pk)
        left = unreversed(original)
        amount = left if amount is None else Decimal(amount).quantize(rules.CENT)
        if not rules.ZERO < amount <= left:
            raise ValidationError(
                {
                    "amount": _("冲销金额须大于零，且不超过尚未冲销的 %(left)s 元。")
                    % {"left": rules.yuan(left)}
                }
            )
        reversal = FundEntry(
            project=original.project,
            kind=original.kind,
            source=original.source,
            amount=-amount,
            date=date or clock.today(),
            note=(_("冲销：%(note)s") % {"note": original.note or original.date})[:200],
            reverses=original,
            reason=reason[:300],
        )
        if reversal.date < original.date:
            raise ValidationError({"date": _("冲销日期不能早于原记录日期。")})
        return entry_record(actor=actor, entry=reversal, files=files)
