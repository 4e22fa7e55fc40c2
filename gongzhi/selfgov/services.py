"""Writes of 居民自治: each checks the actor's permission over the community, checks the rules
(gongzhi.selfgov.rules), writes in one transaction and records the audit entry."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongzhi.core import clock
from gongzhi.core.audit import Action, audit_record, snapshot
from gongzhi.core.kinds import COMMUNITY_KINDS
from gongzhi.core.paths import path_and_ancestors
from gongzhi.core.permissions import require_perm
from gongzhi.core.roles import Perm
from gongzhi.core.services import record_save
from gongzhi.core.uploads import save_upload
from gongzhi.selfgov import rules
from gongzhi.selfgov.models import (
    Attachment,
    CertificateItem,
    Charter,
    DutyItem,
    DutyKind,
    DutyList,
    DutyTemplateItem,
    Matter,
    MeetingForm,
    RefusedRequest,
    RegionRule,
    ServiceHours,
    Sign,
    Step,
    StepKind,
)
from gongzhi.selfgov.models.matters import PUBLICATION_STEPS


def require_community(unit, field="unit"):
    if unit.kind not in COMMUNITY_KINDS:
        raise ValidationError({field: _("只能为社区（村）登记。")})


def matter_create(*, actor, matter) -> Matter:
    """Register a major matter of a community; its steps are recorded one by one."""
    require_community(matter.unit)
    matter.created_by = actor
    matter.steps_done = 0
    return record_save(actor=actor, instance=matter, perm=Perm.MANAGE_SELFGOV)


def _quorum_for(step: Step, rule: RegionRule) -> rules.Quorum:
    if step.kind == StepKind.RESOLUTION and step.meeting_form == MeetingForm.REPRESENTATIVES:
        return rules.Quorum(rule.representatives_quorum)
    return rules.Quorum.HALF


def _meeting_problems(step: Step, rule: RegionRule) -> dict:
    numbers = ("entitled", "present", "votes_for", "votes_against", "votes_abstain")
    missing = {name: _("请填写。") for name in numbers if getattr(step, name) is None}
    if step.kind == StepKind.RESOLUTION and not step.meeting_form:
        missing["meeting_form"] = _("请选择会议形式。")
    if missing:
        return missing
    problem = rules.meeting_problem(
        entitled=step.entitled,
        present=step.present,
        votes_for=step.votes_for,
        against=step.votes_against,
        abstain=step.votes_abstain,
        quorum=_quorum_for(step, rule),
        of_entitled=step.kind == StepKind.RESOLUTION,
    )
    return {"present": problem} if problem else {}


def _publication_problems(step: Step, rule: RegionRule, earlier: dict) -> dict:
    if step.ends_on is None:
        return {"ends_on": _("请填写公开截止日期。")}
    problem = rules.publication_problem(step.date, step.ends_on, rule.publication_days)
    if problem:
        return {"ends_on": problem}
    resolution_public = earlier.get(StepKind.RESOLUTION_PUBLIC)
    if step.kind == StepKind.RESULT_PUBLIC and resolution_public is not None:
        problem = rules.result_date_problem(resolution_public.ends_on, step.date)
        if problem:
            return {"date": problem}
    return {}


def _clear_unused(step: Step) -> None:
    """A meeting keeps no publication period; a publication no attendance or votes."""
    if step.kind in PUBLICATION_STEPS:
        step.entitled = step.present = None
        step.votes_for = step.votes_against = step.votes_abstain = None
        step.meeting_form = ""
    else:
        step.ends_on = None
        if step.kind != StepKind.RESOLUTION:
            step.meeting_form = ""


def step_problems(step: Step, earlier: dict, rule: RegionRule, today) -> dict:
    """{field: message} of everything wrong with the next step of a matter."""
    names = dict(StepKind.choices)
    problem = rules.order_problem(len(earlier), step.kind, names)
    if problem:
        return {"kind": problem}
    if step.date > today:
        return {"date": _("日期 %(day)s 晚于今天。") % {"day": step.date.isoformat()}}
    previous = earlier.get(step.kind - 1)
    problem = rules.date_problem(
        previous.date if previous else None, names.get(step.kind - 1, ""), step.date
    )
    if problem:
        return {"date": problem}
    if step.is_meeting:
        return _meeting_problems(step, rule)
    return _publication_problems(step, rule, earlier)


def step_record(*, actor, matter: Matter, step: Step, files=()) -> Step:
    """Record the next step of `matter` (with its files), after checking the rules."""
    require_perm(actor, Perm.MANAGE_SELFGOV, matter.unit)
    with transaction.atomic():
        matter = Matter.objects.select_for_update().get(pk=matter.pk)
        earlier = {s.kind: s for s in matter.steps.all()}
        step.matter, step.recorded_by = matter, actor
        _clear_unused(step)
        step.full_clean(exclude=["matter", "recorded_by"])
        problems = step_problems(step, earlier, RegionRule.for_unit(matter.unit), clock.today())
        if problems:
            raise ValidationError(problems)
        step.save()
        matter.steps_done = step.kind
        matter.save(update_fields=["steps_done"])
        for upload in files:
            save_upload(Attachment(unit=matter.unit, step=step, uploaded_by=actor), upload)
        audit_record(
            actor=actor,
            action=Action.TRANSITION,
            obj=matter,
            after=snapshot(step),
            message=step.get_kind_display(),
        )
    return step


def charter_adopt(*, actor, charter: Charter, upload=None) -> Charter:
    """Record a charter or convention as adopted (a revision is a new adoption; the latest is
    current). An adopting matter must be the community's own and have passed its resolution."""
    require_community(charter.unit)
    matter = charter.matter
    if matter is not None:
        matter.refresh_from_db(fields=["unit", "steps_done"])
        if matter.unit_id != charter.unit_id:
            raise ValidationError({"matter": _("所选事项不属于该社区。")})
        if matter.steps_done < StepKind.RESOLUTION:
            raise ValidationError({"matter": _("所选事项尚未形成决议。")})
    if charter.adopted_on and charter.adopted_on > clock.today():
        raise ValidationError({"adopted_on": _("通过日期不能晚于今天。")})
    charter.created_by = actor

    def attach(saved):
        if upload is not None:
            save_upload(Attachment(unit=saved.unit, charter=saved, uploaded_by=actor), upload)

    return record_save(actor=actor, instance=charter, perm=Perm.MANAGE_SELFGOV, after_save=attach)


# --- the three duty lists -----------------------------------------------------------------------


def template_item_save(*, actor, item: DutyTemplateItem) -> DutyTemplateItem:
    """Add or change an item of a region's template list (the region keeps it)."""
    return record_save(actor=actor, instance=item, perm=Perm.MANAGE_SELFGOV)


def template_items_for(community, kind):
    """The template items of the regions above `community`, for one list."""
    return DutyTemplateItem.objects.dangerously_unscoped(
        reason="a community adopts the template of the regions above it"
    ).filter(region__path__in=path_and_ancestors(community.path), kind=kind)


def parse_additions(text: str) -> list[tuple[str, str]]:
    """Local items typed one per line as “事项｜法律依据”; a line without a basis is refused."""
    additions = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.replace("|", "｜").split("｜", 1)]
        if len(parts) < 2 or not parts[0] or not parts[1]:
            raise ValidationError(
                {"additions": _("第 %(n)d 行：请写作“事项｜法律依据”。") % {"n": number}}
            )
        additions.append((parts[0][:300], parts[1][:300]))
    return additions


def duty_list_adopt(*, actor, unit, kind, adopted_on, kept, additions) -> DutyList:
    """A community adopts one of the three lists: the template items `kept` and its own
    `additions` [(text, basis)], numbered in that order."""
    require_community(unit)
    require_perm(actor, Perm.MANAGE_SELFGOV, unit)
    if adopted_on > clock.today():
        raise ValidationError({"adopted_on": _("采用日期不能晚于今天。")})
    allowed = set(template_items_for(unit, kind).values_list("pk", flat=True))
    if any(item.pk not in allowed for item in kept):
        raise ValidationError({"kept": _("只能保留本地区模板中的事项。")})
    if not kept and not additions:
        raise ValidationError({"additions": _("清单不能为空。")})
    duty_list = DutyList(unit=unit, kind=kind, adopted_on=adopted_on, created_by=actor)
    duty_list.full_clean()
    rows = [(item, item.text, item.basis) for item in sorted(kept, key=lambda i: i.number)]
    rows += [(None, text, basis) for text, basis in additions]
    with transaction.atomic():
        duty_list.save()
        DutyItem.objects.bulk_create(
            DutyItem(duty_list=duty_list, source=source, number=n, text=text, basis=basis)
            for n, (source, text, basis) in enumerate(rows, start=1)
        )
        audit_record(
            actor=actor,
            action=Action.CREATE,
            obj=duty_list,
            after={**snapshot(duty_list), "items": [text for _s, text, _b in rows]},
        )
    return duty_list


def refusal_record(*, actor, refusal: RefusedRequest) -> RefusedRequest:
    """Register a request refused because the community's negative list names it."""
    item = refusal.item
    if item.duty_list.unit_id != refusal.unit_id or item.duty_list.kind != DutyKind.NEGATIVE:
        raise ValidationError({"item": _("请选择本社区工作负面事项清单中的事项。")})
    refusal.created_by = actor
    return record_save(actor=actor, instance=refusal, perm=Perm.MANAGE_SELFGOV)


def hours_save(*, actor, hours: ServiceHours) -> ServiceHours:
    """Publish or change a community's service hours for one kind of period."""
    require_community(hours.unit)
    hours.updated_by = actor
    return record_save(actor=actor, instance=hours, perm=Perm.MANAGE_SELFGOV)


def certificate_save(*, actor, item: CertificateItem) -> CertificateItem:
    """Register a certificate item, or record that it was kept or abolished."""
    require_community(item.unit)
    if item.decided_on and item.decided_on > clock.today():
        raise ValidationError({"decided_on": _("决定日期不能晚于今天。")})
    item.updated_by = actor
    return record_save(actor=actor, instance=item, perm=Perm.MANAGE_SELFGOV)


def sign_check(*, actor, sign: Sign, photo=None) -> Sign:
    """Record a sign as checked; a sign marked compliant needs a photo (this one or earlier)."""
    require_community(sign.unit)
    if sign.checked_on and sign.checked_on > clock.today():
        raise ValidationError({"checked_on": _("检查日期不能晚于今天。")})
    has_photo = photo is not None or (sign.pk and sign.photos.exists())
    if sign.is_compliant and not has_photo:
        raise ValidationError({"photo": _("标记为符合规范时请上传牌子照片。")})
    sign.updated_by = actor

    def attach(saved):
        if photo is not None:
            save_upload(Attachment(unit=saved.unit, sign=saved, uploaded_by=actor), photo)

    return record_save(actor=actor, instance=sign, perm=Perm.MANAGE_SELFGOV, after_save=attach)
