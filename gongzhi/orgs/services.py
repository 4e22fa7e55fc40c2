"""Writes to the unit tree. Each checks permission, validates, writes in one transaction, audits."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongzhi.core.audit import Action, audit_record, snapshot
from gongzhi.core.kinds import ALLOWED_CHILD_KINDS, ROOT_KINDS, UnitKind
from gongzhi.core.permissions import require_perm
from gongzhi.core.roles import Perm
from gongzhi.orgs.models import Unit, code_problem


def _check_kind(parent: Unit | None, kind: str) -> None:
    if kind not in UnitKind.values:
        raise ValidationError({"kind": _("未知的单位类型：%(kind)s") % {"kind": kind}})
    allowed = ROOT_KINDS if parent is None else ALLOWED_CHILD_KINDS[parent.kind]
    if kind not in allowed:
        raise ValidationError(
            {
                "kind": _("“%(parent)s”下不能设立“%(kind)s”类单位。")
                % {
                    "parent": parent.name if parent else _("顶层"),
                    "kind": UnitKind(kind).label,
                }
            }
        )


def _check_unique_name(parent: Unit | None, name: str, exclude: Unit | None = None) -> None:
    siblings = Unit.objects.children_of(parent)
    if exclude is not None:
        siblings = siblings.exclude(pk=exclude.pk)
    if siblings.filter(name=name).exists():
        raise ValidationError({"name": _("同一上级下已有名为“%(name)s”的单位。") % {"name": name}})


def _check_code(kind: str, code: str, exclude: Unit | None = None) -> None:
    problem = code_problem(code, kind)
    if problem:
        raise ValidationError({"code": problem})
    others = Unit.objects.filter(code=code).exclude(pk=exclude.pk if exclude else None)
    if code and others.exists():
        raise ValidationError({"code": _("已有单位使用该代码。")})


def unit_create(
    *, actor, parent: Unit | None, name: str, kind: str, code: str = "", note: str = ""
) -> Unit:
    """Add a unit under `parent` (a new top-level region only for the superuser)."""
    if parent is None and not actor.is_superuser:
        raise PermissionDenied(_("只有系统管理员可以新建顶层地区。"))
    if parent is not None:
        require_perm(actor, Perm.MANAGE_UNITS, parent)
    name, code = name.strip(), code.strip().upper()
    _check_kind(parent, kind)
    _check_code(kind, code)
    with transaction.atomic():
        if parent is not None:
            parent = Unit.objects.select_for_update().get(pk=parent.pk)
        _check_unique_name(parent, name)
        unit = Unit.objects.add_unit(parent, name=name, kind=kind, code=code, note=note.strip())
        audit_record(actor=actor, action=Action.CREATE, obj=unit, after=snapshot(unit))
    return unit


def unit_update(
    *, actor, unit: Unit, name: str, kind: str, code: str, note: str, is_active: bool
) -> Unit:
    """Rename, re-classify or (de)activate a unit. A unit with active children stays active."""
    require_perm(actor, Perm.MANAGE_UNITS, unit)
    parent = Unit.objects.parent_of(unit)
    name, code = name.strip(), code.strip().upper()
    _check_kind(parent, kind)
    _check_code(kind, code, exclude=unit)
    if Unit.objects.children_of(unit).exclude(kind__in=ALLOWED_CHILD_KINDS[kind]).exists():
        raise ValidationError({"kind": _("该单位的下级单位不能归属于此类型。")})
    if (
        not is_active
        and Unit.objects.subtree_of(unit).exclude(pk=unit.pk).filter(is_active=True).exists()
    ):
        raise ValidationError({"is_active": _("请先停用全部下级单位。")})
    with transaction.atomic():
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        _check_unique_name(parent, name, exclude=unit)
        before = snapshot(unit)
        unit.name, unit.kind, unit.code, unit.note = name, kind, code, note.strip()
        unit.is_active = is_active
        unit.save()
        audit_record(
            actor=actor, action=Action.UPDATE, obj=unit, before=before, after=snapshot(unit)
        )
    return unit
