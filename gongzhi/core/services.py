"""Writes shared by the registries (save a unit-owned record with its permission check and
audit) and the configurable lists' values."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from gongzhi.core import options
from gongzhi.core.audit import Action, audit_record, snapshot
from gongzhi.core.models import Option
from gongzhi.core.permissions import require_perm
from gongzhi.core.roles import Perm

CODE = re.compile(r"[a-z0-9][a-z0-9_-]{0,19}")


def record_validate(instance, *, exclude=(), bulk=False) -> None:
    """The one validation of a record, whichever path writes it (a form, an import, the API):
    its fields' validators and its model's `clean()`. Like a ModelForm, an import `exclude`s the
    fields its file does not give, and the foreign keys it has already resolved among the
    actor's units (so no query per row); with `bulk=True` it checks uniqueness itself, for the
    whole file at once."""
    instance.full_clean(exclude=exclude, validate_unique=not bulk, validate_constraints=not bulk)


def record_save(*, actor, instance, perm, extra_units=(), after_save=None):
    """Create or update `instance` (owned by `instance.unit`): the actor must hold `perm` over
    its unit (and over any `extra_units` it names), the row must validate, and the change is
    audited. `after_save(instance)` writes related rows in the same transaction."""
    require_perm(actor, perm, instance.unit, *[u for u in extra_units if u is not None])
    creating = instance.pk is None
    before = None if creating else snapshot(type(instance)._default_manager.get(pk=instance.pk))
    record_validate(instance)
    with transaction.atomic():
        instance.save()
        if after_save is not None:
            after_save(instance)
        audit_record(
            actor=actor,
            action=Action.CREATE if creating else Action.UPDATE,
            obj=instance,
            before=before,
            after=snapshot(instance),
        )
    return instance


# --- configurable lists (see gongzhi.core.options) ---------------------------------------------


def _option_row(list_name: str, code: str) -> Option:
    """The stored row of a value; a built-in without one gets it now."""
    row = Option.objects.filter(list_name=list_name, code=code).first()
    if row is not None:
        return row
    value = options.value_of(list_name, code)
    if value is None or not value.is_builtin:
        raise Option.DoesNotExist(code)
    return Option.objects.create(
        list_name=list_name, code=code, label=value.label, order=value.order, is_builtin=True
    )


def _audit_option(actor, action, option, *, before=None, after=None) -> None:
    """An audit entry about a list's value, its message naming the list."""
    audit_record(
        actor=actor,
        action=action,
        obj=option,
        before=before,
        after=after,
        message=str(options.LISTS[option.list_name].verbose_name),
    )


def _free_code(list_name: str, label: str) -> str:
    taken = {value.code for value in options.values(list_name, active_only=False)}
    slug = slugify(label)[:20].strip("-")
    if slug and slug not in taken:
        return slug
    number = 1
    while f"custom-{number}" in taken:
        number += 1
    return f"custom-{number}"


def _check_label(list_name: str, label: str, *, code: str = "") -> str:
    label = " ".join(label.split())
    if not label:
        raise ValidationError({"label": _("请填写名称。")})
    for value in options.values(list_name, active_only=False):
        if value.code != code and label in (value.label, value.display):
            raise ValidationError({"label": _("该列表已有同名的值。")})
    return label


def option_add(*, actor, list_name: str, label: str, code: str = "") -> Option:
    """Add a value to a list; without a code one is made from the label (e.g. custom-1)."""
    require_perm(actor, Perm.MANAGE_UNITS)
    if list_name not in options.LISTS:
        raise ValidationError(_("没有这个列表。"))
    label = _check_label(list_name, label)
    code = code.strip().lower() or _free_code(list_name, label)
    if not CODE.fullmatch(code):
        raise ValidationError(
            {"code": _("代码只能由小写字母、数字、“-”和“_”组成，最多 20 个字符。")}
        )
    if options.value_of(list_name, code) is not None:
        raise ValidationError({"code": _("该列表已有代码为“%(code)s”的值。") % {"code": code}})
    last = max((value.order for value in options.values(list_name, False)), default=0)
    option = Option(list_name=list_name, code=code, label=label, order=last + 10)
    option.full_clean()
    with transaction.atomic():
        option.save()
        _audit_option(actor, Action.CREATE, option, after=snapshot(option))
    options.forget()
    return option


def _option_change(actor, list_name, code, change) -> Option:
    require_perm(actor, Perm.MANAGE_UNITS)
    with transaction.atomic():
        option = _option_row(list_name, code)
        before = snapshot(option)
        change(option)
        option.full_clean()
        option.save()
        _audit_option(actor, Action.UPDATE, option, before=before, after=snapshot(option))
    options.forget()
    return option


def option_rename(*, actor, list_name: str, code: str, label: str) -> Option:
    require_perm(actor, Perm.MANAGE_UNITS)
    label = _check_label(list_name, label, code=code)
    return _option_change(actor, list_name, code, lambda option: setattr(option, "label", label))


def option_set_active(*, actor, list_name: str, code: str, active: bool) -> Option:
    """Deactivated values are no longer offered; records keep and show them."""
    return _option_change(
        actor, list_name, code, lambda option: setattr(option, "is_active", active)
    )


def option_delete(*, actor, list_name: str, code: str) -> None:
    """Only a value added on the page and stored by no record can be deleted."""
    require_perm(actor, Perm.MANAGE_UNITS)
    value = options.value_of(list_name, code)
    if value is None:
        raise ValidationError(_("没有这个值。"))
    if value.is_builtin:
        raise ValidationError(_("内置的值不能删除，可以停用。"))
    if options.in_use(list_name, code):
        raise ValidationError(
            _("已有记录使用“%(label)s”，不能删除，可以停用。") % {"label": value.label}
        )
    with transaction.atomic():
        option = Option.objects.get(list_name=list_name, code=code)
        before = snapshot(option)
        _audit_option(actor, Action.DELETE, option, before=before)
        option.delete()
    options.forget()
