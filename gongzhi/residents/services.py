"""Writes for residents' needs: raising one (public page or staff), the handling steps of one
transition table, matching to resources, and the resident's rating. Each is one transaction,
audited; the need's timeline (NeedEvent) records every step."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.core.access import access_for
from gongzhi.core.audit import Action, audit_record, snapshot
from gongzhi.core.kinds import COMMUNITY_KINDS
from gongzhi.core.normalize import has_visible_text, strip_text
from gongzhi.core.permissions import require_perm
from gongzhi.core.roles import Perm
from gongzhi.core.uploads import save_upload
from gongzhi.orgs.selectors import region_of, same_region
from gongzhi.residents.models import Holiday, Need, NeedCategory, NeedEvent, NeedMatch, NeedPhoto
from gongzhi.residents.workdays import WorkCalendar, add_working_days

State = Need.State

DEFAULT_CATEGORIES = [  # (name, working days to resolve)
    (gettext_lazy("环境卫生"), 3),
    (gettext_lazy("设施维修"), 5),
    (gettext_lazy("邻里纠纷"), 5),
    (gettext_lazy("为老助残"), 5),
    (gettext_lazy("政策咨询"), 2),
    (gettext_lazy("文体活动"), 10),
    (gettext_lazy("其他"), 5),
]


class TooManyNeeds(Exception):
    """Too many needs raised from one address within the hour."""


def work_calendar() -> WorkCalendar:
    rows = list(Holiday.objects.values_list("date", "is_workday"))
    return WorkCalendar(
        holidays=frozenset(day for day, worked in rows if not worked),
        workdays=frozenset(day for day, worked in rows if worked),
    )


def due_date(category: NeedCategory, submitted: datetime.datetime) -> datetime.date:
    day = timezone.localtime(submitted).date()
    return add_working_days(day, category.response_days, work_calendar())


def ensure_default_categories(region, actor=None) -> int:
    """Give a region the built-in categories it lacks; returns how many were added."""
    existing = set(NeedCategory.objects.filter(region=region).values_list("name", flat=True))
    added = 0
    with transaction.atomic():
        for order, (name, days) in enumerate(DEFAULT_CATEGORIES):
            if str(name) in existing:
                continue
            category = NeedCategory.objects.create(
                region=region, name=str(name), response_days=days, order=order
            )
            audit_record(actor=actor, action=Action.CREATE, obj=category, after=snapshot(category))
            added += 1
    return added


# --- raising a need ----------------------------------------------------------------------------


def _checked_need(need: Need) -> Need:
    need.description = strip_text(need.description)
    if not has_visible_text(need.description):
        raise ValidationError({"description": _("请填写诉求内容。")})
    if need.category.region_id != region_of(need.community).pk or not need.category.is_active:
        raise ValidationError({"category": _("请选择本地区启用的诉求类别。")})
    if need.grid is not None and not need.grid.path.startswith(need.community.path):
        raise ValidationError({"grid": _("网格须在该社区内。")})
    need.full_clean(exclude=["receipt_code"])
    return need


def _store(need: Need, photos, *, actor, step: str) -> Need:
    need.submitted_at = timezone.now()
    need.due = due_date(need.category, need.submitted_at)
    need.handler = need.category.handler or need.community
    _checked_need(need)
    with transaction.atomic():
        need.save()
        for upload in photos:
            save_upload(NeedPhoto(need=need, uploaded_by=actor), upload)
        _event(need, step, unit=need.community)
        audit_record(
            actor=actor,
            action=Action.CREATE,
            obj=need,
            after=snapshot(need),
            actor_label="" if actor else _("居民"),
        )
    return need


def need_submit_public(*, community, photos=(), ip=None, **fields) -> Need:
    """A resident raises a need from the community's public page (no account)."""
    if community.kind not in COMMUNITY_KINDS:
        raise ValidationError(_("该页面不接受诉求。"))
    since = timezone.now() - datetime.timedelta(hours=1)
    recent = Need.objects.filter(ip=ip, submitted_at__gte=since).count() if ip else 0
    if recent >= settings.GZ_NEEDS_PER_ADDRESS_PER_HOUR:
        raise TooManyNeeds
    need = Need(community=community, channel=Need.Channel.PUBLIC, ip=ip, **fields)
    return _store(need, photos, actor=None, step=_("居民提交"))


def need_record(*, actor, community, photos=(), **fields) -> Need:
    """Staff record a need raised in person, by phone or on a grid visit: accepted at once."""
    require_perm(actor, Perm.HANDLE_NEEDS, community)
    if community.kind not in COMMUNITY_KINDS:
        raise ValidationError({"community": _("请选择社区。")})
    need = Need(community=community, created_by=actor, state=State.ACCEPTED, **fields)
    if need.channel == Need.Channel.PUBLIC:
        raise ValidationError({"channel": _("请选择来访、来电或网格走访。")})
    return _store(need, photos, actor=actor, step=_("登记并受理"))


# --- handling ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    label: str
    sources: tuple
    target: str
    note_label: str = ""  # the note is required when it has a label
    button: str = "btn-outline-secondary"


STEPS = {
    "accept": Step(gettext_lazy("受理"), (State.SUBMITTED,), State.ACCEPTED, button="btn-gz"),
    "transfer": Step(
        gettext_lazy("转办"),
        (State.SUBMITTED, State.ACCEPTED),
        State.SUBMITTED,
        note_label=gettext_lazy("转办说明"),
    ),
    "reject": Step(
        gettext_lazy("不予受理"),
        (State.SUBMITTED, State.ACCEPTED),
        State.REJECTED,
        note_label=gettext_lazy("不予受理理由"),
        button="btn-outline-danger",
    ),
    "start": Step(gettext_lazy("开始办理"), (State.ACCEPTED, State.MATCHED), State.IN_PROGRESS),
    "resolve": Step(
        gettext_lazy("办结"),
        (State.ACCEPTED, State.MATCHED, State.IN_PROGRESS),
        State.RESOLVED,
        note_label=gettext_lazy("办理结果（将向居民公开）"),
        button="btn-gz",
    ),
}
MATCHABLE = (State.ACCEPTED, State.MATCHED, State.IN_PROGRESS)


def may_handle(actor, need: Need) -> bool:
    """The unit handling a need acts on it, and so do the units above it."""
    return access_for(actor).reaches(need.handler, Perm.HANDLE_NEEDS)


def steps_open_to(actor, need: Need) -> list[tuple[str, Step]]:
    if not may_handle(actor, need):
        return []
    return [(name, step) for name, step in STEPS.items() if need.state in step.sources]


def need_step(*, actor, need: Need, step: str, note: str = "", unit=None) -> Need:
    """Move a need one step along the table (`unit` is the new handler for a transfer)."""
    rule = STEPS.get(step)
    if rule is None:
        raise ValidationError(_("未知的办理环节。"))
    if not may_handle(actor, need):
        raise PermissionDenied(_("只有办理单位或其上级可以办理该诉求。"))
    if need.state not in rule.sources:
        raise ValidationError(
            _("该诉求当前为“%(state)s”，不能%(step)s。")
            % {"state": need.get_state_display(), "step": rule.label}
        )
    note = strip_text(note)
    if rule.note_label and not has_visible_text(note):
        raise ValidationError({"note": _("请填写%(label)s。") % {"label": rule.note_label}})
    with transaction.atomic():
        before = snapshot(need)
        _apply(need, step, note, unit)
        need.state = rule.target
        need.save()
        _event(need, str(rule.label), note=note, unit=need.handler)
        audit_record(
            actor=actor, action=Action.TRANSITION, obj=need, before=before, after=snapshot(need)
        )
    return need


def _apply(need: Need, step: str, note: str, unit) -> None:
    if step == "transfer":
        if unit is None or not same_region(unit, need.community) or unit.pk == need.handler_id:
            raise ValidationError({"unit": _("请选择本地区内的另一个办理单位。")})
        need.handler = unit
    elif step == "reject":
        need.rejection_reason = note[:300]
    elif step == "resolve":
        need.resolution, need.resolved_at = note[:500], timezone.now()


def need_match(*, actor, need: Need, resource, activity=None, note: str = "") -> NeedMatch:
    """Match a need to a resource; the first match moves it from 已受理 to 已匹配."""
    if not may_handle(actor, need):
        raise PermissionDenied(_("只有办理单位或其上级可以办理该诉求。"))
    if need.state not in MATCHABLE:
        raise ValidationError(_("请先受理该诉求，再进行供需对接。"))
    field = _resource_field(resource)
    if activity is not None and activity.community_id not in (None, need.community_id):
        raise ValidationError({"activity": _("供需对接会须在诉求所在社区召开。")})
    match = NeedMatch(
        need=need,
        activity=activity,
        note=strip_text(note)[:300],
        matched_by=actor,
        matched_at=timezone.now(),
        **{field: resource},
    )
    match.full_clean()
    with transaction.atomic():
        before = snapshot(need)
        match.save()
        if need.state == State.ACCEPTED:
            need.state = State.MATCHED
            need.save()
        _event(need, _("供需对接：%(resource)s") % {"resource": resource}, note=match.note)
        audit_record(actor=actor, action=Action.CREATE, obj=match, unit=need.community)
        audit_record(
            actor=actor, action=Action.TRANSITION, obj=need, before=before, after=snapshot(need)
        )
    return match


def _resource_field(resource) -> str:
    from gongzhi.community.models import Donor, SocialOrganization, VolunteerTeam
    from gongzhi.orgs.models import Unit

    kinds = {
        SocialOrganization: "organization",
        VolunteerTeam: "team",
        Donor: "donor",
        Unit: "unit",
    }
    field = kinds.get(type(resource))
    if field is None:
        raise ValidationError({"resource": _("请选择对接资源。")})
    return field


def need_rate(*, need: Need, rating: int, comment: str = "") -> Need:
    """The resident rates the result through the receipt code, once."""
    if need.state != State.RESOLVED:
        raise ValidationError(_("诉求办结后才能评价，且只能评价一次。"))
    if rating not in range(1, 6):
        raise ValidationError({"rating": _("评分应为 1 到 5 分。")})
    with transaction.atomic():
        before = snapshot(need)
        need.rating, need.rating_comment = rating, strip_text(comment)[:300]
        need.state = State.RATED
        need.save()
        _event(need, _("居民评价：%(rating)s 分") % {"rating": rating}, note=need.rating_comment)
        audit_record(
            actor=None,
            action=Action.TRANSITION,
            obj=need,
            before=before,
            after=snapshot(need),
            actor_label=_("居民"),
        )
    return need


def _event(need: Need, step: str, *, note: str = "", unit=None) -> NeedEvent:
    return NeedEvent.objects.create(
        need=need, state=need.state, step=step[:30], note=note[:500], unit=unit, at=timezone.now()
    )
