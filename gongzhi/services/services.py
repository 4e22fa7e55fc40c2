"""Writes for purchased services: the project and its agreement, the plans (the agency's and
the community's), deliverables, the service log, and the agency's reports up their chain.

Every change is checked against the actor's seat, validated whole, written in one transaction
and audited; review steps go through the shared flow (gongzhi.core.review)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongzhi.core import clock
from gongzhi.core.access import access_for
from gongzhi.core.audit import Action, audit_record, snapshot
from gongzhi.core.kinds import COMMUNITY_KINDS, STREET_KINDS, UnitKind
from gongzhi.core.permissions import require_perm
from gongzhi.core.roles import Perm
from gongzhi.core.services import record_save, record_validate
from gongzhi.core.uploads import save_upload
from gongzhi.orgs.selectors import same_region
from gongzhi.services.chain import FLOW
from gongzhi.services.models import (
    AgreementFile,
    Deliverable,
    LogPhoto,
    ReportEvidence,
    ServiceLog,
    ServiceProject,
    ServiceReport,
)
from gongzhi.services.stats import report_logs, snapshot_rows

MAX_FILES = 30


def _check_project_units(project) -> None:
    if project.buyer.kind not in STREET_KINDS | COMMUNITY_KINDS:
        raise ValidationError({"buyer": _("购买单位须是街道（镇）或社区（村）。")})
    if project.agency.kind != UnitKind.AGENCY:
        raise ValidationError({"agency": _("承接机构须是社工机构。")})
    if not same_region(project.agency, project.buyer):
        raise ValidationError({"agency": _("承接机构须在本地区内。")})
    if project.pilot_id and project.pilot.program_id != project.program_id:
        raise ValidationError({"pilot": _("特色社区须属于所选项目。")})


def project_save(*, actor, project) -> ServiceProject:
    """Create or change a project (its agreement): the buyer's keepers only."""
    _check_project_units(project)
    return record_save(actor=actor, instance=project, perm=Perm.MANAGE_SERVICES)


def _audited_update(actor, instance, changes: dict):
    before = snapshot(instance)
    for name, value in changes.items():
        setattr(instance, name, value)
    record_validate(instance)
    with transaction.atomic():
        instance.save(update_fields=list(changes))
        audit_record(
            actor=actor, action=Action.UPDATE, obj=instance, before=before, after=snapshot(instance)
        )
    return instance


def may_write_plans(user, project) -> bool:
    return access_for(user).sits_in(project.agency, Perm.REPORT_SERVICES)


def may_manage(user, project) -> bool:
    return access_for(user).reaches(project.buyer, Perm.MANAGE_SERVICES)


def plans_update(*, actor, project, service_plan: str, implementation_plan: str):
    """The agency drafts the service plan and the implementation plan."""
    if not may_write_plans(actor, project):
        raise PermissionDenied(_("只有承接机构可以编写服务计划和实施方案。"))
    return _audited_update(
        actor,
        project,
        {"service_plan": service_plan.strip(), "implementation_plan": implementation_plan.strip()},
    )


def venue_update(*, actor, project, venue_commitment: str):
    """The buyer adds the venue and equipment it provides."""
    if not may_manage(actor, project):
        raise PermissionDenied(_("只有购买单位可以填写场地和设备保障。"))
    return _audited_update(actor, project, {"venue_commitment": venue_commitment.strip()})


def _attach(owner_field, owner, model, actor, files, existing: int):
    if existing + len(files) > MAX_FILES:
        raise ValidationError({"files": _("最多 %(n)d 个文件。") % {"n": MAX_FILES}})
    for upload in files:
        stored = save_upload(model(**{owner_field: owner}, uploaded_by=actor), upload)
        audit_record(actor=actor, action=Action.CREATE, obj=stored, after=snapshot(stored))


def agreement_files_add(*, actor, project, files):
    require_perm(actor, Perm.MANAGE_SERVICES, project.buyer)
    with transaction.atomic():
        _attach("project", project, AgreementFile, actor, files, project.agreement_files.count())
    return project


def deliverable_add(*, actor, project, name: str, kind: str, measure: str, target):
    require_perm(actor, Perm.MANAGE_SERVICES, project.buyer)
    deliverable = Deliverable(
        project=project, name=name.strip(), kind=kind or "", measure=measure, target=target
    )
    record_validate(deliverable)
    with transaction.atomic():
        deliverable.save()
        audit_record(
            actor=actor, action=Action.CREATE, obj=deliverable, after=snapshot(deliverable)
        )
    return deliverable


def deliverable_remove(*, actor, deliverable) -> None:
    require_perm(actor, Perm.MANAGE_SERVICES, deliverable.project.buyer)
    with transaction.atomic():
        audit_record(
            actor=actor, action=Action.DELETE, obj=deliverable, before=snapshot(deliverable)
        )
        deliverable.delete()


# --- the service log ---------------------------------------------------------------------------


def may_log(user, project) -> bool:
    return access_for(user).reaches(project.agency, Perm.LOG_SERVICES)


def _check_log(log) -> None:
    project = log.project
    if log.worker.unit_id != project.agency_id or not log.worker.is_active:
        raise ValidationError({"worker": _("社工须是承接机构在岗的社工。")})
    community = log.community
    if community.kind not in COMMUNITY_KINDS or not community.path.startswith(project.buyer.path):
        raise ValidationError({"community": _("服务社区须在购买单位的范围内。")})
    if log.date and log.date > clock.today():
        raise ValidationError({"date": _("服务日期不能晚于今天。")})
    if log.date and not project.starts_on <= log.date <= project.ends_on:
        raise ValidationError({"date": _("服务日期须在协议服务期内。")})


def log_create(*, actor, log: ServiceLog, files=()) -> ServiceLog:
    """A social worker (or the agency) records a service, with its photos, all or nothing."""
    if not may_log(actor, log.project):
        raise PermissionDenied(_("只有承接机构的社工可以填写服务记录。"))
    log.created_by = actor
    record_validate(log)
    _check_log(log)
    with transaction.atomic():
        log.save()
        audit_record(actor=actor, action=Action.CREATE, obj=log, after=snapshot(log))
        _attach("log", log, LogPhoto, actor, files, 0)
    return log


# --- the agency's reports ----------------------------------------------------------------------


def _locked(report) -> ServiceReport:
    """The report's current row, locked for this transaction."""
    return (
        ServiceReport.objects.select_for_update()
        .select_related("project__program__office_unit", "project__buyer", "project__agency")
        .get(pk=report.pk)
    )


def _check_text(text: str) -> str:
    if not text.strip():
        raise ValidationError({"text": _("请填写报告内容。")})
    return text.strip()


def _submit(report, actor) -> None:
    """Freeze the statistics of the period as submitted, then send it up the chain."""
    report.statistics = snapshot_rows(report_logs(report))
    FLOW.submit(report, actor)


def report_create(
    *,
    actor,
    project,
    kind: str,
    period_start: datetime.date,
    period_end: datetime.date,
    text: str,
    files=(),
    submit=False,
) -> ServiceReport:
    """The agency starts a report on its project: a draft, or submitted at once."""
    if not may_write_plans(actor, project):
        raise PermissionDenied(_("只有承接机构可以编写服务报告。"))
    report = ServiceReport(
        project=project,
        kind=kind,
        period_start=period_start,
        period_end=period_end,
        text=_check_text(text),
        author=actor,
    )
    record_validate(report)
    with transaction.atomic():
        report.save()
        _attach("report", report, ReportEvidence, actor, files, 0)
        audit_record(actor=actor, action=Action.CREATE, obj=report, after=snapshot(report))
        if submit:
            _submit(report, actor)
    return report


def report_update(
    *, actor, report, period_start, period_end, text: str, files=(), submit=False
) -> ServiceReport:
    """Change a draft or a sent-back report (and resubmit it); an accepted report is locked."""
    text = _check_text(text)
    with transaction.atomic():
        report = _locked(report)
        if not FLOW.may_edit(actor, report):
            raise PermissionDenied(_("该报告已提交或已通过，不能修改。"))
        before = snapshot(report)
        report.period_start, report.period_end, report.text = period_start, period_end, text
        record_validate(report)
        report.save()
        _attach("report", report, ReportEvidence, actor, files, report.evidence.count())
        audit_record(
            actor=actor, action=Action.UPDATE, obj=report, before=before, after=snapshot(report)
        )
        if submit:
            _submit(report, actor)
    return report


def report_submit(*, actor, report) -> ServiceReport:
    with transaction.atomic():
        report = _locked(report)
        if not FLOW.may_edit(actor, report):
            raise PermissionDenied(_("您不能提交该报告。"))
        _submit(report, actor)
    return report


def report_approve(*, actor, report, comment: str = "") -> ServiceReport:
    """Confirm (community, with its opinion), review (street) or accept (office)."""
    with transaction.atomic():
        report = _locked(report)
        FLOW.approve(report, actor, comment)
    return report


def report_return(*, actor, report, comment: str) -> ServiceReport:
    with transaction.atomic():
        report = _locked(report)
        FLOW.send_back(report, actor, comment)
    return report
