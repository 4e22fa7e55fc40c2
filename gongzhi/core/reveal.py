"""Revealing one full personal value (a phone, an ID number, a sensitive field) to a user who
may keep the record, for a stated reason: audited, and limited per user and hour."""

from datetime import timedelta

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.core.access import access_for
from gongzhi.core.audit import Action, audit_record
from gongzhi.core.fields import EncryptedTextField
from gongzhi.core.models import AuditEntry
from gongzhi.core.roles import Perm

OTHER = "other"
REASONS = [
    ("contact", _("联系本人")),
    ("verify", _("核实身份")),
    ("service", _("办理服务或补贴")),
    ("inspection", _("上级核查")),
    (OTHER, _("其他")),
]


class RevealForm(forms.Form):
    reason = forms.ChoiceField(label=_("查看原因"), choices=[("", _("选择原因"))] + REASONS)
    note = forms.CharField(label=_("说明"), max_length=100, required=False)

    def clean(self):
        data = super().clean()
        if data.get("reason") == OTHER and not data.get("note", "").strip():
            self.add_error("note", _("选择“其他”时请写明查看原因。"))
        return data

    def reason_text(self) -> str:
        label = dict(REASONS)[self.cleaned_data["reason"]]
        note = self.cleaned_data["note"].strip()
        return f"{label}：{note}" if note else str(label)


def revealable_field(label: str, name: str):
    """The model (by its lower-case label, e.g. community.volunteer) and its personal field;
    404 for anything else, so the URL opens no other field."""
    try:
        model = apps.get_model(label)
        field = model._meta.get_field(name)
    except (LookupError, ValueError, FieldDoesNotExist) as error:
        raise Http404 from error
    if not isinstance(field, EncryptedTextField) or not hasattr(model.objects, "editable_by"):
        raise Http404
    return model, field


def reveal_url(obj, name: str) -> str:
    return reverse("core:reveal", args=[obj._meta.label_lower, obj.pk, name])


def may_reveal(user, obj) -> bool:
    """Whether to offer the control (the view checks again, through the record's scope)."""
    unit = getattr(obj, "unit", None)
    return unit is not None and access_for(user).reaches(unit, Perm.REVEAL_PERSONAL)


def over_limit(user) -> bool:
    since = timezone.now() - timedelta(hours=1)
    recent = AuditEntry.objects.filter(actor=user, action=Action.REVEAL, at__gte=since)
    return recent.count() >= settings.GZ_REVEAL_PER_HOUR


def audit_reveal(user, obj, field, reason: str) -> None:
    audit_record(
        actor=user,
        action=Action.REVEAL,
        obj=obj,
        after={"field": field.name, "reason": reason},
        message=f"{field.verbose_name}：{reason}",
    )


def audit_refusal(user, obj, field, why: str) -> None:
    audit_record(
        actor=user,
        action=Action.ACCESS_DENIED,
        obj=obj,
        after={"field": field.name},
        message=f"{field.verbose_name}：{why}",
    )
