"""Writes for activities: the record itself, decisions, the public QR sign-in and the paper
sign-in sheet."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gongzhi.activities import signin_sheet
from gongzhi.activities.models import ActivityPhoto, Decision, SignIn
from gongzhi.core.access import access_for
from gongzhi.core.audit import Action, audit_record, audit_records, snapshot
from gongzhi.core.crypto import blind_index
from gongzhi.core.normalize import check_phone, fold, has_visible_text, strip_text
from gongzhi.core.permissions import require_perm
from gongzhi.core.roles import Perm
from gongzhi.core.services import record_save
from gongzhi.core.uploads import save_upload
from gongzhi.orgs.selectors import same_region

SIGNINS_PER_ADDRESS_PER_MINUTE = 20


class SignInRefused(ValidationError):
    """The sign-in was not accepted; the message says why, for the person at the door."""


class TooManySignIns(Exception):
    """Too many sign-ins from one address in a minute."""


def activity_save(*, actor, activity, partners=()):
    return record_save(
        actor=actor,
        instance=activity,
        perm=Perm.MANAGE_ACTIVITIES,
        extra_units=[activity.community],
        after_save=lambda saved: saved.partners.set(partners),
    )


def photos_add(*, actor, activity, files):
    """Attach photos or scanned minutes to an activity (all checked, or none stored)."""
    require_perm(actor, Perm.MANAGE_ACTIVITIES, activity.unit)
    with transaction.atomic():
        for upload in files:
            photo = save_upload(ActivityPhoto(activity=activity, uploaded_by=actor), upload)
            audit_record(actor=actor, action=Action.CREATE, obj=photo, after=snapshot(photo))
    return activity


def decision_add(*, actor, activity, text, owner, due):
    require_perm(actor, Perm.MANAGE_ACTIVITIES, activity.unit)
    if not same_region(owner, activity.unit):
        raise ValidationError({"owner": _("责任单位须在本地区内。")})
    decision = Decision(activity=activity, text=text.strip(), owner=owner, due=due)
    decision.full_clean()
    with transaction.atomic():
        decision.save()
        audit_record(
            actor=actor,
            action=Action.CREATE,
            obj=decision,
            unit=activity.unit,
            after=snapshot(decision),
        )
    return decision


def decision_close(*, actor, decision, note):
    """The owner unit (or the organiser) closes a decision, saying how it was done."""
    access = access_for(actor)
    if not (
        access.sits_in(decision.owner, Perm.VIEW_REGISTRIES)
        or access.reaches(decision.activity.unit, Perm.MANAGE_ACTIVITIES)
    ):
        raise PermissionDenied(_("只有责任单位或主办单位可以办结。"))
    if decision.closed_at is not None:
        raise ValidationError(_("该事项已办结。"))
    if not note.strip():
        raise ValidationError({"note": _("请填写办结情况。")})
    with transaction.atomic():
        before = snapshot(decision)
        decision.closed_at, decision.closing_note = timezone.now(), note.strip()
        decision.save()
        audit_record(
            actor=actor,
            action=Action.TRANSITION,
            obj=decision,
            unit=decision.activity.unit,
            before=before,
            after=snapshot(decision),
        )
    return decision


def signin_record(*, activity, name: str, phone: str, ip: str | None) -> SignIn:
    """A person signs in from their phone: once per phone, from a while before the start
    (Activity.signin_opens_at) until the end."""
    if activity.signin_not_yet_open:
        opens = timezone.localtime(activity.signin_opens_at)
        raise SignInRefused(
            _("签到尚未开始，请于 %(time)s 之后签到。")
            % {"time": date_format(opens, _("Y年n月j日 H:i"))}
        )
    if activity.signin_closed:
        raise SignInRefused(_("签到已结束。"))
    name, phone = strip_text(name), fold(phone)
    if not has_visible_text(name):
        raise SignInRefused({"name": _("请填写姓名。")})
    if not phone:
        raise SignInRefused({"phone": _("请填写手机号。")})
    try:
        check_phone(phone, label=SignIn._meta.get_field("phone").verbose_name)
    except ValidationError as error:
        raise SignInRefused({"phone": error.messages}) from error
    since = timezone.now() - datetime.timedelta(minutes=1)
    recent = SignIn.objects.filter(activity=activity, ip=ip, signed_at__gte=since).count()
    if ip and recent >= SIGNINS_PER_ADDRESS_PER_MINUTE:
        raise TooManySignIns
    if SignIn.objects.filter(activity=activity, phone_index=blind_index(phone)).exists():
        raise SignInRefused({"phone": _("该手机号已签到，无需重复签到。")})
    try:
        with transaction.atomic():
            return SignIn.objects.create(activity=activity, name=name[:50], phone=phone, ip=ip)
    except IntegrityError as error:  # two taps at once: the database keeps one
        raise SignInRefused({"phone": _("该手机号已签到，无需重复签到。")}) from error


# --- the paper sign-in sheet --------------------------------------------------------------


def _paper_signin(*, activity, actor, name, phone="", affiliation="") -> SignIn:
    """A line of the paper sheet, checked (not saved): a name, and a phone if there is one."""
    signin = SignIn(
        activity=activity,
        name=strip_text(name),
        phone=fold(phone),
        affiliation=strip_text(affiliation),
        source=SignIn.Source.PAPER,
        added_by=actor,
    )
    if not has_visible_text(signin.name):
        raise ValidationError({"name": _("请填写姓名。")})
    signin.full_clean(
        exclude=["activity", "added_by"], validate_unique=False, validate_constraints=False
    )
    return signin


def _already_signed(activity, signin) -> bool:
    index = blind_index(signin.phone)
    return bool(index) and activity.signins.filter(phone_index=index).exists()


def signin_add(*, actor, activity, name, phone="", affiliation="") -> SignIn:
    """The organiser enters one person from the paper sign-in sheet."""
    require_perm(actor, Perm.MANAGE_ACTIVITIES, activity.unit)
    signin = _paper_signin(
        activity=activity, actor=actor, name=name, phone=phone, affiliation=affiliation
    )
    if _already_signed(activity, signin):
        raise ValidationError({"phone": _("该手机号已在签到名单中，不能重复添加。")})
    try:
        with transaction.atomic():
            signin.save()
            audit_record(actor=actor, action=Action.CREATE, obj=signin, after=snapshot(signin))
    except IntegrityError as error:  # entered twice at once: the database keeps one
        raise ValidationError({"phone": _("该手机号已在签到名单中，不能重复添加。")}) from error
    return signin


def signins_import(*, actor, activity, rows) -> int:
    """A whole paper sheet from Excel (the first row is the header): every row is checked
    first; a single bad row, named by its row and column, and nothing is written."""
    require_perm(actor, Perm.MANAGE_ACTIVITIES, activity.unit)
    signins = signin_sheet.read(activity=activity, actor=actor, rows=rows, build=_paper_signin)
    with transaction.atomic():
        created = SignIn.objects.bulk_create(signins)
        audit_records(
            actor=actor,
            entries=[(Action.CREATE, signin, None, snapshot(signin)) for signin in created],
            message=_("导入纸质签到名单（%(n)d 人）") % {"n": len(created)},
        )
    return len(created)
