"""Writes for typical cases and publicity records: each one checked, saved with its files in one
transaction and audited."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.cases.models import CasePhoto, Clipping, split_tags
from gongzhi.core.access import access_for
from gongzhi.core.audit import Action, audit_record, snapshot
from gongzhi.core.permissions import require_perm
from gongzhi.core.roles import Perm
from gongzhi.core.services import record_save
from gongzhi.core.uploads import save_upload


def may_publish(actor, case) -> bool:
    """The office, or a street above the case's unit (never the community that wrote it)."""
    return access_for(actor).reaches(case.unit, Perm.PUBLISH_CASES)


def _store(actor, make, files):
    for upload in files:
        stored = save_upload(make(), upload)
        audit_record(actor=actor, action=Action.CREATE, obj=stored, after=snapshot(stored))


def case_save(*, actor, case, photos=()):
    """Create or edit a case with new photos. A public case edited by someone who may not
    publish it leaves the public page until it is made public again."""
    case.tags = "、".join(split_tags(case.tags))
    if case.pk is None:
        case.created_by = actor
    elif case.is_public and not may_publish(actor, case):
        case.is_public, case.published_at = False, None
    return record_save(
        actor=actor,
        instance=case,
        perm=Perm.MANAGE_CASES,
        after_save=lambda saved: _store(
            actor, lambda: CasePhoto(case=saved, uploaded_by=actor), photos
        ),
    )


def case_publish(*, actor, case, public: bool):
    """Show a case on the public pages, or take it off them."""
    require_perm(actor, Perm.PUBLISH_CASES, case.unit)
    if case.is_public == public:
        return case
    before = snapshot(case)
    case.is_public = public
    case.published_at = timezone.now() if public else None
    with transaction.atomic():
        case.save(update_fields=["is_public", "published_at"])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            obj=case,
            before=before,
            after=snapshot(case),
            message=_("公开典型案例") if public else _("撤回公开的典型案例"),
        )
    return case


def photo_remove(*, actor, photo):
    require_perm(actor, Perm.MANAGE_CASES, photo.case.unit)
    with transaction.atomic():
        audit_record(actor=actor, action=Action.DELETE, obj=photo, before=snapshot(photo))
        photo.delete()


def publicity_save(*, actor, publicity, clippings=()):
    """Create or edit a publicity record; it needs a link or at least one clipping."""
    has_clipping = bool(clippings) or (publicity.pk is not None and publicity.clippings.exists())
    if not publicity.link and not has_clipping:
        raise ValidationError({"link": _("请填写报道链接或上传剪报文件（至少一项）。")})
    if (
        publicity.case_id
        and publicity.case.unit_id
        and not access_for(actor).reaches(publicity.case.unit, Perm.VIEW_REGISTRIES)
    ):
        raise ValidationError({"case": _("关联案例须是您能查看的案例。")})
    if publicity.pk is None:
        publicity.created_by = actor
    return record_save(
        actor=actor,
        instance=publicity,
        perm=Perm.MANAGE_CASES,
        after_save=lambda saved: _store(
            actor, lambda: Clipping(publicity=saved, uploaded_by=actor), clippings
        ),
    )
