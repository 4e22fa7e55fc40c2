"""Writing progress: draft, submit, approve stage by stage, send back with a comment.

The state machine and its steps are the shared review flow's (gongzhi.core.review, set up for
reports in `chain.FLOW`); every step is a ReviewEvent and an audit entry.
DECIDING_STEPS are taken only by a reviewer seated at the current stage who is not on the
report's side (separation of duties, see `chain.review_refusal`); a refusal is a
PermissionDenied, audited like every other refused access.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.core.access import access_for
from gongzhi.core.audit import Action, audit_record, snapshot
from gongzhi.core.review import ReviewStep
from gongzhi.core.roles import Perm
from gongzhi.core.uploads import save_upload
from gongzhi.progress.chain import FLOW, may_edit, store_chain
from gongzhi.progress.models import Evidence, Report, TargetActual

State = Report.State
Step = ReviewStep
# Steps that decide a report: never by its author, its submitter or its own unit.
DECIDING_STEPS = frozenset({Step.APPROVE, Step.RETURN})
MAX_FILES_PER_REPORT = 30


def _save_actuals(report, actuals: dict):
    manual = {t.pk: t for t in report.task.targets.filter(counter="")}
    for target_id, value in actuals.items():
        if target_id not in manual:
            raise ValidationError({"actuals": _("该指标由系统统计，不能手工填写。")})
        if value is None:
            report.actuals.filter(target_id=target_id).delete()
            continue
        TargetActual.objects.update_or_create(
            report=report, target_id=target_id, defaults={"value": Decimal(value)}
        )


def _attach(report, actor, files):
    if report.evidence.count() + len(files) > MAX_FILES_PER_REPORT:
        raise ValidationError(
            {"files": _("每份上报最多 %(n)d 个文件。") % {"n": MAX_FILES_PER_REPORT}}
        )
    for upload in files:
        save_upload(Evidence(report=report, uploaded_by=actor), upload)


def report_create(
    *, actor, task, unit, text: str, claims_completion=False, actuals=None, files=(), submit=False
) -> Report:
    """Start a report for `unit` (one of the task's responsible units): a draft, or sent for
    review at once when `submit` (in the same transaction)."""
    if not task.assignments.filter(unit=unit).exists():
        raise ValidationError({"unit": _("该单位不是本任务的责任单位。")})
    if not access_for(actor).sits_in(unit, Perm.REPORT_PROGRESS):
        raise PermissionDenied(_("您不能代表该单位上报。"))
    if not text.strip():
        raise ValidationError({"text": _("请填写进展情况。")})
    with transaction.atomic():
        report = Report.objects.create(
            task=task,
            unit=unit,
            author=actor,
            text=text.strip(),
            claims_completion=claims_completion,
        )
        _save_actuals(report, actuals or {})
        _attach(report, actor, files)
        audit_record(actor=actor, action=Action.CREATE, obj=report, after=snapshot(report))
        if submit:
            _submit(report, actor)
    return report


def report_update(
    *, actor, report, text: str, claims_completion=False, actuals=None, files=(), submit=False
) -> Report:
    """Change a draft or a returned report (and submit it, when `submit`, in the same
    transaction); approved reports are locked."""
    if not text.strip():
        raise ValidationError({"text": _("请填写进展情况。")})
    with transaction.atomic():
        report = _locked(report)
        if not may_edit(actor, report):
            raise PermissionDenied(_("该上报已提交或已通过，不能修改。"))
        before = snapshot(report)
        report.text, report.claims_completion = text.strip(), claims_completion
        report.save()
        _save_actuals(report, actuals or {})
        _attach(report, actor, files)
        audit_record(
            actor=actor, action=Action.UPDATE, obj=report, before=before, after=snapshot(report)
        )
        if submit:
            _submit(report, actor)
    return report


def evidence_remove(*, actor, evidence) -> None:
    with transaction.atomic():
        if not may_edit(actor, _locked(evidence.report)):
            raise PermissionDenied(_("该上报已提交或已通过，不能删除材料。"))
        audit_record(actor=actor, action=Action.DELETE, obj=evidence, before=snapshot(evidence))
        evidence.file.delete(save=False)
        evidence.thumbnail.delete(save=False)
        evidence.delete()


def evidence_set_public(*, actor, evidence, is_public: bool) -> Evidence:
    """A reviewer of the report's unit marks evidence for the public progress page."""
    if not access_for(actor).reaches(evidence.report.unit, Perm.REVIEW_PROGRESS):
        raise PermissionDenied(_("只有审核单位可以设置公开。"))
    with transaction.atomic():
        before = snapshot(evidence)
        evidence.is_public = is_public
        evidence.save(update_fields=["is_public"])
        audit_record(
            actor=actor, action=Action.UPDATE, obj=evidence, before=before, after=snapshot(evidence)
        )
    return evidence


def _locked(report) -> Report:
    """The report's current row, locked for this transaction (callers may hold a stale copy)."""
    return (
        Report.objects.select_for_update().select_related("task__program", "unit").get(pk=report.pk)
    )


def report_submit(*, actor, report) -> Report:
    """Send a draft or returned report to its first reviewer."""
    with transaction.atomic():
        report = _locked(report)
        if not may_edit(actor, report):
            raise PermissionDenied(_("您不能提交该上报。"))
        _submit(report, actor)
    return report


def _submit(report, actor) -> None:
    """The submission step, inside the caller's transaction: store the chain, stage 0."""
    FLOW.submit(report, actor, store=store_chain)


def report_approve(*, actor, report, comment: str = "") -> Report:
    """Accept at this stage: on to the next reviewer, or approved (and locked) at the last."""
    with transaction.atomic():
        report = _locked(report)
        FLOW.approve(report, actor, comment)
    return report


def report_return(*, actor, report, comment: str) -> Report:
    """Send the report back to its unit; a comment saying why is required."""
    with transaction.atomic():
        report = _locked(report)
        FLOW.send_back(report, actor, comment)
    return report


def notification_read(*, user, note) -> None:
    """Mark one of the user's own messages read (the first time it is opened)."""
    if note.user_id != user.pk:
        raise PermissionDenied
    if note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
