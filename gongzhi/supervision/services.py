"""Writes for third-party supervision: assignments, visits and their rectification items, and
the third party's reports up their review chain (gongzhi.core.review).

Every change is checked against the actor's seat, validated whole, written in one transaction
and audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.core import clock
from gongzhi.core.access import access_for
from gongzhi.core.audit import Action, audit_record, snapshot
from gongzhi.core.kinds import UnitKind
from gongzhi.core.permissions import require_perm
from gongzhi.core.roles import Perm
from gongzhi.core.services import record_validate
from gongzhi.core.uploads import save_upload
from gongzhi.orgs.selectors import same_region
from gongzhi.services.services import may_manage
from gongzhi.supervision.chain import FLOW
from gongzhi.supervision.models import (
    Rectification,
    ReportFile,
    SupervisionAssignment,
    SupervisionReport,
    Visit,
    VisitFile,
)

MAX_FILES = 30


def _created(actor, instance):
    record_validate(instance)
    instance.save()
    audit_record(actor=actor, action=Action.CREATE, obj=instance, after=snapshot(instance))
    return instance


# --- assignments -------------------------------------------------------------------------------


def may_assign(user, project) -> bool:
    """The project's buyer and the units above it (the office) set its third parties."""
    return may_manage(user, project)


def _check_third_party(project, third_party) -> None:
    if third_party.kind != UnitKind.THIRD_PARTY or not same_region(third_party, project.buyer):
        raise ValidationError({"third_party": _("须选择本地区的第三方机构。")})


def assignment_create(*, actor, project, third_party) -> SupervisionAssignment:
    """The office or the buyer sets a third party to supervise a project (again, when an
    earlier assignment of it was ended)."""
    require_perm(actor, Perm.MANAGE_SERVICES, project.buyer)
    _check_third_party(project, third_party)
    with transaction.atomic():
        earlier = (
            SupervisionAssignment.objects.select_for_update()
            .filter(project=project, third_party=third_party)
            .first()
        )
        if earlier is None:
            assignment = SupervisionAssignment(
                project=project, third_party=third_party, created_by=actor
            )
            return _created(actor, assignment)
        if earlier.is_active:
            raise ValidationError({"third_party": _("该第三方机构已受托监督这个项目。")})
        return _assignment_transition(actor, earlier, None, "", _("重新委托"))


def _assignment_transition(actor, assignment, ended_at, reason, message):
    before = snapshot(assignment)
    assignment.ended_at, assignment.end_reason = ended_at, reason
    assignment.save(update_fields=["ended_at", "end_reason"])
    audit_record(
        actor=actor,
        action=Action.TRANSITION,
        obj=assignment,
        before=before,
        after=snapshot(assignment),
        message=message[:300],
    )
    return assignment


def assignment_end(*, actor, assignment, reason: str) -> SupervisionAssignment:
    """The office or the buyer ends an assignment, saying why; its visits and reports stay, the
    third party records no more."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写终止原因。")})
    with transaction.atomic():
        assignment = (
            SupervisionAssignment.objects.select_for_update()
            .select_related("project__buyer")
            .get(pk=assignment.pk)
        )
        if not may_assign(actor, assignment.project) or not assignment.is_active:
            raise PermissionDenied(_("只有工作组办公室或购买单位可以终止进行中的监督委托。"))
        return _assignment_transition(actor, assignment, timezone.now(), reason[:300], reason)


def is_assigned(project, third_party) -> bool:
    return SupervisionAssignment.objects.filter(
        project=project, third_party=third_party, ended_at__isnull=True
    ).exists()


def may_supervise(user, project, third_party) -> bool:
    return access_for(user).sits_in(third_party, Perm.SUPERVISE) and is_assigned(
        project, third_party
    )


def _check_supervisor(actor, project, third_party) -> None:
    if not may_supervise(actor, project, third_party):
        raise PermissionDenied(_("只有受托监督该项目的第三方机构可以填写。"))


# --- visits and rectification items ------------------------------------------------------------


def _check_item(item, project) -> None:
    if item.owner_id not in (project.agency_id, project.buyer_id):
        raise ValidationError({"owner": _("整改单位须是项目的承接机构或购买单位。")})


def visit_create(*, actor, project, third_party, date, findings: str, items=(), files=()) -> Visit:
    """The third party records a visit, the items to put right and its photos or documents,
    all or nothing; `items` are (what, owner unit, due date)."""
    _check_supervisor(actor, project, third_party)
    if len(files) > MAX_FILES:
        raise ValidationError({"files": _("最多 %(n)d 个文件。") % {"n": MAX_FILES}})
    if not findings.strip():
        raise ValidationError({"findings": _("请填写督导发现。")})
    if date and date > clock.today():
        raise ValidationError({"date": _("督导日期不能晚于今天。")})
    visit = Visit(
        project=project,
        third_party=third_party,
        date=date,
        findings=findings.strip(),
        created_by=actor,
    )
    with transaction.atomic():
        _created(actor, visit)
        for number, (what, owner, due_on) in enumerate(items, start=1):
            item = Rectification(visit=visit, what=what.strip(), owner=owner, due_on=due_on)
            try:
                _check_item(item, project)
                _created(actor, item)
            except ValidationError as error:
                raise ValidationError(
                    _("第 %(n)d 项整改事项：%(error)s")
                    % {"n": number, "error": "；".join(error.messages)}
                ) from error
        _store(actor, VisitFile, {"visit": visit}, files)
    return visit


def _locked_item(item) -> Rectification:
    return (
        Rectification.objects.select_for_update()
        .select_related("visit__third_party", "owner")
        .get(pk=item.pk)
    )


def may_fix(user, item) -> bool:
    return item.state == Rectification.State.OPEN and access_for(user).reaches(
        item.owner, Perm.RECTIFY
    )


def may_confirm(user, item) -> bool:
    return item.state == Rectification.State.FIXED and access_for(user).sits_in(
        item.visit.third_party, Perm.SUPERVISE
    )


def _transition(actor, item, state, message="", **changes) -> Rectification:
    before = snapshot(item)
    item.state = state
    for name, value in changes.items():
        setattr(item, name, value)
    item.save()
    audit_record(
        actor=actor,
        action=Action.TRANSITION,
        obj=item,
        before=before,
        after=snapshot(item),
        message=message[:300],
    )
    return item


def item_fix(*, actor, item, fix: str) -> Rectification:
    """The owner unit records how it put the item right."""
    if not fix.strip():
        raise ValidationError({"fix": _("请填写整改情况。")})
    with transaction.atomic():
        item = _locked_item(item)
        if not may_fix(actor, item):
            raise PermissionDenied(_("只有整改单位可以填写待整改事项的整改情况。"))
        return _transition(
            actor, item, Rectification.State.FIXED, fix=fix.strip(), fixed_at=timezone.now()
        )


def item_confirm(*, actor, item, accept: bool, comment: str = "") -> Rectification:
    """The third party closes a fixed item, or reopens it saying why."""
    comment = comment.strip()
    if not accept and not comment:
        raise ValidationError({"comment": _("退回整改时必须填写意见。")})
    with transaction.atomic():
        item = _locked_item(item)
        if not may_confirm(actor, item):
            raise PermissionDenied(_("只有督导的第三方机构可以确认整改。"))
        if accept:
            return _transition(
                actor, item, Rectification.State.CLOSED, comment, closed_at=timezone.now()
            )
        return _transition(actor, item, Rectification.State.OPEN, comment)


# --- reports -----------------------------------------------------------------------------------


def _locked(report) -> SupervisionReport:
    return (
        SupervisionReport.objects.select_for_update()
        .select_related("project__program__office_unit", "project__buyer", "third_party")
        .get(pk=report.pk)
    )


def _check_report(report) -> None:
    if not report.text.strip():
        raise ValidationError({"text": _("请填写报告内容。")})
    if report.is_evaluation and report.score is None:
        raise ValidationError({"score": _("评估报告须填写评估得分（0–100）。")})
    if not report.is_evaluation:
        report.score = None
    record_validate(report)


def _store(actor, model, owner: dict, files) -> None:
    for upload in files:
        stored = save_upload(model(uploaded_by=actor, **owner), upload)
        audit_record(actor=actor, action=Action.CREATE, obj=stored, after=snapshot(stored))


def _attach(actor, report, files) -> None:
    if report.files.count() + len(files) > MAX_FILES:
        raise ValidationError({"files": _("最多 %(n)d 个文件。") % {"n": MAX_FILES}})
    _store(actor, ReportFile, {"report": report}, files)


def report_create(
    *, actor, project, third_party, kind, text: str, score=None, files=(), submit=False
) -> SupervisionReport:
    """The third party starts an evaluation or audit report: a draft, or submitted at once."""
    _check_supervisor(actor, project, third_party)
    report = SupervisionReport(
        project=project,
        third_party=third_party,
        kind=kind,
        text=text.strip(),
        score=score,
        author=actor,
    )
    _check_report(report)
    with transaction.atomic():
        report.save()
        audit_record(actor=actor, action=Action.CREATE, obj=report, after=snapshot(report))
        _attach(actor, report, files)
        if submit:
            FLOW.submit(report, actor)
    return report


def report_update(*, actor, report, text: str, score=None, files=(), submit=False):
    """Change a draft or a sent-back report (and resubmit it); an accepted report is locked."""
    with transaction.atomic():
        report = _locked(report)
        if not FLOW.may_edit(actor, report):
            raise PermissionDenied(_("该报告已提交或已通过，不能修改。"))
        before = snapshot(report)
        report.text, report.score = text.strip(), score
        _check_report(report)
        report.save()
        _attach(actor, report, files)
        audit_record(
            actor=actor, action=Action.UPDATE, obj=report, before=before, after=snapshot(report)
        )
        if submit:
            FLOW.submit(report, actor)
    return report


def report_submit(*, actor, report) -> SupervisionReport:
    with transaction.atomic():
        report = _locked(report)
        if not FLOW.may_edit(actor, report):
            raise PermissionDenied(_("您不能提交该报告。"))
        FLOW.submit(report, actor)
    return report


def report_approve(*, actor, report, comment: str = "") -> SupervisionReport:
    """Preliminary review (street) or acceptance (office)."""
    with transaction.atomic():
        report = _locked(report)
        FLOW.approve(report, actor, comment)
    return report


def report_return(*, actor, report, comment: str) -> SupervisionReport:
    with transaction.atomic():
        report = _locked(report)
        FLOW.send_back(report, actor, comment)
    return report
